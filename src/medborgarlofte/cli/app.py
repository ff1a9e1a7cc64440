"""The `mlofte` command line: parses options, calls the core, prints, and picks the exit code.

Heavy modules (pydantic, yaml, rich) are imported inside the commands that use
them, so `mlofte --version` and `--help` start at once.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from medborgarlofte import version_line
from medborgarlofte.cli.common import LangOption, state
from medborgarlofte.cli.framework import Command, Group
from medborgarlofte.report.i18n import N_

app = typer.Typer(
    name="mlofte",
    cls=Group,
    help=N_(
        "Keep a medborgarlöfte (citizen promise between a municipality and the police) as YAML"
        " in git, and show whether every promise is being kept.\n\n"
        "The data root is the folder holding agreements/ and logs/: --root PATH, else the"
        " MLOFTE_ROOT environment variable, else the nearest folder at or above the current one"
        " that has agreements/."
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        sys.stdout.write(version_line())
        raise typer.Exit()


@app.callback()
def main(
    root: Annotated[
        Optional[Path],
        typer.Option(
            "--root",
            metavar=N_("PATH"),
            help=N_("The data root (the folder holding agreements/ and logs/)."),
            show_default=False,
        ),
    ] = None,
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help=N_("Print the version and exit.")
        ),
    ] = False,
    no_cache: Annotated[
        bool,
        typer.Option(
            "--no-cache",
            help=N_("Read every file again and leave the cache alone (also MLOFTE_NO_CACHE=1)."),
        ),
    ] = False,
    lang: LangOption = None,
) -> None:
    """Keep a medborgarlöfte as YAML in git and show whether every promise is kept."""
    state.root_option = root
    state.cache = not no_cache


from medborgarlofte.cli import (  # noqa: E402
    entries,
    init,
    log,
    overview,
    report,
    schema,
    show,
    status,
    validate,
)

app.command(cls=Command, help=validate.HELP)(validate.validate)
app.command(cls=Command, help=status.HELP)(status.status)
app.command(cls=Command, help=show.HELP)(show.show)
app.command(cls=Command, help=log.HELP)(log.log)
app.command(cls=Command, help=report.HELP)(report.report)
app.command(cls=Command, help=schema.HELP)(schema.schema)
app.command(cls=Command, help=init.HELP)(init.init)
app.command(cls=Command, help=entries.HELP)(entries.entries)
app.command(cls=Command, help=overview.HELP)(overview.overview)
