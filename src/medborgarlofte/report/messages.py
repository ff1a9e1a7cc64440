"""The catalogue of problem messages: one English template per rule code, translated with
gettext when shown. Every problem the program reports has its code here, so that a rule can
be documented, filtered and translated by its code; a problem carries only its code and its
arguments (data), and words are given to it here, at the edge (report/message_parts.py
composes the pieces that are words of ours: hints, kinds of value, lists, OS reasons)."""

from __future__ import annotations

import string
from collections.abc import Callable
from typing import Any

from medborgarlofte.core.problems import Problem
from medborgarlofte.files import root, write
from medborgarlofte.report import i18n
from medborgarlofte.report.message_parts import English, Words, derived
from medborgarlofte.report.message_texts import FILES, RULES, VALUES

MESSAGES: dict[str, str] = {**FILES, **VALUES, **RULES, **root.MESSAGES, **write.MESSAGES}
"""Rule code -> English template with {named} arguments (the gettext message id)."""


Plural = Callable[[str, str, int], str]


def _aliases_more(ngettext: Plural, n: int) -> str:
    return ngettext(
        "aliases (*name) are not allowed: write the value out ({more:,} more alias in this"
        " file not listed)",
        "aliases (*name) are not allowed: write the value out ({more:,} more aliases in this"
        " file not listed)",
        n,
    )


def _too_many_refused(ngettext: Plural, n: int) -> str:
    return ngettext(
        "{count:,} value of this file is refused while reading (the first are listed); the"
        " rest of the file is checked once they are fixed",
        "{count:,} values of this file are refused while reading (the first are listed); the"
        " rest of the file is checked once they are fixed",
        n,
    )


PLURALS: dict[str, tuple[str, Callable[[Plural, int], str]]] = {
    "alias-more": ("more", _aliases_more),
    "too-many-refused": ("count", _too_many_refused),
}
"""Rule code -> (the argument that counts, its singular and plural templates): a count in
words (`ngettext` is the language's)."""


class _Formatter(string.Formatter):
    """str.format, with the thousands separator of the language (`{n:,}`: "1,024" in English,
    "1 024" in Swedish)."""

    def __init__(self, swedish: bool) -> None:
        self.swedish = swedish

    def format_field(self, value: Any, format_spec: str) -> str:
        text: str = super().format_field(value, format_spec)
        if self.swedish and "," in format_spec and isinstance(value, int):
            text = text.replace(",", "\u00a0")
        return text


class _Active:
    """The active language's words (gettext of report/i18n)."""

    @staticmethod
    def gettext(message: str) -> str:
        return i18n._(message)

    @staticmethod
    def ngettext(singular: str, plural: str, n: int) -> str:
        return i18n.ngettext(singular, plural, n)


def _render(problem: Problem, words: Words, swedish: bool) -> str:
    args: dict[str, Any] = dict(problem.args)
    code = problem.code
    try:
        if code in PLURALS:
            counted, template_of = PLURALS[code]
            count = args[counted]
            template = template_of(words.ngettext, count if isinstance(count, int) else 2)
        else:
            template = words.gettext(MESSAGES[code])
        return _Formatter(swedish).vformat(template, (), {**args, **derived(args, words)})
    except (KeyError, IndexError, ValueError, TypeError):
        # Only a cache or a caller out of step with the catalogue: the code and its data.
        data = ", ".join(f"{name}={value!r}" for name, value in problem.args)
        return f"{code} ({data})" if data else code


def message(problem: Problem) -> str:
    """The problem's message in words, in the active language (for people)."""
    return _render(problem, _Active(), i18n.current().language == "sv")


def english(problem: Problem) -> str:
    """The problem's message in English whatever the language: machine formats (json,
    github) are the same in every language."""
    return _render(problem, English(), False)


def hint(suggestion: str) -> str:
    """ " (did you mean 'x'?)" in the active language, or '' without a suggestion."""
    return derived({"suggestion": suggestion}, _Active())["hint"]
