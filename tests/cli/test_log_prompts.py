"""The questions of `mlofte log` (cli/log_prompts.py) in Swedish under a Swedish locale, every
prompt line exact, and a yes or no that takes j/ja as well as y/yes."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import Outcome, sv_gettext
from medborgarlofte.cli import common

Run = Callable[..., Outcome]
ENGLISH = re.compile(
    r"\b(the|and|or|of|for|with|is|to|one|Which|number|Count|Note|optional|Done|by|several"
    r"|commas|none|Write|it|written|unknown|known|answer|commitment|Commitments|another|day)\b"
)
"""English words of ours; `Count` is the report's column too, translated there."""


@pytest.fixture(autouse=True)
def in_a_swedish_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(common, "current_date", lambda: dt.date(2021, 6, 1))
    monkeypatch.setattr(common, "stdin_is_tty", lambda: True)
    monkeypatch.delenv("LC_ALL")
    monkeypatch.setenv("LANG", "sv_SE.UTF-8")


def _ours(text: str) -> str:
    """The lines of this module (the commitment list's standings and the last line's are the
    report's words, and the entry's YAML keys are the file format)."""
    return "\n".join(
        line
        for line in text.splitlines()
        if not re.match(r"  ( *\d+\. |date:|commitment:|by:|count:|note:)|[a-z-]+: ", line)
    )


def test_interactive_log_in_swedish(mlofte: Run, small_root: Path) -> None:
    answers = "\nx\n2\n\npolis\npolisen\nSamverkansmöte\nkanske\nja\n"
    out = mlofte("--root", str(small_root), "log", input=answers)
    assert out.code == 0
    lines = out.stdout.splitlines()
    assert lines[0] == "Datum (ÅÅÅÅ-MM-DD) [2021-06-01]: "
    assert lines[1] == "Åtaganden den 2021-06-01 (en annan dag: --date):"
    assert lines[2].startswith("  1. Sök med hund i skolmiljö (hundsok-skola): ")
    assert lines[3].startswith("  2. Samverkan via PSS-gruppen (pss-samverkan): ")
    party = "Genomfört av (kommunen, polisen; flera med kommatecken; - för ingen) [polisen]: "
    assert lines[4:] == [
        "Vilket? (nummer eller id): x",
        "Vilket? (nummer eller id): 2",
        f"{sv_gettext('Count')} [1]: ",
        party + "polis",
        party + "polisen",
        "Anteckning (frivillig): Samverkansmöte",
        "Skrivs till logs/2021/2021-06-01-pss-samverkan.yaml:",
        "  date: 2021-06-01",
        "  commitment: pss-samverkan",
        "  by: polisen",
        "  note: Samverkansmöte",
        "Skriva den? [J/n]: kanske",
        "Skriva den? [J/n]: ja",
        "logs/2021/2021-06-01-pss-samverkan.yaml",
        lines[-1],
    ]
    assert lines[-1].startswith("pss-samverkan: ")
    assert out.stderr == (
        "mlofte: inget åtagande 'x'; svara 1 till 2 eller ett id\n"
        "mlofte: okänd part 'polis' (menade du 'polisen'?); kända: kommunen, polisen\n"
        "mlofte: svara j eller n\n"
    )
    assert (small_root / "logs/2021/2021-06-01-pss-samverkan.yaml").is_file()
    assert ENGLISH.findall(_ours(out.stdout + out.stderr).replace("Count", "")) == []


@pytest.mark.parametrize("answer", ["n", "nej", "no"])
def test_a_swedish_no_writes_nothing(mlofte: Run, small_root: Path, answer: str) -> None:
    out = mlofte("--root", str(small_root), "log", input=f"\n2\n\n-\n\n{answer}\n")
    assert (out.code, out.stderr) == (1, "mlofte: inget skrivet\n")
    assert out.stdout.endswith(f"Skriva den? [J/n]: {answer}\n")
    assert not (small_root / "logs/2021/2021-06-01-pss-samverkan.yaml").exists()


def test_questions_asked_again_in_swedish(mlofte: Run, small_root: Path) -> None:
    out = mlofte(
        "--root", str(small_root), "log", input="1922-13-01\n2020-05-01\n\n2\n0\n3\n-\n\nj\n"
    )
    assert out.code == 0
    assert out.stderr == (
        "mlofte: '1922-13-01' är inget datum, som 2021-06-01\n"
        "mlofte: ingen överenskommelse gäller 2020-05-01;"
        " testby 2021-01-01 till 2021-12-31\n"
        "mlofte: antalet är ett heltal från 1 till 10000\n"
    )


def test_without_a_terminal_commitment_is_named_in_swedish(
    mlofte: Run, small_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(common, "stdin_is_tty", lambda: False)
    assert mlofte("--root", str(small_root), "log") == Outcome(
        2,
        "",
        "mlofte: ÅTAGANDE saknas: ange det (mlofte show listar id:na), t.ex. mlofte log"
        " hundsok-skola; det efterfrågas bara när stdin är en terminal\n",
    )


def test_the_input_ending_at_a_question_is_aborted_in_swedish(
    mlofte: Run, small_root: Path
) -> None:
    out = mlofte("--root", str(small_root), "log", input="\n")
    assert (out.code, out.stderr) == (1, "Avbrutet!\n")
    assert not list((small_root / "logs").rglob("2021-06-01-*"))
