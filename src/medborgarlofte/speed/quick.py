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
from typing import TYPE_CHECKING, Any

from medborgarlofte.core.model import Key, Locations

if TYPE_CHECKING:
    from medborgarlofte.files import yaml_source as source

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


def read_entry(text: str) -> tuple[dict[str, Any], Locations] | None:
    """The entry's data and places, or None when the text is not in the plain shape."""
    if _AWKWARD.search(text):
        return None
    data: dict[str, Any] = {}
    locations = Locations()
    keys, values = locations.keys, locations.values
    for index, line in enumerate(text.split("\n")):
        if not line or line[0] == "#":
            continue
        match = _LINE.fullmatch(line)
        if match is None:
            return None
        key, raw = match.groups()
        if key not in ENTRY_KEYS or key in data:
            return None
        number = index + 1
        col = len(key) + 3
        value = _value(raw, (key,), number, col, values)
        if value is None:
            return None
        if not data:
            values[()] = (number, 1)
        keys[(key,)] = (number, 1)
        values[(key,)] = (number, col)
        data[key] = value
    return (data, locations) if data else None


def _value(raw: str, key: Key, line: int, col: int, values: dict[Key, tuple[int, int]]) -> Any:
    first = raw[0]
    if first == '"':
        match = _DOUBLE.fullmatch(raw)
        return match.group(1) if match else None
    if first == "'":
        match = _SINGLE.fullmatch(raw)
        return match.group(1) if match else None
    if first == "[":
        if _FLOW.fullmatch(raw) is None:
            return None
        items = raw[1:-1].split(", ")
        if any(item in _SPECIAL for item in items):
            return None
        offset = col + 1
        for position, item in enumerate(items):
            values[(*key, position)] = (line, offset)
            offset += len(item) + 2
        return items
    if _DATE.fullmatch(raw):
        try:
            return dt.date.fromisoformat(raw)
        except ValueError:
            return None
    if _NUMBER.fullmatch(raw):
        return int(raw)
    if raw in _SPECIAL:
        return None
    if (
        _WORD.fullmatch(raw)
        or _PLAIN.fullmatch(raw)
        or (key == ("source",) and _URL.fullmatch(raw))
    ):
        return raw
    return None


def read_file(fs_path: str, rel: str, size: int | None) -> source.Parsed | None:
    """A log file in the plain shape, read without building YAML nodes; None for any other."""
    from medborgarlofte.core import personal
    from medborgarlofte.files import yaml_source as source

    # the whole relative path: a folder name may hold a personal number too
    if size is None or size > source.MAX_FILE_BYTES or personal.personal_number_offsets(rel):
        return None
    try:
        text = source.read_limited(fs_path).decode("utf-8")
    except (OSError, UnicodeDecodeError, source.TooLarge):
        return None
    if personal.personal_number_offsets(text):
        return None
    found = read_entry(text)
    if found is None:
        return None
    return source.Parsed(found[0], found[1])
