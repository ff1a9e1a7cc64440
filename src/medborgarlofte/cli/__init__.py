"""The `mlofte` console script (and `python -m medborgarlofte`): THE place that picks the exit
code and ends the process.

`run()` answers `--version` before typer is imported, guards stdout and stderr, runs the app
and ends the process. This module imports nothing heavy; the app lives in `cli.app`.

The cycle collector is off for the whole run: importing typer and pydantic and reading a
national root build hundreds of thousands of objects that form no cycle, and the collector
would walk them again and again (about a tenth of a warm `status`). Pydantic plugins are off
unless the environment says otherwise: finding them scans every installed package, and no
third-party code has a part in checking our files. Both are the program's choices for its own
process, made here and nowhere in the library.
"""

from __future__ import annotations

import gc
import os
import sys
from typing import NoReturn

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2
EXIT_INTERNAL = 70
"""A bug of ours (sysexits' EX_SOFTWARE)."""


def run() -> NoReturn:
    """The console script: runs the app and ends the process with its exit code."""
    from medborgarlofte.cli.output import guard_streams

    guard_streams()
    if sys.argv[1:] == ["--version"]:  # typer alone takes four times Python's own start
        _leave(_version())
    gc.disable()
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    _leave(main(sys.argv[1:]))


def main(argv: list[str]) -> int:
    """The exit code of one command line: the app's own, 74 when the output could not be
    written, 70 (with one line to report) for a bug of ours. Never raises."""
    from medborgarlofte.cli.output import (
        Output,
        OutputFailed,
        ShownStream,
        guard_streams,
        output_failed,
    )

    guard_streams()
    if sys.stderr is not None and not isinstance(sys.stderr, ShownStream):
        sys.stderr = ShownStream(sys.stderr)
    if sys.stdout is not None and not isinstance(sys.stdout, Output):
        sys.stdout = Output(sys.stdout)
    try:
        try:
            from medborgarlofte.cli.app import app

            app(args=argv, prog_name="mlofte", standalone_mode=True)
            code: object = 0
        except SystemExit as done:
            code = done.code
        finally:
            if sys.stdout is not None:
                sys.stdout.flush()
    except OutputFailed as error:
        return output_failed(error)
    except Exception as error:  # a bug of ours; say so in one line
        from medborgarlofte.core.text import shown
        from medborgarlofte.report.i18n import _

        said = _("internal error ({error}); please report it with the command you ran")
        _say(
            "mlofte: "
            + said.format(error=f"{type(error).__name__}: {shown(str(error))[:200]}")
            + "\n"
        )
        return EXIT_INTERNAL
    if code is None:
        return EXIT_OK
    if isinstance(code, int) and not isinstance(code, bool) and 0 <= code <= 255:
        return code
    return EXIT_USAGE


def _say(text: str) -> None:
    try:
        if sys.stderr is not None:
            sys.stderr.write(text)
    except (OSError, ValueError):
        pass


def _version() -> int:
    from medborgarlofte import version_line
    from medborgarlofte.cli.output import output_failed

    try:
        sys.stdout.write(version_line())
        sys.stdout.flush()
    except OSError as error:
        return output_failed(error)
    except ValueError as error:  # a stream closed under us
        return output_failed(OSError(9, os.strerror(9), str(error)))
    return EXIT_OK


def _leave(code: int) -> NoReturn:
    """Exit with `code` once the output is flushed, skipping the interpreter's finalization:
    freeing every module and object one by one, and a last full collection over them, took
    45-80 ms of a warm national `status` for memory the operating system takes back at once.
    Every file we write is complete and in place before a command returns, and nothing of
    ours registers an exit handler. Another thread still running, or output that cannot be
    flushed, takes the interpreter's own way out."""
    threading = sys.modules.get("threading")
    if threading is not None and threading.active_count() > 1:
        raise SystemExit(code)
    try:
        for stream in (sys.stdout, sys.stderr):
            if stream is not None:
                stream.flush()
    except (OSError, ValueError):
        raise SystemExit(code) from None
    os._exit(code)
