"""The command-line framework in the user's language.

Typer builds the click command tree afresh for every run from help texts fixed at import, in
English (the message ids). `Group.main` chooses the language from the command line and the
environment before anything is parsed, then gives the tree its words: every command's and
option's help is looked up in the catalogue, so `mlofte --lang sv log --help` is Swedish
whichever language the modules were imported under. Typer's own words (section titles,
"default:", "required") are looked up through the same catalogue; the words its vendored click
writes in English (the usage line's prefix, the help option's help, usage errors) come from
the documented extension points: a `Context` whose formatter writes the prefix, the help
option given its help when it is made, and the usage error written by `cli/usage.py`."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from typing import Any

import typer
import typer.core
from typer import _click

from medborgarlofte.cli import usage
from medborgarlofte.report import i18n
from medborgarlofte.report.i18n import _


def given_language(args: Sequence[str]) -> str | None:
    """The value of `--lang` on the command line, wherever it stands (as `--root` may), before
    a `--` that ends the options; the last one given, as click takes it (click checks the
    value itself when it parses)."""
    given = None
    for i, arg in enumerate(args):
        if arg == "--":
            break
        if arg == "--lang" and i + 1 < len(args):
            given = args[i + 1]
        elif arg.startswith("--lang="):
            given = arg.removeprefix("--lang=")
    return given


def translate(command: Any) -> None:
    """Gives `command`, its options and its subcommands their help in the active language."""
    for attribute in ("help", "short_help", "epilog"):
        text = getattr(command, attribute, None)
        if text:
            setattr(command, attribute, _(text))
    for param in getattr(command, "params", ()):
        if getattr(param, "help", None):
            param.help = _(param.help)
        if getattr(param, "metavar", None):  # DATE, KEY: the words the help texts use
            param.metavar = _(param.metavar)
    if getattr(command, "options_metavar", None) == usage.OPTIONS_METAVAR:
        command.options_metavar = _(usage.OPTIONS_METAVAR)
    if getattr(command, "subcommand_metavar", None) == usage.SUBCOMMAND_METAVAR:
        command.subcommand_metavar = _(usage.SUBCOMMAND_METAVAR)
    for sub in getattr(command, "commands", {}).values():
        translate(sub)


class Formatter(_click.HelpFormatter):
    """click's formatter, with "Usage: " in the active language."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, args, _(usage.USAGE_PREFIX) if prefix is None else prefix)


class Context(_click.Context):
    """click's context, formatting help and usage lines with `Formatter`."""

    formatter_class = Formatter


def _help_option(option: Any) -> Any:
    """The `-h/--help` option click makes, with its help in the active language."""
    if option is not None:
        option.help = _(usage.HELP_OPTION)
    return option


class Command(typer.core.TyperCommand):
    """A `mlofte` command: its context and help option in the user's language."""

    context_class = Context

    def get_help_option(self, ctx: _click.Context) -> Any:
        return _help_option(super().get_help_option(ctx))


class Group(typer.core.TyperGroup):
    """The `mlofte` group: chooses the language, then runs as typer does, writing a usage
    error itself (exit 2 as click's) so that every word of it is in the language."""

    context_class = Context

    def get_help_option(self, ctx: _click.Context) -> Any:
        return _help_option(super().get_help_option(ctx))

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
        if not standalone_mode:
            return self._run(argv, prog_name, complete_var, windows_expand_args, extra)
        try:
            code = self._run(argv, prog_name, complete_var, windows_expand_args, extra)
        except _click.exceptions.ClickException as error:
            usage.show(error)
            sys.exit(error.exit_code)
        except typer.Abort:
            sys.stderr.write(_("Aborted!") + "\n")
            sys.exit(1)
        # typer answers a command's return value, or the code of the Exit it raised
        sys.exit(code if isinstance(code, int) and not isinstance(code, bool) else 0)

    def _run(
        self,
        argv: list[str],
        prog_name: str | None,
        complete_var: str | None,
        windows_expand_args: bool,
        extra: dict[str, Any],
    ) -> Any:
        return super().main(
            args=argv,
            prog_name=prog_name,
            complete_var=complete_var,
            standalone_mode=False,
            windows_expand_args=windows_expand_args,
            **extra,
        )


setattr(typer.core, "_", _)  # noqa: B010 - typer's own words ("Options", "required") through ours
