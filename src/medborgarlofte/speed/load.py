"""Walks a data root: every agreement and log file, parsed and validated, in sorted order.

Returns the Dataset of what is valid and the Problems of what is not, each at
its file and line; pydantic's errors are placed with the locations from source.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import re
import stat
import time
from array import array
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from pydantic import ValidationError

from medborgarlofte.core.ids import is_slug
from medborgarlofte.core.model import (
    MAX_COUNT,
    Agreement,
    AgreementFile,
    Commitment,
    Dataset,
    Entry,
    EntryRecord,
    Key,
    Locations,
    Period,
)
from medborgarlofte.core.problems import Problem
from medborgarlofte.core.text import forbidden_character
from medborgarlofte.files.discover import LOGS, Folder, Listing, list_root
from medborgarlofte.speed.stats import STAT_FIELDS, take_stats

if TYPE_CHECKING:
    from medborgarlofte.files import yaml_source as source
    from medborgarlofte.speed.index import Index

_STEM_SUFFIX = ".yaml"

Stat = tuple[int, int, int, int]
"""What says that a file is unchanged: (size, mtime_ns, ctime_ns, inode)."""


T = TypeVar("T")

_File = tuple[str, str, int, Stat]
"""A data file: (fs path, relative path, size, stat); size -1 and no stat when not taken."""


@dataclass(slots=True)
class Scan:
    """The data files under a root and, when a cache is used, their stats in one array."""

    listing: Listing
    stats: array[int] | None
    started: int
    """time.time_ns() before the first stat: what `racy` compares with."""

    @staticmethod
    def of(root: Path, *, logs: bool, stats: bool) -> Scan:
        """The files under `root`, listed and (with `stats`) stat-ed now: the moment every
        later comparison with the cache is about."""
        started = time.time_ns()
        if not stats:
            return Scan(list_root(str(root), logs=logs), None, started)
        listing = list_root(str(root), logs=logs, quick=True)
        taken = take_stats(listing.agreements + listing.logs)
        if taken is None:  # a name is not a plain file (a link, a folder), or is gone: with care
            listing = list_root(str(root), logs=logs)
            taken = take_stats(listing.agreements + listing.logs)
        return Scan(listing, taken, started)

    def files(self, *, stats: bool) -> tuple[list[_File], list[_File], list[Problem]]:
        """(agreement files, log files sorted by path, problems), each file with its stat
        (without `stats`, none: size -1)."""
        problems = list(self.listing.problems)
        found: list[list[_File]] = [[], []]
        position = 0
        for kind, folders in enumerate((self.listing.agreements, self.listing.logs)):
            for folder in folders:
                prefix, names = folder.rel + "/", folder.names
                if not stats:
                    found[kind] += [
                        (os.path.join(folder.path, n), prefix + n, -1, _UNKNOWN_SIZE) for n in names
                    ]
                    continue
                if self.stats is None:
                    found[kind] += _careful_stats(folder, problems)
                    continue
                end = position + STAT_FIELDS * len(names)
                numbers = self.stats[position:end].tolist()
                position = end
                found[kind] += [
                    (
                        os.path.join(folder.path, n),
                        prefix + n,
                        numbers[k],
                        (numbers[k], numbers[k + 1], numbers[k + 2], numbers[k + 3]),
                    )
                    for n, k in zip(names, range(0, len(numbers), STAT_FIELDS), strict=True)
                ]
        found[1].sort(key=lambda item: item[1])
        return found[0], found[1], problems


def _careful_stats(folder: Folder, problems: list[Problem]) -> list[_File]:
    """The files of a folder stat-ed one by one, each that cannot be read reported."""
    files: list[_File] = []
    for name in folder.names:
        fs_path, rel = os.path.join(folder.path, name), f"{folder.rel}/{name}"
        try:
            info = os.lstat(fs_path)
        except OSError as error:
            problems.append(Problem(rel, 1, 1, f"cannot read: {error.strerror}"))
            continue
        if stat.S_ISREG(info.st_mode):
            stat_ = (info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino)
            files.append((fs_path, rel, info.st_size, stat_))
        elif not stat.S_ISDIR(info.st_mode):
            problems.append(Problem(rel, 1, 1, "not a regular file"))
    return files


_UNKNOWN_SIZE: Stat = (-1, 0, 0, 0)
"""A file not stat-ed: its size is found by reading at most the limit and one byte more."""


def load(root: Path, *, logs: bool = True, cache: bool = True) -> tuple[Dataset, list[Problem]]:
    """Every agreement (and log entry, unless `logs` is false) under `root`, and every problem
    found in the files (not the cross-file rules: see `load_checked`).

    With `cache`, files unchanged since the last run are taken from the cache (see cache.py).
    It never changes the result."""
    session = _Session.start(root, logs=logs, cache=cache)
    dataset, problems = session.load()
    session.save()
    return dataset, problems


def load_checked(
    root: Path, *, logs: bool = True, cache: bool = True, entries: bool = True
) -> tuple[Dataset, list[Problem]]:
    """`load` plus every cross-file rule of rules.py; when no file changed since the last
    run, the rules' problems are those the cache kept from it (the rules are pure).

    Without `entries` the caller needs only the summary of the entries (status, validate,
    log): when the last run found no problem in the files and no log file has been changed
    or removed since, the dataset comes from the cache's index (index.py), its `entries`
    empty; new log files are read and checked alone. The result is the same either way.
    """
    from medborgarlofte.core.rules import check_all
    from medborgarlofte.core.summary import summarize
    from medborgarlofte.speed import index as warm

    warm_path = logs and not entries
    session = _Session.start(root, logs=logs, cache=cache, index=warm_path)
    if session.index is not None:
        found = warm.load(root, session.scan, session.index)
        if found is not None:
            return found
    dataset, problems = session.load()
    checked = session.cached_checks()
    if checked is None:
        checked = check_all(dataset)
        session.remember_checks(checked)
    if logs and session.use_cache and not checked and len(problems) == session.discovered:
        # nothing wrong in any file: what status needs is kept for the next run
        dataset = dataclasses.replace(dataset, summary=summarize(dataset))
        warm.save(root, session.scan, dataset)
    session.save()
    return dataset, problems + checked


class Doubt(Exception):
    """A cached record is not of the shape we write: the whole cache is dropped."""


class _Session:
    """One load: which files the cache answers, which to read, and the cache to write back."""

    def __init__(self, root: Path, scan: Scan, *, logs: bool, use_cache: bool) -> None:
        from medborgarlofte.speed.cache import Snapshot

        self.root = root
        self.logs = logs
        self.use_cache = use_cache
        self.scan = scan
        self.snapshot = Snapshot()
        self.cache_read = False
        self.index: Index | None = None
        self.fingerprint: str | None = None
        self.dirty = False
        self.discovered = 0
        """How many of the problems are the walk's own (the first ones)."""

    @staticmethod
    def start(root: Path, *, logs: bool, cache: bool, index: bool = False) -> _Session:
        """The walk done and the stats taken, then the cache read: its index (index.py) when
        `index`, else the cache of every file. The cache is read after the stats, so whatever
        it says is compared with the files as they were when this run began."""
        from medborgarlofte.speed import cache as cache_module
        from medborgarlofte.speed import index as warm

        use_cache = cache and cache_module.enabled()
        scan = Scan.of(root, logs=logs, stats=use_cache)
        session = _Session(root, scan, logs=logs, use_cache=use_cache)
        if use_cache:
            if index:
                session.index = warm.read(root)
            else:
                session.snapshot, session.cache_read = cache_module.read(root), True
        return session

    def load(self) -> tuple[Dataset, list[Problem]]:
        from medborgarlofte.speed import cache as cache_module

        if self.use_cache and not self.cache_read:
            self.snapshot, self.cache_read = cache_module.read(self.root), True
        try:
            return self._load(self.snapshot.files)
        except Doubt:
            self.snapshot = cache_module.Snapshot()
            return self._load({})

    def _load(self, cached: dict[str, Any]) -> tuple[Dataset, list[Problem]]:
        started = self.scan.started
        agreement_files, log_files, problems = self.scan.files(stats=self.use_cache)
        self.discovered = len(problems)
        files = [(_A, f) for f in agreement_files] + [(_L, f) for f in log_files]
        payloads: list[Any] = [None] * len(files)
        from_cache = [False] * len(files)
        to_read: list[int] = []
        for index, (_, (_, rel, _, stat_)) in enumerate(files):
            hit = cached.get(rel)
            if type(hit) is str:  # a compact entry: "size|mtime|ctime|inode|..."
                if hit.startswith("%d|%d|%d|%d|" % stat_):  # noqa: UP031
                    payloads[index] = hit
                    from_cache[index] = True
                    continue
            elif hit is not None and hit[0] == stat_:
                payloads[index] = hit[1]
                from_cache[index] = True
                continue
            to_read.append(index)
        jobs = [(files[i][0], *files[i][1][:3]) for i in to_read]
        read = iter(_read_chunk(jobs))  # in the order of `to_read`
        fresh: dict[str, Any] = {}
        agreements: list[AgreementFile] = []
        invalid_ids: set[str] = set()
        partial: list[AgreementFile] = []
        entries: list[EntryRecord] = []
        for index, (kind, (_, rel, _, stat_)) in enumerate(files):
            cached_one = from_cache[index]
            payload = payloads[index] if cached_one else next(read)
            payloads[index] = None  # freed as soon as it is built: the peak stays low
            try:
                if kind == _A:
                    found, file_problems, ids = _agreement_from(rel, payload)
                    if found is not None:
                        (partial if file_problems else agreements).append(found)
                    invalid_ids.update(ids)
                elif type(payload) is str:
                    entries.append(_compact_entry(rel, payload))
                    file_problems = []
                else:
                    records, file_problems = entries_from(rel, payload)
                    entries += records
            except (Doubt, TypeError, ValueError, KeyError, IndexError, AttributeError) as error:
                if cached_one:
                    raise Doubt from error
                raise  # pragma: no cover - our own payloads always have our shape
            problems += file_problems
            if self.use_cache and (cached_one or not racy(stat_[1], stat_[2], started)):
                if type(payload) is str:
                    fresh[rel] = payload
                else:
                    fresh[rel] = (kind == _L and _compact(stat_, payload)) or (stat_, payload)
        if self.use_cache:
            if not self.logs:  # keep what the cache knows of the logs for the next full run
                fresh.update((r, v) for r, v in cached.items() if r.startswith(f"{LOGS}/"))
            if to_read or len(fresh) != len(cached):
                self.dirty = True
            self.fingerprint = _fingerprint(files, started)
            self.snapshot.files = fresh
        dataset = Dataset(tuple(agreements), tuple(entries), frozenset(invalid_ids), tuple(partial))
        return dataset, problems

    def cached_checks(self) -> list[Problem] | None:
        """The cross-file problems of the last run, when the very same files are there now."""
        found = self.snapshot.checks.get(self.logs)
        if found is None or self.fingerprint is None or found[0] != self.fingerprint:
            return None
        return [Problem(*item) for item in found[1]]

    def remember_checks(self, problems: list[Problem]) -> None:
        if self.use_cache and self.fingerprint is not None:
            rows = [(p.path, p.line, p.col, p.message) for p in problems]
            self.snapshot.checks[self.logs] = (self.fingerprint, rows)
            self.dirty = True

    def save(self) -> None:
        if self.use_cache and self.dirty:
            from medborgarlofte.speed import cache as cache_module

            files = self.snapshot.files
            for rel, value in files.items():
                if type(value) is tuple and rel.startswith(f"{LOGS}/"):
                    files[rel] = _compact(*value) or value
            cache_module.write(self.root, self.snapshot)


def _fingerprint(files: list[tuple[str, _File]], started: int) -> str | None:
    """Names and stats of every file read: the cross-file problems hold for exactly this set.
    None when a file is too fresh to trust its stat (see `racy`)."""
    import hashlib

    from medborgarlofte.speed.cache import RACY_NS

    limit = started - RACY_NS
    lines = []
    for _, (_, rel, _, (size, mtime, ctime, inode)) in files:
        if mtime >= limit or ctime >= limit:
            return None
        lines.append(f"{rel}\0{size}|{mtime}|{ctime}|{inode}")
    return hashlib.sha256("\n".join(lines).encode("utf-8", "surrogateescape")).hexdigest()


def racy(mtime: int, ctime: int, started: int) -> bool:
    """A file changed in the last two seconds may change again within the same timestamp tick,
    keeping its size: it is read again next time rather than trusted (git's 'racy clean')."""
    from medborgarlofte.speed.cache import RACY_NS

    return max(mtime, ctime) >= started - RACY_NS


_A, _L = "A", "L"


def _read_chunk(jobs: list[tuple[str, str, str, int]]) -> list[Any]:
    return [
        _agreement_payload(fs_path, rel, size)
        if kind == _A
        else entries_payload(fs_path, rel, size)
        for kind, fs_path, rel, size in jobs
    ]


# --- payloads: what one file yields, as plain JSON data (kept by the cache, sent by workers) ---
#
# agreement: [problems, agreement JSON or None, keys, values, invalid commitment ids]
# log file:  [problems, [entry row, ...]], only the entries that passed validation
# problems are [line, col, message]; keys and values [[key path], line, col]. An entry row is
# [base, places, given, date, commitment, agreement, count, by, note]: `given` has bit i set
# for each ENTRY_FIELDS[i] the file gave; places is "line,col" of the entry, of each field
# (0,0 when absent), then of each `by` item, as one comma-separated text (quick to decode).

ENTRY_FIELDS = ("date", "commitment", "agreement", "count", "by", "note")
_FIELD_BITS = tuple((name, 1 << index) for index, name in enumerate(ENTRY_FIELDS))


def _problem_rows(problems: list[Problem]) -> list[list[Any]]:
    return [[p.line, p.col, p.message] for p in problems]


def _agreement_payload(fs_path: str, rel: str, size: int) -> list[Any]:
    from medborgarlofte.files.read import _load_agreement, salvage

    found, problems, ids, parsed = _load_agreement(fs_path, rel, size)
    if found is None:
        if parsed is None or (part := salvage(parsed.data)) is None:
            return [_problem_rows(problems), None, [], [], sorted(ids)]
        return [
            _problem_rows(problems),
            part,
            [[list(k), *v] for k, v in parsed.locations.keys.items()],
            [[list(k), *v] for k, v in parsed.locations.values.items()],
            sorted(ids),
        ]
    return [
        _problem_rows(problems),
        found.agreement.model_dump_json(exclude_unset=True),
        [[list(k), *v] for k, v in found.locations.keys.items()],
        [[list(k), *v] for k, v in found.locations.values.items()],
        [],
    ]


def entries_payload(fs_path: str, rel: str, size: int) -> list[Any]:
    from medborgarlofte.files import yaml_source as source
    from medborgarlofte.files.read import entries_of

    parsed = _read_quick(fs_path, rel, size) or source.read_file(fs_path, rel, size)
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
                sum(bit for name, bit in _FIELD_BITS if name in given),
                entry.date.isoformat(),
                entry.commitment,
                entry.agreement,
                entry.count,
                entry.by,
                entry.note,
            ]
        )
    return [_problem_rows(problems), rows]


def _problems_from(rel: str, rows: Any) -> list[Problem]:
    if type(rows) is not list:
        raise Doubt
    problems = []
    for row in rows:
        line, col, message = row
        if type(line) is not int or type(col) is not int or type(message) is not str:
            raise Doubt
        problems.append(Problem(rel, line, col, message))
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


def _agreement_from(
    rel: str, payload: Any
) -> tuple[AgreementFile | None, list[Problem], list[str]]:
    rows, text, keys, values, ids = payload
    problems = _problems_from(rel, rows)
    if type(ids) is not list or any(type(i) is not str for i in ids):
        raise Doubt
    if text is None:
        return None, problems, ids
    if type(text) is dict:
        stem = rel.rsplit("/", 1)[-1].removesuffix(_STEM_SUFFIX)
        part = _partial(text)
        locations = Locations(_place_rows(keys), _place_rows(values))
        return AgreementFile(part.id or stem, rel, part, locations), problems, []
    if type(text) is not str:
        raise Doubt
    try:
        model = Agreement.model_validate_json(text)  # validated again in full: agreements are few
    except ValidationError as error:
        raise Doubt from error
    stem = rel.rsplit("/", 1)[-1].removesuffix(_STEM_SUFFIX)
    locations = Locations(_place_rows(keys), _place_rows(values))
    return AgreementFile(model.id or stem, rel, model, locations), problems, []


_new = object.__new__
_set = object.__setattr__


def _entry(row: list[Any]) -> Entry:
    """An Entry from a row that passed validation when it was written, its shape checked again
    (types, ranges, ids, characters), without pydantic's per-call cost."""
    given, day, commitment, agreement, count, by, note = row[2:]
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
        },
    )
    _set(entry, "__pydantic_fields_set__", set(_GIVEN[given]))
    _set(entry, "__pydantic_extra__", None)
    _set(entry, "__pydantic_private__", None)
    return entry


_PLACE_COUNT = 2 + 2 * len(ENTRY_FIELDS)
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


def _day(text: str) -> dt.date:
    """The date, parsed once and shared: entries fall on a few thousand days."""
    day = _DAYS[text] = dt.date.fromisoformat(text)
    return day


_GIVEN = [
    frozenset(name for name, bit in _FIELD_BITS if mask & bit)
    for mask in range(1 << len(ENTRY_FIELDS))
]


def entries_from(rel: str, payload: Any) -> tuple[list[EntryRecord], list[Problem]]:
    rows, items = payload
    problems = _problems_from(rel, rows)
    if type(items) is not list:
        raise Doubt
    records = []
    for row in items:
        if type(row) is not list or len(row) != 9:
            raise Doubt
        records.append(_record(rel, row))
    return records, problems


def _record(rel: str, row: list[Any]) -> EntryRecord:
    places = row[1]
    if type(places) is not str or _PLACES.fullmatch(places) is None:
        raise Doubt
    base = _key(row[0]) if row[0] else ()
    entry = _entry(row)
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
    "[0-9]{1,9}(?:,[0-9]{1,9}){" + str(_PLACE_COUNT - 1) + "}(?:,[0-9]{1,9},[0-9]{1,9})*"
)
_NOWHERE: dict[Key, tuple[int, int]] = {}


@dataclass(frozen=True, slots=True)
class Places(Locations):
    """The places of a cached entry, kept as their compact text and decoded only when a
    problem asks for one: `keys` and `values` stay empty, `of_value` and `of_key` answer."""

    places: str = ""
    base: Key = ()

    def decoded(self) -> Locations:
        numbers = [int(n) for n in self.places.split(",")]
        base = self.base
        values = {base: (numbers[0], numbers[1])}
        for index, name in enumerate(ENTRY_FIELDS, 1):
            if numbers[2 * index]:
                values[(*base, name)] = (numbers[2 * index], numbers[2 * index + 1])
        for position, at in enumerate(range(_PLACE_COUNT, len(numbers), 2)):
            values[(*base, "by", position)] = (numbers[at], numbers[at + 1])
        return Locations({}, values)

    def of_value(self, key: Key) -> tuple[int, int]:
        return self.decoded().of_value(key)

    def of_key(self, key: Key) -> tuple[int, int]:
        return self.decoded().of_key(key)


# A log file holding one valid entry and no problem (nearly all of them) is kept as one text,
# which JSON decodes at once: "size|mtime|ctime|inode|places|given|date|commitment|agreement|
# count|by|note", agreement and by empty when absent, note "-" when absent or "+" and the text
# (last, so that it may hold "|"; no other field can).


def _compact(stat_: Stat, payload: Any) -> str | None:
    problems, rows = payload
    if problems or len(rows) != 1 or rows[0][0]:
        return None
    _, places, given, day, commitment, agreement, count, by, note = rows[0]
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
            "-" if note is None else "+" + note,
        )
    )


def _compact_entry(rel: str, text: str) -> EntryRecord:
    parts = text.split("|", 11)
    if len(parts) != 12:
        raise Doubt
    note = parts[11]
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
    ]
    return _record(rel, row)


def _doubt() -> Any:
    raise Doubt


def _partial(part: dict[str, Any]) -> Agreement:
    """The salvaged agreement, unvalidated by design: only the cross-file rules see it
    (an invalid root never reaches status or log); its shape is checked like any cached record."""
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


def _read_quick(fs_path: str, rel: str, size: int | None) -> source.Parsed | None:
    """A log file in the plain shape, read without building YAML nodes; None for any other."""
    from medborgarlofte.core import personal
    from medborgarlofte.files import yaml_source as source
    from medborgarlofte.speed import quick

    # the whole relative path: a folder name may hold a personal number too
    if size is None or size > source.MAX_FILE_BYTES or personal.personal_number_offsets(rel):
        return None
    try:
        text = source.read_limited(fs_path).decode("utf-8")
    except (OSError, UnicodeDecodeError, source.TooLarge):
        return None
    if personal.personal_number_offsets(text):
        return None
    found = quick.read_entry(text)
    if found is None:
        return None
    return source.Parsed(found[0], found[1])
