"""Shared fixtures: small data roots written by the tests themselves, and a CLI runner."""

from __future__ import annotations

import dataclasses
import datetime as dt
import gettext
import importlib.util
import os
import shutil
import textwrap
from collections.abc import Callable, Iterator, Mapping
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
from medborgarlofte.report import i18n
from medborgarlofte.report.documents import format_status_json
from medborgarlofte.report.view import AgreementReport, Area, Cell, Report, Row
from medborgarlofte.speed import cache, load

# The suite speaks English whatever the developer's locale, in this process and in every
# command it starts; a test that wants Swedish says --lang sv or sets MLOFTE_LANG.
for _variable in ("MLOFTE_LANG", *("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")):
    os.environ.pop(_variable, None)
os.environ["LC_ALL"] = "C.UTF-8"

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


TRUSTED_AT_ONCE = -60 * 10**9
"""cache.RACY_NS for files trusted as soon as written: a test's files are always fresh, and
one stamped up to a minute ahead of the scan is trusted too (a clock set back between the
write and the scan would make a fresh file look dated ahead); one dated an hour ahead is
still left out."""


@pytest.fixture
def cache_dir(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """The cache folder (`_private_cache`'s), in use, trusting files as soon as they are
    written (a test's files are always fresh)."""
    monkeypatch.delenv("MLOFTE_NO_CACHE", raising=False)
    monkeypatch.setattr(cache, "RACY_NS", TRUSTED_AT_ONCE)
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


# --- personal identity numbers ---


def with_check(nine: str) -> str:
    """Nine digits and their Luhn check digit: a valid-looking personnummer."""
    total = 0
    for position, char in enumerate(nine):
        value = int(char) * (2 if position % 2 == 0 else 1)
        total += value - 9 if value > 9 else value
    return nine + str((10 - total % 10) % 10)


PNR = with_check("811218987")
"""10 digits, born 1981-12-18."""


# --- loading a root with and without the cache ---


LoadOutcome = tuple[str, list[Problem]]
"""Every covered year's status JSON, and the problems in the order load gives them."""


def first_arguments(monkeypatch: pytest.MonkeyPatch, owner: object, name: str) -> list[Any]:
    """The first argument of every call of `owner.name` from now on (each call still made):
    which files a step of the loader took."""
    seen: list[Any] = []
    real = getattr(owner, name)

    def spy(first: Any, *args: Any, **kwargs: Any) -> Any:
        seen.append(first)
        return real(first, *args, **kwargs)

    monkeypatch.setattr(owner, name, spy)
    return seen


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
    row = dataclasses.replace(base, **changes)  # type: ignore[arg-type]
    if "target" not in changes and row.minimum is not None:  # as status computes it
        row = dataclasses.replace(row, target=row.minimum * row.units)
    return row


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


# --- the follow-up report: Swedish words, sample view models, golden files ---


SWEDISH = gettext.translation(i18n.DOMAIN, i18n.LOCALE_DIR, languages=["sv"])
"""The shipped catalogue (tests/report/test_catalog.py holds it complete and compiled)."""
sv_gettext, sv_ngettext = SWEDISH.gettext, SWEDISH.ngettext


@pytest.fixture
def swedish() -> Iterator[None]:
    """Swedish in this process for the test, English again after it."""
    before = i18n.current()
    i18n.use(i18n.Choice("sv", True))
    yield
    i18n.use(before)


def in_swedish(message: str) -> bool:
    """Whether the catalogue has `message` (the words a test saw asked for)."""
    known = SWEDISH._catalog  # type: ignore[attr-defined]
    return message in known or (message, 0) in known


GOLDEN = REPO / "tests" / "report" / "golden"


def check_golden(name: str, text: str) -> None:
    """Compare with tests/report/golden/NAME; `UPDATE_GOLDEN=1 pytest` rewrites the files."""
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN") == "1" or not path.exists():
        path.write_text(text, encoding="utf-8", newline="")
    assert text == path.read_text(encoding="utf-8"), f"{name} differs; UPDATE_GOLDEN=1 to accept"


# A sample Report in Swedish with every cell state and every verdict, for golden files.

POLISEN = "Polisen, lokalpolisområde Östra Norrbotten"
KOMMUNEN = "Haparanda stad"

WORD = {
    "met": ("uppfyllt", "✔"),
    "on_track": ("enligt plan", "●"),
    "behind": ("efter plan", "▲"),
    "missed": ("ej uppfyllt", "✘"),
    "untargeted": ("utan mål", "–"),
}
VERDICT = {
    "met": ("uppfyllt", "✔"),
    "partly": ("delvis uppfyllt", "◐"),
    "not_met": ("ej uppfyllt", "✘"),
    "on_track": ("enligt plan", "●"),
    "behind": ("efter plan", "▲"),
    "done": ("genomfört", "✔"),
    "not_reported": ("ej rapporterat", "–"),
    "untargeted": ("utan mål", "–"),
}


def cell(done: int, target: int | None, state: str, word: str | None = None) -> Cell:
    default_word, symbol = WORD[state]
    return Cell(done=done, target=target, state=state, word=word or default_word, symbol=symbol)


def row(
    title: str,
    responsible: tuple[str, ...],
    target: str,
    cells: tuple[Cell, ...],
    verdict: str,
    *,
    condition: str | None = None,
    rate: str | None = None,
    comment: str | None = None,
    sources: tuple[str, ...] = (),
) -> Row:
    word, symbol = VERDICT[verdict]
    return Row(
        title=title,
        responsible=responsible,
        target=target,
        condition=condition,
        cells=cells,
        verdict=verdict,
        verdict_word=word,
        verdict_symbol=symbol,
        rate=rate,
        comment=comment,
        sources=sources,
    )


def no_part(done: int) -> Cell:
    """A tertial of a yearly promise: the tertial itself needs nothing."""
    return cell(done, None, "untargeted", "utan delmål")


YEAR = AgreementReport(
    title="Medborgarlöfte mellan Haparanda stad och Polisen 2020–2022",
    parties=(KOMMUNEN, POLISEN),
    heading="Uppföljning helår 2021",
    span="1 januari – 31 december 2021",
    as_of="2021-12-31",
    in_progress=None,
    verdict="3 av 7 löften uppfyllda eller genomförda",
    summary=(
        "Arbetet har i stort gått enligt plan. Insatserna mot narkotika har gett resultat, "
        "och samverkan i PSS-gruppen har fungerat väl.\n\n"
        "Trafikkontrollerna har inte nått målet om en per dag, främst under sommaren då "
        "personalen behövdes till annat."
    ),
    columns=("T1", "T2", "T3", "Helår"),
    areas=(
        Area(
            name="Droger och folkhälsa",
            rows=(
                row(
                    "Riktade insatser mot narkotika",
                    (POLISEN,),
                    "minst 4 per år",
                    (no_part(2), no_part(1), no_part(2), cell(5, 4, "met")),
                    "met",
                    comment="Fem insatser, varav två i samband med skolavslutningen.",
                    sources=("Polisens händelselogg", "https://polisen.se/aktuellt/"),
                ),
                row(
                    "Sök med hund i skolmiljö",
                    (POLISEN,),
                    "minst 1 per tertial",
                    (
                        cell(1, 1, "met"),
                        cell(0, 1, "missed"),
                        cell(1, 1, "met"),
                        cell(2, 3, "missed"),
                    ),
                    "partly",
                    comment="Inget sök under tertial 2: hundföraren var tjänstledig.",
                ),
                row(
                    "Samverkan via PSS-gruppen (polis, skola, socialtjänst)",
                    (POLISEN, KOMMUNEN),
                    "inget mål",
                    (
                        cell(2, None, "untargeted"),
                        cell(2, None, "untargeted"),
                        cell(2, None, "untargeted"),
                        cell(6, None, "untargeted"),
                    ),
                    "done",
                    comment=(
                        "Gruppen har träffats varannan månad.\n\n"
                        "Nästa år bjuds även fritidsgårdarna in."
                    ),
                ),
            ),
        ),
        Area(
            name="Trafiksäkerhet",
            rows=(
                row(
                    "Fasta trafikkontroller",
                    (POLISEN,),
                    "1 per dag",
                    (
                        cell(96, 120, "missed"),
                        cell(101, 123, "missed"),
                        cell(88, 122, "missed"),
                        cell(285, 365, "missed"),
                    ),
                    "partly",
                    rate="0,78 per dag",
                ),
                row(
                    "Hastighetskontroller vid skolor",
                    (POLISEN,),
                    "minst 2 per tertial",
                    (
                        cell(0, 2, "missed"),
                        cell(0, 2, "missed"),
                        cell(0, 2, "missed"),
                        cell(0, 6, "missed"),
                    ),
                    "not_met",
                    condition="om kommunen begär det",
                    comment="Kommunen har inte begärt några kontroller under året.",
                ),
            ),
        ),
        Area(
            name="Trygghet i centrum",
            rows=(
                row(
                    "Fotpatrullering i centrum",
                    (POLISEN,),
                    "1 per vecka",
                    (
                        cell(17, 17, "met"),
                        cell(18, 18, "met"),
                        cell(17, 17, "met"),
                        cell(52, 52, "met"),
                    ),
                    "met",
                ),
                row(
                    "Trygghetsvandringar med boende",
                    (KOMMUNEN,),
                    "inget mål",
                    (
                        cell(0, None, "untargeted"),
                        cell(0, None, "untargeted"),
                        cell(0, None, "untargeted"),
                        cell(0, None, "untargeted"),
                    ),
                    "not_reported",
                ),
            ),
        ),
    ),
    party_tallies=(
        "Polisen: 2 av 5 uppfyllda",
        "Haparanda stad: 1 av 2 genomförda",
    ),
)

PERIOD = AgreementReport(
    title="Medborgarlöfte mellan Kalix kommun och Polisen 2022–2023",
    parties=("Kalix kommun", "Polisen, lokalpolisområde Kalix"),
    heading="Uppföljning tertial 2 2022",
    span="1 maj – 31 augusti 2022",
    as_of="2022-06-30",
    in_progress="Perioden pågår: läget den 2022-06-30.",
    verdict="2 av 3 löften enligt plan",
    summary="Halvvägs in i tertialet ligger de flesta löftena i fas.",
    columns=("Tertial 2", "Året hittills"),
    areas=(
        Area(
            name="Trygghet",
            rows=(
                row(
                    "Fotpatrullering i Kalix centrum",
                    ("Polisen, lokalpolisområde Kalix",),
                    "1 per vecka",
                    (cell(8, 8, "on_track"), cell(25, 25, "on_track")),
                    "on_track",
                    sources=("https://www.kalix.se/trygghet", "javascript:alert(1)"),
                ),
                row(
                    "Sök med hund i skolmiljö",
                    ("Polisen, lokalpolisområde Kalix",),
                    "minst 2 per tertial",
                    (cell(0, 2, "behind"), cell(2, 4, "behind")),
                    "behind",
                    comment="Planerat sök i juni ställdes in.",
                ),
                row(
                    "Samverkan med fritidsgårdarna",
                    ("Kalix kommun",),
                    "inget mål",
                    (cell(3, None, "untargeted"), cell(5, None, "untargeted")),
                    "untargeted",
                ),
            ),
        ),
    ),
    party_tallies=(),
)

SAMPLE = Report(
    lang="sv",
    title="Uppföljning av medborgarlöften 2021–2022",
    agreements=(YEAR, PERIOD),
)


# A Report whose every text field tries to break out of its output format.

SCRIPT = "<script>alert(1)</script>"
LINK = "Klicka [här](javascript:alert(1)) eller ![bild](http://x/y.png)"
PIPE = "A | B || C"
FORMULA = '=HYPERLINK("http://evil","x")'

ROW = Row(
    title=SCRIPT,
    responsible=(PIPE, "@SUM(1)"),
    target="*fet* _kursiv_ `kod` # rubrik",
    condition="+1 om <b>kommunen</b> & polisen",
    cells=(Cell(done=1, target=2, state="<x>", word="<img src=x onerror=alert(1)>", symbol="|"),),
    verdict='"><script>',
    verdict_word="ej | uppfyllt",
    verdict_symbol="]",
    rate="-3 per dag",
    comment="- listpunkt\n1. numrerad\n> citat\n\n" + LINK + "\n\n---\n\n" + SCRIPT,
    sources=(
        "javascript:alert(1)",
        "https://example.se/a?b=1&c=<2>",
        "https://example.se/ok?x=1&y=2",
        FORMULA,
        "data:text/html,<script>alert(1)</script>",
    ),
)

HOSTILE = Report(
    lang="sv",
    title=SCRIPT,
    agreements=(
        AgreementReport(
            title=FORMULA,
            parties=(SCRIPT, PIPE),
            heading="# " + LINK,
            span="[x]: http://evil",
            as_of="2021-08-31",
            in_progress="<!-- comment -->",
            verdict="**ALLT** uppfyllt | " + SCRIPT,
            summary="=1+1\n\n" + LINK + "\n\n<iframe src=http://evil>",
            columns=("T|1",),
            areas=(Area(name="## " + SCRIPT, rows=(ROW,)),),
            party_tallies=("+ Polisen: 1 av 1",),
        ),
    ),
)


# --- a root with every state and every verdict, for the report's golden files ---

EVERY_STATE_AGREEMENT = """\
title: Medborgarlöfte mellan Testby kommun och Polisen 2021–2022
period: {start: 2021-01-01, end: 2022-12-31}
parties:
  kommunen: Testby kommun
  polisen: Polisen, lokalpolisområde Testby
focus_areas:
  droger: Droger och folkhälsa
  trygghet: Trygghet i centrum
commitments:
  - {id: narkotika, title: Riktade insatser mot narkotika, area: droger, responsible: [polisen], minimum: 2}
  - {id: hundsok, title: Sök med hund i skolmiljö, area: droger, responsible: [polisen], minimum: 1, per: tertial}
  - {id: foraldrar, title: Föräldramöten om droger, area: droger, responsible: [kommunen], minimum: 2}
  - {id: pss, title: Samverkan via PSS-gruppen, area: droger, responsible: [polisen, kommunen]}
  - {id: vandring, title: Trygghetsvandring, area: trygghet, responsible: [polisen, kommunen], minimum: 1, per: month}
  - {id: grannar, title: Grannsamverkan, area: trygghet, responsible: [kommunen]}
  - {id: kameror, title: Kamerabevakning, area: trygghet, responsible: [kommunen]}
"""


def every_state_files() -> dict[str, str]:
    """As of 2022-06-30: narkotika met, hundsok behind (T1 missed), foraldrar on track,
    vandring behind, pss done, grannar assessed 'partly', kameror not reported; 2021 (whole):
    narkotika met, hundsok partly, foraldrar not met, vandring partly, pss done."""
    entries = {
        "narkotika": ["2021-03-01", "2021-10-01", "2022-02-01", "2022-05-02"],
        "hundsok": ["2021-02-01", "2021-06-01", "2022-05-10"],
        "foraldrar": ["2022-03-01"],
        "pss": ["2021-04-01", "2022-04-01"],
        "vandring": ["2021-01-15", "2022-01-15", "2022-02-15", "2022-03-15", "2022-04-15"],
    }
    files = {"agreements/testby.yaml": EVERY_STATE_AGREEMENT}
    for commitment, days in entries.items():
        for day in days:
            files[f"logs/{day[:4]}/{day}-{commitment}.yaml"] = (
                f"date: {day}\ncommitment: {commitment}\n"
            )
    files["followups/2022/t1.yaml"] = (
        "period: 2022-T1\n"
        "summary: |\n  Arbetet har i stort gått enligt plan.\n\n  Hundföraren var sjuk i mars.\n"
        "commitments:\n"
        "  hundsok:\n    comment: Inget sök under tertialen.\n"
        "  grannar:\n    comment: Två nya områden.\n"
    )
    files["followups/2022.yaml"] = (
        "period: 2022\nsummary: Halvvägs genom året.\n"
        "commitments:\n  grannar:\n    comment: Fyra områden av åtta.\n    assessment: partly\n"
    )
    files["followups/2021.yaml"] = (
        "period: 2021\nsummary: Ett år med <b>pandemi</b> & *hinder*.\n"
        "commitments:\n  pss:\n    comment: Gruppen har träffats varannan månad.\n"
    )
    return files


@pytest.fixture
def every_state_root(tmp_path: Path) -> Path:
    return write_tree(tmp_path / "every", every_state_files())
