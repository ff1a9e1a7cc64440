"""`mlofte log`: exact exit codes, stdout, stderr and files, on small roots the tests write."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from conftest import AGREEMENT, ENTRY, Outcome, first_arguments, write_tree
from medborgarlofte.cli import common

Run = Callable[..., Outcome]
TODAY = dt.date(2021, 6, 1)
LIST = (
    "Commitments on 2021-06-01 (another day: --date):\n"
    "  1. Sök med hund i skolmiljö (hundsok-skola): 1 of 2 this year — on track\n"
    "  2. Samverkan via PSS-gruppen (pss-samverkan): 0 this year\n"
)
DATE_PROMPT = "Date (YYYY-MM-DD) [2021-06-01]: \n"
PARTY_PROMPT = "Done by (kommunen, polisen; several with commas; - for none) [polisen]: "


@pytest.fixture(autouse=True)
def fixed_day(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(common, "current_date", lambda: TODAY)
    monkeypatch.setattr(common, "stdin_is_tty", lambda: False)


def _files(root: Path) -> dict[str, bytes]:
    """Every file under root/logs (hidden ones too) with its bytes."""
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted((root / "logs").rglob("*"))
        if p.is_file()
    }


def _log(mlofte: Run, root: Path, *args: str, input: str | None = None) -> Outcome:
    return mlofte("--root", str(root), "log", *args, input=input)


def test_one_line_log(mlofte: Run, small_root: Path) -> None:
    out = _log(mlofte, small_root, "hundsok-skola", "--date", "2021-05-02", "--by", "polisen",
               "--note", "Sök på mellanstadiet")  # fmt: skip
    assert out == Outcome(
        0,
        "logs/2021/2021-05-02-hundsok-skola.yaml\nhundsok-skola: 2 of 2 this year — met\n",
        "",
    )
    assert (small_root / "logs/2021/2021-05-02-hundsok-skola.yaml").read_bytes() == (
        "date: 2021-05-02\ncommitment: hundsok-skola\nby: polisen\nnote: Sök på mellanstadiet\n"
    ).encode()


def test_default_date_is_today(mlofte: Run, small_root: Path) -> None:
    before = _files(small_root)
    out = _log(mlofte, small_root, "pss-samverkan", "--count", "3")
    assert out == Outcome(
        0, "logs/2021/2021-06-01-pss-samverkan.yaml\npss-samverkan: 3 this year\n", ""
    )
    assert _files(small_root) == {
        **before,
        "logs/2021/2021-06-01-pss-samverkan.yaml": b"date: 2021-06-01\n"
        b"commitment: pss-samverkan\ncount: 3\n",
    }


def test_past_year_says_which_year(
    mlofte: Run, small_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(common, "current_date", lambda: dt.date(2024, 1, 10))
    out = _log(mlofte, small_root, "hundsok-skola", "--date", "2021-03-14")
    assert out == Outcome(
        0, "logs/2021/2021-03-14-hundsok-skola-2.yaml\nhundsok-skola: 2 of 2 in 2021 — met\n", ""
    )


def test_same_day_gets_suffix(mlofte: Run, small_root: Path) -> None:
    first = _log(mlofte, small_root, "hundsok-skola", "--date", "2021-03-14")
    second = _log(mlofte, small_root, "hundsok-skola", "--date", "2021-03-14")
    assert first.stdout.splitlines()[0] == "logs/2021/2021-03-14-hundsok-skola-2.yaml"
    assert second.stdout.splitlines()[0] == "logs/2021/2021-03-14-hundsok-skola-3.yaml"
    assert second.stdout.splitlines()[1] == "hundsok-skola: 3 of 2 this year — met"


def test_several_parties(mlofte: Run, small_root: Path) -> None:
    out = _log(mlofte, small_root, "pss-samverkan", "--by", "polisen", "--by", "kommunen")
    assert out.code == 0
    out = _log(mlofte, small_root, "pss-samverkan", "--by", "polisen,kommunen")
    assert out.code == 0
    for rel in (
        "logs/2021/2021-06-01-pss-samverkan.yaml",
        "logs/2021/2021-06-01-pss-samverkan-2.yaml",
    ):
        text = (small_root / rel).read_text(encoding="utf-8")
        assert text == "date: 2021-06-01\ncommitment: pss-samverkan\nby: [polisen, kommunen]\n"


def test_week_unit_standing(mlofte: Run, tmp_path: Path) -> None:
    agreement = AGREEMENT + (
        "  - id: fotpatrull\n    title: Fotpatrull\n    area: droger\n"
        "    responsible: [polisen]\n    minimum: 1\n    per: week\n"
    )
    root = write_tree(tmp_path / "w", {"agreements/testby.yaml": agreement})
    out = _log(mlofte, root, "fotpatrull", "--date", "2021-05-31")
    assert out.stdout == (
        "logs/2021/2021-05-31-fotpatrull.yaml\n"
        "fotpatrull: 1 of 1 this week; 1 of 52 weeks met this year — behind\n"
    )
    out = _log(mlofte, root, "fotpatrull", "--date", "2021-03-02")
    assert out.stdout.splitlines()[1] == (
        "fotpatrull: 1 of 1 in week 9 of 2021; 2 of 52 weeks met this year — behind"
    )


def _two_agreements(tmp_path: Path) -> Path:
    other = AGREEMENT.replace("Testby 2021", "Testby extra")
    return write_tree(
        tmp_path / "two", {"agreements/testby.yaml": AGREEMENT, "agreements/extra.yaml": other}
    )


def test_ambiguous_agreement_asks_for_it(mlofte: Run, tmp_path: Path) -> None:
    root = _two_agreements(tmp_path)
    out = _log(mlofte, root, "hundsok-skola", "--date", "2021-03-14")
    assert out == Outcome(
        1,
        "",
        "mlofte: several agreements covering 2021-03-14 have 'hundsok-skola' (extra, testby);"
        " say which with --agreement ID\nmlofte: nothing written\n",
    )
    assert _files(root) == {}
    out = _log(mlofte, root, "hundsok-skola", "--date", "2021-03-14", "--agreement", "extra")
    assert out == Outcome(
        0,
        "logs/2021/2021-03-14-hundsok-skola.yaml\nhundsok-skola: 1 of 2 this year — on track\n",
        "",
    )
    assert _files(root) == {
        "logs/2021/2021-03-14-hundsok-skola.yaml": b"date: 2021-03-14\n"
        b"commitment: hundsok-skola\nagreement: extra\n"
    }


NOTHING = "mlofte: nothing written\n"


@pytest.mark.parametrize(
    ("args", "stderr"),
    [
        (
            ["hundsok-skolan"],
            "mlofte: unknown commitment 'hundsok-skolan' (did you mean 'hundsok-skola'?)\n",
        ),
        (
            ["hundsok-skola", "--by", "polis"],
            "mlofte: unknown party 'polis' (did you mean 'polisen'?);"
            " known in testby: kommunen, polisen\n",
        ),
        (
            ["hundsok-skola", "--date", "2022-01-05"],
            "mlofte: 2022-01-05 is outside the period of the agreement with 'hundsok-skola':"
            " testby (2021-01-01 to 2021-12-31)\n",
        ),
        (["hundsok-skola", "--count", "0"], "mlofte: count must be at least 1, not 0\n"),
        (
            ["hundsok-skola", "--count", "100001"],
            "mlofte: count must be at most 10000, not 100001\n",
        ),
        (
            ["hundsok-skola", "--note", "a\x1b[31mred"],
            "mlofte: note: contains the control character \\x1b; remove it\n",
        ),
        (
            ["hundsok-skola", "--note", "abc\u202edef"],
            "mlofte: note: contains the control character \\u202e; remove it\n",
        ),
        (
            ["hundsok-skola", "--agreement", "testbi"],
            "mlofte: unknown agreement 'testbi' (did you mean 'testby'?)\n",
        ),
        (
            ["Hundsök-Skola"],
            "mlofte: commitment: 'Hundsök-Skola' is not a valid id: use lowercase a-z, 0-9 and"
            " '-', starting with a letter or digit (did you mean 'hundsok-skola'?)\n",
        ),
    ],
)
def test_refusals_write_nothing(
    mlofte: Run, small_root: Path, args: list[str], stderr: str
) -> None:
    before = _files(small_root)
    assert _log(mlofte, small_root, *args) == Outcome(1, "", stderr + NOTHING)
    assert _files(small_root) == before


@pytest.mark.parametrize("number", ["19850709-9805", "198507099805", "850709-9805"])
def test_personal_number_refused_and_never_echoed(
    mlofte: Run, small_root: Path, number: str
) -> None:
    before = _files(small_root)
    out = _log(mlofte, small_root, "hundsok-skola", "--note", f"Samtal med {number} i dag")
    assert out == Outcome(
        1,
        "",
        "mlofte: note: this looks like a Swedish personal identity number (personnummer or"
        " samordningsnummer); these files are public records: remove it\n" + NOTHING,
    )
    assert "9805" not in out.stdout + out.stderr
    assert _files(small_root) == before


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["hundsok-skola", "--date", "2021-02-30"], "--date '2021-02-30' is not a date"),
        (["hundsok-skola", "--date", "14/3/2021"], "--date '14/3/2021' is not a date"),
        (["hundsok-skola", "--count", "two"], "--count 'two' is not a whole number such as 3"),
        (["hundsok-skola", "--count", "1.5"], "--count '1.5' is not a whole number such as 3"),
        (["hundsok-skola", "--count", "1_0"], "--count '1_0' is not a whole number such as 3"),
        (["hundsok-skola", "--count", " 5"], "--count ' 5' is not a whole number such as 3"),
        (["hundsok-skola", "-n", "\u0663"], "--count '\u0663' is not a whole number such as 3"),
    ],
)
def test_usage_errors_exit_2(mlofte: Run, small_root: Path, args: list[str], message: str) -> None:
    before = _files(small_root)
    out = _log(mlofte, small_root, *args)
    assert (out.code, out.stdout) == (2, "")
    assert message in out.stderr
    assert _files(small_root) == before


BROKEN_LOG = (
    "logs/2021/broken.yaml:1:1: warning: missing required key 'commitment'\n"
    "logs/2021/broken.yaml:1:7: warning: 2021-13-01 is not a valid date\n"
)


def test_a_broken_log_file_does_not_block_log(mlofte: Run, small_root: Path) -> None:
    """A colleague's typo in another log file: said on stderr as a warning, entry written."""
    (small_root / "logs/2021/broken.yaml").write_text("date: 2021-13-01\n", encoding="utf-8")
    out = _log(mlofte, small_root, "hundsok-skola", "--date", "2021-05-02")
    assert out.code == 0
    assert out.stdout.startswith("logs/2021/2021-05-02-hundsok-skola.yaml\n")
    assert out.stderr.startswith(BROKEN_LOG)
    assert out.stderr.endswith(
        "mlofte: warning: 2 problems in 1 file that is not about this entry or its agreement;"
        " fix them soon (mlofte validate lists them)\n"
    )
    assert (small_root / "logs/2021/2021-05-02-hundsok-skola.yaml").is_file()


def test_a_broken_agreement_file_blocks_its_entries(mlofte: Run, small_root: Path) -> None:
    path = small_root / "agreements/testby.yaml"
    path.write_text(AGREEMENT.replace("    minimum: 2", "    minimun: 2"), encoding="utf-8")
    before = _files(small_root)
    out = _log(mlofte, small_root, "hundsok-skola", "--date", "2021-05-02")
    assert (out.code, out.stdout) == (1, "")
    assert out.stderr.startswith("agreements/testby.yaml:13:5: error: unknown key 'minimun'")
    assert _files(small_root) == before


def test_a_broken_agreement_of_another_commitment_does_not_block(
    mlofte: Run, small_root: Path
) -> None:
    other = AGREEMENT.replace("hundsok-skola", "fotpatrull").replace("pss-samverkan", "pss")
    write_tree(small_root, {"agreements/annan.yaml": other.replace("area: droger", "area: x", 1)})
    out = _log(mlofte, small_root, "hundsok-skola", "--date", "2021-05-02")
    assert out.code == 0
    assert out.stderr.startswith("agreements/annan.yaml:")
    assert ": warning: " in out.stderr.split("\n")[0]
    # a broken agreement holding the commitment may be the entry's: it blocks, unless the
    # entry names its agreement
    broken = AGREEMENT.replace("    minimum: 2", "    minimun: 2")
    write_tree(small_root, {"agreements/annan.yaml": broken})
    out = _log(mlofte, small_root, "hundsok-skola", "--date", "2021-05-03")
    assert (out.code, out.stdout) == (1, "")
    assert out.stderr.startswith("agreements/annan.yaml:13:5: error: unknown key 'minimun'")
    out = _log(mlofte, small_root, "hundsok-skola", "--date", "2021-05-03", "-a", "testby")
    assert (out.code, out.stderr.split(": ")[1]) == (0, "warning")


def test_dry_run_prints_and_writes_nothing(mlofte: Run, small_root: Path) -> None:
    before = _files(small_root)
    out = _log(mlofte, small_root, "hundsok-skola", "--date", "2021-03-14", "--note",
               "line1\nline2", "--dry-run")  # fmt: skip
    assert out == Outcome(
        0,
        "logs/2021/2021-03-14-hundsok-skola-2.yaml\n"
        "date: 2021-03-14\ncommitment: hundsok-skola\nnote: |-\n  line1\n  line2\n",
        "mlofte: dry run: nothing written\n",
    )
    assert _files(small_root) == before


def test_no_commitment_without_terminal_is_usage_error(mlofte: Run, small_root: Path) -> None:
    out = _log(mlofte, small_root, input="1\n")
    assert out == Outcome(
        2,
        "",
        "mlofte: missing COMMITMENT: name it (mlofte show lists the ids), e.g. mlofte log"
        " hundsok-skola; it is asked for only when stdin is a terminal\n",
    )


def test_no_commitment_on_a_pipe_never_waits(small_root: Path, tmp_path: Path) -> None:
    """A real process with stdin an open pipe that never sends anything: exits at once."""
    env = {**os.environ, "MLOFTE_CACHE_DIR": str(tmp_path / "cache")}
    env.pop("MLOFTE_ROOT", None)
    command = [sys.executable, "-m", "medborgarlofte", "--root", str(small_root), "log"]
    with subprocess.Popen(
        command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env
    ) as process:
        try:
            code = process.wait(timeout=30)
        finally:
            process.kill()
        assert process.stderr is not None
        assert code == 2
        assert b"missing COMMITMENT" in process.stderr.read()


def test_interactive_flow(mlofte: Run, small_root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(common, "stdin_is_tty", lambda: True)
    out = _log(mlofte, small_root, input="\nx\n9\nhundsok-skola\n\npolis\n\nSök med hund\n\n")
    assert out == Outcome(
        0,
        DATE_PROMPT + LIST + "Which one? (number or id): x\n"
        "Which one? (number or id): 9\n"
        "Which one? (number or id): hundsok-skola\n"
        "Count [1]: \n" + PARTY_PROMPT + "polis\n" + PARTY_PROMPT + "\n"
        "Note (optional): Sök med hund\n"
        "To be written to logs/2021/2021-06-01-hundsok-skola.yaml:\n"
        "  date: 2021-06-01\n  commitment: hundsok-skola\n  by: polisen\n  note: Sök med hund\n"
        "Write it? [Y/n]: \n"
        "logs/2021/2021-06-01-hundsok-skola.yaml\n"
        "hundsok-skola: 2 of 2 this year — met\n",
        "mlofte: no commitment 'x'; answer 1 to 2 or an id\n"
        "mlofte: no commitment '9'; answer 1 to 2 or an id\n"
        "mlofte: unknown party 'polis' (did you mean 'polisen'?); known: kommunen, polisen\n",
    )
    assert (small_root / "logs/2021/2021-06-01-hundsok-skola.yaml").read_text(
        encoding="utf-8"
    ) == "date: 2021-06-01\ncommitment: hundsok-skola\nby: polisen\nnote: Sök med hund\n"


@pytest.mark.parametrize(
    ("answers", "stderr", "standing", "written"),
    [
        (
            "2\n0\n3\n-\n\n",
            "mlofte: the count is a whole number from 1 to 10000\n",
            "pss-samverkan: 3 this year\n",
            "count: 3\n",
        ),
        (  # a note holding a personal identity number is asked for again
            "2\n\n-\nSamtal med 850709-9805\nSamtal i skolan\n",
            "mlofte: note: this looks like a Swedish personal identity number (personnummer or"
            " samordningsnummer); these files are public records: remove it\n",
            "pss-samverkan: 1 this year\n",
            "note: Samtal i skolan\n",
        ),
    ],
)
def test_interactive_answers_asked_again(
    mlofte: Run,
    small_root: Path,
    monkeypatch: pytest.MonkeyPatch,
    answers: str,
    stderr: str,
    standing: str,
    written: str,
) -> None:
    monkeypatch.setattr(common, "stdin_is_tty", lambda: True)
    out = _log(mlofte, small_root, input="\n" + answers + "\n")
    assert (out.code, out.stderr) == (0, stderr)
    assert out.stdout.endswith("logs/2021/2021-06-01-pss-samverkan.yaml\n" + standing)
    assert (small_root / "logs/2021/2021-06-01-pss-samverkan.yaml").read_text(
        encoding="utf-8"
    ) == "date: 2021-06-01\ncommitment: pss-samverkan\n" + written


def test_interactive_skips_what_options_gave(
    mlofte: Run, small_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(common, "stdin_is_tty", lambda: True)
    args = ("--by", "kommunen", "--note", "PSS", "--count", "2", "--date", "2021-06-01")
    out = _log(mlofte, small_root, *args, input="2\ny\n")
    assert out == Outcome(
        0,
        LIST + "Which one? (number or id): 2\n"
        "To be written to logs/2021/2021-06-01-pss-samverkan.yaml:\n"
        "  date: 2021-06-01\n  commitment: pss-samverkan\n  count: 2\n  by: kommunen\n"
        "  note: PSS\nWrite it? [Y/n]: y\n"
        "logs/2021/2021-06-01-pss-samverkan.yaml\npss-samverkan: 2 this year\n",
        "",
    )


def test_interactive_end_of_input_writes_nothing(
    mlofte: Run, small_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(common, "stdin_is_tty", lambda: True)
    before = _files(small_root)
    out = _log(mlofte, small_root, input="1\n")
    assert out.code == 1
    assert _files(small_root) == before


def test_interactive_shared_commitment_writes_agreement(
    mlofte: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(common, "stdin_is_tty", lambda: True)
    root = _two_agreements(tmp_path)
    out = _log(mlofte, root, input="\nhundsok-skola\n3\n\n\n\n\n")
    assert out.code == 0
    shared = "mlofte: 'hundsok-skola' is in several agreements; answer with its number\n"
    assert out.stderr == shared
    assert "  3. Sök med hund i skolmiljö (hundsok-skola) [testby]: 0 of 2" in out.stdout
    assert (root / "logs/2021/2021-06-01-hundsok-skola.yaml").read_text(encoding="utf-8") == (
        "date: 2021-06-01\ncommitment: hundsok-skola\nagreement: testby\nby: polisen\n"
    )


def test_entry_shows_in_status_at_once(mlofte: Run, small_root: Path) -> None:
    def hundsok() -> dict[str, object]:
        args = ("status", "2021", "--as-of", "2021-06-01", "--format", "json")
        out = mlofte("--root", str(small_root), *args)
        assert out.code == 0
        rows = json.loads(out.stdout)["agreements"][0]["commitments"]
        return next(row for row in rows if row["id"] == "hundsok-skola")

    assert (hundsok()["done"], hundsok()["state"]) == (1, "on_track")
    assert _log(mlofte, small_root, "hundsok-skola", "--date", "2021-05-20").code == 0
    row = hundsok()
    assert (row["done"], row["entries"], row["state"], row["last_date"]) == (
        2,
        2,
        "met",
        "2021-05-20",
    )


def test_twenty_concurrent_processes(small_root: Path, tmp_path: Path) -> None:
    env = {**os.environ, "MLOFTE_CACHE_DIR": str(tmp_path / "cache")}
    env.pop("MLOFTE_ROOT", None)
    base = [sys.executable, "-m", "medborgarlofte", "--root", str(small_root), "log"]
    started = time.monotonic()
    processes = [
        subprocess.Popen(
            [*base, "hundsok-skola", "--date", "2021-05-05", "--note", f"writer {n}"],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
        )
        for n in range(20)
    ]
    results = [(p.wait(timeout=120), *p.communicate()) for p in processes]
    elapsed = time.monotonic() - started
    assert [(code, err) for code, _, err in results] == [(0, b"")] * 20, elapsed
    paths = sorted(out.decode().splitlines()[0] for _, out, _ in results)
    expected = ["logs/2021/2021-05-05-hundsok-skola.yaml"] + [
        f"logs/2021/2021-05-05-hundsok-skola-{n}.yaml" for n in range(2, 21)
    ]
    assert paths == sorted(expected)
    written = {rel: data for rel, data in _files(small_root).items() if "05-05" in rel}
    assert sorted(written) == sorted(expected)  # and no temporary file left
    notes = {data.decode().splitlines()[-1] for data in written.values()}
    assert notes == {f"note: writer {n}" for n in range(20)}
    check = subprocess.run(
        [sys.executable, "-m", "medborgarlofte", "--root", str(small_root), "validate"],
        capture_output=True,
        env=env,
        check=False,
    )
    assert (check.returncode, check.stdout) == (0, b"1 agreement, 21 log entries: no problems\n")


def test_failed_write_exits_1_and_leaves_nothing(
    mlofte: Run, small_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def crash(fd: int) -> None:
        raise OSError(28, "No space left on device")

    before = _files(small_root)
    monkeypatch.setattr(os, "fsync", crash)
    out = _log(mlofte, small_root, "hundsok-skola")
    assert out == Outcome(
        1, "", "mlofte: cannot write the entry: No space left on device; nothing written\n"
    )
    assert _files(small_root) == before


@pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs a pseudo-terminal")
def test_interactive_through_a_pseudo_terminal(small_root: Path, tmp_path: Path) -> None:
    """The real terminal check: stdin a pty, answers typed into it."""
    env = {**os.environ, "MLOFTE_CACHE_DIR": str(tmp_path / "cache"), "NO_COLOR": "1"}
    env.pop("MLOFTE_ROOT", None)
    command = [sys.executable, "-m", "medborgarlofte", "--root", str(small_root), "log"]
    primary, secondary = os.openpty()
    try:
        with subprocess.Popen(
            [*command, "--date", "2021-04-01"],
            stdin=secondary,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
        ) as process:
            os.write(primary, "2\n\n\nPSS-möte\ny\n".encode())
            stdout, stderr = process.communicate(timeout=60)
    finally:
        os.close(primary)
        os.close(secondary)
    assert (process.returncode, stderr) == (0, b"")
    assert stdout.decode().endswith(
        "logs/2021/2021-04-01-pss-samverkan.yaml\npss-samverkan: 1 in 2021\n"
    )
    assert (small_root / "logs/2021/2021-04-01-pss-samverkan.yaml").read_text(
        encoding="utf-8"
    ) == "date: 2021-04-01\ncommitment: pss-samverkan\nby: polisen\nnote: PSS-möte\n"


def test_interactive_date_defaults_to_the_nearest_covered_day(
    mlofte: Run, small_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Today outside every agreement: the date is asked for, the agreement's last day offered."""
    monkeypatch.setattr(common, "current_date", lambda: dt.date(2024, 1, 10))
    monkeypatch.setattr(common, "stdin_is_tty", lambda: True)
    out = _log(mlofte, small_root, input="2020-05-01\n1922-1-1\n\n2\n\n-\n\n\n")
    assert out.code == 0, out
    assert out.stdout.startswith(
        "Date (YYYY-MM-DD) [2021-12-31]: 2020-05-01\n"
        "Date (YYYY-MM-DD) [2021-12-31]: 1922-1-1\n"
        "Date (YYYY-MM-DD) [2021-12-31]: \n"
        "Commitments on 2021-12-31 (another day: --date):\n"
    )
    assert out.stderr == (
        "mlofte: no agreement covers 2020-05-01; testby 2021-01-01 to 2021-12-31\n"
        "mlofte: '1922-1-1' is not a date such as 2021-12-31\n"
    )
    assert out.stdout.endswith(
        "To be written to logs/2021/2021-12-31-pss-samverkan.yaml:\n"
        "  date: 2021-12-31\n  commitment: pss-samverkan\n"
        "Write it? [Y/n]: \n"
        "logs/2021/2021-12-31-pss-samverkan.yaml\npss-samverkan: 1 in 2021\n"
    )


def test_interactive_declined_writes_nothing(
    mlofte: Run, small_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(common, "stdin_is_tty", lambda: True)
    before = _files(small_root)
    out = _log(mlofte, small_root, input="\n2\n\n-\n\nn\n")
    assert (out.code, out.stderr) == (1, "mlofte: nothing written\n")
    assert out.stdout.endswith("Write it? [Y/n]: n\n")
    assert _files(small_root) == before


REPEATED = ("hundsok-skola", "--date", "2021-03-14", "--by", "polisen", "--note",
            "Sök på högstadieskolan.")  # fmt: skip
"""conftest's ENTRY, as typed again."""
REPEAT_WARNING = (
    "mlofte: warning: an identical entry (same date, commitment, count, parties and note) is"
    " already in logs/2021/2021-03-14-hundsok-skola.yaml"
)


def test_an_identical_entry_is_said_and_still_written(mlofte: Run, small_root: Path) -> None:
    out = _log(mlofte, small_root, *REPEATED)
    assert out == Outcome(
        0,
        "logs/2021/2021-03-14-hundsok-skola-2.yaml\nhundsok-skola: 2 of 2 this year — met\n",
        REPEAT_WARNING + "; written anyway (delete one of them if it was logged twice)\n",
    )
    again = _log(mlofte, small_root, *REPEATED[:-2], "--note", "Sök på högstadieskolan.")
    assert again.stderr == (
        "mlofte: warning: an identical entry (same date, commitment, count, parties and note) is"
        " already in logs/2021/2021-03-14-hundsok-skola.yaml,"
        " logs/2021/2021-03-14-hundsok-skola-2.yaml; written anyway (delete one of them if it was"
        " logged twice)\n"
    )
    dry = _log(mlofte, small_root, *REPEATED, "--dry-run")
    assert dry.code == 0 and dry.stderr.startswith("mlofte: warning: an identical entry")


@pytest.mark.usefixtures("cache_dir")
def test_a_repeat_is_found_among_cached_entries_and_only_its_likes_are_built(
    mlofte: Run, small_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every file from the per-file cache: the entry of the same day and commitment (cached
    in the compact form) and the one in a list file are found; another day's is not built,
    and the cache is not rewritten for the file the cache does not hold yet."""
    from medborgarlofte.speed import cache, load

    other = ENTRY.replace("2021-03-14", "2021-03-15")
    (small_root / "logs" / "2021" / "2021-03-15-hundsok-skola.yaml").write_text(
        other, encoding="utf-8"
    )
    (small_root / "logs" / "list.yaml").write_text(
        "- " + ENTRY.replace("\n", "\n  ").rstrip(), encoding="utf-8"
    )
    assert mlofte("--root", str(small_root), "validate").code == 0  # the cache written
    assert _log(mlofte, small_root, "hundsok-skola", "--date", "2021-04-01").code == 0
    kept = cache.path_for(small_root).read_bytes()  # without the file just written
    built = first_arguments(monkeypatch, load, "compact_entry")
    out = _log(mlofte, small_root, *REPEATED)
    assert out.stderr == (
        "mlofte: warning: an identical entry (same date, commitment, count, parties and note) is"
        " already in logs/2021/2021-03-14-hundsok-skola.yaml, logs/list.yaml; written anyway"
        " (delete one of them if it was logged twice)\n"
    )
    assert "logs/2021/2021-03-14-hundsok-skola.yaml" in built
    assert "logs/2021/2021-03-15-hundsok-skola.yaml" not in built
    assert cache.path_for(small_root).read_bytes() == kept  # a look, not a load: not written


@pytest.mark.parametrize(
    "args",
    [
        ("--count", "2"),
        ("--note", "Annat"),
        ("--by", "kommunen"),
        ("--date", "2021-03-15"),
    ],
)
def test_entries_that_differ_are_no_repeats(
    mlofte: Run, small_root: Path, args: tuple[str, ...]
) -> None:
    base = dict(zip(REPEATED[1::2], REPEATED[2::2], strict=True))
    base.update(zip(args[::2], args[1::2], strict=True))
    out = _log(mlofte, small_root, "hundsok-skola", *(x for kv in base.items() for x in kv))
    assert (out.code, out.stderr) == (0, "")


def test_parties_in_another_order_are_a_repeat(mlofte: Run, tmp_path: Path) -> None:
    root = write_tree(
        tmp_path / "r",
        {
            "agreements/testby.yaml": AGREEMENT,
            "logs/x.yaml": "- date: 2021-03-14\n  commitment: pss-samverkan\n"
            "  by: [kommunen, polisen]\n",
        },
    )
    out = _log(mlofte, root, "pss-samverkan", "--date", "2021-03-14", "--by", "polisen,kommunen")
    assert out.code == 0
    assert out.stderr.startswith("mlofte: warning: an identical entry (same date, commitment,")
    assert "already in logs/x.yaml; written anyway" in out.stderr


@pytest.mark.parametrize(("answer", "code", "written"), [("\n", 1, False), ("y\n", 0, True)])
def test_an_identical_entry_is_confirmed_in_a_terminal(
    mlofte: Run,
    small_root: Path,
    monkeypatch: pytest.MonkeyPatch,
    answer: str,
    code: int,
    written: bool,
) -> None:
    monkeypatch.setattr(common, "stdin_is_tty", lambda: True)
    out = _log(mlofte, small_root, *REPEATED, input=answer)
    assert out.code == code
    assert out.stderr.startswith(REPEAT_WARNING + "\n")
    assert "Write it anyway? [y/N]: " in out.stdout
    assert (small_root / "logs/2021/2021-03-14-hundsok-skola-2.yaml").exists() is written


def test_entries_are_built_only_when_a_repeat_may_be_there(
    mlofte: Run, small_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from medborgarlofte.speed import load

    calls: list[str] = []
    for name in ("load_checked", "load_tallied", "load_like"):
        real = getattr(load, name)

        def spy(*args: object, _real: Any = real, _name: str = name, **kwargs: object) -> object:
            calls.append(_name)
            return _real(*args, **kwargs)

        monkeypatch.setattr(load, name, spy)
    assert _log(mlofte, small_root, "hundsok-skola", "--date", "2021-03-15").code == 0
    assert calls == ["load_tallied"]
    assert _log(mlofte, small_root, *REPEATED).code == 0
    assert calls == ["load_tallied", "load_tallied", "load_like"]  # no rules: only entries


@pytest.mark.usefixtures("cache_dir")
@pytest.mark.parametrize("warm", [True, False], ids=["warm", "cold"])
def test_the_look_for_a_repeat_sees_the_root_as_the_count_did(
    mlofte: Run, small_root: Path, monkeypatch: pytest.MonkeyPatch, warm: bool
) -> None:
    """One walk of the root per `log`: warm, the look takes the entries from the per-file
    cache (the count's agreements serve); cold, it reads nothing again (the count built every
    entry)."""
    from medborgarlofte.speed import load, scan

    if warm:
        assert mlofte("--root", str(small_root), "status").code == 0  # writes the index
    else:
        monkeypatch.setenv("MLOFTE_NO_CACHE", "1")
    walks: list[bool] = []
    read: list[str] = []
    real_of, real_read = scan.Scan.of, load.read_files

    def of(root: Path, *, logs: bool, stats: bool) -> scan.Scan:
        walks.append(logs)
        return real_of(root, logs=logs, stats=stats)

    def read_files(jobs: list[tuple[str, str, str, int]]) -> list[Any]:
        read.extend(rel for _, _, rel, _ in jobs)
        return real_read(jobs)

    monkeypatch.setattr(scan.Scan, "of", staticmethod(of))
    monkeypatch.setattr(load, "read_files", read_files)
    out = _log(mlofte, small_root, *REPEATED)
    assert out.code == 0
    assert out.stderr.startswith(REPEAT_WARNING + ";")
    assert walks == [True]
    if warm:
        assert read == []
    else:
        assert read[0].startswith("agreements/")
        assert read.count("logs/2021/2021-03-14-hundsok-skola.yaml") == 1


@pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs a pseudo-terminal")
def test_ctrl_c_in_a_real_terminal_writes_nothing(small_root: Path, tmp_path: Path) -> None:
    """Ctrl-C typed at the first prompt of a terminal that is the process's own."""
    import fcntl
    import select
    import termios

    env = {**os.environ, "MLOFTE_CACHE_DIR": str(tmp_path / "cache"), "NO_COLOR": "1"}
    env.pop("MLOFTE_ROOT", None)
    before = _files(small_root)
    primary, secondary = os.openpty()

    def own_terminal() -> None:
        fcntl.ioctl(0, termios.TIOCSCTTY, 0)

    seen = b""
    try:
        with subprocess.Popen(
            [sys.executable, "-m", "medborgarlofte", "--root", str(small_root), "log"],
            stdin=secondary,
            stdout=secondary,
            stderr=secondary,
            env=env,
            start_new_session=True,
            preexec_fn=own_terminal,
        ) as process:
            deadline = time.monotonic() + 60
            while b"Date (YYYY-MM-DD)" not in seen and time.monotonic() < deadline:
                if select.select([primary], [], [], 1)[0]:
                    seen += os.read(primary, 4096)
            # Pressed again while it runs, as a person would: a Ctrl-C that comes just as
            # Python's input() begins, after its last look at signals and before its read,
            # only marks the signal, and the read waits for the next key (CPython's own race;
            # seen here about once in 40 runs on a busy machine).
            for _ in range(6):
                os.write(primary, b"\x03")
                with contextlib.suppress(subprocess.TimeoutExpired):
                    process.wait(timeout=10)
                    break
            try:
                code = process.wait(timeout=1)
            except subprocess.TimeoutExpired:  # fail, never hang in Popen's own wait
                process.kill()
                raise AssertionError(f"still running 60 s after Ctrl-C; it said {seen!r}") from None
            while select.select([primary], [], [], 0.5)[0]:
                try:
                    seen += os.read(primary, 4096)
                except OSError:
                    break
    finally:
        os.close(primary)
        os.close(secondary)
    assert b"Date (YYYY-MM-DD) [2021-12-31]:" in seen  # today is after the agreement
    assert code in (1, 130)
    assert b"Traceback" not in seen
    assert _files(small_root) == before


def test_source_is_written_and_read_back(mlofte: Run, small_root: Path) -> None:
    url = "https://www.strangnas.se/arkiv/nyheter/2019-12-17-fem-trygghetsvandringar"
    outcome = mlofte(
        "--root", str(small_root), "log", "hundsok-skola", "--date", "2021-04-01", "--source", url
    )
    assert outcome.code == 0, outcome.stderr
    path = small_root / "logs/2021/2021-04-01-hundsok-skola.yaml"
    assert path.read_text("utf-8") == (
        f"date: 2021-04-01\ncommitment: hundsok-skola\nsource: {url}\n"
    )
    meeting = "Styrgruppens möte: protokoll 2021-04-02"
    outcome = mlofte(
        "--root",
        str(small_root),
        "log",
        "hundsok-skola",
        "--date",
        "2021-04-02",
        "--source",
        meeting,
    )
    assert outcome.code == 0, outcome.stderr
    written = (small_root / "logs/2021/2021-04-02-hundsok-skola.yaml").read_text("utf-8")
    assert written.endswith(f"source: '{meeting}'\n")
    assert mlofte("--root", str(small_root), "validate").code == 0


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("x" * 2001, "source must be at most 2,000 characters, not 2,001"),
        ("a\x1bb", "source: contains the control character \\x1b; remove it"),
        ("två\nrader", "source: must be a single line"),
        ("   ", "source: must not be blank"),
    ],
)
def test_a_bad_source_is_refused(mlofte: Run, small_root: Path, source: str, message: str) -> None:
    outcome = mlofte("--root", str(small_root), "log", "hundsok-skola", "--source", source)
    assert outcome.code == 1
    assert outcome.stderr == f"mlofte: {message}\nmlofte: nothing written\n"
    assert sorted(p.name for p in (small_root / "logs").rglob("*.yaml")) == [
        "2021-03-14-hundsok-skola.yaml"
    ]


def test_interactive_offers_only_commitments_running_on_the_day(
    mlofte: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A measure from 2021-07-01 is not offered on 2021-06-01 (TODAY), and is on 2021-07-01."""
    later = (
        "  - id: kontroller\n    title: Fasta trafikkontroller\n    area: droger\n"
        "    responsible: [polisen]\n    minimum: 1\n    per: day\n    start: 2021-07-01\n"
    )
    root = write_tree(tmp_path / "root", {"agreements/testby.yaml": AGREEMENT + later})
    monkeypatch.setattr(common, "stdin_is_tty", lambda: True)
    june = _log(mlofte, root, input="\n")  # the date: today
    assert "kontroller" not in june.stdout and "1. Sök med hund" in june.stdout
    july = _log(mlofte, root, "--date", "2021-07-01", input="3\n\n\n\n\n")
    assert "  3. Fasta trafikkontroller (kontroller): 0 of 184 this year" in july.stdout
    assert july.stdout.endswith(
        "logs/2021/2021-07-01-kontroller.yaml\n"
        "kontroller: 0 of 184 this year (0 expected by now) — on track\n"  # counted from July 1
    )
