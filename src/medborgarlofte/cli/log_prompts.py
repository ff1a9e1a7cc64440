"""The questions `mlofte log` asks in a terminal, and what it says about an entry before it is
written, in the user's language: a wrong answer is said on stderr and asked again, so that
nobody loses the answers given so far."""

from __future__ import annotations

import datetime as dt
import sys
from typing import TYPE_CHECKING

import typer

from medborgarlofte.cli import common
from medborgarlofte.cli.common import EXIT_PROBLEMS, fail, unknown_agreement
from medborgarlofte.core.text import shown
from medborgarlofte.report.i18n import _

if TYPE_CHECKING:
    from medborgarlofte.core.model import Tallied
    from medborgarlofte.report.standing import Choice


def say(message: str) -> None:
    sys.stderr.write(f"mlofte: {shown(message)}\n")


def split_parties(values: list[str] | None) -> list[str]:
    """`--by a --by b` or `--by a,b`: the party keys, in order, each once, blanks dropped."""
    parts = [part.strip() for value in values or () for part in value.split(",")]
    return list(dict.fromkeys(part for part in parts if part))


def ask_commitment(items: list[Choice]) -> Choice:
    from medborgarlofte.core.text import clean

    many = len({item.agreement.id for item in items}) > 1
    for number, item in enumerate(items, 1):
        where = f" [{item.agreement.id}]" if many else ""
        sys.stdout.write(
            f"{number:>3}. {clean(item.commitment.title)} ({item.commitment.id}){where}:"
            f" {item.standing}\n"
        )
    while True:
        answer = str(typer.prompt(_("Which one? (number or id)"))).strip()
        if answer.isdigit() and 1 <= int(answer) <= len(items):
            return items[int(answer) - 1]
        matching = [item for item in items if item.commitment.id == answer]
        if len(matching) == 1:
            return matching[0]
        if matching:
            say(
                _("'{answer}' is in several agreements; answer with its number").format(
                    answer=answer
                )
            )
            continue
        hint = common.did_you_mean(answer, [item.commitment.id for item in items])
        said = _("no commitment {answer}{hint}; answer 1 to {last} or an id")
        say(said.format(answer=clean(repr(answer)), hint=hint, last=len(items)))


def ask_count() -> int:
    from medborgarlofte.core.model import MAX_COUNT

    while True:
        answer = str(typer.prompt(_("Count"), default="1")).strip()
        if answer.isascii() and answer.isdigit() and 1 <= int(answer) <= MAX_COUNT:
            return int(answer)
        say(_("the count is a whole number from 1 to {most}").format(most=MAX_COUNT))


def ask_note() -> str | None:
    """Asked again while it holds a personal identity number: refusing the entry there would
    lose every answer given so far."""
    from medborgarlofte.core.personal import personal_number_offsets
    from medborgarlofte.core.problems import problem
    from medborgarlofte.report.messages import message

    while True:
        answer = str(typer.prompt(_("Note (optional)"), default="", show_default=False))
        if not personal_number_offsets(answer):
            return answer or None
        said = message(problem("", 1, 1, "personal-number"))
        say(_("note: {message}").format(message=said))


def ask_parties(choice: Choice) -> list[str]:
    from medborgarlofte.core.text import quote

    known = choice.agreement.agreement.parties
    default = choice.commitment.responsible[0]
    question = _("Done by ({known}; several with commas; - for none)")
    while True:
        answer = str(typer.prompt(question.format(known=", ".join(known)), default=default))
        if answer.strip() == "-":
            return []
        parties = split_parties([answer])
        unknown = [p for p in parties if p not in known]
        if not unknown:
            return parties
        said = _("unknown party {party}{hint}; known: {known}").format(
            party=quote(unknown[0]),
            hint=common.did_you_mean(unknown[0], known),
            known=", ".join(known),
        )
        sys.stderr.write(f"mlofte: {said}\n")


def ask_date(dataset: Tallied, today: dt.date, agreement: str | None) -> dt.date:
    """The day it was done: today by default, or the nearest day an agreement covers."""
    from medborgarlofte.core.entries import nearest_day

    default = nearest_day(dataset, today, agreement).isoformat()
    covering = [a for a in dataset.agreements if agreement in (None, a.id)]
    while True:
        answer = str(typer.prompt(_("Date (YYYY-MM-DD)"), default=default)).strip()
        try:
            day = dt.date.fromisoformat(answer)
        except ValueError:
            message = _("{answer} is not a date such as {example}")
            say(message.format(answer=repr(answer), example=default))
            continue
        if any(a.agreement.period.start <= day <= a.agreement.period.end for a in covering):
            return day
        periods = ", ".join(
            _("{agreement} {start} to {end}").format(
                agreement=a.id, start=a.agreement.period.start, end=a.agreement.period.end
            )
            for a in covering
        )
        message = _("no agreement covers {day}; {periods}").format(
            day=day, periods=periods or _("no agreement")
        )
        sys.stderr.write(f"mlofte: {message}\n")


def say_repeats(paths: list[str], then: str) -> None:
    if paths:
        message = _(
            "an identical entry (same date, commitment, count, parties and note) is already"
            " in {paths}"
        ).format(paths=", ".join(paths))
        sys.stderr.write(f"mlofte: warning: {shown(message + then)}\n")


def confirm_write(path: str, text: str, repeats: list[str]) -> None:
    """The entry shown as it will be written, then written only on a yes."""
    sys.stdout.write(_("To be written to {path}:").format(path=path) + "\n")
    sys.stdout.write("".join(f"  {line}\n" for line in text.splitlines()))
    say_repeats(repeats, "")
    question = _("Write it anyway?") if repeats else _("Write it?")
    if not common.confirm(question, default=not repeats):
        fail(_("nothing written"), EXIT_PROBLEMS)


def interactive(
    dataset: Tallied, day: dt.date, today: dt.date, agreement: str | None
) -> tuple[Choice, str | None]:
    """The commitment chosen from a numbered list, and the agreement to write (None: implied)."""
    from medborgarlofte.report.standing import choices

    if agreement is not None and dataset.agreement(agreement) is None:
        unknown_agreement(agreement, dataset)
    items = [c for c in choices(dataset, day, today) if agreement in (None, c.agreement.id)]
    if not items:
        fail(
            _("no agreement covers {day}; give another day with --date").format(day=day),
            EXIT_PROBLEMS,
        )
    sys.stdout.write(_("Commitments on {day} (another day: --date):").format(day=day) + "\n")
    choice = ask_commitment(items)
    return choice, (choice.agreement.id if choice.shared or agreement else None)
