"""The follow-up report as an XLSX workbook, written with XlsxWriter: its files are the same
bytes for the same report (fixed zip dates, the created date set from the as-of date)."""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Iterable
from typing import IO, Any

from medborgarlofte.report.render import Gettext, paragraphs, state_class
from medborgarlofte.report.view import Report

__all__ = ["sheet_names", "write_xlsx"]

# --- XLSX ---------------------------------------------------------------------------------------

_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\\x00-\x1f]")
_SHEET_MAX = 31


def sheet_names(titles: Iterable[str]) -> list[str]:
    """Excel-legal, unique (case-insensitively, as Excel compares) names of at most 31 chars."""
    names: list[str] = []
    taken: set[str] = set()
    for i, title in enumerate(titles, start=1):
        base = " ".join(_SHEET_FORBIDDEN.sub(" ", title).split()).strip("'").strip()
        if not base or base.lower() == "history":  # "History" is reserved by Excel
            base = f"{base} {i}".strip()
        name = base[:_SHEET_MAX].rstrip().rstrip("'")
        n = 1
        while name.lower() in taken:
            n += 1
            suffix = f" ({n})"
            name = base[: _SHEET_MAX - len(suffix)].rstrip().rstrip("'") + suffix
        taken.add(name.lower())
        names.append(name)
    return names


def _as_of(value: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def _created(report: Report) -> dt.datetime:
    """The workbook's creation date: the latest as-of date, so the file depends on data only."""
    dates = [d for a in report.agreements if (d := _as_of(a.as_of))]
    day = max(dates, default=dt.date(2000, 1, 1))
    return dt.datetime(day.year, day.month, day.day)


_STATE_FILL = {
    "met": "#E3F1E7",
    "on_track": "#E4EDF8",
    "behind": "#FCEFD9",
    "missed": "#FAE3E3",
    "untargeted": "#EEF0F3",
}
_VERDICT_STATE = {
    "met": "met",
    "done": "met",
    "on_track": "on_track",
    "partly": "behind",
    "behind": "behind",
    "not_met": "missed",
    "not_reported": "untargeted",
    "untargeted": "untargeted",
}


def write_xlsx(
    report: Report, target: str | os.PathLike[str] | IO[bytes], gettext: Gettext
) -> None:
    """One sheet per agreement: a header block, then one typed row per commitment.

    XlsxWriter stamps its zip members with a fixed date; the document's created date is set to
    the as-of date, so the same report always gives the same bytes. User text is written with
    write_string, so a title starting with `=` stays text and never becomes a formula.
    """
    import xlsxwriter  # here, so HTML and Markdown never load it

    _ = gettext
    out: Any = os.fspath(target) if isinstance(target, (str, os.PathLike)) else target
    workbook = xlsxwriter.Workbook(
        out,
        {
            "in_memory": True,
            "strings_to_formulas": False,
            "strings_to_numbers": False,
            "strings_to_urls": False,
        },
    )
    workbook.set_properties({"title": report.title, "created": _created(report)})
    top = {"valign": "top"}
    fmt = {
        "title": workbook.add_format({"bold": True, "font_size": 14}),
        "heading": workbook.add_format({"bold": True, "font_size": 12}),
        "label": workbook.add_format({"bold": True, **top}),
        "text": workbook.add_format({"text_wrap": True, **top}),
        "date": workbook.add_format({"num_format": "yyyy-mm-dd", "align": "left", **top}),
        "number": workbook.add_format(top),
        "header": workbook.add_format(
            {"bold": True, "text_wrap": True, "bottom": 1, "bg_color": "#E5E7EB", **top}
        ),
    }
    state_fmt = {
        state: workbook.add_format({"text_wrap": True, "bg_color": fill, **top})
        for state, fill in _STATE_FILL.items()
    }
    for agreement, name in zip(
        report.agreements, sheet_names(a.title for a in report.agreements), strict=True
    ):
        sheet = workbook.add_worksheet(name)
        row = 0
        sheet.write_string(row, 0, agreement.title, fmt["title"])
        row += 1
        sheet.write_string(row, 0, agreement.heading, fmt["heading"])
        row += 1
        block: list[tuple[str, str | dt.date]] = [
            (_("Period"), agreement.span),
            (_("As of"), _as_of(agreement.as_of) or agreement.as_of),
            (_("Parties"), "; ".join(agreement.parties)),
            (_("Overall assessment"), agreement.verdict),
        ]
        if agreement.in_progress:
            block.append((_("Note"), agreement.in_progress))
        if agreement.party_tallies:
            block.append((_("By party"), "; ".join(agreement.party_tallies)))
        if agreement.summary:
            block.append((_("Summary"), "\n\n".join(paragraphs(agreement.summary))))
        for label, entry in block:
            sheet.write_string(row, 0, label, fmt["label"])
            if isinstance(entry, dt.date):
                sheet.write_datetime(row, 1, entry, fmt["date"])
            else:
                sheet.write_string(row, 1, entry, fmt["text"])
            row += 1
        row += 1

        headers: list[tuple[str, float]] = [
            (_("Focus area"), 24),
            (_("Commitment"), 40),
            (_("Responsible"), 30),
            (_("Target"), 18),
            (_("Condition"), 22),
        ]
        for column in agreement.columns:
            headers += [
                (_("%(column)s: done") % {"column": column}, 10),
                (_("%(column)s: target") % {"column": column}, 10),
                (_("%(column)s: state") % {"column": column}, 16),
            ]
        headers += [
            (_("Assessment"), 18),
            (_("Comment"), 50),
            (_("Rate"), 16),
            (_("Sources"), 40),
        ]
        header_row = row
        for col, (label, width) in enumerate(headers):
            sheet.write_string(row, col, label, fmt["header"])
            sheet.set_column(col, col, width)
        row += 1
        for area in agreement.areas:
            for item in area.rows:
                texts: list[str | None] = [
                    area.name,
                    item.title,
                    "; ".join(item.responsible),
                    item.target,
                    item.condition,
                ]
                col = 0
                for text in texts:
                    _write_text(sheet, row, col, text, fmt["text"])
                    col += 1
                for cell in item.cells:
                    sheet.write_number(row, col, cell.done, fmt["number"])
                    if cell.target is None:
                        sheet.write_blank(row, col + 1, None, fmt["number"])
                    else:
                        sheet.write_number(row, col + 1, cell.target, fmt["number"])
                    look = state_fmt[state_class(cell.state)]
                    sheet.write_string(row, col + 2, f"{cell.symbol} {cell.word}", look)
                    col += 3
                look = state_fmt[_VERDICT_STATE.get(item.verdict, "untargeted")]
                sheet.write_string(row, col, f"{item.verdict_symbol} {item.verdict_word}", look)
                _write_text(sheet, row, col + 1, item.comment, fmt["text"])
                _write_text(sheet, row, col + 2, item.rate, fmt["text"])
                _write_text(sheet, row, col + 3, "\n".join(item.sources), fmt["text"])
                row += 1
        sheet.freeze_panes(header_row + 1, 2)
        sheet.autofilter(header_row, 0, max(row - 1, header_row), len(headers) - 1)
    workbook.close()


def _write_text(sheet: Any, row: int, col: int, value: object, cell_format: Any) -> None:
    """Text as a string cell (never a formula or a number); nothing as a blank cell."""
    if value is None or value == "":
        sheet.write_blank(row, col, None, cell_format)
    else:
        sheet.write_string(row, col, str(value), cell_format)
