"""Finds the data files under a root, and takes their stats: the first step of every load.

Symbolic links are reported and never followed, so nothing outside the root is read and a
folder loop cannot hang or count twice. Hidden entries are skipped (a hidden YAML file is
reported), and a file meant as YAML that will not be read is reported, never ignored.

A warm run compares 50,000 stats with the cache and reads nothing else, so taking them is
most of its work: plain files are told apart from the folder listing alone, and their stats
are taken by two processes at once when there are many.
"""

from __future__ import annotations

import os
import stat
import sys
import threading
from array import array
from dataclasses import dataclass, field
from itertools import chain

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


def list_root(root: str, *, logs: bool = True) -> Listing:
    """The data files under `root` (agreements/ and, with `logs`, logs/), stat-free."""
    listing = Listing()
    problems = listing.problems
    linked = [name for name in (AGREEMENTS, LOGS) if os.path.islink(os.path.join(root, name))]
    for name in linked:  # the folders themselves: a link would lead out of the root
        message = "a symbolic link: not followed; put the folder itself here"
        problems.append(Problem(f"{name}/", 1, 1, message))
    if AGREEMENTS not in linked:
        folder = os.path.join(root, AGREEMENTS)
        names, subfolders = _scan(folder, AGREEMENTS, problems, "agreement")
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
            names, subfolders = _scan(folder, rel, problems, "log")
            if names:
                listing.logs.append(Folder(rel, folder, names))
            stack += reversed(subfolders)
    return listing


def _scan(
    folder: str, rel_folder: str, problems: list[Problem], kind: str
) -> tuple[list[str], list[tuple[str, str]]]:
    """(plain .yaml file names, subfolders as (path, rel)) of one folder, both sorted."""
    try:
        with os.scandir(folder) as scan:
            items = list(scan)
    except FileNotFoundError:
        return [], []
    except OSError as error:
        problems.append(Problem(rel_folder, 1, 1, f"cannot read the folder: {error.strerror}"))
        return [], []
    names: list[str] = []
    odd: list[os.DirEntry[str]] = []
    for item in items:
        name = item.name
        try:
            if name[0] != "." and name.endswith(".yaml") and item.is_file(follow_symlinks=False):
                names.append(name)
                continue
        except OSError:
            pass
        odd.append(item)
    names.sort()
    subfolders: list[tuple[str, str]] = []
    for item in sorted(odd, key=lambda e: e.name):
        rel = f"{rel_folder}/{item.name}"
        meant_as_yaml = item.name.lower().endswith(YAML_ENDINGS)
        if item.name.startswith("."):  # git's and editors' files, and `log`'s temporary ones
            if meant_as_yaml:
                message = "a hidden file is not read: rename it without the leading '.'"
                problems.append(Problem(rel, 1, 1, message))
            continue
        try:
            if item.is_symlink():
                message = "a symbolic link: not followed; put the file itself here"
                problems.append(Problem(rel, 1, 1, message))
                continue
            is_dir = item.is_dir(follow_symlinks=False)
            is_file = not is_dir and item.is_file(follow_symlinks=False)
        except OSError as error:
            problems.append(Problem(rel, 1, 1, f"cannot read: {error.strerror}"))
            continue
        if is_dir:
            subfolders.append((item.path, rel))
        elif is_file:
            if meant_as_yaml:
                problems.append(Problem(rel, 1, 1, f"{kind} files end in .yaml: rename it"))
        elif meant_as_yaml:
            problems.append(Problem(rel, 1, 1, "not a regular file"))
    return names, subfolders


def take_stats(folders: list[Folder], *, parallel: int = PARALLEL_STATS) -> array[int] | None:
    """The stats of every file of `folders`, in order, STAT_FIELDS numbers per file; None
    when any file is gone, not a regular file any more, or has a stat out of range (the
    caller then takes them one by one, reporting each)."""
    work = [(f.path, f.names) for f in folders]
    total = sum(len(f.names) for f in folders)
    if total <= parallel or not _can_fork():
        return _stats(work)
    # The second half of the files goes to a child process, through a pipe.
    mine, theirs = _halves(work, total // 2)
    try:
        reader, writer = os.pipe()
        pid = os.fork()
    except OSError:
        return _stats(work)
    if pid == 0:  # pragma: no cover - the child; coverage does not follow it
        code = 1
        try:
            os.close(reader)
            found = _stats(theirs)
            if found is not None:
                if sys.byteorder != "little":
                    found.byteswap()
                data = memoryview(found.tobytes())
                while data:
                    data = data[os.write(writer, data) :]
                code = 0
        finally:
            os._exit(code)
    os.close(writer)
    first = _stats(mine)
    chunks = []
    with os.fdopen(reader, "rb") as pipe:
        while chunk := pipe.read(1 << 20):
            chunks.append(chunk)
    _, status = os.waitpid(pid, 0)
    if first is None or status != 0:
        return None
    second = array("q")
    second.frombytes(b"".join(chunks))
    if sys.byteorder != "little":
        second.byteswap()
    if len(second) != STAT_FIELDS * (total - total // 2):
        return None
    first.extend(second)
    return first


def _can_fork() -> bool:
    """Only where fork is cheap and safe here: Linux, with this one thread running."""
    return (
        sys.platform.startswith("linux")
        and (os.cpu_count() or 1) > 1
        and threading.active_count() == 1
    )


def _halves(
    work: list[tuple[str, list[str]]], first: int
) -> tuple[list[tuple[str, list[str]]], list[tuple[str, list[str]]]]:
    """The work split after its `first` files (a folder may be split in two)."""
    mine: list[tuple[str, list[str]]] = []
    for index, (path, names) in enumerate(work):
        if first <= len(names):
            mine.append((path, names[:first]))
            return mine, [(path, names[first:]), *work[index + 1 :]]
        mine.append((path, names))
        first -= len(names)
    return mine, []


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
            if not all(stat.S_ISREG(info.st_mode) for info in infos):
                return None
            found.extend(
                chain.from_iterable(
                    (i.st_size, i.st_mtime_ns, i.st_ctime_ns, i.st_ino) for i in infos
                )
            )
        except (OSError, OverflowError):
            return None
    return found
