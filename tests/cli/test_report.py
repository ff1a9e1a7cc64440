"""`mlofte report`: golden documents, the numbers against `status --format json`, the workbook
read back, byte-identical reruns, every exit code, the language and the filters."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import Outcome, check_golden, write_tree
from medborgarlofte.cli import common
from medborgarlofte.report.render import md_inline

Run = Callable[..., Outcome]


@pytest.fixture
def today(monkeypatch: pytest.MonkeyPatch) -> Callable[[dt.date], None]:
    def fix(day: dt.date) -> None:
        monkeypatch.setattr(common, "current_date", lambda: day)

    fix(dt.date(2023, 2, 1))
    return fix


def report(mlofte: Run, root: Path, *args: str) -> Outcome:
    return mlofte("--root", str(root), "report", *args)


@pytest.mark.parametrize("period", ["2021", "2021-T2"])
@pytest.mark.parametrize("kind", ["html", "markdown"])
def test_golden_shipped_data(
    mlofte: Run, haparanda_root: Path, today: object, period: str, kind: str
) -> None:
    out = report(mlofte, haparanda_root, period, "--format", kind)
    assert (out.code, out.stderr) == (0, "")
    check_golden(f"haparanda-{period}.{'md' if kind == 'markdown' else kind}", out.stdout)


@pytest.mark.parametrize(("period", "day"), [("2021", "2023-02-01"), ("2022", "2022-06-30")])
@pytest.mark.parametrize("kind", ["html", "markdown"])
def test_golden_every_state(
    mlofte: Run,
    every_state_root: Path,
    today: Callable[[dt.date], None],
    period: str,
    day: str,
    kind: str,
) -> None:
    today(dt.date.fromisoformat(day))
    out = report(mlofte, every_state_root, period, "--format", kind)
    assert (out.code, out.stderr) == (0, "")
    check_golden(f"every-state-{period}.{'md' if kind == 'markdown' else kind}", out.stdout)


def test_every_state_and_verdict_is_shown(
    mlofte: Run, every_state_root: Path, today: Callable[[dt.date], None]
) -> None:
    today(dt.date(2022, 6, 30))
    md = report(mlofte, every_state_root, "2022", "--format", "markdown").stdout
    for word in ("uppfyllt ✔", "enligt plan ●", "efter plan ▲", "ej uppfyllt ✘", "utan mål –"):
        assert word in md, word
    assert "*Perioden pågår: läget den 2022-06-30.*" in md
    assert "delvis uppfyllt ◐" in md  # grannar: by its assessment
    assert "ej rapporterat –" in md and "genomfört ✔" in md
    assert "**Samlad bedömning: 3 av 7 löften uppfyllda eller enligt plan**" in md
    final = report(mlofte, every_state_root, "2021", "--format", "markdown").stdout
    assert "**Samlad bedömning: 2 av 7 löften uppfyllda eller genomförda**" in final
    rows = {line.split(" | ")[0][2:]: line for line in final.splitlines() if line.startswith("| ")}
    assert rows["Riktade insatser mot narkotika"].endswith("| uppfyllt ✔ |")
    assert rows["Sök med hund i skolmiljö"].endswith("| delvis uppfyllt ◐ |")
    assert rows["Föräldramöten om droger"].endswith("| ej uppfyllt ✘ |")
    assert rows["Samverkan via PSS-gruppen"].endswith("| genomfört ✔ |")
    assert rows["Kamerabevakning"].endswith("| ej rapporterat – |")
    assert "Ett år med &lt;b&gt;pandemi&lt;/b&gt; &amp; \\*hinder\\*." in final
    html = report(mlofte, every_state_root, "2021").stdout
    assert "<p>Ett år med &lt;b&gt;pandemi&lt;/b&gt; &amp; *hinder*.</p>" in html
    assert "<b>" not in html


def _workbook(path: Path) -> list[dict[str, object]]:
    import openpyxl

    sheet = openpyxl.load_workbook(path).worksheets[0]
    values = [list(row) for row in sheet.iter_rows(values_only=True)]
    header = next(i for i, row in enumerate(values) if row[0] == "Fokusområde")
    names = [str(v) for v in values[header]]
    return [dict(zip(names, row, strict=True)) for row in values[header + 1 :] if row[1]]


def test_markdown_xlsx_and_status_json_give_the_same_numbers(
    mlofte: Run, haparanda_root: Path, today: object, tmp_path: Path
) -> None:
    md = report(mlofte, haparanda_root, "2021-T2", "--format", "markdown").stdout
    out = report(
        mlofte, haparanda_root, "2021-T2", "--format", "xlsx", "--output", str(tmp_path / "x.xlsx")
    )
    assert out.code == 0
    rows = _workbook(tmp_path / "x.xlsx")
    status = json.loads(
        mlofte(
            "--root",
            str(haparanda_root),
            "status",
            "2021",
            "--as-of",
            "2021-08-31",
            "--format",
            "json",
        ).stdout
    )
    by_title = {c["title"]: c for c in status["agreements"][0]["commitments"]}
    assert len(rows) == len(by_title) == 11
    for row in rows:
        c = by_title[str(row["Åtagande"])]
        done, target = row["Året hittills: utfört"], row["Året hittills: mål"]
        assert isinstance(done, int) and done == c["done"]
        assert target == (None if c["minimum"] is None else c["minimum"] * c["units"])
        title = md_inline(str(row["Åtagande"]))
        line = next(x for x in md.splitlines() if x.startswith(f"| {title} |"))
        said = f"{done} av {target}" if target is not None else f"{done} –"
        assert f"| {said}" in line, (line, said)
        assert f"| {row['Tertial 2: utfört']}" in line


def test_the_year_columns_add_up_and_match_status(
    mlofte: Run, every_state_root: Path, today: object, tmp_path: Path
) -> None:
    out = report(mlofte, every_state_root, "2021", "-f", "xlsx", "-o", str(tmp_path / "y.xlsx"))
    assert out.code == 0
    status = json.loads(
        mlofte("--root", str(every_state_root), "status", "2021", "-f", "json").stdout
    )
    done = {c["title"]: c["done"] for c in status["agreements"][0]["commitments"]}
    for row in _workbook(tmp_path / "y.xlsx"):
        tertials = [row[f"T{n}: utfört"] for n in (1, 2, 3)]
        assert sum(tertials) == row["Helår: utfört"] == done[str(row["Åtagande"])]  # type: ignore[arg-type]


@pytest.mark.parametrize("kind", ["html", "markdown", "xlsx"])
def test_the_same_input_gives_the_same_bytes(
    mlofte: Run, haparanda_root: Path, today: object, tmp_path: Path, kind: str
) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    for path in (first, second):
        assert report(mlofte, haparanda_root, "2021", "-f", kind, "-o", str(path)).code == 0
    assert first.read_bytes() == second.read_bytes() and first.stat().st_size > 1000


def test_xlsx_cells_are_typed(
    mlofte: Run, haparanda_root: Path, today: object, tmp_path: Path
) -> None:
    import openpyxl

    assert (
        report(mlofte, haparanda_root, "2021", "-f", "xlsx", "-o", str(tmp_path / "r.xlsx")).code
        == 0
    )
    sheet = openpyxl.load_workbook(tmp_path / "r.xlsx").worksheets[0]
    as_of = next(row[1] for row in sheet.iter_rows(values_only=True) if row[0] == "Läget per")
    assert as_of == dt.datetime(2021, 12, 31)
    rows = _workbook(tmp_path / "r.xlsx")
    assert all(type(r["Helår: utfört"]) is int for r in rows)


def test_output_is_never_replaced_without_force(
    mlofte: Run, haparanda_root: Path, today: object, tmp_path: Path
) -> None:
    (tmp_path / "out").mkdir()
    target = tmp_path / "out" / "uppfoljning-2021.html"
    target.write_text("mine", encoding="utf-8")
    out = report(mlofte, haparanda_root, "2021", "--output", str(target))
    assert out.code == 2
    assert out.stderr == f"mlofte: {target} exists; give --force to replace it\n"
    assert target.read_text(encoding="utf-8") == "mine"
    out = report(mlofte, haparanda_root, "2021", "--output", str(target), "--force")
    assert out.code == 0
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert [p.name for p in target.parent.iterdir()] == [target.name]  # no temporary file left


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["2021-T4"],
            "mlofte: '2021-T4' is not a report period; use YYYY, YYYY-T1..T3, YYYY-H1..H2 or YYYY-Q1..Q4\n",
        ),
        (
            ["2021", "-f", "xlsx"],
            "mlofte: --format xlsx needs --output PATH (a workbook is not printed)\n",
        ),
        (["2019"], "mlofte: no agreement covers 2019\n"),
        (["2021", "--agreement", "haparanda"], "mlofte: unknown agreement 'haparanda'"),
        (
            ["2021", "--party", "polis"],
            "mlofte: unknown party 'polis' (did you mean 'polisen'?); known: kommunen, polisen\n",
        ),
    ],
)
def test_usage_errors_exit_2(
    mlofte: Run, haparanda_root: Path, today: object, args: list[str], message: str
) -> None:
    out = report(mlofte, haparanda_root, *args)
    assert out.code == 2 and out.stdout == ""
    assert out.stderr.startswith(message), out.stderr


def test_invalid_data_exits_1_with_the_problems(
    mlofte: Run, haparanda_root: Path, today: object
) -> None:
    write_tree(
        haparanda_root,
        {"followups/2021.yaml": "period: 2021\ncommitments:\n  hundsok:\n    comment: x\n"},
    )
    out = report(mlofte, haparanda_root, "2021")
    assert out.code == 1 and out.stdout == ""
    assert out.stderr.startswith(
        "followups/2021.yaml:3:3: error: agreement 'haparanda-2020-2022' has no commitment"
        " 'hundsok' (did you mean 'hundsok-skola'?)\n"
    )


def test_the_followup_words_are_in_the_report(
    mlofte: Run, haparanda_root: Path, today: object
) -> None:
    write_tree(
        haparanda_root,
        {
            "followups/2021/t2.yaml": (
                "period: 2021-T2\nsummary: Sommaren gick lugnt.\n"
                "commitments:\n  pss-samverkan:\n    comment: Två möten.\n    assessment: on_track\n"
            )
        },
    )
    md = report(mlofte, haparanda_root, "2021-T2", "-f", "markdown").stdout
    assert "Sommaren gick lugnt." in md and "Två möten." in md
    pss = next(x for x in md.splitlines() if x.startswith("| Samverkan via PSS"))
    assert pss.endswith("| enligt plan ● |")
    assert "Sommaren" not in report(mlofte, haparanda_root, "2021-T1", "-f", "markdown").stdout


def test_party_keeps_only_its_commitments(mlofte: Run, haparanda_root: Path, today: object) -> None:
    md = report(mlofte, haparanda_root, "2021", "--party", "kommunen", "-f", "markdown").stdout
    rows = [x for x in md.splitlines() if x.startswith("| ") and not x.startswith("| Åtagande")]
    assert len(rows) == 6 and all("Haparanda stad" in x for x in rows)
    assert md.startswith("# Uppföljning av medborgarlöften, helår 2021 – Haparanda stad\n")


def test_english_when_asked(
    mlofte: Run, haparanda_root: Path, today: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MLOFTE_LANG", "en")
    md = report(mlofte, haparanda_root, "2021-T2", "-f", "markdown").stdout
    assert md.startswith("# Follow-up of citizen promises, tertial 2 2021\n")
    assert "**Follow-up tertial 2 2021** · 1 May – 31 August 2021" in md
    assert "| at least 4 a year |" in md and "Året" not in md


def test_a_period_in_progress_is_reported_as_of_today(
    mlofte: Run, haparanda_root: Path, today: Callable[[dt.date], None]
) -> None:
    today(dt.date(2022, 6, 30))
    md = report(mlofte, haparanda_root, "-f", "markdown").stdout  # default: this year
    assert "**Uppföljning helår 2022** · 1 januari – 31 december 2022" in md
    assert "Läget per: 2022-06-30" in md and "*Perioden pågår: läget den 2022-06-30.*" in md
    today(dt.date(2024, 3, 1))  # no agreement covers 2024: the latest covered year
    assert "**Uppföljning helår 2022**" in report(mlofte, haparanda_root, "-f", "markdown").stdout


def test_nothing_in_the_report_is_an_id_or_a_raw_float(
    mlofte: Run, every_state_root: Path, today: object
) -> None:
    text = report(mlofte, every_state_root, "2021", "-f", "markdown").stdout
    for ident in (
        "hundsok",
        "foraldrar",
        "vandring",
        "kameror",
        "polisen",
        "kommunen",
        "on_track",
        "untargeted",
    ):
        assert re.search(rf"(?<![\w-]){ident}(?![\w-])", text) is None, ident
    assert re.search(r"\d\.\d", text) is None


def test_help_does_not_load_the_template_engine() -> None:
    code = (
        "import sys\n"
        "from medborgarlofte.cli import main\n"
        "main(['--help']); main(['report', '--help'])\n"
        "assert 'jinja2' not in sys.modules and 'xlsxwriter' not in sys.modules\n"
        "print('ok')\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, encoding="utf-8", check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.endswith("ok\n") and "PERIOD" in done.stdout


def test_write_failures_leave_nothing(
    mlofte: Run, haparanda_root: Path, today: object, tmp_path: Path
) -> None:
    out = report(mlofte, haparanda_root, "2021", "-o", str(tmp_path / "missing" / "r.html"))
    assert out.code == 2 and "does not exist" in out.stderr
    assert not (tmp_path / "missing").exists()
    assert io.StringIO  # the module's own import used
