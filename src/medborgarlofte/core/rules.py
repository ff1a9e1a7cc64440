"""Cross-file rules: small pure functions over a Dataset, each returning its Problems.

Each rule is `check_<invariant>(dataset)`; `check_all` runs them all, so that
`validate`, `status` and `log` hold the data to exactly the same rules. Each rule has a
scope, which says what it must see: AGREEMENT_RULES look at the agreements alone,
ENTRY_RULES at one entry at a time against the agreements (so a new log file can be checked
alone, as the warm path does), ROOT_RULES compare entries with each other (only a full load
can run them; they may only warn, so that what status and log refuse never depends on them).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable

from medborgarlofte.core.ids import closest, is_slug, slugify
from medborgarlofte.core.model import AgreementFile, Dataset, EntryRecord, Key
from medborgarlofte.core.problems import Arg, Problem, listed, problem, problem_with
from medborgarlofte.core.resolve import Resolution, Resolver
from medborgarlofte.core.text import quote


def _at(agreement: AgreementFile, key: Key, code: str, **args: Arg) -> Problem:
    line, col = agreement.locations.of_value(key)
    return problem_with(agreement.path, line, col, code, args)


def _entry_at(record: EntryRecord, key: Key, code: str, **args: Arg) -> Problem:
    line, col = record.locations.of_value((*record.base, *key))
    return problem_with(record.path, line, col, code, args)


def check_agreement_id_matches_file(dataset: Dataset) -> list[Problem]:
    """An agreement's id is its file name, so `--agreement ID` always finds the file."""
    problems = []
    for a in dataset.agreements:
        stem = a.path.rsplit("/", 1)[-1].removesuffix(".yaml")
        if a.agreement.id is not None and a.agreement.id != stem:
            problems.append(
                _at(a, ("id",), "id-differs-from-file-name", id=a.agreement.id, stem=stem)
            )
        elif a.agreement.id is None and not is_slug(stem):
            slug = slugify(stem) or "agreement"
            problems.append(
                problem(a.path, 1, 1, "file-name-not-an-id", name=quote(stem), slug=slug)
            )
    return problems


def check_unique_agreement_ids(dataset: Dataset) -> list[Problem]:
    """Two agreements with one id would make entries and `--agreement` ambiguous."""
    seen: dict[str, AgreementFile] = {}
    problems = []
    for a in dataset.agreements:
        if a.id in seen:
            problems.append(_at(a, ("id",), "agreement-id-taken", id=a.id, other=seen[a.id].path))
        else:
            seen[a.id] = a
    return problems


def check_unique_commitment_ids(dataset: Dataset) -> list[Problem]:
    """Log entries name a commitment by id, so ids are unique within an agreement."""
    problems = []
    for a in dataset.agreements:
        first: dict[str, int] = {}
        for index, c in enumerate(a.agreement.commitments):
            if not c.id:  # a salvaged placeholder: its own problem is reported
                continue
            if c.id in first:
                line = a.locations.of_value(("commitments", first[c.id], "id"))[0]
                problems.append(
                    _at(
                        a,
                        ("commitments", index, "id"),
                        "commitment-id-taken",
                        id=c.id,
                        other_line=line,
                    )
                )
            else:
                first[c.id] = index
    return problems


def check_period_order(dataset: Dataset) -> list[Problem]:
    """A period that ends before it starts covers no day at all."""
    return [
        _at(
            a,
            ("period", "end"),
            "period-ends-before-start",
            start=p.start.isoformat(),
            end=p.end.isoformat(),
        )
        for a in dataset.agreements
        if (p := a.agreement.period).end < p.start
    ]


def check_known_areas(dataset: Dataset) -> list[Problem]:
    """Every commitment belongs to one of the agreement's focus areas."""
    problems = []
    for a in dataset.agreements:
        areas = a.agreement.focus_areas
        for index, c in enumerate(a.agreement.commitments):
            if c.area and c.area not in areas:  # empty: salvaged, its own problem reported
                problems.append(
                    _at(
                        a,
                        ("commitments", index, "area"),
                        "unknown-area",
                        area=c.area,
                        suggestion=closest(c.area, areas),
                        known=", ".join(areas),
                    )
                )
    return problems


def check_known_responsible(dataset: Dataset) -> list[Problem]:
    """Responsible parties are keys of `parties`, so each promise has an owner."""
    problems = []
    for a in dataset.agreements:
        parties = a.agreement.parties
        for index, c in enumerate(a.agreement.commitments):
            for position, party in enumerate(c.responsible):
                if party not in parties:
                    key: Key = ("commitments", index, "responsible", position)
                    problems.append(
                        _at(
                            a,
                            key,
                            "unknown-responsible",
                            party=party,
                            suggestion=closest(party, parties),
                            known=", ".join(parties),
                        )
                    )
    return problems


def check_commitment_dates(dataset: Dataset) -> list[Problem]:
    """A commitment's own `start` and `end` lie inside the agreement period, in order: its
    units are the period's, clipped to them."""
    problems = []
    for a in dataset.agreements:
        period = a.agreement.period
        if period.end < period.start:
            continue  # the reversed period is reported once, at the agreement
        for index, c in enumerate(a.agreement.commitments):
            where = ("commitments", index)
            for name, day in (("start", c.start), ("end", c.end)):
                if day is not None and not period.start <= day <= period.end:
                    line, col = a.locations.of_value((*where, name))
                    problems.append(
                        problem(
                            a.path,
                            line,
                            col,
                            f"commitment-{name}-outside-period",
                            commitment=c.id,
                            date=day.isoformat(),
                            start=period.start.isoformat(),
                            end=period.end.isoformat(),
                        )
                    )
            if c.start is not None and c.end is not None and c.end < c.start:
                line, col = a.locations.of_value((*where, "end"))
                problems.append(
                    problem(
                        a.path,
                        line,
                        col,
                        "commitment-ends-before-start",
                        commitment=c.id,
                        start=c.start.isoformat(),
                        end=c.end.isoformat(),
                    )
                )
    return problems


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


def check_identical_entries(dataset: Dataset) -> list[Problem]:
    """No entry is logged twice: an identical entry is legal (two patrols may be told alike)
    but almost always a command run twice, so it is a warning at the later one (by path)."""
    first: dict[tuple[object, ...], EntryRecord] = {}
    problems = []
    records = zip(dataset.entries, _resolutions(dataset)[1], strict=True)
    for record, result in sorted(records, key=lambda pair: (pair[0].path, pair[0].base)):
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


AGREEMENT_RULES: tuple[Callable[[Dataset], list[Problem]], ...] = (
    check_agreement_id_matches_file,
    check_unique_agreement_ids,
    check_unique_commitment_ids,
    check_period_order,
    check_known_areas,
    check_known_responsible,
    check_commitment_dates,
)
ENTRY_RULES: tuple[Callable[[Dataset], list[Problem]], ...] = (
    check_entries_resolve,
    check_known_entry_parties,
    check_entries_in_commitment_dates,
)
"""Rules that look at each entry alone (against the agreements): a new entry is checked by
these without the others, and their problems are always at the entry."""
ROOT_RULES: tuple[Callable[[Dataset], list[Problem]], ...] = (check_identical_entries,)
"""Rules that compare entries with each other: warnings only (see the module docstring)."""
RULES = AGREEMENT_RULES + ENTRY_RULES + ROOT_RULES


def check_all(
    dataset: Dataset, rules: Iterable[Callable[[Dataset], list[Problem]]] = RULES
) -> list[Problem]:
    """Every rule's problems, in one new list; salvaged parts of invalid agreements included."""
    if dataset.partial_agreements:
        dataset = dataclasses.replace(
            dataset,
            agreements=dataset.agreements + dataset.partial_agreements,
            partial_agreements=(),
        )
    return [problem for rule in rules for problem in rule(dataset)]
