"""The status report as documents: JSON (the contract's), CSV for spreadsheets, Markdown for
reports. Plain text out, no rich: `status --format json` never imports it."""

from __future__ import annotations

import csv
import io
import json
import math
import re
from collections.abc import Iterable
from typing import Any

from medborgarlofte.core.status import AgreementStatus, CommitmentStatus, StatusReport
from medborgarlofte.core.text import clean, json_safe
from medborgarlofte.report.i18n import N_, _, pgettext
from medborgarlofte.report.words import (
    DASH,
    condition_text,
    footer_line,
    one_decimal,
    one_decimal_text,
    party_lines,
    party_names,
    rate_text,
    state_label,
    tally_line,
    target_text,
    units_met_text,
    what_it_takes,
)


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
        "target": row.target,
        "condition": row.condition,
    }


def status_document(report: StatusReport) -> dict[str, Any]:
    """The contract's JSON document as data; each agreement also carries its period."""
    return {
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


def format_status_json(report: StatusReport) -> str:
    """`status_document` as `json.dumps(..., ensure_ascii=False, indent=2)` writes it, byte
    for byte, written here directly: the standard library's indenting encoder is pure
    Python and would be the slowest step of a warm national `status --format json`."""
    parts = [f'{{\n  "year": {report.year},\n  "as_of": "{report.as_of.isoformat()}",\n']
    if not report.agreements:
        parts.append('  "agreements": []\n}')
    else:
        parts.append('  "agreements": [\n')
        parts.append(",\n".join(_agreement_json(status) for status in report.agreements))
        parts.append("\n  ]\n}")
    # Such characters can only stand inside strings, where the escape means the same.
    return json_safe("".join(parts)) + "\n"


_string = json.encoder.encode_basestring  # what json.dumps uses with ensure_ascii=False


def _agreement_json(status: AgreementStatus) -> str:
    rows = ",\n".join(_row_json(row) for row in status.rows)
    return (
        "    {\n"
        f'      "id": {_string(status.id)},\n'
        f'      "title": {_string(status.title)},\n'
        '      "period": {\n'
        f'        "start": "{status.period.start.isoformat()}",\n'
        f'        "end": "{status.period.end.isoformat()}"\n'
        "      },\n"
        + (f'      "commitments": [\n{rows}\n      ]\n' if rows else '      "commitments": []\n')
        + "    }"
    )


def _row_json(row: CommitmentStatus) -> str:
    if row.responsible:
        items = ",\n".join(f"            {_string(party)}" for party in row.responsible)
        responsible = f"[\n{items}\n          ]"
    else:
        responsible = "[]"
    return (
        "        {\n"
        f'          "id": {_string(row.id)},\n'
        f'          "title": {_string(row.title)},\n'
        f'          "area": {_string(row.area)},\n'
        f'          "responsible": {responsible},\n'
        f'          "minimum": {_number(row.minimum)},\n'
        f'          "done": {row.done},\n'
        f'          "per": {_string(row.per)},\n'
        f'          "units": {row.units},\n'
        f'          "units_elapsed": {row.units_elapsed},\n'
        f'          "units_met": {row.units_met},\n'
        f'          "remaining": {_number(row.remaining)},\n'
        f'          "expected_by_now": {_number(row.expected_by_now)},\n'
        f'          "state": {_string(row.state)},\n'
        f'          "entries": {row.entries},\n'
        f'          "last_date": {_string(row.last_date.isoformat()) if row.last_date else "null"},\n'
        f'          "target": {_number(row.target)},\n'
        f'          "condition": {_string(row.condition) if row.condition is not None else "null"}\n'
        "        }"
    )


def _number(value: float | None) -> str:
    if value is None:
        return "null"
    if isinstance(value, float) and not math.isfinite(value):
        return json.dumps(value)
    return repr(value)


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
    "target",
    "condition",
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
            if row.condition is not None:
                data["condition"] = _spreadsheet_safe(row.condition)
            data["responsible"] = " ".join(row.responsible)
            # As the table shows it (the JSON keeps the number): 2.0036… is no figure to publish
            data["expected_by_now"] = (
                None if row.expected_by_now is None else one_decimal(row.expected_by_now)
            )
            writer.writerow([_cell(data[column]) for column in CSV_COLUMNS])
    return out.getvalue()


_MARKDOWN_HEADER = (
    N_("Commitment"),
    N_("Responsible"),
    N_("Target"),
    "Done",  # said as the table says it: pgettext("column", "Done")
    N_("Expected"),
    N_("Remaining"),
    N_("Units met"),
    N_("State"),
)
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>|~&$#!])")


def markdown_escape(value: str) -> str:
    """User text as literal Markdown table-cell text: specials backslash-escaped, newlines <br>."""
    escaped = _MARKDOWN_SPECIAL.sub(r"\\\1", clean(value))
    return escaped.replace("\r\n", "\n").replace("\n", "<br>")


def _by_area(status: AgreementStatus) -> list[tuple[str, list[CommitmentStatus]]]:
    """The rows under their focus area's name, areas in the agreement's order (as the table)."""
    groups: dict[str, list[CommitmentStatus]] = {key: [] for key in status.focus_areas}
    for row in status.rows:
        groups.setdefault(row.area, []).append(row)
    return [(status.focus_areas.get(key, key), rows) for key, rows in groups.items() if rows]


def _markdown_header(name: str) -> str:
    return markdown_escape(pgettext("column", name) if name == "Done" else _(name))


def _markdown_rows(status: AgreementStatus, rows: list[CommitmentStatus]) -> Iterable[str]:
    yield "| " + " | ".join(_markdown_header(name) for name in _MARKDOWN_HEADER) + " |"
    yield "| --- | --- | --- | ---: | ---: | ---: | --- | --- |"
    for row in rows:
        hint = ", ".join(what_it_takes(row))
        condition = condition_text(row.condition)
        rate = rate_text(row)
        cells = [
            f"{markdown_escape(row.title)} (`{clean(row.id)}`)"
            + (f"<br>*{markdown_escape(condition)}*" if condition else ""),
            markdown_escape(party_names(status, row.responsible)),
            target_text(row.minimum, row.per) + (f"<br>{rate}" if rate else ""),
            str(row.done),
            one_decimal_text(row.expected_by_now),
            DASH if row.remaining is None else str(row.remaining),
            units_met_text(row),
            state_label(row.state) + (f" ({hint})" if hint else ""),
        ]
        yield "| " + " | ".join(cells) + " |"


def _year_rows(reports: list[StatusReport]) -> list[CommitmentStatus | None]:
    """Every commitment of the years' rows, in agreement order, each the first row seen."""
    seen: dict[str, CommitmentStatus] = {}
    for report in reports:
        for status in report.agreements:
            for row in status.rows:
                seen.setdefault(row.id, row)
    return list(seen.values())


def overview_document(agreement_id: str, reports: list[StatusReport]) -> dict[str, Any]:
    """`overview --format json` as data: per year, as of when, the status commitment objects."""
    return {
        "agreement": agreement_id,
        "years": [
            {
                "year": report.year,
                "as_of": report.as_of.isoformat(),
                "commitments": [
                    _row_document(row) for status in report.agreements for row in status.rows
                ],
            }
            for report in reports
        ],
    }


def format_overview_json(agreement_id: str, reports: list[StatusReport]) -> str:
    text = json.dumps(overview_document(agreement_id, reports), ensure_ascii=False, indent=2)
    return json_safe(text) + "\n"


def overview_cell(row: CommitmentStatus | None) -> tuple[str, str]:
    """A commitment's year in the overview: "71/245" (or "7" untargeted), and its state in
    words with its symbol; ("", "") for a year the commitment does not run in."""
    if row is None:
        return "", ""
    figures = str(row.done) if row.target is None else f"{row.done}/{row.target}"
    return figures, state_label(row.state)


def format_overview_markdown(title: str, reports: list[StatusReport]) -> str:
    """One Markdown table: a row per commitment, a column per year (done/target and state)."""
    lines = [f"## {markdown_escape(title)}", ""]
    lines.append(
        f"| {_markdown_header('Commitment')} | " + " | ".join(str(r.year) for r in reports) + " |"
    )
    lines.append("| --- |" + " --- |" * len(reports))
    by_year = [{row.id: row for s in r.agreements for row in s.rows} for r in reports]
    for first in _year_rows(reports):
        assert first is not None
        cells = [f"{markdown_escape(first.title)} (`{clean(first.id)}`)"]
        for rows in by_year:
            figures, state = overview_cell(rows.get(first.id))
            cells.append(f"{figures} {state}".strip())
        lines.append("| " + " | ".join(cells) + " |")
    lines.append("")
    lines += [_("{year}: {footer}").format(year=r.year, footer=footer_line(r)) for r in reports]
    return "\n".join(lines) + "\n"


def format_status_markdown(report: StatusReport, party: str | None = None) -> str:
    """Per agreement a heading with the year, then per focus area (as the table groups them)
    a GitHub-flavoured Markdown table, to paste into an issue or a report; under each a line
    per party (with `party`, that party's only)."""
    lines: list[str] = []
    for status in report.agreements:
        period = f"{status.period.start.isoformat()} – {status.period.end.isoformat()}"
        lines += [f"## {markdown_escape(status.title)}: {report.year}", ""]
        lines += [f"`{clean(status.id)}` · {period}", ""]
        for area, rows in _by_area(status):
            lines += [f"### {markdown_escape(area)}", ""]
            lines += _markdown_rows(status, rows)
            lines.append("")
        lines += [tally_line(status.tally()), ""]
        for line in party_lines(status, party):
            lines += [markdown_escape(line), ""]
    lines.append(footer_line(report))
    return "\n".join(lines) + "\n"
