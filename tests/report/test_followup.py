"""The report's view model: verdicts as a follow-up judges, periods in words, every word Swedish."""

from __future__ import annotations

import dataclasses
import datetime as dt
import gettext
from pathlib import Path

import pytest

from conftest import in_swedish, status_row
from medborgarlofte.core.model import FollowupNote
from medborgarlofte.core.periods import parse_period
from medborgarlofte.report import i18n
from medborgarlofte.report.followup import (
    Request,
    build_report,
    period_name,
    span_words,
    verdict_of,
)
from medborgarlofte.speed.load import load_tallied


@pytest.mark.parametrize(
    ("changes", "note", "verdict"),
    [
        ({"state": "met"}, None, "met"),
        ({"state": "missed", "done": 1, "units_met": 0}, None, "partly"),
        ({"state": "missed", "done": 0, "units_met": 0}, None, "not_met"),
        (
            {"state": "missed", "done": 0, "units_met": 1, "units": 2, "units_elapsed": 2},
            None,
            "partly",
        ),
        ({"state": "on_track", "units_elapsed": 0}, None, "on_track"),
        ({"state": "behind", "units_elapsed": 0}, None, "behind"),
        ({"state": "untargeted", "minimum": None, "done": 3}, None, "done"),
        ({"state": "untargeted", "minimum": None, "done": 0}, None, "not_reported"),
        (
            {"state": "untargeted", "minimum": None, "done": 3},
            FollowupNote(assessment="not_met"),
            "not_met",
        ),
        (
            {"state": "untargeted", "minimum": None, "done": 0},
            FollowupNote(comment="x"),
            "not_reported",
        ),
    ],
)
def test_verdicts(changes: dict[str, object], note: FollowupNote | None, verdict: str) -> None:
    assert verdict_of(status_row("c", **changes), note) == verdict


def test_periods_in_words(swedish: None) -> None:
    t2 = parse_period("2021-T2")
    assert t2 is not None
    assert period_name(t2) == "tertial 2 2021"
    assert span_words(t2.first, t2.last) == "1 maj – 31 augusti 2021"
    assert period_name(dataclasses.replace(t2, kind="year")) == "helår 2021"
    assert (
        span_words(dt.date(2020, 12, 1), dt.date(2021, 1, 31))
        == "1 december 2020 – 31 januari 2021"
    )


def test_periods_in_english() -> None:
    q4 = parse_period("2021-Q4")
    assert q4 is not None
    assert (period_name(q4), span_words(q4.first, q4.last)) == (
        "quarter 4 2021",
        "1 October – 31 December 2021",
    )


class _Asked(gettext.NullTranslations):
    def __init__(self) -> None:
        super().__init__()
        self.asked: set[str] = set()

    def gettext(self, message: str) -> str:
        self.asked.add(message)
        return message

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        self.asked.add(msgid1)  # the catalogue keys a plural by its singular
        return msgid1 if n == 1 else msgid2


@pytest.mark.parametrize(
    ("period", "today"),
    [
        ("2021", "2023-01-01"),
        ("2022", "2022-06-30"),
        ("2022-T1", "2023-01-01"),
        ("2022-H1", "2022-03-01"),
    ],
)
def test_every_word_of_the_view_model_has_its_swedish(
    every_state_root: Path, period: str, today: str
) -> None:
    dataset, problems = load_tallied(every_state_root, cache=False)
    assert problems == []
    wanted = parse_period(period)
    assert wanted is not None
    day = dt.date.fromisoformat(today)
    asked = _Asked()
    before, i18n._active = i18n._active, asked
    try:
        build_report(dataset, Request(wanted, min(day, wanted.last), day < wanted.last))
    finally:
        i18n._active = before
    assert asked.asked and sorted(m for m in asked.asked if not in_swedish(m)) == []
