"""Loads a data root the quick way that gives the same answer: from the index (index.py),
else file by file from the per-file cache (cache.py), else by reading every file.

The invariant of every cache: an answer from the cache equals the answer from the files as they
are when the command starts, or the cache is not used. The files are listed and stat-ed first
(scan.py); what the cache and the index hold is compared with those stats, never with later ones.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from medborgarlofte.core.model import (
    AgreementFile,
    Dataset,
    EntryRecord,
    FollowupFile,
    Tallied,
)
from medborgarlofte.core.problems import Problem, errors
from medborgarlofte.files.discover import LOGS
from medborgarlofte.speed.fresh import (
    AGREEMENT,
    LOG,
    agreement_of,
    agreement_payload,
    read_files,
)
from medborgarlofte.speed.payload import (
    Doubt,
    agreement_from,
    compact,
    compact_entry,
    entries_from,
)
from medborgarlofte.speed.scan import File, Scan, Stat, racy

Progress = Callable[[int, int], None]
"""Told (files read, files to read) as files are read: how the CLI shows a long cold load."""
PROGRESS_STEP = 64
"""Files read between two calls of a progress callback."""

if TYPE_CHECKING:
    from medborgarlofte.speed.cache import CheckRow
    from medborgarlofte.speed.index import Index


def load(root: Path, *, logs: bool = True, cache: bool = True) -> tuple[Dataset, list[Problem]]:
    """Every agreement (and log entry, unless `logs` is false) under `root`, and every problem
    found in the files (not the cross-file rules: see `load_checked`).

    With `cache`, files unchanged since the last run are taken from the cache (see cache.py).
    It never changes the result."""
    session = _Session.start(root, logs=logs, cache=cache)
    dataset, problems = session.load()
    session.save()
    return dataset, problems


@dataclasses.dataclass(slots=True)
class Reading:
    """What one command's first load saw of a root, for its later loads: the files as listed
    and stat-ed then, and the data set when it built every entry. `log` counts, then looks for
    a repeat; the look answers for the same moment without a second walk (0.1 s of a national
    root) or, after a full load, without reading anything."""

    scan: Scan | None = None
    dataset: Dataset | None = None


def load_like(
    root: Path,
    agreements: tuple[AgreementFile, ...],
    day: dt.date,
    commitment: str,
    *,
    cache: bool,
    progress: Progress | None,
    reading: Reading | None = None,
) -> Dataset:
    """The `agreements` (those of the same moment's load), and at least every entry of
    `commitment` on `day` (what `log` looks through for a repeat): a file cached in the
    compact form is decoded only when its text holds both (the 50,000 entries of a national
    root took most of a second), and no agreement file is read again. The cache is not
    written: a look, not a load (rewriting its 13 MB for the national root took 0.3 s), and
    the few files read fresh are kept by the next full load."""
    if reading is not None and reading.dataset is not None:
        return Dataset(agreements, reading.dataset.entries)
    session = _Session.start(
        root, logs=True, cache=cache, scan=None if reading is None else reading.scan
    )
    dataset, _ = session.load(progress, like=f"|{day.isoformat()}|{commitment}|")
    return Dataset(agreements, dataset.entries)


def load_checked(
    root: Path, *, logs: bool = True, cache: bool = True, progress: Progress | None = None
) -> tuple[Dataset, list[Problem]]:
    """`load` plus every cross-file rule of rules.py, every entry built, and the follow-up
    files (followups/) with their rules. When no file changed since the last run, the rules'
    problems are those the cache kept from it (rules are pure)."""
    session = _Session.start(root, logs=logs, cache=cache)
    dataset, problems = session.checked(progress)
    session.save()
    if not logs:
        return dataset, problems
    followups, more = _followups(root, dataset, cache)
    return dataclasses.replace(dataset, followups=followups), problems + more


def _followups(
    root: Path, dataset: Dataset, cache: bool
) -> tuple[tuple[FollowupFile, ...], list[Problem]]:
    """The follow-up files and their problems, their rules checked against DATASET.

    Follow-up files are listed and stat-ed on every load, warm or cold, and taken from their
    own per-file cache while unchanged (followups.py): the index, which knows nothing of them,
    can never answer wrongly when one is added, changed or removed."""
    from medborgarlofte.core.followups import FOLLOWUP_RULES
    from medborgarlofte.core.rules import check_all
    from medborgarlofte.speed.followups import load_followups

    followups, problems = load_followups(root, use_cache=cache)
    if not followups:
        return (), problems
    with_them = dataclasses.replace(dataset, followups=tuple(followups))
    return tuple(followups), problems + check_all(with_them, FOLLOWUP_RULES)


def load_tallied(
    root: Path,
    *,
    cache: bool = True,
    warnings: bool = False,
    progress: Progress | None = None,
    reading: Reading | None = None,
) -> tuple[Tallied, list[Problem]]:
    """`_load_tallied` (below), with the follow-up files and their problems (all errors).
    `reading`, when given, is told what this load saw, for a `load_like` after it."""
    tallied, problems, dataset, scan = _load_tallied(
        root, cache=cache, warnings=warnings, progress=progress
    )
    if reading is not None:
        reading.scan, reading.dataset = scan, dataset
    followups, more = _followups(root, dataset or Dataset(tallied.agreements), cache)
    if not followups and not more:
        return tallied, problems
    return dataclasses.replace(tallied, followups=followups), problems + more


def _load_tallied(
    root: Path, *, cache: bool, warnings: bool, progress: Progress | None = None
) -> tuple[Tallied, list[Problem], Dataset | None, Scan]:
    """What status needs of the root, its problems (the errors only, unless `warnings`), the
    full data set when one was built, and the scan every answer is about.

    Without warnings, the answer may come from the cache's index (index.py) when no file
    has changed or been removed since a run that found no error (new log files are read and
    checked alone): every error rule looks at one agreement or one entry at a time, which the
    index can see. With warnings, the rules that compare entries with each other (the root
    scope of rules.py) are needed, and the files are loaded in full (from the per-file cache)."""
    from medborgarlofte.core.rules import ROOT_RULES
    from medborgarlofte.core.summary import tally
    from medborgarlofte.speed import index as warm

    session = _Session.start(root, logs=True, cache=cache, index=not (warnings and ROOT_RULES))
    if session.index is not None:
        found = warm.load(root, session.scan, session.index)
        if found is not None:
            return found[0], found[1] if warnings else errors(found[1]), None, session.scan
    # the rules that compare entries with each other give warnings only: not run for errors
    dataset, problems = session.checked(progress, full=warnings)
    tallied = tally(dataset)
    if session.use_cache and not errors(problems[session.discovered :]):
        # no error in any file: what status needs is kept for the next run
        warm.save(root, session.scan, dataset, tallied.summary)
    session.save()
    return tallied, problems if warnings else errors(problems), dataset, session.scan


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
    def start(
        root: Path, *, logs: bool, cache: bool, index: bool = False, scan: Scan | None = None
    ) -> _Session:
        """The walk done and the stats taken (or `scan`, an earlier load's of the same kind),
        then the cache read: its index (index.py) when `index`, else the cache of every file.
        The cache is read after the stats, so whatever it says is compared with the files as
        they were when this run began."""
        from medborgarlofte.speed import cache as cache_module
        from medborgarlofte.speed import index as warm

        use_cache = cache and cache_module.enabled()
        if scan is None:
            scan = Scan.of(root, logs=logs, stats=use_cache)
        session = _Session(root, scan, logs=logs, use_cache=use_cache)
        if use_cache:
            if index:
                session.index = warm.read(root)
            else:
                session.snapshot, session.cache_read = cache_module.read(root), True
        return session

    def load(
        self, progress: Progress | None = None, like: str | None = None
    ) -> tuple[Dataset, list[Problem]]:
        from medborgarlofte.speed import cache as cache_module

        if self.use_cache and not self.cache_read:
            self.snapshot, self.cache_read = cache_module.read(self.root), True
        try:
            return self._load(self.snapshot.files, progress, like)
        except Doubt:
            self.snapshot = cache_module.Snapshot()
            return self._load({}, progress, like)

    def _load(
        self, cached: dict[str, Any], progress: Progress | None = None, like: str | None = None
    ) -> tuple[Dataset, list[Problem]]:
        """With `like`, only the log files are read, and a compact cached entry (see
        payload.py) not holding that text is left out of the dataset (see `load_like`)."""
        started = self.scan.started
        agreement_files, log_files, problems = self.scan.files(stats=self.use_cache)
        self.discovered = len(problems)
        if like is None:
            files = [(AGREEMENT, f) for f in agreement_files] + [(LOG, f) for f in log_files]
        else:  # a file unchanged since cached in the compact form, not holding `like`: skipped
            files = [(LOG, f) for f in log_files if not _unlike(cached.get(f[1]), f[3], like)]
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
        read = iter(_read(jobs, progress))  # in the order of `to_read`
        fresh: dict[str, Any] = {}
        agreements: list[AgreementFile] = []
        invalid_ids: set[str] = set()
        partial: list[AgreementFile] = []
        entries: list[EntryRecord] = []
        known: set[str] = set()
        for index, (kind, (_, rel, _, stat_)) in enumerate(files):
            cached_one = from_cache[index]
            payload = payloads[index] if cached_one else next(read)
            payloads[index] = None  # freed as soon as it is built: the peak stays low
            try:
                if kind == AGREEMENT:
                    if cached_one:
                        found, file_problems, ids = agreement_from(rel, payload)
                    else:
                        found, file_problems, ids = agreement_of(rel, payload)
                        payload = agreement_payload(payload) if self.use_cache else None
                    if found is not None:
                        (partial if errors(file_problems) else agreements).append(found)
                    invalid_ids.update(ids)
                elif type(payload) is str:
                    if like is None or like in payload:
                        entries.append(compact_entry(rel, payload))
                    file_problems = []
                else:
                    records, file_problems = entries_from(rel, payload, fresh=not cached_one)
                    entries += records
            except (Doubt, TypeError, ValueError, KeyError, IndexError, AttributeError) as error:
                if cached_one:
                    raise Doubt from error
                raise  # pragma: no cover - our own payloads always have our shape
            problems += file_problems
            if self.use_cache and (cached_one or not racy(stat_[1], stat_[2], started)):
                if cached_one:
                    known.add(rel)
                if type(payload) is str:
                    fresh[rel] = payload
                else:
                    fresh[rel] = (kind == LOG and compact(stat_, payload)) or (stat_, payload)
        if self.use_cache:
            if not self.logs:  # keep what the cache knows of the logs for the next full run
                logs = {r: v for r, v in cached.items() if r.startswith(f"{LOGS}/")}
                fresh.update(logs)
                known.update(logs)
            if to_read or len(fresh) != len(cached):
                self.dirty = True
            self.fingerprint = _fingerprint(files, started)
            self.snapshot.files = fresh
            self.snapshot.known = known
        dataset = Dataset(tuple(agreements), tuple(entries), frozenset(invalid_ids), tuple(partial))
        return dataset, problems

    def checked(
        self, progress: Progress | None = None, *, full: bool = True
    ) -> tuple[Dataset, list[Problem]]:
        """The dataset, and the problems of its files and of every cross-file rule (the
        walk's own problems first: `discovered` of them); without `full`, of the rules that
        look at one agreement or entry at a time, unless the cache knows them all."""
        from medborgarlofte.core.rules import AGREEMENT_RULES, ENTRY_RULES, check_all

        dataset, problems = self.load(progress)
        checked = self.cached_checks()
        if checked is None and not full:
            return dataset, problems + check_all(dataset, AGREEMENT_RULES + ENTRY_RULES)
        if checked is None:
            checked = check_all(dataset)
            self.remember_checks(checked)
        return dataset, problems + checked

    def cached_checks(self) -> list[Problem] | None:
        """The cross-file problems of the last run, when the very same files are there now."""
        found = self.snapshot.checks.get(self.logs)
        if found is None or self.fingerprint is None or found[0] != self.fingerprint:
            return None
        return [
            Problem(path, line, col, code, args, "warning" if level == "warning" else "error")
            for path, line, col, code, args, level in found[1]
        ]

    def remember_checks(self, problems: list[Problem]) -> None:
        if self.use_cache and self.fingerprint is not None:
            rows: list[CheckRow] = [
                (p.path, p.line, p.col, p.code, p.args, p.level) for p in problems
            ]
            self.snapshot.checks[self.logs] = (self.fingerprint, rows)
            self.dirty = True

    def save(self) -> None:
        if self.use_cache and self.dirty:
            from medborgarlofte.speed import cache as cache_module

            files = self.snapshot.files
            for rel, value in files.items():
                if type(value) is tuple and rel.startswith(f"{LOGS}/"):
                    files[rel] = compact(*value) or value
            cache_module.write(self.root, self.snapshot)


def _unlike(hit: Any, stat_: Stat, like: str) -> bool:
    """Whether a cached payload is compact, of the file as it is, and without `like`."""
    return type(hit) is str and like not in hit and hit.startswith("%d|%d|%d|%d|" % stat_)  # noqa: UP031


def _read(jobs: list[tuple[str, str, str, int]], progress: Progress | None) -> list[Any]:
    """The files' payloads; `progress` is told how the reading goes, every PROGRESS_STEP files."""
    if progress is None or not jobs:
        return read_files(jobs)
    found: list[Any] = []
    for start in range(0, len(jobs), PROGRESS_STEP):
        found += read_files(jobs[start : start + PROGRESS_STEP])
        progress(len(found), len(jobs))
    return found


def _fingerprint(files: list[tuple[str, File]], started: int) -> str | None:
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
