"""Follow-up files through their own per-file cache: used while a file is unchanged, never
when it changed, and dropped whole when a record is not of our shape."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import write_tree
from medborgarlofte.speed import followups


def _load(root: Path, use_cache: bool = True) -> tuple[list[str | None], list[str]]:
    found, problems = followups.load_followups(root, use_cache=use_cache)
    return [f.followup.summary for f in found], [f"{p.path}:{p.line}:{p.col}" for p in problems]


def test_an_unchanged_file_is_answered_from_the_cache(small_root: Path, cache_dir: Path) -> None:
    write_tree(small_root, {"followups/a.yaml": "period: 2021\nsummary: Bra.\n"})
    assert _load(small_root) == (["Bra."], [])
    document = json.loads(followups.path_for(small_root).read_text(encoding="utf-8"))
    record = document["files"]["followups/a.yaml"]
    # the cache answers as long as the stat is unchanged: a summary put there is what comes back
    record[1][1] = record[1][1].replace("Bra.", "Ur cachen.")
    followups.path_for(small_root).write_text(json.dumps(document), encoding="utf-8")
    assert _load(small_root) == (["Ur cachen."], [])
    assert _load(small_root, use_cache=False) == (["Bra."], [])


def test_a_changed_file_is_read_again(small_root: Path, cache_dir: Path) -> None:
    write_tree(small_root, {"followups/a.yaml": "period: 2021\nsummary: Bra.\n"})
    assert _load(small_root) == (["Bra."], [])
    write_tree(small_root, {"followups/a.yaml": "period: 2021\nsummary: Mycket bättre.\n"})
    assert _load(small_root) == (["Mycket bättre."], [])
    write_tree(small_root, {"followups/a.yaml": "period: 2021\nsumary: x\n"})
    assert _load(small_root) == ([], ["followups/a.yaml:2:1"])
    assert _load(small_root) == ([], ["followups/a.yaml:2:1"])  # the problem, from the cache


def test_a_record_in_doubt_drops_the_cache(small_root: Path, cache_dir: Path) -> None:
    write_tree(small_root, {"followups/a.yaml": "period: 2021\nsummary: Bra.\n"})
    _load(small_root)
    document = json.loads(followups.path_for(small_root).read_text(encoding="utf-8"))
    document["files"]["followups/a.yaml"][1][1] = '{"period": "2021-T9"}'
    followups.path_for(small_root).write_text(json.dumps(document), encoding="utf-8")
    assert _load(small_root) == (["Bra."], [])
