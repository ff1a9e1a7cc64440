"""The progress bar of a long load, on stderr (rich)."""

from __future__ import annotations

import os
import time
from collections.abc import Callable

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeRemainingColumn,
)

from medborgarlofte.report.i18n import _

PROGRESS_DELAY = 1.0
"""Seconds a load runs before its progress bar shows: a quick load shows none."""


class LoadProgress:
    """A progress bar of the files read, on `console` (stderr), shown only once the load has
    run `delay` seconds and removed when done. Called as (files read, files to read)."""

    def __init__(
        self,
        console: Console,
        delay: float = PROGRESS_DELAY,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.console = console
        self.delay = delay
        self.clock = clock
        self.started = clock()
        self.bar: Progress | None = None
        self.task: TaskID | None = None
        self.shown = 0.0

    def __call__(self, done: int, total: int) -> None:
        now = self.clock()
        if self.bar is None:
            if now - self.started < self.delay or done >= total:
                return
            self.bar = Progress(
                TextColumn(_("Reading files")),
                BarColumn(),
                MofNCompleteColumn(),
                TimeRemainingColumn(),
                console=self.console,
                transient=True,
                auto_refresh=False,  # no thread: refreshed here, at most ten times a second
            )
            self.bar.start()
            self.task = self.bar.add_task("read", total=total)
        assert self.task is not None
        self.bar.update(self.task, completed=done, total=total)
        if now - self.shown >= 0.1 or done >= total:
            self.bar.refresh()
            self.shown = now

    def close(self) -> None:
        if self.bar is not None:
            self.bar.stop()
            self.bar = None


def load_progress() -> LoadProgress | None:
    """The progress bar of a load when stderr is a terminal and NO_COLOR is not set; else None."""
    from medborgarlofte.report import terminal  # the package's, so that a test may stand in

    console = terminal.make_console(stderr=True)
    if not console.is_terminal or os.environ.get("NO_COLOR"):
        return None
    return LoadProgress(console)
