"""Output for the terminal: rich tables of a status report and of an agreement (documents.py
writes the JSON, CSV and Markdown).

The only module that imports rich. User text (titles, ids, names) always goes through
`text.clean` and into `rich.text.Text`, never into a markup string, so "[bold]" prints as typed.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import IO, TypeVar

from rich import box
from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, Group, JustifyMethod, RenderableType, RenderResult
from rich.table import Table
from rich.text import Text

from medborgarlofte.core.model import Commitment
from medborgarlofte.core.status import (
    STATES,
    AgreementStatus,
    CommitmentStatus,
    State,
    StatusReport,
)
from medborgarlofte.core.text import clean
from medborgarlofte.report.i18n import N_, _, ngettext, pgettext
from medborgarlofte.report.words import (
    DASH,
    STATE_LOOK,
    condition_text,
    footer_line,
    one_decimal_text,
    party_lines,
    rate_text,
    state_label,
    tally_line,
    target_text,
    units_met_text,
    what_it_takes,
)

SUMMARY_THRESHOLD = 10
"""More agreements than this, and `status` shows one summary row per agreement by default."""


PIPE_WIDTH = 100
"""Width when writing to a file or pipe (no terminal to fit), unless COLUMNS says otherwise."""
MIN_WIDTH, MAX_WIDTH = 30, 1000
"""A width from COLUMNS or the terminal is held inside these: narrower, the lines are laid out
at 30 columns (the terminal wraps them; nothing is lost); wider is no real terminal."""


def _columns(value: str | None) -> int | None:
    """COLUMNS when it is a positive whole number, else None (0, -5, 'wide' mean nothing)."""
    if value is None or not (value.isascii() and value.isdigit()) or int(value) == 0:
        return None
    return int(value)


def console_width(columns: str | None, terminal: int | None) -> int:
    """The width to lay out at: COLUMNS when it is a positive number, else the terminal's
    width, else (a file or pipe) PIPE_WIDTH; held between MIN_WIDTH and MAX_WIDTH."""
    width = _columns(columns) or terminal or PIPE_WIDTH
    return max(MIN_WIDTH, min(width, MAX_WIDTH))


def _terminal_width(console: Console) -> int | None:
    if not console.is_terminal:
        return None
    try:
        return os.get_terminal_size(console.file.fileno()).columns or None
    except (AttributeError, OSError, ValueError):
        return None


def make_console(file: IO[str] | None = None, *, stderr: bool = False) -> Console:
    """A console that never reads user text as markup, emoji codes or something to highlight,
    at the width `console_width` picks (rich alone would print nothing for COLUMNS=0)."""
    plain = bool(os.environ.get("NO_COLOR"))  # no colour and no style codes at all
    console = Console(
        file=file,
        stderr=stderr,
        highlight=False,
        markup=False,
        emoji=False,
        color_system=None if plain else "auto",
        width=PIPE_WIDTH,  # replaced below; given so that rich never reads COLUMNS itself
    )
    console.width = console_width(os.environ.get("COLUMNS"), _terminal_width(console))
    return console


def _user(value: str, style: str = "") -> Text:
    return Text(clean(value), style=style)


def state_text(row: CommitmentStatus) -> Text:
    """The state as symbol, word and colour, plus what it takes when behind."""
    text = Text(state_label(row.state), style=STATE_LOOK[row.state][2])
    for hint in what_it_takes(row):
        text.append(f"\n{hint}")
    return text


_Row = TypeVar("_Row", CommitmentStatus, Commitment)


def _by_area(rows: Sequence[_Row], focus_areas: dict[str, str]) -> list[tuple[str, list[_Row]]]:
    """Rows grouped under their focus area's name, areas in the agreement's order."""
    groups: dict[str, list[_Row]] = {key: [] for key in focus_areas}
    for row in rows:
        groups.setdefault(row.area, []).append(row)
    return [(focus_areas.get(key, key), members) for key, members in groups.items() if members]


def _period_text(agreement_id: str, start: dt.date, end: dt.date) -> Text:
    text = _user(agreement_id, "dim")
    text.append(f" · {start.isoformat()} – {end.isoformat()}", style="dim")
    return text


def _commitment_cell(
    title: str, commitment_id: str, responsible: Iterable[str] = (), condition: str | None = None
) -> Text:
    """The title, then dim its id (and who is responsible, when the table has no room for it),
    and the condition the promise is made on, if any."""
    text = _user(title)
    text.append("\n")
    text.append(clean(" · ".join([commitment_id, ", ".join(responsible)]).rstrip(" ·")), "dim")
    if condition is not None:
        text.append("\n")
        text.append(clean(condition_text(condition)), "italic")
    return text


def _target_cell(row: CommitmentStatus) -> Text:
    """The target, and below it, dim, how many of its units are met ("47/52 weeks met")."""
    text = Text(target_text(row.minimum, row.per))
    units = units_met_text(row, met=True)
    if units:
        text.append(f"\n{units}", "dim")
    rate = rate_text(row)
    if rate:
        text.append(f"\n{rate}", "dim")
    return text


def _table(title: Text | None = None) -> Table:
    return Table(
        title=title,
        title_justify="left",
        box=box.SIMPLE_HEAD,
        show_edge=False,
        collapse_padding=True,
    )


_OPTIONAL = ("Done", "Target", "Expected", "Remaining")
"""The columns beside Commitment and State, in the order they are kept: when the width is
short, Remaining gives way first, then Expected, Target and Done. The state is always shown.
These are keys: `header` gives each its words."""
_HEADERS = {
    "Commitment": N_("Commitment"),
    "Target": N_("Target"),
    "Expected": N_("Expected"),
    "Remaining": N_("Remaining"),
    "State": N_("State"),
}


def header(name: str) -> str:
    """A status table column's header in the language of the run ("Done": "Genomfört" here,
    where the follow-up report says "Utfört")."""
    if name == "Done":
        return pgettext("column", "Done")
    return _(_HEADERS[name])


COMMITMENT_FLOOR = 16
"""The narrowest Commitment column an optional column may squeeze it to (titles wrap)."""


def _widths(cells: Sequence[Text]) -> tuple[int, int]:
    """(narrowest, widest) a column of cells takes: its longest word, else its longest line."""
    words = [cell_len(w) for cell in cells for w in cell.plain.split()]
    lines = [cell_len(line) for cell in cells for line in cell.plain.split("\n")]
    return max(words, default=0), max(lines, default=0)


def _state_widths(cells: Sequence[Text]) -> tuple[int, int]:
    """The State column's (narrowest, widest): the symbol and state word of a cell stay on
    one line; the hints below wrap between words, never inside one."""
    narrowest, widest = _widths([Text(header("State")), *cells])
    first_lines = [cell_len(cell.plain.split("\n")[0]) for cell in cells]
    return max(narrowest, *first_lines), widest


def _layout(width: int, fixed: dict[str, int], titles: int, state: tuple[int, int]) -> Layout:
    """The optional columns kept at `width` (each costs its width plus 2 of padding and
    separator), then the State width: the commitment first gets up to its longest line."""
    kept = list(_OPTIONAL)
    while kept:
        needed = COMMITMENT_FLOOR + state[0] + sum(fixed[name] for name in kept)
        if needed + 2 * (len(kept) + 2) <= width:
            break
        kept.pop()
    left = width - 2 * (len(kept) + 2) - sum(fixed[name] for name in kept) - state[0]
    state_width = state[0] + max(0, min(state[1] - state[0], left - titles))
    return Layout(kept, state_width)


def _fitted(label: str, cells: Sequence[Text]) -> str:
    """A header of several words wider than its column's cells, a word a line ("Förväntat"
    over "hittills"): the figures under it need no more room than their own."""
    if " " in label and cell_len(label) > _widths(cells)[1]:
        return label.replace(" ", "\n")
    return label


@dataclass(frozen=True, slots=True)
class Layout:
    columns: list[str]
    state_width: int


class _AgreementTable:
    """An agreement's table laid out for the width it is printed at (see `_OPTIONAL`)."""

    def __init__(self, status: AgreementStatus) -> None:
        self.status = status

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield from _agreement_table(self.status, options.max_width)


def _agreement_table(status: AgreementStatus, width: int) -> list[RenderableType]:
    title = _user(status.title, "bold")
    title.append("\n")
    title.append_text(_period_text(status.id, status.period.start, status.period.end))
    groups = _by_area(status.rows, status.focus_areas)
    rows = [row for _, members in groups for row in members]
    states = {row.id: state_text(row) for row in rows}
    cells: dict[str, Callable[[CommitmentStatus], Text]] = {
        "Done": lambda row: Text(str(row.done)),
        "Target": _target_cell,
        "Expected": lambda row: Text(one_decimal_text(row.expected_by_now)),
        "Remaining": lambda row: Text(DASH if row.remaining is None else str(row.remaining)),
    }
    headers = {name: _fitted(header(name), list(map(cell, rows))) for name, cell in cells.items()}
    fixed = {
        name: _widths([Text(headers[name]), *map(cell, rows)])[1] for name, cell in cells.items()
    }
    commitments = [_commitment_cell(r.title, r.id, r.responsible) for r in rows]
    areas = [_user(area) for area, _ in groups]
    titles = _widths([Text(header("Commitment")), *commitments, *areas])[1]
    layout = _layout(width, fixed, titles, _state_widths(list(states.values())))
    shown = [name for name in ("Target", "Done", "Expected", "Remaining") if name in layout.columns]
    table = _table()
    table.add_column(header("Commitment"), overflow="fold")
    for name in shown:
        justify: JustifyMethod = "left" if name == "Target" else "right"
        table.add_column(headers[name], justify=justify, no_wrap=True)
    table.add_column(header("State"), width=layout.state_width, overflow="fold")
    for index, (area, members) in enumerate(groups):
        if index:
            table.add_section()
        table.add_row(_user(area, "bold"))
        for row in members:
            table.add_row(
                _commitment_cell(row.title, row.id, row.responsible, row.condition),
                *(cells[name](row) for name in shown),
                states[row.id],
            )
    return [title, table]


class _SummaryTable:
    """The summary table laid out for the width it is printed at."""

    def __init__(self, report: StatusReport) -> None:
        self.report = report

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield _summary_table(self.report, options.max_width)


def _summary_table(report: StatusReport, width: int) -> Table:
    """One row per agreement: how many of its commitments are in each state.

    The counts share one cell, aligned under one header, so that 300 agreements stay quick to
    lay out (rich spends its time per cell). When the states' words and the ids leave no room
    (about 80 columns), the header names each state by its symbol alone.
    """
    labels = [state_label(s) for s in STATES]
    ids = max((cell_len(clean(a.id)) for a in report.agreements), default=0)
    if ids + cell_len("  ".join(labels)) + 6 + 10 > width:
        labels = [STATE_LOOK[s][0].rjust(3) for s in STATES]
    many = ngettext("{n} agreement in {year}", "{n} agreements in {year}", len(report.agreements))
    table = _table(Text(many.format(n=len(report.agreements), year=report.year), style="bold"))
    counts_width = cell_len("  ".join(labels))
    titled = ids + counts_width + 6 + 10 <= width  # else the title gives way, the ids wrap
    table.add_column(_("Agreement"), no_wrap=titled, overflow="fold")
    if titled:
        table.add_column(pgettext("column", "Title"), overflow="ellipsis")
    table.add_column("  ".join(labels), no_wrap=True)
    for status in report.agreements:
        counts = status.tally()
        cell = Text()
        for index, (state, label) in enumerate(zip(STATES, labels, strict=True)):
            if index:
                cell.append("  ")
            style = STATE_LOOK[state][2] if counts[state] and state != "met" else ""
            cell.append(str(counts[state]).rjust(len(label)), style)
        title = [_user(status.title)] if titled else []
        table.add_row(_user(status.id), *title, cell)
    return table


def render_status(
    report: StatusReport, *, detail: bool | None = None, party: str | None = None
) -> RenderableType:
    """Per-agreement tables, or with many agreements (and no `detail`) one summary table;
    under each table a line per party (with `party`, that party's only)."""
    parts: list[RenderableType] = []
    many = len(report.agreements) > SUMMARY_THRESHOLD
    if detail is False or (detail is None and many):
        if report.agreements:
            parts.append(_SummaryTable(report))
            totals: dict[State, int] = dict.fromkeys(STATES, 0)
            for status in report.agreements:
                for state, n in status.tally().items():
                    totals[state] += n
            parts.append(Text(tally_line(totals)))
            parts.append(Text(""))
    else:
        for status in report.agreements:
            parts.append(_AgreementTable(status))
            parts.append(Text(tally_line(status.tally())))
            parts += [_user(line) for line in party_lines(status, party)]
            parts.append(Text(""))
    parts.append(Text(footer_line(report), style="dim"))
    return Group(*parts)
