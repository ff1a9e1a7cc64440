"""`mlofte validate`: every file checked, the problems in the format asked for."""

from __future__ import annotations

import sys
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated

import typer

from medborgarlofte.cli.common import (
    EXIT_PROBLEMS,
    LangOption,
    RootOption,
    data_root,
    load_tallied,
    plural,
)
from medborgarlofte.report.i18n import N_

if TYPE_CHECKING:
    pass


class ProblemFormat(StrEnum):
    text = "text"
    json = "json"
    github = "github"


HELP = N_(
    """Check every agreement, log and follow-up file under the data root.

Errors make the data invalid; warnings (legal, but almost always a mistake) are printed
too. Exit 0 when there is no error (with --strict: no warning either), 1 otherwise,
2 on a usage or root error."""
)
"""`mlofte validate --help`: a message id, translated at each run (cli/framework.py)."""


def validate(
    format: Annotated[
        ProblemFormat,
        typer.Option(
            "--format",
            "-f",
            help=N_(
                "text: PATH:LINE:COL: error: MESSAGE; json: one document;"
                " github: ::error annotations for GitHub Actions."
            ),
        ),
    ] = ProblemFormat.text,
    strict: Annotated[
        bool,
        typer.Option("--strict", help=N_("Exit 1 on warnings too (an entry logged twice, …).")),
    ] = False,
    root: RootOption = None,
    lang: LangOption = None,
) -> None:
    from medborgarlofte.core.problems import errors
    from medborgarlofte.report import problems as fmt

    root = data_root(root)
    dataset, problems = load_tallied(root, warnings=True, progress=format is ProblemFormat.text)
    if format is ProblemFormat.json:
        sys.stdout.write(fmt.format_json(problems))
    elif format is ProblemFormat.github:
        sys.stdout.write(fmt.format_github(problems))
    else:
        sys.stdout.write(fmt.format_text(problems))
    wrong = errors(problems)
    if wrong or (strict and problems):
        if format is ProblemFormat.text:
            files = len({p.path for p in problems})
            sys.stderr.write(f"{plural(len(problems), 'problem')} in {plural(files, 'file')}\n")
        raise typer.Exit(EXIT_PROBLEMS)
    if format is ProblemFormat.text:
        verdict = f"no errors, {plural(len(problems), 'warning')}" if problems else "no problems"
        sys.stdout.write(
            f"{plural(len(dataset.agreements), 'agreement')},"
            f" {plural(dataset.entry_count, 'log entry').replace('entrys', 'entries')}"
            + (f", {plural(len(dataset.followups), 'follow-up file')}" if dataset.followups else "")
            + f": {verdict}\n"
        )
