"""The follow-up report as the reader sees it: every word translated, every number formatted.

The renderers (HTML, Markdown, XLSX) only lay this out. Keeping ids, raw floats and untranslated
state values out of the text fields means no renderer can leak them to a citizen; the machine
values (`state`, `verdict`) are there for styling and for spreadsheets that sort on them.
"""

from __future__ import annotations

from dataclasses import dataclass

STATES = ("met", "on_track", "behind", "missed", "untargeted")
VERDICTS = (
    "met",
    "partly",
    "not_met",
    "on_track",
    "behind",
    "done",
    "not_reported",
    "untargeted",
)


@dataclass(frozen=True)
class Cell:
    """One column's outcome for one commitment."""

    done: int
    target: int | None  # None: the span has no minimum
    state: str  # met | on_track | behind | missed | untargeted
    word: str  # the translated state word
    symbol: str  # ✔ ● ▲ ✘ –: the state without colour


@dataclass(frozen=True)
class Row:
    """One commitment, judged for the report's period."""

    title: str
    responsible: tuple[str, ...]
    target: str  # in words: "minst 4 per år", "inget mål"
    condition: str | None
    cells: tuple[Cell, ...]  # one per AgreementReport.columns
    verdict: str  # met | partly | not_met | on_track | behind | done | not_reported | untargeted
    verdict_word: str
    verdict_symbol: str
    rate: str | None  # "0,78 per dag" for per-day promises
    comment: str | None
    sources: tuple[str, ...]  # text or URLs


@dataclass(frozen=True)
class Area:
    """A focus area (fokusområde) and its commitments, in agreement order."""

    name: str
    rows: tuple[Row, ...]


@dataclass(frozen=True)
class AgreementReport:
    """One agreement's follow-up for the period."""

    title: str
    parties: tuple[str, ...]
    heading: str  # "Uppföljning tertial 2 2021"
    span: str  # "1 januari – 31 augusti 2021"
    as_of: str  # ISO date: the XLSX writes it as a real date cell
    in_progress: str | None
    verdict: str  # the one-line verdict, already in words
    summary: str | None  # paragraphs separated by blank lines
    columns: tuple[str, ...]
    areas: tuple[Area, ...]
    party_tallies: tuple[str, ...]


@dataclass(frozen=True)
class Report:
    """The whole document: one or more agreements covering the same period."""

    lang: str  # "sv" or "en"
    title: str
    agreements: tuple[AgreementReport, ...]
