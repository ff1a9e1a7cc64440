"""Reading in parallel, and the quick reader of plain log files, change nothing but speed."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from medborgarlofte import load, quick, source
from test_cache import SERIAL, outcome, reference


@pytest.fixture(autouse=True)
def no_cache(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("MLOFTE_CACHE_DIR", str(tmp_path / "cache"))


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """5 agreements and 3,000 entries: more than the default parallel threshold."""
    from conftest import generator

    root = tmp_path_factory.mktemp("big") / "root"
    generator().generate(root, 5, 3000, seed=11, journals=False)
    return root


def test_the_default_threshold_sends_the_generated_root_to_workers(big: Path) -> None:
    files = sum(1 for _ in big.rglob("*.yaml"))
    assert files > load.PARALLEL_THRESHOLD


def test_parallel_and_serial_reading_give_the_same_result(big: Path) -> None:
    expected = outcome(big, use_cache=False, threshold=SERIAL)
    assert outcome(big, use_cache=False, threshold=load.PARALLEL_THRESHOLD) == expected
    assert outcome(big, use_cache=False, threshold=10) == expected


def test_parallel_reading_reports_problems_as_serial_does(big: Path, tmp_path: Path) -> None:
    root = tmp_path / "root"
    shutil.copytree(big, root)
    logs = sorted((root / "logs").rglob("*.yaml"))
    logs[0].write_text("date: 2021-03-14\ncommitment: [a\n", encoding="utf-8")
    logs[10].write_bytes(b"date: 2021-03-14\ncommitment: \xff\n")
    logs[20].write_text("date: 2021-03-14\ncommitment: nothing-like-it\n", encoding="utf-8")
    logs[30].write_text("date: 2021-03-14\ncommitment: fotpatrull\nby: ON\n", encoding="utf-8")
    logs[40].write_text("- date: 2021-03-14\n  commitment: fotpatrull\n- {}\n", encoding="utf-8")
    expected = reference(root)
    assert len(expected[1]) >= 5
    for threshold in (10, 1000):
        assert outcome(root, use_cache=False, threshold=threshold) == expected
        assert outcome(root, use_cache=True, threshold=threshold) == expected


def test_parallel_reading_falls_back_to_serial_when_no_process_can_start(
    big: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import concurrent.futures

    expected = reference(big)

    class Refused:
        def __init__(self, *args: object, **kwargs: object) -> None:
            raise OSError("no processes here")

    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", Refused)
    assert outcome(big, use_cache=False, threshold=10) == expected


PLAIN = [
    "date: 2021-03-14\ncommitment: fotpatrull\n",
    "date: 2021-03-14\ncommitment: fotpatrull",
    "# EXEMPEL\n\ndate: 2021-03-14\ncommitment: a-b\nagreement: x-2020-2022\ncount: 12\n",
    'date: 2021-03-14\ncommitment: c\nby: [polisen, kommunen]\nnote: "Öppet: åäö # inte kommentar"\n',
    "date: 2021-03-14\ncommitment: c\nby: polisen\nnote: Fotpatrull vid busstationen, åäö.\n",
    "date: 2021-03-14\ncommitment: c\nnote: 'enkla citat'\n",
    "date: 2021-03-14\ncommitment: c\nnote: Yesterday\n",
    "date: 2021-03-14\ncommitment: c\nnote: x\n",
    "note: först\ndate: 2021-03-14\ncommitment: c\n",
]
NOT_PLAIN = [
    "date: 2021-03-14\ncommitment: c\nnote: yes\n",
    "date: 2021-03-14\ncommitment: c\nby: [on]\n",
    "date: 2021-03-14\ncommitment: c\nnote: Null\n",
    "date: 2021-02-30\ncommitment: c\n",
    "date: 2021-03-14\ncommitment: c\ncount: 010\n",
    "date: 2021-03-14\ncommitment: c\ncount: 1:30\n",
    "date: 2021-03-14\ncommitment: c\ncount: 0x10\n",
    "date: 2021-03-14\ncommitment: c\ndate: 2021-03-15\n",
    "date: 2021-03-14\ncommitment: c\nminimun: 3\n",
    "date: 2021-03-14 \ncommitment: c\n",
    "date:  2021-03-14\ncommitment: c\n",
    "date: 2021-03-14\r\ncommitment: c\r\n",
    "date: 2021-03-14\ncommitment: c\nnote: a\n  continued\n",
    "date: 2021-03-14\ncommitment: c\nnote: a # comment\n",
    "date: 2021-03-14\ncommitment: c\nnote: a: b\n",
    'date: 2021-03-14\ncommitment: c\nnote: "a\\x1b"\n',
    'date: 2021-03-14\ncommitment: c\nnote: "tab\there"\n',
    'date: 2021-03-14\ncommitment: c\nnote: "a\u2028b"\n',
    "date: 2021-03-14\ncommitment: c\nnote: \u202eabc\n",
    "date: 2021-03-14\ncommitment: &a c\n",
    "date: 2021-03-14\ncommitment: !!str c\n",
    "---\ndate: 2021-03-14\ncommitment: c\n",
    "date: 2021-03-14\ncommitment: c\n---\ndate: 2021-03-15\n",
    "- date: 2021-03-14\n  commitment: c\n",
    "\ufeffdate: 2021-03-14\ncommitment: c\n",
    "",
    "# only a comment\n",
    "date: 2021-03-14\ncommitment: c\nby: []\n",
    "date: 2021-03-14\ncommitment: c\nnote: 'it''s'\n",
    "date: 2021-03-14\ncommitment: c\nnote: ~\n",
    "date: 2021-03-14\ncommitment: c\nnote:\n",
]


@pytest.mark.parametrize("text", PLAIN)
def test_the_quick_reader_takes_the_plain_shape_exactly_as_source_does(text: str) -> None:
    found = quick.read_entry(text)
    assert found is not None
    parsed = source.parse(text, "logs/x.yaml")
    assert parsed.problems == []
    assert found[0] == parsed.data
    assert found[1].values == parsed.locations.values
    assert found[1].keys == parsed.locations.keys


@pytest.mark.parametrize("text", NOT_PLAIN)
def test_the_quick_reader_leaves_anything_else_to_source(text: str) -> None:
    assert quick.read_entry(text) is None


def test_the_quick_reader_agrees_with_source_on_every_generated_file(big: Path) -> None:
    taken = 0
    for path in sorted((big / "logs").rglob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        found = quick.read_entry(text)
        if found is None:
            continue
        taken += 1
        parsed = source.parse(text, "x")
        assert (found[0], found[1].values, found[1].keys) == (
            parsed.data,
            parsed.locations.values,
            parsed.locations.keys,
        )
    assert taken == 3000


def test_a_pool_that_breaks_midway_reads_the_rest_here_once(
    big: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Payloads come as workers finish: when the pool breaks after a first piece, the rest
    is read in this process, each file once and in order."""
    import concurrent.futures

    from medborgarlofte import discover

    listing = discover.list_root(str(big))
    jobs = [
        ("L", f"{folder.path}/{name}", f"{folder.rel}/{name}", -1)
        for folder in listing.logs
        for name in folder.names
    ]
    pieces: list[int] = []

    class Breaking:
        def __init__(self, *args: object, **kwargs: object) -> None:
            pass

        def __enter__(self) -> Breaking:
            return self

        def __exit__(self, *args: object) -> None:
            return None

        def map(self, function: Any, chunks: Any) -> Any:
            first = next(iter(chunks))
            pieces.append(len(first))
            yield function(first)
            raise RuntimeError("a worker died")

    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", Breaking)
    assert list(load._read_payloads(jobs, 10)) == load._read_chunk(jobs)
    assert len(pieces) == 1 and 0 < pieces[0] < len(jobs)
