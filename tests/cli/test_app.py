"""The CLI: exact exit codes, stdout and stderr on small roots the tests write."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import AGREEMENT, ENTRY, Outcome, write_tree

Run = Callable[..., Outcome]


def test_version(mlofte: Run) -> None:
    from medborgarlofte import __version__

    assert mlofte("--version") == Outcome(0, f"mlofte {__version__}\n", "")


def test_validate_valid_root_prints_summary(mlofte: Run, small_root: Path) -> None:
    assert mlofte("--root", str(small_root), "validate") == Outcome(
        0, "1 agreement, 1 log entry: no problems\n", ""
    )


def test_shipped_data_is_valid(mlofte: Run) -> None:
    from conftest import REPO

    out = mlofte("--root", str(REPO), "validate")
    assert out.code == 0
    assert out.stdout.startswith("1 agreement, ")
    assert out.stdout.endswith(" log entries: no problems\n")


@pytest.fixture
def broken_root(small_root: Path) -> Path:
    """Three planted problems in two files."""
    agreement = (small_root / "agreements/testby.yaml").read_text(encoding="utf-8")
    (small_root / "agreements/testby.yaml").write_text(
        agreement.replace("    minimum: 2", "    minimun: 2"), encoding="utf-8"
    )
    write_tree(
        small_root,
        {
            "logs/2021/2021-04-01-x.yaml": 'date: 2021-04-01\ncommitment: pss-samverkan\ncount: "3"\nby: polis\n'
        },
    )
    return small_root


def test_validate_text(mlofte: Run, broken_root: Path) -> None:
    out = mlofte("--root", str(broken_root), "validate")
    assert out == Outcome(
        1,
        "agreements/testby.yaml:13:5: error: unknown key 'minimun' (did you mean 'minimum'?)\n"
        "logs/2021/2021-04-01-x.yaml:3:8: error: count must be a whole number,"
        " not text '3'; remove the quotes\n",
        "2 problems in 2 files\n",
    )


def test_validate_github(mlofte: Run, broken_root: Path) -> None:
    out = mlofte("--root", str(broken_root), "validate", "--format", "github")
    assert out.code == 1
    assert out.stdout.splitlines() == [
        "::error file=agreements/testby.yaml,line=13,col=5::unknown key 'minimun'"
        " (did you mean 'minimum'?)",
        "::error file=logs/2021/2021-04-01-x.yaml,line=3,col=8::count must be a whole number,"
        " not text '3'; remove the quotes",
    ]


def test_validate_json(mlofte: Run, broken_root: Path) -> None:
    out = mlofte("--root", str(broken_root), "validate", "--format", "json")
    assert out.code == 1
    assert json.loads(out.stdout) == {
        "valid": False,
        "problems": [
            {
                "path": "agreements/testby.yaml",
                "line": 13,
                "column": 5,
                "level": "error",
                "message": "unknown key 'minimun' (did you mean 'minimum'?)",
            },
            {
                "path": "logs/2021/2021-04-01-x.yaml",
                "line": 3,
                "column": 8,
                "level": "error",
                "message": "count must be a whole number, not text '3'; remove the quotes",
            },
        ],
    }


def test_validate_json_valid(mlofte: Run, small_root: Path) -> None:
    out = mlofte("--root", str(small_root), "validate", "-f", "json")
    assert (out.code, json.loads(out.stdout)) == (0, {"valid": True, "problems": []})


def test_unknown_format_is_usage_error(mlofte: Run, small_root: Path) -> None:
    assert mlofte("--root", str(small_root), "validate", "--format", "xml").code == 2


def test_cross_file_problems_all_in_one_run(mlofte: Run, small_root: Path) -> None:
    write_tree(
        small_root,
        {
            "logs/2021/a.yaml": "date: 2021-05-01\ncommitment: hundsok-skolan\n",
            "logs/2022/b.yaml": "date: 2022-05-01\ncommitment: hundsok-skola\n",
            "logs/2021/c.yaml": "date: 2021-05-01\ncommitment: pss-samverkan\nby: [polisen, pollisen]\n",
        },
    )
    out = mlofte("--root", str(small_root), "validate")
    assert out.code == 1
    assert out.stdout == (
        "logs/2021/a.yaml:2:13: error: unknown commitment 'hundsok-skolan'"
        " (did you mean 'hundsok-skola'?)\n"
        "logs/2021/c.yaml:3:15: error: unknown party 'pollisen' (did you mean 'polisen'?);"
        " known in testby: kommunen, polisen\n"
        "logs/2022/b.yaml:1:7: error: 2022-05-01 is outside the period of the agreement with"
        " 'hundsok-skola': testby (2021-01-01 to 2021-12-31)\n"
    )


def test_agreement_rules(mlofte: Run, tmp_path: Path) -> None:
    text = (
        AGREEMENT.replace(
            "period: {start: 2021-01-01, end: 2021-12-31}",
            "period: {start: 2021-01-01, end: 2020-12-31}",
        )
        .replace(
            "area: droger\n    responsible: [polisen]\n",
            "area: drogerna\n    responsible: [polis]\n",
        )
        .replace("id: pss-samverkan", "id: hundsok-skola")
    )
    root = write_tree(tmp_path, {"agreements/testby.yaml": "id: annan-by\n" + text})
    out = mlofte("--root", str(root), "validate")
    assert out.code == 1
    assert out.stdout == (
        "agreements/testby.yaml:1:5: error: id 'annan-by' differs from the file name 'testby.yaml'\n"
        "agreements/testby.yaml:3:34: error: the period ends (2020-12-31) before it starts (2021-01-01)\n"
        "agreements/testby.yaml:12:11: error: unknown focus area 'drogerna' (did you mean 'droger'?);"
        " known: droger\n"
        "agreements/testby.yaml:13:19: error: unknown party 'polis' (did you mean 'polisen'?);"
        " known: kommunen, polisen\n"
        "agreements/testby.yaml:15:9: error: commitment id 'hundsok-skola' is already used on line 10\n"
    )


def test_ambiguous_agreement(mlofte: Run, small_root: Path) -> None:
    write_tree(small_root, {"agreements/testby-2.yaml": AGREEMENT})
    out = mlofte("--root", str(small_root), "validate")
    assert out.stdout == (
        "logs/2021/2021-03-14-hundsok-skola.yaml:2:13: error: several agreements covering 2021-03-14"
        " have 'hundsok-skola' (testby, testby-2); say which with `agreement:`\n"
    )
    entry = ENTRY + "agreement: testby-2\n"
    write_tree(small_root, {"logs/2021/2021-03-14-hundsok-skola.yaml": entry})
    assert mlofte("--root", str(small_root), "validate").code == 0


def test_root_from_environment(
    mlofte: Run, small_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MLOFTE_ROOT", str(small_root))
    assert mlofte("validate").code == 0


def test_root_found_walking_up(
    mlofte: Run, small_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(small_root / "logs" / "2021")
    assert mlofte("validate").stdout == "1 agreement, 1 log entry: no problems\n"


def test_no_root_is_one_line_exit_2(
    mlofte: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    out = mlofte("validate")
    assert out.code == 2
    assert out.stdout == ""
    assert out.stderr == (
        "mlofte: no data root: no agreements/ folder here or above;"
        " run inside one, or pass --root PATH or set MLOFTE_ROOT\n"
    )


def test_root_option_without_agreements(mlofte: Run, tmp_path: Path) -> None:
    out = mlofte("--root", str(tmp_path), "validate")
    assert (out.code, out.stderr) == (
        2,
        f"mlofte: --root {tmp_path}: no agreements/ folder there\n",
    )


def test_show_lists_commitment_ids(mlofte: Run, small_root: Path) -> None:
    out = mlofte("--root", str(small_root), "show")
    assert out.code == 0
    for text in ("Medborgarlöfte Testby 2021", "hundsok-skola", "pss-samverkan", "2 a year",
                 "Lokalpolisområde Testby", "2021-01-01", "Droger och folkhälsa"):  # fmt: skip
        assert text in out.stdout


def test_show_unknown_agreement_names_known(mlofte: Run, small_root: Path) -> None:
    out = mlofte("--root", str(small_root), "show", "testbyn")
    assert (out.code, out.stderr) == (
        2,
        "mlofte: unknown agreement 'testbyn' (did you mean 'testby'?); known: testby\n",
    )


def test_show_needs_an_id_when_several(mlofte: Run, small_root: Path) -> None:
    write_tree(small_root, {"agreements/annan.yaml": AGREEMENT})
    out = mlofte("--root", str(small_root), "show")
    assert (out.code, out.stderr) == (
        2,
        "mlofte: the root holds 2 agreements; name one: annan, testby\n",
    )
    assert "Medborgarlöfte Testby 2021" in mlofte("--root", str(small_root), "show", "annan").stdout


def test_status_uncovered_year_names_covered(mlofte: Run, haparanda_root: Path) -> None:
    out = mlofte("--root", str(haparanda_root), "status", "2019")
    assert (out.code, out.stdout, out.stderr) == (
        2,
        "",
        "mlofte: no agreement covers 2019; covered years: 2020–2022\n",
    )


def test_status_refuses_invalid_data(mlofte: Run, broken_root: Path) -> None:
    out = mlofte("--root", str(broken_root), "status", "2021", "--format", "json")
    assert out.code == 1
    assert out.stdout == ""
    assert out.stderr.startswith("agreements/testby.yaml:13:5: error: unknown key 'minimun'")


def test_status_unknown_agreement(mlofte: Run, haparanda_root: Path) -> None:
    out = mlofte("--root", str(haparanda_root), "status", "2021", "--agreement", "haparanda")
    assert out.code == 2
    assert "unknown agreement 'haparanda'" in out.stderr


def test_status_check_gate(mlofte: Run, small_root: Path) -> None:
    args = ("--root", str(small_root), "status", "2021", "--format", "json")
    assert mlofte(*args).code == 0
    assert mlofte(*args, "--check").code == 1  # 1 of 2 dog searches: missed
    write_tree(small_root, {"logs/2021/b.yaml": ENTRY})
    assert mlofte(*args, "--check").code == 0


def test_status_bad_as_of(mlofte: Run, small_root: Path) -> None:
    out = mlofte("--root", str(small_root), "status", "--as-of", "2021-02-30")
    assert (out.code, out.stderr) == (
        2,
        "mlofte: --as-of '2021-02-30' is not a date such as 2021-03-14\n",
    )


def test_status_json_on_shipped_data(mlofte: Run, haparanda_root: Path) -> None:
    out = mlofte("--root", str(haparanda_root), "status", "2021", "--format", "json")
    assert out.code == 0
    doc = json.loads(out.stdout)
    assert (doc["year"], doc["as_of"]) == (2021, "2021-12-31")
    rows = {row["id"]: row for row in doc["agreements"][0]["commitments"]}
    assert {k: rows["hundsok-skola"][k] for k in ("done", "remaining", "state", "last_date")} == {
        "done": 2, "remaining": 0, "state": "met", "last_date": "2021-10-07"
    }  # fmt: skip
    assert (rows["narkotikainsatser"]["done"], rows["narkotikainsatser"]["state"]) == (3, "missed")
    assert rows["pss-samverkan"]["state"] == "untargeted"
    assert (rows["fotpatrull"]["units"], rows["fotpatrull"]["units_met"]) == (52, 2)


def test_status_defaults_to_today(
    mlofte: Run, small_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import datetime as dt

    from medborgarlofte.cli import common

    monkeypatch.setattr(common, "current_date", lambda: dt.date(2021, 6, 30))
    doc = json.loads(mlofte("--root", str(small_root), "status", "--format", "json").stdout)
    assert (doc["year"], doc["as_of"]) == (2021, "2021-06-30")
    row = doc["agreements"][0]["commitments"][0]
    assert (row["id"], row["done"], row["state"]) == ("hundsok-skola", 1, "on_track")
    monkeypatch.setattr(common, "current_date", lambda: dt.date(2026, 11, 28))
    out = mlofte("--root", str(small_root), "status", "--format", "json")
    doc = json.loads(out.stdout)
    assert (out.code, doc["year"], doc["as_of"]) == (0, 2021, "2021-12-31")
    out = mlofte("--root", str(small_root), "status", "--as-of", "2026-01-01")
    assert (out.code, out.stderr) == (2, "mlofte: no agreement covers 2026; covered years: 2021\n")


def test_table_has_no_control_codes_unless_a_terminal(
    mlofte: Run, haparanda_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    args = ("--root", str(haparanda_root), "status", "2021")
    plain = mlofte(*args)  # NO_COLOR is set, and CliRunner is no terminal
    assert plain.code == 0 and "\x1b" not in plain.stdout
    assert "✔ met" in plain.stdout and "✘ missed" in plain.stdout and "– untargeted" in plain.stdout
    monkeypatch.delenv("NO_COLOR")
    assert "\x1b" not in mlofte(*args).stdout  # not a terminal
    monkeypatch.setenv("FORCE_COLOR", "1")  # a terminal, as rich sees it
    assert "\x1b[" in mlofte(*args).stdout
    monkeypatch.setenv("NO_COLOR", "1")
    assert "\x1b" not in mlofte(*args).stdout


def test_an_invalid_agreement_hides_none_of_the_other_problems(mlofte: Run, tmp_path: Path) -> None:
    text = AGREEMENT.replace(
        "    area: droger\n    responsible: [polisen]\n    minimum: 2\n",
        "    area: drogerr\n    responsible: [polis]\n    minimun: 2\n",
    )
    root = write_tree(
        tmp_path,
        {
            "agreements/testby.yaml": text,
            "logs/a.yaml": "date: 2021-03-01\ncommitment: hundsok-skolan\n",
            "logs/b.yaml": "date: 2022-03-01\ncommitment: hundsok-skola\n",
        },
    )
    expected = (
        "agreements/testby.yaml:11:11: error: unknown focus area 'drogerr' (did you mean"
        " 'droger'?); known: droger\n"
        "agreements/testby.yaml:12:19: error: unknown party 'polis' (did you mean 'polisen'?);"
        " known: kommunen, polisen\n"
        "agreements/testby.yaml:13:5: error: unknown key 'minimun' (did you mean 'minimum'?)\n"
        "logs/a.yaml:2:13: error: unknown commitment 'hundsok-skolan' (did you mean"
        " 'hundsok-skola'?)\n"
        "logs/b.yaml:1:7: error: 2022-03-01 is outside the period of the agreement with"
        " 'hundsok-skola': testby (2021-01-01 to 2021-12-31)\n"
    )
    for args in (["validate"], ["validate"], ["--no-cache", "validate"]):  # read, cached, not
        out = mlofte("--root", str(root), *args)
        assert (out.code, out.stdout) == (1, expected)


def test_a_period_ending_before_it_starts_is_reported_beside_other_problems(
    mlofte: Run, tmp_path: Path
) -> None:
    text = AGREEMENT.split("commitments:")[0].replace("end: 2021-12-31", "end: 2020-12-31")
    root = write_tree(tmp_path, {"agreements/testby.yaml": text + "commitments: []\n"})
    assert mlofte("--root", str(root), "validate").stdout == (
        "agreements/testby.yaml:2:34: error: the period ends (2020-12-31) before it starts"
        " (2021-01-01)\n"
        "agreements/testby.yaml:8:14: error: commitments must not be empty\n"
    )


def test_yaml_files_that_are_not_read_are_reported(mlofte: Run, small_root: Path) -> None:
    write_tree(
        small_root,
        {
            "logs/2021/.hidden.yaml": ENTRY,
            "logs/2021/upper.YAML": ENTRY,
            "logs/2021/short.yml": ENTRY,
            "agreements/.yaml": AGREEMENT,
            "logs/2021/.mlofte-x.tmp": "partial",
            "logs/README.md": "notes",
        },
    )
    out = mlofte("--root", str(small_root), "validate")
    assert (out.code, out.stdout) == (
        1,
        "agreements/.yaml:1:1: error: a hidden file is not read: rename it without the leading '.'\n"
        "logs/2021/.hidden.yaml:1:1: error: a hidden file is not read:"
        " rename it without the leading '.'\n"
        "logs/2021/.mlofte-x.tmp:1:1: error: a temporary file left by an interrupted 'mlofte log'"
        " (it holds an entry that may not have been written): if no other log file has that"
        " entry, rename it to a name ending in .yaml without the leading '.'; else delete it\n"
        "logs/2021/short.yml:1:1: error: log files end in .yaml: rename it\n"
        "logs/2021/upper.YAML:1:1: error: log files end in .yaml: rename it\n"
        "logs/README.md:1:1: warning: not a data file, so not read: only .yaml files are; move it"
        " out of logs/ (or, if it holds data, rename it to end in .yaml)\n",
    )


@pytest.mark.parametrize("by", ["", ",", " , "])
def test_log_with_an_empty_by_is_a_usage_error(mlofte: Run, small_root: Path, by: str) -> None:
    before = sorted(small_root.rglob("*"))
    args = ["log", "hundsok-skola", "--date", "2021-05-01", "--by", by]
    out = mlofte("--root", str(small_root), *args)
    assert (out.code, out.stderr) == (
        2,
        "mlofte: --by needs a party key, e.g. --by polisen (mlofte show lists them)\n",
    )
    assert sorted(small_root.rglob("*")) == before


def test_log_names_each_party_once(mlofte: Run, small_root: Path) -> None:
    args = ["log", "pss-samverkan", "--date", "2021-05-01", "--dry-run"]
    out = mlofte("--root", str(small_root), *args, "--by", "polisen,kommunen", "--by", "polisen")
    assert out.stdout.splitlines()[1:] == [
        "date: 2021-05-01",
        "commitment: pss-samverkan",
        "by: [polisen, kommunen]",
    ]


def test_an_invalid_party_key_is_placed_at_the_key_and_hides_nothing(
    mlofte: Run, tmp_path: Path
) -> None:
    text = AGREEMENT.replace("  polisen: Lokalpolisområde", "  Polisen: Lokalpolisområde")
    root = write_tree(tmp_path, {"agreements/testby.yaml": text, "logs/a.yaml": ENTRY})
    out = mlofte("--root", str(root), "validate")
    assert (out.code, out.stdout) == (
        1,
        "agreements/testby.yaml:5:3: error: parties key: 'Polisen' is not a valid id: use lowercase"
        " a-z, 0-9 and '-', starting with a letter or digit (did you mean 'polisen'?)\n",
    )


def test_salvage_keeps_the_places_of_later_commitments(mlofte: Run, tmp_path: Path) -> None:
    text = AGREEMENT.replace("  - id: hundsok-skola", "  - just text\n  - id: Hundsok").replace(
        "    area: droger\n    responsible: [polisen, kommunen]",
        "    area: drogr\n    responsible: [polis, kommunen]",
    )
    root = write_tree(tmp_path, {"agreements/testby.yaml": text})
    out = mlofte("--root", str(root), "validate")
    assert out.stdout == (
        "agreements/testby.yaml:9:5: error: commitments must be a mapping (key: value lines),"
        " not text 'just text'\n"
        "agreements/testby.yaml:10:9: error: id: 'Hundsok' is not a valid id: use lowercase a-z,"
        " 0-9 and '-', starting with a letter or digit (did you mean 'hundsok'?)\n"
        "agreements/testby.yaml:17:11: error: unknown focus area 'drogr' (did you mean 'droger'?);"
        " known: droger\n"
        "agreements/testby.yaml:18:19: error: unknown party 'polis' (did you mean 'polisen'?);"
        " known: kommunen, polisen\n"
    )


def test_show_on_an_empty_root(mlofte: Run, tmp_path: Path) -> None:
    (tmp_path / "agreements").mkdir()
    out = mlofte("--root", str(tmp_path), "show")
    assert (out.code, out.stderr) == (
        2,
        "mlofte: the root holds no agreement yet: add one as agreements/<id>.yaml\n",
    )


@pytest.mark.parametrize(
    "command", [["validate"], ["status", "2021"], ["show"], ["log", "x", "--dry-run"]]
)
def test_root_may_follow_the_command(mlofte: Run, small_root: Path, command: list[str]) -> None:
    before = mlofte("--root", str(small_root), *command)
    after = mlofte(*command, "--root", str(small_root))
    assert after == before
    assert "no data root" not in after.stderr


def test_root_after_the_command_wins(mlofte: Run, small_root: Path, tmp_path: Path) -> None:
    out = mlofte("--root", str(tmp_path / "nowhere"), "validate", "--root", str(small_root))
    assert out == Outcome(0, "1 agreement, 1 log entry: no problems\n", "")


@pytest.mark.parametrize("cache", [[], ["--no-cache"]])
def test_a_file_over_the_size_limit_is_refused(
    mlofte: Run, small_root: Path, cache: list[str]
) -> None:
    big = small_root / "logs" / "2021" / "big.yaml"
    note = "å" * (600 * 1024)  # 1.2 MB of UTF-8 in 614,400 characters
    big.write_text(f"date: 2021-03-14\ncommitment: hundsok-skola\nnote: {note}\n", encoding="utf-8")
    size = big.stat().st_size
    out = mlofte("--root", str(small_root), *cache, "validate")
    assert (out.code, out.stdout) == (
        1,
        f"logs/2021/big.yaml:1:1: error: the file is {size:,} bytes;"
        " the limit is 1,048,576 (1 MiB)\n",
    )


def test_a_reversed_period_is_reported_once_not_per_entry(mlofte: Run, small_root: Path) -> None:
    path = small_root / "agreements" / "testby.yaml"
    text = path.read_text(encoding="utf-8").replace("end: 2021-12-31", "end: 2020-12-31")
    path.write_text(text, encoding="utf-8")
    out = mlofte("--root", str(small_root), "validate")
    assert (out.code, out.stdout) == (
        1,
        "agreements/testby.yaml:2:34: error: the period ends (2020-12-31) before it starts"
        " (2021-01-01)\n",
    )


def test_show_an_agreement_beside_a_broken_one(mlofte: Run, small_root: Path) -> None:
    broken = AGREEMENT.replace("    minimum: 2", "    minimun: 2")
    write_tree(small_root, {"agreements/annan.yaml": broken})
    out = mlofte("--root", str(small_root), "show", "testby")
    assert out.code == 0
    assert "hundsok-skola" in out.stdout and "2 a year" in out.stdout
    assert out.stderr == (
        "agreements/annan.yaml:13:5: error: unknown key 'minimun' (did you mean 'minimum'?)\n"
        "mlofte: 1 problem in other agreement files\n"
    )
    shown = mlofte("--root", str(small_root), "show", "annan")
    assert (shown.code, shown.stdout) == (1, "")
    assert shown.stderr.startswith("agreements/annan.yaml:13:5: error: unknown key 'minimun'")


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize(
    "args",
    [["status", "2021"], ["status", "2021", "--format", "json"], ["validate"], ["--version"]],
)
def test_output_that_cannot_be_written_is_said_so_not_a_bug(
    small_root: Path, tmp_path: Path, args: list[str]
) -> None:
    """A full disk under stdout: one line saying so and exit 74, no 'internal error'."""
    import os
    import subprocess
    import sys

    env = {**os.environ, "MLOFTE_CACHE_DIR": str(tmp_path / "cache")}
    with open("/dev/full", "w", encoding="utf-8") as full:
        done = subprocess.run(
            [sys.executable, "-m", "medborgarlofte", "--root", str(small_root), *args],
            stdout=full,
            stderr=subprocess.PIPE,
            encoding="utf-8",
            env=env,
            check=False,
        )
    assert (done.returncode, done.stderr) == (
        74,
        "mlofte: cannot write the output: No space left on device\n",
    )
