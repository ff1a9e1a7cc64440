"""The personal data guard: Swedish personal identity numbers must never enter the logs.

The logs are public records, and work against domestic violence must never
identify anyone, so a personnummer or samordningsnummer anywhere in a file (a
value, a comment, the file or folder name) is an error. Messages never repeat
the number: `redact` masks any that a message or path would otherwise carry.
"""

from __future__ import annotations

import bisect
import re

# YYMMDD, then -, + or nothing, then NNNC (C the Luhn check digit over the ten digits);
# a 12-digit form puts the century first. Any two leading digits are taken as a century:
# 17811218-9876 is a typo of someone's number, not a safe value. Longer digit runs are
# other numbers (account, case or reference numbers) and are left alone.
# Digits of any script (full-width ones too), and between the parts nothing, a plus, or a
# hyphen of any kind (word processors turn - into an en dash), spaces around it allowed
# (no-break ones too), and after it a line break and the next line's indentation: a number
# wrapped across two lines of a plain, single-quoted or folded YAML scalar reads as
# "811218- 9876". A space alone is not taken: "210108 1830" is a date and a time.
_SPACE = "[ \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]*"
_CANDIDATE = re.compile(
    r"(?<!\d)(?:\d{2})?(\d{6})"
    r"(?:" + _SPACE + r"[-+\u2010-\u2015\u2212\ufe63\uff0b\uff0d]\s*)?"
    r"(\d{4})(?!\d)"
)

# What a reader never sees: format characters (Unicode category Cf: soft hyphen, zero-width
# space and joiners, word joiner, bidi marks, invisible operators, tags…) and the other
# default-ignorable code points (combining grapheme joiner, Hangul fillers, variation
# selectors). "811218\u200b-98\u00ad76" displays as the number, so it is looked at without them.
_INVISIBLE = re.compile(
    "[\u00ad\u034f\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u115f\u1160"
    "\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f"
    "\ufeff\uffa0\ufff0-\ufffb\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3"
    "\U0001d173-\U0001d17a\U000e0000-\U000e0fff]+"
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
"""Every form holds six digits in a row once the invisible characters are gone: text
without them (nearly all) is done at once."""

_ASCII_SIX_DIGITS = re.compile("[0-9][0-9][0-9][0-9][0-9][0-9]")
"""The same in ASCII text, spelled out: the regular expression engine finds it sooner."""

_BELOW_DIGITS = re.compile("[\u00ad\u034f\u0600-\u0605\u061c\u0660-\U0010ffff]")
"""The invisible characters below U+0660, the first decimal digit past ASCII, and all from
it on: text with none of them has no invisible character and only ASCII digits (a test
holds this to the Unicode data of the running Python)."""

Span = tuple[int, int]


def _visible(text: str) -> tuple[str, list[Span]]:
    """`text` as a reader sees it (invisible characters removed), and where each of its
    pieces starts: (offset in the visible text, offset in `text`)."""
    pieces: list[str] = []
    starts: list[Span] = []
    last = seen = 0
    for run in _INVISIBLE.finditer(text):
        pieces.append(text[last : run.start()])
        starts.append((seen, last))
        seen += run.start() - last
        last = run.end()
    pieces.append(text[last:])
    starts.append((seen, last))
    return "".join(pieces), starts


def _original(offset: int, starts: list[Span]) -> int:
    """The offset in the original text of the visible text's `offset`: in the last piece
    that starts at or before it."""
    index = bisect.bisect_right(starts, offset, key=lambda start: start[0]) - 1
    seen, at = starts[index]
    return at + offset - seen


def _spans(text: str) -> list[Span]:
    """(start, end) in `text` of every valid-looking personal identity number in it, as a
    reader sees the text."""
    if text.isascii() or _BELOW_DIGITS.search(text) is None:  # e.g. Swedish in Latin-1
        if _ASCII_SIX_DIGITS.search(text) is None:
            return []
        return [m.span() for m in _CANDIDATE.finditer(text) if _plausible(m.group(1), m.group(2))]
    if _INVISIBLE.search(text) is None:
        if _SIX_DIGITS.search(text) is None:
            return []
        return [m.span() for m in _CANDIDATE.finditer(text) if _plausible(m.group(1), m.group(2))]
    visible, starts = _visible(text)
    if _SIX_DIGITS.search(visible) is None:
        return []
    return [
        (_original(m.start(), starts), _original(m.end() - 1, starts) + 1)
        for m in _CANDIDATE.finditer(visible)
        if _plausible(m.group(1), m.group(2))
    ]


def personal_number_offsets(text: str) -> list[int]:
    """Offsets in `text` where a valid-looking personal identity number starts."""
    return [start for start, _ in _spans(text)]


def redact(text: str) -> str:
    """`text` with the digits of every personal identity number in it shown as X."""
    if not any(c.isdigit() for c in text):
        return text
    for start, end in reversed(_spans(text)):
        masked = re.sub(r"\d", "X", text[start:end])
        text = text[:start] + masked + text[end:]
    return text
