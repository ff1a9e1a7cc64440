"""stdout as the CLI writes to it: a write that fails (a full disk, a closed pipe) is told
apart from a bug of ours, and said in one line with its own exit code."""

from __future__ import annotations

import contextlib
import os
import sys
from typing import Any, TextIO

EXIT_OUTPUT = 74
"""The output could not be written (sysexits' EX_IOERR)."""


class OutputFailed(OSError):
    """Writing to stdout failed: not a bug of ours."""


class Output:
    """stdout, its write errors raised as OutputFailed."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        try:
            return self._stream.write(text)
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
    sys.stderr.write(f"mlofte: cannot write the output: {error.strerror}\n")
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
            self._stream.write(redact(clean(text)))
        return len(text)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)
