"""`mlofte validate` on follow-up files: every rule of log files, and the cross-file rules."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import AGREEMENT, Outcome, write_tree

FOLLOWUP = """\
period: 2021-T2
summary: Arbetet har gått enligt plan.
commitments:
  hundsok-skola:
    comment: Två sök.
  pss-samverkan:
    comment: Gruppen har träffats.
    assessment: met
"""

Run = Callable[..., Outcome]


def _validate(mlofte: Run, root: Path, files: dict[str, str | bytes]) -> Outcome:
    write_tree(root, files)
    return mlofte("--root", str(root), "validate")


def test_a_valid_followup_passes(mlofte: Run, small_root: Path) -> None:
    out = _validate(mlofte, small_root, {"followups/2021/t2.yaml": FOLLOWUP})
    assert out == Outcome(0, "1 agreement, 1 log entry, 1 follow-up file: no problems\n", "")


def test_an_unquoted_year_is_the_year(mlofte: Run, small_root: Path) -> None:
    out = _validate(mlofte, small_root, {"followups/2021.yaml": "period: 2021\nsummary: Bra.\n"})
    assert out.code == 0, out.stderr


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "period: 2021-T4\n",
            "followups/f.yaml:1:9: error: period: '2021-T4' is not a follow-up period: use YYYY,"
            " YYYY-T1..T3, YYYY-H1..H2 or YYYY-Q1..Q4",
        ),
        ("summary: x\n", "followups/f.yaml:1:1: error: missing required key 'period'"),
        (
            "period: 2021\nsumary: x\n",
            "followups/f.yaml:2:1: error: unknown key 'sumary' (did you mean 'summary'?)",
        ),
        (
            "period: 2021\ncommitments:\n  pss-samverkan:\n    coment: x\n",
            "followups/f.yaml:4:5: error: unknown key 'coment' (did you mean 'comment'?)",
        ),
        (
            "period: 2021\ncommitments:\n  pss-samverkan:\n    assessment: good\n",
            "followups/f.yaml:4:17: error: assessment must be one of 'met', 'partly', 'not_met'"
            " or 'on_track', not text 'good'",
        ),
        (
            "period: 2021\ncommitments:\n  hundsok-skol:\n    comment: x\n",
            "followups/f.yaml:3:3: error: agreement 'testby' has no commitment 'hundsok-skol'"
            " (did you mean 'hundsok-skola'?)",
        ),
        (
            "period: 2021\ncommitments:\n  hundsok-skola:\n    assessment: met\n",
            "followups/f.yaml:4:17: error: 'hundsok-skola' has a minimum, so it is judged by its"
            " count: remove `assessment:` (a comment is welcome)",
        ),
        (
            "period: 2021\nagreement: testbi\n",
            "followups/f.yaml:2:12: error: unknown agreement 'testbi' (did you mean 'testby'?)",
        ),
        (
            "period: 2020-T1\n",
            "followups/f.yaml:1:9: error: no agreement covers 2020-T1; known: testby"
            " (2021-01-01 to 2021-12-31)",
        ),
        (
            "period: 2022\nagreement: testby\n",
            "followups/f.yaml:1:9: error: agreement 'testby' does not cover 2022: its period is"
            " 2021-01-01 to 2021-12-31",
        ),
        (
            "period: 2021\nsummary: Kontakt 811218-9876 ringde.\n",
            "followups/f.yaml:2:18: error: this looks like a Swedish personal identity number",
        ),
        (
            'period: 2021\nsummary: "ring\\x1b[31m"\n',
            "followups/f.yaml:2:10: error: summary: contains the control character",
        ),
        (
            "period: 2021\nperiod: 2021\n",
            "followups/f.yaml:1:1: error: duplicate key 'period': again on line 2",
        ),
        ("- period: 2021\n", "followups/f.yaml:1:1: error: a follow-up file holds one mapping"),
        ("", "followups/f.yaml:1:1: error: the file is empty"),
        ("period: [2021\n", "followups/f.yaml:2:1: error:"),
    ],
)
def test_each_problem_is_placed_and_said(
    mlofte: Run, small_root: Path, text: str, expected: str
) -> None:
    out = _validate(mlofte, small_root, {"followups/f.yaml": text})
    assert out.code == 1
    assert out.stdout.startswith(expected), out.stdout


def test_a_second_followup_for_the_same_period_is_a_problem(mlofte: Run, small_root: Path) -> None:
    out = _validate(
        mlofte,
        small_root,
        {"followups/a.yaml": "period: 2021-T2\n", "followups/b/c.yaml": "period: 2021-t2\n"},
    )
    assert out.code == 1
    assert out.stdout == (
        "followups/b/c.yaml:1:9: error: a second follow-up of 'testby' for 2021-T2:"
        " followups/a.yaml is one already; merge them\n"
    )


def test_alias_bombs_and_links_in_followups_are_refused(mlofte: Run, small_root: Path) -> None:
    bomb = "a: &a [x, x]\nb: &b [*a, *a]\nc: &c [*b, *b]\nperiod: 2021\n"
    (small_root / "followups").mkdir()
    (small_root / "followups" / "link.yaml").symlink_to("/etc/hostname")
    out = _validate(
        mlofte, small_root, {"followups/bomb.yaml": bomb, "followups/x.yml": "period: 2021\n"}
    )
    assert out.code == 1
    assert "followups/bomb.yaml:2:" in out.stdout and "alias" in out.stdout
    assert "followups/link.yaml:1:1: error: a symbolic link: not followed" in out.stdout
    assert "followups/x.yml:1:1: error: follow-up files end in .yaml: rename it" in out.stdout


def test_a_personal_number_in_the_file_name_is_refused(mlofte: Run, small_root: Path) -> None:
    out = _validate(mlofte, small_root, {"followups/811218-9876.yaml": "period: 2021\n"})
    assert out.code == 1
    assert "personal identity number" in out.stdout
    assert "811218-9876" not in out.stdout


def test_status_refuses_while_a_followup_is_invalid(mlofte: Run, small_root: Path) -> None:
    write_tree(small_root, {"followups/f.yaml": "period: 2021-T9\n"})
    out = mlofte("--root", str(small_root), "status", "2021")
    assert out.code == 1
    assert "followups/f.yaml:1:9: error:" in out.stderr


@pytest.mark.parametrize("warm_first", [True, False])
def test_warm_equals_cold_when_a_followup_comes_changes_and_goes(
    mlofte: Run, small_root: Path, cache_dir: Path, warm_first: bool
) -> None:
    def both() -> tuple[Outcome, Outcome]:
        warm = mlofte("--root", str(small_root), "validate")
        cold = mlofte("--root", str(small_root), "--no-cache", "validate")
        return warm, cold

    if warm_first:
        mlofte("--root", str(small_root), "status", "2021")  # the index is written
    path = small_root / "followups" / "f.yaml"
    for text in ("period: 2021\n", "period: 2021\nsumary: x\n", "period: 2021\n", None):
        if text is None:
            path.unlink()
        else:
            write_tree(small_root, {"followups/f.yaml": text})
        warm, cold = both()
        assert warm == cold
        assert warm.code == (1 if text and "sumary" in text else 0)


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (
            b"period: 2021\nsummary: \xff\xfe\n",
            "followups/f.yaml:2:10: error: the file is saved as Windows text (ANSI), not as UTF-8",
        ),
        (b"period: 2021\nsummary: " + b"[" * 600 + b"]" * 600 + b"\n", "followups/f.yaml:2:"),
        (b"period: !!python/object:os.system 2021\n", "followups/f.yaml:1:9: error:"),
        (
            b"period: 2021\nsummary: " + b"x" * (1 << 20) + b"\n",
            "followups/f.yaml:1:1: error: the file is",
        ),
        (
            b'period: 2021\nsummary: "\\u202e"\n',
            "followups/f.yaml:2:10: error: summary: contains the control",
        ),
    ],
)
def test_hostile_followup_files_are_problems_never_tracebacks(
    mlofte: Run, small_root: Path, content: bytes, expected: str
) -> None:
    out = _validate(mlofte, small_root, {"followups/f.yaml": content})
    assert out.code == 1
    assert out.stdout.startswith(expected), out.stdout
    report = mlofte("--root", str(small_root), "report", "2021")
    assert report.code == 1 and report.stdout == "" and expected in report.stderr


def test_the_summary_in_swedish(mlofte: Run, small_root: Path) -> None:
    assert mlofte("--lang", "sv", "--root", str(small_root), "validate") == Outcome(
        0, "1 överenskommelse, 1 loggpost: inga problem\n", ""
    )
    write_tree(
        small_root,
        {
            "followups/2021-T2.yaml": FOLLOWUP,
            "logs/2021/b.yaml": "date: 2021-03-15\ncommitment: hundsok-skola\n",
        },
    )
    assert mlofte("--lang", "sv", "--root", str(small_root), "validate").stdout == (
        "1 överenskommelse, 2 loggposter, 1 uppföljningsfil: inga problem\n"
    )


def test_the_problem_count_in_swedish(mlofte: Run, small_root: Path) -> None:
    write_tree(
        small_root,
        {
            "logs/2021/x.yaml": "date: 2021-13-01\ncommitment: hundsok-skola\n",
            "logs/2021/y.yaml": "date: 2021-02-30\ncommitment: hundsok-skola\n",
        },
    )
    out = mlofte("--lang", "sv", "--root", str(small_root), "validate")
    assert (out.code, out.stderr) == (1, "2 problem i 2 filer\n")
    out = mlofte("--lang", "sv", "--root", str(small_root), "status")
    assert out.stderr.endswith(
        "mlofte: 2 problem i 2 filer; rätta dem först (mlofte validate listar dem)\n"
    )


@pytest.mark.parametrize(
    ("files", "english", "swedish"),
    [
        (  # the advice works: adding `id:` would fail as "differs from the file name"
            {"agreements/Strängnäs 2019.yaml": AGREEMENT},
            "agreements/Strängnäs 2019.yaml:1:1: error: the file name 'Strängnäs 2019' is not a"
            " valid id: rename the file to strangnas-2019.yaml (an `id:` in the file does not"
            " help: it must be the same as the file name)",
            "agreements/Strängnäs 2019.yaml:1:1: error: filnamnet 'Strängnäs 2019' är inget"
            " giltigt id: byt namn på filen till strangnas-2019.yaml (ett `id:` i filen hjälper"
            " inte: det måste vara detsamma som filnamnet)",
        ),
        (  # quotes would make it text, not a number
            {"logs/2021/a.yaml": "date: 2021-03-01\ncommitment: hundsok-skola\ncount: yes\n"},
            "logs/2021/a.yaml:3:8: error: count must be a whole number, not the yes/no word yes:"
            " write how many, e.g. count: 1",
            "logs/2021/a.yaml:3:8: error: count ska vara ett heltal, inte ja/nej-ordet yes: skriv"
            " hur många, t.ex. count: 1",
        ),
        (
            {"logs/2021/a.yaml": "date: 2021-03-01\ncommitment: hundsok-skola\ncount: 0\n"},
            "logs/2021/a.yaml:3:8: error: count must be at least 1, not 0",
            "logs/2021/a.yaml:3:8: error: count ska vara minst 1, inte 0",
        ),
        (  # two parties, not one id with spaces
            {"logs/2021/a.yaml": "date: 2021-03-01\ncommitment: hundsok-skola\n"
             "by: kommunen och polisen\n"},
            "logs/2021/a.yaml:3:5: error: by: 'kommunen och polisen' names several parties:"
            " write them as a list, by: [kommunen, polisen]",
            "logs/2021/a.yaml:3:5: error: by: 'kommunen och polisen' anger flera parter: skriv"
            " dem som en lista, by: [kommunen, polisen]",
        ),
    ],
)  # fmt: skip
def test_advice_that_works_in_both_languages(
    mlofte: Run, small_root: Path, files: dict[str, str | bytes], english: str, swedish: str
) -> None:
    write_tree(small_root, files)
    out = mlofte("--root", str(small_root), "validate")
    assert (out.code, out.stdout.splitlines()[0]) == (1, english)
    out = mlofte("--root", str(small_root), "--lang", "sv", "validate")
    assert (out.code, out.stdout.splitlines()[0]) == (1, swedish)
