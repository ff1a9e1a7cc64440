"""Shared fixtures: small data roots written by the tests themselves, and a CLI runner."""

from __future__ import annotations

import dataclasses
import datetime as dt
import importlib.util
import shutil
import textwrap
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from medborgarlofte.cli.app import app
from medborgarlofte.core.model import Period
from medborgarlofte.core.problems import Problem
from medborgarlofte.core.status import (
    AgreementStatus,
    CommitmentStatus,
    StatusReport,
    compute_status,
)
from medborgarlofte.report.documents import format_status_json
from medborgarlofte.speed import cache, load

REPO = Path(__file__).resolve().parent.parent

AGREEMENT = """\
title: Medborgarlöfte Testby 2021
period: {start: 2021-01-01, end: 2021-12-31}
parties:
  kommunen: Testby kommun
  polisen: Lokalpolisområde Testby
focus_areas:
  droger: Droger och folkhälsa
commitments:
  - id: hundsok-skola
    title: Sök med hund i skolmiljö
    area: droger
    responsible: [polisen]
    minimum: 2
  - id: pss-samverkan
    title: Samverkan via PSS-gruppen
    area: droger
    responsible: [polisen, kommunen]
"""

ENTRY = """\
date: 2021-03-14
commitment: hundsok-skola
by: polisen
note: Sök på högstadieskolan.
"""


def write_tree(root: Path, files: Mapping[str, str | bytes]) -> Path:
    """Write {relative path: text or bytes} under root (dedented text), creating folders."""
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(textwrap.dedent(content), encoding="utf-8", newline="")
    (root / "agreements").mkdir(exist_ok=True)
    return root


@pytest.fixture(autouse=True)
def _private_cache(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Every test, and every process it starts, caches under its own tmp_path, never ~/.cache."""
    monkeypatch.setenv("MLOFTE_CACHE_DIR", str(tmp_path / "cache"))


@pytest.fixture
def cache_dir(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """The cache folder (`_private_cache`'s), in use, trusting files as soon as they are
    written (a test's files are always fresh)."""
    monkeypatch.delenv("MLOFTE_NO_CACHE", raising=False)
    monkeypatch.setattr(cache, "RACY_NS", 0)
    return tmp_path / "cache"


@pytest.fixture
def small_root(tmp_path: Path) -> Path:
    """One agreement (testby, 2021) and one entry."""
    return write_tree(
        tmp_path / "root",
        {"agreements/testby.yaml": AGREEMENT, "logs/2021/2021-03-14-hundsok-skola.yaml": ENTRY},
    )


@pytest.fixture
def haparanda_root(tmp_path: Path) -> Path:
    """A copy of the shipped data."""
    root = tmp_path / "haparanda"
    shutil.copytree(REPO / "agreements", root / "agreements")
    shutil.copytree(REPO / "logs", root / "logs")
    return root


@dataclass(frozen=True)
class Outcome:
    code: int
    stdout: str
    stderr: str


@pytest.fixture
def mlofte(monkeypatch: pytest.MonkeyPatch) -> Callable[..., Outcome]:
    """Run the CLI in-process; returns exit code, stdout and stderr separately."""
    monkeypatch.delenv("MLOFTE_ROOT", raising=False)
    monkeypatch.setenv("NO_COLOR", "1")

    def run(*args: str, input: str | None = None) -> Outcome:
        result = CliRunner().invoke(app, list(args), input=input)
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            raise result.exception
        return Outcome(result.exit_code, result.stdout, result.stderr)

    return run


def generator() -> Any:
    """benchmarks/generate.py as a module: the national-style roots of the cache tests."""
    spec = importlib.util.spec_from_file_location("generate", REPO / "benchmarks" / "generate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A national-style root, small: 5 agreements (2020-2025), 600 entries, one file each,
    written once per module; tests that change it take `root`, a copy."""
    root = tmp_path_factory.mktemp("generated") / "root"
    generator().generate(root, 5, 600, seed=7, journals=False)
    return root


@pytest.fixture
def root(generated: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "root"
    shutil.copytree(generated, copy)
    return copy


# --- loading a root with and without the cache ---


LoadOutcome = tuple[str, list[Problem]]
"""Every covered year's status JSON, and the problems in the order load gives them."""


def outcome(root: Path, *, use_cache: bool, logs: bool = True) -> LoadOutcome:
    """The full status JSON of every covered year, and the problems in the order load gives them."""
    dataset, problems = load.load_checked(root, logs=logs, cache=use_cache)
    periods = [a.agreement.period for a in dataset.agreements]
    years = sorted({y for p in periods for y in range(p.start.year, p.end.year + 1)})
    documents = [
        format_status_json(compute_status(dataset, year, dt.date(year, 12, 31))) for year in years
    ]
    return "".join(documents), problems


def reference(root: Path, logs: bool = True) -> LoadOutcome:
    return outcome(root, use_cache=False, logs=logs)


def log_files(root: Path) -> list[Path]:
    return sorted((root / "logs").rglob("*.yaml"))


# --- status rows of every kind, for the renderers ---


def status_row(cid: str, **changes: object) -> CommitmentStatus:
    base = CommitmentStatus(
        id=cid,
        title=f"Title {cid}",
        area="droger",
        responsible=("polisen",),
        minimum=2,
        done=2,
        per="year",
        units=1,
        units_elapsed=1,
        units_met=1,
        remaining=0,
        expected_by_now=2.0,
        state="met",
        entries=2,
        last_date=dt.date(2021, 5, 1),
    )
    return dataclasses.replace(base, **changes)  # type: ignore[arg-type]


SAMPLE_ROWS = (
    status_row("hundsok-skola", title="Sök med hund i skolmiljö"),
    status_row(
        "pss",
        title="Samverkan via PSS | gruppen",
        responsible=("polisen", "kommunen"),
        minimum=None,
        done=1,
        units_met=0,
        remaining=None,
        expected_by_now=None,
        state="untargeted",
        entries=1,
        last_date=dt.date(2021, 2, 1),
    ),
    status_row(
        "fotpatrull",
        title="Fotpatrull i centrum",
        area="trafik",
        minimum=1,
        per="week",
        done=47,
        units=52,
        units_elapsed=52,
        units_met=47,
        remaining=5,
        expected_by_now=52.0,
        state="missed",
        entries=47,
        last_date=dt.date(2021, 12, 30),
        units_missed=5,
    ),
    status_row(
        "kontroller",
        title="Trafikkontroller",
        area="trafik",
        per="quarter",
        done=3,
        units=4,
        units_elapsed=2,
        units_met=1,
        remaining=5,
        expected_by_now=4.5,
        state="behind",
        entries=2,
        last_date=dt.date(2021, 3, 2),
        needed_now=1,
        units_missed=1,
    ),
    status_row(
        "infomote",
        title="Informationsmöte",
        area="trafik",
        minimum=3,
        per="period",
        done=1,
        units_elapsed=0,
        units_met=0,
        remaining=2,
        expected_by_now=1.25,
        state="on_track",
        entries=1,
        last_date=None,
    ),
)

SAMPLE_STATUS = AgreementStatus(
    id="haparanda-2020-2022",
    title="Medborgarlöfte Haparanda",
    period=Period(start=dt.date(2020, 1, 1), end=dt.date(2022, 12, 31)),
    path="agreements/haparanda-2020-2022.yaml",
    rows=SAMPLE_ROWS,
    focus_areas={"droger": "Droger och folkhälsa", "trafik": "Trafiksäkerhet"},
)
SAMPLE_REPORT = StatusReport(
    2021, dt.date(2021, 9, 30), (SAMPLE_STATUS,), counted=53, after_as_of=1, outside=2
)


def with_rows(*rows: CommitmentStatus) -> StatusReport:
    """SAMPLE_REPORT with other rows."""
    return dataclasses.replace(
        SAMPLE_REPORT, agreements=(dataclasses.replace(SAMPLE_STATUS, rows=rows),)
    )
