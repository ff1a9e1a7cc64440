"""A new log entry: built from what the user typed, held to `validate`'s own rules and messages
against the whole data set, and how its commitment stands once it is added. Pure: no I/O."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from typing import Any

from medborgarlofte import personal, source
from medborgarlofte.checks import ENTRY_RULES, check_all
from medborgarlofte.load import validate
from medborgarlofte.model import AgreementFile, Commitment, Dataset, Entry, EntryRecord
from medborgarlofte.problems import Problem
from medborgarlofte.resolve import Resolver
from medborgarlofte.status import (
    CommitmentStatus,
    clip_range,
    compute_status,
    default_as_of,
    units_of,
)
from medborgarlofte.summary import merged, summarize
from medborgarlofte.words import STATE_LOOK, UNIT_NAMES

_UNDECODABLE = re.compile("[\ud800-\udfff]")


def _strings(data: dict[str, Any]) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    for key, value in data.items():
        values = value if isinstance(value, list) else [value]
        found += [(key, v) for v in values if isinstance(v, str)]
    return found


def build(
    dataset: Dataset,
    *,
    date: dt.date,
    commitment: str,
    agreement: str | None = None,
    count: int | None = None,
    by: list[str] | None = None,
    note: str | None = None,
    path: str = "logs/new.yaml",
) -> tuple[Entry | None, list[Problem]]:
    """The entry, or the problems `validate` would report for it once written at `path`.

    `dataset` must be valid: every problem returned is the new entry's.
    """
    data: dict[str, Any] = {"date": date, "commitment": commitment}
    if agreement is not None:
        data["agreement"] = agreement
    if count is not None:
        data["count"] = count
    if by:
        data["by"] = by[0] if len(by) == 1 else list(by)
    if note is not None:
        data["note"] = note
    problems = []
    for key, value in _strings(data):
        # Checked first, and alone, so that no later message ever repeats the number.
        if personal.personal_number_offsets(value):
            problems.append(Problem(path, 1, 1, f"{key}: {personal.MESSAGE}"))
        elif _UNDECODABLE.search(value):
            message = f"{key}: holds bytes that are not UTF-8 text; retype it"
            problems.append(Problem(path, 1, 1, message))
    if problems:
        return None, problems
    entry, problems = validate(Entry, data, source.Parsed(), path, ())
    if entry is None:
        return None, problems
    resolution = Resolver(dataset).resolve(entry)
    if resolution.reason == "ambiguous":
        ids = ", ".join(a.id for a in resolution.candidates)
        message = (
            f"several agreements covering {entry.date} have '{entry.commitment}' ({ids});"
            " say which with --agreement ID"
        )
        return None, [Problem(path, 1, 1, message)]
    # The entry rules look at one entry at a time: the new one alone is checked.
    alone = dataclasses.replace(dataset, entries=(EntryRecord(path, entry),), summary=None)
    problems = check_all(alone, ENTRY_RULES)
    return (None if problems else entry), problems


def with_entry(dataset: Dataset, path: str, entry: Entry) -> Dataset:
    """The data set with one more entry, as if it had been read from `path`."""
    record = EntryRecord(path, entry)
    summary = summarize(dataset) if dataset.summary is None else dataset.summary
    return dataclasses.replace(
        dataset,
        # a dataset of the summary alone (loaded without entries) stays so
        entries=()
        if dataset.summary is not None and not dataset.entries
        else (*dataset.entries, record),
        summary=merged(summary, summarize(dataset, [record])),
    )


def _when(year: int, today: dt.date) -> str:
    return "this year" if year == today.year else f"in {year}"


def _unit_label(per: str, first: dt.date, last: dt.date, today: dt.date) -> str:
    if first <= today <= last:
        return f"this {UNIT_NAMES[per][0]}"
    if per == "week":
        iso = first.isocalendar()
        return f"in week {iso.week} of {iso.year}"
    if per == "month":
        return f"in {first:%Y-%m}"
    letter = {"half-year": "H", "tertial": "T", "quarter": "Q"}[per]
    return f"in {letter}{(first.month - 1) // (12 // _units_per_year(per)) + 1} {first.year}"


def _units_per_year(per: str) -> int:
    return {"half-year": 2, "tertial": 3, "quarter": 4}[per]


def _unit_count(
    dataset: Dataset, agreement: AgreementFile, commitment: str, first: int, last: int
) -> int:
    summary = summarize(dataset) if dataset.summary is None else dataset.summary
    days, counts = summary.get((agreement.id, commitment), ([], []))
    return sum(counts[bisect_left(days, first) : bisect_right(days, last)])


def _row(
    dataset: Dataset, agreement: AgreementFile, commitment: str, year: int, as_of: dt.date
) -> CommitmentStatus:
    report = compute_status(dataset, year, as_of, agreement.id)
    return next(r for a in report.agreements for r in a.rows if r.id == commitment)


def standing(
    dataset: Dataset,
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
    state = STATE_LOOK[row.state][1]
    if row.minimum is None:
        return f"{row.done} {_when(year, today)}"
    if row.per == "year":
        return f"{row.done} of {row.minimum} {_when(year, today)} — {state}"
    if row.per == "period":
        return f"{row.done} of {row.minimum} during the agreement — {state}"
    units = units_of(row.per, *clip_range(agreement.agreement.period, year, row.per))
    day = date.toordinal()
    lo, hi = next(((lo, hi) for lo, hi in units if lo <= day <= hi), units[-1])
    count = _unit_count(dataset, agreement, commitment.id, lo, min(hi, as_of.toordinal()))
    label = _unit_label(row.per, dt.date.fromordinal(lo), dt.date.fromordinal(hi), today)
    words = UNIT_NAMES[row.per][row.units != 1]
    return (
        f"{count} of {row.minimum} {label}; {row.units_met} of {row.units} {words} met"
        f" {_when(year, today)} — {state}"
    )


@dataclass(frozen=True, slots=True)
class Choice:
    """One commitment offered by the interactive `log`, with how it stands now."""

    agreement: AgreementFile
    commitment: Commitment
    shared: bool
    """Another agreement covering the date has a commitment with this id too."""
    standing: str


def choices(dataset: Dataset, date: dt.date, today: dt.date) -> list[Choice]:
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
    ]
