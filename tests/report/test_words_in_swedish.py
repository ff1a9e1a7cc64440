"""The views in Swedish and in English: whole Swedish screens, no English word of ours on a
Swedish screen (and no Swedish word of ours on an English one) for the shipped data, counts by
ngettext, decimal commas in text only, and machine formats byte for byte the same in both."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from rich.console import Console
from test_terminal import many_agreements, text_of

from conftest import REPO, SAMPLE_REPORT, Outcome, in_swedish, status_row, with_rows
from medborgarlofte.core.model import AgreementFile
from medborgarlofte.core.status import StatusReport
from medborgarlofte.report import i18n
from medborgarlofte.report.documents import format_status_csv, format_status_markdown
from medborgarlofte.report.standing import standing
from medborgarlofte.report.terminal import LoadProgress, render_status
from medborgarlofte.report.words import footer_line, rate_text, target_text, units_met_text
from medborgarlofte.speed.load import load_tallied

Run = Callable[..., Outcome]


@pytest.fixture
def speak(mlofte: Run, monkeypatch: pytest.MonkeyPatch) -> Iterator[Run]:
    """The CLI in-process at the width of a pipe; the language it chose is put back after."""
    monkeypatch.delenv("COLUMNS", raising=False)
    before = i18n.current()
    yield mlofte
    i18n.use(before)


TABLE_SV = """\
Medborgarlöfte Haparanda
haparanda-2020-2022 · 2020-01-01 – 2022-12-31
                                                                 Förväntat
 Åtagande                     Mål                     Genomfört   hittills  Kvar  Läge
────────────────────────────────────────────────────────────────────────────────────────────────────
 Droger och folkhälsa
 Sök med hund i skolmiljö     2 per år                        2        2,0     0  ✔ uppfyllt
 hundsok-skola · polisen
 Samverkan via PSS | gruppen  –                               1          –     –  – utan mål
 pss · polisen, kommunen

 Trafiksäkerhet
 Fotpatrull i centrum         1 per vecka                    47       52,0     5  ✘ ej uppfyllt
 fotpatrull · polisen         47/52 veckor uppfyllda
 Trafikkontroller             2 per kvartal                   3        4,5     5  ▲ efter plan
 kontroller · polisen         1/4 kvartal uppfyllda                               1 period ej
                                                                                  uppfylld
                                                                                  1 till behövs nu
 Informationsmöte             3 under perioden                1        1,3     2  ● enligt plan
 infomote · polisen
1 av 4 uppfyllda · 1 enligt plan · 1 efter plan · 1 ej uppfyllt · 1 utan mål

läget per 2021-09-30 · 53 poster räknade · 3 inte räknade (1 daterad efter avstämningsdagen, 2
utanför året)
"""

TABLE_SV_60 = """\
Medborgarlöfte Haparanda
haparanda-2020-2022 · 2020-01-01 – 2022-12-31
 Åtagande                     Genomfört  Läge
────────────────────────────────────────────────────────────
 Droger och folkhälsa
 Sök med hund i skolmiljö             2  ✔ uppfyllt
 hundsok-skola · polisen
 Samverkan via PSS | gruppen          1  – utan mål
 pss · polisen, kommunen

 Trafiksäkerhet
 Fotpatrull i centrum                47  ✘ ej uppfyllt
 fotpatrull · polisen
 Trafikkontroller                     3  ▲ efter plan
 kontroller · polisen                    1 period ej
                                         uppfylld
                                         1 till behövs nu
 Informationsmöte                     1  ● enligt plan
 infomote · polisen
1 av 4 uppfyllda · 1 enligt plan · 1 efter plan · 1 ej
uppfyllt · 1 utan mål

läget per 2021-09-30 · 53 poster räknade · 3 inte räknade (1
daterad efter avstämningsdagen, 2 utanför året)
"""

MARKDOWN_SV = """\
## Medborgarlöfte Haparanda: 2021

`haparanda-2020-2022` · 2020-01-01 – 2022-12-31

### Droger och folkhälsa

| Åtagande | Ansvarig | Mål | Genomfört | Förväntat hittills | Kvar | Uppfyllda perioder | Läge |
| --- | --- | --- | ---: | ---: | ---: | --- | --- |
| Sök med hund i skolmiljö (`hundsok-skola`) | polisen | 2 per år | 2 | 2,0 | 0 |  | ✔ uppfyllt |
| Samverkan via PSS \\| gruppen (`pss`) | polisen; kommunen | – | 1 | – | – |  | – utan mål |

### Trafiksäkerhet

| Åtagande | Ansvarig | Mål | Genomfört | Förväntat hittills | Kvar | Uppfyllda perioder | Läge |
| --- | --- | --- | ---: | ---: | ---: | --- | --- |
| Fotpatrull i centrum (`fotpatrull`) | polisen | 1 per vecka | 47 | 52,0 | 5 | 47/52 veckor | ✘ ej uppfyllt |
| Trafikkontroller (`kontroller`) | polisen | 2 per kvartal | 3 | 4,5 | 5 | 1/4 kvartal | ▲ efter plan (1 period ej uppfylld, 1 till behövs nu) |
| Informationsmöte (`infomote`) | polisen | 3 under perioden | 1 | 1,3 | 2 |  | ● enligt plan |

1 av 4 uppfyllda · 1 enligt plan · 1 efter plan · 1 ej uppfyllt · 1 utan mål

läget per 2021-09-30 · 53 poster räknade · 3 inte räknade (1 daterad efter avstämningsdagen, 2 utanför året)
"""


@pytest.mark.usefixtures("swedish")
def test_the_status_table_in_swedish() -> None:
    assert text_of(render_status(SAMPLE_REPORT)) == TABLE_SV
    assert text_of(render_status(SAMPLE_REPORT), width=60) == TABLE_SV_60


@pytest.mark.usefixtures("swedish")
def test_the_status_markdown_in_swedish() -> None:
    assert format_status_markdown(SAMPLE_REPORT) == MARKDOWN_SV


@pytest.mark.usefixtures("swedish")
@pytest.mark.parametrize("width", range(30, 131))
def test_every_swedish_state_and_hint_shows_whole_at_any_width(width: int) -> None:
    """The Swedish state words are longer ("✘ ej uppfyllt"): still one line, never cut."""
    lines = text_of(render_status(SAMPLE_REPORT), width=width).split("\n")
    for label in ("✔ uppfyllt", "– utan mål", "✘ ej uppfyllt", "▲ efter plan", "● enligt plan"):
        assert sum(line.endswith(label) for line in lines) == 1, (width, label)
    words = " ".join(line.rsplit("  ", 1)[-1].strip() for line in lines).split()
    for word in ["1", "period", "ej", "uppfylld", "1", "till", "behövs", "nu"]:
        assert word in words
    assert all(len(line) <= width for line in lines)


@pytest.mark.usefixtures("swedish")
def test_swedish_columns_give_way_in_order() -> None:
    def headers(width: int) -> list[str]:
        lines = text_of(render_status(SAMPLE_REPORT), width=width).split("\n")
        return next(line.split() for line in lines if line.startswith(" Åtagande"))

    assert headers(30) == ["Åtagande", "Läge"]
    assert headers(60) == ["Åtagande", "Genomfört", "Läge"]
    assert headers(75) == ["Åtagande", "Mål", "Genomfört", "Läge"]
    assert headers(100) == ["Åtagande", "Mål", "Genomfört", "hittills", "Kvar", "Läge"]


def test_targets_in_both_languages(swedish: None) -> None:
    said = {per: target_text(4, per) for per in ("year", "week", "day", "period", "quarter")}  # type: ignore[arg-type]
    assert said == {
        "year": "4 per år",
        "week": "4 per vecka",
        "day": "4 per dag",
        "period": "4 under perioden",
        "quarter": "4 per kvartal",
    }
    i18n.use(i18n.Choice("en", True))
    assert target_text(8, "year") == "8 a year"
    assert target_text(1, "week") == "1 a week"
    assert target_text(3, "period") == "3 in the period"
    assert target_text(None, "year") == "–"


def test_every_rate_has_its_words_for_the_table_the_report_and_log_in_swedish() -> None:
    """A new `per:` (core/units.py) fails here until report/words.py says it every way: its
    target, and for a rate counted in units shorter than a year, the units."""
    from medborgarlofte.core.units import PER_KINDS
    from medborgarlofte.report import words

    assert list(words.TARGETS) == list(words.TARGETS_IN_FULL) == list(PER_KINDS)
    counted = [per for per in PER_KINDS if per not in ("year", "day", "period")]
    for table in (words.UNITS_COUNTED, words.UNITS_MET, words.UNITS_MET_IN_FULL):
        assert list(table) == counted
    assert list(words.THIS_UNIT) == counted
    said = [*words.TARGETS.values(), *words.TARGETS_IN_FULL.values(), *words.THIS_UNIT.values()]
    assert [m for m in said if not in_swedish(m)] == []


@pytest.mark.usefixtures("swedish")
def test_log_names_a_unit_in_swedish() -> None:
    from medborgarlofte.report.words import unit_label

    today = dt.date(2021, 5, 12)
    assert unit_label("week", dt.date(2021, 5, 10), dt.date(2021, 5, 16), today) == "denna vecka"
    assert (
        unit_label("tertial", dt.date(2021, 1, 1), dt.date(2021, 4, 30), today) == "under T1 2021"
    )
    # a kind of unit with no name of its own (a rate added later) by its days, never a KeyError
    fortnight = unit_label("fortnight", dt.date(2021, 4, 1), dt.date(2021, 4, 14), today)
    assert fortnight == "från 2021-04-01 till 2021-04-14"


@pytest.mark.usefixtures("swedish")
def test_counts_by_ngettext() -> None:
    one = status_row("v", per="week", units=1, units_met=1, minimum=1)
    many = status_row("v", per="week", units=3, units_met=2, minimum=1)
    assert (units_met_text(one), units_met_text(many)) == ("1/1 vecka", "2/3 veckor")
    assert units_met_text(many, met=True) == "2/3 veckor uppfyllda"
    report = StatusReport(2021, dt.date(2021, 12, 31), (), counted=1, after_as_of=0, outside=1)
    assert footer_line(report) == (
        "läget per 2021-12-31 · 1 post räknad · 1 inte räknad (1 utanför året)"
    )


def test_decimal_comma_in_text_and_a_point_in_the_csv(swedish: None) -> None:
    row = status_row("k", per="day", minimum=1, done=71, days_elapsed=92, expected_by_now=92.0)
    assert rate_text(row) == "0,77 per dag"
    csv = format_status_csv(with_rows(status_row("x", expected_by_now=1.25)))
    assert ",1.3," in csv  # the spreadsheet's number, in any language
    i18n.use(i18n.Choice("en", True))
    assert rate_text(row) == "0.77 per day"


LULEA = REPO / "tests" / "data" / "lulea-2018"


def _standing(root: Path, commitment: str, date: dt.date, today: dt.date) -> str:
    dataset, problems = load_tallied(root, cache=False)
    assert problems == []
    agreement: AgreementFile = dataset.agreements[0]
    found = next(c for c in agreement.agreement.commitments if c.id == commitment)
    return standing(dataset, agreement, found, date, today)


def test_how_a_commitment_stands_in_swedish(haparanda_root: Path, swedish: None) -> None:
    today = dt.date(2021, 12, 31)
    assert _standing(haparanda_root, "hundsok-skola", today, today) == "2 av 2 i år — uppfyllt"
    assert _standing(haparanda_root, "pss-samverkan", today, dt.date(2022, 1, 5)) == (
        "2 under 2021"
    )
    assert _standing(haparanda_root, "fotpatrull", dt.date(2021, 3, 1), today) == (
        "1 av 1 under vecka 9 år 2021; 2 av 52 veckor uppfyllda i år — ej uppfyllt"
    )


# --- the shipped data (Haparanda 2020–2022) through the commands (the word lists over
# every screen and the machine formats are tests/test_swedish.py's) ---


def test_the_swedish_status_of_the_shipped_data(speak: Run, haparanda_root: Path) -> None:
    out = speak("--root", str(haparanda_root), "--lang", "sv", "status", "2021").stdout
    lines = out.splitlines()
    assert lines[2].split() == ["Förväntat"]
    assert lines[3].split() == ["Åtagande", "Mål", "Genomfört", "hittills", "Kvar", "Läge"]
    assert "1 per vecka" in out and "2/52 veckor uppfyllda" in out and "52,0" in out
    assert out.endswith(
        "3 av 6 uppfyllda · 3 ej uppfyllda · 5 utan mål\n"
        "Haparanda stad: 1 av 2 uppfyllda · 1 ej uppfyllt · 4 utan mål\n"
        "Polisen, lokalpolisområde Östra Norrbotten: 3 av 6 uppfyllda · 3 ej uppfyllda · 4 utan"
        " mål\n\nläget per 2021-12-31 · 13 poster räknade · 1 inte räknad (1 utanför året)\n"
    )


def test_show_names_the_responsible_parties(speak: Run, haparanda_root: Path) -> None:
    out = speak("--root", str(haparanda_root), "--lang", "sv", "show").stdout
    assert "Parter\n" in out and " Åtagande " in out and " Ansvarig " in out and " Mål " in out
    assert "Haparanda stad" in out.split("Ansvarig", 1)[1] and "inget mål" in out


def test_entries_in_swedish(speak: Run, haparanda_root: Path) -> None:
    out = speak("--root", str(haparanda_root), "--lang", "sv", "entries").stdout
    assert out.splitlines()[1].split() == [
        "Datum", "Åtagande", "·", "fil", "Antal", "Genomfört", "av", "Anteckning",
    ]  # fmt: skip
    assert out.replace("\n", " ").endswith(
        "14 poster, antal 15. Rätta en post genom att ändra dess fil; ta bort den genom att"
        " radera filen (git sparar historiken). "
    )


@pytest.mark.usefixtures("swedish")
def test_the_summary_of_many_agreements_in_swedish() -> None:
    lines = text_of(render_status(many_agreements(11))).split("\n")
    assert lines[0] == "11 överenskommelser 2021"
    assert [cell.strip() for cell in lines[1].split("  ") if cell.strip()] == [
        "Överenskommelse", "Titel", "✔ uppfyllt", "● enligt plan", "▲ efter plan",
        "✘ ej uppfyllt", "– utan mål",
    ]  # fmt: skip
    narrow = text_of(render_status(many_agreements(11)), width=70).split("\n")
    assert narrow[1].split() == ["Överenskommelse", "Titel", "✔", "●", "▲", "✘", "–"]


@pytest.mark.usefixtures("swedish")
def test_the_progress_bar_in_swedish() -> None:
    out = io.StringIO()
    clock = iter([0.0, 2.0, 2.0, 2.0])
    bar = LoadProgress(
        Console(file=out, force_terminal=True, width=80, color_system=None),
        clock=lambda: next(clock),
    )
    bar(10, 100)
    bar.close()
    assert "Läser filer" in out.getvalue() and "10/100" in out.getvalue()
