"""The periods people report on: a year, a tertial, a half-year or a quarter.

Pure: parsing `2021`, `2021-T2`, `2021-H1`, `2021-Q4`, the span of each (first and last day,
inclusive) and the tertials a year report has a column for. The words for a period are the
report's (report/followup.py), so that this module holds no language.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Literal

Kind = Literal["year", "tertial", "half-year", "quarter"]

ACCEPTED = "YYYY, YYYY-T1..T3, YYYY-H1..H2 or YYYY-Q1..Q4"
"""The accepted forms, for a message that refuses another."""

_FORM = re.compile(r"([0-9]{4})(?:-([THQ])([1-4]))?\Z")
_KINDS: dict[str, tuple[Kind, int]] = {
    "T": ("tertial", 3),
    "H": ("half-year", 2),
    "Q": ("quarter", 4),
}
_MONTHS: dict[Kind, int] = {"year": 12, "tertial": 4, "half-year": 6, "quarter": 3}
_LETTER: dict[Kind, str] = {"tertial": "T", "half-year": "H", "quarter": "Q"}


@dataclass(frozen=True, order=True, slots=True)
class ReportPeriod:
    """A follow-up period: its year, its kind and its number within the year (1 for a year)."""

    year: int
    kind: Kind
    number: int = 1

    @property
    def first(self) -> dt.date:
        months = _MONTHS[self.kind]
        return dt.date(self.year, 1 + months * (self.number - 1), 1)

    @property
    def last(self) -> dt.date:
        months = _MONTHS[self.kind]
        end_month = months * self.number
        if end_month == 12:
            return dt.date(self.year, 12, 31)
        return dt.date(self.year, end_month + 1, 1) - dt.timedelta(days=1)

    @property
    def is_year(self) -> bool:
        return self.kind == "year"

    def __str__(self) -> str:
        """As it is written in a file or on the command line: `2021`, `2021-T2`."""
        if self.kind == "year":
            return f"{self.year:04d}"
        return f"{self.year:04d}-{_LETTER[self.kind]}{self.number}"


def parse_period(text: str) -> ReportPeriod | None:
    """The period written as TEXT (YYYY, YYYY-T1..T3, YYYY-H1..H2, YYYY-Q1..Q4), else None."""
    match = _FORM.match(text.strip().upper()) if isinstance(text, str) else None
    if match is None:
        return None
    year = int(match.group(1))
    if year < 1:
        return None
    if match.group(2) is None:
        return ReportPeriod(year, "year")
    kind, count = _KINDS[match.group(2)]
    number = int(match.group(3))
    if not 1 <= number <= count:
        return None
    return ReportPeriod(year, kind, number)


def year_of(period: ReportPeriod) -> ReportPeriod:
    """The whole year the period is part of."""
    return ReportPeriod(period.year, "year")


def tertials(year: int) -> tuple[ReportPeriod, ...]:
    """T1, T2 and T3 of YEAR: the columns of a year report."""
    return tuple(ReportPeriod(year, "tertial", n) for n in (1, 2, 3))


def as_of_for(period: ReportPeriod, today: dt.date) -> tuple[dt.date, bool]:
    """(the day the period is reported as of, whether it is still in progress): its last day
    once that has come, else today."""
    if today >= period.last:
        return period.last, False
    return today, True
