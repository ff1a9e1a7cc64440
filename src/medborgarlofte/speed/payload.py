"""What one data file yields, as plain JSON data: the per-file cache keeps it, and a file is
read into it once. Decoding a cached payload checks its shape again (types, ranges, ids,
characters); anything not of the shape we write raises Doubt, and the whole cache is dropped."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from medborgarlofte.core.ids import file_stem, is_slug
from medborgarlofte.core.model import (
    MAX_COUNT,
    Agreement,
    AgreementFile,
    Commitment,
    Entry,
    EntryRecord,
    Key,
    Locations,
    Period,
    is_source,
)
from medborgarlofte.core.problems import Problem
from medborgarlofte.core.text import forbidden_character
from medborgarlofte.speed.rows import problem_of
from medborgarlofte.speed.scan import Stat


class Doubt(Exception):
    """A cached record is not of the shape we write: the whole cache is dropped."""


# --- payloads: what one file yields, as plain JSON data (kept by the cache) ---
# agreement: [problems, agreement JSON or None, keys, values, invalid commitment ids]
# log file:  [problems, [entry row, ...]], only the entries that passed validation
# problems are [line, col, code, args, level]; keys and values [[key path], line,
# col]. An entry row is [base, places, given, date, commitment, agreement, count, by, note,
# source]: `given` has bit i set for each ENTRY_FIELDS[i] the file gave; places is "line,col"
# of the entry, of each field (0,0 when absent), then of each `by` item, in one text.

ENTRY_FIELDS = ("date", "commitment", "agreement", "count", "by", "note", "source")
FIELD_BITS = tuple((name, 1 << index) for index, name in enumerate(ENTRY_FIELDS))


def problems_from(rel: str, rows: Any) -> list[Problem]:
    if type(rows) is not list:
        raise Doubt
    problems = []
    for row in rows:
        if type(row) is not list or len(row) != 5:
            raise Doubt
        try:
            problems.append(problem_of(rel, row[0], row[1], row[2:]))
        except ValueError as error:
            raise Doubt from error
    return problems


def _key(value: Any) -> Key:
    if type(value) is not list or any(type(part) not in (str, int) for part in value):
        raise Doubt
    return tuple(value)


def _place_rows(rows: Any) -> dict[Key, tuple[int, int]]:
    if type(rows) is not list:
        raise Doubt
    places: dict[Key, tuple[int, int]] = {}
    for path, line, col in rows:
        if type(line) is not int or type(col) is not int:
            raise Doubt
        places[_key(path)] = (line, col)
    return places


def agreement_from(rel: str, payload: Any) -> tuple[AgreementFile | None, list[Problem], list[str]]:
    rows, text, keys, values, ids = payload
    problems = problems_from(rel, rows)
    if type(ids) is not list or any(type(i) is not str for i in ids):
        raise Doubt
    if text is None:
        return None, problems, ids
    if type(text) is dict:
        stem = file_stem(rel)
        part = _partial(text)
        locations = Locations(_place_rows(keys), _place_rows(values))
        return AgreementFile(part.id or stem, rel, part, locations), problems, []
    if type(text) is not str:
        raise Doubt
    try:
        model = Agreement.model_validate_json(text)  # validated again in full: agreements are few
    except ValidationError as error:
        raise Doubt from error
    stem = file_stem(rel)
    locations = Locations(_place_rows(keys), _place_rows(values))
    return AgreementFile(model.id or stem, rel, model, locations), problems, []


_new = object.__new__
_set = object.__setattr__


def _entry(row: list[Any]) -> Entry:
    """An Entry from a validated row, its shape checked again, without pydantic's cost."""
    given, day, commitment, agreement, count, by, note, source = row[2:]
    if (
        type(given) is not int
        or given & 3 != 3
        or given >> len(ENTRY_FIELDS)
        or type(day) is not str
        or len(day) != 10
    ):
        raise Doubt
    commitment = _slug(commitment)
    if agreement is not None:
        agreement = _slug(agreement)
    if type(count) is not int or not 1 <= count <= MAX_COUNT:
        raise Doubt
    if by is not None:
        if type(by) is not list or not by:
            raise Doubt
        by = [_slug(party) for party in by]
    if note is not None and (type(note) is not str or forbidden_character(note) is not None):
        raise Doubt
    if source is not None and not is_source(source):
        raise Doubt
    return _built(given, day, commitment, agreement, count, by, note, source)


def _built(
    given: int,
    day: str,
    commitment: str,
    agreement: str | None,
    count: int,
    by: list[str] | None,
    note: str | None,
    source: str | None,
) -> Entry:
    entry: Entry = _new(Entry)
    _set(
        entry,
        "__dict__",
        {
            "date": _DAYS.get(day) or _day(day),
            "commitment": commitment,
            "agreement": agreement,
            "count": count,
            "by": by,
            "note": note,
            "source": source,
        },
    )
    _set(entry, "__pydantic_fields_set__", set(_GIVEN[given]))
    _set(entry, "__pydantic_extra__", None)
    _set(entry, "__pydantic_private__", None)
    return entry


PLACE_COUNT = 2 + 2 * len(ENTRY_FIELDS)
"""Numbers in an entry's places before those of its `by` items: its own line and column, then
each field's."""
_SLUGS: dict[str, str] = {}
_DAYS: dict[str, dt.date] = {}


def _slug(value: Any) -> str:
    """The id, checked once and shared: the same few hundred come back in every entry."""
    found = _SLUGS.get(value) if type(value) is str else None
    if found is not None:
        return found
    if type(value) is not str or not is_slug(value):
        raise Doubt
    _SLUGS[value] = value
    return value


def is_id(value: Any) -> bool:
    """Whether the value is an id, as `_slug` checks it, sharing its memo."""
    if type(value) is not str:
        return False
    if value in _SLUGS:
        return True
    if not is_slug(value):
        return False
    _SLUGS[value] = value
    return True


def _day(text: str) -> dt.date:
    """The date, parsed once and shared: entries fall on a few thousand days."""
    return _DAYS.setdefault(text, dt.date.fromisoformat(text))


_GIVEN = [
    frozenset(name for name, bit in FIELD_BITS if mask & bit)
    for mask in range(1 << len(ENTRY_FIELDS))
]


def entries_from(
    rel: str, payload: Any, *, fresh: bool = False
) -> tuple[list[EntryRecord], list[Problem]]:
    """The entries and problems of a log file's payload. A `fresh` one was just read by this
    process (read_files): its rows are built as they are; any other is checked again."""
    rows, items = payload
    problems = problems_from(rel, rows)
    if fresh:
        return [_fresh_record(rel, row) for row in items], problems
    if type(items) is not list:
        raise Doubt
    records = []
    for row in items:
        if type(row) is not list or len(row) != 10:
            raise Doubt
        records.append(_record(rel, row))
    return records, problems


def _record(rel: str, row: list[Any]) -> EntryRecord:
    places = row[1]
    if type(places) is not str or _PLACES.fullmatch(places) is None:
        raise Doubt
    base = _key(row[0]) if row[0] else ()
    return _placed(rel, _entry(row), places, base)


def _fresh_record(rel: str, row: list[Any]) -> EntryRecord:
    base, places, *fields = row
    return _placed(rel, _built(*fields), places, tuple(base))


def _placed(rel: str, entry: Entry, places: str, base: Key) -> EntryRecord:
    where: Places = _new(Places)
    _set(where, "keys", _NOWHERE)
    _set(where, "values", _NOWHERE)
    _set(where, "places", places)
    _set(where, "base", base)
    record: EntryRecord = _new(EntryRecord)
    _set(record, "path", rel)
    _set(record, "entry", entry)
    _set(record, "locations", where)
    _set(record, "base", base)
    return record


_PLACES = re.compile(
    "[0-9]{1,9}(?:,[0-9]{1,9}){" + str(PLACE_COUNT - 1) + "}(?:,[0-9]{1,9},[0-9]{1,9})*"
)
_NOWHERE: dict[Key, tuple[int, int]] = {}


@dataclass(frozen=True, slots=True)
class Places(Locations):
    """A cached entry's places as their compact text, decoded only when a problem asks."""

    places: str = ""
    base: Key = ()

    def decoded(self) -> Locations:
        numbers = [int(n) for n in self.places.split(",")]
        base = self.base
        values = {base: (numbers[0], numbers[1])}
        for index, name in enumerate(ENTRY_FIELDS, 1):
            if numbers[2 * index]:
                values[(*base, name)] = (numbers[2 * index], numbers[2 * index + 1])
        for position, at in enumerate(range(PLACE_COUNT, len(numbers), 2)):
            values[(*base, "by", position)] = (numbers[at], numbers[at + 1])
        return Locations({}, values)

    def of_value(self, key: Key) -> tuple[int, int]:
        return self.decoded().of_value(key)

    def of_key(self, key: Key) -> tuple[int, int]:
        return self.decoded().of_key(key)


# A log file holding one valid entry and no problem (nearly all of them) is kept as one text,
# which JSON decodes at once: "size|mtime|ctime|inode|places|given|date|commitment|agreement|
# count|by|source|note", agreement and by empty when absent, source and note "-" when absent or
# "+" and the text (the note last, so that it may hold "|"; a source holding "|": full form).


def compact(stat_: Stat, payload: Any) -> str | None:
    problems, rows = payload
    if problems or len(rows) != 1 or rows[0][0]:
        return None
    _, places, given, day, commitment, agreement, count, by, note, source = rows[0]
    if source is not None and "|" in source:
        return None
    return "|".join(
        (
            "%d|%d|%d|%d" % stat_,  # noqa: UP031
            places,
            str(given),
            day,
            commitment,
            agreement or "",
            str(count),
            ",".join(by) if by else "",
            "-" if source is None else "+" + source,
            "-" if note is None else "+" + note,
        )
    )


def compact_entry(rel: str, text: str) -> EntryRecord:
    parts = text.split("|", 12)
    if len(parts) != 13:
        raise Doubt
    source, note = parts[11], parts[12]
    row = [
        (),
        parts[4],
        int(parts[5]),
        parts[6],
        parts[7],
        parts[8] or None,
        int(parts[9]),
        parts[10].split(",") if parts[10] else None,
        None if note == "-" else note[1:] if note[:1] == "+" else _doubt(),
        None if source == "-" else source[1:] if source[:1] == "+" else _doubt(),
    ]
    return _record(rel, row)


def _doubt() -> Any:
    raise Doubt


def _partial(part: dict[str, Any]) -> Agreement:
    """The salvaged agreement, unvalidated by design: only the cross-file rules see it."""
    try:
        ident = part["id"]
        start, end = (dt.date.fromisoformat(day) for day in part["period"])
        parties = {_slug(key): key for key in part["parties"]}
        areas = {_slug(key): key for key in part["focus_areas"]}
        commitments = [
            Commitment.model_construct(
                id=_slug(cid) if cid else "",
                title=cid,
                area=_slug(area) if area else "",
                responsible=[_slug(r) for r in responsible],
                minimum=None,
                per="year",
            )
            for cid, area, responsible in part["commitments"]
        ]
    except (KeyError, TypeError, ValueError) as error:
        raise Doubt from error
    if ident is not None:
        _slug(ident)
    return Agreement.model_construct(
        id=ident,
        title=ident or "",
        period=Period.model_construct(start=start, end=end),
        parties=parties,
        focus_areas=areas,
        commitments=commitments,
    )
