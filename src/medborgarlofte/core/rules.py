"""Cross-file rules: small pure functions over a Dataset, each returning its Problems; the
agreements' rules here, the entries' in entry_rules.py.

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

from medborgarlofte.core.entry_rules import ENTRY_RULES as ENTRY_RULES
from medborgarlofte.core.entry_rules import ROOT_RULES as ROOT_RULES
from medborgarlofte.core.ids import closest, file_stem, is_slug, slugify
from medborgarlofte.core.model import AgreementFile, Dataset, Key
from medborgarlofte.core.problems import Arg, Problem, problem, problem_with
from medborgarlofte.core.text import quote


def _at(agreement: AgreementFile, key: Key, code: str, **args: Arg) -> Problem:
    line, col = agreement.locations.of_value(key)
    return problem_with(agreement.path, line, col, code, args)


def check_agreement_id_matches_file(dataset: Dataset) -> list[Problem]:
    """An agreement's id is its file name, so `--agreement ID` always finds the file."""
    problems = []
    for a in dataset.agreements:
        stem = file_stem(a.path)
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


AGREEMENT_RULES: tuple[Callable[[Dataset], list[Problem]], ...] = (
    check_agreement_id_matches_file,
    check_unique_agreement_ids,
    check_unique_commitment_ids,
    check_period_order,
    check_known_areas,
    check_known_responsible,
    check_commitment_dates,
)
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
