"""`mlofte overview`: which agreement, exit codes, and the current year as of today."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import AGREEMENT, ENTRY, Outcome, write_tree
from medborgarlofte.cli import common

Run = Callable[..., Outcome]
TWO_YEARS = AGREEMENT.replace("2021-12-31", "2022-12-31").replace("Testby 2021", "Testby 2021–2022")


@pytest.fixture
def root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr(common, "current_date", lambda: dt.date(2022, 3, 1))
    return write_tree(
        tmp_path / "root",
        {
            "agreements/testby.yaml": TWO_YEARS,
            "logs/2021/2021-03-14-hundsok-skola.yaml": ENTRY,
            "logs/2022/2022-02-01-hundsok-skola.yaml": ENTRY.replace("2021-03-14", "2022-02-01"),
        },
    )


def test_each_past_year_as_of_its_end_and_this_year_as_of_today(mlofte: Run, root: Path) -> None:
    outcome = mlofte("--root", str(root), "overview", "--format", "json")
    assert outcome.code == 0, outcome.stderr
    document = json.loads(outcome.stdout)
    assert document["agreement"] == "testby"
    years = [(y["year"], y["as_of"]) for y in document["years"]]
    assert years == [(2021, "2021-12-31"), (2022, "2022-03-01")]
    hundsok = [
        next(c for c in y["commitments"] if c["id"] == "hundsok-skola") for y in document["years"]
    ]
    assert [(c["done"], c["target"], c["state"]) for c in hundsok] == [
        (1, 2, "missed"),
        (1, 2, "on_track"),  # 59 of 365 days: floor(2 × 59 / 365) = 0 due
    ]
    table = mlofte("--root", str(root), "overview").stdout
    assert "1/2" in table and "✘ missed" in table and "● on track" in table
    checked = mlofte("--root", str(root), "overview", "--check")
    assert checked.code == 1  # 2021 was missed


def test_which_agreement(mlofte: Run, root: Path) -> None:
    named = mlofte("--root", str(root), "overview", "testby", "-f", "json")
    assert named.stdout == mlofte("--root", str(root), "overview", "-f", "json").stdout
    unknown = mlofte("--root", str(root), "overview", "testbi")
    assert unknown.code == 2
    assert (
        unknown.stderr
        == "mlofte: unknown agreement 'testbi' (did you mean 'testby'?); known: testby\n"
    )
    (root / "agreements/other.yaml").write_text(AGREEMENT.replace("2021", "2030"), "utf-8")
    several = mlofte("--root", str(root), "overview")
    assert (several.code, several.stderr) == (
        2,
        "mlofte: the root holds 2 agreements; name one: other, testby\n",
    )


def test_invalid_data_exits_1(mlofte: Run, root: Path) -> None:
    (root / "logs/2021/bad.yaml").write_text("date: 2021-03-14\ncommitment: hundsok\n", "utf-8")
    outcome = mlofte("--root", str(root), "overview")
    assert outcome.code == 1 and outcome.stdout == ""
    assert outcome.stderr.startswith("logs/2021/bad.yaml:2:13: error: unknown commitment")
