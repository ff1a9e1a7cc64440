"""Walks a data root: every agreement and log file, parsed and validated, in sorted order.

Returns the Dataset of what is valid and the Problems of what is not, each at
its file and line; pydantic's errors are placed with the locations from source.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import gc
import os
import re
import stat
import time
from array import array
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from pydantic import BaseModel, ValidationError

from medborgarlofte import survey
from medborgarlofte.discover import LOGS, Folder, Listing, list_root
from medborgarlofte.filestats import STAT_FIELDS, take_stats
from medborgarlofte.ids import is_slug, slugify
from medborgarlofte.model import (
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
from medborgarlofte.problems import Problem
from medborgarlofte.text import forbidden_character, quote

if TYPE_CHECKING:
    from medborgarlofte import source
    from medborgarlofte.warm import Index

PARALLEL_THRESHOLD = 2000
"""More files to read than this, and they are read by one process per core."""

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
    def of(root: Path, *, logs: bool, stats: bool, meanwhile: Callable[[], T]) -> tuple[Scan, T]:
        """The scan, and what `meanwhile()` returned: it runs while stats are being taken."""
        started = time.time_ns()
        if not (stats and logs):
            survey.stop()  # a survey lists logs/ for stats: of no use here
        if not stats:
            return Scan(list_root(str(root), logs=logs), None, started), meanwhile()
        early = survey.take(str(root), meanwhile) if logs else None
        if early is None:
            listing = list_root(str(root), logs=logs, quick=True)
            taken, found = take_stats(listing.agreements + listing.logs, meanwhile)
        else:
            surveyed, found = early
            taken = None if surveyed is None else surveyed.stats
            if surveyed is not None and taken is not None:
                listing, started = surveyed.listing, surveyed.started
        if taken is None:  # a name is not a plain file (a link, a folder), or is gone: with care
            listing = list_root(str(root), logs=logs)
            taken = take_stats(listing.agreements + listing.logs, lambda: None)[0]
        return Scan(listing, taken, started), found

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


def load(
    root: Path,
    *,
    logs: bool = True,
    cache: bool = True,
    parallel_threshold: int = PARALLEL_THRESHOLD,
) -> tuple[Dataset, list[Problem]]:
    """Every agreement (and log entry, unless `logs` is false) under `root`, and every problem found.

    With `cache`, files unchanged since the last run are taken from the cache (see cache.py);
    more than `parallel_threshold` files to read are read in parallel. Neither changes the result.
    """
    session = _Session.start(root, logs=logs, cache=cache, parallel_threshold=parallel_threshold)
    with _no_gc():
        dataset, problems = session.load()
    session.save()
    return dataset, problems


def load_checked(
    root: Path,
    *,
    logs: bool = True,
    cache: bool = True,
    parallel_threshold: int = PARALLEL_THRESHOLD,
    entries: bool = True,
) -> tuple[Dataset, list[Problem]]:
    """`load` plus every cross-file rule of checks.py; when no file changed since the last
    run, the rules' problems are those the cache kept from it (the rules are pure).

    Without `entries` the caller needs only the summary of the entries (status, validate,
    log): when the last run found no problem in the files and no log file has been changed
    or removed since, the dataset comes from the cache's index (warm.py), its `entries`
    empty; new log files are read and checked alone. The result is the same either way.
    """
    from medborgarlofte import warm
    from medborgarlofte.checks import check_all
    from medborgarlofte.summary import summarize

    warm_path = logs and not entries
    session = _Session.start(
        root, logs=logs, cache=cache, parallel_threshold=parallel_threshold, index=warm_path
    )
    if session.index is not None:
        found = warm.load(root, session.scan, session.index)
        if found is not None:
            return found
    with _no_gc():
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


@contextmanager
def _no_gc() -> Iterator[None]:
    """Building 50,000 small objects would run the cycle collector hundreds of times over
    objects that form no cycle: it is paused, and what was built is then frozen out of its
    reach (freed by reference counting as ever), so no full collection follows either."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if enabled:
            gc.enable()


class Doubt(Exception):
    """A cached record is not of the shape we write: the whole cache is dropped."""


class _Session:
    """One load: which files the cache answers, which to read, and the cache to write back."""

    def __init__(
        self, root: Path, scan: Scan, *, logs: bool, use_cache: bool, parallel_threshold: int
    ) -> None:
        from medborgarlofte.cache import Snapshot

        self.root = root
        self.logs = logs
        self.use_cache = use_cache
        self.parallel_threshold = parallel_threshold
        self.scan = scan
        self.snapshot = Snapshot()
        self.cache_read = False
        self.index: Index | None = None
        self.fingerprint: str | None = None
        self.dirty = False
        self.discovered = 0
        """How many of the problems are the walk's own (the first ones)."""

    @staticmethod
    def start(
        root: Path, *, logs: bool, cache: bool, parallel_threshold: int, index: bool = False
    ) -> _Session:
        """The walk done and the stats taken; meanwhile the cache read: its index (warm.py)
        when `index`, else the cache of every file."""
        from medborgarlofte import cache as cache_module
        from medborgarlofte import warm

        use_cache = cache and cache_module.enabled()

        def meanwhile() -> Index | cache_module.Snapshot | None:
            if not use_cache:
                return None
            return warm.read(root) if index else cache_module.read(root)

        scan, found = Scan.of(root, logs=logs, stats=use_cache, meanwhile=meanwhile)
        session = _Session(
            root, scan, logs=logs, use_cache=use_cache, parallel_threshold=parallel_threshold
        )
        if isinstance(found, cache_module.Snapshot):
            session.snapshot, session.cache_read = found, True
        else:
            session.index = found
        return session

    def load(self) -> tuple[Dataset, list[Problem]]:
        from medborgarlofte import cache as cache_module

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
        read = _read_payloads(jobs, self.parallel_threshold)  # in the order of `to_read`
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
            from medborgarlofte import cache as cache_module

            files = self.snapshot.files
            for rel, value in files.items():
                if type(value) is tuple and rel.startswith(f"{LOGS}/"):
                    files[rel] = _compact(*value) or value
            cache_module.write(self.root, self.snapshot)


def _fingerprint(files: list[tuple[str, _File]], started: int) -> str | None:
    """Names and stats of every file read: the cross-file problems hold for exactly this set.
    None when a file is too fresh to trust its stat (see `racy`)."""
    import hashlib

    from medborgarlofte.cache import RACY_NS

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
    from medborgarlofte.cache import RACY_NS

    return max(mtime, ctime) >= started - RACY_NS


_A, _L = "A", "L"


def _read_payloads(jobs: list[tuple[str, str, str, int]], threshold: int) -> Iterator[Any]:
    """Each file read into its payload, in order; across processes when there are many,
    given as they come so that the caller builds on them while the rest is being read."""
    workers = os.cpu_count() or 1
    if len(jobs) <= threshold or workers < 2:
        yield from _read_chunk(jobs)
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    from medborgarlofte import source  # imported once, before the workers fork

    del source
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    size = -(-len(jobs) // (workers * 4))
    chunks = [jobs[i : i + size] for i in range(0, len(jobs), size)]
    given = 0
    try:
        with ProcessPoolExecutor(workers, mp_context=context) as pool:
            for chunk in pool.map(_read_chunk, chunks):
                yield from chunk
                given += len(chunk)
    except (OSError, RuntimeError):  # no processes to be had: read the rest here
        yield from _read_chunk(jobs[given:])


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
    records, problems = load_entries(fs_path, rel, size)
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


def load_agreement(
    fs_path: str, rel: str, size: int | None = None
) -> tuple[AgreementFile | None, list[Problem], set[str]]:
    """The agreement, or its problems and the commitment ids it seems to hold."""
    return _load_agreement(fs_path, rel, size)[:3]


def _load_agreement(
    fs_path: str, rel: str, size: int | None = None
) -> tuple[AgreementFile | None, list[Problem], set[str], source.Parsed | None]:
    """As load_agreement, with the parsed mapping of an invalid agreement (for `salvage`)."""
    from medborgarlofte import source

    parsed = source.read_file(fs_path, rel, size)
    problems = parsed.problems
    if parsed.data is None:
        return None, problems, set(), None
    if not isinstance(parsed.data, dict):
        message = "an agreement file holds one mapping (key: value lines), not a list or a value"
        return None, [*problems, Problem(rel, 1, 1, message)], set(), None
    model, more = validate(Agreement, parsed.data, parsed, rel, ())
    problems += more
    if model is None or problems:
        return None, problems, _commitment_ids(parsed.data), parsed
    stem = rel.rsplit("/", 1)[-1].removesuffix(".yaml")
    return AgreementFile(model.id or stem, rel, model, parsed.locations), problems, set(), None


def _as_id(value: Any) -> str:
    """An id as the user meant it: valid as written, else the suggested fix, else ''."""
    if not isinstance(value, str):
        return ""
    return value if is_slug(value) else slugify(value)


def _ids(value: Any) -> list[str]:
    values = [value] if isinstance(value, str) else value
    found = [_as_id(v) for v in values] if isinstance(values, (list, dict)) else []
    return [v for v in found if v]


def salvage(data: Any) -> dict[str, Any] | None:
    """What the cross-file rules can still use of an agreement that failed validation, so
    that one typo hides none of the file's other problems nor makes its entries unknown:
    its period and its ids, each invalid id read as its suggested fix (its own problem is
    reported) and each unreadable commitment kept as an empty placeholder, so that the
    places of the others stay right. JSON data; None without a valid period."""
    period = data.get("period") if isinstance(data, dict) else None
    start, end = (period.get("start"), period.get("end")) if isinstance(period, dict) else (0, 0)
    if type(start) is not dt.date or type(end) is not dt.date:
        return None
    commitments = []
    items = data.get("commitments")
    for item in items if isinstance(items, list) else []:
        if isinstance(item, dict):
            item_id = _as_id(item.get("id"))
            commitments.append([item_id, _as_id(item.get("area")), _ids(item.get("responsible"))])
        else:
            commitments.append(["", "", []])
    ident = data.get("id")
    return {
        "id": ident if isinstance(ident, str) and is_slug(ident) else None,
        "period": [start.isoformat(), end.isoformat()],
        "parties": _ids(data.get("parties")) if isinstance(data.get("parties"), dict) else [],
        "focus_areas": _ids(data.get("focus_areas"))
        if isinstance(data.get("focus_areas"), dict)
        else [],
        "commitments": commitments,
    }


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
    from medborgarlofte import personal, quick, source

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


def _commitment_ids(data: dict[Any, Any]) -> set[str]:
    items = data.get("commitments")
    if not isinstance(items, list):
        return set()
    return {c["id"] for c in items if isinstance(c, dict) and isinstance(c.get("id"), str)}


def load_entries(
    fs_path: str, rel: str, size: int | None = None
) -> tuple[list[EntryRecord], list[Problem]]:
    """The valid entries of one log file, and its problems."""
    from medborgarlofte import source

    parsed = _read_quick(fs_path, rel, size) or source.read_file(fs_path, rel, size)
    problems = parsed.problems
    data = parsed.data
    if data is None:
        return [], problems
    if isinstance(data, dict):
        items: list[tuple[Key, Any]] = [((), data)]
    elif isinstance(data, list) and data:
        items = [((index,), item) for index, item in enumerate(data)]
    else:
        message = "a log file holds one entry (date:, commitment: …) or a non-empty list of entries"
        return [], [*problems, Problem(rel, *parsed.locations.of_value(()), message)]
    records = []
    for base, item in items:
        if not isinstance(item, dict):
            line, col = parsed.locations.of_value(base)
            problems.append(Problem(rel, line, col, "an entry is a mapping (date:, commitment: …)"))
            continue
        entry, more = validate(Entry, item, parsed, rel, base)
        problems += more
        if entry is not None and not more:
            records.append(EntryRecord(rel, entry, parsed.locations, base))
    return records, problems


_FIELDS: dict[type[BaseModel], list[str]] = {
    model: list(model.model_fields) for model in (Agreement, Commitment, Period, Entry)
}


M = TypeVar("M", bound=BaseModel)


def validate(
    model: type[M], data: dict[Any, Any], parsed: source.Parsed, rel: str, base: Key
) -> tuple[M | None, list[Problem]]:
    """The model, or the problems placed at the line of each offending key or value."""
    try:
        return model.model_validate(data), []
    except ValidationError as error:
        problems = []
        for detail in error.errors(include_url=False, include_input=True):
            loc = (*base, *_data_path(detail["loc"]))
            if any(loc[:end] in parsed.reported for end in range(len(loc) + 1)):
                continue  # already reported while reading
            problems.append(_problem(detail, loc, parsed.locations, rel, model, base))
        return None, problems


def _data_path(loc: tuple[int | str, ...]) -> Key:
    """pydantic's loc without its '[key]' and validator-name parts."""
    return tuple(
        part for part in loc if isinstance(part, int) or not part.startswith(("[", "function-"))
    )


def _model_at(model: type[BaseModel], loc: Key) -> type[BaseModel]:
    if model is Agreement and loc[:1] == ("period",) and len(loc) == 2:
        return Period
    if model is Agreement and loc[:1] == ("commitments",) and len(loc) == 3:
        return Commitment
    return model


_KINDS = {
    str: "text",
    int: "a number",
    float: "a decimal number",
    bool: "a yes/no value",
    list: "a list",
    dict: "a mapping",
    type(None): "empty",
}


def _describe(value: object) -> str:
    kind = _KINDS.get(type(value), type(value).__name__)
    if isinstance(value, (str, int, float)) and not isinstance(value, bool):
        return f"{kind} {quote(str(value))}"
    if isinstance(value, bool):
        return f"{kind} ({str(value).lower()})"
    return kind


def _problem(
    detail: Any, loc: Key, locations: Locations, rel: str, model: type[BaseModel], base: Key
) -> Problem:
    kind = detail["type"]
    value = detail.get("input")
    field_loc = loc[len(base) :]
    names = [part for part in field_loc if isinstance(part, str)]
    name = names[-1] if names else "value"
    line, col = locations.of_value(loc)
    if "[key]" in detail["loc"]:  # a mapping's key is at fault, not its value
        line, col = locations.of_key(loc)
        name = f"{names[-2]} key" if len(names) > 1 else "key"
    if kind == "missing":
        line, col = locations.of_value(loc[:-1])
        message = f"missing required key '{name}'"
    elif kind == "extra_forbidden":
        line, col = locations.of_key(loc)
        known = _FIELDS[_model_at(model, field_loc)]
        close = difflib.get_close_matches(str(name), known, n=1)
        hint = f" (did you mean '{close[0]}'?)" if close else f"; known keys: {', '.join(known)}"
        message = f"unknown key {quote(str(field_loc[-1]))}{hint}"
    elif kind in ("int_type", "int_parsing", "int_from_float"):
        hint = "; remove the quotes" if isinstance(value, str) and value.strip().isdigit() else ""
        message = f"{name} must be a whole number, not {_describe(value)}{hint}"
    elif kind == "string_type":
        message = f"{name} must be text, not {_describe(value)}; put it in quotes"
    elif kind in ("date_type", "date_parsing", "date_from_datetime_inexact"):
        if hasattr(value, "hour"):
            message = f"{name} must be a date such as 2021-03-14, not a date and time"
        else:
            message = f"{name} must be a date such as 2021-03-14, not {_describe(value)}"
    elif kind == "greater_than_equal":
        message = f"{name} must be at least {detail['ctx']['ge']}, not {_describe(value)}"
    elif kind == "less_than_equal":
        message = f"{name} must be at most {detail['ctx']['le']}, not {_describe(value)}"
    elif kind == "literal_error":
        message = f"{name} must be one of {detail['ctx']['expected']}, not {_describe(value)}"
    elif kind == "too_short":
        message = f"{name} must not be empty"
    elif kind in ("dict_type", "model_type"):
        message = f"{name} must be a mapping (key: value lines), not {_describe(value)}"
    elif kind == "list_type":
        message = f"{name} must be a list, not {_describe(value)}"
    elif kind in ("slug", "control_character", "blank", "multiline"):
        message = f"{name}: {detail['msg']}"
    else:
        message = f"{name}: {detail['msg']}"
    return Problem(rel, line, col, message)
