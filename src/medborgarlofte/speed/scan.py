"""The files under a data root as this run found them: listed, and (for the cache) stat-ed
once, before anything is read, so that every later comparison is about that moment."""

from __future__ import annotations

import os
import stat
import time
from array import array
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from medborgarlofte.core.problems import Problem, problem
from medborgarlofte.files.discover import Folder, Listing, cannot_read, list_root
from medborgarlofte.speed.stats import STAT_FIELDS, take_stats

if TYPE_CHECKING:
    pass

Stat = tuple[int, int, int, int]
"""What says that a file is unchanged: (size, mtime_ns, ctime_ns, inode)."""


File = tuple[str, str, int, Stat]
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

    def files(self, *, stats: bool) -> tuple[list[File], list[File], list[Problem]]:
        """(agreement files, log files sorted by path, problems), each file with its stat
        (without `stats`, none: size -1)."""
        problems = list(self.listing.problems)
        found: list[list[File]] = [[], []]
        position = 0
        for kind, folders in enumerate((self.listing.agreements, self.listing.logs)):
            for folder in folders:
                prefix, names = folder.rel + "/", folder.names
                # a folder's path never ends in a separator: joined as os.path.join would,
                # without its call per file (20 ms of a national root)
                at = folder.path + os.sep
                if not stats:
                    found[kind] += [(at + n, prefix + n, -1, UNKNOWN_SIZE) for n in names]
                    continue
                if self.stats is None:
                    found[kind] += _careful_stats(folder, problems)
                    continue
                end = position + STAT_FIELDS * len(names)
                numbers = self.stats[position:end].tolist()
                position = end
                found[kind] += [
                    (
                        at + n,
                        prefix + n,
                        numbers[k],
                        (numbers[k], numbers[k + 1], numbers[k + 2], numbers[k + 3]),
                    )
                    for n, k in zip(names, range(0, len(numbers), STAT_FIELDS), strict=True)
                ]
        found[1].sort(key=lambda item: item[1])
        return found[0], found[1], problems


def _careful_stats(folder: Folder, problems: list[Problem]) -> list[File]:
    """The files of a folder stat-ed one by one, each that cannot be read reported."""
    files: list[File] = []
    for name in folder.names:
        fs_path, rel = os.path.join(folder.path, name), f"{folder.rel}/{name}"
        try:
            info = os.lstat(fs_path)
        except OSError as error:
            problems.append(cannot_read(rel, error))
            continue
        if stat.S_ISREG(info.st_mode):
            stat_ = (info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino)
            files.append((fs_path, rel, info.st_size, stat_))
        elif not stat.S_ISDIR(info.st_mode):
            problems.append(problem(rel, 1, 1, "not-a-regular-file"))
    return files


UNKNOWN_SIZE: Stat = (-1, 0, 0, 0)
"""A file not stat-ed: its size is found by reading at most the limit and one byte more."""


def racy(mtime: int, ctime: int, started: int) -> bool:
    """A file changed in the last two seconds may change again within the same timestamp tick,
    keeping its size: it is read again next time rather than trusted (git's 'racy clean')."""
    from medborgarlofte.speed.cache import RACY_NS

    return max(mtime, ctime) >= started - RACY_NS
