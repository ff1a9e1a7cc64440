"""Click's usage errors and typer's own words in the user's language.

typer 0.29 looks a few of its words up with `gettext` (framework.py routes them to our
catalogue: they are marked here so that `pybabel extract` finds them); the rest of what its
vendored click writes on a usage error is English in f-strings. `show` writes that error as
click would (the usage line, the hint, `Error: MESSAGE`) with every part looked up: click's
English messages are matched against their message ids, and a value outside a choice names
the choices plainly (pydantic's "Value error, " prefix dropped), in both languages."""

from __future__ import annotations

import re
import sys
from typing import Any

from typer._click.exceptions import (
    BadParameter,
    ClickException,
    MissingParameter,
    NoArgsIsHelpError,
    NoSuchOption,
    UsageError,
)

from medborgarlofte.report.i18n import N_, _

TYPER_WORDS = (
    N_("Options"),
    N_("Arguments"),
    N_("Commands"),
    N_("default: {default}"),
    N_("required"),
    N_("env var: {var}"),
    N_("(dynamic)"),
    N_("Missing command."),
    N_("No such command {name!r}."),
    N_("Aborted!"),
)
"""typer's own message ids (typer/core.py), translated by typer through our catalogue."""

USAGE_PREFIX = N_("Usage: ")
HELP_OPTION = N_("Show this message and exit.")
OPTIONS_METAVAR = N_("[OPTIONS]")
SUBCOMMAND_METAVAR = N_("COMMAND [ARGS]...")

MESSAGES = (
    N_("No such option: {name}"),
    N_("Option {name} requires an argument."),
    N_("Option {name} does not take a value."),
    N_("Got unexpected extra argument(s) ({extra})"),
    N_("Input should be a valid integer, unable to parse string as an integer"),
    N_("Input should be greater than or equal to {n}"),
    N_("Input should be less than or equal to {n}"),
)
"""click's and pydantic's English messages, as message ids: each placeholder matches any text."""

_DID_YOU_MEAN = re.compile(r"(?P<head>.*)\. Did you mean (?P<suggestions>.+)\?", re.DOTALL)
_NOT_ONE_OF = re.compile(r"(?:Value error, )?(?P<value>.*) is not one of .*", re.DOTALL)


def _pattern(msgid: str) -> re.Pattern[str]:
    parts = re.split(r"\{(\w+)\}", msgid)
    regex = "".join(
        re.escape(part) if i % 2 == 0 else f"(?P<{part}>.+?)" for i, part in enumerate(parts)
    )
    return re.compile(regex, re.DOTALL)


_PATTERNS = [(_pattern(msgid), msgid) for msgid in MESSAGES]


def translated(message: str) -> str:
    """click's English `message` in the active language (unchanged when it is none we know)."""
    found = _DID_YOU_MEAN.fullmatch(message)
    if found is not None:  # typer adds it after "No such command 'x'."
        head = translated(found["head"] + ".")
        suggestion = _("Did you mean {suggestions}?").format(suggestions=found["suggestions"])
        return f"{head} {suggestion}"
    message = message.removeprefix("Value error, ")
    for pattern, msgid in _PATTERNS:
        match = pattern.fullmatch(message)
        if match is not None:
            return _(msgid).format(**match.groupdict())
    return message


def _hint(error: BadParameter) -> str | None:
    hint: Any = error.param_hint
    if hint is None and error.param is not None:
        hint = error.param.get_error_hint()
    if hint is None or isinstance(hint, str):
        return hint
    return " / ".join(repr(x) for x in hint)


def _choices(error: BadParameter) -> list[str] | None:
    descriptor = getattr(error.param, "type_descriptor", None)
    if descriptor is None or not descriptor.is_choice or not descriptor.choices:
        return None
    return [str(getattr(choice, "value", choice)) for choice in descriptor.choices]


def message(error: ClickException) -> str:
    """What follows `Error: `."""
    if isinstance(error, MissingParameter):
        hint = _hint(error)
        kind = error.param_type or (error.param.param_type_name if error.param else None)
        text = {
            "argument": _("Missing argument {name}."),
            "option": _("Missing option {name}."),
        }.get(kind or "", _("Missing parameter {name}.")).format(name=hint or "")
        choices = _choices(error)
        if choices:
            text += " " + _("Choose from: {choices}.").format(choices=", ".join(choices))
        return text
    if isinstance(error, BadParameter):
        hint = _hint(error)
        text = translated(error.message)
        choices = _choices(error)
        found = _NOT_ONE_OF.fullmatch(error.message)
        if choices and found is not None:
            text = _("{value} is not one of {choices}.").format(
                value=found["value"], choices=", ".join(choices)
            )
        if hint is None:
            return _("Invalid value: {message}").format(message=text)
        return _("Invalid value for {name}: {message}").format(name=hint, message=text)
    if isinstance(error, NoSuchOption) and error.possibilities:
        text = translated(error.message)
        possible = ", ".join(sorted(error.possibilities))
        return f"{text} " + _("(Possible options: {options})").format(options=possible)
    return translated(error.format_message())


def show(error: ClickException) -> None:
    """The error on stderr as click writes it, in the active language."""
    if isinstance(error, NoArgsIsHelpError):  # the help itself, already in the language
        error.show()
        return
    out = sys.stderr
    if isinstance(error, UsageError) and error.ctx is not None:
        ctx = error.ctx
        hint = ""
        if ctx.command.get_help_option(ctx) is not None:
            hint = _("Try '{command} {option}' for help.").format(
                command=ctx.command_path, option=ctx.help_option_names[0]
            )
            hint += "\n"
        out.write(f"{ctx.get_usage()}\n{hint}\n")
    out.write(_("Error: {message}").format(message=message(error)) + "\n")
