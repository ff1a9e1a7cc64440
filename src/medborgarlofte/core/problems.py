"""Problems as values: where (PATH:LINE:COL, 1-based, PATH relative to the data root), what
(a rule code and its arguments) and how bad (an error, or a warning: legal but almost always a
mistake). Words are given to them only at the edge (report/messages.py), in the user's
language, so that the cache keeps codes and arguments and never rendered English."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Literal

Level = Literal["error", "warning"]
Arg = str | int
Args = tuple[tuple[str, Arg], ...]
SEPARATOR = "\x00"
"""Between the items of a list argument (no id, date or file name holds it)."""


@dataclass(frozen=True, order=True, slots=True)
class Problem:
    """One thing wrong at PATH:LINE:COL.

    `code` names the rule (a key of report/messages.py's catalogue) and `args` its
    arguments as (name, value) pairs: data (ids, dates, numbers, the user's text), never
    words of ours, so that one problem reads in every language."""

    path: str
    line: int = 1
    col: int = 1
    code: str = ""
    args: Args = ()
    level: Level = "error"

    @property
    def is_error(self) -> bool:
        return self.level == "error"


def N_(message: str) -> str:
    """Marks an English template for the catalogue, as report/i18n's N_ does (the core and
    files cannot import it); report/messages.py translates it when shown."""
    return message


class Refusal(Exception):
    """An error the program reports that is no file's problem (no data root, an entry that
    cannot be written): `problem` holds its code and arguments for report/messages.py to put
    into the user's language; str() is the English, from the same template."""

    def __init__(self, templates: Mapping[str, str], code: str, **args: Arg) -> None:
        self.problem = problem_with("", 1, 1, code, args)
        super().__init__(templates[code].format(**args))


def problem(
    path: str, line: int, col: int, code: str, level: Level = "error", **args: Arg
) -> Problem:
    """A Problem of rule `code` with keyword arguments, in a stable order."""
    return Problem(path, line, col, code=code, args=tuple(sorted(args.items())), level=level)


def problem_with(
    path: str, line: int, col: int, code: str, args: Mapping[str, Arg], level: Level = "error"
) -> Problem:
    """As `problem`, with the arguments in a mapping (a caller that gathers them first)."""
    return Problem(path, line, col, code=code, args=tuple(sorted(args.items())), level=level)


def listed(items: Iterable[str]) -> str:
    """A list argument (the items are joined into words when shown: "a, b or c")."""
    return SEPARATOR.join(items)


def sort_problems(problems: Iterable[Problem]) -> list[Problem]:
    """Sorted by (path, line, col, …), duplicates dropped, so every run prints the same."""
    return sorted(set(problems))


def errors(problems: Iterable[Problem]) -> list[Problem]:
    """The problems that make the data invalid (warnings never change an exit code)."""
    return [p for p in problems if p.level == "error"]
