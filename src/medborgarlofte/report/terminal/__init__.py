"""Output for the terminal: the only package that imports rich. User text (titles, ids, names)
always goes through `text.clean` and into `rich.text.Text`, never into a markup string."""

from medborgarlofte.report.terminal.progress import PROGRESS_DELAY, LoadProgress, load_progress
from medborgarlofte.report.terminal.tables import (
    PIPE_WIDTH,
    SUMMARY_THRESHOLD,
    console_width,
    make_console,
    render_status,
    state_text,
)
from medborgarlofte.report.terminal.views import render_agreement, render_entries, render_overview

__all__ = [
    "PIPE_WIDTH",
    "PROGRESS_DELAY",
    "SUMMARY_THRESHOLD",
    "LoadProgress",
    "console_width",
    "load_progress",
    "make_console",
    "render_agreement",
    "render_entries",
    "render_overview",
    "render_status",
    "state_text",
]
