"""core/personal.py: a personal identity number is found the way a reader sees it (split by
invisible characters, wrapped across lines), and ordinary dates and counts never are."""

from __future__ import annotations

import sys
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import PNR
from medborgarlofte.core.personal import (
    _BELOW_DIGITS,
    _INVISIBLE,
    personal_number_offsets,
    redact,
)

HEAD, TAIL = PNR[:6], PNR[6:]

INVISIBLE = ["\u200b", "\u00ad", "\u2060", "\u200d", "\ufeff", "\u2063", "\u180e", "\u034f"]


@pytest.mark.parametrize("char", INVISIBLE)
@pytest.mark.parametrize("at", [1, 3, 6, 8])
@pytest.mark.parametrize("dash", ["", "-"])
def test_a_number_split_by_an_invisible_character_is_found(char: str, at: int, dash: str) -> None:
    number = f"{HEAD}{dash}{TAIL}"
    text = f"Ärende {number[:at]}{char}{number[at:]} klart"
    assert personal_number_offsets(text) == [len("Ärende ")]
    masked = redact(text)
    assert not any(c.isdigit() for c in masked)
    assert masked.replace(char, "") == f"Ärende XXXXXX{dash}XXXX klart"


@pytest.mark.parametrize(
    "text",
    [
        f"{HEAD}- {TAIL}",  # what a plain, single-quoted or folded scalar makes of a wrap
        f"{HEAD}-\n  {TAIL}",  # the wrap itself, as the file holds it
        f"{HEAD} -\n\n    {TAIL}",
        f"19{HEAD}+\n {TAIL}",
        f"{HEAD}\u2013\u3000{TAIL}",  # an en dash and an ideographic space
    ],
)
def test_a_number_wrapped_around_its_dash_is_found(text: str) -> None:
    assert personal_number_offsets(f"x {text} y") == [2]
    assert not any(c.isdigit() for c in redact(f"x {text} y"))


def test_every_format_character_is_invisible() -> None:
    """Every character of Unicode category Cf in this Python's database is looked through."""
    missing = [
        hex(code)
        for code in range(sys.maxunicode + 1)
        if unicodedata.category(chr(code)) == "Cf" and not _INVISIBLE.fullmatch(chr(code))
    ]
    assert missing == []


def test_text_without_the_gate_characters_has_only_ascii_digits_and_nothing_invisible() -> None:
    """The quick look at text like Swedish in Latin-1 relies on this, in this Python's data."""
    missed = [
        hex(code)
        for code in range(0x80, sys.maxunicode + 1)
        if (chr(code).isdecimal() or _INVISIBLE.fullmatch(chr(code)))
        and not _BELOW_DIGITS.fullmatch(chr(code))
    ]
    assert missed == []


@pytest.mark.parametrize(
    "text",
    [
        f"Samtal med {HEAD}-{TAIL} på torget, åtgärd klar",  # Latin-1: the quick look
        f"Samtal med {HEAD}\u00ad-{TAIL} på torget",  # a soft hyphen inside
        f"Samtal med {HEAD}-{TAIL} – ”klart”",  # typographic dash and quotes
    ],
)
def test_a_number_in_swedish_text_is_found(text: str) -> None:
    assert personal_number_offsets(text) == [11]


@pytest.mark.parametrize(
    "harmless",
    [
        f"{HEAD} {TAIL}",  # a space alone: a date and a time
        f"{HEAD}\n{TAIL}",  # a line break alone: two values
        f"{HEAD}\n- {TAIL}",  # two items of a YAML list
        f"{HEAD}\u200b{TAIL}7",  # eleven digits once the invisible one is gone
        f"1\u200b{HEAD}-{TAIL}",  # seven digits before the dash
    ],
)
def test_near_misses_are_not_numbers(harmless: str) -> None:
    assert personal_number_offsets(harmless) == []
    assert redact(harmless) == harmless


_DAY = st.dates().map(lambda d: d.isoformat())
_COUNT = st.integers(0, 99_999).map(str)
_TIME = st.times().map(lambda t: t.strftime("%H:%M"))
_WORD = st.sampled_from(["Sök", "med", "hund", "st", "kl", "vecka", "v.", "nr", "#2", "–", "-"])
_SEPARATOR = st.sampled_from([" ", "\n", "\n  ", ", ", " - ", "-", "\u200b", "\u00ad", ": "])


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(_DAY, _COUNT, _TIME, _WORD), max_size=12), st.data())
def test_ordinary_dates_counts_and_times_are_never_numbers(
    tokens: list[str], data: st.DataObject
) -> None:
    """Dates (YYYY-MM-DD), counts up to five digits and times, joined in any way a note or a
    file joins them, visible separators or invisible ones: never a personal identity number."""
    text = ""
    for token in tokens:
        text += token + data.draw(_SEPARATOR)
    assert personal_number_offsets(text) == []
    assert redact(text) == text
