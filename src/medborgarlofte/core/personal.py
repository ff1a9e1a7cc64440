"""The personal data guard: Swedish personal identity numbers must never enter the logs.

The logs are public records, and work against domestic violence must never
identify anyone, so a personnummer or samordningsnummer anywhere in a file (a
value, a comment, the file or folder name) is an error. Messages never repeat
the number: `redact` masks any that a message or path would otherwise carry.
"""

from __future__ import annotations

import re

# YYMMDD, then -, + or nothing, then NNNC (C the Luhn check digit over the ten digits);
# a 12-digit form puts the century first. Any two leading digits are taken as a century:
# 17811218-9876 is a typo of someone's number, not a safe value. Longer digit runs are
# other numbers (account, case or reference numbers) and are left alone.
# Digits of any script (full-width ones too), and between the parts nothing, a plus, or a
# hyphen of any kind (word processors turn - into an en dash), spaces around it allowed
# (no-break ones too). A space alone is not taken: "210108 1830" is a date and a time.
_CANDIDATE = re.compile(
    r"(?<!\d)(?:\d{2})?(\d{6})"
    r"(?:[ \t\u00a0\u202f]?[-+\u2010-\u2015\u2212\ufe63\uff0b\uff0d][ \t\u00a0\u202f]?)?"
    r"(\d{4})(?!\d)"
)

MESSAGE = (
    "this looks like a Swedish personal identity number (personnummer or samordningsnummer);"
    " these files are public records: remove it"
)
MESSAGE_PATH = (
    "the file or folder name looks like a Swedish personal identity number (personnummer or"
    " samordningsnummer); these files are public records: rename it"
)


def _luhn_ok(digits: str) -> bool:
    total = 0
    for position, char in enumerate(digits):
        value = int(char) * (2 if position % 2 == 0 else 1)
        total += value - 9 if value > 9 else value
    return total % 10 == 0


_DAYS_IN_MONTH = (0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _plausible(date_part: str, rest: str) -> bool:
    """A real day of the year (any year: 29 February counts) and a valid check digit."""
    month, day = int(date_part[2:4]), int(date_part[4:6])
    if day > 60:  # samordningsnummer: day + 60
        day -= 60
    return 1 <= month <= 12 and 1 <= day <= _DAYS_IN_MONTH[month] and _luhn_ok(date_part + rest)


_SIX_DIGITS = re.compile(r"\d{6}")
"""Every form holds six digits in a row: text without them (nearly all) is done at once."""


def _matches(text: str) -> list[re.Match[str]]:
    if _SIX_DIGITS.search(text) is None:
        return []
    return [m for m in _CANDIDATE.finditer(text) if _plausible(m.group(1), m.group(2))]


def personal_number_offsets(text: str) -> list[int]:
    """Offsets in `text` where a valid-looking personal identity number starts."""
    return [m.start() for m in _matches(text)]


def redact(text: str) -> str:
    """`text` with the digits of every personal identity number in it shown as X."""
    if not any(c.isdigit() for c in text):
        return text
    for match in reversed(_matches(text)):
        masked = re.sub(r"\d", "X", match.group())
        text = text[: match.start()] + masked + text[match.end() :]
    return text
