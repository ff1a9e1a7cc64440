"""The English templates of every problem, by rule code (the gettext message ids): what is
wrong with a file as such (FILES), with a value of it (VALUES, pydantic's errors in our words)
and between files (RULES). Placeholders are the problem's arguments, and the pieces
report/message_parts.py composes ({hint}, {got}, {field}, {periods}, {choices}, {reason})."""

from __future__ import annotations

from medborgarlofte.report.i18n import N_

FILES: dict[str, str] = {
    "leftover-temporary": N_(
        "a temporary file left by an interrupted 'mlofte log' (it holds an entry that may not"
        " have been written): if no other log file has that entry, rename it to a name ending"
        " in .yaml without the leading '.'; else delete it"
    ),
    "not-a-data-file": N_(
        "not a data file, so not read: only .yaml files are; move it out of {folder}/ (or, if"
        " it holds data, rename it to end in .yaml)"
    ),
    "symlink-folder": N_("a symbolic link: not followed; put the folder itself here"),
    "symlink-file": N_("a symbolic link: not followed; put the file itself here"),
    "folder-in-agreements": N_("agreements/ holds agreement files only, no folders"),
    "cannot-read-folder": N_("cannot read the folder: {reason}"),
    "cannot-read": N_("cannot read: {reason}"),
    "hidden-file": N_("a hidden file is not read: rename it without the leading '.'"),
    "agreement-file-ending": N_("agreement files end in .yaml: rename it"),
    "log-file-ending": N_("log files end in .yaml: rename it"),
    "followup-file-ending": N_("follow-up files end in .yaml: rename it"),
    "not-a-regular-file": N_("not a regular file"),
    "other-encoding": N_("the file is {encoding} text; save it as UTF-8"),
    "saved-as-windows-1252": N_(
        "the file is saved as Windows text (ANSI), not as UTF-8, so '{char}' cannot be read:"
        " open it and save it again as UTF-8 (in Notepad: Save as…, Encoding: UTF-8)"
    ),
    "not-utf-8": N_(
        "the file is not UTF-8 text (byte {byte}): save it as UTF-8 (in Notepad: Save as…,"
        " Encoding: UTF-8)"
    ),
    "personal-number": N_(
        "this looks like a Swedish personal identity number (personnummer or samordningsnummer);"
        " these files are public records: remove it"
    ),
    "personal-number-in-name": N_(
        "the file or folder name looks like a Swedish personal identity number (personnummer or"
        " samordningsnummer); these files are public records: rename it"
    ),
    "personal-number-in-key": N_(
        "{key}: this looks like a Swedish personal identity number (personnummer or"
        " samordningsnummer); these files are public records: remove it"
    ),
    "not-utf-8-in-key": N_("{key}: holds bytes that are not UTF-8 text; retype it"),
    "file-too-large": N_("the file is {size:,} bytes; the limit is {limit:,} (1 MiB)"),
    "control-character-in-file": N_("the control character {char} is not allowed in the file"),
    "nesting-too-deep": N_("nesting deeper than {depth} levels is not allowed"),
    "unreadable-character": N_("unreadable character: {detail}"),
    "invalid-yaml": N_("invalid YAML: {detail}"),
    "empty-file": N_("the file is empty (or holds only comments)"),
    "no-data": N_("the file holds no data (an empty value)"),
    "alias": N_("aliases (*name) are not allowed: write the value out"),
    "one-document": N_(
        "a file holds one YAML document; remove the '---' separator and what follows"
    ),
    "tab-indent": N_("a tab where YAML needs spaces: indent with spaces only"),
    "yaml-syntax": N_("YAML syntax error: {problem}"),
    "yaml-syntax-context": N_("YAML syntax error: {problem} ({context})"),
    "tag-not-allowed": N_("the tag {tag} is not allowed"),
    "key-not-plain": N_("a key must be plain text, not a list or mapping"),
    "merge-key": N_("merge keys (<<) are not allowed: write the keys out"),
    "duplicate-key": N_(
        "duplicate key {key}: also on line {other_line}; YAML would silently keep only the last"
    ),
    "duplicate-key-first": N_("duplicate key {key}: again on line {other_line}"),
    "yes-no-word-for-number": N_(
        "{field} must be a whole number, not the yes/no word {value}: write how many, e.g."
        " {field}: 1"
    ),
    "yes-no-word": N_(
        "unquoted {value} is read as a yes/no value in YAML 1.1; write '{value}' in quotes if"
        " you mean the text"
    ),
    "not-a-number": N_("{value} is not a number"),
    "base-60": N_(
        "{value} is read as a base-60 number ({read_as}) in YAML 1.1; write a plain number, or"
        " quote it if it is text"
    ),
    "octal": N_(
        "{value} is read as an octal number ({read_as}) in YAML 1.1; drop the leading zero, or"
        " quote it if it is text"
    ),
    "too-many-digits": N_("the number {value} has more than {limit} digits: far too large"),
    "not-plain-decimal": N_("{value} is not a plain decimal number; quote it if it is text"),
    "invalid-date": N_("{value} is not a valid date"),
    "invalid-date-time": N_("{value} is not a valid date and time"),
    "comment-cuts-value": N_(
        "{key}: YAML reads ' #' as the start of a comment, so the value is only '{value}'; to"
        " keep the whole text, put it in quotes: {key}: {fix}"
    ),
    "agreement-not-mapping": N_(
        "an agreement file holds one mapping (key: value lines), not a list or a value"
    ),
    "log-not-entries": N_(
        "a log file holds one entry (date:, commitment: …) or a non-empty list of entries"
    ),
    "entry-not-mapping": N_("an entry is a mapping (date:, commitment: …)"),
    "followup-not-mapping": N_(
        "a follow-up file holds one mapping (period:, summary:, commitments: …)"
    ),
    "reads-back-wrong": N_("the agreement does not read back as written"),
    "log-ambiguous": N_(
        "several agreements covering {date} have '{commitment}' ({names}); say which with"
        " --agreement ID"
    ),
}

VALUES: dict[str, str] = {
    "missing-key": N_("missing required key '{field}'"),
    "unknown-key": N_("unknown key {key}{hint}"),
    "unknown-key-known": N_("unknown key {key}; known keys: {known}"),
    "must-be-whole-number": N_("{field} must be a whole number, not {got}"),
    "must-be-whole-number-quoted": N_(
        "{field} must be a whole number, not {got}; remove the quotes"
    ),
    "must-be-text": N_("{field} must be text, not {got}; put it in quotes"),
    "must-be-date": N_("{field} must be a date such as 2021-03-14, not {got}"),
    "must-be-date-not-time": N_("{field} must be a date such as 2021-03-14, not a date and time"),
    "at-least": N_("{field} must be at least {limit}, not {value}"),
    "at-most": N_("{field} must be at most {limit}, not {value}"),
    "parties-not-a-list": N_(
        "{field}: {value} names several parties: write them as a list, {field}: [{list}]"
    ),
    "must-be-one-of": N_("{field} must be one of {choices}, not {got}"),
    "too-long": N_("{field} must be at most {limit:,} characters, not {length:,}"),
    "must-not-be-empty": N_("{field} must not be empty"),
    "must-be-mapping": N_("{field} must be a mapping (key: value lines), not {got}"),
    "must-be-list": N_("{field} must be a list, not {got}"),
    "invalid-id": N_(
        "{field}: {value} is not a valid id: use lowercase a-z, 0-9 and '-', starting with a"
        " letter or digit{hint}"
    ),
    "id-too-long": N_("{field}: {value} is longer than {limit} characters{hint}"),
    "control-character": N_("{field}: contains the control character {char}; remove it"),
    "blank": N_("{field}: must not be blank"),
    "multiline": N_("{field}: must be a single line"),
    "not-a-followup-period": N_(
        "{field}: {value} is not a follow-up period: use YYYY, YYYY-T1..T3, YYYY-H1..H2 or"
        " YYYY-Q1..Q4"
    ),
    "invalid-value": N_("{field}: {detail}"),
}

RULES: dict[str, str] = {
    "id-differs-from-file-name": N_("id '{id}' differs from the file name '{stem}.yaml'"),
    "file-name-not-an-id": N_(
        "the file name {name} is not a valid id: rename the file to {slug}.yaml (an `id:` in"
        " the file does not help: it must be the same as the file name)"
    ),
    "agreement-id-taken": N_("agreement id '{id}' is also used by {other}"),
    "commitment-id-taken": N_("commitment id '{id}' is already used on line {other_line}"),
    "period-ends-before-start": N_("the period ends ({end}) before it starts ({start})"),
    "unknown-area": N_("unknown focus area '{area}'{hint}; known: {known}"),
    "unknown-responsible": N_("unknown party '{party}'{hint}; known: {known}"),
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
    "unknown-agreement": N_("unknown agreement '{agreement}'{hint}"),
    "unknown-commitment": N_("unknown commitment '{commitment}'{hint}"),
    "no-such-commitment": N_("agreement '{agreement}' has no commitment '{commitment}'{hint}"),
    "entry-outside-period": N_(
        "{date} is outside the period of the agreement with '{commitment}': {periods}"
    ),
    "entry-ambiguous": N_(
        "several agreements covering {date} have '{commitment}' ({names}); say which with"
        " `agreement:`"
    ),
    "unknown-entry-party": N_("unknown party '{party}'{hint}; known in {agreement}: {known}"),
    "identical-entry": N_(
        "identical to the entry in {other}:{other_line}; if it was logged twice, delete one of"
        " the two files (mlofte entries lists them)"
    ),
    "entry-before-commitment-start": N_(
        "{date} is before commitment '{commitment}' starts ({limit}); check the date"
    ),
    "entry-after-commitment-end": N_(
        "{date} is after commitment '{commitment}' ends ({limit}); check the date"
    ),
    "followup-unknown-agreement": N_("unknown agreement '{agreement}'{hint}"),
    "followup-not-covered": N_(
        "agreement '{agreement}' does not cover {period}: its period is {start} to {end}"
    ),
    "followup-no-agreement": N_("no agreement covers {period}; known: {periods}"),
    "followup-no-agreement-none": N_("no agreement covers {period}; known: none"),
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
}
