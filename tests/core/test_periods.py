"""Report periods: the accepted forms, their spans, and the day a report is as of."""

from __future__ import annotations

import datetime as dt

import pytest

from medborgarlofte.core.periods import ReportPeriod, as_of_for, parse_period, tertials

D = dt.date


@pytest.mark.parametrize(
    ("text", "first", "last"),
    [
        ("2021", D(2021, 1, 1), D(2021, 12, 31)),
        ("2021-T1", D(2021, 1, 1), D(2021, 4, 30)),
        ("2021-T2", D(2021, 5, 1), D(2021, 8, 31)),
        ("2021-T3", D(2021, 9, 1), D(2021, 12, 31)),
        ("2021-H1", D(2021, 1, 1), D(2021, 6, 30)),
        ("2021-H2", D(2021, 7, 1), D(2021, 12, 31)),
        ("2024-Q1", D(2024, 1, 1), D(2024, 3, 31)),
        ("2021-Q2", D(2021, 4, 1), D(2021, 6, 30)),
        ("2021-Q4", D(2021, 10, 1), D(2021, 12, 31)),
        ("2021-t2", D(2021, 5, 1), D(2021, 8, 31)),
    ],
)
def test_each_form_spans_its_days(text: str, first: dt.date, last: dt.date) -> None:
    period = parse_period(text)
    assert period is not None
    assert (period.first, period.last) == (first, last)
    assert str(period) == text.upper()


@pytest.mark.parametrize(
    "text", ["2021-T4", "2021-T0", "2021-H3", "2021-Q5", "21", "2021-05", "T2", "", "2021-T2x"]
)
def test_other_forms_are_refused(text: str) -> None:
    assert parse_period(text) is None


def test_a_year_has_three_tertials_covering_it() -> None:
    t1, t2, t3 = tertials(2022)
    assert (t1.first, t3.last) == (D(2022, 1, 1), D(2022, 12, 31))
    assert t1.last + dt.timedelta(days=1) == t2.first
    assert t2.last + dt.timedelta(days=1) == t3.first


def test_as_of_the_last_day_once_it_has_come_else_today() -> None:
    t2 = ReportPeriod(2021, "tertial", 2)
    assert as_of_for(t2, D(2022, 1, 5)) == (D(2021, 8, 31), False)
    assert as_of_for(t2, D(2021, 8, 31)) == (D(2021, 8, 31), False)
    assert as_of_for(t2, D(2021, 6, 30)) == (D(2021, 6, 30), True)
