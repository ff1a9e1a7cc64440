"""The workbook asks for its words through the gettext it is given, and the catalogue has each
(tests/report/test_catalog.py holds the templates and the code complete)."""

from __future__ import annotations

import io

from conftest import SAMPLE, in_swedish
from medborgarlofte.report.xlsx import write_xlsx


def test_workbook_translated() -> None:
    asked: list[str] = []

    def gettext(message: str) -> str:
        asked.append(message)
        return message

    write_xlsx(SAMPLE, io.BytesIO(), gettext)
    assert asked and sorted(m for m in set(asked) if not in_swedish(m)) == []
