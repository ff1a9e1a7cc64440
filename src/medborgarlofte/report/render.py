"""The follow-up report ("Uppföljning") as HTML and Markdown (the workbook: xlsx.py).

Layout lives in the Jinja templates beside this module; this module only prepares what a template
cannot do cleanly (escaping for Markdown, chart geometry, sheet names) and writes the workbook.
Every fixed word is an English msgid looked up through the caller's gettext, so the project's
catalogue decides the language; the view model already carries the translated data words.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import jinja2
from markupsafe import Markup

from .view import STATES, VERDICTS, AgreementReport, Report, Row

Gettext = Callable[[str], str]
Ngettext = Callable[[str, str, int], str]

__all__ = [
    "Gettext",
    "Ngettext",
    "format_html",
    "format_markdown",
    "md_block",
    "md_inline",
]

# --- text helpers -------------------------------------------------------------------------------

_URL = re.compile(r"https?://[^\s\x00-\x1f\x7f<>\"'`\\]+\Z", re.IGNORECASE)
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")
# Inline Markdown syntax anywhere on a line (CommonMark, GFM tables/strikethrough, GitHub math).
_MD_SPECIAL = re.compile(r"[\\`*_{}\[\]#|~$]")
# Syntax only at the start of a line: list markers, setext underlines, ordered lists.
_MD_LINE_START = re.compile(r"\A([-+=])|\A(\d+)([.)])")


def is_url(text: str) -> bool:
    """Only http(s) addresses become links: `javascript:` and the like stay plain text."""
    return bool(_URL.match(text))


def paragraphs(text: str | None) -> list[str]:
    """A summary's paragraphs (blank-line separated), each stripped; none for empty text."""
    if not text:
        return []
    parts = _PARAGRAPH_BREAK.split(text.replace("\r\n", "\n").replace("\r", "\n"))
    return [p.strip() for p in parts if p.strip()]


def _md_line(line: str) -> str:
    line = line.strip()
    line = line.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    line = _MD_SPECIAL.sub(lambda m: "\\" + m.group(), line)
    return _MD_LINE_START.sub(
        lambda m: "\\" + m.group(1) if m.group(1) else m.group(2) + "\\" + m.group(3), line
    )


def md_inline(text: object) -> Markup:
    """User text for one Markdown line (table cell, heading): newlines become spaces.

    Returned as Markup so that the template's HTML autoescape does not escape it twice; `<`, `>`
    and `&` become entities, which every Markdown dialect shows as the characters.
    """
    return Markup(_md_line(" ".join(str(text).split())))


def md_block(text: object) -> Markup:
    """User text as Markdown paragraphs, every line escaped as in `md_inline`."""
    out = []
    for para in paragraphs(str(text)):
        out.append("\n".join(_md_line(line) for line in para.split("\n")))
    return Markup("\n\n".join(out))


def md_url(text: str) -> Markup:
    """An http(s) address as an autolink; anything else as escaped text."""
    return Markup(f"<{text}>") if is_url(text) else md_inline(text)


def state_class(state: str) -> str:
    """A CSS class for a state; unknown values get the neutral look rather than any class."""
    return state if state in STATES else "untargeted"


def verdict_class(verdict: str) -> str:
    """A CSS class for a verdict, neutral when unknown."""
    return verdict if verdict in VERDICTS else "untargeted"


# --- chart geometry -----------------------------------------------------------------------------

PLOT_TOP = 34
PLOT_HEIGHT = 76
BAR_WIDTH = 22


@dataclass(frozen=True)
class Bar:
    """One column's pair of bars: target (outlined) beside done (filled in the state's colour)."""

    label: str
    centre: int
    done: int
    done_x: int
    done_y: int
    done_h: int
    target: int | None
    target_x: int
    target_y: int
    target_h: int
    state: str
    symbol: str


@dataclass(frozen=True)
class Chart:
    """Integer geometry for a commitment's bar chart, so the SVG is the same on every run."""

    width: int
    height: int
    base: int
    bar: int
    bars: tuple[Bar, ...]


def chart(row: Row, columns: Iterable[str]) -> Chart:
    """Lay out done vs target per column on one scale (the largest value fills the plot)."""
    labels = tuple(columns)
    group = max(64, 7 * max((len(label) for label in labels), default=0) + 14)
    values = [c.done for c in row.cells] + [c.target or 0 for c in row.cells]
    top = max(values, default=0) or 1

    def height(value: int) -> int:
        return 0 if value <= 0 else max(2, round(value * PLOT_HEIGHT / top))

    base = PLOT_TOP + PLOT_HEIGHT
    bars = []
    for i, (label, cell) in enumerate(zip(labels, row.cells, strict=False)):
        centre = 10 + i * group + group // 2
        t_h = height(cell.target or 0)
        d_h = height(cell.done)
        bars.append(
            Bar(
                label=label,
                centre=centre,
                done=cell.done,
                done_x=centre + 1,
                done_y=base - d_h,
                done_h=d_h,
                target=cell.target,
                target_x=centre - BAR_WIDTH - 1,
                target_y=base - t_h,
                target_h=t_h,
                state=state_class(cell.state),
                symbol=cell.symbol,
            )
        )
    width = max(170, 20 + group * len(bars))
    return Chart(width=width, height=base + 24, base=base, bar=BAR_WIDTH, bars=tuple(bars))


def legend(agreement: AgreementReport) -> list[tuple[str, str, str]]:
    """The (state, symbol, word) pairs the agreement uses, in the order of STATES."""
    seen: dict[tuple[str, str], str] = {}
    for area in agreement.areas:
        for row in area.rows:
            for cell in row.cells:
                seen.setdefault((cell.symbol, cell.word), state_class(cell.state))
    order = {s: i for i, s in enumerate(STATES)}
    items = sorted(seen.items(), key=lambda kv: order[kv[1]])
    return [(state, symbol, word) for (symbol, word), state in items]


# --- HTML and Markdown --------------------------------------------------------------------------


def environment(gettext: Gettext, ngettext: Ngettext) -> jinja2.Environment:
    """The project's Jinja environment: autoescape everywhere, undefined names are errors."""
    env = jinja2.Environment(
        loader=jinja2.PackageLoader(__package__ or "medborgarlofte.report", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.install_gettext_callables(gettext, ngettext, newstyle=True)  # type: ignore[attr-defined]
    env.filters.update(
        md=md_inline,
        md_block=md_block,
        md_url=md_url,
        paragraphs=paragraphs,
        state_class=state_class,
        verdict_class=verdict_class,
        zip=lambda left, right: list(zip(left, right, strict=False)),
    )
    env.tests["url"] = is_url
    env.globals.update(chart=chart, legend=legend)
    return env


def _render(name: str, report: Report, gettext: Gettext, ngettext: Ngettext) -> str:
    return environment(gettext, ngettext).get_template(name).render(report=report)


def format_html(report: Report, gettext: Gettext, ngettext: Ngettext) -> str:
    """One self-contained HTML page: inline CSS and SVG, no script, nothing fetched."""
    return _render("report.html.j2", report, gettext, ngettext)


def format_markdown(report: Report, gettext: Gettext, ngettext: Ngettext) -> str:
    """The same content as Markdown for a municipal web page or Word (via pandoc)."""
    return _render("report.md.j2", report, gettext, ngettext)
