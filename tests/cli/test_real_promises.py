"""The real-style roots of tests/data (Luleå 2018, Strängnäs 2019 and 2022–2023, Malå 2024):
`validate`, `status`, `overview` and `--party` give exactly the figures computed by hand in
each root's expected.json (the arithmetic is in its expected.md)."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from collections.abc import Callable
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest

from conftest import REPO, Outcome
from medborgarlofte.cli import common
from medborgarlofte.speed import load

DATA = REPO / "tests" / "data"
VALID = ("lulea-2018", "strangnas-2019", "mala-2024", "strangnas-2022-2023")
TODAY = dt.date(2026, 12, 2)  # after every agreement: each year is judged whole
ONLY_EXPECTED = ("expected_by_now_exact", "days_to_as_of", "rate")
Run = Callable[..., Outcome]


def expected(name: str) -> dict[str, Any]:
    found: dict[str, Any] = json.loads((DATA / name / "expected.json").read_text("utf-8"))
    return found


@pytest.fixture
def run(mlofte: Run, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Callable[..., Outcome]:
    """mlofte on a copy of a root of tests/data (so that a cache never touches the repository)."""
    monkeypatch.setattr(common, "current_date", lambda: TODAY)
    monkeypatch.setenv("COLUMNS", "200")  # whole conditions on one line each

    def go(name: str, *args: str) -> Outcome:
        root = tmp_path / name
        if not root.exists():
            shutil.copytree(DATA / name, root)
        return mlofte("--root", str(root), *args)

    return go


def assert_commitment(got: dict[str, Any], want: dict[str, Any]) -> None:
    """Every hand-computed figure, expected_by_now to 1e-4 and exactly as the fraction given."""
    for key, value in want.items():
        if key in ONLY_EXPECTED:
            continue
        if key == "expected_by_now" and value is not None:
            assert got[key] == pytest.approx(value, abs=1e-4)
            assert Fraction(got[key]).limit_denominator(10_000) == Fraction(
                want["expected_by_now_exact"]
            )
        else:
            assert got[key] == value, key


def status_cases() -> list[tuple[str, str]]:
    return [(name, key) for name in VALID for key in expected(name)["status"]]


@pytest.mark.parametrize("name", VALID)
def test_the_roots_validate(run: Run, name: str) -> None:
    outcome = run(name, "validate", "--format", "json")
    assert (outcome.code, json.loads(outcome.stdout)["problems"]) == (0, [])


@pytest.mark.parametrize(("name", "key"), status_cases())
def test_status_gives_the_hand_computed_figures(run: Run, name: str, key: str) -> None:
    want = expected(name)["status"][key]
    outcome = run(name, "status", str(want["year"]), "--as-of", want["as_of"], "-f", "json")
    assert outcome.code == 0, outcome.stderr
    (agreement,) = json.loads(outcome.stdout)["agreements"]
    rows = {row["id"]: row for row in agreement["commitments"]}
    assert list(rows) == list(want["commitments"])  # the very commitments, in agreement order
    for cid, figures in want["commitments"].items():
        assert_commitment(rows[cid], figures)
    checked = run(name, "status", str(want["year"]), "--as-of", want["as_of"], "--check")
    assert checked.code == want["check_exit"]


def test_lulea_traffic_checks_read_as_a_daily_rate(run: Run) -> None:
    """71 checks May–July against 92 days: behind, 0.77 a day; 301 by December: met, 1.23."""
    for as_of, rate in (("2018-07-31", "0.77"), ("2018-08-31", "0.97"), ("2018-12-31", "1.23")):
        table = run("lulea-2018", "status", "2018", "--as-of", as_of).stdout
        assert "1 a day" in table
        assert f"{rate} per day" in table
        markdown = run("lulea-2018", "status", "2018", "--as-of", as_of, "-f", "markdown").stdout
        assert f"1 a day<br>{rate} per day" in markdown
    line = run("lulea-2018", "status", "2018", "--as-of", "2018-07-31", "-f", "markdown")
    assert "| 1 a day<br>0.77 per day | 71 | 92.0 | 174 |" in line.stdout


def test_a_daily_rate_before_its_first_day(run: Run) -> None:
    (label, want) = next(iter(expected("lulea-2018")["status_edge_cases"].items()))
    assert label.startswith("2018@2018-04-30 trafikkontroller")
    outcome = run("lulea-2018", "status", "2018", "--as-of", "2018-04-30", "-f", "json")
    row = next(
        r
        for r in json.loads(outcome.stdout)["agreements"][0]["commitments"]
        if r["id"] == "trafikkontroller"
    )
    assert_commitment(row, want)
    table = run("lulea-2018", "status", "2018", "--as-of", "2018-04-30").stdout
    assert "per day" not in table  # no day of the unit has passed: no rate yet


@pytest.mark.parametrize("name", VALID)
def test_overview_is_each_year_as_of_its_end(run: Run, name: str) -> None:
    want = expected(name)
    outcome = run(name, "overview", "--format", "json")
    assert outcome.code == want["overview"]["exit"]
    document = json.loads(outcome.stdout)
    assert document["agreement"] == want["overview"]["agreement"]
    assert [(y["year"], y["as_of"]) for y in document["years"]] == [
        (y["year"], y["as_of"]) for y in want["overview"]["years"]
    ]
    for year, wanted in zip(document["years"], want["overview"]["years"], strict=True):
        figures = want["status"][wanted["status"]]["commitments"]
        assert [row["id"] for row in year["commitments"]] == list(figures)
        for row in year["commitments"]:
            assert_commitment(row, figures[row["id"]])
        # the same objects as `status YEAR --format json`
        same = run(name, "status", str(year["year"]), "-f", "json").stdout
        assert json.loads(same)["agreements"][0]["commitments"] == year["commitments"]


def test_overview_table_and_markdown_show_done_of_target_per_year(run: Run) -> None:
    table = run("strangnas-2022-2023", "overview").stdout
    assert "2022" in table and "2023" in table
    markdown = run("strangnas-2022-2023", "overview", "--format", "markdown").stdout
    lines = markdown.splitlines()
    assert "| Commitment | 2022 | 2023 |" in lines
    skolvag = next(line for line in lines if "`skolvagskontroller`" in line)
    assert skolvag.endswith("| 11/12 ✘ missed | 6/6 ✔ met |")
    walks = next(line for line in lines if "`trygghetsvandringar`" in line)
    assert walks.endswith("|  | 3/3 ✔ met |")  # added in 2023: nothing in 2022
    assert "| 1 – untargeted | 1 – untargeted |" in next(
        line for line in lines if "`dialogmoten`" in line
    )


def test_a_commitment_is_listed_only_in_the_years_it_runs(run: Run) -> None:
    for year, ids in expected("strangnas-2022-2023")["status_listed"].items():
        outcome = run("strangnas-2022-2023", "status", year, "-f", "json")
        rows = json.loads(outcome.stdout)["agreements"][0]["commitments"]
        assert [row["id"] for row in rows] == ids


def test_party_selects_the_commitments_it_is_responsible_for(run: Run) -> None:
    for name in VALID:
        want = expected(name)["party"]
        for party in ("polisen", "kommunen"):
            outcome = run(name, "overview", "--party", party, "-f", "json")
            years = json.loads(outcome.stdout)["years"]
            seen = list(dict.fromkeys(row["id"] for y in years for row in y["commitments"]))
            assert sorted(seen) == sorted(want[party]), (name, party)
            shown = run(name, "show", "--party", party).stdout
            for cid in want[party]:
                assert f"{cid}\n" in shown or f"{cid} " in shown
    kommunen_2022 = run(
        "strangnas-2022-2023", "status", "2022", "--party", "kommunen", "-f", "json"
    )
    rows = json.loads(kommunen_2022.stdout)["agreements"][0]["commitments"]
    assert [r["id"] for r in rows] == expected("strangnas-2022-2023")["party"]["kommunen_2022"]


def test_party_summary_lines_and_an_unknown_party(run: Run) -> None:
    table = run("lulea-2018", "status", "2018").stdout
    assert "Luleå kommun: 4 of 5 met · 1 missed" in table
    assert "Polisen, lokalpolisområde Luleå/Boden: 2 of 2 met · 3 without target" in table
    only = run("lulea-2018", "status", "2018", "--party", "kommunen").stdout
    assert "Luleå kommun: 4 of 5 met · 1 missed" in only
    assert "Polisen, lokalpolisområde" not in only
    assert "trafikkontroller" not in only
    markdown = run("lulea-2018", "status", "2018", "--party", "polisen", "-f", "markdown").stdout
    assert "\n\nPolisen, lokalpolisområde Luleå/Boden: 2 of 2 met · 3 without target\n\n" in (
        markdown
    )
    assert "Luleå kommun:" not in markdown
    for command in ("status", "show", "overview"):
        outcome = run("lulea-2018", command, "--party", "polis")
        assert outcome.code == expected("lulea-2018")["party_unknown_exit"] == 2
        assert "unknown party 'polis' (did you mean 'polisen'?); known: kommunen, polisen" in (
            outcome.stderr
        )


def test_entries_outside_their_commitment_dates_are_problems(run: Run) -> None:
    want = expected("lulea-2018-invalid")
    outcome = run("lulea-2018-invalid", "validate", "--format", "json")
    assert outcome.code == want["validate"]["exit"] == 1
    problems = json.loads(outcome.stdout)["problems"]
    assert len(problems) == len(want["validate"]["errors"])
    for got, error in zip(problems, want["validate"]["errors"], strict=True):
        assert (got["path"], got["line"], got["level"]) == (error["path"], error["line"], "error")
        assert got["column"] in error["col_any_of"]
    text = run("lulea-2018-invalid", "validate").stdout.splitlines()
    assert text == [
        "logs/2018/2018-04-20-trafikkontroller.yaml:1:7: error: 2018-04-20 is before commitment"
        " 'trafikkontroller' starts (2018-05-01); check the date",
        "logs/2018/2018-05-15-ensamkommande.yaml:1:7: error: 2018-05-15 is after commitment"
        " 'ensamkommande' ends (2018-03-31); check the date",
    ]
    assert run("lulea-2018-invalid", "status", "2018").code == want["status_exit"]
    assert run("lulea-2018-invalid", "overview").code == want["overview_exit"]


def test_show_gives_the_condition_and_the_dates(run: Run) -> None:
    mala = run("mala-2024", "show").stdout
    assert "condition: om det uppkommer önskemål om trygghetsvandringar" in mala
    lulea = run("lulea-2018", "show").stdout
    assert "2018-05-01 to 2018-12-31" in lulea and "until 2018-03-31" in lulea
    table = run("mala-2024", "status", "2024").stdout
    assert "condition: om det uppkommer önskemål om grannsamverkan" in table
    document = json.loads(run("mala-2024", "status", "2024", "-f", "json").stdout)
    conditions = {r["id"]: r["condition"] for r in document["agreements"][0]["commitments"]}
    assert conditions["trygghetsvandring-vid-begaran"] == (
        "om det uppkommer önskemål om trygghetsvandringar"
    )
    assert conditions["ungdomsinsats"] is None


def test_sources_settle_four_walks_against_five(tmp_path: Path) -> None:
    """Strängnäs: the follow-up counted four walks, a news item five; each entry names its
    source, read alike from the files, the per-file cache and the quick reader."""
    want = expected("strangnas-2019")["entries"]
    root = tmp_path / "strangnas-2019"
    shutil.copytree(DATA / "strangnas-2019", root)
    runs = [load.load_checked(root, cache=False)]
    runs += [load.load_checked(root, cache=True) for _ in range(2)]  # cold, then from the cache
    for dataset, problems in runs:
        assert problems == []
        walks = sorted(
            (r.path, r.entry.source, r.entry.count)
            for r in dataset.entries
            if r.entry.commitment == "trygghetsvandringar"
        )
        assert walks == [(e["path"], e["source"], e["count"]) for e in want["entries"]]
        by_source: dict[str | None, int] = {}
        for _, source, count in walks:
            by_source[source] = by_source.get(source, 0) + count
        assert by_source == want["done_by_source"]


def test_the_report_gives_a_daily_rate_its_days(run: Run) -> None:
    """Luleå 2018 in the follow-up report: T2 (May–Aug, 123 days) 119 of 123, T3 (Sep–Dec,
    122 days) 182 of 122, the year 301 of 245."""
    markdown = run("lulea-2018", "report", "2018", "--format", "markdown").stdout
    row = next(line for line in markdown.splitlines() if "trafikkontroll varje dygn" in line)
    assert "| 119 av 123 " in row and "| 182 av 122 " in row and "| 301 av 245 " in row
