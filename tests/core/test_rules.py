"""Cross-file rules with a scope: the identical-entry rule (root scope, a warning); the rules of
commitment dates: inside the agreement period and in order (agreement rules), and no entry of a
commitment outside them (an entry rule), each at its exact place."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from conftest import AGREEMENT, Outcome, write_tree
from medborgarlofte.core.rules import AGREEMENT_RULES, ENTRY_RULES, ROOT_RULES, RULES
from medborgarlofte.speed import load

Run = Callable[..., Outcome]
TWICE = (
    "date: 2021-05-04\ncommitment: hundsok-skola\ncount: 2\nby: [polisen, kommunen]\nnote: Sök.\n"
)


def _root(tmp_path: Path, **logs: str) -> Path:
    files = {"agreements/testby.yaml": AGREEMENT}
    files.update({f"logs/2021/{name}.yaml": text for name, text in logs.items()})
    return write_tree(tmp_path / "root", files)


def test_every_rule_has_one_scope_and_root_rules_only_warn(tmp_path: Path) -> None:
    assert set(RULES) == set(AGREEMENT_RULES) | set(ENTRY_RULES) | set(ROOT_RULES)
    assert len(RULES) == len(AGREEMENT_RULES) + len(ENTRY_RULES) + len(ROOT_RULES)
    root = _root(tmp_path, a=TWICE, b=TWICE, c=TWICE)
    _, problems = load.load_checked(root, cache=False)
    assert {p.level for p in problems} == {"warning"}


def test_an_entry_logged_twice_is_a_warning_at_the_later_file(tmp_path: Path) -> None:
    other_order = TWICE.replace("[polisen, kommunen]", "[kommunen, polisen]")
    named = "agreement: testby\n" + TWICE  # the same agreement, named or resolved
    root = _root(tmp_path, a=TWICE, b=other_order, c=named)
    _, problems = load.load_checked(root, cache=False)
    assert [(p.path, p.line, p.col, p.code, p.args, p.level) for p in problems] == [
        (
            f"logs/2021/{name}.yaml",
            1,
            1,
            "identical-entry",
            (("other", "logs/2021/a.yaml"), ("other_line", 1)),
            "warning",
        )
        for name in ("b", "c")
    ]


def test_the_warning_is_at_the_file_log_wrote_later(tmp_path: Path) -> None:
    """`log` writes X.yaml, then X-2.yaml, … X-10.yaml: by path X-10 and X-2 would come first."""
    stem = "2021-05-04-hundsok-skola"
    root = _root(tmp_path, **{stem: TWICE, f"{stem}-2": TWICE, f"{stem}-10": TWICE})
    _, problems = load.load_checked(root, cache=False)
    assert [(p.path, p.code, dict(p.args)["other"]) for p in problems] == [
        (f"logs/2021/{stem}-2.yaml", "identical-entry", f"logs/2021/{stem}.yaml"),
        (f"logs/2021/{stem}-10.yaml", "identical-entry", f"logs/2021/{stem}.yaml"),
    ]


def test_entries_that_differ_in_anything_counted_are_not_identical(tmp_path: Path) -> None:
    changes = {
        "date": TWICE.replace("2021-05-04", "2021-05-05"),
        "count": TWICE.replace("count: 2", "count: 3"),
        "parties": TWICE.replace("[polisen, kommunen]", "polisen"),
        "note": TWICE.replace("note: Sök.", "note: Sök igen."),
    }
    root = _root(tmp_path, a=TWICE, **changes)
    assert load.load_checked(root, cache=False)[1] == []


def test_validate_prints_the_warning_and_exits_0_warm_as_cold(
    mlofte: Run, tmp_path: Path, cache_dir: Path
) -> None:
    root = _root(tmp_path, a=TWICE, b=TWICE)
    line = (
        "logs/2021/b.yaml:1:1: warning: identical to the entry in logs/2021/a.yaml:1; if it was"
        " logged twice, delete one of the two files (mlofte entries lists them)\n"
    )
    cold = mlofte("--root", str(root), "--no-cache", "validate")
    assert (cold.code, cold.stdout) == (
        0,
        line + "1 agreement, 2 log entries: no errors, 1 warning\n",
    )
    strict = mlofte("--root", str(root), "--no-cache", "validate", "--strict")
    assert (strict.code, strict.stdout, strict.stderr) == (1, line, "1 problem in 1 file\n")
    for _ in range(2):  # the cache written, then used
        assert mlofte("--root", str(root), "validate") == cold
    document = json.loads(mlofte("--root", str(root), "validate", "--format", "json").stdout)
    assert document["valid"] is True
    assert [p["level"] for p in document["problems"]] == ["warning"]
    github = mlofte("--root", str(root), "validate", "--format", "github")
    assert github.code == 0 and github.stdout.startswith("::warning file=logs/2021/b.yaml,line=1")


def test_status_is_not_refused_for_a_warning(mlofte: Run, tmp_path: Path, cache_dir: Path) -> None:
    root = _root(tmp_path, a=TWICE, b=TWICE)
    cold = mlofte("--root", str(root), "--no-cache", "status", "2021", "--format", "json")
    assert cold.code == 0 and cold.stderr == ""
    row = json.loads(cold.stdout)["agreements"][0]["commitments"][0]
    assert (row["id"], row["done"], row["entries"]) == ("hundsok-skola", 4, 2)
    for _ in range(2):
        assert mlofte("--root", str(root), "status", "2021", "--format", "json") == cold


# --- commitment dates ---

DATED = (
    AGREEMENT
    + """\
  - id: trafikkontroller
    title: Fasta trafikkontroller
    area: droger
    responsible: [polisen]
    minimum: 1
    per: day
    start: 2021-05-01
    end: 2021-08-31
    condition: om kommunen begär det
"""
)


def dated_root(tmp_path: Path, agreement: str, logs: dict[str, str] | None = None) -> Path:
    return write_tree(tmp_path / "root", {"agreements/testby.yaml": agreement, **(logs or {})})


def test_the_dated_agreement_is_valid(mlofte: Run, tmp_path: Path) -> None:
    root = dated_root(tmp_path, DATED)
    outcome = mlofte("--root", str(root), "validate")
    assert (outcome.code, outcome.stdout) == (0, "1 agreement, 0 log entries: no problems\n")


def test_commitment_dates_outside_the_period_or_reversed(mlofte: Run, tmp_path: Path) -> None:
    text = DATED.replace("start: 2021-05-01", "start: 2020-12-31").replace(
        "end: 2021-08-31", "end: 2022-01-01"
    )
    root = dated_root(tmp_path, text)
    outcome = mlofte("--root", str(root), "validate")
    line = text.splitlines().index("    start: 2020-12-31") + 1
    assert outcome.code == 1
    assert outcome.stdout.splitlines() == [
        f"agreements/testby.yaml:{line}:12: error: the start of commitment 'trafikkontroller'"
        " (2020-12-31) is outside the agreement period (2021-01-01 to 2021-12-31)",
        f"agreements/testby.yaml:{line + 1}:10: error: the end of commitment 'trafikkontroller'"
        " (2022-01-01) is outside the agreement period (2021-01-01 to 2021-12-31)",
    ]
    reversed_ = DATED.replace("start: 2021-05-01", "start: 2021-09-01")
    outcome = mlofte("--root", str(dated_root(tmp_path / "b", reversed_)), "validate")
    assert outcome.stdout.splitlines() == [
        f"agreements/testby.yaml:{line + 1}:10: error: commitment 'trafikkontroller' ends"
        " (2021-08-31) before it starts (2021-09-01)",
    ]


def test_entries_before_the_start_or_after_the_end(
    mlofte: Run, tmp_path: Path, cache_dir: Path
) -> None:
    logs = {
        "logs/2021/a.yaml": "date: 2021-04-30\ncommitment: trafikkontroller\n",
        "logs/2021/b.yaml": "date: 2021-05-01\ncommitment: trafikkontroller\ncount: 3\n",
        "logs/2021/c.yaml": "date: 2021-08-31\ncommitment: trafikkontroller\n",
        "logs/2021/d.yaml": (
            "- date: 2021-06-01\n  commitment: trafikkontroller\n"
            "- commitment: trafikkontroller\n  date: 2021-09-01\n"
        ),
    }
    root = dated_root(tmp_path, DATED, logs)
    outcome = mlofte("--root", str(root), "validate")
    assert outcome.code == 1
    assert outcome.stdout.splitlines() == [
        "logs/2021/a.yaml:1:7: error: 2021-04-30 is before commitment 'trafikkontroller' starts"
        " (2021-05-01); check the date",
        "logs/2021/d.yaml:4:9: error: 2021-09-01 is after commitment 'trafikkontroller' ends"
        " (2021-08-31); check the date",
    ]
    (cached,) = cache_dir.glob("*.json")  # the problems are cached with their codes
    assert '"entry-before-commitment-start"' in cached.read_text("utf-8")
    warm = mlofte("--root", str(root), "validate")  # from the cache: the same words and places
    assert (warm.code, warm.stdout) == (outcome.code, outcome.stdout)
    cold = mlofte("--root", str(root), "--no-cache", "validate")
    assert (cold.code, cold.stdout) == (outcome.code, outcome.stdout)
    assert mlofte("--root", str(root), "status", "2021").code == 1


def test_log_refuses_an_entry_outside_the_commitment_dates(mlofte: Run, tmp_path: Path) -> None:
    root = dated_root(tmp_path, DATED)
    outcome = mlofte("--root", str(root), "log", "trafikkontroller", "--date", "2021-09-01")
    assert outcome.code == 1
    assert outcome.stderr == (
        "mlofte: 2021-09-01 is after commitment 'trafikkontroller' ends (2021-08-31);"
        " check the date\nmlofte: nothing written\n"
    )
    assert not (root / "logs").exists()
    written = mlofte("--root", str(root), "log", "trafikkontroller", "--date", "2021-08-31")
    assert written.code == 0
    assert written.stdout.splitlines() == [
        "logs/2021/2021-08-31-trafikkontroller.yaml",
        # May 1 to Aug 31: 123 days, one a day; 2021 is past, judged whole
        "trafikkontroller: 1 of 123 in 2021 (123 expected by now) — missed",
    ]
