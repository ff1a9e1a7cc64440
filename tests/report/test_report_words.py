"""Every msgid used by the templates and the workbook has a Swedish translation."""

from __future__ import annotations

import io
from pathlib import Path

import medborgarlofte.report.render as render
from conftest import SAMPLE
from medborgarlofte.report.sv_words import SV
from medborgarlofte.report.xlsx import write_xlsx

TEMPLATES = Path(render.__file__).parent / "templates"


def template_msgids() -> set[str]:
    env = render.environment(str, lambda s, p, n: s)
    found: set[str] = set()
    for path in TEMPLATES.glob("*.j2"):
        for _line, _func, message in env.extract_translations(path.read_text("utf-8")):  # type: ignore[attr-defined]
            found.update([message] if isinstance(message, str) else [m for m in message if m])
    return found


def test_templates_translated() -> None:
    ids = template_msgids()
    assert {"Responsible", "Target", "Comment", "Sources", "Assessment"} <= ids
    assert sorted(ids - SV.keys()) == []


def test_workbook_translated() -> None:
    asked: list[str] = []

    def gettext(message: str) -> str:
        asked.append(message)
        return SV.get(message, message)

    write_xlsx(SAMPLE, io.BytesIO(), gettext)
    assert asked and sorted(set(asked) - SV.keys()) == []


def test_no_unused_words() -> None:
    asked: set[str] = set()

    def gettext(message: str) -> str:
        asked.add(message)
        return message

    write_xlsx(SAMPLE, io.BytesIO(), gettext)
    assert sorted(SV.keys() - asked - template_msgids()) == []


def test_placeholders_kept() -> None:
    import re

    for english, swedish in SV.items():
        assert re.findall(r"%\(\w+\)s", english) == re.findall(r"%\(\w+\)s", swedish), english
