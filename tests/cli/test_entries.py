"""`mlofte entries`: the counted entries of a selection, in every format."""

from __future__ import annotations

import csv
import io
import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import AGREEMENT, REPO, Outcome, write_tree

Run = Callable[..., Outcome]

SECOND = AGREEMENT.replace("Testby 2021", "Testby 2022").replace("2021-", "2022-")
ROOT = {
    "agreements/testby.yaml": AGREEMENT,
    "agreements/testby-2022.yaml": SECOND,
    "logs/2021/b.yaml": "date: 2021-03-14\ncommitment: hundsok-skola\nby: polisen\nnote: Sök\n",
    "logs/2021/a.yaml": "date: 2021-03-14\ncommitment: pss-samverkan\ncount: 2\n"
    "by: [kommunen, polisen]\n",
    "logs/2021/list.yaml": "- date: 2021-09-01\n  commitment: hundsok-skola\n"
    "- date: 2021-05-02\n  commitment: pss-samverkan\n  note: |\n    Två\n    rader\n",
    "logs/2022/c.yaml": "date: 2022-06-01\ncommitment: hundsok-skola\nagreement: testby-2022\n",
}


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return write_tree(tmp_path / "root", ROOT)


def _json(mlofte: Run, root: Path, *args: str) -> list[dict[str, object]]:
    out = mlofte("--root", str(root), "entries", *args, "--format", "json")
    assert (out.code, out.stderr) == (0, "")
    entries = json.loads(out.stdout)["entries"]
    assert isinstance(entries, list)
    return entries


def _where(entries: list[dict[str, object]]) -> list[tuple[object, object]]:
    return [(e["date"], e["path"]) for e in entries]


def test_json_every_counted_entry_by_date_then_path(mlofte: Run, root: Path) -> None:
    entries = _json(mlofte, root)
    assert entries[:2] == [
        {
            "path": "logs/2021/a.yaml",
            "date": "2021-03-14",
            "agreement": "testby",
            "commitment": "pss-samverkan",
            "count": 2,
            "by": ["kommunen", "polisen"],
            "note": None,
            "source": None,
        },
        {
            "path": "logs/2021/b.yaml",
            "date": "2021-03-14",
            "agreement": "testby",
            "commitment": "hundsok-skola",
            "count": 1,
            "by": ["polisen"],
            "note": "Sök",
            "source": None,
        },
    ]
    assert _where(entries[2:]) == [
        ("2021-05-02", "logs/2021/list.yaml"),
        ("2021-09-01", "logs/2021/list.yaml"),
        ("2022-06-01", "logs/2022/c.yaml"),
    ]
    assert entries[2]["note"] == "Två\nrader\n" and entries[2]["by"] == []


@pytest.mark.parametrize(
    ("args", "dates"),
    [
        (["2021"], ["2021-03-14", "2021-03-14", "2021-05-02", "2021-09-01"]),
        (["2021-T2"], ["2021-05-02"]),
        (["2021-H1"], ["2021-03-14", "2021-03-14", "2021-05-02"]),
        (["2021-Q3"], ["2021-09-01"]),
        (["2022-q2"], ["2022-06-01"]),
        (["--from", "2021-05-02", "--to", "2021-09-01"], ["2021-05-02", "2021-09-01"]),
        (["2021", "--from", "2021-04-01"], ["2021-05-02", "2021-09-01"]),
        (["--agreement", "testby-2022"], ["2022-06-01"]),
        (["--commitment", "pss-samverkan"], ["2021-03-14", "2021-05-02"]),
        (["--party", "kommunen"], ["2021-03-14", "2021-05-02"]),
        (["--party", "polisen", "2021"], ["2021-03-14", "2021-03-14", "2021-05-02", "2021-09-01"]),
        (["2023"], []),
    ],
)
def test_selections(mlofte: Run, root: Path, args: list[str], dates: list[str]) -> None:
    assert [e["date"] for e in _json(mlofte, root, *args)] == dates


def test_counts_are_those_of_status(mlofte: Run, root: Path) -> None:
    status = json.loads(mlofte("--root", str(root), "status", "2021", "--format", "json").stdout)
    done = {c["id"]: c["done"] for a in status["agreements"] for c in a["commitments"]}
    entries = _json(mlofte, root, "2021")
    for commitment, total in done.items():
        assert sum(e["count"] for e in entries if e["commitment"] == commitment) == total  # type: ignore[misc]
    assert done == {"hundsok-skola": 2, "pss-samverkan": 3}


def test_entries_that_count_toward_nothing_are_not_listed(mlofte: Run, tmp_path: Path) -> None:
    root = write_tree(
        tmp_path / "r",
        {
            "agreements/testby.yaml": AGREEMENT,
            "logs/x.yaml": "date: 2021-03-14\ncommitment: nope\n",
        },
    )
    out = mlofte("--root", str(root), "entries")
    assert out.code == 1
    assert out.stderr.startswith("logs/x.yaml:2:13: error: unknown commitment 'nope'")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--party", "polis"], "unknown party 'polis' (did you mean 'polisen'?); known: kommunen, polisen"),
        (["--agreement", "nope"], "unknown agreement 'nope'; known: testby-2022, testby"),
        (["--commitment", "hundsok"], "unknown commitment 'hundsok' (did you mean 'hundsok-skola'?); mlofte show lists them"),
        (["2021-T4"], "PERIOD '2021-T4' is not a year or a follow-up period: YYYY, YYYY-T1..T3, YYYY-H1..H2 or YYYY-Q1..Q4"),
        (["21"], "PERIOD '21' is not a year or a follow-up period: YYYY, YYYY-T1..T3, YYYY-H1..H2 or YYYY-Q1..Q4"),
        (["--from", "igår"], "--from 'igår' is not a date such as 2021-03-14"),
    ],
)  # fmt: skip
def test_usage_errors_exit_2(mlofte: Run, root: Path, args: list[str], message: str) -> None:
    assert mlofte("--root", str(root), "entries", *args) == Outcome(2, "", f"mlofte: {message}\n")


def test_csv(mlofte: Run, root: Path) -> None:
    out = mlofte("--root", str(root), "entries", "2021-Q1", "--format", "csv")
    assert out == Outcome(
        0,
        "path,date,agreement,commitment,count,by,note,source\n"
        "logs/2021/a.yaml,2021-03-14,testby,pss-samverkan,2,kommunen polisen,,\n"
        "logs/2021/b.yaml,2021-03-14,testby,hundsok-skola,1,polisen,Sök,\n",
        "",
    )
    assert len(list(csv.reader(io.StringIO(out.stdout)))) == 3


def test_table(mlofte: Run, root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "120")
    out = mlofte("--root", str(root), "entries", "2021-Q1")
    assert out.code == 0
    lines = [line.rstrip() for line in out.stdout.splitlines()]
    assert lines == [
        "testby",
        " Date        Commitment · file  Count  By                 Note",
        "─" * 63,
        " 2021-03-14  pss-samverkan          2  kommunen, polisen",
        "             logs/2021/a.yaml",
        " 2021-03-14  hundsok-skola          1  polisen            Sök",
        "             logs/2021/b.yaml",
        "2 entries, count 3. To correct an entry, edit its file; to remove it, delete the file"
        " (git keeps the history).",
    ]


def test_yaml_is_a_valid_log_file_counted_twice_beside_the_originals(
    mlofte: Run, root: Path, tmp_path: Path
) -> None:
    before = json.loads(mlofte("--root", str(root), "status", "2021", "--format", "json").stdout)
    out = mlofte("--root", str(root), "entries", "2021", "--format", "yaml")
    assert out.code == 0
    assert out.stdout.startswith(
        "- date: 2021-03-14\n  commitment: pss-samverkan\n  agreement: testby\n  count: 2\n"
        "  by: [kommunen, polisen]\n- date: 2021-03-14\n"
    )
    (root / "logs/copy.yaml").write_text(out.stdout, encoding="utf-8")
    check = mlofte("--root", str(root), "validate")
    assert check.code == 0  # every copy is a warning: identical to its original
    assert check.stdout.endswith("2 agreements, 9 log entries: no errors, 4 warnings\n")
    after = json.loads(mlofte("--root", str(root), "status", "2021", "--format", "json").stdout)
    done = [c["done"] for a in before["agreements"] for c in a["commitments"]]
    assert [c["done"] for a in after["agreements"] for c in a["commitments"]] == [
        2 * n for n in done
    ]
    # moved instead of copied: the counts are those of the originals
    for rel in ("logs/2021/a.yaml", "logs/2021/b.yaml", "logs/2021/list.yaml"):
        (root / rel).unlink()
    again = json.loads(mlofte("--root", str(root), "status", "2021", "--format", "json").stdout)
    assert again == before


def test_yaml_of_the_shipped_data_validates_in_a_copy(mlofte: Run, tmp_path: Path) -> None:
    root = tmp_path / "copy"
    shutil.copytree(REPO / "agreements", root / "agreements")
    shutil.copytree(REPO / "logs", root / "logs")
    out = mlofte("--root", str(root), "entries", "--format", "yaml")
    assert out.code == 0 and out.stdout.count("- date: ") == 14
    (root / "logs/moved.yaml").write_text(out.stdout, encoding="utf-8")
    check = mlofte("--root", str(root), "validate")
    assert check.code == 0
    assert check.stdout.endswith("1 agreement, 28 log entries: no errors, 14 warnings\n")
    assert check.stdout.count("logs/moved.yaml:") == 14


def test_empty_selection(mlofte: Run, root: Path) -> None:
    assert mlofte("--root", str(root), "entries", "2030", "--format", "yaml").stdout == "[]\n"
    assert mlofte("--root", str(root), "entries", "2030", "--format", "json").stdout == (
        '{\n  "entries": []\n}\n'
    )
    out = mlofte("--root", str(root), "entries", "2030")
    assert out.stdout.startswith("0 entries, count 0.")
