"""Problems as values: a located message, and its text, GitHub and JSON formats."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass

from medborgarlofte.core.personal import redact
from medborgarlofte.core.text import shown


@dataclass(frozen=True, order=True, slots=True)
class Problem:
    """One thing wrong at PATH:LINE:COL (1-based, PATH relative to the data root)."""

    path: str
    line: int = 1
    col: int = 1
    message: str = ""


def sort_problems(problems: Iterable[Problem]) -> list[Problem]:
    """Sorted by (path, line, col, message), duplicates dropped, so every run prints the same."""
    return sorted(set(problems))


def format_text(problems: Iterable[Problem]) -> str:
    """`PATH:LINE:COL: error: MESSAGE`, one per line, the layout compilers and editors jump to."""
    return "".join(
        f"{shown(p.path)}:{p.line}:{p.col}: error: {shown(p.message)}\n"
        for p in sort_problems(problems)
    )


def _github_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _github_property(value: str) -> str:
    return _github_data(value).replace(":", "%3A").replace(",", "%2C")


def format_github(problems: Iterable[Problem]) -> str:
    """GitHub Actions workflow commands, so each problem is annotated on its line in a pull request."""
    return "".join(
        f"::error file={_github_property(shown(p.path))},line={p.line},col={p.col}"
        f"::{_github_data(shown(p.message))}\n"
        for p in sort_problems(problems)
    )


# Characters JSON may carry raw with ensure_ascii=False but a terminal might act on.
_JSON_UNSAFE = re.compile("[\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060\u2066-\u2069\ufeff]")


def format_json(problems: Iterable[Problem]) -> str:
    """One JSON document: {"valid": bool, "problems": [{path, line, column, message}]}."""
    items = [
        {"path": redact(p.path), "line": p.line, "column": p.col, "message": redact(p.message)}
        for p in sort_problems(problems)
    ]
    text = json.dumps({"valid": not items, "problems": items}, ensure_ascii=False, indent=2)
    # Such characters stand only inside strings, where the \uXXXX escape means the same.
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text) + "\n"
