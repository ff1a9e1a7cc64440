"""Cross-file rules with a scope: the identical-entry rule (root scope, a warning)."""

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
