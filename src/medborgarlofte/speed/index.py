"""The warm path: a data set from the cache's index, without reading or building any entry.

After a load that found no problem in any file, the index keeps what status needs: the
valid agreements, the summary of the entries (summary.py), and the name and stat of every
file read. The next load that needs only the summary (status, validate, log) takes the
stats of the files, and when every file of the index is there unchanged, answers from it:
the 50,000 entries of a national root are then two small lists per commitment.

New log files (one `mlofte log` wrote, or a pull brought) are read and checked alone, as
the entry rules look at one entry at a time. Anything else (a log file changed or removed,
an agreement file changed, added or removed, a problem in a new file, an index in any
doubt) returns None, and the caller loads everything as usual.

Nothing in the index is trusted: agreements are validated again and held to the agreement
rules, and every summary row must name a known commitment, hold days in order and counts
in range. (An index that someone with write access to the cache folder made consistent in
every respect is believed, as the per-file cache is: see cache.py.)
"""

from __future__ import annotations

import binascii
import hashlib
from array import array
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from medborgarlofte.core.ids import file_stem
from medborgarlofte.core.model import (
    MAX_COUNT,
    Agreement,
    AgreementFile,
    Dataset,
    EntryRecord,
    Summary,
    Tallied,
)
from medborgarlofte.core.problems import Problem
from medborgarlofte.core.rules import AGREEMENT_RULES, ENTRY_RULES, check_all
from medborgarlofte.core.summary import merged, summarize, with_records
from medborgarlofte.files.discover import AGREEMENTS, Folder
from medborgarlofte.speed import cache
from medborgarlofte.speed.fresh import entries_payload
from medborgarlofte.speed.payload import Doubt, entries_from
from medborgarlofte.speed.scan import Scan, Stat, racy
from medborgarlofte.speed.stats import STAT_FIELDS, from_little_endian, little_endian, stat_at

MAX_NEW_FILES = 1000
"""More new log files than this, and everything is loaded as usual (in parallel)."""

_LAST_DAY = 3_652_059  # dt.date.max.toordinal()
_New = tuple[str, str, int, Stat]
"""A new log file: (fs path, relative path, size, stat)."""


@dataclass(frozen=True, slots=True)
class Index:
    """What the index holds, checked: per folder its file names and the digest of their
    stats, the agreements, and the summary of the entries."""

    known: dict[str, tuple[list[str], str]]
    agreements: tuple[AgreementFile, ...]
    summary: Summary


def read(root: Path) -> Index | None:
    """The root's index, or None when there is none or it is in any doubt."""
    document = cache.read_index(root)
    if document is None:
        return None
    try:
        return _decode(document)
    except (Doubt, TypeError, ValueError, KeyError, IndexError, AttributeError):
        return None


def load(root: Path, scan: Scan, index: Index) -> tuple[Tallied, list[Problem]] | None:
    """The counts and the walk's problems from the index, or None when it cannot answer.
    When new log files were read, the index is written again with those it may keep."""
    if scan.stats is None:
        return None
    added = _added(scan, index.known)
    if added is None:
        return None
    tallied = Tallied(index.agreements, index.summary)
    if added:
        agreements = Dataset(index.agreements)
        new = _read_new(agreements, added)
        if new is None:
            return None
        tallied = with_records(tallied, agreements, new)
        save(root, scan, agreements, tallied.summary, index.summary, new)
    return tallied, list(scan.listing.problems)


def recent(scan: Scan) -> set[str] | None:
    """The log files changed in the last two seconds (or dated ahead), which the index
    leaves out: they could change again unseen (see load.py's `racy`); their entries are
    read alone by the next run. None when an agreement file is that recent: no index."""
    stats = scan.stats
    if stats is None:
        return None
    found: set[str] = set()
    position = 0
    for kind, folders in enumerate((scan.listing.agreements, scan.listing.logs)):
        for folder in folders:
            end = position + STAT_FIELDS * len(folder.names)
            part, start = stats[position:end], position
            position = end
            if not racy(max(part[1::STAT_FIELDS]), max(part[2::STAT_FIELDS]), scan.started):
                continue  # the folder's latest mtime and ctime: none of its files is recent
            if kind == 0:
                return None
            for index, name in enumerate(folder.names):
                at = start + STAT_FIELDS * index
                if racy(stats[at + 1], stats[at + 2], scan.started):
                    found.add(f"{folder.rel}/{name}")
    return found


def save(
    root: Path,
    scan: Scan,
    dataset: Dataset,
    summary: Summary,
    base: Summary | None = None,
    records: Sequence[EntryRecord] | None = None,
) -> None:
    """Keep the index of a root whose files have no error: its agreements, the files of
    `scan` but the recent ones, and the summary of those files' entries. `summary` is of every
    entry: of `base` (files none of which is recent) and of `records` (by default the
    dataset's entries, with an empty base), whose recent files' entries are left out."""
    leave_out = recent(scan)
    if leave_out is None or len(leave_out) > MAX_NEW_FILES:
        return
    if base is not None:
        # Only the files of `records` may be left out: `base` already counts the entries of
        # all the others. One of them can look recent to this run yet be in `base`, when the
        # run that wrote the index started later (its clock said "not recent"): leaving it
        # out of the files but not of the summary would count its entries again next time.
        leave_out &= {record.path for record in records or ()}
    if leave_out:
        records = dataset.entries if records is None else records
        kept = [record for record in records if record.path not in leave_out]
        summary = merged(base or {}, summarize(dataset, kept))
    stats = little_endian(scan.stats) if scan.stats is not None else b""
    width = 8 * STAT_FIELDS
    folders = []
    position = 0
    for folder in scan.listing.agreements + scan.listing.logs:
        part = stats[position : position + width * len(folder.names)]
        position += width * len(folder.names)
        names = folder.names
        if leave_out:
            keep = [i for i, name in enumerate(names) if f"{folder.rel}/{name}" not in leave_out]
            names = [names[i] for i in keep]
            part = b"".join(part[i * width : (i + 1) * width] for i in keep)
        if names:
            folders.append([folder.rel, "/".join(names), _digest(part)])
    body = {
        "folders": folders,
        "agreements": [
            [a.path, a.agreement.model_dump_json(exclude_unset=True)] for a in dataset.agreements
        ],
        "summary": [
            [agreement, commitment, _b64(array("i", days)), _b64(array("i", counts))]
            for (agreement, commitment), (days, counts) in summary.items()
        ],
    }
    cache.write_index(root, body)


def _b64(numbers: array[int]) -> str:
    return binascii.b2a_base64(little_endian(numbers), newline=False).decode("ascii")


def _numbers(text: Any, typecode: str) -> array[int]:
    if type(text) is not str:
        raise Doubt
    return from_little_endian(binascii.a2b_base64(text), typecode)


def _decode(document: dict[str, Any]) -> Index:
    """The index in a document, every part checked."""
    known: dict[str, tuple[list[str], str]] = {}
    for rel, names, stats in document["folders"]:
        if type(rel) is not str or type(names) is not str or rel in known:
            raise Doubt
        split = names.split("/")
        if type(stats) is not str or len(stats) != _DIGEST_LENGTH or not all(split):
            raise Doubt
        known[rel] = (split, stats)
    agreements: list[AgreementFile] = []
    for rel, text in document["agreements"]:
        if type(rel) is not str or type(text) is not str:
            raise Doubt
        try:
            model = Agreement.model_validate_json(text)
        except ValidationError as error:
            raise Doubt from error
        stem = file_stem(rel)
        agreements.append(AgreementFile(model.id or stem, rel, model))
    if len({a.id for a in agreements}) != len(agreements):
        raise Doubt
    commitments = {(a.id, c.id) for a in agreements for c in a.agreement.commitments}
    summary: Summary = {}
    for agreement, commitment, day_text, count_text in document["summary"]:
        key = (agreement, commitment)
        if key not in commitments or key in summary:
            raise Doubt
        days, counts = _numbers(day_text, "i"), _numbers(count_text, "i")
        if not days or len(days) != len(counts):
            raise Doubt
        if days[0] < 1 or days[-1] > _LAST_DAY or min(counts) < 1 or max(counts) > MAX_COUNT:
            raise Doubt
        day_list = days.tolist()
        if day_list != sorted(day_list):
            raise Doubt
        summary[key] = (day_list, counts.tolist())
    # What the program itself would never have written is doubted too: agreements that break
    # a rule, agreement files other than those indexed, fewer entries than indexed log files.
    if check_all(Dataset(tuple(agreements)), AGREEMENT_RULES):
        raise Doubt
    indexed = known.get(AGREEMENTS, ([], ""))[0]
    if sorted(a.path for a in agreements) != [f"{AGREEMENTS}/{name}" for name in indexed]:
        raise Doubt
    log_files = sum(len(names) for rel, (names, _) in known.items() if rel != AGREEMENTS)
    if sum(len(days) for days, _ in summary.values()) < log_files:
        raise Doubt
    return Index(known, tuple(agreements), summary)


def _added(scan: Scan, known: dict[str, tuple[list[str], str]]) -> list[_New] | None:
    """The log files that are new since the index, as (fs path, rel, size, stat); None when
    any file of the index is gone or changed, or an agreement file is new."""
    assert scan.stats is not None
    stats = little_endian(scan.stats)
    width = 8 * STAT_FIELDS
    seen: set[str] = set()
    added: list[_New] = []
    position = 0
    for kind, folders in enumerate((scan.listing.agreements, scan.listing.logs)):
        for folder in folders:
            part = stats[position : position + width * len(folder.names)]
            position += width * len(folder.names)
            seen.add(folder.rel)
            before = known.get(folder.rel)
            if before is not None and before[0] == folder.names and before[1] == _digest(part):
                continue
            if kind == 0:  # agreements are few: any change is loaded in full
                return None
            if not _new_in(folder, part, before, added) or len(added) > MAX_NEW_FILES:
                return None
    if any(rel not in seen for rel in known):
        return None
    return added


def _new_in(
    folder: Folder, part: bytes, before: tuple[list[str], str] | None, added: list[_New]
) -> bool:
    """Adds the folder's files that the index does not know to `added`; False when a file it
    knows is gone or changed (the digest of their stats, in their order, differs)."""
    width = 8 * STAT_FIELDS
    old = set() if before is None else set(before[0])
    kept = []
    for index, name in enumerate(folder.names):
        if name in old:
            kept.append(part[index * width : (index + 1) * width])
            continue
        stat_ = stat_at(part, index)
        added.append((f"{folder.path}/{name}", f"{folder.rel}/{name}", stat_[0], stat_))
    return before is None or (len(kept) == len(old) and _digest(b"".join(kept)) == before[1])


_DIGEST_LENGTH = 64


def _digest(stats: bytes) -> str:
    """What the index keeps of a folder's stats: enough to tell any change."""
    return hashlib.sha256(stats).hexdigest()


def _read_new(dataset: Dataset, added: list[_New]) -> list[EntryRecord] | None:
    """The entries of the new log files, or None when any of them has a problem (the full
    load then reports it, in its place among the others)."""
    records: list[EntryRecord] = []
    for fs_path, rel, size, _ in added:
        found, problems = entries_from(rel, entries_payload(fs_path, rel, size))
        if problems:
            return None
        records += found
    alone = Dataset(dataset.agreements, tuple(records))
    if check_all(alone, ENTRY_RULES):
        return None
    return records
