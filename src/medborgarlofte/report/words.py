"""How targets, states and counts are said, the same in the table and in every document."""

from __future__ import annotations

import math

from medborgarlofte.core.model import Per
from medborgarlofte.core.status import AgreementStatus, CommitmentStatus, State, StatusReport
from medborgarlofte.report.i18n import _

PER_SWEDISH: dict[str, str] = {
    "year": "år",
    "half-year": "halvår",
    "tertial": "tertial",
    "quarter": "kvartal",
    "month": "månad",
    "week": "vecka",
    "day": "dag",
}
UNIT_NAMES: dict[str, tuple[str, str]] = {
    "half-year": ("half-year", "half-years"),
    "tertial": ("tertial", "tertials"),
    "quarter": ("quarter", "quarters"),
    "month": ("month", "months"),
    "week": ("week", "weeks"),
}
STATE_LOOK: dict[State, tuple[str, str, str]] = {
    "met": ("✔", "met", "green"),
    "on_track": ("●", "on track", "cyan"),
    "behind": ("▲", "behind", "yellow"),
    "missed": ("✘", "missed", "red"),
    "untargeted": ("–", "untargeted", "dim"),
}
DASH = "–"


def target_text(minimum: int | None, per: Per, untargeted: str = DASH) -> str:
    """The target as a Swedish coordinator says it: "4 per år", "3 under perioden"."""
    if minimum is None:
        return untargeted
    if per == "period":
        return f"{minimum} under perioden"
    return f"{minimum} per {PER_SWEDISH[per]}"


def units_met_text(row: CommitmentStatus) -> str:
    """Like "47/52 weeks" for units shorter than a year; blank when the unit is year or period."""
    names = UNIT_NAMES.get(row.per)
    if names is None or row.minimum is None:
        return ""
    return f"{row.units_met}/{row.units} {names[row.units != 1]}"


def decimal_text(hundredths: int) -> str:
    """A number given in hundredths, with two decimals: "0.77" in English, "0,77" in Swedish."""
    # TRANSLATORS: how a number with decimals is written; Swedish uses a decimal comma
    return _("{whole}.{fraction}").format(
        whole=hundredths // 100, fraction=f"{hundredths % 100:02d}"
    )


def rate_text(row: CommitmentStatus) -> str:
    """The rate a `per: day` commitment has achieved so far ("0.77 per day"); "" for any other
    kind, or before its first day. Rounded half up from done / days, in integers."""
    if row.per != "day" or row.minimum is None or row.days_elapsed <= 0:
        return ""
    hundredths = (200 * row.done + row.days_elapsed) // (2 * row.days_elapsed)
    return _("{rate} per day").format(rate=decimal_text(hundredths))


def condition_text(condition: str | None) -> str:
    """The condition a promise is made on, as a note under its title; "" without one."""
    if condition is None:
        return ""
    return _("condition: {condition}").format(condition=condition)


def party_lines(status: AgreementStatus, party: str | None = None) -> list[str]:
    """Per party of the agreement (or only `party`), how its commitments stand:
    "Polisen: 4 of 5 met", named as the agreement's parties name them."""
    lines = []
    for key, name in status.parties.items():
        if party is not None and key != party:
            continue
        rows = [row for row in status.rows if key in row.responsible]
        if not rows:
            continue
        counts: dict[State, int] = {state: 0 for state in STATE_LOOK}
        for row in rows:
            counts[row.state] += 1
        lines.append(_("{party}: {tally}").format(party=name, tally=tally_line(counts)))
    return lines


def plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def what_it_takes(row: CommitmentStatus) -> list[str]:
    """Why a behind row is behind: units already missed, and what the unit in progress needs."""
    if row.state != "behind":
        return []
    parts = []
    if row.units_missed:
        parts.append(plural(row.units_missed, "unit", "units") + " missed")
    if row.needed_now:
        parts.append(f"{row.needed_now} more needed now")
    return parts


def one_decimal(value: float | None) -> str:
    """One decimal, halves rounded up as people do (1.25 -> 1.3), "–" for no value."""
    if value is None:
        return DASH
    return f"{math.floor(value * 10 + 0.5) / 10:.1f}"


def tally_line(counts: dict[State, int]) -> str:
    """A line like "3 of 6 met · 1 behind · 2 without target": met of targeted, zeros left out."""
    targeted = sum(n for state, n in counts.items() if state != "untargeted")
    parts = [f"{counts['met']} of {targeted} met"]
    parts += [
        f"{counts[s]} {STATE_LOOK[s][1]}" for s in ("on_track", "behind", "missed") if counts[s]
    ]
    if counts["untargeted"]:
        parts.append(f"{counts['untargeted']} without target")
    return " · ".join(parts)


def footer_line(report: StatusReport) -> str:
    """What was counted and what was left out, so a missing entry is never a silent mystery."""
    line = (
        f"as of {report.as_of.isoformat()} · {plural(report.counted, 'entry', 'entries')} counted"
    )
    if report.left_out:
        why = []
        if report.after_as_of:
            why.append(f"{report.after_as_of} dated after as-of")
        if report.outside:
            why.append(f"{report.outside} outside the year")
        line += f" · {report.left_out} left out ({', '.join(why)})"
    return line
