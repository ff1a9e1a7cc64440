"""Terminal views of an agreement, the overview and the entries (rich), on the helpers of
the status tables."""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from medborgarlofte.core.entries import Counted
from medborgarlofte.core.model import AgreementFile, Commitment
from medborgarlofte.core.status import (
    CommitmentStatus,
    StatusReport,
)
from medborgarlofte.core.text import clean
from medborgarlofte.report.i18n import _, ngettext, pgettext
from medborgarlofte.report.terminal.tables import (
    _by_area,
    _commitment_cell,
    _period_text,
    _table,
    _user,
    header,
)
from medborgarlofte.report.words import (
    STATE_LOOK,
    footer_line,
    target_text,
)


def render_overview(title: str, reports: list[StatusReport]) -> RenderableType:
    """`mlofte overview`: a row per commitment, a column per year with done/target and state."""
    from medborgarlofte.report.documents import overview_cell

    table = _table(_user(title, "bold"))
    table.add_column(header("Commitment"), min_width=20)
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
    footers = [
        Text(_("{year}: {footer}").format(year=r.year, footer=footer_line(r)), style="dim")
        for r in reports
    ]
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
    table.add_column(header("Commitment"))
    table.add_column(_("Responsible"))
    table.add_column(header("Target"), no_wrap=True)
    shown = [c for c in a.commitments if party is None or party in c.responsible]
    for index, (area, commitments) in enumerate(_by_area(shown, dict(a.focus_areas))):
        if index:
            table.add_section()
        table.add_row(_user(area, "bold"))
        for c in commitments:
            target = Text(target_text(c.minimum, c.per, untargeted=_("no target")))
            dates = _dates_text(c)
            if dates:
                target.append(f"\n{dates}", "dim")
            table.add_row(
                _commitment_cell(c.title, c.id, condition=c.condition),
                _user("; ".join(a.parties.get(key, key) for key in c.responsible)),
                target,
            )
    return Group(
        _user(a.title, "bold"),
        _period_text(agreement.id, a.period.start, a.period.end),
        Text(""),
        Text(_("Parties"), style="bold"),
        parties,
        Text(""),
        table,
    )


def render_entries(rows: Sequence[Counted]) -> RenderableType:
    """One row per counted entry, its commitment and below it the path of its file (what a
    user edits or `git rm`s); the agreement beside the commitment when there are several."""
    many = len({row.agreement for row in rows}) > 1
    table = _table(None if many or not rows else _user(rows[0].agreement, "bold"))
    table.add_column(_("Date"), no_wrap=True)
    table.add_column(_("Commitment · file"), overflow="fold")
    table.add_column(_("Count"), justify="right", no_wrap=True)
    table.add_column(_("By"), overflow="fold")
    table.add_column(pgettext("entry", "Note"), overflow="fold")
    for row in rows:
        entry = row.entry
        cell = _user(entry.commitment)
        if many:
            cell.append(clean(f" · {row.agreement}"), "dim")
        cell.append("\n")
        cell.append(clean(row.path), "dim")
        table.add_row(
            entry.date.isoformat(),
            cell,
            str(entry.count),
            _user(", ".join(entry.parties)),
            _user(entry.note or ""),
        )
    total = sum(row.entry.count for row in rows)
    counts = ngettext("{n} entry, count {total}.", "{n} entries, count {total}.", len(rows))
    footer = Text(
        counts.format(n=len(rows), total=total)
        + " "
        + _(
            "To correct an entry, edit its file; to remove it, delete the file (git keeps the"
            " history)."
        ),
        style="dim",
    )
    return Group(table, footer) if rows else footer
