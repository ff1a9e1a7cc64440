"""Problems as text for people and tools: `PATH:LINE:COL: error: MESSAGE` lines, GitHub
Actions annotations and one JSON document. The prefixes, keys and levels are the same in every
language; only the text format's message is translated: github and json are machine formats,
read by scripts, so their messages are English whatever the language."""

from __future__ import annotations

import json
from collections.abc import Iterable

from medborgarlofte.core.personal import redact
from medborgarlofte.core.problems import Problem, sort_problems
from medborgarlofte.core.text import escape_undecodable, json_safe, shown
from medborgarlofte.report.messages import english, message


def format_text(problems: Iterable[Problem]) -> str:
    """`PATH:LINE:COL: error: MESSAGE`, one per line, the layout compilers and editors jump to."""
    return "".join(
        f"{shown(p.path)}:{p.line}:{p.col}: {p.level}: {shown(message(p))}\n"
        for p in sort_problems(problems)
    )


def _github_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _github_property(value: str) -> str:
    return _github_data(value).replace(":", "%3A").replace(",", "%2C")


def format_github(problems: Iterable[Problem]) -> str:
    """GitHub Actions workflow commands, so each problem is annotated on its line in a pull request."""
    return "".join(
        f"::{p.level} file={_github_property(shown(p.path))},line={p.line},col={p.col}"
        f"::{_github_data(shown(english(p)))}\n"
        for p in sort_problems(problems)
    )


def format_json(problems: Iterable[Problem]) -> str:
    """One JSON document: {"valid": bool, "problems": [{path, line, column, level,
    message}]}; valid means no error (warnings may remain). The same bytes in every language."""
    items = [
        {
            "path": escape_undecodable(redact(p.path)),
            "line": p.line,
            "column": p.col,
            "level": p.level,
            "message": escape_undecodable(redact(english(p))),
        }
        for p in sort_problems(problems)
    ]
    valid = not any(item["level"] == "error" for item in items)
    text = json.dumps({"valid": valid, "problems": items}, ensure_ascii=False, indent=2)
    # Such characters stand only inside strings, where the \uXXXX escape means the same.
    return json_safe(text) + "\n"
