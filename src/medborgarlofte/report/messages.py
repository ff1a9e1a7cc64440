"""The catalogue of problem messages: one English template per rule code, translated with
gettext when shown. Every problem the program reports has its code here, so that a rule can
be documented, filtered and translated by its code."""

from __future__ import annotations

from medborgarlofte.core.problems import Problem
from medborgarlofte.report.i18n import N_, _

MESSAGES: dict[str, str] = {
    "leftover-temporary": N_(
        "a temporary file left by an interrupted 'mlofte log' (it holds an entry that may not"
        " have been written): if no other log file has that entry, rename it to a name ending"
        " in .yaml without the leading '.'; else delete it"
    ),
    "identical-entry": N_(
        "identical to the entry in {other}:{other_line}; if it was logged twice, delete one of"
        " the two files (mlofte entries lists them)"
    ),
}
"""Rule code -> English template with {named} arguments (the gettext message id)."""


def message(problem: Problem) -> str:
    """The problem's message in words."""
    if not problem.code:
        return problem.message
    template = _(MESSAGES[problem.code])
    return template.format(**dict(problem.args))
