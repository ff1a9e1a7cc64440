"""Rendering: whole-string tables, exact JSON/CSV/Markdown documents, user text never markup."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import json

import pytest
from rich.console import Console, RenderableType

from conftest import SAMPLE_REPORT as REPORT
from conftest import SAMPLE_ROWS as ROWS
from conftest import SAMPLE_STATUS as AGREEMENT
from conftest import with_rows
from medborgarlofte.core.model import Agreement, AgreementFile, Commitment, Period
from medborgarlofte.core.status import StatusReport
from medborgarlofte.report.documents import (
    CSV_COLUMNS,
    format_status_csv,
    format_status_json,
    format_status_markdown,
)
from medborgarlofte.report.terminal import (
    console_width,
    make_console,
    render_agreement,
    render_status,
)

D = dt.date


def text_of(renderable: RenderableType, width: int = 100) -> str:
    """The renderable as plain text at a fixed width, trailing padding removed from each line."""
    console = Console(file=io.StringIO(), width=width, color_system=None)
    console.print(renderable)
    output = console.file.getvalue()  # type: ignore[attr-defined]
    assert isinstance(output, str)
    return "\n".join(line.rstrip() for line in output.split("\n"))


TABLE = """\
Medborgarlöfte Haparanda
haparanda-2020-2022 · 2020-01-01 – 2022-12-31
 Commitment                   Target            Done  Expected  Remaining  State
─────────────────────────────────────────────────────────────────────────────────────────────
 Droger och folkhälsa
 Sök med hund i skolmiljö     2 a year             2       2.0          0  ✔ met
 hundsok-skola · polisen
 Samverkan via PSS | gruppen  –                    1         –          –  – untargeted
 pss · polisen, kommunen

 Trafiksäkerhet
 Fotpatrull i centrum         1 a week            47      52.0          5  ✘ missed
 fotpatrull · polisen         47/52 weeks met
 Trafikkontroller             2 a quarter          3       4.5          5  ▲ behind
 kontroller · polisen         1/4 quarters met                             1 unit missed
                                                                           1 more needed now
 Informationsmöte             3 in the period      1       1.3          2  ● on track
 infomote · polisen
1 of 4 met · 1 on track · 1 behind · 1 missed · 1 without target

as of 2021-09-30 · 53 entries counted · 3 left out (1 dated after as-of, 2 outside the year)
"""


def test_status_table() -> None:
    assert text_of(render_status(REPORT)) == TABLE
    assert text_of(render_status(REPORT, detail=True)) == TABLE


def test_footer_without_left_out_entries_and_no_agreements() -> None:
    empty = StatusReport(2021, D(2021, 12, 31), (), counted=1)
    assert text_of(render_status(empty)) == "as of 2021-12-31 · 1 entry counted\n"


def test_status_json_is_the_contract_document() -> None:
    output = format_status_json(REPORT)
    assert output.endswith("}\n") and output.count("\n}\n") == 1
    assert "Sök med hund" in output  # ensure_ascii=False
    document = json.loads(output)
    base = {
        "area": "droger",
        "responsible": ["polisen"],
        "per": "year",
        "units": 1,
        "units_elapsed": 1,
        "condition": None,
    }
    assert document == {
        "year": 2021,
        "as_of": "2021-09-30",
        "agreements": [
            {
                "id": "haparanda-2020-2022",
                "title": "Medborgarlöfte Haparanda",
                "period": {"start": "2020-01-01", "end": "2022-12-31"},
                "commitments": [
                    {
                        **base,
                        "id": "hundsok-skola",
                        "title": "Sök med hund i skolmiljö",
                        "minimum": 2,
                        "done": 2,
                        "units_met": 1,
                        "remaining": 0,
                        "expected_by_now": 2.0,
                        "state": "met",
                        "entries": 2,
                        "last_date": "2021-05-01",
                        "target": 2,
                    },
                    {
                        **base,
                        "id": "pss",
                        "title": "Samverkan via PSS | gruppen",
                        "responsible": ["polisen", "kommunen"],
                        "minimum": None,
                        "done": 1,
                        "units_met": 0,
                        "remaining": None,
                        "expected_by_now": None,
                        "state": "untargeted",
                        "entries": 1,
                        "last_date": "2021-02-01",
                        "target": None,
                    },
                    {
                        **base,
                        "id": "fotpatrull",
                        "title": "Fotpatrull i centrum",
                        "area": "trafik",
                        "minimum": 1,
                        "per": "week",
                        "done": 47,
                        "units": 52,
                        "units_elapsed": 52,
                        "units_met": 47,
                        "remaining": 5,
                        "expected_by_now": 52.0,
                        "state": "missed",
                        "entries": 47,
                        "last_date": "2021-12-30",
                        "target": 52,
                    },
                    {
                        **base,
                        "id": "kontroller",
                        "title": "Trafikkontroller",
                        "area": "trafik",
                        "minimum": 2,
                        "per": "quarter",
                        "done": 3,
                        "units": 4,
                        "units_elapsed": 2,
                        "units_met": 1,
                        "remaining": 5,
                        "expected_by_now": 4.5,
                        "state": "behind",
                        "entries": 2,
                        "last_date": "2021-03-02",
                        "target": 8,
                    },
                    {
                        **base,
                        "id": "infomote",
                        "title": "Informationsmöte",
                        "area": "trafik",
                        "minimum": 3,
                        "per": "period",
                        "done": 1,
                        "units_elapsed": 0,
                        "units_met": 0,
                        "remaining": 2,
                        "expected_by_now": 1.25,
                        "state": "on_track",
                        "entries": 1,
                        "last_date": None,
                        "target": 3,
                    },
                ],
            }
        ],
    }


def test_status_json_escapes_characters_a_terminal_would_act_on() -> None:
    hostile = dataclasses.replace(ROWS[0], title="a\u202eb\x9bc")
    report = with_rows(hostile)
    output = format_status_json(report)
    assert "\u202e" not in output and "\x9b" not in output
    assert "a\\u202eb\\u009bc" in output
    assert json.loads(output)["agreements"][0]["commitments"][0]["title"] == "a\u202eb\x9bc"


CSV = """\
agreement,id,title,area,responsible,minimum,per,done,units,units_elapsed,units_met,remaining,\
expected_by_now,state,entries,last_date,target,condition
haparanda-2020-2022,hundsok-skola,Sök med hund i skolmiljö,droger,polisen,2,year,2,1,1,1,0,2.0,\
met,2,2021-05-01,2,
haparanda-2020-2022,pss,Samverkan via PSS | gruppen,droger,polisen kommunen,,year,1,1,1,0,,,\
untargeted,1,2021-02-01,,
haparanda-2020-2022,fotpatrull,Fotpatrull i centrum,trafik,polisen,1,week,47,52,52,47,5,52.0,\
missed,47,2021-12-30,52,
haparanda-2020-2022,kontroller,Trafikkontroller,trafik,polisen,2,quarter,3,4,2,1,5,4.5,behind,\
2,2021-03-02,8,
haparanda-2020-2022,infomote,Informationsmöte,trafik,polisen,3,period,1,1,0,0,2,1.3,on_track,1,,3,
"""


def test_status_csv() -> None:
    assert format_status_csv(REPORT) == CSV


def test_csv_rounds_as_the_table_and_json_keeps_the_number() -> None:
    row = dataclasses.replace(ROWS[0], expected_by_now=2.0036496350364965)
    report = with_rows(row)
    (_, record) = list(csv.reader(io.StringIO(format_status_csv(report))))
    assert record[CSV_COLUMNS.index("expected_by_now")] == "2.0"
    document = json.loads(format_status_json(report))
    assert document["agreements"][0]["commitments"][0]["expected_by_now"] == 2.0036496350364965


def test_status_csv_quotes_and_neutralises_formulas() -> None:
    tricky = dataclasses.replace(ROWS[0], title='=HYPERLINK("x", "a, b")')
    report = with_rows(tricky)
    (_, record) = list(csv.reader(io.StringIO(format_status_csv(report))))
    assert record[2] == "'" + '=HYPERLINK("x", "a, b")'


MARKDOWN = """\
## Medborgarlöfte Haparanda: 2021

`haparanda-2020-2022` · 2020-01-01 – 2022-12-31

### Droger och folkhälsa

| Commitment | Responsible | Target | Done | Expected | Remaining | Units met | State |
| --- | --- | --- | ---: | ---: | ---: | --- | --- |
| Sök med hund i skolmiljö (`hundsok-skola`) | polisen | 2 a year | 2 | 2.0 | 0 |  | ✔ met |
| Samverkan via PSS \\| gruppen (`pss`) | polisen; kommunen | – | 1 | – | – |  | – untargeted |

### Trafiksäkerhet

| Commitment | Responsible | Target | Done | Expected | Remaining | Units met | State |
| --- | --- | --- | ---: | ---: | ---: | --- | --- |
| Fotpatrull i centrum (`fotpatrull`) | polisen | 1 a week | 47 | 52.0 | 5 | 47/52 weeks | ✘ missed |
| Trafikkontroller (`kontroller`) | polisen | 2 a quarter | 3 | 4.5 | 5 | 1/4 quarters | ▲ behind (1 unit missed, 1 more needed now) |
| Informationsmöte (`infomote`) | polisen | 3 in the period | 1 | 1.3 | 2 |  | ● on track |

1 of 4 met · 1 on track · 1 behind · 1 missed · 1 without target

as of 2021-09-30 · 53 entries counted · 3 left out (1 dated after as-of, 2 outside the year)
"""


def test_status_markdown() -> None:
    assert format_status_markdown(REPORT) == MARKDOWN


def test_markdown_escapes_user_text() -> None:
    tricky = dataclasses.replace(ROWS[0], title="a|b\nc *d* <script> [x](y)")
    report = dataclasses.replace(
        REPORT, agreements=(dataclasses.replace(AGREEMENT, title="T | 1", rows=(tricky,)),)
    )
    lines = format_status_markdown(report).splitlines()
    assert lines[0] == "## T \\| 1: 2021"
    assert lines[8].startswith("| a\\|b<br>c \\*d\\* \\<script\\> \\[x\\](y) (`hundsok-skola`) | ")


MARKUP_TITLES = ("[bold red]x[/]", "[/b]", "[link=https://evil.example]click[/link]")


def test_markup_in_user_text_prints_literally() -> None:
    rows = tuple(
        dataclasses.replace(ROWS[0], id=f"c{n}", title=title)
        for n, title in enumerate(MARKUP_TITLES)
    )
    agreement = dataclasses.replace(
        AGREEMENT,
        title="[/]",
        rows=rows,
        focus_areas={"droger": "[red]Droger[/red]"},
    )
    report = dataclasses.replace(REPORT, agreements=(agreement,))
    output = text_of(render_status(report), width=200)
    for title in MARKUP_TITLES:
        assert title in output
    summary = text_of(render_status(report, detail=False), width=200)
    assert "1 agreement in 2021" in summary
    assert " haparanda-2020-2022  [/] " in summary
    assert "[red]Droger[/red]" in text_of(render_status(report), width=200)
    assert "\n[/]\n" in "\n" + text_of(render_status(report), width=200)
    # Also through a real terminal console with colour, markup on by default.
    console = Console(file=io.StringIO(), width=200, force_terminal=True, color_system="truecolor")
    console.print(render_status(report))
    colored = console.file.getvalue()  # type: ignore[attr-defined]
    assert "[bold red]x[/]" in colored and "\x1b[1;31mx" not in colored


def test_control_characters_in_user_text_are_shown_escaped() -> None:
    hostile = dataclasses.replace(ROWS[0], title="evil\x1b[31m\u202eend")
    report = with_rows(hostile)
    output = text_of(render_status(report), width=200)
    assert "evil\\x1b[31m\\u202eend" in output
    assert "\x1b" not in output and "\u202e" not in output


SUMMARY = """\
11 agreements in 2021
 Agreement  Title     ✔ met  ● on track  ▲ behind  ✘ missed  – untargeted
──────────────────────────────────────────────────────────────────────────
 kommun-00  Löfte 0       1           0         0         0             0
 kommun-01  Löfte 1       1           0         0         0             1
 kommun-02  Löfte 2       1           0         0         1             1
 kommun-03  Löfte 3       1           0         1         1             1
 kommun-04  Löfte 4       1           1         1         1             1
 kommun-05  Löfte 5       1           0         0         0             0
 kommun-06  Löfte 6       1           0         0         0             1
 kommun-07  Löfte 7       1           0         0         1             1
 kommun-08  Löfte 8       1           0         1         1             1
 kommun-09  Löfte 9       1           1         1         1             1
 kommun-10  Löfte 10      1           0         0         0             0
11 of 23 met · 2 on track · 4 behind · 6 missed · 8 without target

as of 2021-09-30 · 53 entries counted · 3 left out (1 dated after as-of, 2 outside the year)
"""


def many_agreements(n: int) -> StatusReport:
    agreements = tuple(
        dataclasses.replace(
            AGREEMENT, id=f"kommun-{i:02d}", title=f"Löfte {i}", rows=ROWS[: i % 5 + 1]
        )
        for i in range(n)
    )
    return dataclasses.replace(REPORT, agreements=agreements)


def test_more_than_ten_agreements_show_one_summary_table() -> None:
    report = many_agreements(11)
    assert text_of(render_status(report)) == SUMMARY
    detailed = text_of(render_status(report, detail=True))
    assert detailed.count("Medborgarlöfte") == 0 and detailed.count("Löfte 10") == 1
    assert detailed.count("Commitment") == 11
    ten = text_of(render_status(many_agreements(10)))
    assert ten.count("Commitment") == 10 and "agreements in 2021" not in ten


def test_summary_of_three_hundred_agreements() -> None:
    report = many_agreements(300)
    console = Console(file=io.StringIO(), width=100, color_system=None)
    console.print(render_status(report))
    assert "300 agreements in 2021" in console.file.getvalue()  # type: ignore[attr-defined]


def test_make_console_prints_plain_strings_without_markup_or_highlighting() -> None:
    out = io.StringIO()
    console = make_console(out)
    console.print("[bold]x[/] :smile: 2021-01-01 'quoted'")
    assert out.getvalue() == "[bold]x[/] :smile: 2021-01-01 'quoted'\n"


SHOW = """\
[b]Medborgarlöfte[/b] Haparanda
haparanda-2020-2022 · 2020-01-01 – 2022-12-31

Parties
polisen   Lokalpolisområde Östra Norrbotten
kommunen  Haparanda stad

 Commitment                   Responsible                                        Target
─────────────────────────────────────────────────────────────────────────────────────────────────
 Droger och folkhälsa
 Sök med hund i skolmiljö     Lokalpolisområde Östra Norrbotten                  2 a year
 hundsok-skola
 Samverkan via PSS | gruppen  Lokalpolisområde Östra Norrbotten; Haparanda stad  no target
 pss

 Trafiksäkerhet
 Fotpatrull i centrum         Lokalpolisområde Östra Norrbotten                  1 a week
 fotpatrull
 Informationsmöte             Haparanda stad                                     3 in the period
 infomote
"""


def test_render_agreement() -> None:
    def c(cid: str, title: str, area: str, minimum: int | None, per: str, *who: str) -> Commitment:
        return Commitment.model_validate(
            {
                "id": cid,
                "title": title,
                "area": area,
                "responsible": list(who),
                "minimum": minimum,
                "per": per,
            }
        )

    both = ("polisen", "kommunen")
    agreement = AgreementFile(
        id="haparanda-2020-2022",
        path="agreements/haparanda-2020-2022.yaml",
        agreement=Agreement(
            title="[b]Medborgarlöfte[/b] Haparanda",
            period=Period(start=D(2020, 1, 1), end=D(2022, 12, 31)),
            parties={"polisen": "Lokalpolisområde Östra Norrbotten", "kommunen": "Haparanda stad"},
            focus_areas={"droger": "Droger och folkhälsa", "trafik": "Trafiksäkerhet"},
            commitments=[
                c("hundsok-skola", "Sök med hund i skolmiljö", "droger", 2, "year", "polisen"),
                c("fotpatrull", "Fotpatrull i centrum", "trafik", 1, "week", "polisen"),
                c("pss", "Samverkan via PSS | gruppen", "droger", None, "year", *both),
                c("infomote", "Informationsmöte", "trafik", 3, "period", "kommunen"),
            ],
        ),
    )
    assert text_of(render_agreement(agreement)) == SHOW


# --- narrow terminals: the state always shows; Remaining, Expected, Target, Done give way ---

TABLE_30 = """\
Medborgarlöfte Haparanda
haparanda-2020-2022 ·
2020-01-01 – 2022-12-31
 Commitment      State
──────────────────────────────
 Droger och
 folkhälsa
 Sök med hund i  ✔ met
 skolmiljö
 hundsok-skola
 · polisen
 Samverkan via   – untargeted
 PSS | gruppen
 pss · polisen,
 kommunen

 Trafiksäkerhet
 Fotpatrull i    ✘ missed
 centrum
 fotpatrull ·
 polisen
 Trafikkontroll  ▲ behind
 er              1 unit
 kontroller ·    missed
 polisen         1 more
                 needed now
 Informationsmö  ● on track
 te
 infomote ·
 polisen
1 of 4 met · 1 on track · 1
behind · 1 missed · 1 without
target

as of 2021-09-30 · 53 entries
counted · 3 left out (1 dated
after as-of, 2 outside the
year)
"""


TABLE_45 = """\
Medborgarlöfte Haparanda
haparanda-2020-2022 · 2020-01-01 – 2022-12-31
 Commitment               Done  State
─────────────────────────────────────────────
 Droger och folkhälsa
 Sök med hund i              2  ✔ met
 skolmiljö
 hundsok-skola · polisen
 Samverkan via PSS |         1  – untargeted
 gruppen
 pss · polisen, kommunen

 Trafiksäkerhet
 Fotpatrull i centrum       47  ✘ missed
 fotpatrull · polisen
 Trafikkontroller            3  ▲ behind
 kontroller · polisen           1 unit
                                missed
                                1 more
                                needed now
 Informationsmöte            1  ● on track
 infomote · polisen
1 of 4 met · 1 on track · 1 behind · 1 missed
· 1 without target

as of 2021-09-30 · 53 entries counted · 3
left out (1 dated after as-of, 2 outside the
year)
"""


TABLE_60 = """\
Medborgarlöfte Haparanda
haparanda-2020-2022 · 2020-01-01 – 2022-12-31
 Commitment            Target            Done  State
────────────────────────────────────────────────────────────
 Droger och folkhälsa
 Sök med hund i        2 a year             2  ✔ met
 skolmiljö
 hundsok-skola ·
 polisen
 Samverkan via PSS |   –                    1  – untargeted
 gruppen
 pss · polisen,
 kommunen

 Trafiksäkerhet
 Fotpatrull i centrum  1 a week            47  ✘ missed
 fotpatrull · polisen  47/52 weeks met
 Trafikkontroller      2 a quarter          3  ▲ behind
 kontroller · polisen  1/4 quarters met        1 unit
                                               missed
                                               1 more
                                               needed now
 Informationsmöte      3 in the period      1  ● on track
 infomote · polisen
1 of 4 met · 1 on track · 1 behind · 1 missed · 1 without
target

as of 2021-09-30 · 53 entries counted · 3 left out (1 dated
after as-of, 2 outside the year)
"""


TABLE_80 = """\
Medborgarlöfte Haparanda
haparanda-2020-2022 · 2020-01-01 – 2022-12-31
 Commitment           Target            Done  Expected  Remaining  State
────────────────────────────────────────────────────────────────────────────────
 Droger och
 folkhälsa
 Sök med hund i       2 a year             2       2.0          0  ✔ met
 skolmiljö
 hundsok-skola ·
 polisen
 Samverkan via PSS |  –                    1         –          –  – untargeted
 gruppen
 pss · polisen,
 kommunen

 Trafiksäkerhet
 Fotpatrull i         1 a week            47      52.0          5  ✘ missed
 centrum              47/52 weeks met
 fotpatrull ·
 polisen
 Trafikkontroller     2 a quarter          3       4.5          5  ▲ behind
 kontroller ·         1/4 quarters met                             1 unit
 polisen                                                           missed
                                                                   1 more
                                                                   needed now
 Informationsmöte     3 in the period      1       1.3          2  ● on track
 infomote · polisen
1 of 4 met · 1 on track · 1 behind · 1 missed · 1 without target

as of 2021-09-30 · 53 entries counted · 3 left out (1 dated after as-of, 2
outside the year)
"""


@pytest.mark.parametrize(
    ("width", "expected"),
    [(30, TABLE_30), (45, TABLE_45), (60, TABLE_60), (80, TABLE_80), (100, TABLE), (120, TABLE)],
)
def test_status_table_at_each_width(width: int, expected: str) -> None:
    assert text_of(render_status(REPORT), width=width) == expected


@pytest.mark.parametrize("width", range(30, 131))
def test_every_state_and_hint_word_shows_whole_at_any_width(width: int) -> None:
    output = text_of(render_status(REPORT), width=width)
    lines = output.split("\n")
    for symbol_word in ("✔ met", "– untargeted", "✘ missed", "▲ behind", "● on track"):
        assert sum(line.endswith(symbol_word) for line in lines) == 1, (width, symbol_word)
    words = " ".join(line.rsplit("  ", 1)[-1].strip() for line in lines).split()
    for hint in ("1 unit missed", "1 more needed now"):
        for word in hint.split():
            assert word in words
    assert not any(word in words for word in ("mis", "misse", "neede", "n"))
    assert all(len(line) <= width for line in lines)
    assert "Informationsm" in output  # the names stay, wrapped


def test_columns_give_way_in_order() -> None:
    headers = {
        width: next(
            line.split()
            for line in text_of(render_status(REPORT), width=width).split("\n")
            if line.startswith(" Commitment")
        )
        for width in (30, 45, 60, 80)
    }
    assert headers[30] == ["Commitment", "State"]
    assert headers[45] == ["Commitment", "Done", "State"]
    assert headers[60] == ["Commitment", "Target", "Done", "State"]
    assert headers[80] == ["Commitment", "Target", "Done", "Expected", "Remaining", "State"]


@pytest.mark.parametrize(
    ("columns", "terminal", "width"),
    [
        (None, None, 100),  # a pipe: a sensible width, not 120
        ("72", None, 72),  # a pipe with COLUMNS
        ("0", None, 100),
        ("-5", None, 100),
        ("wide", None, 100),
        ("", None, 100),
        ("0", 64, 64),  # a terminal: its own width when COLUMNS means nothing
        (None, 64, 64),
        ("90", 64, 90),
        ("10", None, 30),  # too narrow to lay out: 30, the terminal wraps the lines
        ("99999999", None, 1000),
    ],
)
def test_console_width(columns: str | None, terminal: int | None, width: int) -> None:
    assert console_width(columns, terminal) == width


@pytest.mark.parametrize("columns", ["0", "-1", "x", "3"])
def test_nonsense_columns_print_the_table(columns: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", columns)
    out = io.StringIO()
    make_console(out).print(render_status(REPORT))
    text = "\n".join(line.rstrip() for line in out.getvalue().split("\n"))
    expected = TABLE if columns in ("0", "-1", "x") else TABLE_30
    assert text == expected


def test_piped_output_follows_columns(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "60")
    out = io.StringIO()
    make_console(out).print(render_status(REPORT))
    assert "\n".join(line.rstrip() for line in out.getvalue().split("\n")) == TABLE_60
    monkeypatch.delenv("COLUMNS")
    assert make_console(io.StringIO()).width == 100
