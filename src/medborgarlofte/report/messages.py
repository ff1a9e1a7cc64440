"""The catalogue of problem messages: one English template per rule code, translated with
gettext when shown. Every problem the program reports has its code here, so that a rule can
be documented, filtered and translated by its code."""

from __future__ import annotations

from medborgarlofte.core.problems import Problem
from medborgarlofte.report.i18n import N_, _

MESSAGES: dict[str, str] = {
    "identical-entry": N_(
        "identical to the entry in {other}:{other_line}; if it was logged twice, delete one of"
        " the two files (mlofte entries lists them)"
    ),
    "followup-unknown-agreement": N_("unknown agreement '{agreement}'{hint}"),
    "followup-not-covered": N_(
        "agreement '{agreement}' does not cover {period}: its period is {start} to {end}"
    ),
    "followup-no-agreement": N_("no agreement covers {period}; known: {known}"),
    "followup-several-agreements": N_(
        "several agreements cover {period} ({names}); say which with `agreement:`"
    ),
    "followup-unknown-commitment": N_(
        "agreement '{agreement}' has no commitment '{commitment}'{hint}"
    ),
    "followup-assessment-targeted": N_(
        "'{commitment}' has a minimum, so it is judged by its count: remove `assessment:`"
        " (a comment is welcome)"
    ),
    "followup-duplicate": N_(
        "a second follow-up of '{agreement}' for {period}: {other} is one already; merge them"
    ),
    "commitment-start-outside-period": N_(
        "the start of commitment '{commitment}' ({date}) is outside the agreement period"
        " ({start} to {end})"
    ),
    "commitment-end-outside-period": N_(
        "the end of commitment '{commitment}' ({date}) is outside the agreement period"
        " ({start} to {end})"
    ),
    "commitment-ends-before-start": N_(
        "commitment '{commitment}' ends ({end}) before it starts ({start})"
    ),
    "entry-before-commitment-start": N_(
        "{date} is before commitment '{commitment}' starts ({limit}); check the date"
    ),
    "entry-after-commitment-end": N_(
        "{date} is after commitment '{commitment}' ends ({limit}); check the date"
    ),
}
"""Rule code -> English template with {named} arguments (the gettext message id)."""


def message(problem: Problem) -> str:
    """The problem's message in words."""
    if not problem.code:
        return problem.message
    template = _(MESSAGES[problem.code])
    return template.format(**dict(problem.args))
