"""The follow-up report's view model (view.py), built from a checked dataset: the status
arithmetic for the spans it shows, the follow-up files' words, and every word translated.

A period report shows the period's own outcome (done in it, its own units judged) beside the
year so far (January to the period's end, the state as of then); a year report has a column per
tertial and one for the year. Nothing here is an id or a raw float: parties by their names,
targets and states in words, counts as whole numbers.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from medborgarlofte.core.followups import covering, followup_agreement
from medborgarlofte.core.model import AgreementFile, Commitment, Dataset, FollowupNote, Tallied
from medborgarlofte.core.periods import ReportPeriod, tertials
from medborgarlofte.core.status import CommitmentStatus, SpanOutcome, compute_status, span_outcomes
from medborgarlofte.report.i18n import N_, _, ngettext
from medborgarlofte.report.view import AgreementReport, Area, Cell, Report, Row
from medborgarlofte.report.words import TARGETS_IN_FULL

MONTHS = (
    N_("January"),
    N_("February"),
    N_("March"),
    N_("April"),
    N_("May"),
    N_("June"),
    N_("July"),
    N_("August"),
    N_("September"),
    N_("October"),
    N_("November"),
    N_("December"),
)
STATE_WORDS = {
    "met": (N_("met"), "✔"),
    "on_track": (N_("on track"), "●"),
    "behind": (N_("behind"), "▲"),
    "missed": (N_("not met"), "✘"),
    "untargeted": (N_("without target"), "–"),
}
VERDICT_WORDS = {
    "met": (N_("met"), "✔"),
    "partly": (N_("partly met"), "◐"),
    "not_met": (N_("not met"), "✘"),
    "on_track": (N_("on track"), "●"),
    "behind": (N_("behind"), "▲"),
    "done": (N_("done"), "✔"),
    "not_reported": (N_("not reported"), "–"),
}
GOOD = ("met", "on_track", "done")
"""Verdicts counted as kept in the one-line verdict."""


def period_name(period: ReportPeriod) -> str:
    """The period in running text: "tertial 2 2021", "helår 2021"."""
    values = {"n": period.number, "year": period.year}
    if period.kind == "tertial":
        return _("tertial %(n)s %(year)s") % values
    if period.kind == "half-year":
        return _("half-year %(n)s %(year)s") % values
    if period.kind == "quarter":
        return _("quarter %(n)s %(year)s") % values
    return _("full year %(year)s") % values


def column_name(period: ReportPeriod) -> str:
    """A column heading for the period's own outcome: "Tertial 2", "Kvartal 1"."""
    values = {"n": period.number}
    if period.kind == "tertial":
        return _("Tertial %(n)s") % values
    if period.kind == "half-year":
        return _("Half-year %(n)s") % values
    if period.kind == "quarter":
        return _("Quarter %(n)s") % values
    return _("Full year")


def span_words(first: dt.date, last: dt.date) -> str:
    """ "1 januari – 31 augusti 2021" (the year once when both days share it)."""

    def day(d: dt.date) -> str:
        return f"{d.day} {_(MONTHS[d.month - 1])}"

    if first.year == last.year:
        return f"{day(first)} – {day(last)} {last.year}"
    return f"{day(first)} {first.year} – {day(last)} {last.year}"


def target_words(c: Commitment) -> str:
    """ "minst 4 per år", "inget mål"."""
    if c.minimum is None:
        return _("no target")
    return _(TARGETS_IN_FULL[c.per]) % {"n": c.minimum}


def verdict_of(row: CommitmentStatus, note: FollowupNote | None) -> str:
    """The judgement of the year so far: at its end (every unit ended) a targeted commitment
    is met, partly met (something done or a unit met) or not met; before it, its state. One
    without a minimum: by the follow-up's assessment, else done when anything was, else not
    reported."""
    if row.minimum is None:
        if note is not None and note.assessment is not None:
            return note.assessment
        return "done" if row.done > 0 else "not_reported"
    if row.state == "met":
        return "met"
    if row.units_elapsed < row.units:
        return row.state
    return "partly" if row.done > 0 or row.units_met > 0 else "not_met"


@dataclass(frozen=True)
class Request:
    """What the report is asked for."""

    period: ReportPeriod
    as_of: dt.date
    in_progress: bool
    agreement: str | None = None
    party: str | None = None
    lang: str = "sv"


def agreements_for(dataset: Dataset | Tallied, request: Request) -> list[AgreementFile]:
    """The agreements the report covers: those covering the period (the one asked for), and
    with --party only those where that party is responsible for something."""
    found = [
        a
        for a in covering(dataset, request.period)
        if request.agreement is None or a.id == request.agreement
    ]
    if request.party is not None:
        found = [
            a for a in found if any(request.party in c.responsible for c in a.agreement.commitments)
        ]
    return found


def build_report(dataset: Dataset | Tallied, request: Request) -> Report:
    """The whole document for REQUEST."""
    period = request.period
    shown = agreements_for(dataset, request)
    year = compute_status(dataset, period.year, request.as_of)
    rows = {(a.id, r.id): r for a in year.agreements for r in a.rows}
    if period.is_year:
        # each tertial as of the report's day: a week that begins in T1 and ends in T2 is
        # judged whole, as the year column judges it
        spans = [(t.first, t.last, request.as_of) for t in tertials(period.year)]
        whole = _("Year so far") if request.in_progress else _("Full year")
        columns: tuple[str, ...] = ("T1", "T2", "T3", whole)
    else:
        spans = [(period.first, period.last, request.as_of)]
        columns = (column_name(period), _("Year so far"))
    outcomes = [
        None if first > request.as_of else span_outcomes(dataset, first, last, as_of)
        for first, last, as_of in spans
    ]
    notes = _notes(dataset, period)
    agreements = tuple(
        _agreement(a, request, notes.get(a.id, (None, {})), rows, outcomes, columns) for a in shown
    )
    title = _("Follow-up of citizen promises, %(period)s") % {"period": period_name(period)}
    if request.party is not None and shown:
        title += " – " + shown[0].agreement.parties.get(request.party, request.party)
    return Report(lang=request.lang, title=title, agreements=agreements)


def _notes(
    dataset: Dataset | Tallied, period: ReportPeriod
) -> dict[str, tuple[str | None, dict[str, FollowupNote]]]:
    """Per agreement id, the summary and per-commitment notes of its follow-up for PERIOD."""
    found: dict[str, tuple[str | None, dict[str, FollowupNote]]] = {}
    for f in dataset.followups:
        if f.followup.report_period != period:
            continue
        a = followup_agreement(dataset, f)
        if a is not None:
            found.setdefault(a.id, (f.followup.summary, dict(f.followup.commitments or {})))
    return found


def _cell(outcome: SpanOutcome, c: Commitment) -> Cell:
    word, symbol = STATE_WORDS[outcome.state]
    if outcome.target is None and c.minimum is not None:
        word = N_("no part target")
    return Cell(outcome.done, outcome.target, outcome.state, _(word), symbol)


def _year_cell(row: CommitmentStatus) -> Cell:
    word, symbol = STATE_WORDS[row.state]
    return Cell(row.done, row.target, row.state, _(word), symbol)  # minimum × units, or × days


def _agreement(
    a: AgreementFile,
    request: Request,
    written: tuple[str | None, dict[str, FollowupNote]],
    rows: dict[tuple[str, str], CommitmentStatus],
    outcomes: Sequence[dict[tuple[str, str], SpanOutcome] | None],
    columns: tuple[str, ...],
) -> AgreementReport:
    agreement = a.agreement
    summary, notes = written
    parties = agreement.parties
    by_area: dict[str, list[Row]] = {key: [] for key in agreement.focus_areas}
    verdicts: list[tuple[str, tuple[str, ...]]] = []
    for c in agreement.commitments:
        if request.party is not None and request.party not in c.responsible:
            continue
        status = rows.get((a.id, c.id))
        if status is None:  # pragma: no cover - compute_status has every commitment
            continue
        note = notes.get(c.id)
        cells = [
            _not_begun() if o is None else _cell(o.get((a.id, c.id), _NOTHING), c) for o in outcomes
        ]
        cells.append(_year_cell(status))
        verdict = verdict_of(status, note)
        word, symbol = VERDICT_WORDS[verdict]
        verdicts.append((verdict, tuple(c.responsible)))
        by_area.setdefault(c.area, []).append(
            Row(
                title=c.title,
                responsible=tuple(parties.get(p, p) for p in c.responsible),
                target=target_words(c),
                condition=getattr(c, "condition", None),
                cells=tuple(cells),
                verdict=verdict,
                verdict_word=_(word),
                verdict_symbol=symbol,
                rate=None,
                comment=note.comment if note is not None else None,
                sources=(),
            )
        )
    final = not request.in_progress and request.period.is_year
    tallies: tuple[str, ...] = ()
    if request.party is None and len(parties) > 1:
        tallies = tuple(
            _("%(party)s: %(line)s")
            % {"party": name, "line": _line([v for v, who in verdicts if key in who], final)}
            for key, name in parties.items()
            if any(key in who for _v, who in verdicts)
        )
    as_of = request.as_of.isoformat()
    return AgreementReport(
        title=agreement.title,
        parties=tuple(parties.values()),
        heading=_("Follow-up %(period)s") % {"period": period_name(request.period)},
        span=span_words(request.period.first, request.period.last),
        as_of=as_of,
        in_progress=(
            _("The period is in progress: the state on %(date)s.") % {"date": as_of}
            if request.in_progress
            else None
        ),
        verdict=_line([v for v, _who in verdicts], final),
        summary=summary,
        columns=columns,
        areas=tuple(
            Area(agreement.focus_areas[key], tuple(found))
            for key, found in by_area.items()
            if found and key in agreement.focus_areas
        ),
        party_tallies=tallies,
    )


_NOTHING = SpanOutcome(0, 0, None, "untargeted")


def _not_begun() -> Cell:
    """A tertial that has not begun on the as-of day: nothing to judge yet."""
    return Cell(0, None, "untargeted", _("not begun"), "–")


def _line(verdicts: Sequence[str], final: bool) -> str:
    """ "6 av 9 löften uppfyllda eller enligt plan" ("… eller genomförda" at a year's end)."""
    good, total = sum(v in GOOD for v in verdicts), len(verdicts)
    values = {"good": good, "total": total}
    if final:
        return (
            ngettext(
                "%(good)s of %(total)s promise met or done",
                "%(good)s of %(total)s promises met or done",
                total,
            )
            % values
        )
    return (
        ngettext(
            "%(good)s of %(total)s promise met or on track",
            "%(good)s of %(total)s promises met or on track",
            total,
        )
        % values
    )
