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
    "not-a-data-file": N_(
        "not a data file, so not read: only .yaml files are; move it out of {folder}/ (or, if"
        " it holds data, rename it to end in .yaml)"
    ),
    "saved-as-windows-1252": N_(
        "the file is saved as Windows text (ANSI), not as UTF-8, so '{char}' cannot be read:"
        " open it and save it again as UTF-8 (in Notepad: Save as…, Encoding: UTF-8)"
    ),
    "comment-cuts-value": N_(
        "{key}: YAML reads ' #' as the start of a comment, so the value is only '{value}'; to"
        " keep the whole text, put it in quotes: {key}: {fix}"
    ),
    "not-utf-8": N_(
        "the file is not UTF-8 text (byte {byte}): save it as UTF-8 (in Notepad: Save as…,"
        " Encoding: UTF-8)"
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
