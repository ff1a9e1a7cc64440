"""`mlofte report`: the follow-up document for a period, for the steering group and citizens."""

from __future__ import annotations

import dataclasses
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from medborgarlofte.cli import common
from medborgarlofte.cli.common import (
    AgreementOption,
    LangOption,
    PartyOption,
    RootOption,
    accepted_periods,
    confirm,
    data_root,
    fail,
    load_tallied,
    print_problems_and_exit,
    stdin_is_tty,
    unknown_agreement,
    unknown_party,
)
from medborgarlofte.report.i18n import N_, _

if TYPE_CHECKING:
    from medborgarlofte.core.model import Tallied
    from medborgarlofte.core.periods import ReportPeriod


class ReportFormat(StrEnum):
    html = "html"
    markdown = "markdown"
    xlsx = "xlsx"


HELP = N_(
    """The follow-up report (uppföljning) of PERIOD, in Swedish unless --lang or MLOFTE_LANG
says otherwise.

For each agreement covering the period: its parties, a one-line verdict, the follow-up's
summary (followups/), then per focus area every commitment with who is responsible, its
target, the outcome in the period and in the year so far, its state and comment, and a
chart. A period still in progress is reported as of today, and says so.

Exit 0; 1 when the data is invalid (the problems are printed as by validate); 2 on a usage
error, when no agreement covers the period, or when --output exists (without --force)."""
)
"""`mlofte report --help`: a message id, translated at each run (cli/framework.py)."""


def report(
    period: Annotated[
        Optional[str],
        typer.Argument(
            metavar="PERIOD",
            help=N_(
                "2021 (the year), 2021-T1..T3 (tertial), 2021-H1..H2 or 2021-Q1..Q4."
                " Default: the year status shows."
            ),
            show_default=False,
        ),
    ] = None,
    agreement: AgreementOption = None,
    party: PartyOption = None,
    format: Annotated[
        ReportFormat,
        typer.Option(
            "--format",
            "-f",
            help=N_(
                "html (one self-contained page), markdown (for a web page or Word) or xlsx"
                " (needs --output)."
            ),
        ),
    ] = ReportFormat.html,
    output: Annotated[
        Optional[Path],
        typer.Option(
            "--output",
            "-o",
            metavar=N_("PATH"),
            help=N_("Write the report to PATH (atomically) instead of standard output."),
            show_default=False,
        ),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help=N_("Replace the --output file if it exists."))
    ] = False,
    root: RootOption = None,
    lang: LangOption = None,
) -> None:
    from medborgarlofte.core.periods import as_of_for, parse_period

    wanted = None
    if period is not None:
        wanted = parse_period(period)
        if wanted is None:
            fail(
                _("{period} is not a report period; use {accepted}").format(
                    period=repr(period), accepted=accepted_periods()
                )
            )
    if format is ReportFormat.xlsx and output is None:
        fail(_("--format xlsx needs --output PATH (a workbook is not printed)"))
    replace = force
    if output is not None:
        replace = _may_write(output, force)
    root = data_root(root)
    dataset, problems = load_tallied(root)  # errors only: warnings never stop a report
    if problems:
        print_problems_and_exit(problems)
    if agreement is not None and dataset.agreement(agreement) is None:
        unknown_agreement(agreement, dataset)
    if party is not None:
        _check_party(dataset, party, agreement)
    today = common.current_date()
    if wanted is None:
        wanted = _default_period(dataset, agreement, today.year)
    from medborgarlofte.report.followup import Request, agreements_for, build_report

    as_of, in_progress = as_of_for(wanted, today)
    request = Request(wanted, as_of, in_progress, agreement, party)
    if not agreements_for(dataset, request):
        said = (
            _("no agreement covers {period}")
            if agreement is None
            else _("agreement '{agreement}' does not cover {period}")
        )
        if party is not None:
            said = _("no agreement where '{party}' is responsible for something covers {period}")
        fail(said.format(agreement=agreement, party=party, period=wanted))
    from medborgarlofte.report import i18n

    before = i18n.current()
    try:  # the language is this command's alone: restored for whatever runs next in-process
        if not before.asked:  # the report is for Swedish citizens unless --lang/MLOFTE_LANG
            i18n.use(i18n.Choice("sv", False))
        request = dataclasses.replace(request, lang=i18n.current().language)
        document = _render(build_report(dataset, request), format)
    finally:
        i18n.use(before)
    if output is None:
        sys.stdout.write(document.decode("utf-8"))
        return
    _write(output, document, replace)


def _render(report: object, format: ReportFormat) -> bytes:
    from medborgarlofte.report.i18n import _, ngettext
    from medborgarlofte.report.view import Report

    assert isinstance(report, Report)
    if format is ReportFormat.xlsx:
        import io

        from medborgarlofte.report.xlsx import write_xlsx

        buffer = io.BytesIO()
        write_xlsx(report, buffer, _)
        return buffer.getvalue()
    from medborgarlofte.report.render import format_html, format_markdown

    text = (format_html if format is ReportFormat.html else format_markdown)(report, _, ngettext)
    return text.encode("utf-8")


def _may_write(output: Path, force: bool) -> bool:
    """Refuse an existing --output early (before any work) unless --force or a yes in a
    terminal; a folder, or a missing parent folder, is a usage error too."""
    if output.is_dir():
        fail(_("--output {output} is a folder; give a file name").format(output=output))
    if not output.parent.is_dir() and str(output.parent):
        fail(
            _("--output {output}: the folder {folder} does not exist").format(
                output=output, folder=output.parent
            )
        )
    if output.exists() and not force:
        if stdin_is_tty() and confirm(
            _("{output} exists. Replace it?").format(output=output), default=False
        ):
            return True
        fail(_("{output} exists; give --force to replace it").format(output=output))
    return force


def _write(output: Path, data: bytes, replace: bool) -> None:
    from medborgarlofte.files.write import write_file

    try:
        write_file(output, data, replace=replace)
    except FileExistsError:
        fail(_("{output} exists; give --force to replace it").format(output=output))
    except OSError as error:
        said = _("cannot write {output}: {reason}")
        fail(said.format(output=output, reason=error.strerror or error), 1)
    sys.stderr.write(f"{output}\n")


def _check_party(dataset: Tallied, party: str, agreement: str | None) -> None:
    known = sorted(
        {
            key
            for a in dataset.agreements
            if agreement is None or a.id == agreement
            for key in a.agreement.parties
        }
    )
    if party not in known:
        unknown_party(party, known)


def _default_period(dataset: Tallied, agreement: str | None, this_year: int) -> ReportPeriod:
    """As `status` picks its year: this one, else the latest covered year before it."""
    from medborgarlofte.core.model import Dataset
    from medborgarlofte.core.periods import ReportPeriod
    from medborgarlofte.core.status import covered_years

    shown = (
        dataset
        if agreement is None
        else Dataset(tuple(a for a in dataset.agreements if a.id == agreement))
    )
    years = covered_years(shown)
    year = this_year
    if this_year not in years and years:
        year = max((y for y in years if y <= this_year), default=years[0])
    return ReportPeriod(year, "year")
