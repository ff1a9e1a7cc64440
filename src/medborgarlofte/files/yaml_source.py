"""YAML text -> plain data plus the place of every key and value.

Everything that can go wrong while reading a file becomes a Problem here: size,
decoding, syntax, control characters, duplicate keys, tags, aliases, nesting and
the YAML 1.1 traps (`ON` read as a boolean, `1:30` as 90, `010` as 8). The
composer of libyaml builds the node graph; values are built from it by us, so
nothing is ever constructed from a tag and no alias is ever expanded.
"""

from __future__ import annotations

import bisect
import os
import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from medborgarlofte.core import personal
from medborgarlofte.core.model import Key, Locations
from medborgarlofte.core.problems import Problem, problem
from medborgarlofte.core.text import escape_char, escape_controls
from medborgarlofte.files.yaml_nodes import MAX_DEPTH, Builder

try:
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - libyaml missing
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

MAX_FILE_BYTES = 1024 * 1024
"""Files larger than this (1 MiB) are refused from their size, before parsing."""


# Characters that PyYAML's reader refuses, and bidi controls it lets through.
_RAW_FORBIDDEN = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff"
    "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]"
)
_NESTING_CHARS = re.compile(r"[\[{:?-]")
# UTF-32 first: its little-endian mark begins with UTF-16's.
_OTHER_BOMS = (
    (b"\xff\xfe\x00\x00", "UTF-32"),
    (b"\x00\x00\xfe\xff", "UTF-32"),
    (b"\xff\xfe", "UTF-16"),
    (b"\xfe\xff", "UTF-16"),
)
MAX_ALIAS_PROBLEMS = 20
"""Aliases reported one by one up to this many per file; a bomb holds thousands."""
MAX_REPORTED = 100
"""A file with more values refused while reading is not validated further (a bomb, not a typo)."""


@dataclass(slots=True)
class Parsed:
    """A parsed document: its data (None when unreadable), places, problems, and the
    key paths whose values were already reported (validation skips errors under them)."""

    data: Any = None
    locations: Locations = field(default_factory=Locations)
    problems: list[Problem] = field(default_factory=list)
    reported: set[Key] = field(default_factory=set)


def place(text: str, index: int) -> tuple[int, int]:
    """1-based line and column of a character offset."""
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


class _Places:
    """Line and column of many offsets of one text, each found by bisection, not by rescanning."""

    def __init__(self, text: str) -> None:
        self.starts = [0, *(m.end() for m in re.finditer("\n", text))]

    def __call__(self, index: int) -> tuple[int, int]:
        line = bisect.bisect_right(self.starts, index)
        return line, index - self.starts[line - 1] + 1


def decode(raw: bytes, path: str) -> tuple[str | None, list[Problem]]:
    """UTF-8 text, a BOM dropped; a decoding error names its line."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    for bom, name in _OTHER_BOMS:
        if raw.startswith(bom):
            return None, [problem(path, 1, 1, "other-encoding", encoding=name)]
    try:
        return raw.decode("utf-8"), []
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        col = error.start - (raw.rfind(b"\n", 0, error.start) + 1) + 1
        byte = raw[error.start : error.start + 1]
        if _windows_text(raw):
            # Notepad's "ANSI", Excel's "CSV", older Word: what Swedish Windows saves by default
            char = byte.decode("cp1252")
            found = problem(path, line, col, "saved-as-windows-1252", char=escape_controls(char))
        else:
            found = problem(path, line, col, "not-utf-8", byte=f"0x{byte.hex()}")
        return None, [found]


def _windows_text(raw: bytes) -> bool:
    """Whether bytes that are not UTF-8 read as Windows-1252 text (å, ä, ö as 0xe5, 0xe4, 0xf6):
    every byte decodes, and none is a control character but tab and line breaks."""
    try:
        text = raw.decode("cp1252")
    except UnicodeDecodeError:
        return False
    return not any(ord(c) < 32 and c not in "\t\r\n" for c in text)


def read_file(fs_path: str, path: str, size: int | None = None) -> Parsed:
    """Read and parse one file; `path` is how problems name it."""
    problems = (
        [problem(path, 1, 1, "personal-number-in-name")]
        if personal.personal_number_offsets(path)
        else []
    )
    try:
        if size is not None and size > MAX_FILE_BYTES:
            raise TooLarge(size)
        raw = read_limited(fs_path)
    except TooLarge as error:
        too_large = problem(path, 1, 1, "file-too-large", size=error.size, limit=MAX_FILE_BYTES)
        return Parsed(problems=[*problems, too_large])
    except OSError as error:
        from medborgarlofte.files.discover import cannot_read

        return Parsed(problems=[*problems, cannot_read(path, error)])
    text, decode_problems = decode(raw, path)
    if text is None:
        return Parsed(problems=problems + decode_problems)
    parsed = parse(text, path)
    parsed.problems[:0] = problems
    return parsed


class TooLarge(Exception):
    def __init__(self, size: int) -> None:
        self.size = size


_FIRST_PIECE, _PIECE = 1 << 12, 1 << 16


def read_limited(fs_path: str) -> bytes:
    """The file's bytes; TooLarge (with its size) past MAX_FILE_BYTES, whatever its size
    said before (it may not have been known, or the file grew). Read in pieces of 4 KiB
    first, then 64 KiB: asking for the whole limit at once costs a 1 MiB buffer for every
    small file, which took five times as long as the read itself, and a first piece of 64
    KiB a third more than one of 4 KiB, which holds nearly every log file; and without a
    file object, which took half the time of reading a small file."""
    handle = os.open(fs_path, _READ_FLAGS)
    try:
        pieces: list[bytes] = []
        total = 0
        size = _FIRST_PIECE
        while total <= MAX_FILE_BYTES:
            piece = os.read(handle, size)
            size = _PIECE
            if not piece:
                return b"".join(pieces)
            pieces.append(piece)
            total += len(piece)
        raise TooLarge(os.fstat(handle).st_size)
    finally:
        os.close(handle)


_READ_FLAGS = os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_CLOEXEC", 0)


def parse(text: str, path: str) -> Parsed:
    """Parse one YAML document; never raises."""
    places = _Places(text)
    offsets = personal.personal_number_offsets(text)
    problems = [problem(path, *places(index), "personal-number") for index in offsets]
    bad = _RAW_FORBIDDEN.search(text)
    if bad:
        char = escape_char(bad.group())
        found = problem(path, *places(bad.start()), "control-character-in-file", char=char)
        return Parsed(problems=[*problems, found])
    try:
        if "*" in text or len(_NESTING_CHARS.findall(text)) > 500:
            problems += _check_events(text, path)
        node = yaml.compose(text, Loader=_Loader)
    except _TooDeep as error:
        deep = problem(path, error.line, error.col, "nesting-too-deep", depth=MAX_DEPTH)
        return Parsed(problems=[*problems, deep])
    except yaml.MarkedYAMLError as error:
        return Parsed(problems=[*problems, _syntax_problem(error, path)])
    except yaml.reader.ReaderError as error:
        where = places(error.position)
        unreadable = problem(path, *where, "unreadable-character", detail=str(error.reason))
        return Parsed(problems=[*problems, unreadable])
    except (yaml.YAMLError, RecursionError, ValueError) as error:
        invalid = problem(path, 1, 1, "invalid-yaml", detail=escape_controls(str(error)))
        return Parsed(problems=[*problems, invalid])
    if node is None:
        return Parsed(problems=[*problems, problem(path, 1, 1, "empty-file")])
    builder = Builder(path, offsets, text)
    data = builder.build(node, (), 0)
    if data is None:  # `~`, `null` or a bare anchor: as empty as an empty file
        return Parsed(problems=[*problems, *builder.problems, problem(path, 1, 1, "no-data")])
    if len(builder.reported) > MAX_REPORTED:
        # Thousands of tags, aliases or duplicates: list some and validate nothing more, so
        # that no later step walks a value made mostly of holes.
        listed = sorted(builder.problems)[:MAX_REPORTED]
        refused = problem(path, 1, 1, "too-many-refused", count=len(builder.reported))
        return Parsed(problems=[*problems, *listed, refused])
    return Parsed(data, builder.locations, problems + builder.problems, builder.reported)


class _TooDeep(Exception):
    def __init__(self, line: int, col: int) -> None:
        self.line, self.col = line, col


def _check_events(text: str, path: str) -> list[Problem]:
    """Walk the event stream (no recursion, nothing built): refuse deep nesting before
    composing, and report every alias at its own place, before anything can expand it."""
    depth = 0
    aliases: list[tuple[int, int]] = []
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                raise _TooDeep(*_mark(event))
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
        elif isinstance(event, yaml.AliasEvent):
            aliases.append(_mark(event))
    problems = []
    for number, (line, col) in enumerate(aliases[:MAX_ALIAS_PROBLEMS], 1):
        if number == MAX_ALIAS_PROBLEMS and len(aliases) > number:
            more = len(aliases) - number
            problems.append(problem(path, line, col, "alias-more", more=more))
        else:
            problems.append(problem(path, line, col, "alias"))
    return problems


def _mark(event: yaml.Event) -> tuple[int, int]:
    mark = event.start_mark
    return (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)


def _syntax_problem(error: yaml.MarkedYAMLError, path: str) -> Problem:
    mark = error.problem_mark or error.context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    what = error.problem or "invalid YAML"
    if "expected a single document" in f"{what} {error.context}":
        return problem(path, line, col, "one-document")
    if "maximum nesting depth" in what:  # newer PyYAML's own limit, met while scanning
        return problem(path, line, col, "nesting-too-deep", depth=MAX_DEPTH)
    if "tab" in what:
        return problem(path, line, col, "tab-indent")
    if error.context:
        context = escape_controls(error.context)
        return problem(
            path, line, col, "yaml-syntax-context", problem=escape_controls(what), context=context
        )
    return problem(path, line, col, "yaml-syntax", problem=escape_controls(what))
