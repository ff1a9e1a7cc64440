"""cli/common.py: the shared parsing of what a user types, exactly as documented."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import Outcome
from medborgarlofte.cli import common

Run = Callable[..., Outcome]

# Forms Python's date.fromisoformat accepts that nobody types for YYYY-MM-DD: the basic
# form, ISO week dates (2021W011 is 2021-01-04), ordinal dates, and digits of other scripts.
NOT_TYPED = [
    "20210105",
    "2021W011",
    "2021-W01-1",
    "2021W01",
    "2021-005",
    "2021005",
    "２０２１-０１-０５",
    "٢٠٢١-٠١-٠٥",
    " 2021-01-05",
    "2021-01-05 ",
    "2021-01-05T00:00",
    "+2021-01-05",
]


@pytest.mark.parametrize("value", NOT_TYPED)
def test_as_of_takes_only_yyyy_mm_dd(mlofte: Run, small_root: Path, value: str) -> None:
    out = mlofte("--root", str(small_root), "status", "2021", "--as-of", value)
    assert (out.code, out.stdout, out.stderr) == (
        2,
        "",
        f"mlofte: --as-of {value!r} is not a date such as 2021-03-14\n",
    )


@pytest.mark.parametrize("value", NOT_TYPED)
def test_log_date_takes_only_yyyy_mm_dd(mlofte: Run, small_root: Path, value: str) -> None:
    out = mlofte("--root", str(small_root), "log", "hundsok-skola", "--date", value)
    assert (out.code, out.stdout, out.stderr) == (
        2,
        "",
        f"mlofte: --date {value!r} is not a date such as 2021-03-14\n",
    )
    assert sorted(p.name for p in (small_root / "logs").rglob("*.yaml")) == [
        "2021-03-14-hundsok-skola.yaml"
    ]


def test_parse_date_takes_the_documented_form() -> None:
    from medborgarlofte.cli.common import parse_date

    assert parse_date("2021-01-05", "--date") == dt.date(2021, 1, 5)
    assert parse_date("0001-01-01", "--date") == dt.date(1, 1, 1)
    assert parse_date(None, "--date") is None


def test_counts_in_the_language() -> None:
    from medborgarlofte.cli.common import number, problem_count
    from medborgarlofte.report import i18n

    before = i18n.current()
    try:
        assert (number(1234567), problem_count(1), problem_count(1234)) == (
            "1,234,567",
            "1 problem",
            "1,234 problems",
        )
        i18n.use(i18n.Choice("sv", True))
        assert (number(1234567), problem_count(1), problem_count(1234)) == (
            "1\u00a0234\u00a0567",
            "1 problem",
            "1\u00a0234 problem",
        )
    finally:
        i18n.use(before)


def test_swedish_usage_errors_of_our_own(mlofte: Run, small_root: Path) -> None:
    root = ("--lang", "sv", "--root", str(small_root))
    assert mlofte(*root, "log", "hundsok-skola", "--date", "2021-3-14").stderr == (
        "mlofte: --date '2021-3-14' är inget datum, som 2021-03-14\n"
    )
    assert mlofte(*root, "log", "hundsok-skola", "--count", "tre").stderr == (
        "mlofte: --count 'tre' är inget heltal, som 3\n"
    )
    assert mlofte(*root, "status", "--agreement", "testbi") == Outcome(
        2, "", "mlofte: okänd överenskommelse 'testbi' (menade du 'testby'?); kända: testby\n"
    )
    assert mlofte(*root, "show", "--party", "polis").stderr == (
        "mlofte: okänd part 'polis' (menade du 'polisen'?); kända: kommunen, polisen\n"
    )
    assert mlofte(*root, "status", "2019").stderr == (
        "mlofte: ingen överenskommelse gäller 2019; år som gäller: 2021\n"
    )


def test_more_swedish_of_our_own(mlofte: Run, small_root: Path, tmp_path: Path) -> None:
    (tmp_path / "rapport.html").write_text("", encoding="utf-8")
    root = ("--lang", "sv", "--root", str(small_root))
    out = mlofte(*root, "report", "2021", "--output", str(tmp_path / "rapport.html"))
    assert (
        out.stderr
        == f"mlofte: {tmp_path / 'rapport.html'} finns redan; ange --force för att ersätta den\n"
    )
    assert mlofte(*root, "report", "2021-T4").stderr == (
        "mlofte: '2021-T4' är ingen rapportperiod; använd ÅÅÅÅ, ÅÅÅÅ-T1..T3, ÅÅÅÅ-H1..H2"
        " eller ÅÅÅÅ-Q1..Q4\n"
    )
    out = mlofte("--lang", "sv", "--root", str(tmp_path / "ny"), "init", "--no-input")
    assert out.stderr == (
        "mlofte: ID, --title, --start, --end, --municipality, --police, --commitment saknas:"
        " ange dem som flaggor (mlofte init --help), eller kör mlofte init i en terminal för"
        " att få frågor\n"
    )
    assert mlofte(*root, "schema", "avtal").stderr == (
        "mlofte: okänd filtyp 'avtal'; kända: agreement, entry, followup\n"
    )


def test_no_data_root_is_said_in_swedish(
    mlofte: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert mlofte("--lang", "sv", "status") == Outcome(
        2,
        "",
        "mlofte: ingen datamapp: det finns ingen mapp agreements/ här eller ovanför; kör"
        " kommandot i en datamapp, eller ange --root SÖKVÄG eller sätt MLOFTE_ROOT\n",
    )


def test_a_note_with_a_personal_number_is_asked_again_in_swedish(
    mlofte: Run, small_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(common, "stdin_is_tty", lambda: True)
    out = mlofte(
        "--lang", "sv", "--root", str(small_root), "log", "--date", "2021-06-01",
        input="2\n\n-\nSamtal med 850709-9805\nSamtal i skolan\n\n",
    )  # fmt: skip
    assert out.code == 0, out
    assert out.stderr == (
        "mlofte: anteckning: det här ser ut som ett personnummer eller samordningsnummer;"
        " filerna är allmänna handlingar: ta bort det\n"
    )
