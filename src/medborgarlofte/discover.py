"""Finds the data files under a root, and takes their stats: the first step of every load.

Symbolic links are reported and never followed, so nothing outside the root is read and a
folder loop cannot hang or count twice. Hidden entries are skipped (a hidden YAML file is
reported), and a file meant as YAML that will not be read is reported, never ignored.

A warm run compares 50,000 stats with the cache and reads nothing else, so taking them is
most of its work: plain files are told apart from the folder listing alone, and their stats
are taken by two processes at once when there are many.
"""

from __future__ import annotations

import contextlib
import os
import struct
import sys
import threading
from array import array
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import chain
from stat import S_ISDIR, S_ISLNK, S_ISREG
from typing import TypeVar

from medborgarlofte.problems import Problem

AGREEMENTS = "agreements"
LOGS = "logs"
YAML_ENDINGS = (".yaml", ".yml")
"""Lowercased endings of what is meant as YAML: reported when not read, never ignored."""

PARALLEL_STATS = 8000
"""More files than this, and their stats are taken by two processes (Linux only)."""

STAT_FIELDS = 4
"""Per file, in a stat array: size, mtime_ns, ctime_ns, inode."""


@dataclass(frozen=True, slots=True)
class Folder:
    """One folder's data files: the plain `.yaml` files in it, by name, sorted."""

    rel: str
    path: str
    names: list[str]


@dataclass(slots=True)
class Listing:
    """Every folder holding data files, in walk order, and what was found amiss on the way."""

    agreements: list[Folder] = field(default_factory=list)
    logs: list[Folder] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def list_root(root: str, *, logs: bool = True, quick: bool = False) -> Listing:
    """The data files under `root` (agreements/ and, with `logs`, logs/), stat-free.

    `quick` takes every non-hidden name ending in .yaml for a file without asking: only for
    a caller that takes their stats next (`take_stats` returns None for one that is not a
    regular file, and the caller walks again without `quick`)."""
    listing = Listing()
    problems = listing.problems
    linked = [
        name
        for name in (AGREEMENTS, LOGS)
        if (logs or name == AGREEMENTS) and os.path.islink(os.path.join(root, name))
    ]
    for name in linked:  # the folders themselves: a link would lead out of the root
        message = "a symbolic link: not followed; put the folder itself here"
        problems.append(Problem(f"{name}/", 1, 1, message))
    if AGREEMENTS not in linked:
        folder = os.path.join(root, AGREEMENTS)
        names, subfolders = _scan(folder, AGREEMENTS, problems, "agreement", quick)
        for _, rel in subfolders:
            problems.append(
                Problem(rel, 1, 1, "agreements/ holds agreement files only, no folders")
            )
        if names:
            listing.agreements.append(Folder(AGREEMENTS, folder, names))
    if logs and LOGS not in linked:
        stack = [(os.path.join(root, LOGS), LOGS)]
        while stack:
            folder, rel = stack.pop()
            names, subfolders = _scan(folder, rel, problems, "log", quick)
            if names:
                listing.logs.append(Folder(rel, folder, names))
            stack += reversed(subfolders)
    return listing


def _scan(
    folder: str, rel_folder: str, problems: list[Problem], kind: str, quick: bool
) -> tuple[list[str], list[tuple[str, str]]]:
    """(plain .yaml file names, subfolders as (path, rel)) of one folder, both sorted."""
    try:
        if quick:
            every = os.listdir(folder)
        else:
            with os.scandir(folder) as scan:
                items = list(scan)
    except FileNotFoundError:
        return [], []
    except OSError as error:
        problems.append(Problem(rel_folder, 1, 1, f"cannot read the folder: {error.strerror}"))
        return [], []
    names: list[str] = []
    odd: list[tuple[str, os.DirEntry[str] | None]] = []
    if quick:
        names = [n for n in every if n[0] != "." and n.endswith(".yaml")]
        odd = [(n, None) for n in every if n[0] == "." or not n.endswith(".yaml")]
    else:
        for entry in items:
            name = entry.name
            try:
                if (
                    name[0] != "."
                    and name.endswith(".yaml")
                    and entry.is_file(follow_symlinks=False)
                ):
                    names.append(name)
                    continue
            except OSError:
                pass
            odd.append((name, entry))
    names.sort()
    subfolders: list[tuple[str, str]] = []
    for name, item in sorted(odd, key=lambda pair: pair[0]):
        rel = f"{rel_folder}/{name}"
        meant_as_yaml = name.lower().endswith(YAML_ENDINGS)
        if name.startswith("."):  # git's and editors' files, and `log`'s temporary ones
            if meant_as_yaml:
                message = "a hidden file is not read: rename it without the leading '.'"
                problems.append(Problem(rel, 1, 1, message))
            continue
        path = os.path.join(folder, name)
        try:
            if item is None:
                mode = os.lstat(path).st_mode
                is_link, is_dir, is_file = S_ISLNK(mode), S_ISDIR(mode), S_ISREG(mode)
            else:
                is_link = item.is_symlink()
                is_dir = not is_link and item.is_dir(follow_symlinks=False)
                is_file = not is_link and not is_dir and item.is_file(follow_symlinks=False)
        except OSError as error:
            problems.append(Problem(rel, 1, 1, f"cannot read: {error.strerror}"))
            continue
        if is_link:
            message = "a symbolic link: not followed; put the file itself here"
            problems.append(Problem(rel, 1, 1, message))
        elif is_dir:
            subfolders.append((path, rel))
        elif is_file:
            if meant_as_yaml:
                problems.append(Problem(rel, 1, 1, f"{kind} files end in .yaml: rename it"))
        elif meant_as_yaml:
            problems.append(Problem(rel, 1, 1, "not a regular file"))
    return names, subfolders


T = TypeVar("T")

CHUNK = 1000
"""Files per piece of work that the two processes claim in turn."""


def take_stats(
    folders: list[Folder],
    meanwhile: Callable[[], T],
    *,
    parallel: int = PARALLEL_STATS,
) -> tuple[array[int] | None, T]:
    """(the stats of every file of `folders`, in order, STAT_FIELDS numbers per file;
    what `meanwhile()` returned).

    The stats are None when any file is gone, not a regular file any more, or has a stat
    out of range: the caller then takes them one by one, reporting each. With many files a
    child process takes stats while this one runs `meanwhile` (reading the cache), then
    both claim the pieces left from a shared pipe, so neither waits on the other."""
    work = [
        (f.path, f.names[i : i + CHUNK]) for f in folders for i in range(0, len(f.names), CHUNK)
    ]
    total = sum(len(f.names) for f in folders)
    if total <= parallel or not _can_fork():
        return _stats(work), meanwhile()
    try:
        claims, results = os.pipe(), os.pipe()
    except OSError:
        return _stats(work), meanwhile()
    try:
        os.write(claims[1], b"".join(_CLAIM.pack(n) for n in range(len(work))))
        os.close(claims[1])
        pid = os.fork()
    except OSError:
        for fd in (*claims, *results):
            with contextlib.suppress(OSError):
                os.close(fd)
        return _stats(work), meanwhile()
    if pid == 0:  # pragma: no cover - the child; coverage does not follow it
        code = 1
        try:
            os.close(results[0])
            done = _claim(claims[0], work)
            if done is not None:
                data = memoryview(b"".join(_PIECE.pack(n, len(b)) + b for n, b in done))
                while data:
                    data = data[os.write(results[1], data) :]
                code = 0
        finally:
            os._exit(code)
    os.close(results[1])
    try:
        found = meanwhile()
        mine = _claim(claims[0], work)
    finally:
        os.close(claims[0])
        with os.fdopen(results[0], "rb") as pipe:
            theirs = pipe.read()
        _, status = os.waitpid(pid, 0)
    if mine is None or status != 0:
        return None, found
    pieces = dict(mine)
    at = 0
    while at < len(theirs):
        n, size = _PIECE.unpack_from(theirs, at)
        at += _PIECE.size
        pieces[n] = theirs[at : at + size]
        at += size
    if sorted(pieces) != list(range(len(work))):
        return None, found
    stats = array("q")
    stats.frombytes(b"".join(pieces[n] for n in range(len(work))))
    if sys.byteorder != "little":
        stats.byteswap()
    return stats, found


_CLAIM = struct.Struct("<I")
_PIECE = struct.Struct("<II")


def _claim(claims: int, work: list[tuple[str, list[str]]]) -> list[tuple[int, bytes]] | None:
    """The pieces of `work` this process claims from the pipe, until none is left, each as
    (its number, its stats as little-endian bytes); None when a file could not be taken."""
    done = []
    while claim := os.read(claims, _CLAIM.size):
        (n,) = _CLAIM.unpack(claim)
        stats = _stats([work[n]])
        if stats is None:
            return None
        if sys.byteorder != "little":
            stats.byteswap()
        done.append((n, stats.tobytes()))
    return done


def _can_fork() -> bool:
    """Only where fork is cheap and safe here: Linux, with this one thread running."""
    return (
        sys.platform.startswith("linux")
        and (os.cpu_count() or 1) > 1
        and threading.active_count() == 1
    )


def _stats(work: list[tuple[str, list[str]]]) -> array[int] | None:
    found = array("q")
    relative = os.stat in os.supports_dir_fd and os.stat in os.supports_follow_symlinks
    for path, names in work:
        try:
            if relative:
                fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
                try:
                    infos = [os.stat(name, dir_fd=fd, follow_symlinks=False) for name in names]
                finally:
                    os.close(fd)
            else:
                infos = [os.lstat(os.path.join(path, name)) for name in names]
            if not all(S_ISREG(info.st_mode) for info in infos):
                return None
            found.extend(
                chain.from_iterable(
                    (i.st_size, i.st_mtime_ns, i.st_ctime_ns, i.st_ino) for i in infos
                )
            )
        except (OSError, OverflowError):
            return None
    return found
