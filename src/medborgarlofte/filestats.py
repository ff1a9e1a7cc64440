"""The stats of the data files (size, mtime, ctime, inode): what tells the cache that a file
is unchanged.

A warm run compares 50,000 stats with the cache and reads nothing else, so taking them is
most of its work: with many files, a child process takes them too (Linux), both claiming
pieces of about CHUNK files from a pipe, while this one also reads the cache (`meanwhile`).
Stats travel as little-endian int64, STAT_FIELDS per file, whatever the machine.
"""

from __future__ import annotations

import contextlib
import os
import signal
import struct
import sys
from array import array
from collections.abc import Callable
from itertools import chain
from stat import S_ISREG
from typing import TYPE_CHECKING, NoReturn, TypeVar

if TYPE_CHECKING:
    from medborgarlofte.discover import Folder

PARALLEL_STATS = 8000
"""More files than this, and their stats are taken by two processes (Linux only)."""

STAT_FIELDS = 4
"""Per file, in a stat array: size, mtime_ns, ctime_ns, inode."""

CHUNK = 1000
"""Files per piece of work that the two processes claim in turn."""

_CLAIM = struct.Struct("<I")
_PIECE = struct.Struct("<II")
_STAT = struct.Struct("<4q")
MAX_PIECES = 4096
"""Claims are written to a pipe before the helper claims any: they must fit in its buffer
(64 KiB)."""

T = TypeVar("T")
Work = list[tuple[str, list[str]]]
"""(folder path, file names) pairs."""
_Done = list[tuple[int, bytes]]
"""Pieces taken: (number, stats as little-endian bytes)."""


def take_stats(
    folders: list[Folder],
    meanwhile: Callable[[], T],
    *,
    parallel: int = PARALLEL_STATS,
) -> tuple[array[int] | None, T]:
    """(the stats of every file of `folders`, in order, STAT_FIELDS numbers per file;
    what `meanwhile()` returned).

    The stats are None when any file is gone, not a regular file any more, or has a stat
    out of range: the caller then takes them one by one, reporting each."""
    work: Work = [(f.path, f.names) for f in folders]
    total = sum(len(f.names) for f in folders)
    pieces = pieces_of(work)
    if total <= parallel or len(pieces) > MAX_PIECES or not can_fork():
        return _stats(work), meanwhile()
    try:
        claims, results = os.pipe(), os.pipe()
    except OSError:
        return _stats(work), meanwhile()
    try:
        offer(claims[1], len(pieces))
        os.close(claims[1])
        pid = os.fork()
    except OSError:
        for fd in (*claims, *results):
            with contextlib.suppress(OSError):
                os.close(fd)
        return _stats(work), meanwhile()
    if pid == 0:  # pragma: no cover - the child; coverage does not follow it
        detach()
        os.close(results[0])
        serve(claims[0], results[1], pieces)
    try:
        os.close(results[1])
        found = meanwhile()
        mine, theirs = collect(claims[0], results[0], pieces)
    except BaseException:
        stop(pid)
        raise
    finally:
        for fd in (claims[0], results[0]):
            os.close(fd)
    _, status = os.waitpid(pid, 0)
    return assemble(mine, theirs, status, len(pieces)), found


def offer(claims: int, count: int) -> None:
    """Writes the claims of `count` pieces (at most MAX_PIECES) for both processes to take."""
    os.write(claims, b"".join(_CLAIM.pack(n) for n in range(count)))


def serve(claims: int, results: int, pieces: list[Work]) -> NoReturn:  # pragma: no cover
    """The helper's part, in the child: claim pieces until none is left, send their stats
    (or nothing, when a file could not be taken) and exit."""
    code = 1
    try:
        done = _claim(claims, pieces)
        if done is not None:
            data = memoryview(b"".join(_PIECE.pack(n, len(b)) + b for n, b in done))
            while data:
                data = data[os.write(results, data) :]
            code = 0
    finally:
        os._exit(code)


def collect(claims: int, results: int, pieces: list[Work]) -> tuple[_Done | None, bytes]:
    """This process's part: the pieces it claims with the helper until none is left (None
    when a file could not be taken), then what the helper sent, once it has closed its end."""
    mine = _claim(claims, pieces)
    with os.fdopen(results, "rb", closefd=False) as pipe:
        return mine, pipe.read()


def assemble(mine: _Done | None, theirs: bytes, status: int, count: int) -> array[int] | None:
    """The stats of all `count` pieces in order, from both processes; None when either could
    not take a file (the helper's exit `status` is not 0) or a piece is missing."""
    if mine is None or status != 0:
        return None
    taken = dict(mine)
    at = 0
    while at < len(theirs):
        n, size = _PIECE.unpack_from(theirs, at)
        at += _PIECE.size
        taken[n] = theirs[at : at + size]
        at += size
    if sorted(taken) != list(range(count)):
        return None
    return from_little_endian(b"".join(taken[n] for n in range(count)), "q")


def stop(pid: int) -> None:
    """Stops the helper and waits for it: nothing it found will be used."""
    with contextlib.suppress(OSError):
        os.kill(pid, signal.SIGKILL)
    with contextlib.suppress(OSError):
        os.waitpid(pid, 0)


def detach() -> None:  # pragma: no cover - in the child
    """The helper lets go of the terminal and of the pipes of stdin, stdout and stderr, so
    that nothing reading this process's output waits for the helper too."""
    with contextlib.suppress(OSError):
        null = os.open(os.devnull, os.O_RDWR)
        for fd in (0, 1, 2):
            os.dup2(null, fd)
        os.close(null)


def pieces_of(work: Work) -> list[Work]:
    """The work cut into pieces of CHUNK files (a piece may span small folders)."""
    pieces: list[Work] = []
    piece: Work = []
    room = CHUNK
    for path, names in work:
        start = 0
        while start < len(names):
            part = names[start : start + room]
            piece.append((path, part))
            start += len(part)
            room -= len(part)
            if not room:
                pieces.append(piece)
                piece, room = [], CHUNK
    if piece:
        pieces.append(piece)
    return pieces


def can_fork() -> bool:
    """Only where fork is cheap and safe here: Linux, with this one thread running (a
    process that never imported threading has no other)."""
    threading = sys.modules.get("threading")
    return (
        sys.platform.startswith("linux")
        and (os.cpu_count() or 1) > 1
        and (threading is None or threading.active_count() == 1)
    )


def _claim(claims: int, pieces: list[Work]) -> _Done | None:
    """The pieces this process claims from the pipe, until none is left, each as (its
    number, its stats as little-endian bytes); None when a file could not be taken."""
    done = []
    while claim := os.read(claims, _CLAIM.size):
        (n,) = _CLAIM.unpack(claim)
        stats = _stats(pieces[n])
        if stats is None:
            return None
        done.append((n, little_endian(stats)))
    return done


def _stats(work: Work) -> array[int] | None:
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


def little_endian(numbers: array[int]) -> bytes:
    """The numbers as bytes, little-endian whatever this machine is."""
    if sys.byteorder == "little":
        return numbers.tobytes()
    swapped = array(numbers.typecode, numbers)
    swapped.byteswap()
    return swapped.tobytes()


def from_little_endian(data: bytes, typecode: str) -> array[int]:
    numbers = array(typecode)
    numbers.frombytes(data)
    if sys.byteorder != "little":
        numbers.byteswap()
    return numbers


def stat_at(data: bytes, index: int) -> tuple[int, int, int, int]:
    """The stat of file `index` in little-endian stats."""
    size, mtime, ctime, inode = _STAT.unpack_from(data, index * _STAT.size)
    return size, mtime, ctime, inode
