"""`mlofte init`: the files written, exactly; refusals that leave nothing behind."""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import Outcome
from medborgarlofte.cli import common
from medborgarlofte.core.schemas import kinds
from medborgarlofte.files import start

Run = Callable[..., Outcome]

FLAGS = [
    "testby-2025",
    "--title", "Medborgarlöfte Testby 2025–2026",
    "--start", "2025-01-01",
    "--end", "2026-12-31",
    "--municipality", "Testby kommun",
    "--police", "Lokalpolisområde Testby",
    "--area", "droger=Droger och folkhälsa",
    "--area", "trafik=Trafiksäkerhet",
    "--commitment", "hundsok-skola:droger:polisen:2/year:Sök med hund i skolmiljö",
    "--commitment", "fotpatrull:trafik:polisen:1/week:Fotpatrull: centrum",
    "--commitment", "pss:droger:polisen+kommunen:-:Samverkan i PSS",
]  # fmt: skip

AGREEMENT = """\
# Medborgarlöfte testby-2025: written by `mlofte init`. Check it with `mlofte validate`.
title: Medborgarlöfte Testby 2025–2026
period: {start: 2025-01-01, end: 2026-12-31}
parties:
  kommunen: Testby kommun
  polisen: Lokalpolisområde Testby
focus_areas:
  droger: Droger och folkhälsa
  trafik: Trafiksäkerhet
commitments:
  - id: hundsok-skola
    title: Sök med hund i skolmiljö
    area: droger
    responsible: [polisen]
    minimum: 2
    per: year
  - id: fotpatrull
    title: 'Fotpatrull: centrum'
    area: trafik
    responsible: [polisen]
    minimum: 1
    per: week
  - id: pss
    title: Samverkan i PSS
    area: droger
    responsible: [polisen, kommunen]
# To add a commitment, copy these lines above this comment, remove the first '#' of each
# and change the values (`mlofte validate` checks the file; `mlofte show` lists it):
#  - id: trygghetsvandring          # a-z, 0-9 and '-': what `mlofte log` is given
#    title: Trygghetsvandring i centrum
#    area: droger                   # a key of focus_areas
#    responsible: [polisen, kommunen]   # keys of parties
#    minimum: 2                     # optional: at least this many ...
#    per: year                      # ... per year, half-year, tertial, quarter, month, week, day, period
"""


@pytest.fixture(autouse=True)
def fixed_day(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(common, "current_date", lambda: dt.date(2025, 6, 1))
    monkeypatch.setattr(common, "stdin_is_tty", lambda: False)


def _tree(root: Path) -> dict[str, str]:
    """Every file and folder under root: files with their text, folders as '/'."""
    if not root.exists():
        return {}
    return {
        p.relative_to(root).as_posix() + ("/" if p.is_dir() else ""): (
            "/" if p.is_dir() else p.read_text(encoding="utf-8")
        )
        for p in sorted(root.rglob("*"))
    }


def test_init_with_flags_writes_a_valid_root(mlofte: Run, tmp_path: Path) -> None:
    root = tmp_path / "ny"
    out = mlofte("--root", str(root), "init", *FLAGS)
    schemas = [f"schemas/{kind}.schema.json" for kind in kinds()]
    assert schemas[:2] == ["schemas/agreement.schema.json", "schemas/entry.schema.json"]
    assert out == Outcome(
        0,
        "agreements/testby-2025.yaml\n"
        + "".join(f"{s}\n" for s in schemas)
        + ".vscode/settings.json"
        "\nNext: mlofte show · mlofte log hundsok-skola · mlofte status\n",
        "",
    )
    tree = _tree(root)
    assert sorted(tree) == sorted([
        ".vscode/", ".vscode/settings.json", "agreements/", "agreements/testby-2025.yaml",
        "followups/", "followups/.gitkeep", "logs/", "logs/.gitkeep", "schemas/", *schemas,
    ])  # fmt: skip
    assert tree["agreements/testby-2025.yaml"] == AGREEMENT
    followup = {"./schemas/followup.schema.json": "followups/**/*.yaml"}
    assert json.loads(tree[".vscode/settings.json"]) == {
        "yaml.schemas": {
            "./schemas/agreement.schema.json": "agreements/*.yaml",
            "./schemas/entry.schema.json": "logs/**/*.yaml",
            **(followup if "followup" in kinds() else {}),
        },
        "yaml.yamlVersion": "1.1",
    }
    assert mlofte("schema", "entry").stdout == tree["schemas/entry.schema.json"]
    assert mlofte("--root", str(root), "validate") == Outcome(
        0, "1 agreement, 0 log entries: no problems\n", ""
    )
    status = json.loads(mlofte("--root", str(root), "status", "--format", "json").stdout)
    assert status["year"] == 2025
    assert [(c["id"], c["state"]) for c in status["agreements"][0]["commitments"]] == [
        ("hundsok-skola", "on_track"),
        ("fotpatrull", "behind"),
        ("pss", "untargeted"),
    ]


def test_current_folder_is_the_root(
    mlofte: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert mlofte("init", *FLAGS).code == 0
    assert (tmp_path / "agreements/testby-2025.yaml").read_text(encoding="utf-8") == AGREEMENT


def test_workflow_with_ci_github(mlofte: Run, tmp_path: Path) -> None:
    out = mlofte("--root", str(tmp_path), "init", *FLAGS, "--ci", "github")
    assert out.code == 0
    assert ".github/workflows/mlofte.yml\n" in out.stdout
    text = (tmp_path / start.WORKFLOW).read_text(encoding="utf-8")
    assert text.endswith("      - run: mlofte validate --format github\n")


def test_workflow_when_the_root_is_a_git_repository(mlofte: Run, tmp_path: Path) -> None:
    (tmp_path / "data" / ".git").mkdir(parents=True)
    assert mlofte("--root", str(tmp_path / "data"), "init", *FLAGS).code == 0
    text = (tmp_path / "data" / start.WORKFLOW).read_text(encoding="utf-8")
    assert text.endswith("      - run: mlofte validate --format github\n")


def test_no_workflow_for_a_repository_further_up(mlofte: Run, tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    assert mlofte("--root", str(tmp_path / "data"), "init", *FLAGS).code == 0
    assert not (tmp_path / ".github").exists()
    assert not (tmp_path / "data" / ".github").exists()


def test_no_workflow_otherwise(mlofte: Run, tmp_path: Path) -> None:
    assert mlofte("--root", str(tmp_path), "init", *FLAGS).code == 0
    assert not (tmp_path / ".github").exists()


def test_unknown_ci_is_a_usage_error(mlofte: Run, tmp_path: Path) -> None:
    out = mlofte("--root", str(tmp_path / "r"), "init", *FLAGS, "--ci", "gitlab")
    assert out == Outcome(2, "", "mlofte: --ci 'gitlab': the one CI known is github\n")
    assert not (tmp_path / "r").exists()


@pytest.mark.parametrize("flag", ["--no-input", None])
def test_missing_values_are_a_usage_error(mlofte: Run, tmp_path: Path, flag: str | None) -> None:
    args = ["init", "x", "--start", "2025-01-01", "--area", "a=A"]
    args += ["--commitment", "c:b:polisen:-:C"] + ([flag] if flag else [])
    out = mlofte("--root", str(tmp_path / "r"), *args)
    assert out == Outcome(
        2,
        "",
        "mlofte: missing --title, --end, --municipality, --police, --area b=NAME: give them as"
        " options (mlofte init --help), or run mlofte init in a terminal to be asked\n",
    )
    assert _tree(tmp_path) == {"cache/": "/"} or not (tmp_path / "r").exists()


def test_no_input_never_asks_in_a_terminal(
    mlofte: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(common, "stdin_is_tty", lambda: True)
    out = mlofte("--root", str(tmp_path / "r"), "init", "--no-input", input="x\n")
    assert out.code == 2
    assert out.stderr.startswith("mlofte: missing ID, --title, --start, --end, --municipality,")
    assert out.stdout == ""


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("a:b:polisen:-", "--commitment 'a:b:polisen:-' is not ID:AREA:WHO:TARGET:TITLE"),
        ("a:droger:polis:-:T", "--commitment a: who is responsible is polisen, kommunen or"),
        ("a:droger:polisen:x/year:T", "--commitment a: the target 'x/year' needs a minimum"),
        ("a:droger:polisen:0/year:T", "--commitment a: the target '0/year' needs a minimum"),
        ("a:droger:polisen:2/yearly:T", "--commitment a: 'yearly' is no unit; one of year,"),
    ],
)
def test_bad_commitment_spec(mlofte: Run, tmp_path: Path, spec: str, message: str) -> None:
    out = mlofte("--root", str(tmp_path / "r"), "init", *FLAGS, "--commitment", spec)
    assert (out.code, out.stdout) == (2, "")
    assert out.stderr.startswith(f"mlofte: {message}")
    assert not (tmp_path / "r").exists()


def test_bad_id_and_area_are_usage_errors(mlofte: Run, tmp_path: Path) -> None:
    out = mlofte("--root", str(tmp_path), "init", "Testby 2025", *FLAGS[1:])
    assert out == Outcome(
        2, "", "mlofte: ID 'Testby 2025' is not an id: a-z, 0-9 and '-', e.g. testby-2025\n"
    )
    out = mlofte("--root", str(tmp_path), "init", *FLAGS, "--area", "droger")
    assert out.code == 2
    assert out.stderr.startswith("mlofte: --area 'droger' is not KEY=NAME")


def test_what_would_not_validate_is_refused(mlofte: Run, tmp_path: Path) -> None:
    args = [*FLAGS, "--end", "2024-12-31"]
    out = mlofte("--root", str(tmp_path / "r"), "init", *args)
    assert out == Outcome(
        1,
        "",
        "agreements/testby-2025.yaml:3:34: error: the period ends (2024-12-31) before it starts"
        " (2025-01-01)\nmlofte: agreements/testby-2025.yaml would not validate (see it with"
        " --dry-run); nothing written\n",
    )
    assert not (tmp_path / "r").exists()
    out = mlofte("--root", str(tmp_path / "r"), "init", *FLAGS, "--police", "Polis 850709-9805")
    assert out.code == 1
    assert "850709" not in out.stderr and "personal identity number" in out.stderr
    assert not (tmp_path / "r").exists()


def test_an_existing_agreement_is_never_overwritten(mlofte: Run, tmp_path: Path) -> None:
    (tmp_path / "agreements").mkdir()
    (tmp_path / "agreements/testby-2025.yaml").write_text("mine\n", encoding="utf-8")
    out = mlofte("--root", str(tmp_path), "init", *FLAGS)
    assert out == Outcome(
        1,
        "",
        "mlofte: agreements/testby-2025.yaml exists already: it is never overwritten (move it"
        " aside, or choose another id); nothing written\n",
    )
    assert _tree(tmp_path) == {"agreements/": "/", "agreements/testby-2025.yaml": "mine\n"}


def test_an_existing_settings_file_is_never_overwritten(mlofte: Run, tmp_path: Path) -> None:
    (tmp_path / ".vscode").mkdir()
    (tmp_path / ".vscode/settings.json").write_text("{}\n", encoding="utf-8")
    before = _tree(tmp_path)
    out = mlofte("--root", str(tmp_path), "init", *FLAGS)
    assert out.code == 1
    assert out.stderr.startswith("mlofte: .vscode/settings.json exists already")
    assert _tree(tmp_path) == before


def test_a_second_agreement_shares_the_set_up(mlofte: Run, tmp_path: Path) -> None:
    root = tmp_path / "r"
    assert mlofte("--root", str(root), "init", *FLAGS, "--ci", "github").code == 0
    before = _tree(root)
    second = ["testby-2027", *FLAGS[1:], "--start", "2027-01-01", "--end", "2027-12-31"]
    out = mlofte("--root", str(root), "init", *second, "--ci", "github")
    assert out.stdout.startswith("agreements/testby-2027.yaml\nNext: ")
    after = _tree(root)
    assert {k: v for k, v in after.items() if k not in before} == {
        "agreements/testby-2027.yaml": AGREEMENT.replace("testby-2025", "testby-2027")
        .replace("end: 2026-12-31", "end: 2027-12-31")
        .replace("start: 2025-01-01", "start: 2027-01-01")
    }
    assert mlofte("--root", str(root), "validate").stdout.startswith("2 agreements, 0 log")


def test_a_failed_write_removes_only_what_it_created(
    mlofte: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "logs").mkdir()
    (tmp_path / "logs/old.txt").write_text("kept\n", encoding="utf-8")
    before = _tree(tmp_path)
    written: list[Path] = []
    real = start.create_file

    def fail_third(path: Path, text: str) -> None:
        if len(written) == 2:
            raise OSError(28, "No space left on device")
        real(path, text)
        written.append(path)

    monkeypatch.setattr(start, "create_file", fail_third)
    out = mlofte("--root", str(tmp_path), "init", *FLAGS)
    assert out == Outcome(1, "", "mlofte: cannot write: No space left on device; nothing written\n")
    assert len(written) == 2
    assert _tree(tmp_path) == before


def test_dry_run_writes_nothing(mlofte: Run, tmp_path: Path) -> None:
    out = mlofte("--root", str(tmp_path / "r"), "init", *FLAGS, "--dry-run")
    assert out.code == 0
    assert out.stdout.endswith("logs/.gitkeep\nfollowups/.gitkeep\n\n" + AGREEMENT)
    assert out.stdout.startswith("agreements/testby-2025.yaml\n")
    assert out.stderr == "mlofte: dry run: nothing written\n"
    assert not (tmp_path / "r").exists()


def test_asked_in_a_terminal(mlofte: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(common, "stdin_is_tty", lambda: True)
    answers = [
        "Haparanda stad", "Lokalpolisområde Östra Norrbotten", "2025-13-01", "2025-01-01",
        "2024-01-01", "2026-12-31", "", "",  # title and id: the defaults
        "", "Hund sök", "hundsok-skola", "Sök med hund i skolmiljö", "droger",
        "Droger och folkhälsa", "polis", "polisen", "2/yearly", "2/year",
        "pss", "Samverkan i PSS", "", "polisen+kommunen", "", "",
    ]  # fmt: skip
    out = mlofte("--root", str(tmp_path), "init", input="\n".join(answers) + "\n")
    assert out.code == 0, out
    assert out.stderr == (
        "mlofte: '2025-13-01' is not a date such as 2025-01-01\n"
        "mlofte: the last day comes on or after the first (2025-01-01)\n"
        "mlofte: an agreement needs at least one commitment\n"
        "mlofte: 'Hund sök' is not an id: a-z, 0-9 and '-' (e.g. hund-sok)\n"
        "mlofte: answer polisen, kommunen or polisen+kommunen\n"
        "mlofte: the target: 'yearly' is no unit; one of year, half-year, tertial, quarter,"
        " month, week, day, period\n"
    )
    text = (tmp_path / "agreements/haparanda-2025-2026.yaml").read_text(encoding="utf-8")
    assert text.startswith(
        "# Medborgarlöfte haparanda-2025-2026: written by `mlofte init`. Check it with"
        " `mlofte validate`.\n"
        "title: Medborgarlöfte mellan Haparanda stad och Polisen 2025–2026\n"
        "period: {start: 2025-01-01, end: 2026-12-31}\n"
        "parties:\n  kommunen: Haparanda stad\n  polisen: Lokalpolisområde Östra Norrbotten\n"
        "focus_areas:\n  droger: Droger och folkhälsa\n"
        "commitments:\n"
        "  - id: hundsok-skola\n    title: Sök med hund i skolmiljö\n    area: droger\n"
        "    responsible: [polisen]\n    minimum: 2\n    per: year\n"
        "  - id: pss\n    title: Samverkan i PSS\n    area: droger\n"
        "    responsible: [polisen, kommunen]\n#"
    )
    assert mlofte("--root", str(tmp_path), "validate").code == 0


def test_interrupted_questions_write_nothing(
    mlofte: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(common, "stdin_is_tty", lambda: True)
    out = mlofte("--root", str(tmp_path / "r"), "init", input="Haparanda stad\n")
    assert out.code == 1
    assert "Traceback" not in out.stderr
    assert not (tmp_path / "r").exists()


def test_a_file_as_root_is_a_usage_error(mlofte: Run, tmp_path: Path) -> None:
    (tmp_path / "f").write_text("", encoding="utf-8")
    out = mlofte("--root", str(tmp_path / "f"), "init", *FLAGS)
    assert (out.code, out.stdout) == (2, "")
    assert out.stderr == f"mlofte: {tmp_path / 'f'} is not a folder\n"
    assert os.path.getsize(tmp_path / "f") == 0


def test_asked_in_swedish(mlofte: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(common, "stdin_is_tty", lambda: True)
    answers = [
        "Haparanda stad", "Lokalpolisområde Östra Norrbotten", "2025-13-01", "2025-01-01",
        "2024-01-01", "2026-12-31", "", "",  # title and id: the defaults
        "", "Hund sök", "hundsok-skola", "Sök med hund i skolmiljö", "droger",
        "Droger och folkhälsa", "polis", "polisen", "2/year", "", "",
    ]  # fmt: skip
    out = mlofte("--lang", "sv", "--root", str(tmp_path), "init", input="\n".join(answers) + "\n")
    assert out.code == 0, out
    assert out.stderr == (
        "mlofte: '2025-13-01' är inget datum, som 2025-01-01\n"
        "mlofte: den sista dagen är samma dag som den första (2025-01-01) eller senare\n"
        "mlofte: en överenskommelse behöver minst ett åtagande\n"
        "mlofte: 'Hund sök' är inget id: a-z, 0-9 och '-' (t.ex. hund-sok)\n"
        "mlofte: svara polisen, kommunen eller polisen+kommunen\n"
    )
    questions = [line.split(":")[0] for line in out.stdout.splitlines()[:20]]
    assert questions == [
        "Kommun (kommunen), t.ex. Haparanda stad",
        "Polisområde (polisen), t.ex. Lokalpolisområde Östra Norrbotten",
        "Överenskommelsens första dag (ÅÅÅÅ-MM-DD)",
        "Överenskommelsens första dag (ÅÅÅÅ-MM-DD)",
        "Överenskommelsens sista dag (ÅÅÅÅ-MM-DD)",
        "Överenskommelsens sista dag (ÅÅÅÅ-MM-DD)",
        "Titel [Medborgarlöfte mellan Haparanda stad och Polisen 2025–2026]",
        "Id (filnamnet) [haparanda-2025-2026]",
        "Åtagandets id (t.ex. hundsok-skola)",
        "Åtagandets id (t.ex. hundsok-skola)",
        "Åtagandets id (t.ex. hundsok-skola)",
        "  Titel (t.ex. Sök med hund i skolmiljö)",
        "  Fokusområde (en nyckel, t.ex. droger)",
        "  Namn på fokusområdet droger (t.ex. Droger och folkhälsa)",
        "  Ansvarig (polisen, kommunen eller polisen+kommunen) [polisen]",
        "  Ansvarig (polisen, kommunen eller polisen+kommunen) [polisen]",
        "  Mål (t.ex. 4/year, 1/week; - för inget mål) [-]",
        "Åtagandets id (t.ex. hundsok-skola); tomt för att avsluta",
        "agreements/haparanda-2025-2026.yaml",
        out.stdout.splitlines()[19].split(":")[0],
    ]
    assert out.stdout.endswith("Sedan: mlofte show · mlofte log hundsok-skola · mlofte status\n")
