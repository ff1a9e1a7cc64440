"""`mlofte validate`: every file checked, the problems in the format asked for."""

from __future__ import annotations

import sys
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated

import typer

from medborgarlofte.cli.common import (
    EXIT_PROBLEMS,
    RootOption,
    data_root,
    load_checked,
    plural,
)

if TYPE_CHECKING:
    pass


class ProblemFormat(StrEnum):
    text = "text"
    json = "json"
    github = "github"


def validate(
    format: Annotated[
        ProblemFormat,
        typer.Option(
            "--format",
            "-f",
            help="text: PATH:LINE:COL: error: MESSAGE; json: one document;"
            " github: ::error annotations for GitHub Actions.",
        ),
    ] = ProblemFormat.text,
    root: RootOption = None,
) -> None:
    """Check every agreement and log file under the data root.

    Exit 0 when all is valid, 1 when problems were found, 2 on a usage or root error.
    """
    from medborgarlofte.report import problems as fmt

    root = data_root(root)
    dataset, problems = load_checked(root)
    if format is ProblemFormat.json:
        sys.stdout.write(fmt.format_json(problems))
    elif format is ProblemFormat.github:
        sys.stdout.write(fmt.format_github(problems))
    else:
        sys.stdout.write(fmt.format_text(problems))
    if problems:
        if format is ProblemFormat.text:
            files = len({p.path for p in problems})
            sys.stderr.write(f"{plural(len(problems), 'problem')} in {plural(files, 'file')}\n")
        raise typer.Exit(EXIT_PROBLEMS)
    if format is ProblemFormat.text:
        sys.stdout.write(
            f"{plural(len(dataset.agreements), 'agreement')},"
            f" {plural(dataset.entry_count, 'log entry').replace('entrys', 'entries')}: no problems\n"
        )
