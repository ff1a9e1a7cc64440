"""`mlofte status`: how each commitment stands in a year, as of a day."""

from __future__ import annotations

import datetime as dt
import sys
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from medborgarlofte.cli import common
from medborgarlofte.cli.common import (
    EXIT_PROBLEMS,
    AgreementOption,
    LangOption,
    PartyOption,
    RootOption,
    check_party,
    data_root,
    fail,
    go_on_despite,
    load_checked,
    load_tallied,
    parse_date,
    print_problems_and_exit,
    unknown_agreement,
)
from medborgarlofte.report.i18n import N_, _

if TYPE_CHECKING:
    from medborgarlofte.core.model import Tallied


class StatusFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"
    markdown = "markdown"


HELP = N_(
    """How each commitment stands in YEAR.

Without YEAR or --as-of: this year, or the latest year an agreement covers when none
covers this one.

States: met (green ✔) every unit's minimum reached; on track (cyan ●) every ended unit
met and the current one keeping pace; behind (yellow ▲) not keeping pace; missed
(red ✘) the units have ended short; untargeted (dim –) no minimum to reach.
Colour is used only on a terminal, and never when NO_COLOR is set.

With --party KEY, only the commitments that party is responsible for. Under each
table, a line per party: how its commitments stand.

Exit 0; with --check, 1 when any commitment is behind or missed; 1 when the data is
invalid; 2 on a usage error (an unknown --party too) or when no agreement covers YEAR."""
)
"""`mlofte status --help`: a message id, translated at each run (cli/framework.py)."""


def status(
    year: Annotated[
        Optional[int],
        typer.Argument(
            metavar=N_("YEAR"),
            help=N_("The year to report; default: the year of --as-of."),
            min=1,
            max=9999,
            show_default=False,
        ),
    ] = None,
    as_of: Annotated[
        Optional[str],
        typer.Option(
            "--as-of",
            metavar=N_("DATE"),
            help=N_(
                "Count entries up to this day (YYYY-MM-DD). Default: today for the current"
                " year, Dec 31 for a past year."
            ),
            show_default=False,
        ),
    ] = None,
    agreement: AgreementOption = None,
    format: Annotated[
        StatusFormat,
        typer.Option(
            "--format", "-f", help=N_("table (terminal), json, csv or markdown (for a report).")
        ),
    ] = StatusFormat.table,
    check: Annotated[
        bool,
        typer.Option(
            "--check", help=N_("Exit 1 when any commitment is behind or missed (a CI gate).")
        ),
    ] = False,
    party: PartyOption = None,
    detail: Annotated[
        bool,
        typer.Option(
            "--detail",
            help=N_(
                "One table per agreement even when there are many (by default more than 10"
                " agreements give one summary row each)."
            ),
        ),
    ] = False,
    root: RootOption = None,
    lang: LangOption = None,
) -> None:
    from medborgarlofte.core.status import compute_status, covered_years, default_as_of

    as_of_date = parse_date(as_of, "--as-of")
    as_of_date = _as_of_in(year, as_of_date)
    root = data_root(root)
    dataset, problems = load_tallied(root, progress=format is StatusFormat.table)
    if problems and agreement is None:
        print_problems_and_exit(problems)
    if problems and agreement is not None:
        # only problems in files that are, or may be, this agreement's stop it
        from medborgarlofte.files.scope import split_for_agreement

        full = load_checked(root)[0]  # what the broken files hold (from the per-file cache)
        blocking, others = split_for_agreement(root, full, problems, agreement)
        if blocking:
            print_problems_and_exit(blocking)
        go_on_despite(others, [], _("about agreement '{id}'").format(id=agreement))
    if agreement is not None and dataset.agreement(agreement) is None:
        unknown_agreement(agreement, dataset)
    check_party(party, dataset, agreement)
    today = common.current_date()
    shown = dataset if agreement is None else _only(dataset, agreement)
    years = covered_years(shown)
    if year is None and as_of_date is None and today.year not in years and years:
        # A finished agreement: show its latest year rather than refuse.
        year = max((y for y in years if y <= today.year), default=years[0])
        if format is StatusFormat.table:
            said = _("no agreement covers {year}; showing {shown}")
            sys.stderr.write(f"mlofte: {said.format(year=today.year, shown=year)}\n")
    if as_of_date is None:
        as_of_date = default_as_of(year, today)
    if year is None:
        year = as_of_date.year
    if year not in years:
        said = (
            _("no agreement covers {year}; covered years: {years}")
            if agreement is None
            else _("agreement '{agreement}' does not cover {year}; covered years: {years}")
        )
        fail(said.format(agreement=agreement, year=year, years=_year_ranges(years) or _("none")))
    report = compute_status(dataset, year, as_of_date, agreement, party)
    if format is StatusFormat.table:
        from medborgarlofte.report import terminal as render  # rich: imported only for the table

        render.make_console().print(
            render.render_status(report, detail=True if detail else None, party=party)
        )
    else:
        from medborgarlofte.report import documents

        if format is StatusFormat.markdown:
            sys.stdout.write(documents.format_status_markdown(report, party))
        else:
            write = {
                StatusFormat.json: documents.format_status_json,
                StatusFormat.csv: documents.format_status_csv,
            }[format]
            sys.stdout.write(write(report))
    if check and any(
        row.state in ("behind", "missed") for a in report.agreements for row in a.rows
    ):
        raise typer.Exit(EXIT_PROBLEMS)


def _as_of_in(year: int | None, as_of: dt.date | None) -> dt.date | None:
    """--as-of held to YEAR: a day before YEAR began is a usage error (nothing of YEAR can be
    known then); a day after YEAR ended shows YEAR as it ended, Dec 31 (entries dated later
    are not YEAR's), said on stderr."""
    if year is None or as_of is None:
        return as_of
    if as_of < dt.date(year, 1, 1):
        fail(
            _("--as-of {as_of} is before {year} began ({start}); give a day in {year}").format(
                as_of=as_of, year=year, start=dt.date(year, 1, 1)
            )
        )
    if as_of > dt.date(year, 12, 31):
        end = dt.date(year, 12, 31)
        said = _("--as-of {as_of} is after {year}; showing {year} as of {end}")
        sys.stderr.write(f"mlofte: {said.format(as_of=as_of, year=year, end=end)}\n")
        return end
    return as_of


def _only(tallied: Tallied, agreement_id: str) -> Tallied:
    from medborgarlofte.core.model import Tallied

    return Tallied(tuple(a for a in tallied.agreements if a.id == agreement_id), tallied.summary)


def _year_ranges(years: list[int]) -> str:
    """2020–2022, 2024: consecutive years joined."""
    parts: list[str] = []
    for year in years:
        if parts and parts[-1].split("–")[-1] == str(year - 1):
            parts[-1] = f"{parts[-1].split('–')[0]}–{year}"
        else:
            parts.append(str(year))
    return ", ".join(parts)
