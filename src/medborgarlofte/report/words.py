"""How targets, states and counts are said, the same in the table and in every document, in
the language of the run: every word a message id of the catalogue, every count by ngettext."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable

from medborgarlofte.core.status import AgreementStatus, CommitmentStatus, State, StatusReport
from medborgarlofte.core.units import Per
from medborgarlofte.report.i18n import N_, _, decimal, ngettext

TARGETS: dict[Per, str] = {
    "year": N_("%(n)s a year"),
    "half-year": N_("%(n)s per half-year"),
    "tertial": N_("%(n)s per tertial"),
    "quarter": N_("%(n)s a quarter"),
    "month": N_("%(n)s a month"),
    "week": N_("%(n)s a week"),
    "day": N_("%(n)s a day"),
    "period": N_("%(n)s in the period"),
}
"""A target in a table's few words ("4 a year", "4 per år"): the column says it is a minimum;
the follow-up report, read by citizens, says "at least 4 a year" ("minst 4 per år")."""
TARGETS_IN_FULL: dict[Per, str] = {
    "year": N_("at least %(n)s a year"),
    "half-year": N_("at least %(n)s per half-year"),
    "tertial": N_("at least %(n)s per tertial"),
    "quarter": N_("at least %(n)s per quarter"),
    "month": N_("at least %(n)s a month"),
    "week": N_("at least %(n)s a week"),
    "day": N_("at least %(n)s a day"),
    "period": N_("at least %(n)s during the agreement period"),
}
"""A target in the follow-up report's words, for citizens: "at least 4 a year"."""
UNITS_COUNTED: dict[str, Callable[[int], str]] = {
    "half-year": lambda n: ngettext("{met}/{units} half-year", "{met}/{units} half-years", n),
    "tertial": lambda n: ngettext("{met}/{units} tertial", "{met}/{units} tertials", n),
    "quarter": lambda n: ngettext("{met}/{units} quarter", "{met}/{units} quarters", n),
    "month": lambda n: ngettext("{met}/{units} month", "{met}/{units} months", n),
    "week": lambda n: ngettext("{met}/{units} week", "{met}/{units} weeks", n),
}
UNITS_MET: dict[str, Callable[[int], str]] = {
    "half-year": lambda n: ngettext(
        "{met}/{units} half-year met", "{met}/{units} half-years met", n
    ),
    "tertial": lambda n: ngettext("{met}/{units} tertial met", "{met}/{units} tertials met", n),
    "quarter": lambda n: ngettext("{met}/{units} quarter met", "{met}/{units} quarters met", n),
    "month": lambda n: ngettext("{met}/{units} month met", "{met}/{units} months met", n),
    "week": lambda n: ngettext("{met}/{units} week met", "{met}/{units} weeks met", n),
}
THIS_UNIT: dict[str, str] = {
    "half-year": N_("this half-year"),
    "tertial": N_("this tertial"),
    "quarter": N_("this quarter"),
    "month": N_("this month"),
    "week": N_("this week"),
}
"""The unit that holds today, as `log` says it back."""
UNITS_MET_IN_FULL: dict[str, Callable[[int], str]] = {
    "half-year": lambda n: ngettext(
        "{met} of {units} half-year met", "{met} of {units} half-years met", n
    ),
    "tertial": lambda n: ngettext(
        "{met} of {units} tertial met", "{met} of {units} tertials met", n
    ),
    "quarter": lambda n: ngettext(
        "{met} of {units} quarter met", "{met} of {units} quarters met", n
    ),
    "month": lambda n: ngettext("{met} of {units} month met", "{met} of {units} months met", n),
    "week": lambda n: ngettext("{met} of {units} week met", "{met} of {units} weeks met", n),
}
"""As UNITS_MET, in the sentence `log` says back: "3 of 52 weeks met"."""
STATE_LOOK: dict[State, tuple[str, str, str]] = {
    "met": ("✔", N_("met"), "green"),
    "on_track": ("●", N_("on track"), "cyan"),
    "behind": ("▲", N_("behind"), "yellow"),
    "missed": ("✘", N_("missed"), "red"),
    "untargeted": ("–", N_("untargeted"), "dim"),
}
"""Per state: its symbol, its word (a message id: translate it with `state_word`), its colour."""
DASH = "–"


def unit_label(per: str, first: dt.date, last: dt.date, today: dt.date) -> str:
    """The unit from FIRST to LAST as `log` names it: "this week", "in week 9 of 2021",
    "in 2021-03", "in T2 2021"; a unit of any other kind by its days."""
    if first <= today <= last and per in THIS_UNIT:
        return _(THIS_UNIT[per])
    if per == "week":
        iso = first.isocalendar()
        return _("in week {week} of {year}").format(week=iso.week, year=iso.year)
    if per == "month":
        return _("in {month}").format(month=f"{first:%Y-%m}")
    if per in _LETTERS:
        letter, per_year = _LETTERS[per]
        number = (first.month - 1) // (12 // per_year) + 1
        return _("in {period}").format(period=f"{letter}{number} {first.year}")
    return _("from {first} to {last}").format(first=first.isoformat(), last=last.isoformat())


_LETTERS = {"half-year": ("H", 2), "tertial": ("T", 3), "quarter": ("Q", 4)}
"""The letter of a unit in the period's own name (2021-T2) and how many a year has."""


def state_word(state: State) -> str:
    """The state in words: "met", "enligt plan"."""
    return _(STATE_LOOK[state][1])


def state_label(state: State) -> str:
    """The symbol and the word: "✔ met", "✘ ej uppfyllt"."""
    return f"{STATE_LOOK[state][0]} {state_word(state)}"


def target_text(minimum: int | None, per: Per, untargeted: str = DASH) -> str:
    """The target as a coordinator says it: "4 a year", "1 per vecka", "3 under perioden"."""
    if minimum is None:
        return untargeted
    return _(TARGETS[per]) % {"n": minimum}


def units_met_text(row: CommitmentStatus, met: bool = False) -> str:
    """Like "47/52 weeks" ("47/52 weeks met" with `met`) for units shorter than a year; blank
    when the unit is year, period or day."""
    names = (UNITS_MET if met else UNITS_COUNTED).get(row.per)
    if names is None or row.minimum is None:
        return ""
    return names(row.units).format(met=row.units_met, units=row.units)


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


def party_names(status: AgreementStatus, keys: tuple[str, ...] | list[str]) -> str:
    """The responsible parties by the agreement's names for them ("Polisen; Haparanda stad"):
    a semicolon between them, since a name may hold a comma."""
    return "; ".join(status.parties.get(key, key) for key in keys)


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


def what_it_takes(row: CommitmentStatus) -> list[str]:
    """Why a behind row is behind: units already missed, and what the unit in progress needs."""
    if row.state != "behind":
        return []
    parts = []
    if row.units_missed:
        parts.append(
            ngettext("{n} unit missed", "{n} units missed", row.units_missed).format(
                n=row.units_missed
            )
        )
    if row.needed_now:
        parts.append(
            ngettext("{n} more needed now", "{n} more needed now", row.needed_now).format(
                n=row.needed_now
            )
        )
    return parts


def one_decimal(value: float | None) -> str:
    """One decimal, halves rounded up as people do (1.25 -> 1.3), "–" for no value; with a
    decimal point, as the CSV writes it (`one_decimal_text` for a person)."""
    if value is None:
        return DASH
    return f"{math.floor(value * 10 + 0.5) / 10:.1f}"


def one_decimal_text(value: float | None) -> str:
    """`one_decimal` as the language writes it ("1,3" in Swedish)."""
    return decimal(one_decimal(value))


def tally_line(counts: dict[State, int]) -> str:
    """A line like "3 of 6 met · 1 behind · 2 without target": met of targeted, zeros left out."""
    targeted = sum(n for state, n in counts.items() if state != "untargeted")
    met = counts["met"]
    # TRANSLATORS: the plural follows the total ("1 av 4 uppfyllda", "1 av 1 uppfyllt")
    parts = [ngettext("{met} of {total} met", "{met} of {total} met", targeted)]
    parts[0] = parts[0].format(met=met, total=targeted)
    words: list[tuple[int, str]] = [
        (counts["on_track"], ngettext("{n} on track", "{n} on track", counts["on_track"])),
        (counts["behind"], ngettext("{n} behind", "{n} behind", counts["behind"])),
        (counts["missed"], ngettext("{n} missed", "{n} missed", counts["missed"])),
        (
            counts["untargeted"],
            ngettext("{n} without target", "{n} without target", counts["untargeted"]),
        ),
    ]
    parts += [word.format(n=n) for n, word in words if n]
    return " · ".join(parts)


def footer_line(report: StatusReport) -> str:
    """What was counted and what was left out, so a missing entry is never a silent mystery."""
    counted = ngettext("{n} entry counted", "{n} entries counted", report.counted)
    line = _("as of {date}").format(date=report.as_of.isoformat())
    line += " · " + counted.format(n=report.counted)
    if report.left_out:
        why = []
        if report.after_as_of:
            after = ngettext("{n} dated after as-of", "{n} dated after as-of", report.after_as_of)
            why.append(after.format(n=report.after_as_of))
        if report.outside:
            why.append(_("{n} outside the year").format(n=report.outside))
        left = ngettext("{n} left out ({why})", "{n} left out ({why})", report.left_out)
        line += " · " + left.format(n=report.left_out, why=", ".join(why))
    return line
