"""The rules about entries, of the two scopes rules.py describes: ENTRY_RULES look at one entry
at a time against the agreements (the warm path checks a new log file with them alone);
ROOT_RULES compare entries with each other, so only a full load runs them, and they only
warn. A new rule that compares entries goes here, into ROOT_RULES.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from medborgarlofte.core.ids import closest
from medborgarlofte.core.model import Dataset, EntryRecord, Key
from medborgarlofte.core.problems import Arg, Problem, listed, problem, problem_with
from medborgarlofte.core.resolve import Resolution, Resolver


def _entry_at(record: EntryRecord, key: Key, code: str, **args: Arg) -> Problem:
    line, col = record.locations.of_value((*record.base, *key))
    return problem_with(record.path, line, col, code, args)


_resolved: list[tuple[Dataset, Resolver, list[Resolution]]] = []


def _resolutions(dataset: Dataset) -> tuple[Resolver, list[Resolution]]:
    """Each entry's resolution, computed once per dataset for the rules that need it."""
    if not _resolved or _resolved[0][0] is not dataset:
        resolver = Resolver(dataset)
        _resolved[:] = [(dataset, resolver, [resolver.resolve(r.entry) for r in dataset.entries])]
    return _resolved[0][1], _resolved[0][2]


def check_entries_resolve(dataset: Dataset) -> list[Problem]:
    """Every entry counts toward exactly one agreement: known commitment, in its period, unambiguous."""
    resolver, resolutions = _resolutions(dataset)
    commitment_ids = set(resolver.by_commitment)
    problems = []
    for record, result in zip(dataset.entries, resolutions, strict=True):
        entry = record.entry
        if result.agreement is not None or entry.commitment in dataset.invalid_commitment_ids:
            continue
        if result.reason == "unknown-agreement":
            named = entry.agreement or ""
            problems.append(
                _entry_at(
                    record,
                    ("agreement",),
                    "unknown-agreement",
                    agreement=named,
                    suggestion=closest(named, resolver.by_id),
                )
            )
        elif result.reason == "unknown-commitment":
            problems.append(
                _entry_at(
                    record,
                    ("commitment",),
                    "unknown-commitment",
                    commitment=entry.commitment,
                    suggestion=closest(entry.commitment, commitment_ids),
                )
            )
        elif result.reason == "not-in-agreement":
            ids = [c.id for c in result.candidates[0].agreement.commitments]
            problems.append(
                _entry_at(
                    record,
                    ("commitment",),
                    "no-such-commitment",
                    agreement=entry.agreement or "",
                    commitment=entry.commitment,
                    suggestion=closest(entry.commitment, ids),
                )
            )
        elif result.reason == "outside-period":
            if all(a.agreement.period.end < a.agreement.period.start for a in result.candidates):
                continue  # the reversed period is reported at the agreement, once
            periods = listed(
                part
                for a in result.candidates
                for part in (a.id, str(a.agreement.period.start), str(a.agreement.period.end))
            )
            problems.append(
                _entry_at(
                    record,
                    ("date",),
                    "entry-outside-period",
                    date=entry.date.isoformat(),
                    commitment=entry.commitment,
                    periods=periods,
                )
            )
        else:
            problems.append(
                _entry_at(
                    record,
                    ("commitment",),
                    "entry-ambiguous",
                    date=entry.date.isoformat(),
                    commitment=entry.commitment,
                    names=", ".join(sorted(a.id for a in result.candidates)),
                )
            )
    return problems


def check_known_entry_parties(dataset: Dataset) -> list[Problem]:
    """`by` names parties of the entry's agreement, so work is credited to someone real."""
    problems = []
    for record, result in zip(dataset.entries, _resolutions(dataset)[1], strict=True):
        found = result.agreement
        if found is None:
            continue
        parties = found.agreement.parties
        for position, party in enumerate(record.entry.parties):
            if party not in parties:
                key: Key = ("by", position)
                problems.append(
                    _entry_at(
                        record,
                        key,
                        "unknown-entry-party",
                        party=party,
                        suggestion=closest(party, parties),
                        agreement=found.id,
                        known=", ".join(parties),
                    )
                )
    return problems


def identity(record: EntryRecord, agreement: str | None) -> tuple[object, ...]:
    """What makes two entries the same thing done: date, agreement (as resolved), commitment,
    count, parties (in any order) and note. Not the source: two files telling the same event
    with different sources are still one event logged twice."""
    entry = record.entry
    return (
        entry.date,
        agreement or entry.agreement,
        entry.commitment,
        entry.count,
        frozenset(entry.parties),
        entry.note,
    )


def logged_order(record: EntryRecord) -> tuple[tuple[str | int, ...], Key]:
    """Entries in the order `mlofte log` wrote their files: X.yaml, X-2.yaml, … X-10.yaml
    (by path, '-' sorts before '.', and 10 before 2), then by place in the file."""
    parts = _DIGITS.split(record.path.removesuffix(".yaml"))  # digits at the odd places
    return tuple(int(p) if i % 2 else p for i, p in enumerate(parts)), record.base


_DIGITS = re.compile("([0-9]+)")


def check_identical_entries(dataset: Dataset) -> list[Problem]:
    """No entry is logged twice: an identical entry is legal (two patrols may be told alike)
    but almost always a command run twice, so it is a warning at the later one (in the order
    `log` writes files)."""
    first: dict[tuple[object, ...], EntryRecord] = {}
    problems = []
    records = zip(dataset.entries, _resolutions(dataset)[1], strict=True)
    for record, result in sorted(records, key=lambda pair: logged_order(pair[0])):
        key = identity(record, result.agreement.id if result.agreement else None)
        earlier = first.setdefault(key, record)
        if earlier is record:
            continue
        line, _ = earlier.locations.of_value(earlier.base)
        where = record.locations.of_value(record.base)
        problems.append(
            problem(
                record.path,
                *where,
                "identical-entry",
                level="warning",
                other=earlier.path,
                other_line=line,
            )
        )
    return problems


def check_entries_in_commitment_dates(dataset: Dataset) -> list[Problem]:
    """An entry falls inside its commitment's own `start` and `end`: work before a measure
    began or after it ended counts toward nothing, and is most likely a wrong date or id."""
    # per agreement (by identity: two may share an id), the first commitment of each id
    first = {
        id(a): {c.id: c for c in reversed(a.agreement.commitments)} for a in dataset.agreements
    }
    problems = []
    for record, result in zip(dataset.entries, _resolutions(dataset)[1], strict=True):
        found = result.agreement
        if found is None:
            continue
        entry = record.entry
        c = first[id(found)].get(entry.commitment)
        if c is None or (c.start is None and c.end is None):
            continue
        if c.start is not None and entry.date < c.start:
            code, limit = "entry-before-commitment-start", c.start
        elif c.end is not None and entry.date > c.end:
            code, limit = "entry-after-commitment-end", c.end
        else:
            continue
        date, at = entry.date.isoformat(), limit.isoformat()
        problems.append(_entry_at(record, ("date",), code, date=date, commitment=c.id, limit=at))
    return problems


ENTRY_RULES: tuple[Callable[[Dataset], list[Problem]], ...] = (
    check_entries_resolve,
    check_known_entry_parties,
    check_entries_in_commitment_dates,
)
"""Rules that look at each entry alone (against the agreements): a new entry is checked by
these without the others, and their problems are always at the entry."""
ROOT_RULES: tuple[Callable[[Dataset], list[Problem]], ...] = (check_identical_entries,)
"""Rules that compare entries with each other: warnings only (see the module docstring)."""
