"""Output: rich tables for the terminal, and JSON, CSV and Markdown documents of a status report.

The only module that imports rich. User text (titles, ids, names) always goes through
`text.clean` and into `rich.text.Text`, never into a markup string, so "[bold]" prints as typed.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import math
import os
import re
from collections.abc import Iterable, Sequence
from typing import IO, Any, TypeVar

from rich import box
from rich.console import Console, Group, RenderableType
from rich.table import Table
from rich.text import Text

from medborgarlofte.model import AgreementFile, Commitment, Per
from medborgarlofte.status import (
    STATES,
    AgreementStatus,
    CommitmentStatus,
    State,
    StatusReport,
)
from medborgarlofte.text import clean

SUMMARY_THRESHOLD = 10
"""More agreements than this, and `status` shows one summary row per agreement by default."""

PER_SWEDISH: dict[str, str] = {
    "year": "år",
    "half-year": "halvår",
    "tertial": "tertial",
    "quarter": "kvartal",
    "month": "månad",
    "week": "vecka",
}
_UNIT_NAMES: dict[str, tuple[str, str]] = {
    "half-year": ("half-year", "half-years"),
    "tertial": ("tertial", "tertials"),
    "quarter": ("quarter", "quarters"),
    "month": ("month", "months"),
    "week": ("week", "weeks"),
}
_STATE_LOOK: dict[State, tuple[str, str, str]] = {
    "met": ("✔", "met", "green"),
    "on_track": ("●", "on track", "cyan"),
    "behind": ("▲", "behind", "yellow"),
    "missed": ("✘", "missed", "red"),
    "untargeted": ("–", "untargeted", "dim"),
}
_DASH = "–"


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


def target_text(minimum: int | None, per: Per, untargeted: str = _DASH) -> str:
    """The target as a Swedish coordinator says it: "4 per år", "3 under perioden"."""
    if minimum is None:
        return untargeted
    if per == "period":
        return f"{minimum} under perioden"
    return f"{minimum} per {PER_SWEDISH[per]}"


def units_met_text(row: CommitmentStatus) -> str:
    """Like "47/52 weeks" for units shorter than a year; blank when the unit is year or period."""
    names = _UNIT_NAMES.get(row.per)
    if names is None or row.minimum is None:
        return ""
    return f"{row.units_met}/{row.units} {names[row.units != 1]}"


def _plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def what_it_takes(row: CommitmentStatus) -> list[str]:
    """Why a behind row is behind: units already missed, and what the unit in progress needs."""
    if row.state != "behind":
        return []
    parts = []
    if row.units_missed:
        parts.append(_plural(row.units_missed, "unit", "units") + " missed")
    if row.needed_now:
        parts.append(f"{row.needed_now} more needed now")
    return parts


def one_decimal(value: float | None) -> str:
    """One decimal, halves rounded up as people do (1.25 -> 1.3), "–" for no value."""
    if value is None:
        return _DASH
    return f"{math.floor(value * 10 + 0.5) / 10:.1f}"


def state_text(row: CommitmentStatus) -> Text:
    """The state as symbol, word and colour, plus what it takes when behind."""
    symbol, word, style = _STATE_LOOK[row.state]
    text = Text(f"{symbol} {word}", style=style)
    for hint in what_it_takes(row):
        text.append(f"\n{hint}")
    return text


def tally_line(counts: dict[State, int]) -> str:
    """A line like "3 of 6 met · 1 behind · 2 without target": met of targeted, zeros left out."""
    targeted = sum(n for state, n in counts.items() if state != "untargeted")
    parts = [f"{counts['met']} of {targeted} met"]
    parts += [
        f"{counts[s]} {_STATE_LOOK[s][1]}" for s in ("on_track", "behind", "missed") if counts[s]
    ]
    if counts["untargeted"]:
        parts.append(f"{counts['untargeted']} without target")
    return " · ".join(parts)


def footer_line(report: StatusReport) -> str:
    """What was counted and what was left out, so a missing entry is never a silent mystery."""
    line = (
        f"as of {report.as_of.isoformat()} · {_plural(report.counted, 'entry', 'entries')} counted"
    )
    if report.left_out:
        why = []
        if report.after_as_of:
            why.append(f"{report.after_as_of} dated after as-of")
        if report.outside:
            why.append(f"{report.outside} outside the year")
        line += f" · {report.left_out} left out ({', '.join(why)})"
    return line


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


def _commitment_cell(title: str, commitment_id: str, responsible: Iterable[str] = ()) -> Text:
    """The title, then dim its id (and who is responsible, when the table has no room for it)."""
    text = _user(title)
    text.append("\n")
    text.append(clean(" · ".join([commitment_id, ", ".join(responsible)]).rstrip(" ·")), "dim")
    return text


def _target_cell(row: CommitmentStatus) -> Text:
    """The target, and below it, dim, how many of its units are met ("47/52 weeks met")."""
    text = Text(target_text(row.minimum, row.per))
    units = units_met_text(row)
    if units:
        text.append(f"\n{units} met", "dim")
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
                _commitment_cell(row.title, row.id, row.responsible),
                _target_cell(row),
                str(row.done),
                one_decimal(row.expected_by_now),
                _DASH if row.remaining is None else str(row.remaining),
                state_text(row),
            )
    return table


def _summary_table(report: StatusReport) -> Table:
    """One row per agreement: how many of its commitments are in each state.

    The counts share one cell, aligned under one header, so that 300 agreements stay quick to
    lay out (rich spends its time per cell).
    """
    labels = [f"{_STATE_LOOK[s][0]} {_STATE_LOOK[s][1]}" for s in STATES]
    table = _table(
        Text(
            f"{_plural(len(report.agreements), 'agreement', 'agreements')} in {report.year}",
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
            style = _STATE_LOOK[state][2] if counts[state] and state != "met" else ""
            cell.append(str(counts[state]).rjust(len(label)), style)
        table.add_row(_user(status.id), _user(status.title), cell)
    return table


def render_status(report: StatusReport, *, detail: bool | None = None) -> RenderableType:
    """Per-agreement tables, or with many agreements (and no `detail`) one summary table."""
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
            parts.append(Text(""))
    parts.append(Text(footer_line(report), style="dim"))
    return Group(*parts)


def render_agreement(agreement: AgreementFile) -> RenderableType:
    """An agreement for `mlofte show`: title, period, parties, then commitments by focus area."""
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
    for index, (area, commitments) in enumerate(_by_area(a.commitments, dict(a.focus_areas))):
        if index:
            table.add_section()
        table.add_row(_user(area, "bold"))
        for c in commitments:
            table.add_row(
                _commitment_cell(c.title, c.id),
                _user(", ".join(c.responsible)),
                target_text(c.minimum, c.per, untargeted="no target"),
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


# --- documents ------------------------------------------------------------------------------

# Characters JSON may carry raw with ensure_ascii=False but a terminal might act on.
_JSON_UNSAFE = re.compile("[\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2028\u2029\u2066-\u2069]")


def _row_document(row: CommitmentStatus) -> dict[str, Any]:
    return {
        "id": row.id,
        "title": row.title,
        "area": row.area,
        "responsible": list(row.responsible),
        "minimum": row.minimum,
        "done": row.done,
        "per": row.per,
        "units": row.units,
        "units_elapsed": row.units_elapsed,
        "units_met": row.units_met,
        "remaining": row.remaining,
        "expected_by_now": row.expected_by_now,
        "state": row.state,
        "entries": row.entries,
        "last_date": row.last_date.isoformat() if row.last_date else None,
    }


def format_status_json(report: StatusReport) -> str:
    """The contract's one JSON document; each agreement also carries its period."""
    document = {
        "year": report.year,
        "as_of": report.as_of.isoformat(),
        "agreements": [
            {
                "id": status.id,
                "title": status.title,
                "period": {
                    "start": status.period.start.isoformat(),
                    "end": status.period.end.isoformat(),
                },
                "commitments": [_row_document(row) for row in status.rows],
            }
            for status in report.agreements
        ],
    }
    text = json.dumps(document, ensure_ascii=False, indent=2)
    # Such characters can only stand inside strings, where the escape means the same.
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text) + "\n"


CSV_COLUMNS = (
    "agreement",
    "id",
    "title",
    "area",
    "responsible",
    "minimum",
    "per",
    "done",
    "units",
    "units_elapsed",
    "units_met",
    "remaining",
    "expected_by_now",
    "state",
    "entries",
    "last_date",
)


def _spreadsheet_safe(value: str) -> str:
    """Text a spreadsheet will not run as a formula (OWASP CSV injection): a leading ' if needed."""
    value = clean(value)
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def _cell(value: object) -> str:
    return "" if value is None else str(value)


def format_status_csv(report: StatusReport) -> str:
    """A header and one row per commitment, the agreement id in each row, for spreadsheets."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for status in report.agreements:
        for row in status.rows:
            data = _row_document(row)
            data["agreement"] = status.id
            data["title"] = _spreadsheet_safe(row.title)
            data["responsible"] = " ".join(row.responsible)
            writer.writerow([_cell(data[column]) for column in CSV_COLUMNS])
    return out.getvalue()


_MARKDOWN_HEADER = (
    "Commitment",
    "Area",
    "Responsible",
    "Target",
    "Done",
    "Expected",
    "Remaining",
    "Units met",
    "State",
)
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>|~&$#!])")


def markdown_escape(value: str) -> str:
    """User text as literal Markdown table-cell text: specials backslash-escaped, newlines <br>."""
    escaped = _MARKDOWN_SPECIAL.sub(r"\\\1", clean(value))
    return escaped.replace("\r\n", "\n").replace("\n", "<br>")


def _markdown_rows(status: AgreementStatus) -> Iterable[str]:
    yield "| " + " | ".join(_MARKDOWN_HEADER) + " |"
    yield "| --- | --- | --- | --- | ---: | ---: | ---: | --- | --- |"
    for row in status.rows:
        symbol, word, _ = _STATE_LOOK[row.state]
        hint = ", ".join(what_it_takes(row))
        cells = [
            f"{markdown_escape(row.title)} (`{clean(row.id)}`)",
            markdown_escape(status.focus_areas.get(row.area, row.area)),
            markdown_escape(", ".join(row.responsible)),
            target_text(row.minimum, row.per),
            str(row.done),
            one_decimal(row.expected_by_now),
            _DASH if row.remaining is None else str(row.remaining),
            units_met_text(row),
            f"{symbol} {word}" + (f" ({hint})" if hint else ""),
        ]
        yield "| " + " | ".join(cells) + " |"


def format_status_markdown(report: StatusReport) -> str:
    """A GitHub-flavoured Markdown table per agreement, to paste into an issue or a report."""
    lines: list[str] = []
    for status in report.agreements:
        period = f"{status.period.start.isoformat()} – {status.period.end.isoformat()}"
        lines += [f"## {markdown_escape(status.title)} ({period})", ""]
        lines += _markdown_rows(status)
        lines += ["", tally_line(status.tally()), ""]
    lines.append(footer_line(report))
    return "\n".join(lines) + "\n"
