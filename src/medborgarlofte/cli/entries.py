"""`mlofte entries`: every counted entry of a selection, with the path of its file."""

from __future__ import annotations

import datetime as dt
import os
import stat
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from medborgarlofte.cli import common
from medborgarlofte.cli.common import (
    EXIT_PROBLEMS,
    AgreementOption,
    LangOption,
    PartyOption,
    RootOption,
    data_root,
    fail,
    parse_date,
    print_problems_and_exit,
    unknown_agreement,
)
from medborgarlofte.report.i18n import N_, _

if TYPE_CHECKING:
    from medborgarlofte.core.model import Dataset
    from medborgarlofte.core.problems import Problem


class EntriesFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"
    yaml = "yaml"


def parse_period(value: str) -> tuple[dt.date, dt.date]:
    """`2021` (the year), `2021-T2` (May–Aug), `2021-H1`, `2021-Q3`: its first and last day,
    as the follow-up report reads them (core/periods.py)."""
    from medborgarlofte.core.periods import parse_period as parse

    found = parse(value)
    if found is None:
        fail(
            _("PERIOD {value} is not a year or a follow-up period: {accepted}").format(
                value=repr(value), accepted=common.accepted_periods()
            )
        )
    return found.first, found.last


def _output_file(root: Path, problems: list[Problem]) -> str | None:
    """The data file stdout is redirected into, when it has problems: with
    `mlofte entries --format yaml > logs/moved.yaml` the shell makes that file, empty, before
    the command starts; it is this command's output, not its input."""
    try:
        out = os.fstat(sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        return None
    if not stat.S_ISREG(out.st_mode):
        return None
    for path in sorted({p.path for p in problems}):
        try:
            found = os.stat(root / path)
        except (OSError, ValueError):
            continue
        if (found.st_dev, found.st_ino) == (out.st_dev, out.st_ino):
            return path
    return None


def _check_names(
    dataset: Dataset, agreement: str | None, commitment: str | None, party: str | None
) -> None:
    """Unknown ids are usage errors, named with what is known."""
    if agreement is not None and dataset.agreement(agreement) is None:
        unknown_agreement(agreement, dataset)
    shown = [a for a in dataset.agreements if agreement in (None, a.id)]
    if commitment is not None:
        known = sorted({c.id for a in shown for c in a.agreement.commitments})
        if commitment not in known:
            hint = common.did_you_mean(commitment, known)
            fail(
                _("unknown commitment '{commitment}'{hint}; mlofte show lists them").format(
                    commitment=commitment, hint=hint
                )
            )
    if party is not None:
        parties = list(dict.fromkeys(p for a in shown for p in a.agreement.parties))
        if party not in parties:
            common.unknown_party(party, parties)


HELP = N_(
    """Every entry that mlofte status counts, one row each, by date: its agreement,
commitment, count, parties, note and the path of its file.

To correct an entry, edit its file; to remove it, delete the file (git rm PATH): git
keeps the history. --format yaml prints the entries as one valid log file (a list),
to move or restructure them; put into logs/ beside the originals it counts them twice.

Exit 0; 1 when the data is invalid; 2 on a usage error (an unknown agreement,
commitment or party)."""
)
"""`mlofte entries --help`: a message id, translated at each run (cli/framework.py)."""


def entries(
    period: Annotated[
        Optional[str],
        typer.Argument(
            metavar="PERIOD",
            help=N_(
                "A year (2021) or a follow-up period (2021-T2, 2021-H1, 2021-Q3). Default: all."
            ),
            show_default=False,
        ),
    ] = None,
    agreement: AgreementOption = None,
    commitment: Annotated[
        Optional[str],
        typer.Option(
            "--commitment", "-c", metavar="ID", help=N_("Only this commitment."), show_default=False
        ),
    ] = None,
    party: PartyOption = None,
    start: Annotated[
        Optional[str],
        typer.Option("--from", metavar=N_("DATE"), help=N_("Only entries on or after this day.")),
    ] = None,
    end: Annotated[
        Optional[str],
        typer.Option("--to", metavar=N_("DATE"), help=N_("Only entries on or before this day.")),
    ] = None,
    format: Annotated[
        EntriesFormat,
        typer.Option(
            "--format",
            "-f",
            help=N_("table (terminal), json, csv, or yaml (a valid log file: a list of entries)."),
        ),
    ] = EntriesFormat.table,
    root: RootOption = None,
    lang: LangOption = None,
) -> None:
    from medborgarlofte.core.entries import Selection, counted
    from medborgarlofte.core.problems import errors

    first, last = parse_date(start, "--from"), parse_date(end, "--to")
    if period is not None:
        period_first, period_last = parse_period(period)
        first = max(first or period_first, period_first)
        last = min(last or period_last, period_last)
    root = data_root(root)
    dataset, problems = common.load_checked(root, progress=format is EntriesFormat.table)
    own = _output_file(root, problems)
    problems = [p for p in errors(problems) if p.path != own]
    if problems:
        print_problems_and_exit(problems)
    _check_names(dataset, agreement, commitment, party)
    rows = counted(dataset, Selection(first, last, agreement, commitment, party))
    if format is EntriesFormat.table:
        from medborgarlofte.report import terminal

        terminal.make_console().print(terminal.render_entries(rows))
        return
    from medborgarlofte.report import entries as documents

    if format is EntriesFormat.yaml:
        try:
            sys.stdout.write(documents.format_entries_yaml(rows))
        except documents.NotFaithful:
            fail(_("an entry does not read back as YAML; nothing printed"), EXIT_PROBLEMS)
        return
    write = (
        documents.format_entries_json
        if format is EntriesFormat.json
        else documents.format_entries_csv
    )
    sys.stdout.write(write(rows))
