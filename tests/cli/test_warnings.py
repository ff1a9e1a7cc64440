"""`mlofte validate`: warnings are printed and never change the exit code, but with --strict;
every command goes on past a warning; the cache and the index keep a warning a warning."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import ENTRY, Outcome, write_tree

Run = Callable[..., Outcome]

WARNING = (
    "logs/2021/notes.txt:1:1: warning: not a data file, so not read: only .yaml files are;"
    " move it out of logs/ (or, if it holds data, rename it to end in .yaml)\n"
)


@pytest.fixture
def warned_root(small_root: Path) -> Path:
    """small_root with one file that draws a warning (a text file beside the entries)."""
    return write_tree(small_root, {"logs/2021/notes.txt": "att göra\n"})


def test_a_warning_is_printed_and_the_exit_is_0(mlofte: Run, warned_root: Path) -> None:
    out = mlofte("--root", str(warned_root), "validate")
    assert out == Outcome(0, WARNING + "1 agreement, 1 log entry: no errors, 1 warning\n", "")


def test_strict_exits_1_on_a_warning_and_0_without(
    mlofte: Run, warned_root: Path, small_root: Path
) -> None:
    out = mlofte("--root", str(warned_root), "validate", "--strict")
    assert (out.code, out.stdout.startswith(WARNING)) == (1, True)
    (warned_root / "logs/2021/notes.txt").unlink()
    assert mlofte("--root", str(small_root), "validate", "--strict").code == 0


def test_json_and_github_carry_the_level(mlofte: Run, warned_root: Path) -> None:
    out = mlofte("--root", str(warned_root), "validate", "-f", "json")
    document = json.loads(out.stdout)
    assert (out.code, document["valid"]) == (0, True)
    assert [(p["path"], p["level"]) for p in document["problems"]] == [
        ("logs/2021/notes.txt", "warning")
    ]
    out = mlofte("--root", str(warned_root), "validate", "-f", "github")
    assert (out.code, out.stdout.split(" ")[0]) == (0, "::warning")


def test_an_error_beside_a_warning_still_fails(mlofte: Run, warned_root: Path) -> None:
    write_tree(warned_root, {"logs/2021/x.yaml": ENTRY.replace("hundsok-skola", "okand")})
    out = mlofte("--root", str(warned_root), "validate")
    assert out.code == 1
    assert out.stderr == "2 problems in 2 files\n"


def test_status_show_and_log_go_on_past_a_warning(mlofte: Run, warned_root: Path) -> None:
    status = mlofte("--root", str(warned_root), "status", "2021", "-f", "json")
    assert (status.code, status.stderr) == (0, "")  # validate says the warnings
    assert json.loads(status.stdout)["agreements"][0]["commitments"][0]["done"] == 1
    show = mlofte("--root", str(warned_root), "show")
    assert (show.code, "hundsok-skola" in show.stdout) == (0, True)
    log = mlofte("--root", str(warned_root), "log", "hundsok-skola", "--date", "2021-05-01")
    assert (log.code, log.stdout.split("\n")[0]) == (0, "logs/2021/2021-05-01-hundsok-skola.yaml")
    assert log.stderr == ""


@pytest.mark.usefixtures("cache_dir")
def test_a_warning_stays_a_warning_through_the_cache(mlofte: Run, small_root: Path) -> None:
    """Warm runs print what a cold one prints, the level included: a walk's warning, and a
    file's (its note cut short by ' #'), which the second run takes from the per-file cache."""
    cut = ENTRY.replace("note: Sök på högstadieskolan.", "note: Vandring #2 i centrum")
    write_tree(small_root, {"logs/2021/notes.txt": "x\n", "logs/2021/cut.yaml": cut})
    runs = [mlofte("--root", str(small_root), "validate", "-f", "json") for _ in range(3)]
    cold = mlofte("--no-cache", "--root", str(small_root), "validate", "-f", "json")
    assert all(run == cold for run in runs)
    levels = [(p["path"], p["level"]) for p in json.loads(cold.stdout)["problems"]]
    assert levels == [("logs/2021/cut.yaml", "warning"), ("logs/2021/notes.txt", "warning")]
    status = [mlofte("--root", str(small_root), "status", "2021", "-f", "json") for _ in range(3)]
    assert status[0].code == 0 and all(run == status[0] for run in status)
    assert status[0] == mlofte("--no-cache", "--root", str(small_root), "status", "2021", "-fjson")


def test_an_agreement_with_a_warning_is_valid(mlofte: Run, small_root: Path) -> None:
    path = small_root / "agreements/testby.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("Sök med hund i skolmiljö", "Sök med hund #1"), encoding="utf-8")
    valid = mlofte("--root", str(small_root), "validate")
    assert valid.code == 0
    assert valid.stdout.startswith("agreements/testby.yaml:10:12: warning: title: YAML reads ' #'")
    out = mlofte("--root", str(small_root), "status", "2021", "-f", "json")
    assert (out.code, out.stderr) == (0, "")
    assert json.loads(out.stdout)["agreements"][0]["commitments"][0]["title"] == "Sök med hund"


def test_log_quotes_a_note_holding_a_comment_sign_and_it_never_warns(
    mlofte: Run, small_root: Path
) -> None:
    note = "Vandring #2 i centrum"
    args = ("--root", str(small_root), "log", "hundsok-skola", "--date", "2021-05-01")
    assert mlofte(*args, "--note", note).code == 0
    written = (small_root / "logs/2021/2021-05-01-hundsok-skola.yaml").read_text(encoding="utf-8")
    assert f"note: '{note}'" in written or f'note: "{note}"' in written
    assert mlofte("--root", str(small_root), "validate", "--strict").code == 0


@pytest.mark.usefixtures("cache_dir")
def test_a_walk_warning_comes_with_the_answer_of_the_index(mlofte: Run, warned_root: Path) -> None:
    """A root whose only problem is a warning of the walk: status answers from the index
    (saying nothing of the warning), validate from the per-file cache, each as from the files."""
    for command, stderr in ((("status", "2021", "-f", "json"), ""), (("validate",), "")):
        args = ("--root", str(warned_root), *command)
        cold = mlofte("--no-cache", *args)
        assert (cold.code, cold.stderr) == (0, stderr)
        assert all(mlofte(*args) == cold for _ in range(3))
    assert mlofte("--root", str(warned_root), "validate").stdout.startswith(WARNING)
