"""Output for the terminal: rich tables of a status report and of an agreement (documents.py
writes the JSON, CSV and Markdown).

The only module that imports rich. User text (titles, ids, names) always goes through
`text.clean` and into `rich.text.Text`, never into a markup string, so "[bold]" prints as typed.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable, Sequence
from typing import IO, TypeVar

from rich import box
from rich.console import Console, Group, RenderableType
from rich.table import Table
from rich.text import Text

from medborgarlofte.core.model import AgreementFile, Commitment
from medborgarlofte.core.status import (
    STATES,
    AgreementStatus,
    CommitmentStatus,
    State,
    StatusReport,
)
from medborgarlofte.core.text import clean
from medborgarlofte.report.i18n import _
from medborgarlofte.report.words import (
    DASH,
    STATE_LOOK,
    condition_text,
    footer_line,
    one_decimal,
    party_lines,
    plural,
    rate_text,
    tally_line,
    target_text,
    units_met_text,
    what_it_takes,
)

SUMMARY_THRESHOLD = 10
"""More agreements than this, and `status` shows one summary row per agreement by default."""


PIPE_WIDTH = 120
"""Width when writing to a file or pipe (no terminal to fit), unless COLUMNS says otherwise."""


def make_console(file: IO[str] | None = None, *, stderr: bool = False) -> Console:
    """A console that never reads user text as markup, emoji codes or something to highlight."""
    plain = bool(os.environ.get("NO_COLOR"))  # no colour and no style codes at all
    console = Console(
        file=file,
        stderr=stderr,
        highlight=False,
        markup=False,
        emoji=False,
        color_system=None if plain else "auto",
    )
    if not console.is_terminal and not os.environ.get("COLUMNS"):
        console.width = PIPE_WIDTH
    return console


def _user(value: str, style: str = "") -> Text:
    return Text(clean(value), style=style)


def state_text(row: CommitmentStatus) -> Text:
    """The state as symbol, word and colour, plus what it takes when behind."""
    symbol, word, style = STATE_LOOK[row.state]
    text = Text(f"{symbol} {word}", style=style)
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
    units = units_met_text(row)
    if units:
        text.append(f"\n{units} met", "dim")
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


def _agreement_table(status: AgreementStatus) -> Table:
    title = _user(status.title, "bold")
    title.append("\n")
    title.append_text(_period_text(status.id, status.period.start, status.period.end))
    table = _table(title)
    table.add_column("Commitment", min_width=20)
    table.add_column("Target", no_wrap=True)
    table.add_column("Done", justify="right", no_wrap=True)
    table.add_column("Expected", justify="right", no_wrap=True)
    table.add_column("Remaining", justify="right", no_wrap=True)
    table.add_column("State", min_width=12)
    for index, (area, rows) in enumerate(_by_area(status.rows, status.focus_areas)):
        if index:
            table.add_section()
        table.add_row(_user(area, "bold"))
        for row in rows:
            table.add_row(
                _commitment_cell(row.title, row.id, row.responsible, row.condition),
                _target_cell(row),
                str(row.done),
                one_decimal(row.expected_by_now),
                DASH if row.remaining is None else str(row.remaining),
                state_text(row),
            )
    return table


def _summary_table(report: StatusReport) -> Table:
    """One row per agreement: how many of its commitments are in each state.

    The counts share one cell, aligned under one header, so that 300 agreements stay quick to
    lay out (rich spends its time per cell).
    """
    labels = [f"{STATE_LOOK[s][0]} {STATE_LOOK[s][1]}" for s in STATES]
    table = _table(
        Text(
            f"{plural(len(report.agreements), 'agreement', 'agreements')} in {report.year}",
            style="bold",
        )
    )
    table.add_column("Agreement", no_wrap=True)
    table.add_column("Title", overflow="ellipsis")
    table.add_column("  ".join(labels), no_wrap=True)
    for status in report.agreements:
        counts = status.tally()
        cell = Text()
        for index, (state, label) in enumerate(zip(STATES, labels, strict=True)):
            if index:
                cell.append("  ")
            style = STATE_LOOK[state][2] if counts[state] and state != "met" else ""
            cell.append(str(counts[state]).rjust(len(label)), style)
        table.add_row(_user(status.id), _user(status.title), cell)
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
            parts.append(_summary_table(report))
            totals: dict[State, int] = dict.fromkeys(STATES, 0)
            for status in report.agreements:
                for state, n in status.tally().items():
                    totals[state] += n
            parts.append(Text(tally_line(totals)))
            parts.append(Text(""))
    else:
        for status in report.agreements:
            parts.append(_agreement_table(status))
            parts.append(Text(tally_line(status.tally())))
            parts += [_user(line) for line in party_lines(status, party)]
            parts.append(Text(""))
    parts.append(Text(footer_line(report), style="dim"))
    return Group(*parts)


def render_overview(title: str, reports: list[StatusReport]) -> RenderableType:
    """`mlofte overview`: a row per commitment, a column per year with done/target and state."""
    from medborgarlofte.report.documents import overview_cell

    table = _table(_user(title, "bold"))
    table.add_column("Commitment", min_width=20)
    for report in reports:
        table.add_column(str(report.year), no_wrap=True)
    by_year = [{row.id: row for s in r.agreements for row in s.rows} for r in reports]
    order: dict[str, CommitmentStatus] = {}
    for rows in by_year:
        for key, row in rows.items():
            order.setdefault(key, row)
    for key, first in order.items():
        cells: list[RenderableType] = [_commitment_cell(first.title, key, first.responsible)]
        for rows in by_year:
            that = rows.get(key)
            figures, state = overview_cell(that)
            cell = Text(figures)
            if that is not None:
                cell.append(f"\n{state}", STATE_LOOK[that.state][2])
            cells.append(cell)
        table.add_row(*cells)
    footers = [Text(f"{r.year}: {footer_line(r)}", style="dim") for r in reports]
    return Group(table, Text(""), *footers)


def _dates_text(c: Commitment) -> str:
    """A commitment's own dates, when it has any: "from 2018-05-01", "until 2023-06-30"."""
    if c.start is not None and c.end is not None:
        return _("{start} to {end}").format(start=c.start.isoformat(), end=c.end.isoformat())
    if c.start is not None:
        return _("from {start}").format(start=c.start.isoformat())
    if c.end is not None:
        return _("until {end}").format(end=c.end.isoformat())
    return ""


def render_agreement(agreement: AgreementFile, party: str | None = None) -> RenderableType:
    """An agreement for `mlofte show`: title, period, parties, then commitments by focus area
    (with `party`, only those that party is responsible for)."""
    a = agreement.agreement
    parties = Table.grid(padding=(0, 2))
    parties.add_column(style="dim")
    parties.add_column()
    for key, name in a.parties.items():
        parties.add_row(_user(key), _user(name))
    table = _table()
    table.add_column("Commitment")
    table.add_column("Responsible")
    table.add_column("Target", no_wrap=True)
    shown = [c for c in a.commitments if party is None or party in c.responsible]
    for index, (area, commitments) in enumerate(_by_area(shown, dict(a.focus_areas))):
        if index:
            table.add_section()
        table.add_row(_user(area, "bold"))
        for c in commitments:
            target = Text(target_text(c.minimum, c.per, untargeted="no target"))
            dates = _dates_text(c)
            if dates:
                target.append(f"\n{dates}", "dim")
            table.add_row(
                _commitment_cell(c.title, c.id, condition=c.condition),
                _user(", ".join(c.responsible)),
                target,
            )
    return Group(
        _user(a.title, "bold"),
        _period_text(agreement.id, a.period.start, a.period.end),
        Text(""),
        Text("Parties", style="bold"),
        parties,
        Text(""),
        table,
    )
