"""stdout as the CLI writes to it: a write that fails (a full disk, a closed pipe, a stream
closed before the program started) is told apart from a bug of ours, and said in one line with
its own exit code; stderr that cannot be written never changes an exit code."""

from __future__ import annotations

import contextlib
import errno
import os
import sys
from typing import Any, TextIO

EXIT_OUTPUT = 74
"""The output could not be written (sysexits' EX_IOERR)."""


class OutputFailed(OSError):
    """Writing to stdout failed: not a bug of ours."""


class Closed:
    """A standard stream that was closed when the program started (`>&-`, `2>&-`): every
    write fails as writing to the closed descriptor would."""

    encoding = "utf-8"
    errors = "strict"

    def write(self, text: str) -> int:
        raise OSError(errno.EBADF, os.strerror(errno.EBADF))

    def flush(self) -> None:
        """Nothing is ever buffered."""

    def isatty(self) -> bool:
        return False

    def fileno(self) -> int:
        raise OSError(errno.EBADF, os.strerror(errno.EBADF))


def guard_streams() -> None:
    """Standard streams closed when the program started: their descriptors are opened on
    /dev/null, so that no file opened later takes the number 1 or 2 (and our output), and
    sys.stdout or sys.stderr (None then) become `Closed`: writing the output fails (exit 74),
    what stderr would say is lost, and every exit code stays the documented one."""
    for fd in (0, 1, 2):
        try:
            os.fstat(fd)
        except OSError:
            with contextlib.suppress(OSError):
                found = os.open(os.devnull, os.O_RDWR)
                if found != fd:  # a lower one was free: cannot happen in fd order, but be sure
                    os.dup2(found, fd)
                    os.close(found)
    if sys.stdout is None:
        sys.stdout = Closed()
    if sys.stderr is None:
        sys.stderr = Closed()


def stdout_closed() -> bool:
    """Whether stdout was closed when the program started: nothing written can be reported."""
    stream: object = sys.stdout
    if isinstance(stream, Output):
        stream = stream.wrapped
    return isinstance(stream, Closed)


class Output:
    """stdout, its write errors raised as OutputFailed."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    @property
    def wrapped(self) -> TextIO:
        return self._stream

    def write(self, text: str) -> int:
        from medborgarlofte.core.text import escape_undecodable

        try:
            # the last line of defence: output is valid UTF-8, whatever a format let through
            return self._stream.write(escape_undecodable(text))
        except OSError as error:
            raise OutputFailed(error.errno, error.strerror) from error

    def flush(self) -> None:
        try:
            self._stream.flush()
        except OSError as error:
            raise OutputFailed(error.errno, error.strerror) from error

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def output_failed(error: OSError) -> int:
    """Says that the output could not be written; the exit code to end with."""
    with contextlib.suppress(OSError, ValueError, AttributeError):
        from medborgarlofte.report.i18n import _

        said = _("cannot write the output: {reason}").format(reason=error.strerror)
        sys.stderr.write(f"mlofte: {said}\n")
    # What is still buffered would fail again at exit: let it go nowhere.
    with contextlib.suppress(OSError, ValueError):
        if sys.__stdout__ is not None:
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.__stdout__.fileno())
    return EXIT_OUTPUT


class ShownStream:
    """stderr as the user sees it: what click prints of an argument (a usage error quoting
    it) goes through `text.shown` too, so no personal identity number is echoed."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        from medborgarlofte.core.personal import redact
        from medborgarlofte.core.text import clean

        # stderr closed: the exit code still says what happened
        with contextlib.suppress(OSError, ValueError):
            self._stream.write(redact(clean(redact(text))))
        return len(text)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)
