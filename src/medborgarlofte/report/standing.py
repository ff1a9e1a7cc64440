"""How a commitment stands once an entry is added, in words, and the commitments the
interactive `log` offers: what `mlofte log` says back to the person who logged."""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from medborgarlofte.core.model import AgreementFile, Commitment, Tallied
from medborgarlofte.core.status import (
    CommitmentStatus,
    commitment_range,
    compute_status,
    default_as_of,
)
from medborgarlofte.core.units import units_of
from medborgarlofte.report.i18n import _
from medborgarlofte.report.words import UNITS_MET_IN_FULL, state_word, unit_label


def _when(year: int, today: dt.date) -> str:
    return _("this year") if year == today.year else _("in {year}").format(year=year)


def _unit_count(
    dataset: Tallied, agreement: AgreementFile, commitment: str, first: int, last: int
) -> int:
    days, counts = dataset.summary.get((agreement.id, commitment), ([], []))
    return sum(counts[bisect_left(days, first) : bisect_right(days, last)])


def _row(
    dataset: Tallied, agreement: AgreementFile, commitment: str, year: int, as_of: dt.date
) -> CommitmentStatus:
    report = compute_status(dataset, year, as_of, agreement.id)
    return next(r for a in report.agreements for r in a.rows if r.id == commitment)


def standing(
    dataset: Tallied,
    agreement: AgreementFile,
    commitment: Commitment,
    date: dt.date,
    today: dt.date,
) -> str:
    """How the commitment stands in DATE's year (as `status` would show it today), in words:
    "2 of 2 this year — met", "1 of 1 in week 9 of 2021; 3 of 52 weeks met in 2021 — behind"."""
    year = date.year
    as_of = default_as_of(year, today)
    row = _row(dataset, agreement, commitment.id, year, as_of)
    state = state_word(row.state)
    when = _when(year, today)
    if row.minimum is None:
        return _("{done} {when}").format(done=row.done, when=when)
    if row.per == "year":
        return _("{done} of {target} {when} — {state}").format(
            done=row.done, target=row.minimum, when=when, state=state
        )
    if row.per == "period":
        return _("{done} of {target} during the agreement — {state}").format(
            done=row.done, target=row.minimum, state=state
        )
    if row.per == "day":
        return _("{done} of {target} {when} ({expected} expected by now) — {state}").format(
            done=row.done,
            target=row.target,
            when=when,
            expected=int(row.expected_by_now or 0),
            state=state,
        )
    days = commitment_range(commitment, agreement.agreement.period, year)
    assert days is not None  # the row exists: the commitment runs in YEAR
    units = units_of(row.per, *days)
    day = date.toordinal()
    lo, hi = next(((lo, hi) for lo, hi in units if lo <= day <= hi), units[-1])
    count = _unit_count(dataset, agreement, commitment.id, lo, min(hi, as_of.toordinal()))
    label = unit_label(row.per, dt.date.fromordinal(lo), dt.date.fromordinal(hi), today)
    met = UNITS_MET_IN_FULL[row.per](row.units).format(met=row.units_met, units=row.units)
    return _("{count} of {target} {label}; {units} {when} — {state}").format(
        count=count, target=row.minimum, label=label, units=met, when=when, state=state
    )


@dataclass(frozen=True, slots=True)
class Choice:
    """One commitment offered by the interactive `log`, with how it stands now."""

    agreement: AgreementFile
    commitment: Commitment
    shared: bool
    """Another agreement covering the date has a commitment with this id too."""
    standing: str


def choices(dataset: Tallied, date: dt.date, today: dt.date) -> list[Choice]:
    """The commitments of the agreements covering DATE, in file and agreement order."""
    covering = [
        a for a in dataset.agreements if a.agreement.period.start <= date <= a.agreement.period.end
    ]
    seen: dict[str, int] = {}
    for a in covering:
        for c in {c.id for c in a.agreement.commitments}:
            seen[c] = seen.get(c, 0) + 1
    return [
        Choice(a, c, seen[c.id] > 1, standing(dataset, a, c, date, today))
        for a in covering
        for c in a.agreement.commitments
        if c.span(a.agreement.period)[0] <= date <= c.span(a.agreement.period)[1]
    ]
