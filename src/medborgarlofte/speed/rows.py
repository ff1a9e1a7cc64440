"""A problem as the cache keeps it beside its place: message, rule code, arguments and level
(a warning read back from the cache is a warning still)."""

from __future__ import annotations

from typing import Any

from medborgarlofte.core.problems import Arg, Problem


def problem_row(p: Problem) -> list[Any]:
    """What of a problem is kept beside its place: [message, code, [[name, value], ...], level]."""
    return [p.message, p.code, [list(pair) for pair in p.args], p.level]


def problem_of(path: str, line: Any, col: Any, row: Any) -> Problem:
    """The problem `problem_row` kept; ValueError when its shape is not the one we write."""
    if type(row) is not list or len(row) != 4 or type(line) is not int or type(col) is not int:
        raise ValueError("not a problem row")
    message, code, args, level = row
    if type(message) is not str or type(code) is not str or level not in ("error", "warning"):
        raise ValueError("not a problem row")
    if type(args) is not list:
        raise ValueError("not a problem row")
    pairs: list[tuple[str, Arg]] = []
    for pair in args:
        if type(pair) is not list or len(pair) != 2 or type(pair[0]) is not str:
            raise ValueError("not a problem row")
        if type(pair[1]) not in (str, int):
            raise ValueError("not a problem row")
        pairs.append((pair[0], pair[1]))
    return Problem(path, line, col, message, code, tuple(pairs), level)
