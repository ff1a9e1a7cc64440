"""Reading a data file into its payload, the plain data the per-file cache keeps: nearly
every log file is one entry in the plain shape, checked here by hand, and anything else goes
through the YAML reader and the model."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from medborgarlofte.core.model import AgreementFile
from medborgarlofte.core.problems import Problem
from medborgarlofte.speed.payload import (
    ENTRY_FIELDS,
    FIELD_BITS,
    PLACE_COUNT,
    agreement_from,
    problems_from,
)
from medborgarlofte.speed.rows import problem_row

if TYPE_CHECKING:
    from medborgarlofte.files import yaml_source as source
    from medborgarlofte.speed.quick import Field

AGREEMENT, LOG = "A", "L"
"""The two kinds of data file, as read_files takes them."""


def read_files(jobs: list[tuple[str, str, str, int]]) -> list[Any]:
    """Per file, a log file's payload, or an agreement file as read (`AgreementRead`)."""
    return [
        read_agreement(fs_path, rel, size)
        if kind == AGREEMENT
        else entries_payload(fs_path, rel, size)
        for kind, fs_path, rel, size in jobs
    ]


@dataclass(frozen=True, slots=True)
class AgreementRead:
    """An agreement file as this process read it: the valid agreement is taken as the model
    made it, its payload (the JSON text, validated again when read back) made only for the
    cache: validating 300 agreements again took 45 ms of a cold load."""

    found: AgreementFile | None
    problems: list[Problem]
    ids: set[str]
    parsed: source.Parsed | None
    """Of an invalid agreement: what `salvage` reads."""


def read_agreement(fs_path: str, rel: str, size: int) -> AgreementRead:
    from medborgarlofte.files.read import _load_agreement

    return AgreementRead(*_load_agreement(fs_path, rel, size))


def problem_rows(problems: list[Problem]) -> list[list[Any]]:
    """[line, col, code, [[name, value], ...], level] per problem: the level kept, so
    that a warning stays a warning when it comes from the cache."""
    return [[p.line, p.col, *problem_row(p)] for p in problems]


def agreement_of(
    rel: str, read: AgreementRead
) -> tuple[AgreementFile | None, list[Problem], list[str]]:
    """What `agreement_from` gives for the file's payload; a valid agreement as it is."""
    if read.found is None:
        return agreement_from(rel, agreement_payload(read))
    return read.found, problems_from(rel, problem_rows(read.problems)), []


def agreement_payload(read: AgreementRead) -> list[Any]:
    """What the cache keeps of an agreement file (see payload.py)."""
    from medborgarlofte.files.read import salvage

    found, problems, ids, parsed = read.found, read.problems, read.ids, read.parsed
    if found is None:
        if parsed is None or (part := salvage(parsed.data)) is None:
            return [problem_rows(problems), None, [], [], sorted(ids)]
        return [
            problem_rows(problems),
            part,
            [[list(k), *v] for k, v in parsed.locations.keys.items()],
            [[list(k), *v] for k, v in parsed.locations.values.items()],
            sorted(ids),
        ]
    return [
        problem_rows(problems),
        found.agreement.model_dump_json(exclude_unset=True),
        [[list(k), *v] for k, v in found.locations.keys.items()],
        [[list(k), *v] for k, v in found.locations.values.items()],
        [],
    ]


def entries_payload(fs_path: str, rel: str, size: int) -> list[Any]:
    # YAML comes with quick: imported once a file is read. Not `from … import`, which goes
    # through importlib's Python code on every call (4 % of a cold load of 50,000 files).
    import medborgarlofte.speed.quick as quick

    found = quick.read_fields(fs_path, rel, size)
    if found is None:
        from medborgarlofte.files import yaml_source as source

        return payload_of(source.read_file(fs_path, rel, size), rel)
    row = _plain_row(found)
    return [[], [row]] if row is not None else payload_of(quick.parsed(found), rel)


def payload_of(parsed: source.Parsed, rel: str) -> list[Any]:
    """The payload of a parsed log file: its entries validated by the model."""
    from medborgarlofte.files.read import entries_of

    records, problems = entries_of(parsed, rel)
    rows = []
    for record in records:
        entry, base, values = record.entry, record.base, record.locations.values
        given = entry.model_fields_set
        places = [*values.get(base, (1, 1))]
        for name in ENTRY_FIELDS:
            places += values.get((*base, name), (0, 0)) if name in given else (0, 0)
        if entry.by is not None and (*base, "by", 0) in values:
            for position in range(len(entry.by)):
                places += values[(*base, "by", position)]
        rows.append(
            [
                list(base),
                ",".join(map(str, places)),
                sum(bit for name, bit in FIELD_BITS if name in given),
                entry.date.isoformat(),
                entry.commitment,
                entry.agreement,
                entry.count,
                entry.by,
                entry.note,
                entry.source,
            ]
        )
    return [problem_rows(problems), rows]


def _plain_row(found: dict[str, Field]) -> list[Any] | None:
    """The row of an entry in the plain shape that the model would take as it is (every
    line's value checked as the model checks it, by the quick reader), else None: then
    `payload_of` says why."""
    if "date" not in found or "commitment" not in found:
        return None
    places = [0] * PLACE_COUNT
    given = 0
    for key, (_, line, col, _, takes) in found.items():
        if not takes:
            return None
        slot = _SLOTS[key]
        places[slot] = line
        places[slot + 1] = col
        given |= 1 << (slot // 2 - 1)
    places[0] = next(iter(found.values()))[1]  # the first line, in the order of the file
    places[1] = 1
    by = found.get("by")
    parties = None
    if by is not None:
        parties = [by[0]] if type(by[0]) is str else list(by[0])
        for at in by[3]:
            places += (by[1], at)
    count = found.get("count")
    agreement, note, source = found.get("agreement"), found.get("note"), found.get("source")
    layout = tuple(places)
    text = _PLACE_TEXTS.get(layout)
    if text is None:
        text = ",".join(map(str, places))
        if len(_PLACE_TEXTS) < _PLACE_TEXTS_KEPT:
            _PLACE_TEXTS[layout] = text
    return [
        [],
        text,
        given,
        found["date"][0].isoformat(),
        found["commitment"][0],
        None if agreement is None else agreement[0],
        1 if count is None else count[0],
        parties,
        None if note is None else note[0],
        None if source is None else source[0],
    ]


_SLOTS = {name: 2 + 2 * index for index, name in enumerate(ENTRY_FIELDS)}
"""Where a field's line and column go in the places (after the entry's own)."""
_PLACE_TEXTS: dict[tuple[int, ...], str] = {}
"""The places as text, per layout: the files `mlofte log` writes share a handful of them."""
_PLACE_TEXTS_KEPT = 1 << 12
