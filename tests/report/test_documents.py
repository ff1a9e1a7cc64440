"""The JSON writer is byte for byte what json.dumps(indent=2) writes of the same document."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import SAMPLE_ROWS as ROWS
from conftest import status_row as row
from conftest import with_rows
from medborgarlofte.core.model import Period
from medborgarlofte.core.status import AgreementStatus, StatusReport
from medborgarlofte.core.text import json_safe
from medborgarlofte.report.documents import format_status_json, status_document


def reference(report: StatusReport) -> str:
    text = json.dumps(status_document(report), ensure_ascii=False, indent=2)
    return json_safe(text) + "\n"


def test_the_writer_matches_json_dumps_on_the_rendering_rows() -> None:
    report = with_rows(*ROWS)
    assert format_status_json(report) == reference(report)
    assert json.loads(format_status_json(report)) == status_document(report)


def test_no_agreements_and_empty_lists() -> None:
    empty = StatusReport(2021, dt.date(2021, 12, 31), ())
    assert (
        format_status_json(empty)
        == '{\n  "year": 2021,\n  "as_of": "2021-12-31",\n  "agreements": []\n}\n'
    )
    report = with_rows(row("a", responsible=()))
    assert '"responsible": [],' in format_status_json(report)
    assert format_status_json(report) == reference(report)
    no_rows = dataclasses.replace(
        report, agreements=(dataclasses.replace(report.agreements[0], rows=()),)
    )
    assert format_status_json(no_rows) == reference(no_rows)


@pytest.mark.parametrize("value", [0.1 + 0.2, 1e-7, 123456789.0, 2.0, 1 / 3])
def test_floats_are_written_as_json_writes_them(value: float) -> None:
    report = with_rows(row("a", expected_by_now=value))
    assert format_status_json(report) == reference(report)


@settings(max_examples=200, deadline=None)
@given(
    title=st.text(max_size=30),
    party=st.text(max_size=12),
    area=st.text(max_size=12),
    expected=st.none() | st.floats(allow_nan=False, allow_infinity=False),
    remaining=st.none() | st.integers(0, 10**6),
)
def test_any_text_and_numbers_match(
    title: str, party: str, area: str, expected: float | None, remaining: int | None
) -> None:
    report = with_rows(
        row(
            "a",
            title=title,
            responsible=(party, "b"),
            area=area,
            expected_by_now=expected,
            remaining=remaining,
        )
    )
    agreement = dataclasses.replace(
        report.agreements[0],
        title=title,
        period=Period(start=dt.date(1, 1, 1), end=dt.date(9999, 12, 31)),
    )
    report = dataclasses.replace(report, agreements=(agreement, agreement))
    assert isinstance(report.agreements[0], AgreementStatus)
    assert format_status_json(report) == reference(report)
