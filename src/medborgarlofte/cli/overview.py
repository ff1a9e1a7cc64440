"""`mlofte overview`: every commitment of an agreement in every year of its period, so that a
steering group sees the trend."""

from __future__ import annotations

import sys
from enum import StrEnum
from typing import Annotated, Optional

import typer

from medborgarlofte.cli import common
from medborgarlofte.cli.common import (
    EXIT_PROBLEMS,
    LangOption,
    PartyOption,
    RootOption,
    check_party,
    data_root,
    fail,
    load_tallied,
    many_agreements,
    print_problems_and_exit,
    unknown_agreement,
)
from medborgarlofte.report.i18n import N_, _


class OverviewFormat(StrEnum):
    table = "table"
    json = "json"
    markdown = "markdown"


HELP = N_(
    """Every commitment × every year of the agreement's period: done / target and the state
of each year, as of the year's end (the current year as of today).

Exit 0; with --check, 1 when any commitment is behind or missed in any year; 1 when the
data is invalid; 2 on a usage error (an unknown agreement or --party)."""
)
"""`mlofte overview --help`: a message id, translated at each run (cli/framework.py)."""


def overview(
    agreement: Annotated[
        Optional[str],
        typer.Argument(
            metavar=N_("AGREEMENT"),
            help=N_("The agreement's id; optional when the root holds one."),
            show_default=False,
        ),
    ] = None,
    party: PartyOption = None,
    format: Annotated[
        OverviewFormat,
        typer.Option(
            "--format", "-f", help=N_("table (terminal), json or markdown (for a report).")
        ),
    ] = OverviewFormat.table,
    check: Annotated[
        bool,
        typer.Option(
            "--check", help=N_("Exit 1 when any commitment is behind or missed in any year.")
        ),
    ] = False,
    root: RootOption = None,
    lang: LangOption = None,
) -> None:
    from medborgarlofte.core.status import compute_status, default_as_of

    root = data_root(root)
    dataset, problems = load_tallied(root)
    if problems:
        print_problems_and_exit(problems)
    if agreement is None:
        if not dataset.agreements:
            fail(_("the root holds no agreement yet: add one as agreements/<id>.yaml"))
        if len(dataset.agreements) > 1:
            known = ", ".join(sorted(a.id for a in dataset.agreements))
            fail(many_agreements(len(dataset.agreements), known))
        found = dataset.agreements[0]
    else:
        found_or_none = dataset.agreement(agreement)
        if found_or_none is None:
            unknown_agreement(agreement, dataset)
        found = found_or_none
    check_party(party, dataset, found.id)
    today = common.current_date()
    period = found.agreement.period
    reports = [
        compute_status(dataset, year, default_as_of(year, today), found.id, party)
        for year in range(period.start.year, period.end.year + 1)
    ]
    if format is OverviewFormat.table:
        from medborgarlofte.report import terminal as render

        render.make_console().print(render.render_overview(found.agreement.title, reports))
    else:
        from medborgarlofte.report import documents

        if format is OverviewFormat.json:
            sys.stdout.write(documents.format_overview_json(found.id, reports))
        else:
            sys.stdout.write(documents.format_overview_markdown(found.agreement.title, reports))
    if check and any(
        row.state in ("behind", "missed")
        for report in reports
        for status in report.agreements
        for row in status.rows
    ):
        raise typer.Exit(EXIT_PROBLEMS)
