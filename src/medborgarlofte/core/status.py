"""Status arithmetic: how each commitment stands in a year, as of a date.

Pure: no I/O, no clock (as_of is always passed in), no rich. Dates are handled as
ordinals so that every day count is exact integer arithmetic.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import accumulate
from typing import Literal

from medborgarlofte.core.model import AgreementFile, Commitment, Dataset, Period, Tallied
from medborgarlofte.core.summary import summarize
from medborgarlofte.core.units import Per, Unit, units_of

State = Literal["untargeted", "met", "on_track", "behind", "missed"]
STATES: tuple[State, ...] = ("met", "on_track", "behind", "missed", "untargeted")


@dataclass(frozen=True, slots=True)
class CommitmentStatus:
    """One commitment's standing: every field of the JSON contract, plus hints for the table."""

    id: str
    title: str
    area: str
    responsible: tuple[str, ...]
    minimum: int | None
    done: int
    per: Per
    units: int
    units_elapsed: int
    units_met: int
    """0 when untargeted: with no minimum no unit is met (the contract keeps it a count)."""
    remaining: int | None
    expected_by_now: float | None
    state: State
    entries: int
    last_date: dt.date | None
    needed_now: int = 0
    """For a behind row: entries still needed in the unit in progress to be on track again."""
    units_missed: int = 0
    """Units that have ended without being met (0 when untargeted)."""
    target: int | None = None
    """What the units need in all: minimum × units, or minimum × days for `per: day`."""
    days: int = 0  # the days of YEAR's units (for `per: period`, of the whole span)
    days_elapsed: int = 0  # of those, the days up to as_of: a `per: day` rate is done / this
    condition: str | None = None  # as signed, for the table and the report


@dataclass(frozen=True, slots=True)
class AgreementStatus:
    """One agreement's rows, in its commitment order, with what the renderer needs to group them."""

    id: str
    title: str
    period: Period
    path: str
    rows: tuple[CommitmentStatus, ...]
    focus_areas: dict[str, str]
    parties: dict[str, str] = field(default_factory=dict)  # key -> name, for the party lines

    def tally(self) -> dict[State, int]:
        """How many rows are in each state, every state present, for summary lines."""
        counts: dict[State, int] = dict.fromkeys(STATES, 0)
        for row in self.rows:
            counts[row.state] += 1
        return counts


@dataclass(frozen=True, slots=True)
class StatusReport:
    """The status of the shown agreements in YEAR as of AS_OF, and what was left out and why."""

    year: int
    as_of: dt.date
    agreements: tuple[AgreementStatus, ...]
    counted: int = 0
    after_as_of: int = 0
    outside: int = 0

    @property
    def left_out(self) -> int:
        return self.after_as_of + self.outside


def default_as_of(year: int | None, today: dt.date) -> dt.date:
    """Today for the current or a future year, Dec 31 for a past one, which is judged whole."""
    if year is None or year >= today.year:
        return today
    return dt.date(year, 12, 31)


def covered_years(dataset: Tallied | Dataset) -> list[int]:
    """Every year that some agreement's period overlaps, sorted: the years `status` can show."""
    years: set[int] = set()
    for a in dataset.agreements:
        period = a.agreement.period
        years.update(range(period.start.year, period.end.year + 1))
    return sorted(years)


def _overlaps(period: Period, year: int) -> bool:
    return period.start <= period.end and period.start.year <= year <= period.end.year


def clip_range(period: Period, year: int, per: Per) -> tuple[dt.date, dt.date]:
    """The days a commitment is judged on in YEAR: the year and the period, or the whole period."""
    if per == "period":
        return period.start, period.end
    return max(dt.date(year, 1, 1), period.start), min(dt.date(year, 12, 31), period.end)


def commitment_range(c: Commitment, period: Period, year: int) -> tuple[dt.date, dt.date] | None:
    """As `clip_range`, the period clipped to c's own dates; None when they miss YEAR."""
    start, end = c.span(period)
    if start > end or not start.year <= year <= end.year:
        return None
    return clip_range(Period.model_construct(start=start, end=end), year, c.per)


@dataclass(frozen=True, slots=True)
class _Log:
    """One commitment's counted entries, sorted by date, with prefix sums of their counts."""

    days: Sequence[int]
    sums: Sequence[int]  # sums[i] = total count of the first i entries

    @staticmethod
    def of(days: list[int], counts: list[int]) -> _Log:
        """From a summary's tally, whose days are in order."""
        return _Log(days, list(accumulate(counts, initial=0)))

    def total(self, first: int, last: int) -> tuple[int, int, int | None]:
        """(sum of counts, number of entries, last day) of the entries dated in [first, last]."""
        if last < first:
            return 0, 0, None
        i, j = bisect_left(self.days, first), bisect_right(self.days, last)
        return self.sums[j] - self.sums[i], j - i, (self.days[j - 1] if j > i else None)


_EMPTY = _Log((), (0,))


@dataclass(frozen=True, slots=True)
class Judged:
    """How a commitment stands on a set of its units, as of a day."""

    state: State
    elapsed: int
    met: int
    missed: int
    remaining: int
    needed_now: int
    target: int = 0  # what the units need in all (0 without a minimum)


def judge(
    units: Sequence[Unit], minimum: int | None, as_of: int, log: _Log, *, daily: bool = False
) -> Judged:
    """The state of UNITS (each needing MINIMUM, with `daily` MINIMUM × its days) as of AS_OF by
    the contract's rules, in integers; every count 0 and `untargeted` without a minimum."""
    units_elapsed = sum(1 for _, end in units if end <= as_of)
    units_met = remaining = units_missed = needed_now = target = 0
    state: State = "untargeted"
    if minimum is not None:
        ended_all_met = True
        progress: tuple[int, int] | None = None  # (count so far, floor of what is due by now)
        for start, end in units:
            need = minimum * (end - start + 1) if daily else minimum
            target += need
            count = log.total(start, min(end, as_of))[0]
            met = count >= need
            units_met += met
            remaining += max(need - count, 0)
            if end <= as_of:
                if not met:
                    ended_all_met = False
                    units_missed += 1
            elif start <= as_of:
                due = need * (as_of - start + 1) // (end - start + 1)
                progress = (count, due)
        if units_met == len(units):
            state = "met"
        elif units_elapsed == len(units):
            state = "missed"
        elif ended_all_met and (progress is None or progress[0] >= progress[1]):
            state = "on_track"
        else:
            state = "behind"
            if progress is not None:
                needed_now = max(0, progress[1] - progress[0])
    return Judged(state, units_elapsed, units_met, units_missed, remaining, needed_now, target)


def _commitment_status(
    c: Commitment, first: dt.date, last: dt.date, as_of: int, log: _Log
) -> tuple[CommitmentStatus, int, int]:
    """The row for one commitment judged on [first, last], with how many of its entries fell
    after as_of / outside."""
    lo, hi = first.toordinal(), last.toordinal()
    done, entries, last_day = log.total(lo, min(hi, as_of))
    after = log.total(max(lo, as_of + 1), hi)[1]
    outside = len(log.days) - entries - after

    units = units_of(c.per, first, last)
    total_days = hi - lo + 1
    days_elapsed = min(max(as_of - lo + 1, 0), total_days)
    minimum = c.minimum
    verdict = judge(units, minimum, as_of, log, daily=c.per == "day")
    units_elapsed, units_met, remaining = verdict.elapsed, verdict.met, verdict.remaining
    state, needed_now, units_missed = verdict.state, verdict.needed_now, verdict.missed
    targeted = minimum is not None
    row = CommitmentStatus(
        id=c.id,
        title=c.title,
        area=c.area,
        responsible=tuple(c.responsible),
        minimum=minimum,
        done=done,
        per=c.per,
        units=len(units),
        units_elapsed=units_elapsed,
        units_met=units_met,
        remaining=remaining if targeted else None,
        # one division of integers: 365 × 212 / 365 is 212.0, where 365 × (212 / 365) is not
        expected_by_now=verdict.target * days_elapsed / total_days if targeted else None,
        state=state,
        entries=entries,
        last_date=dt.date.fromordinal(last_day) if last_day is not None else None,
        needed_now=needed_now,
        units_missed=units_missed,
        target=verdict.target if targeted else None,
        days=total_days,
        days_elapsed=days_elapsed,
        condition=c.condition,
    )
    return row, after, outside


def compute_status(
    dataset: Tallied | Dataset,
    year: int,
    as_of: dt.date,
    agreement_id: str | None = None,
    party: str | None = None,
) -> StatusReport:
    """How every commitment of the agreements overlapping YEAR stands as of AS_OF: those whose
    own span overlaps YEAR, and with `party` only those that party is responsible for (in the
    agreements that have that party)."""
    shown: list[AgreementFile] = [
        a
        for a in dataset.agreements
        if _overlaps(a.agreement.period, year)
        and (agreement_id is None or a.id == agreement_id)
        and (party is None or party in a.agreement.parties)
    ]
    summary = dataset.summary if isinstance(dataset, Tallied) else summarize(dataset)
    as_of_day = as_of.toordinal()
    counted = after_as_of = outside = 0
    statuses: list[AgreementStatus] = []
    for a in shown:
        rows: list[CommitmentStatus] = []
        for c in a.agreement.commitments:
            if party is not None and party not in c.responsible:
                continue
            days = commitment_range(c, a.agreement.period, year)
            tally = summary.get((a.id, c.id))
            log = _EMPTY if tally is None else _Log.of(*tally)
            if days is None:  # not running in YEAR: not listed, its entries are outside it
                outside += len(log.days)
                continue
            row, after, out = _commitment_status(c, *days, as_of_day, log)
            rows.append(row)
            counted += row.entries
            after_as_of += after
            outside += out
        statuses.append(
            AgreementStatus(
                id=a.id,
                title=a.agreement.title,
                period=a.agreement.period,
                path=a.path,
                rows=tuple(rows),
                focus_areas=dict(a.agreement.focus_areas),
                parties=dict(a.agreement.parties),
            )
        )
    return StatusReport(year, as_of, tuple(statuses), counted, after_as_of, outside)


@dataclass(frozen=True, slots=True)
class SpanOutcome:
    """One commitment in a span of a year (a tertial, a half-year, a quarter): what was done
    in it, and its units that belong to the span (see span_outcomes), judged as of a day. A yearly target
    has no unit inside a tertial: `target` is None and the state `untargeted`."""

    done: int
    units: int
    target: int | None
    state: State


def span_outcomes(
    dataset: Tallied | Dataset, first: dt.date, last: dt.date, as_of: dt.date
) -> dict[tuple[str, str], SpanOutcome]:
    """Per (agreement id, commitment id) of the agreements overlapping [FIRST, LAST] (days of
    one year), the span's own outcome as of AS_OF: done in the span up to as_of, and the units
    of the commitment's kind (clipped as in `status`) that begin inside the span and are no
    longer than it: so the tertials of a year share its weeks (a week is the tertial's it
    begins in) and a yearly target has no unit in a tertial."""
    summary = dataset.summary if isinstance(dataset, Tallied) else summarize(dataset)
    day = as_of.toordinal()
    length = last.toordinal() - first.toordinal()
    found: dict[tuple[str, str], SpanOutcome] = {}
    for a in dataset.agreements:
        period = a.agreement.period
        lo, hi = max(first, period.start), min(last, period.end)
        if lo > hi:
            continue
        for c in a.agreement.commitments:
            days = commitment_range(c, period, first.year)
            if days is None:
                continue  # not running in the year: not listed, as in status
            own_lo, own_hi = max(lo, c.span(period)[0]), min(hi, c.span(period)[1])
            tally = summary.get((a.id, c.id))
            log = _EMPTY if tally is None else _Log.of(*tally)
            done = log.total(own_lo.toordinal(), min(own_hi.toordinal(), day))[0]
            if c.per == "day":  # a rate: the span's own days (inside the commitment's) are its unit
                inside = [(own_lo.toordinal(), own_hi.toordinal())] if own_lo <= own_hi else []
            else:
                inside = [
                    u
                    for u in units_of(c.per, *days)
                    if lo.toordinal() <= u[0] <= hi.toordinal() and u[1] - u[0] <= length
                ]
            minimum = c.minimum if inside else None
            judged = judge(inside, minimum, day, log, daily=c.per == "day")
            target = None if minimum is None else judged.target
            found[(a.id, c.id)] = SpanOutcome(done, len(inside), target, judged.state)
    return found
