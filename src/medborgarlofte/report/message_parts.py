"""The pieces of a problem message that are words of ours but not arguments: a problem keeps
data (a suggestion, the kind of a wrong value, a list of ids, an errno), and the words for it
are composed here, in the language being rendered, so that no argument is English."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Protocol

from medborgarlofte.core.problems import SEPARATOR
from medborgarlofte.report.i18n import N_


class Words(Protocol):
    """A language: gettext and ngettext."""

    def gettext(self, message: str) -> str: ...

    def ngettext(self, singular: str, plural: str, n: int) -> str: ...


class English:
    """The message ids themselves: English whatever the active language."""

    @staticmethod
    def gettext(message: str) -> str:
        return message

    @staticmethod
    def ngettext(singular: str, plural: str, n: int) -> str:
        return singular if n == 1 else plural


HINT = N_(" (did you mean '{suggestion}'?)")

KINDS = {
    "text": N_("text {value}"),
    "number": N_("a number {value}"),
    "decimal": N_("a decimal number {value}"),
    "bool": N_("a yes/no value ({value})"),
    "list": N_("a list"),
    "mapping": N_("a mapping"),
    "empty": N_("empty"),
    "date": N_("a date ({value})"),
    "datetime": N_("a date and time"),
}
"""What a wrong value was (`got_kind`, `got_value`), for "count must be …, not {got}"."""

READ_AS = {"large": N_("a large number"), "number": N_("a number")}
"""What YAML 1.1 makes of `1:30` or `010` when it is no number worth showing."""

PERIOD = N_("{id} ({start} to {end})")
OR = N_("{items} or {last}")

OS_REASONS = {
    "EACCES": N_("Permission denied"),
    "EPERM": N_("Operation not permitted"),
    "ENOENT": N_("No such file or directory"),
    "EIO": N_("Input/output error"),
    "ENAMETOOLONG": N_("File name too long"),
    "ELOOP": N_("Too many levels of symbolic links"),
    "EISDIR": N_("Is a directory"),
    "ENOTDIR": N_("Not a directory"),
    "EMFILE": N_("Too many open files"),
    "ENFILE": N_("Too many open files in system"),
    "ENOMEM": N_("Cannot allocate memory"),
    "EBUSY": N_("Device or resource busy"),
    "ESTALE": N_("Stale file handle"),
}
"""The OS's reasons a file cannot be read, by errno name: `reason` (the OS's own English)
stands in for any other."""

YAML_PHRASES = frozenset(
    {
        N_("mapping values are not allowed in this context"),
        N_("mapping values are not allowed here"),
        N_("did not find expected key"),
        N_("did not find expected ',' or ']'"),
        N_("did not find expected ',' or '}'"),
        N_("did not find expected '-' indicator"),
        N_("did not find expected node content"),
        N_("did not find expected <document start>"),
        N_("did not find expected comment or line break"),
        N_("could not find expected ':'"),
        N_("found unexpected end of stream"),
        N_("found character that cannot start any token"),
        N_("found unknown escape character"),
        N_("found undefined alias"),
        N_("block sequence entries are not allowed in this context"),
        N_("found unexpected ':'"),
        N_("while parsing a block mapping"),
        N_("while parsing a flow mapping"),
        N_("while parsing a block collection"),
        N_("while parsing a flow sequence"),
        N_("while parsing a flow node"),
        N_("while parsing a block node"),
        N_("while parsing a quoted scalar"),
        N_("while scanning a quoted scalar"),
        N_("while scanning a plain scalar"),
        N_("while scanning a simple key"),
        N_("while scanning for the next token"),
        N_("while scanning a block scalar"),
        N_("invalid YAML"),
    }
)
"""libyaml's words for what is wrong and where (PyYAML's `problem` and `context`), as message
ids: translated when listed, else shown as libyaml wrote them."""


def _joined(value: Any) -> list[str]:
    return str(value).split(SEPARATOR) if value != "" else []


def or_list(words: Words, items: list[str]) -> str:
    """'a', 'b' or 'c' (each item already quoted)."""
    if len(items) < 2:
        return "".join(items)
    return words.gettext(OR).format(items=", ".join(items[:-1]), last=items[-1])


def derived(args: Mapping[str, Any], words: Words) -> dict[str, str]:
    """The placeholders composed from the arguments: {hint} from `suggestion`, {got} from
    `got_kind` and `got_value`, {field} from `name` and `part`, {periods} from `periods`,
    {choices} from `choices`, {reason} from `errno` and `reason`, {read_as}, and {problem}
    and {context} of a YAML syntax error."""
    found: dict[str, str] = {}
    if "suggestion" in args:
        suggestion = args["suggestion"]
        found["hint"] = words.gettext(HINT).format(suggestion=suggestion) if suggestion else ""
    if "got_kind" in args:
        kind = str(args["got_kind"])
        value = args.get("got_value", "")
        template = KINDS.get(kind)
        found["got"] = words.gettext(template).format(value=value) if template else kind
    if "name" in args:
        name, part = str(args["name"]), args.get("part", "")
        if part == "key":
            found["field"] = (
                words.gettext(N_("{name} key")).format(name=name)
                if name
                else words.gettext(N_("key"))
            )
        else:
            found["field"] = name or words.gettext(N_("value"))
    if "periods" in args:
        items = _joined(args["periods"])
        found["periods"] = ", ".join(
            words.gettext(PERIOD).format(id=items[i], start=items[i + 1], end=items[i + 2])
            for i in range(0, len(items) - 2, 3)
        )
    if "choices" in args:
        found["choices"] = or_list(words, [f"'{item}'" for item in _joined(args["choices"])])
    if "errno" in args:
        reason = OS_REASONS.get(str(args["errno"]))
        translated = words.gettext(reason) if reason else ""
        found["reason"] = translated if reason and translated != reason else str(args["reason"])
    if "read_as" in args and args["read_as"] in READ_AS:
        found["read_as"] = words.gettext(READ_AS[str(args["read_as"])])
    for name in ("problem", "context"):
        if name in args and args[name] in YAML_PHRASES:
            found[name] = words.gettext(str(args[name]))
    return found
