"""What `mlofte init` is told: commitments and focus areas parsed from its options, and the
questions it asks in a terminal for what no option gave."""

from __future__ import annotations

import datetime as dt
import sys
from typing import TYPE_CHECKING

import typer

from medborgarlofte.cli.common import fail
from medborgarlofte.core.units import PER_KINDS
from medborgarlofte.report.i18n import _

if TYPE_CHECKING:
    from medborgarlofte.files.start import NewCommitment

WHO = {
    "polisen": ("polisen",),
    "kommunen": ("kommunen",),
    "polisen+kommunen": ("polisen", "kommunen"),
}
WHO["kommunen+polisen"] = ("kommunen", "polisen")
SPEC = "ID:AREA:WHO:TARGET:TITLE"
SPEC_EXAMPLE = "'hundsok-skola:droger:polisen:2/year:Sök med hund'"


def parse_target(value: str, where: str) -> tuple[int | None, str | None]:
    """`-` (no target), `MINIMUM/PER` (`4/year`, `1/week`) or `MINIMUM` (per year)."""
    from medborgarlofte.core.model import MAX_MINIMUM

    value = value.strip()
    if value in ("-", ""):
        return None, None
    number, _slash, per = value.partition("/")
    per = per.strip() or "year"
    number = number.strip()
    if not (number.isascii() and number.isdigit() and 1 <= int(number) <= MAX_MINIMUM):
        fail(
            _("{where}: the target {value} needs a minimum from 1 to {most}, e.g. 4/year").format(
                where=where, value=repr(value), most=MAX_MINIMUM
            )
        )
    if per not in PER_KINDS:
        fail(
            _("{where}: {per} is no unit; one of {kinds}").format(
                where=where, per=repr(per), kinds=", ".join(PER_KINDS)
            )
        )
    return int(number), per


def parse_who(value: str, where: str) -> tuple[str, ...]:
    who = WHO.get(value.strip().replace(" ", ""))
    if who is None:
        fail(
            _(
                "{where}: who is responsible is polisen, kommunen or polisen+kommunen, not {value}"
            ).format(where=where, value=repr(value))
        )
    return who


def parse_spec(spec: str) -> NewCommitment:
    """`ID:AREA:WHO:TARGET:TITLE`, the title being the rest (colons and all)."""
    from medborgarlofte.files.start import NewCommitment

    parts = spec.split(":", 4)
    if len(parts) < 5 or not parts[4].strip():
        fail(
            _("--commitment {spec} is not {form}, e.g. {example}").format(
                spec=repr(spec), form=SPEC, example=SPEC_EXAMPLE
            )
        )
    ident, area, who, target, title = (part.strip() for part in parts)
    where = f"--commitment {ident}"
    minimum, per = parse_target(target, where)
    return NewCommitment(ident, area, parse_who(who, where), minimum, per, title)


def parse_area(value: str) -> tuple[str, str]:
    key, equals, name = value.partition("=")
    if not equals or not key.strip() or not name.strip():
        fail(
            _("--area {value} is not KEY=NAME, e.g. --area 'droger=Droger och folkhälsa'").format(
                value=repr(value)
            )
        )
    return key.strip(), name.strip()


# --- questions, asked only in a terminal ---


def say(message: str) -> None:
    from medborgarlofte.core.text import shown

    sys.stderr.write(f"mlofte: {shown(message)}\n")


def area_question(key: str) -> str:
    return _("Name of focus area {key} (e.g. Droger och folkhälsa)").format(key=key)


def ask(question: str, default: str | None = None) -> str:
    while True:
        answer = str(typer.prompt(question, default=default or "", show_default=bool(default)))
        if answer.strip():
            return answer.strip()
        say(_("an answer is needed here"))


def ask_date(question: str, after: dt.date | None = None) -> dt.date:
    while True:
        answer = ask(question)
        try:
            day = dt.date.fromisoformat(answer)
        except ValueError:
            say(_("{answer} is not a date such as 2025-01-01").format(answer=repr(answer)))
            continue
        if after is not None and day < after:
            say(_("the last day comes on or after the first ({first})").format(first=after))
            continue
        return day


def ask_id(question: str, default: str | None, taken: set[str], allow_empty: bool) -> str:
    from medborgarlofte.core.ids import is_slug, slugify

    while True:
        answer = str(typer.prompt(question, default=default or "", show_default=bool(default)))
        answer = answer.strip()
        if not answer and allow_empty:
            return ""
        if answer in taken:
            say(_("{answer} is taken already").format(answer=repr(answer)))
        elif is_slug(answer):
            return answer
        else:
            hint = slugify(answer)
            message = _("{answer} is not an id: a-z, 0-9 and '-'").format(answer=repr(answer))
            say(message + (_(" (e.g. {hint})").format(hint=hint) if hint else ""))


def ask_commitment(areas: dict[str, str], taken: set[str], first: bool) -> NewCommitment | None:
    from medborgarlofte.files.start import NewCommitment

    question = _("Commitment id (e.g. hundsok-skola)") + ("" if first else _("; empty to end"))
    ident = ask_id(question, None, taken, allow_empty=True)
    if not ident:
        if first:
            say(_("an agreement needs at least one commitment"))
            return ask_commitment(areas, taken, first)
        return None
    title = ask("  " + _("Title (e.g. Sök med hund i skolmiljö)"))
    known = (
        _("Focus area ({keys} or a new key)").format(keys=", ".join(areas))
        if areas
        else _("Focus area (a key, e.g. droger)")
    )
    area = ask_id(f"  {known}", next(iter(areas), None), set(), allow_empty=False)
    if area not in areas:
        areas[area] = ask("  " + area_question(area))
    while True:
        who = ask("  " + _("Responsible (polisen, kommunen or polisen+kommunen)"), "polisen")
        if who.replace(" ", "") in WHO:
            break
        say(_("answer polisen, kommunen or polisen+kommunen"))
    while True:
        question = "  " + _("Target (e.g. 4/year, 1/week; - for none)")
        target = str(typer.prompt(question, default="-"))
        try:
            minimum, per = parse_target(target, _("the target"))
            break
        except typer.Exit:  # the reason is on stderr; ask again
            continue
    return NewCommitment(ident, area, WHO[who.replace(" ", "")], minimum, per, title)


def default_id(municipality: str, start: dt.date, end: dt.date) -> str:
    from medborgarlofte.core.ids import slugify

    return slugify(f"{municipality.split()[0]}-{start.year}-{end.year}")
