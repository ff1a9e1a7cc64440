"""The command-line framework in the user's language.

Typer builds the click command tree afresh for every run from help texts fixed at import, in
English (the message ids). `Group.main` chooses the language from the command line and the
environment before anything is parsed, then gives the tree its words: every command's and
option's help is looked up in the catalogue, so `mlofte --lang sv log --help` is Swedish
whichever language the modules were imported under. Typer's own words (section titles,
"default:", "required") are looked up through the same catalogue."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from typing import Any

import typer
import typer.core

from medborgarlofte.report import i18n
from medborgarlofte.report.i18n import _


def given_language(args: Sequence[str]) -> str | None:
    """The value of `--lang` on the command line, wherever it stands (as `--root` may), before
    a `--` that ends the options; click checks the value itself when it parses."""
    for i, arg in enumerate(args):
        if arg == "--":
            return None
        if arg == "--lang" and i + 1 < len(args):
            return args[i + 1]
        if arg.startswith("--lang="):
            return arg.removeprefix("--lang=")
    return None


def translate(command: Any) -> None:
    """Gives `command`, its options and its subcommands their help in the active language."""
    for attribute in ("help", "short_help", "epilog"):
        text = getattr(command, attribute, None)
        if text:
            setattr(command, attribute, _(text))
    for param in getattr(command, "params", ()):
        if getattr(param, "help", None):
            param.help = _(param.help)
    for sub in getattr(command, "commands", {}).values():
        translate(sub)


class Group(typer.core.TyperGroup):
    """The `mlofte` group: chooses the language, then runs as typer does."""

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        windows_expand_args: bool = True,
        **extra: Any,
    ) -> Any:
        argv = list(sys.argv[1:] if args is None else args)
        i18n.use(i18n.choose(given_language(argv), os.environ))
        translate(self)
        return super().main(
            args=argv,
            prog_name=prog_name,
            complete_var=complete_var,
            standalone_mode=standalone_mode,
            windows_expand_args=windows_expand_args,
            **extra,
        )


setattr(typer.core, "_", _)  # noqa: B010 - typer's own words ("Options", "required") through ours
