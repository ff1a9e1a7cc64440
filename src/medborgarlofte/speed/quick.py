"""A fast reader for the plain shape of a log file, the one `mlofte log` writes.

    date: 2021-03-14
    commitment: hundsok-skola
    by: [polisen, kommunen]
    note: "Sök med hund."

Only lines of `key: value` at the left margin, comments and empty lines are taken,
and only values whose YAML meaning is certain (a date, a plain number, a slug, a
quoted text without escapes, a flow list of slugs). Anything else returns None and
the file is read by `source`, which reports every problem; so for every file this
accepts, the data and places are exactly those `source.parse` gives (a test holds
the two readers to that).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from medborgarlofte.core import personal
from medborgarlofte.core.model import MAX_COUNT, Locations, is_source
from medborgarlofte.core.text import forbidden_character
from medborgarlofte.files import yaml_source as source
from medborgarlofte.speed.payload import is_id

ENTRY_KEYS = frozenset(("date", "commitment", "agreement", "count", "by", "note", "source"))
# Text that changes how YAML counts lines or columns, or what the scanner sees, and the
# characters that source.py refuses (control, bidi, surrogates): such files take the long way.
_AWKWARD = re.compile(
    "[\x00-\x09\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufeff\ufffe\uffff\u061c\u200e\u200f\u2028\u2029"
    "\u202a-\u202e\u2066-\u2069\\\\]"
)
_LINE = re.compile(r"([a-z]+): (.+)")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_NUMBER = re.compile(r"[1-9][0-9]{0,8}")
_WORD = re.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*")
_DOUBLE = re.compile(r'"([^"]*)"')
_SINGLE = re.compile(r"'([^']*)'")
_FLOW = re.compile(r"\[([a-z][a-z0-9-]*(?:, [a-z][a-z0-9-]*)*)\]")
# Plain text for a note: starts with a letter, no ':' or '#', no trailing space.
_PLAIN = re.compile(r"[A-Za-zÀ-ÖØ-öø-ÿ][^:#\"'`{}\[\]]*[^\s:#\"'`{}\[\]]|[A-Za-zÀ-ÖØ-öø-ÿ]")
# A web address as a plain scalar: no space (so no ": " or " #"), no quote or backslash, and
# not ending in ":" (which would open a mapping).
_URL = re.compile(r"https?://[^\s\"'`\\]*[^\s\"'`\\:]")
# Words that YAML 1.1 reads as yes/no or empty values.
_SPECIAL = frozenset(
    [
        "yes",
        "Yes",
        "YES",
        "no",
        "No",
        "NO",
        "true",
        "True",
        "TRUE",
        "false",
        "False",
        "FALSE",
        "on",
        "On",
        "ON",
        "off",
        "Off",
        "OFF",
        "null",
        "Null",
        "NULL",
    ]
)


Field = tuple[Any, int, int, tuple[int, ...], bool]
"""One `key: value` line as read: the value, its line, its column, the columns of the items
of a flow list (none for any other value), and whether the model takes the value for the key
as it is (a line's meaning does not depend on the lines around it, so neither does that)."""
_Read = tuple[str, Any, int, tuple[int, ...], bool]

_LINES: dict[str, _Read] = {}
"""Lines read before, but notes and sources: the same dates, ids and parties come back in
nearly every file, and a line's meaning does not depend on the lines around it."""
_LINES_KEPT = 1 << 14


def fields(text: str) -> dict[str, Field] | None:
    """Per key of an entry in the plain shape, in the order of the file: its value and places;
    None when the text is not in the plain shape or holds a personal identity number.

    Numbers are looked for line by line: every line taken starts with a letter or `#`, so no
    number can run on from one line into the next, and a line read before was clean."""
    if _AWKWARD.search(text):
        return None
    found: dict[str, Field] = {}
    for index, line in enumerate(text.split("\n")):
        if not line:
            continue
        if line[0] == "#":
            if personal.personal_number_offsets(line):
                return None
            continue
        read = _LINES.get(line) or _line(line)
        if read is None:
            return None
        key, value, col, items, takes = read
        if key in found:
            return None
        found[key] = (value, index + 1, col, items, takes)
    return found or None


def _line(line: str) -> _Read | None:
    match = _LINE.fullmatch(line)
    if match is None or personal.personal_number_offsets(line):
        return None
    key, raw = match.groups()
    if key not in ENTRY_KEYS:
        return None
    col = len(key) + 3
    value = _value(raw, key, col)
    if value is None:
        return None
    read = (key, value[0], col, value[1], _takes(key, value[0]))
    if key != "note" and key != "source" and len(_LINES) < _LINES_KEPT:
        _LINES[line] = read
    return read


def _takes(key: str, value: Any) -> bool:
    """Whether the model takes `value` for `key` as it is (Entry's own checks, without
    pydantic: this is nearly every line of a cold load). A value it would refuse is read
    the long way, which says why."""
    if key == "date":
        return type(value) is dt.date
    if key == "commitment" or key == "agreement":
        return is_id(value)
    if key == "count":
        return type(value) is int and 1 <= value <= MAX_COUNT
    if key == "by":
        parties = [value] if type(value) is str else value
        return type(parties) is list and bool(parties) and all(map(is_id, parties))
    if key == "note":
        return type(value) is str and forbidden_character(value) is None
    return is_source(value)


def read_entry(text: str) -> tuple[dict[str, Any], Locations] | None:
    """The entry's data and places, or None when the text is not in the plain shape."""
    found = fields(text)
    return None if found is None else _parsed(found)


def _parsed(found: dict[str, Field]) -> tuple[dict[str, Any], Locations]:
    data: dict[str, Any] = {}
    locations = Locations()
    keys, values = locations.keys, locations.values
    for key, (value, line, col, items, _) in found.items():
        if not data:
            values[()] = (line, 1)
        keys[(key,)] = (line, 1)
        values[(key,)] = (line, col)
        for position, at in enumerate(items):
            values[(key, position)] = (line, at)
        data[key] = list(value) if type(value) is list else value
    return data, locations


_NO_ITEMS: tuple[int, ...] = ()


def _value(raw: str, key: str, col: int) -> tuple[Any, tuple[int, ...]] | None:
    """The value and the columns of its items (a flow list), or None when not certain."""
    first = raw[0]
    if first == '"':
        match = _DOUBLE.fullmatch(raw)
        return (match.group(1), _NO_ITEMS) if match else None
    if first == "'":
        match = _SINGLE.fullmatch(raw)
        return (match.group(1), _NO_ITEMS) if match else None
    if first == "[":
        if _FLOW.fullmatch(raw) is None:
            return None
        items = raw[1:-1].split(", ")
        if any(item in _SPECIAL for item in items):
            return None
        columns = []
        offset = col + 1
        for item in items:
            columns.append(offset)
            offset += len(item) + 2
        return items, tuple(columns)
    if _DATE.fullmatch(raw):
        try:
            return dt.date.fromisoformat(raw), _NO_ITEMS
        except ValueError:
            return None
    if _NUMBER.fullmatch(raw):
        return int(raw), _NO_ITEMS
    if raw in _SPECIAL:
        return None
    if _WORD.fullmatch(raw) or _PLAIN.fullmatch(raw) or (key == "source" and _URL.fullmatch(raw)):
        return raw, _NO_ITEMS
    return None


def read_fields(fs_path: str, rel: str, size: int | None) -> dict[str, Field] | None:
    """A log file in the plain shape, read without building YAML nodes; None for any other."""
    # the whole relative path: a folder name may hold a personal number too
    if size is None or size > source.MAX_FILE_BYTES or personal.personal_number_offsets(rel):
        return None
    try:
        text = source.read_limited(fs_path).decode("utf-8")
    except (OSError, UnicodeDecodeError, source.TooLarge):
        return None
    return fields(text)


def parsed(found: dict[str, Field]) -> source.Parsed:
    """What `source.parse` gives for the file these fields were read from."""
    data, locations = _parsed(found)
    return source.Parsed(data, locations)
