"""A root listed and stat-ed from the first moment of a run, while the CLI is imported.

A warm `status` on a national root spends about 0.15 s importing typer and pydantic and
0.2 s listing and stat-ing 50,000 files, one after the other on one core. So the console
script (launch.py) forks a helper process before anything else (Linux) when the command
line asks for a command that does both: the helper finds the root as the CLI will, says
which, lists it and takes the stats, while this process imports and parses the command
line. The loader then takes the listing, reads the cache, and helps with the stats still
to take (filestats.py's pieces and claims). When the root turns out to be another, the
command needs no stats, or the helper fails in any way, it is stopped, nothing it found is
used, and the loader lists and stats as it always does.

The helper hands over the listing in memory shared before the fork (it may be megabytes,
more than a pipe holds while this process is still importing), and its stats through a
pipe as in filestats.py. Both are our own process's output, never a file anyone could
write. What the survey needs is imported only once the command line asks for one: `mlofte
--version` and `--help` pay nothing for it.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, NamedTuple, NoReturn, TypeVar

if TYPE_CHECKING:
    from array import array
    from mmap import mmap

    from medborgarlofte.discover import Listing

T = TypeVar("T")

COMMANDS = frozenset({"status", "validate", "log"})
"""The commands that list and stat the whole root (with the cache on)."""

SHARED_BYTES = 64 << 20
"""Room for the listing (50,000 names take about 2.5 MB); a larger one is not handed over.
Only the pages written are ever backed by memory."""

MAX_AGE_NS = 5_000_000_000
"""A survey older than this when the loader comes to it is not used: the files may have
changed since, and the run should see them as they are when it loads."""

_LENGTH_BYTES = 8
"""Lengths sent by the helper, little-endian: of the root's name (sent with it, first), then
of the listing (once it is written to the shared memory)."""


class Surveyed(NamedTuple):
    """What the helper found: the quick listing (discover.py), the stats of its files in
    order (None when a name is not a plain file any more, or one could not be taken), and
    when the survey started."""

    listing: Listing
    stats: array[int] | None
    started: int


class _Survey(NamedTuple):
    """A survey under way: its helper and the ends of the pipes this process reads."""

    pid: int
    started: int
    shared: mmap
    ready: int
    claims: int
    results: int

    def end(self, *, stop_helper: bool) -> None:
        """Closes what this process holds of the survey; stops the helper unless it has been
        waited for already (its pid could then be another process's)."""
        from medborgarlofte.filestats import stop

        if stop_helper:
            stop(self.pid)
        for fd in (self.ready, self.claims, self.results):
            with contextlib.suppress(OSError):
                os.close(fd)
        self.shared.close()


_pending: _Survey | None = None


def begin(argv: Sequence[str], environ: Mapping[str, str]) -> None:
    """Starts the survey that `argv` (the command line without the program's name) asks for,
    when its command lists and stats the root; else does nothing. The helper is forked at
    once: finding the root, and all it imports to do so, is its work, not this process's."""
    global _pending
    stop()
    wanted, option = read_command_line(argv)
    if not wanted:
        return
    import mmap

    from medborgarlofte.filestats import can_fork

    if not can_fork():
        return
    try:
        shared = mmap.mmap(-1, SHARED_BYTES)
    except (OSError, ValueError, OverflowError):
        return
    fds: list[int] = []
    try:
        for _ in range(3):
            fds += os.pipe()
        started = time.time_ns()
        pid = os.fork()
    except OSError:
        for fd in fds:
            with contextlib.suppress(OSError):
                os.close(fd)
        shared.close()
        return
    ready, claims, results = fds[0:2], fds[2:4], fds[4:6]
    if pid == 0:  # pragma: no cover - the child; coverage does not follow it
        _help(option, environ, shared, ready, claims, results)
    _pending = _Survey(pid, started, shared, ready[0], claims[0], results[0])
    for fd in (ready[1], claims[1], results[1]):
        os.close(fd)


def read_command_line(argv: Sequence[str]) -> tuple[bool, str | None]:
    """(whether the command lists and stats the root, the --root given), read from the
    command line as typer will parse it. A wrong guess costs only the helper's work: `take`
    is given the root that the CLI found."""
    option: str | None = None
    command: str | None = None
    args = iter(argv)
    for arg in args:
        if arg in ("-h", "--help", "--version", "--no-cache"):
            return False, None
        if arg == "--root":
            option = next(args, None)
        elif arg.startswith("--root="):
            option = arg.removeprefix("--root=")
        elif command is None and not arg.startswith("-"):
            command = arg
    return command in COMMANDS, option


def _root(option: str | None, environ: Mapping[str, str]) -> str | None:
    """The root the command will load, found as the CLI finds it (None: no root, or the
    cache is off and no stats will be taken)."""
    from pathlib import Path

    from medborgarlofte.cache import enabled as cache_enabled
    from medborgarlofte.root import RootNotFound, current_folder, find_root

    if not cache_enabled(environ):
        return None
    try:
        return str(find_root(Path(option) if option else None, environ, current_folder()))
    except (RootNotFound, OSError, ValueError):
        return None


def take(root: str, meanwhile: Callable[[], T]) -> tuple[Surveyed | None, T] | None:
    """The survey of `root`, with what `meanwhile()` returned (run while the helper works);
    the survey is None when the helper could not finish it. None, and `meanwhile` not run,
    when no survey of `root` is under way."""
    global _pending
    survey, _pending = _pending, None
    if survey is None:
        return None
    waited = False
    try:
        surveyed = _read_root(survey.ready)
        if surveyed != root or time.time_ns() - survey.started > MAX_AGE_NS:
            return None
        found = meanwhile()
        listing = _listing(survey)
        if listing is None:
            return None, found
        from medborgarlofte.filestats import assemble, collect, pieces_of

        pieces = pieces_of([(f.path, f.names) for f in listing.agreements + listing.logs])
        mine, theirs = collect(survey.claims, survey.results, pieces)
        _, status = os.waitpid(survey.pid, 0)
        waited = True
        return Surveyed(listing, assemble(mine, theirs, status, len(pieces)), survey.started), found
    finally:
        survey.end(stop_helper=not waited)


def stop() -> None:
    """Stops the survey under way, if any: its command did not come to take it."""
    global _pending
    survey, _pending = _pending, None
    if survey is not None:
        survey.end(stop_helper=True)


def _read_exactly(fd: int, size: int) -> bytes:
    """`size` bytes from a pipe, or fewer when the helper has closed its end."""
    data = b""
    while len(data) < size:
        more = os.read(fd, size - len(data))
        if not more:
            break
        data += more
    return data


def _read_root(ready: int) -> str | None:
    """The root the helper found (None when it found none and stopped)."""
    header = _read_exactly(ready, _LENGTH_BYTES)
    if len(header) != _LENGTH_BYTES:
        return None
    size = int.from_bytes(header, "little")
    data = _read_exactly(ready, size)
    return os.fsdecode(data) if len(data) == size else None


def _listing(survey: _Survey) -> Listing | None:
    """The helper's listing, once it is written (None when it could not be)."""
    import marshal

    from medborgarlofte.discover import Folder, Listing
    from medborgarlofte.problems import Problem

    header = _read_exactly(survey.ready, _LENGTH_BYTES)
    if len(header) != _LENGTH_BYTES:
        return None
    length = int.from_bytes(header, "little")
    agreements, logs, problems = marshal.loads(survey.shared[:length])
    return Listing(
        [Folder(*folder) for folder in agreements],
        [Folder(*folder) for folder in logs],
        [Problem(*problem) for problem in problems],
    )


def _help(
    option: str | None,
    environ: Mapping[str, str],
    shared: mmap,
    ready: list[int],
    claims: list[int],
    results: list[int],
) -> NoReturn:  # pragma: no cover - the child
    """The helper: find the root and say which, list it, hand the listing over, then take
    stats with the loader."""
    try:
        from medborgarlofte.filestats import detach

        detach()
        os.close(ready[0])
        os.close(results[0])
        root = _root(option, environ)
        if root is None:
            os._exit(1)  # the loader reads no root and does without the helper
        name = os.fsencode(root)
        os.write(ready[1], len(name).to_bytes(_LENGTH_BYTES, "little") + name)

        import marshal

        from medborgarlofte.discover import list_root
        from medborgarlofte.filestats import MAX_PIECES, offer, pieces_of

        listing = list_root(root, logs=True, quick=True)
        folders = listing.agreements + listing.logs
        pieces = pieces_of([(f.path, f.names) for f in folders])
        data = marshal.dumps(
            (
                [(f.rel, f.path, f.names) for f in listing.agreements],
                [(f.rel, f.path, f.names) for f in listing.logs],
                [(p.path, p.line, p.col, p.message) for p in listing.problems],
            )
        )
        if len(data) > len(shared) or len(pieces) > MAX_PIECES:
            os._exit(1)  # the loader reads no listing and does without the helper
        shared[: len(data)] = data
        offer(claims[1], len(pieces))
        os.close(claims[1])
        os.write(ready[1], len(data).to_bytes(_LENGTH_BYTES, "little"))
        os.close(ready[1])
    except BaseException:
        os._exit(1)
    from medborgarlofte.filestats import serve

    serve(claims[0], results[1], pieces)
