"""`mlofte log`: one entry recorded, checked first with the rules of `validate`."""

from __future__ import annotations

import datetime as dt
import sys
from typing import TYPE_CHECKING, Annotated, NoReturn, Optional

import typer

from medborgarlofte.cli import common
from medborgarlofte.cli.common import (
    EXIT_PROBLEMS,
    LangOption,
    RootOption,
    data_root,
    fail,
    go_on_despite,
    load_checked,
    load_tallied,
    parse_count,
    parse_date,
    print_problems_and_exit,
    unknown_agreement,
)
from medborgarlofte.cli.output import EXIT_OUTPUT, OutputFailed, stdout_closed
from medborgarlofte.core.text import shown
from medborgarlofte.report.i18n import N_, _

if TYPE_CHECKING:
    from pathlib import Path

    from medborgarlofte.core.model import Entry, Tallied
    from medborgarlofte.core.problems import Problem
    from medborgarlofte.report.standing import Choice


def today() -> dt.date:
    """Today's date: a function of its own so that tests can fix the day."""
    return dt.date.today()


def _split_parties(values: list[str] | None) -> list[str]:
    """`--by a --by b` or `--by a,b`: the party keys, in order, each once, blanks dropped."""
    parts = [part.strip() for value in values or () for part in value.split(",")]
    return list(dict.fromkeys(part for part in parts if part))


def _refuse(problems: list[Problem]) -> NoReturn:
    from medborgarlofte.core.problems import errors, sort_problems
    from medborgarlofte.core.text import shown
    from medborgarlofte.report.messages import message

    for problem in sort_problems(errors(problems)):
        sys.stderr.write(f"mlofte: {shown(message(problem))}\n")
    fail("nothing written", EXIT_PROBLEMS)


def _ask_commitment(items: list[Choice]) -> Choice:
    from medborgarlofte.core.ids import did_you_mean
    from medborgarlofte.core.text import clean

    many = len({item.agreement.id for item in items}) > 1
    for number, item in enumerate(items, 1):
        where = f" [{item.agreement.id}]" if many else ""
        sys.stdout.write(
            f"{number:>3}. {clean(item.commitment.title)} ({item.commitment.id}){where}:"
            f" {item.standing}\n"
        )
    while True:
        answer = str(typer.prompt("Which one? (number or id)")).strip()
        if answer.isdigit() and 1 <= int(answer) <= len(items):
            return items[int(answer) - 1]
        matching = [item for item in items if item.commitment.id == answer]
        if len(matching) == 1:
            return matching[0]
        if matching:
            sys.stderr.write(
                f"mlofte: '{answer}' is in several agreements; answer with its number\n"
            )
            continue
        hint = did_you_mean(answer, [item.commitment.id for item in items])
        sys.stderr.write(
            f"mlofte: no commitment {clean(repr(answer))}{hint}; answer 1 to {len(items)} or an id\n"
        )


def _ask_count() -> int:
    from medborgarlofte.core.model import MAX_COUNT

    while True:
        answer = str(typer.prompt("Count", default="1")).strip()
        if answer.isascii() and answer.isdigit() and 1 <= int(answer) <= MAX_COUNT:
            return int(answer)
        sys.stderr.write(f"mlofte: the count is a whole number from 1 to {MAX_COUNT}\n")


def _ask_note() -> str | None:
    """Asked again while it holds a personal identity number: refusing the entry there would
    lose every answer given so far."""
    from medborgarlofte.core.personal import MESSAGE, personal_number_offsets

    while True:
        answer = str(typer.prompt("Note (optional)", default="", show_default=False))
        if not personal_number_offsets(answer):
            return answer or None
        sys.stderr.write(f"mlofte: note: {MESSAGE}\n")


def _ask_parties(choice: Choice) -> list[str]:
    from medborgarlofte.core.ids import did_you_mean
    from medborgarlofte.core.text import quote

    known = choice.agreement.agreement.parties
    default = choice.commitment.responsible[0]
    while True:
        answer = str(
            typer.prompt(
                f"Done by ({', '.join(known)}; several with commas; - for none)", default=default
            )
        )
        if answer.strip() == "-":
            return []
        parties = _split_parties([answer])
        unknown = [p for p in parties if p not in known]
        if not unknown:
            return parties
        hint = did_you_mean(unknown[0], known)
        sys.stderr.write(
            f"mlofte: unknown party {quote(unknown[0])}{hint}; known: {', '.join(known)}\n"
        )


def _ask_date(dataset: Tallied, today: dt.date, agreement: str | None) -> dt.date:
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
            message = message.format(answer=repr(answer), example=default)
            sys.stderr.write(f"mlofte: {shown(message)}\n")
            continue
        if any(a.agreement.period.start <= day <= a.agreement.period.end for a in covering):
            return day
        periods = ", ".join(
            f"{a.id} {a.agreement.period.start} to {a.agreement.period.end}" for a in covering
        )
        message = _("no agreement covers {day}; {periods}").format(
            day=day, periods=periods or _("no agreement")
        )
        sys.stderr.write(f"mlofte: {message}\n")


def _repeats(root: Path, dataset: Tallied, agreement: str | None, entry: Entry) -> list[str]:
    """The paths of entries identical to `entry`: every entry is built only when the summary
    shows one of its commitment, day and count (a quick `log` stays quick)."""
    from medborgarlofte.core.entries import identical, may_repeat

    if agreement is None or not may_repeat(dataset, agreement, entry):
        return []
    full, _ = load_checked(root, progress=True)
    return [record.path for record in identical(full, agreement, entry)]


def _say_repeats(paths: list[str], then: str) -> None:
    if paths:
        message = _(
            "an identical entry (same date, commitment, count, parties and note) is already"
            " in {paths}"
        ).format(paths=", ".join(paths))
        sys.stderr.write(f"mlofte: warning: {shown(message + then)}\n")


def _confirm(path: str, text: str, repeats: list[str]) -> None:
    """The entry shown as it will be written, then written only on a yes."""
    sys.stdout.write(_("To be written to {path}:").format(path=path) + "\n")
    sys.stdout.write("".join(f"  {line}\n" for line in text.splitlines()))
    _say_repeats(repeats, "")
    question = _("Write it anyway?") if repeats else _("Write it?")
    if not typer.confirm(question, default=not repeats):
        fail(_("nothing written"), EXIT_PROBLEMS)


def _interactive(
    dataset: Tallied, day: dt.date, today: dt.date, agreement: str | None
) -> tuple[Choice, str | None]:
    """The commitment chosen from a numbered list, and the agreement to write (None: implied)."""
    from medborgarlofte.report.standing import choices

    if agreement is not None and dataset.agreement(agreement) is None:
        unknown_agreement(agreement, dataset)
    items = [c for c in choices(dataset, day, today) if agreement in (None, c.agreement.id)]
    if not items:
        fail(f"no agreement covers {day}; give another day with --date", EXIT_PROBLEMS)
    sys.stdout.write(f"Commitments on {day} (another day: --date):\n")
    choice = _ask_commitment(items)
    return choice, (choice.agreement.id if choice.shared or agreement else None)


HELP = N_(
    """Record one thing done: writes logs/YYYY/YYYY-MM-DD-COMMITMENT.yaml and prints its path.

The entry is checked against the whole data set with the rules of `mlofte validate`
before anything is written; a second entry for the same commitment and day gets a
numeric suffix (-2, -3, …), and an existing file is never overwritten.

Exit 0 written; 1 refused (the reason on stderr, nothing written); 2 usage error."""
)
"""`mlofte log --help`: a message id, translated at each run (cli/framework.py)."""


def log(
    commitment: Annotated[
        Optional[str],
        typer.Argument(
            metavar="COMMITMENT",
            help=N_(
                "The commitment's id (mlofte show lists them). Without it, on a terminal,"
                " a numbered list to choose from."
            ),
            show_default=False,
        ),
    ] = None,
    date: Annotated[
        Optional[str],
        typer.Option(
            "--date",
            "-d",
            metavar="DATE",
            help=N_("The day it was done (YYYY-MM-DD). Default: today."),
            show_default=False,
        ),
    ] = None,
    count: Annotated[
        Optional[str],
        typer.Option(
            "--count",
            "-n",
            metavar="N",
            help=N_("How many times it was done (a whole number). Default: 1."),
            show_default=False,
        ),
    ] = None,
    by: Annotated[
        Optional[list[str]],
        typer.Option(
            "--by",
            "-b",
            metavar="PARTY",
            help=N_(
                "The party that did it (a key of the agreement's parties); repeat it, or separate"
                " with commas, for several."
            ),
            show_default=False,
        ),
    ] = None,
    note: Annotated[
        Optional[str],
        typer.Option(
            "--note",
            metavar="TEXT",
            help=N_(
                "What was done, briefly. Logs are public: no names, no personal identity numbers."
            ),
            show_default=False,
        ),
    ] = None,
    source: Annotated[
        Optional[str],
        typer.Option(
            "--source",
            metavar="TEXT",
            help=N_("Where the outcome is documented: a link, a document or a meeting (one line)."),
            show_default=False,
        ),
    ] = None,
    agreement: Annotated[
        Optional[str],
        typer.Option(
            "--agreement",
            "-a",
            metavar="ID",
            help=N_(
                "The agreement, needed only when several agreements covering DATE have the"
                " commitment."
            ),
            show_default=False,
        ),
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help=N_("Print the path and the YAML; write nothing."))
    ] = False,
    root: RootOption = None,
    lang: LangOption = None,
) -> None:
    from medborgarlofte.core.model import Dataset
    from medborgarlofte.core.resolve import Resolver
    from medborgarlofte.files import entry as new_entry
    from medborgarlofte.files import scope
    from medborgarlofte.files import write as store
    from medborgarlofte.report.i18n import _
    from medborgarlofte.report.problems import format_text
    from medborgarlofte.report.standing import standing

    if commitment is None and not common.stdin_is_tty():
        fail(
            "missing COMMITMENT: name it (mlofte show lists the ids), e.g. mlofte log hundsok-skola;"
            " it is asked for only when stdin is a terminal"
        )
    day = parse_date(date, "--date")
    number = parse_count(count)
    today = common.current_date()
    root = data_root(root)
    # A problem in a file that is neither the new entry nor its agreement does not stop it
    dataset, problems = load_tallied(root, progress=True)
    interactive = commitment is None
    if interactive and agreement is not None and dataset.agreement(agreement) is None:
        unknown_agreement(agreement, dataset)
    if day is None:
        day = _ask_date(dataset, today, agreement) if interactive else today
    parties = _split_parties(by)
    if by is not None and (not parties or any(not value.strip() for value in by)):
        fail("--by needs a party key, e.g. --by polisen (mlofte show lists them)")
    if note == "":
        note = None
    if source == "":
        source = None
    if interactive:
        choice, agreement = _interactive(dataset, day, today, agreement)
        commitment = choice.commitment.id
        if number is None:
            number = _ask_count()
        if not parties:
            parties = _ask_parties(choice)
        if note is None:
            note = _ask_note()
    assert commitment is not None
    loaded = problems
    found, problems = new_entry.build(
        dataset,
        date=day,
        commitment=commitment,
        agreement=agreement,
        count=number,
        by=parties,
        note=note,
        source=source,
        path=store.relative_path(day, commitment) if "/" not in commitment else "logs/new.yaml",
    )
    resolved = None if found is None else Resolver(dataset).resolve(found).agreement
    # what the broken agreement files still hold (their ids): the full load, only then
    full = load_checked(root)[0] if loaded else Dataset(dataset.agreements)
    blocking, others = scope.split_for_entry(
        full,
        loaded,
        None if resolved is None else resolved.id,
        commitment,
        day,
        named=agreement is not None,
    )
    if found is None:
        if blocking:  # a broken agreement file may be why: said first
            sys.stderr.write(format_text(blocking))
        _refuse(problems)
    if blocking:
        print_problems_and_exit(blocking)
    go_on_despite(others, loaded + problems, _("about this entry or its agreement"))
    target = Resolver(dataset).resolve(found).agreement
    repeats = _repeats(root, dataset, target.id if target else None, found)
    try:
        text = store.dump_entry(found)
        if stdout_closed():
            # Nobody would learn the path written, and a second try would count the work
            # twice: nothing is written (the command line still holds all of it).
            fail("cannot write the output (stdout is closed): nothing written", EXIT_OUTPUT)
        if dry_run or interactive or (repeats and common.stdin_is_tty()):
            planned = store.first_free(root, day, found.commitment)
            if dry_run:
                sys.stdout.write(f"{planned}\n{text}")
                _say_repeats(repeats, "")
                sys.stderr.write("mlofte: dry run: nothing written\n")
                return
            _confirm(planned, text, repeats)
        elif repeats:
            _say_repeats(repeats, _("; written anyway (delete one of them if it was logged twice)"))
        rel = store.write_entry(root, found, text)
    except store.StoreError as error:
        fail(f"{error}", EXIT_PROBLEMS)
    except OutputFailed:
        raise  # the dry run's output: not the entry's write
    except OSError as error:
        fail(f"cannot write the entry: {error.strerror or error}; nothing written", EXIT_PROBLEMS)
    try:
        sys.stdout.write(f"{rel}\n")
        if target is not None:
            c = next(c for c in target.agreement.commitments if c.id == found.commitment)
            after = new_entry.with_entry(dataset, rel, found)
            sys.stdout.write(f"{c.id}: {standing(after, target, c, day, today)}\n")
        sys.stdout.flush()
    except OutputFailed:
        # written, whole and in place: say where, so that nobody logs it a second time
        sys.stderr.write(f"mlofte: the entry is written: {rel}\n")
        raise
    if day > today:
        sys.stderr.write(f"mlofte: note: {day} is after today; status counts it from that day\n")
