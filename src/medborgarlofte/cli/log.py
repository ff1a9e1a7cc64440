"""`mlofte log`: one entry recorded, checked first with the rules of `validate`."""

from __future__ import annotations

import datetime as dt
import sys
from typing import TYPE_CHECKING, Annotated, NoReturn, Optional

import typer

from medborgarlofte.cli import common
from medborgarlofte.cli import log_prompts as prompts
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
    from medborgarlofte.speed.load import Reading


def today() -> dt.date:
    """Today's date: a function of its own so that tests can fix the day."""
    return dt.date.today()


def _refuse(problems: list[Problem]) -> NoReturn:
    from medborgarlofte.core.problems import errors, sort_problems
    from medborgarlofte.report.messages import message

    for problem in sort_problems(errors(problems)):
        sys.stderr.write(f"mlofte: {shown(message(problem))}\n")
    fail(_("nothing written"), EXIT_PROBLEMS)


def _repeats(
    root: Path, reading: Reading, dataset: Tallied, agreement: str | None, entry: Entry
) -> list[str]:
    """The paths of entries identical to `entry`: every entry is built only when the summary
    shows one of its commitment, day and count (a quick `log` stays quick)."""
    from medborgarlofte.core.entries import identical, may_repeat

    if agreement is None or not may_repeat(dataset, agreement, entry):
        return []
    like = common.load_like(root, reading, dataset.agreements, entry)
    return [record.path for record in identical(like, agreement, entry)]


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
            metavar=N_("COMMITMENT"),
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
            metavar=N_("DATE"),
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
            metavar=N_("PARTY"),
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
    from medborgarlofte.report.problems import format_text
    from medborgarlofte.report.standing import standing
    from medborgarlofte.speed.load import Reading

    if commitment is None and not common.stdin_is_tty():
        fail(
            _(
                "missing COMMITMENT: name it (mlofte show lists the ids), e.g. mlofte log"
                " hundsok-skola; it is asked for only when stdin is a terminal"
            )
        )
    day = parse_date(date, "--date")
    number = parse_count(count)
    today = common.current_date()
    root = data_root(root)
    # A problem in a file that is neither the new entry nor its agreement does not stop it
    reading = Reading()  # the look for a repeat sees the root as the count did
    dataset, problems = load_tallied(root, progress=True, reading=reading)
    interactive = commitment is None
    if interactive and agreement is not None and dataset.agreement(agreement) is None:
        unknown_agreement(agreement, dataset)
    if day is None:
        day = prompts.ask_date(dataset, today, agreement) if interactive else today
    parties = prompts.split_parties(by)
    if by is not None and (not parties or any(not value.strip() for value in by)):
        fail(_("--by needs a party key, e.g. --by polisen (mlofte show lists them)"))
    if note == "":
        note = None
    if source == "":
        source = None
    if interactive:
        choice, agreement = prompts.interactive(dataset, day, today, agreement)
        commitment = choice.commitment.id
        if number is None:
            number = prompts.ask_count()
        if not parties:
            parties = prompts.ask_parties(choice)
        if note is None:
            note = prompts.ask_note()
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
    repeats = _repeats(root, reading, dataset, target.id if target else None, found)
    try:
        text = store.dump_entry(found)
        if stdout_closed():
            # Nobody would learn the path written, and a second try would count the work
            # twice: nothing is written (the command line still holds all of it).
            fail(_("cannot write the output (stdout is closed): nothing written"), EXIT_OUTPUT)
        if dry_run or interactive or (repeats and common.stdin_is_tty()):
            planned = store.first_free(root, day, found.commitment)
            if dry_run:
                sys.stdout.write(f"{planned}\n{text}")
                prompts.say_repeats(repeats, "")
                prompts.say(_("dry run: nothing written"))
                return
            prompts.confirm_write(planned, text, repeats)
        elif repeats:
            prompts.say_repeats(
                repeats, _("; written anyway (delete one of them if it was logged twice)")
            )
        rel = store.write_entry(root, found, text)
    except store.StoreError as error:
        from medborgarlofte.report.messages import message

        fail(message(error.problem), EXIT_PROBLEMS)
    except OutputFailed:
        raise  # the dry run's output: not the entry's write
    except OSError as error:
        said = _("cannot write the entry: {reason}; nothing written")
        fail(said.format(reason=error.strerror or error), EXIT_PROBLEMS)
    try:
        sys.stdout.write(f"{rel}\n")
        if target is not None:
            c = next(c for c in target.agreement.commitments if c.id == found.commitment)
            after = new_entry.with_entry(dataset, rel, found)
            sys.stdout.write(f"{c.id}: {standing(after, target, c, day, today)}\n")
        sys.stdout.flush()
    except OutputFailed:
        # written, whole and in place: say where, so that nobody logs it a second time
        sys.stderr.write("mlofte: " + _("the entry is written: {path}").format(path=rel) + "\n")
        raise
    if day > today:
        said = _("note: {day} is after today; status counts it from that day")
        sys.stderr.write(f"mlofte: {said.format(day=day)}\n")
