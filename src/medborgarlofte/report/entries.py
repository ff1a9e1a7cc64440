"""Counted entries as documents: JSON, CSV for spreadsheets, and YAML that is itself a valid
log file (hledger's `print`): plain text out, no rich."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import yaml

from medborgarlofte.core.entries import Counted
from medborgarlofte.core.text import clean, json_safe
from medborgarlofte.files import write
from medborgarlofte.files import yaml_source as source

COLUMNS = ("path", "date", "agreement", "commitment", "count", "by", "note", "source")


def entry_document(row: Counted) -> dict[str, Any]:
    """One entry as the JSON contract has it: `by` a list, `note` and `source` null when absent."""
    return {
        "path": row.path,
        "date": row.entry.date.isoformat(),
        "agreement": row.agreement,
        "commitment": row.entry.commitment,
        "count": row.entry.count,
        "by": list(row.entry.parties),
        "note": row.entry.note,
        "source": row.source,
    }


def format_entries_json(rows: list[Counted]) -> str:
    """`{"entries": [...]}`, one document."""
    text = json.dumps(
        {"entries": [entry_document(row) for row in rows]}, ensure_ascii=False, indent=2
    )
    return json_safe(text) + "\n"


def _spreadsheet_safe(value: str) -> str:
    value = clean(value)
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def format_entries_csv(rows: list[Counted]) -> str:
    """A header and one row per entry; the parties separated by spaces."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for row in rows:
        data = entry_document(row)
        data["by"] = " ".join(data["by"])
        for key in ("path", "note", "source"):
            data[key] = "" if data[key] is None else _spreadsheet_safe(data[key])
        writer.writerow(["" if data[c] is None else str(data[c]) for c in COLUMNS])
    return out.getvalue()


class NotFaithful(Exception):
    """The YAML would not read back as these entries (not expected: values are quoted)."""


def entry_fields(row: Counted) -> dict[str, Any]:
    """The entry as a log file writes it, with the agreement it counts toward named, so that
    the copy counts toward the same one wherever it is put."""
    data = write.fields(row.entry)
    fields = {"date": data.pop("date"), "commitment": data.pop("commitment")}
    data.pop("agreement", None)
    return {**fields, "agreement": row.agreement, **data}


def format_entries_yaml(rows: list[Counted]) -> str:
    """The entries as one valid log file: a YAML list (`[]` when there are none)."""
    if not rows:
        return "[]\n"
    items = [entry_fields(row) for row in rows]
    parts = []
    for item in items:
        text = yaml.dump(
            item,
            Dumper=write.Dumper,
            allow_unicode=True,
            default_flow_style=False,
            sort_keys=False,
            width=1_000_000,
            line_break="\n",
        )
        lines = text.splitlines()
        parts.append("- " + lines[0])
        parts += [("  " + line) if line else "" for line in lines[1:]]
    text = "\n".join(parts) + "\n"
    parsed = source.parse(text, "entries.yaml")
    if parsed.problems or parsed.data != items:
        raise NotFaithful
    return text
