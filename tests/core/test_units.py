"""core/units.py: the calendar units a target is counted in."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from medborgarlofte.core.units import units_of

D = dt.date


def days(units: Iterable[tuple[int, int]]) -> list[tuple[dt.date, dt.date]]:
    return [(D.fromordinal(a), D.fromordinal(b)) for a, b in units]


def test_tertials_of_a_year() -> None:
    assert days(units_of("tertial", D(2021, 1, 1), D(2021, 12, 31))) == [
        (D(2021, 1, 1), D(2021, 4, 30)),
        (D(2021, 5, 1), D(2021, 8, 31)),
        (D(2021, 9, 1), D(2021, 12, 31)),
    ]


def test_quarters_clipped_by_the_period_start() -> None:
    assert days(units_of("quarter", D(2020, 3, 16), D(2020, 12, 31))) == [
        (D(2020, 3, 16), D(2020, 3, 31)),
        (D(2020, 4, 1), D(2020, 6, 30)),
        (D(2020, 7, 1), D(2020, 9, 30)),
        (D(2020, 10, 1), D(2020, 12, 31)),
    ]


def test_iso_weeks_2021_first_stub_joins_the_next_week() -> None:
    units = days(units_of("week", D(2021, 1, 1), D(2021, 12, 31)))
    assert len(units) == 52
    assert units[0] == (D(2021, 1, 1), D(2021, 1, 10))
    assert units[1] == (D(2021, 1, 11), D(2021, 1, 17))
    assert units[-1] == (D(2021, 12, 27), D(2021, 12, 31))


def test_iso_weeks_2020_has_53_units() -> None:
    units = days(units_of("week", D(2020, 1, 1), D(2020, 12, 31)))
    assert len(units) == 53
    assert units[0] == (D(2020, 1, 1), D(2020, 1, 5))
    assert units[-1] == (D(2020, 12, 28), D(2020, 12, 31))


def test_period_starting_on_a_friday() -> None:
    units = days(units_of("week", D(2021, 10, 1), D(2021, 12, 31)))
    assert len(units) == 13
    assert units[0] == (D(2021, 10, 1), D(2021, 10, 10))
    # 2022 starts on a Saturday: Jan 1-2 join Jan 3-9; Dec 26-31 is a unit of its own.
    units = days(units_of("week", D(2022, 1, 1), D(2022, 12, 31)))
    assert (len(units), units[0], units[-1]) == (
        52,
        (D(2022, 1, 1), D(2022, 1, 9)),
        (D(2022, 12, 26), D(2022, 12, 31)),
    )


def test_last_stub_joins_the_week_before_and_a_lone_stub_stays() -> None:
    assert days(units_of("week", D(2021, 3, 1), D(2021, 3, 16))) == [
        (D(2021, 3, 1), D(2021, 3, 7)),
        (D(2021, 3, 8), D(2021, 3, 16)),
    ]
    assert days(units_of("week", D(2021, 1, 1), D(2021, 1, 3))) == [(D(2021, 1, 1), D(2021, 1, 3))]
    # Fri-Mon: both ends are stubs; they make one unit.
    assert days(units_of("week", D(2021, 1, 1), D(2021, 1, 4))) == [(D(2021, 1, 1), D(2021, 1, 4))]
