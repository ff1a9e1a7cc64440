"""The rates a target may have (`per:`) and the calendar units each is counted in (weeks,
months, tertials, half-years, quarters, years; the whole range for `day` and `period`): where
a new `per:` is declared and gets its units.

Pure: dates as ordinals, so that every day count is exact integer arithmetic.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from typing import Literal, get_args

Per = Literal["year", "half-year", "tertial", "quarter", "month", "week", "day", "period"]
PER_KINDS: tuple[Per, ...] = get_args(Per)
"""The kinds of `per:`, in the order a coordinator reads them."""
Unit = tuple[int, int]
"""A unit as (first day, last day), both date ordinals, inclusive."""

_MONTHS_PER_UNIT: dict[str, int] = {
    "year": 12,
    "half-year": 6,
    "tertial": 4,
    "quarter": 3,
    "month": 1,
}
_MIN_WEEK_DAYS = 4


def _month_start(year: int, month: int) -> int:
    """The ordinal of the first day of `month` (1-based, may be 13) of `year`."""
    if month > 12:
        return dt.date(year, 12, 31).toordinal() + 1
    return dt.date(year, month, 1).toordinal()


def _week_units(first: int, last: int) -> tuple[Unit, ...]:
    monday = first - (dt.date.fromordinal(first).weekday())
    weeks: list[Unit] = []
    while monday <= last:
        weeks.append((max(monday, first), min(monday + 6, last)))
        monday += 7
    if len(weeks) > 1 and weeks[0][1] - weeks[0][0] + 1 < _MIN_WEEK_DAYS:
        weeks[0:2] = [(weeks[0][0], weeks[1][1])]
    if len(weeks) > 1 and weeks[-1][1] - weeks[-1][0] + 1 < _MIN_WEEK_DAYS:
        weeks[-2:] = [(weeks[-2][0], weeks[-1][1])]
    return tuple(weeks)


@lru_cache(maxsize=4096)
def units_of(per: Per, first: dt.date, last: dt.date) -> tuple[Unit, ...]:
    """The calendar units of kind `per` clipped to [first, last]; `period` is the range itself."""
    lo, hi = first.toordinal(), last.toordinal()
    if per in ("period", "day"):
        return ((lo, hi),)
    if per == "week":
        return _week_units(lo, hi)
    step = _MONTHS_PER_UNIT[per]
    units: list[Unit] = []
    for year in range(first.year, last.year + 1):
        for month in range(1, 13, step):
            start, end = _month_start(year, month), _month_start(year, month + step) - 1
            if start <= hi and end >= lo:
                units.append((max(start, lo), min(end, hi)))
    return tuple(units)
