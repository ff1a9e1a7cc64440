"""HTML: golden file, determinism, self-containment and the accessibility structure."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from conftest import HOSTILE, SAMPLE, SCRIPT, check_golden, sv_gettext, sv_ngettext
from medborgarlofte.report.render import format_html


class Outline(HTMLParser):
    """Collects what the checks need: tags with attributes, heading texts, svg titles."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.headings: dict[str, list[str]] = {"h1": [], "h2": [], "h3": [], "h4": []}
        self.ids: set[str] = set()
        self._open: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        self.tags.append((tag, a))
        if a.get("id"):
            self.ids.add(str(a["id"]))
        if tag in self.headings:
            self._open.append(tag)
            self.headings[tag].append("")

    def handle_endtag(self, tag: str) -> None:
        if self._open and self._open[-1] == tag:
            self._open.pop()

    def handle_data(self, data: str) -> None:
        for tag in self._open:
            self.headings[tag][-1] += data


def outline(html: str) -> Outline:
    parser = Outline()
    parser.feed(html)
    return parser


def render(report=SAMPLE) -> str:  # type: ignore[no-untyped-def]
    return format_html(report, sv_gettext, sv_ngettext)


def test_golden() -> None:
    check_golden("sample.html", render())


def test_deterministic() -> None:
    assert render() == render()


def test_headings_follow_the_document() -> None:
    o = outline(render())
    assert o.headings["h1"] == [SAMPLE.title]
    assert o.headings["h2"] == [a.title for a in SAMPLE.agreements]
    assert o.headings["h3"] == [area.name for a in SAMPLE.agreements for area in a.areas]
    titles = [r.title for a in SAMPLE.agreements for area in a.areas for r in area.rows]
    assert o.headings["h4"] == titles


def test_self_contained_and_scriptless() -> None:
    html = render()
    assert "<script" not in html.lower()
    assert not re.search(r"\b(src|srcset|poster|data)=", html)
    assert "url(" not in html and "@import" not in html and "<link" not in html
    o = outline(html)
    hrefs = [a["href"] for tag, a in o.tags if "href" in a]
    assert hrefs and all(str(h).startswith("https://") for h in hrefs)
    assert all(tag == "a" for tag, a in o.tags if "href" in a)


def test_accessibility_structure() -> None:
    o = outline(render())
    assert ("html", {"lang": "sv"}) in o.tags
    tables = [t for t, _ in o.tags if t == "table"]
    captions = [t for t, _ in o.tags if t == "caption"]
    assert len(tables) == len(captions) > 0
    assert all(a.get("scope") in ("col", "row") for t, a in o.tags if t == "th")
    svgs = [a for t, a in o.tags if t == "svg"]
    assert len(svgs) == sum(len(area.rows) for a in SAMPLE.agreements for area in a.areas)
    for a in svgs:
        assert a["role"] == "img"
        assert str(a["aria-labelledby"]) in o.ids
        assert str(a["aria-describedby"]) in o.ids


def test_state_shown_by_word_and_symbol() -> None:
    html = render()
    for a in SAMPLE.agreements:
        for area in a.areas:
            for row in area.rows:
                for cell in row.cells:
                    assert f'aria-hidden="true">{cell.symbol}</span> {cell.word}</td>' in html
                assert f"{row.verdict_symbol}</span> {row.verdict_word}</p>" in html


def test_hostile_text_stays_text() -> None:
    html = format_html(HOSTILE, sv_gettext, sv_ngettext)
    assert "<script" not in html.lower()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<img" not in html and "<iframe" not in html and "<b>" not in html
    assert "<!-- comment -->" not in html
    assert 'href="javascript' not in html and 'href="data' not in html
    # an address with <, > or a quote is shown, never linked
    assert 'href="https://example.se/a' not in html
    assert '<a href="https://example.se/ok?x=1&amp;y=2">' in html
    o = outline(html)
    assert o.headings["h1"] == [SCRIPT]
    # unknown machine values fall back to the neutral look instead of reaching a class
    assert 'class="badge v-untargeted"' in html and "s-&lt;x&gt;" not in html
