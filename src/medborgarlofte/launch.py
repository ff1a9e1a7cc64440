"""The `mlofte` console script (and `python -m medborgarlofte`).

The cycle collector is off for the whole run: importing typer and pydantic and reading a
national root build hundreds of thousands of objects, and the collector would walk them
all again and again (about a tenth of a warm `status`) to find cycles that do not matter
in a process that lives under a second. Memory is still freed by reference counting.
Pydantic plugins are off too, unless the environment says otherwise: finding them scans
every installed package, and no third-party code has a part in checking our files.

A command that loads the root has it listed and stat-ed by a helper process from the start
(survey.py), and the process ends without finalizing the interpreter (see `_leave`).
"""

from __future__ import annotations

import atexit
import gc
import os
import sys
from typing import NoReturn


def run() -> NoReturn:
    if sys.argv[1:] == ["--version"]:  # typer alone takes four times Python's own start
        _leave(_version())
    gc.disable()
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    from medborgarlofte import survey

    try:
        survey.begin(sys.argv[1:], os.environ)
        code = _main()
    finally:
        survey.stop()
    _leave(code)


def _version() -> int:
    from medborgarlofte import version_line
    from medborgarlofte.output import output_failed

    try:
        sys.stdout.write(version_line())
        sys.stdout.flush()
    except OSError as error:
        return output_failed(error)
    return 0


def _main() -> object:
    """The CLI's exit code."""
    from medborgarlofte.cli import run as run_cli

    try:
        run_cli()
    except SystemExit as done:
        return done.code
    return 0


def _leave(code: object) -> NoReturn:
    """Exit with `code` once the exit handlers have run and the output is flushed, skipping
    the interpreter's finalization: freeing every module and object one by one, and a last
    full garbage collection over them, took 45-80 ms of a warm national `status` (a sixth of
    it) for memory the operating system takes back at once. Every file we write is complete
    and in place before a command returns. Anything unusual (another thread still running,
    an exit code that is not a plain status, output that cannot be flushed) takes the
    interpreter's own way out."""
    threading = sys.modules.get("threading")
    if threading is not None and threading.active_count() > 1:
        raise SystemExit(code)
    if code is None:
        status = 0
    elif isinstance(code, int) and not isinstance(code, bool) and 0 <= code <= 255:
        status = code
    else:
        raise SystemExit(code)
    atexit._run_exitfuncs()
    try:
        for stream in (sys.stdout, sys.stderr):
            if stream is not None:
                stream.flush()
    except (OSError, ValueError):
        raise SystemExit(code) from None
    os._exit(status)
