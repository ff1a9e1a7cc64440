"""The status report as documents: JSON (the contract's), CSV for spreadsheets, Markdown for
reports. Plain text out, no rich: `status --format json` never imports it."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable
from typing import Any

from medborgarlofte.status import AgreementStatus, CommitmentStatus, StatusReport
from medborgarlofte.text import clean
from medborgarlofte.words import (
    DASH,
    STATE_LOOK,
    footer_line,
    one_decimal,
    tally_line,
    target_text,
    units_met_text,
    what_it_takes,
)

# Characters JSON may carry raw with ensure_ascii=False but a terminal might act on.
_JSON_UNSAFE = re.compile("[\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2028\u2029\u2066-\u2069]")


def _row_document(row: CommitmentStatus) -> dict[str, Any]:
    return {
        "id": row.id,
        "title": row.title,
        "area": row.area,
        "responsible": list(row.responsible),
        "minimum": row.minimum,
        "done": row.done,
        "per": row.per,
        "units": row.units,
        "units_elapsed": row.units_elapsed,
        "units_met": row.units_met,
        "remaining": row.remaining,
        "expected_by_now": row.expected_by_now,
        "state": row.state,
        "entries": row.entries,
        "last_date": row.last_date.isoformat() if row.last_date else None,
    }


def format_status_json(report: StatusReport) -> str:
    """The contract's one JSON document; each agreement also carries its period."""
    document = {
        "year": report.year,
        "as_of": report.as_of.isoformat(),
        "agreements": [
            {
                "id": status.id,
                "title": status.title,
                "period": {
                    "start": status.period.start.isoformat(),
                    "end": status.period.end.isoformat(),
                },
                "commitments": [_row_document(row) for row in status.rows],
            }
            for status in report.agreements
        ],
    }
    text = json.dumps(document, ensure_ascii=False, indent=2)
    # Such characters can only stand inside strings, where the escape means the same.
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text) + "\n"


CSV_COLUMNS = (
    "agreement",
    "id",
    "title",
    "area",
    "responsible",
    "minimum",
    "per",
    "done",
    "units",
    "units_elapsed",
    "units_met",
    "remaining",
    "expected_by_now",
    "state",
    "entries",
    "last_date",
)


def _spreadsheet_safe(value: str) -> str:
    """Text a spreadsheet will not run as a formula (OWASP CSV injection): a leading ' if needed."""
    value = clean(value)
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def _cell(value: object) -> str:
    return "" if value is None else str(value)


def format_status_csv(report: StatusReport) -> str:
    """A header and one row per commitment, the agreement id in each row, for spreadsheets."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for status in report.agreements:
        for row in status.rows:
            data = _row_document(row)
            data["agreement"] = status.id
            data["title"] = _spreadsheet_safe(row.title)
            data["responsible"] = " ".join(row.responsible)
            writer.writerow([_cell(data[column]) for column in CSV_COLUMNS])
    return out.getvalue()


_MARKDOWN_HEADER = (
    "Commitment",
    "Area",
    "Responsible",
    "Target",
    "Done",
    "Expected",
    "Remaining",
    "Units met",
    "State",
)
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>|~&$#!])")


def markdown_escape(value: str) -> str:
    """User text as literal Markdown table-cell text: specials backslash-escaped, newlines <br>."""
    escaped = _MARKDOWN_SPECIAL.sub(r"\\\1", clean(value))
    return escaped.replace("\r\n", "\n").replace("\n", "<br>")


def _markdown_rows(status: AgreementStatus) -> Iterable[str]:
    yield "| " + " | ".join(_MARKDOWN_HEADER) + " |"
    yield "| --- | --- | --- | --- | ---: | ---: | ---: | --- | --- |"
    for row in status.rows:
        symbol, word, _ = STATE_LOOK[row.state]
        hint = ", ".join(what_it_takes(row))
        cells = [
            f"{markdown_escape(row.title)} (`{clean(row.id)}`)",
            markdown_escape(status.focus_areas.get(row.area, row.area)),
            markdown_escape(", ".join(row.responsible)),
            target_text(row.minimum, row.per),
            str(row.done),
            one_decimal(row.expected_by_now),
            DASH if row.remaining is None else str(row.remaining),
            units_met_text(row),
            f"{symbol} {word}" + (f" ({hint})" if hint else ""),
        ]
        yield "| " + " | ".join(cells) + " |"


def format_status_markdown(report: StatusReport) -> str:
    """A GitHub-flavoured Markdown table per agreement, to paste into an issue or a report."""
    lines: list[str] = []
    for status in report.agreements:
        period = f"{status.period.start.isoformat()} – {status.period.end.isoformat()}"
        lines += [f"## {markdown_escape(status.title)} ({period})", ""]
        lines += _markdown_rows(status)
        lines += ["", tally_line(status.tally()), ""]
    lines.append(footer_line(report))
    return "\n".join(lines) + "\n"
