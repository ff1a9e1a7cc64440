"""XLSX: typed cells read back with openpyxl, byte-identical rewrites, text never a formula."""

from __future__ import annotations

import datetime as dt
import io
import tempfile
import warnings
import zipfile
from pathlib import Path

import pytest

from conftest import FORMULA, HOSTILE, SAMPLE, sv_gettext
from medborgarlofte.report.xlsx import sheet_names, write_xlsx

openpyxl = pytest.importorskip("openpyxl", reason="openpyxl reads the workbook back")


def xlsx_bytes(report=SAMPLE) -> bytes:  # type: ignore[no-untyped-def]
    buffer = io.BytesIO()
    write_xlsx(report, buffer, sv_gettext)
    return buffer.getvalue()


def load(data: bytes):  # type: ignore[no-untyped-def]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # openpyxl warns about styles it does not model
        return openpyxl.load_workbook(io.BytesIO(data))


def test_deterministic_bytes() -> None:
    first = xlsx_bytes()
    assert first == xlsx_bytes()
    with tempfile.TemporaryDirectory() as folder:  # not tmp_path: see test_browser.page
        path = Path(folder) / "r.xlsx"
        write_xlsx(SAMPLE, path, sv_gettext)
        assert path.read_bytes() == first
    with zipfile.ZipFile(io.BytesIO(first)) as z:
        assert {i.date_time for i in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        core = z.read("docProps/core.xml").decode()
    assert "2022-06-30T00:00:00Z" in core  # created: the latest as-of date, not now


def find(sheet, text: str) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    for row in sheet.iter_rows():
        for cell in row:
            if cell.value == text:
                return cell.row, cell.column
    raise AssertionError(f"{text!r} not in sheet")


def test_typed_cells() -> None:
    book = load(xlsx_bytes())
    year, period = SAMPLE.agreements
    assert book.sheetnames == sheet_names(a.title for a in SAMPLE.agreements)
    sheet = book[book.sheetnames[0]]
    assert sheet["A1"].value == year.title
    r, c = find(sheet, "Läget per")
    assert sheet.cell(r, c + 1).value == dt.datetime(2021, 12, 31)
    assert sheet.cell(r, c + 1).is_date
    r, c = find(sheet, "Samlad bedömning")
    assert sheet.cell(r, c + 1).value == year.verdict

    header, _ = find(sheet, "Fokusområde")
    labels = [cell.value for cell in sheet[header]]
    assert labels[:5] == ["Fokusområde", "Åtagande", "Ansvarig", "Mål", "Villkor"]
    assert labels[5:8] == ["T1: utfört", "T1: mål", "T1: läge"]
    assert labels[-4:] == ["Bedömning", "Kommentar", "Takt", "Källor"]
    assert sheet.freeze_panes == f"C{header + 1}"

    rows = list(sheet.iter_rows(min_row=header + 1, values_only=True))
    assert len(rows) == sum(len(a.rows) for a in year.areas)
    traffic = next(r for r in rows if r[1] == "Fasta trafikkontroller")
    assert traffic[0] == "Trafiksäkerhet"
    assert traffic[5:8] == (96, 120, "✘ ej uppfyllt")
    assert traffic[14:17] == (285, 365, "✘ ej uppfyllt")
    assert traffic[17] == "◐ delvis uppfyllt"
    assert traffic[19] == "0,78 per dag"
    pss = next(r for r in rows if r[1].startswith("Samverkan"))
    assert pss[5] == 2 and pss[6] is None  # no target: an empty cell, not 0
    assert isinstance(traffic[5], int)
    assert sheet.column_dimensions["B"].width == pytest.approx(40, abs=1)

    second = book[book.sheetnames[1]]
    header2, _ = find(second, "Fokusområde")
    assert [c.value for c in second[header2]][5:8] == [
        "Tertial 2: utfört",
        "Tertial 2: mål",
        "Tertial 2: läge",
    ]
    assert period.columns == ("Tertial 2", "Året hittills")


def test_user_text_never_a_formula() -> None:
    data = xlsx_bytes(HOSTILE)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        sheets = [n for n in z.namelist() if n.startswith("xl/worksheets/")]
        assert all("<f>" not in z.read(n).decode() for n in sheets)
    book = load(data)
    sheet = book.worksheets[0]
    values = [c.value for row in sheet.iter_rows() for c in row if c.value is not None]
    assert "@SUM(1)" not in values  # the responsible names are joined...
    assert "A | B || C; @SUM(1)" in values  # ...and kept as text
    assert any(isinstance(v, str) and v.startswith(FORMULA) for v in values)
    assert "=1+1" in str(values)


@pytest.mark.parametrize(
    ("titles", "names"),
    [
        (
            ["Medborgarlöfte mellan Haparanda stad och Polisen 2020–2022"],
            ["Medborgarlöfte mellan Haparanda"],
        ),
        (["a/b\\c?d*e[f]g:h"], ["a b c d e f g h"]),
        (["Samma", "samma", "SAMMA"], ["Samma", "samma (2)", "SAMMA (3)"]),
        (["x" * 40, "x" * 40], ["x" * 31, "x" * 27 + " (2)"]),
        (["'citat'", "", "History", "[]"], ["citat", "2", "History 3", "4"]),
    ],
)
def test_sheet_names(titles: list[str], names: list[str]) -> None:
    assert sheet_names(titles) == names
    assert all(len(n) <= 31 for n in names)
