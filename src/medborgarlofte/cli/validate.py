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
    number,
    problems_in_files,
)
from medborgarlofte.report.i18n import N_, _, ngettext

if TYPE_CHECKING:
    from medborgarlofte.core.model import Tallied


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
            sys.stderr.write(f"{problems_in_files(problems)}\n")
        raise typer.Exit(EXIT_PROBLEMS)
    if format is ProblemFormat.text:
        sys.stdout.write(f"{_summary(dataset, len(problems))}\n")


def _summary(dataset: Tallied, warnings: int) -> str:
    """ "1 agreement, 12 log entries, 1 follow-up file: no problems"."""
    parts = [
        ngettext("{n} agreement", "{n} agreements", len(dataset.agreements)),
        ngettext("{n} log entry", "{n} log entries", dataset.entry_count),
    ]
    counts = [len(dataset.agreements), dataset.entry_count]
    if dataset.followups:
        parts.append(ngettext("{n} follow-up file", "{n} follow-up files", len(dataset.followups)))
        counts.append(len(dataset.followups))
    verdict = (
        ngettext("no errors, {n} warning", "no errors, {n} warnings", warnings).format(
            n=number(warnings)
        )
        if warnings
        else _("no problems")
    )
    said = ", ".join(part.format(n=number(n)) for part, n in zip(parts, counts, strict=True))
    return _("{counts}: {verdict}").format(counts=said, verdict=verdict)
