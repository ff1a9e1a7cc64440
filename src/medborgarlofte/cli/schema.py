"""`mlofte schema`: the JSON Schema of a file kind, for editors and other tools."""

from __future__ import annotations

import json
import sys
from typing import Annotated

import typer

from medborgarlofte.cli.common import LangOption, fail
from medborgarlofte.report.i18n import N_, _


def schema_text(kind: str) -> str:
    """The schema of `kind` as printed and as kept in `schemas/<kind>.schema.json`."""
    from medborgarlofte.core.schemas import json_schema

    return json.dumps(json_schema(kind), indent=2, ensure_ascii=False) + "\n"


HELP = N_(
    """Print the JSON Schema (draft 2020-12) of a file kind: agreement, entry or followup.

Generated from the same models `mlofte validate` uses, so an editor with a YAML
language server completes the keys and marks a typo such as `minimun:` at once.
The repository keeps them as schemas/KIND.schema.json.

Exit 0; 2 for an unknown kind."""
)
"""`mlofte schema --help`: a message id, translated at each run (cli/framework.py)."""


def schema(
    kind: Annotated[
        str,
        typer.Argument(
            metavar=N_("KIND"),
            help=N_("agreement, entry or followup: which file kind's schema to print."),
            show_default=False,
        ),
    ],
    lang: LangOption = None,
) -> None:
    from medborgarlofte.core.schemas import kinds

    if kind not in kinds():
        fail(
            _("unknown kind {kind}; known: {known}").format(
                kind=repr(kind), known=", ".join(kinds())
            )
        )
    sys.stdout.write(schema_text(kind))
