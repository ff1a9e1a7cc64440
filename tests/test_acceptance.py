"""Issue 15's acceptance, as a new user does it, with the real command in real processes: in an
empty folder `init` with flags, then `log` and `status` without editing a file by hand;
`entries --format yaml` piped into a file under logs/ validates; a repeated `log` is said;
`schema`'s output validates every shipped file."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

from jsonschema import Draft202012Validator

from conftest import REPO
from medborgarlofte.files import yaml_source as source


def _env(tmp_path: Path) -> dict[str, str]:
    env = {**os.environ, "MLOFTE_CACHE_DIR": str(tmp_path / "cache"), "NO_COLOR": "1"}
    env.pop("MLOFTE_ROOT", None)
    return env


def mlofte(
    cwd: Path, env: dict[str, str], *args: str, stdout: int | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "medborgarlofte", *args],
        cwd=cwd,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=stdout if stdout is not None else subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
        check=False,
    )


def test_a_new_user_from_an_empty_folder(tmp_path: Path) -> None:
    folder = tmp_path / "uppfoljning"
    folder.mkdir()
    env = _env(tmp_path)
    year = dt.date.today().year
    init = mlofte(
        folder, env, "init", "testby",
        "--title", f"Medborgarlöfte Testby {year}",
        "--start", f"{year}-01-01", "--end", f"{year}-12-31",
        "--municipality", "Testby kommun", "--police", "Lokalpolisområde Testby",
        "--area", "droger=Droger och folkhälsa",
        "--commitment", "hundsok-skola:droger:polisen:2/year:Sök med hund i skolmiljö",
        "--commitment", "pss:droger:polisen+kommunen:-:Samverkan i PSS",
        "--no-input",
    )  # fmt: skip
    assert (init.returncode, init.stderr) == (0, "")
    assert init.stdout.startswith("agreements/testby.yaml\n")
    day = f"{year}-01-02"
    log = mlofte(folder, env, "log", "hundsok-skola", "--date", day, "--by", "polisen")
    assert (log.returncode, log.stderr) == (0, "")
    assert log.stdout.splitlines()[0] == f"logs/{year}/{day}-hundsok-skola.yaml"
    again = mlofte(folder, env, "log", "hundsok-skola", "--date", day, "--by", "polisen")
    assert again.returncode == 0
    assert again.stderr.startswith("mlofte: warning: an identical entry")
    assert f"logs/{year}/{day}-hundsok-skola.yaml" in again.stderr
    status = mlofte(folder, env, "status", str(year), "--format", "json")
    assert status.returncode == 0
    rows = json.loads(status.stdout)["agreements"][0]["commitments"]
    assert [(r["id"], r["done"]) for r in rows] == [("hundsok-skola", 2), ("pss", 0)]
    table = mlofte(folder, env, "status")
    assert table.returncode == 0 and "Sök med hund i skolmiljö" in table.stdout
    # entries piped into a file under logs/: a valid log file, every count doubled
    with open(folder / "logs" / "moved.yaml", "w", encoding="utf-8") as moved:
        piped = mlofte(folder, env, "entries", "--format", "yaml", stdout=moved.fileno())
    assert (piped.returncode, piped.stderr) == (0, "")
    validate = mlofte(folder, env, "validate")
    assert validate.returncode == 0  # valid: the copies are warnings (identical entries) only
    assert validate.stdout.endswith("1 agreement, 4 log entries: no errors, 3 warnings\n")
    assert validate.stdout.count(": warning: identical to the entry in ") == 3
    status = mlofte(folder, env, "status", str(year), "--format", "json")
    rows = json.loads(status.stdout)["agreements"][0]["commitments"]
    assert rows[0]["done"] == 4


def test_schema_output_validates_every_shipped_file(tmp_path: Path) -> None:
    env = _env(tmp_path)
    checked = 0
    for kind, pattern in (("agreement", "agreements/*.yaml"), ("entry", "logs/**/*.yaml")):
        out = mlofte(tmp_path, env, "schema", kind)
        assert out.returncode == 0
        validator = Draft202012Validator(
            json.loads(out.stdout), format_checker=Draft202012Validator.FORMAT_CHECKER
        )
        for path in sorted(REPO.glob(pattern)):
            data = source.read_file(str(path), path.name).data
            document = json.loads(json.dumps(data, default=str))  # dates as ISO text
            assert list(validator.iter_errors(document)) == [], path
            checked += 1
    assert checked == 15
