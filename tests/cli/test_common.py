"""cli/common.py: the shared parsing of what a user types, exactly as documented."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import Outcome

Run = Callable[..., Outcome]

# Forms Python's date.fromisoformat accepts that nobody types for YYYY-MM-DD: the basic
# form, ISO week dates (2021W011 is 2021-01-04), ordinal dates, and digits of other scripts.
NOT_TYPED = [
    "20210105",
    "2021W011",
    "2021-W01-1",
    "2021W01",
    "2021-005",
    "2021005",
    "２０２１-０１-０５",
    "٢٠٢١-٠١-٠٥",
    " 2021-01-05",
    "2021-01-05 ",
    "2021-01-05T00:00",
    "+2021-01-05",
]


@pytest.mark.parametrize("value", NOT_TYPED)
def test_as_of_takes_only_yyyy_mm_dd(mlofte: Run, small_root: Path, value: str) -> None:
    out = mlofte("--root", str(small_root), "status", "2021", "--as-of", value)
    assert (out.code, out.stdout, out.stderr) == (
        2,
        "",
        f"mlofte: --as-of {value!r} is not a date such as 2021-03-14\n",
    )


@pytest.mark.parametrize("value", NOT_TYPED)
def test_log_date_takes_only_yyyy_mm_dd(mlofte: Run, small_root: Path, value: str) -> None:
    out = mlofte("--root", str(small_root), "log", "hundsok-skola", "--date", value)
    assert (out.code, out.stdout, out.stderr) == (
        2,
        "",
        f"mlofte: --date {value!r} is not a date such as 2021-03-14\n",
    )
    assert sorted(p.name for p in (small_root / "logs").rglob("*.yaml")) == [
        "2021-03-14-hundsok-skola.yaml"
    ]


def test_parse_date_takes_the_documented_form() -> None:
    from medborgarlofte.cli.common import parse_date

    assert parse_date("2021-01-05", "--date") == dt.date(2021, 1, 5)
    assert parse_date("0001-01-01", "--date") == dt.date(1, 1, 1)
    assert parse_date(None, "--date") is None
