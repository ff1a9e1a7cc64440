"""`mlofte show`: an agreement's parties, focus areas and commitments."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from medborgarlofte.cli.common import (
    LangOption,
    PartyOption,
    RootOption,
    check_party,
    data_root,
    fail,
    load_checked,
    many_agreements,
    number,
    print_problems_and_exit,
    unknown_agreement,
)
from medborgarlofte.report.i18n import N_, _, ngettext

if TYPE_CHECKING:
    pass


HELP = N_(
    """An agreement's parties, period, focus areas and commitments: the ids to use with `mlofte log`.

With --party KEY, only the commitments that party is responsible for.
Problems in other agreement files are printed on stderr but do not stop it.
Exit 0; 1 when the agreement shown is invalid; 2 for an unknown agreement or party."""
)
"""`mlofte show --help`: a message id, translated at each run (cli/framework.py)."""


def show(
    agreement: Annotated[
        Optional[str],
        typer.Argument(
            metavar=N_("AGREEMENT"),
            help=N_("The agreement's id; optional when the root holds one."),
            show_default=False,
        ),
    ] = None,
    party: PartyOption = None,
    root: RootOption = None,
    lang: LangOption = None,
) -> None:
    from medborgarlofte.core.model import Dataset
    from medborgarlofte.core.problems import errors
    from medborgarlofte.report import terminal as render
    from medborgarlofte.report.problems import format_text

    root = data_root(root)
    dataset, problems = load_checked(root, logs=False)
    readable = dataset.agreements + dataset.partial_agreements
    if agreement is None:
        if not readable and errors(problems):
            print_problems_and_exit(problems)
        if not readable:
            fail(_("the root holds no agreement yet: add one as agreements/<id>.yaml"))
        if len(readable) > 1:
            known = ", ".join(sorted(a.id for a in readable))
            fail(many_agreements(len(readable), known))
        found = readable[0]
    else:
        found_or_none = next((a for a in readable if a.id == agreement), None)
        if found_or_none is None:
            sys.stderr.write(format_text(problems))
            unknown_agreement(agreement, dataset)
        found = found_or_none
    if found in dataset.partial_agreements or any(p.path == found.path for p in errors(problems)):
        print_problems_and_exit(problems)
    check_party(party, Dataset((found,)))
    if problems:
        sys.stderr.write(format_text(problems))
        others = errors(p for p in problems if p.path != found.path)
        if others:
            said = ngettext(
                "{n} problem in other agreement files",
                "{n} problems in other agreement files",
                len(others),
            )
            sys.stderr.write(f"mlofte: {said.format(n=number(len(others)))}\n")
    render.make_console().print(render.render_agreement(found, party))
