"""A new log entry: built from what the user typed and held to `validate`'s own rules and
messages against the whole data set. Pure: no I/O."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from medborgarlofte.core import personal
from medborgarlofte.core.model import Dataset, Entry, EntryRecord, Tallied
from medborgarlofte.core.problems import Problem, errors, problem
from medborgarlofte.core.resolve import Resolver
from medborgarlofte.core.rules import ENTRY_RULES, check_all
from medborgarlofte.core.summary import with_records
from medborgarlofte.files import yaml_source
from medborgarlofte.files.read import validate

_UNDECODABLE = re.compile("[\ud800-\udfff]")


def _strings(data: dict[str, Any]) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    for key, value in data.items():
        values = value if isinstance(value, list) else [value]
        found += [(key, v) for v in values if isinstance(v, str)]
    return found


def build(
    dataset: Tallied,
    *,
    date: dt.date,
    commitment: str,
    agreement: str | None = None,
    count: int | None = None,
    by: list[str] | None = None,
    note: str | None = None,
    source: str | None = None,
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
    if source is not None:
        data["source"] = source
    problems = []
    for key, value in _strings(data):
        # Checked first, and alone, so that no later message ever repeats the number.
        if personal.personal_number_offsets(value):
            problems.append(problem(path, 1, 1, "personal-number-in-key", key=key))
        elif _UNDECODABLE.search(value):
            problems.append(problem(path, 1, 1, "not-utf-8-in-key", key=key))
    if problems:
        return None, problems
    entry, problems = validate(Entry, data, yaml_source.Parsed(), path, ())
    if entry is None:
        return None, problems
    resolution = Resolver(dataset).resolve(entry)
    if resolution.reason == "ambiguous":
        ambiguous = problem(
            path,
            1,
            1,
            "log-ambiguous",
            date=entry.date.isoformat(),
            commitment=entry.commitment,
            names=", ".join(a.id for a in resolution.candidates),
        )
        return None, [ambiguous]
    # The entry rules look at one entry at a time: the new one alone is checked.
    alone = Dataset(dataset.agreements, (EntryRecord(path, entry),))
    problems = check_all(alone, ENTRY_RULES)
    return (None if errors(problems) else entry), problems


def with_entry(tallied: Tallied, path: str, entry: Entry) -> Tallied:
    """The counts with one more entry, as if it had been read from `path`."""
    return with_records(tallied, Dataset(tallied.agreements), [EntryRecord(path, entry)])
