"""The `mlofte` console script (and `python -m medborgarlofte`).

The cycle collector is off for the whole run: importing typer and pydantic and reading a
national root build hundreds of thousands of objects, and the collector would walk them
all again and again (about a tenth of a warm `status`) to find cycles that do not matter
in a process that lives under a second. Memory is still freed by reference counting.
Pydantic plugins are off too, unless the environment says otherwise: finding them scans
every installed package, and no third-party code has a part in checking our files.
"""

from __future__ import annotations

import gc
import os


def run() -> None:
    gc.disable()
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    from medborgarlofte.cli import run as run_cli

    run_cli()
