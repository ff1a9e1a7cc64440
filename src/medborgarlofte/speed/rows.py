"""A problem as the cache keeps it beside its place: rule code, arguments and level (a warning
read back from the cache is a warning still). No words: a problem is put into words in the
language of the run that shows it, so a cache written in Swedish serves an English run."""

from __future__ import annotations

from typing import Any

from medborgarlofte.core.problems import Arg, Problem


def problem_row(p: Problem) -> list[Any]:
    """What of a problem is kept beside its place: [code, [[name, value], ...], level]."""
    return [p.code, [list(pair) for pair in p.args], p.level]


def problem_of(path: str, line: Any, col: Any, row: Any) -> Problem:
    """The problem `problem_row` kept; ValueError when its shape is not the one we write."""
    if type(row) is not list or len(row) != 3 or type(line) is not int or type(col) is not int:
        raise ValueError("not a problem row")
    code, args, level = row
    if type(code) is not str or level not in ("error", "warning"):
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
    return Problem(path, line, col, code, tuple(pairs), level)
