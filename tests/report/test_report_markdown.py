"""Markdown: golden file, determinism, and escaping of every user text."""

from __future__ import annotations

import re

import pytest

from conftest import HOSTILE, SAMPLE, check_golden, sv_gettext, sv_ngettext
from medborgarlofte.report.render import format_markdown, md_block, md_inline


def test_golden() -> None:
    check_golden("sample.md", format_markdown(SAMPLE, sv_gettext, sv_ngettext))


def test_deterministic() -> None:
    one = format_markdown(SAMPLE, sv_gettext, sv_ngettext)
    assert one == format_markdown(SAMPLE, sv_gettext, sv_ngettext)
    assert one.endswith("\n") and not one.endswith("\n\n")


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("a | b", r"a \| b"),
        ("*fet* _kursiv_ `kod`", r"\*fet\* \_kursiv\_ \`kod\`"),
        ("[här](javascript:alert(1))", r"\[här\](javascript:alert(1))"),
        ("<script>", "&lt;script&gt;"),
        ("&lt; & ~~x~~ $y$", r"&amp;lt; &amp; \~\~x\~\~ \$y\$"),
        ("# rubrik #", r"\# rubrik \#"),
        ("back\\slash", "back\\\\slash"),
        ("- punkt", r"\- punkt"),
        ("+ punkt", r"\+ punkt"),
        ("1. numrerad", r"1\. numrerad"),
        ("12) numrerad", r"12\) numrerad"),
        ("rad ett\nrad två", "rad ett rad två"),
        ("2021-08-31 kl. 12.00", "2021-08-31 kl. 12.00"),
    ],
)
def test_inline_escape(text: str, escaped: str) -> None:
    assert str(md_inline(text)) == escaped


def test_block_escapes_every_line() -> None:
    out = str(md_block("- a\n> b\n    c\n\n===\n\n1. d"))
    assert out == "\\- a\n&gt; b\nc\n\n\\===\n\n1\\. d"


def test_hostile_report() -> None:
    md = format_markdown(HOSTILE, sv_gettext, sv_ngettext)
    assert "<script" not in md and "<iframe" not in md and "<!--" not in md
    assert not re.search(r"(?<!\\)\]\(", md), "an unescaped ]( would make a link"
    assert not re.search(r"(?<!\\)!\[", md) and not re.search(r"(?<!\\)\[x\]:", md)
    for line in md.splitlines():
        if line.startswith("|"):
            # every row of a table keeps the header's column count
            assert line.replace("\\|", "").count("|") == 6, line
    assert "<https://example.se/ok?x=1&y=2>" in md
    assert "<https://example.se/a" not in md  # not a clean address: shown as text
    assert "\n\\- listpunkt\n1\\. numrerad\n&gt; citat\n" in md
    assert "\n\\---\n" in md
