"""What every command shares: the global options' state, the data root, loading and checking
it, the one-line failure, and the parsing of dates and counts exactly as documented."""

from __future__ import annotations

import contextlib
import datetime as dt
import enum
import os
import re
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn, Optional

import typer

from medborgarlofte.report.i18n import N_, _, ngettext

if TYPE_CHECKING:
    from medborgarlofte.core.model import AgreementFile, Dataset, Entry, Tallied
    from medborgarlofte.core.problems import Problem
    from medborgarlofte.report.terminal import LoadProgress
    from medborgarlofte.speed.load import Reading

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


class _State:
    root_option: Path | None = None
    cache: bool = True


state = _State()


def fail(message: str, code: int = EXIT_USAGE) -> NoReturn:
    from medborgarlofte.core.text import shown

    sys.stderr.write(f"mlofte: {shown(message)}\n")
    raise typer.Exit(code)


RootOption = Annotated[
    Optional[Path],
    typer.Option(
        "--root",
        metavar=N_("PATH"),
        help=N_("The data root, as before the command (given here, it wins)."),
        show_default=False,
    ),
]


class Lang(enum.StrEnum):
    """The languages of the interface (`--lang`)."""

    sv = "sv"
    en = "en"


LangOption = Annotated[
    Optional[Lang],
    typer.Option(
        "--lang",
        help=N_("The language: sv (Swedish) or en (English), as before the command."),
        show_default=False,
    ),
]
"""Read before parsing (cli/framework.py), declared so that help shows it and click checks it."""


def data_root(option: Path | None = None) -> Path:
    from medborgarlofte.files.root import RootNotFound, current_folder, find_root

    try:
        return find_root(option or state.root_option, os.environ, current_folder())
    except RootNotFound as error:
        from medborgarlofte.report.messages import message

        fail(message(error.problem))


def load_like(
    root: Path, reading: Reading, agreements: tuple[AgreementFile, ...], entry: Entry
) -> Dataset:
    """The agreements and the entries that may repeat a new one (speed.load.load_like), as
    `reading`'s load saw the root, with a progress bar on a terminal when that takes more
    than a second."""
    from medborgarlofte.speed import load

    bar = _progress()
    try:
        return load.load_like(
            root,
            agreements,
            entry.date,
            entry.commitment,
            cache=state.cache,
            progress=bar,
            reading=reading,
        )
    finally:
        if bar is not None:
            bar.close()


def load_checked(
    root: Path, *, logs: bool = True, progress: bool = False
) -> tuple[Dataset, list[Problem]]:
    """The root in full (every entry built) and all its problems, sorted, each once. With
    `progress` (a command printing for a person), a load that takes more than a second shows
    a progress bar on stderr when it is a terminal."""
    from medborgarlofte.core.problems import sort_problems
    from medborgarlofte.speed.load import load_checked

    bar = _progress() if progress else None
    try:
        dataset, problems = load_checked(root, logs=logs, cache=state.cache, progress=bar)
    finally:
        if bar is not None:
            bar.close()
    return dataset, sort_problems(problems)


def load_tallied(
    root: Path, *, warnings: bool = False, progress: bool = False, reading: Reading | None = None
) -> tuple[Tallied, list[Problem]]:
    """What status needs of the root (the warm path when it can answer), and its errors (and
    warnings too, when asked), sorted, each once, so counts match what is printed;
    `progress` as for `load_checked`, `reading` as for speed.load.load_tallied."""
    from medborgarlofte.core.problems import sort_problems
    from medborgarlofte.speed.load import load_tallied

    bar = _progress() if progress else None
    try:
        tallied, problems = load_tallied(
            root, cache=state.cache, warnings=warnings, progress=bar, reading=reading
        )
    finally:
        if bar is not None:
            bar.close()
    return tallied, sort_problems(problems)


def go_on_despite(others: list[Problem], problems: list[Problem], what: str) -> None:
    """Errors that do not bear on what the command does (`others`) are printed as warnings,
    with the real warnings of `problems`, on stderr, and a line saying why it went on."""
    import dataclasses

    from medborgarlofte.core.problems import sort_problems
    from medborgarlofte.report.problems import format_text

    warnings = [p for p in problems if p.level == "warning"]
    lowered = [dataclasses.replace(p, level="warning") for p in others]
    sys.stderr.write(format_text(sort_problems(lowered + warnings)))
    if others:
        files = len({p.path for p in others})
        where = ngettext(
            "in {n} file that is not {what}", "in {n} files that are not {what}", files
        ).format(n=number(files), what=what)
        said = _("{count} {where}; fix them soon (mlofte validate lists them)")
        said = said.format(count=problem_count(len(others)), where=where)
        sys.stderr.write(f"mlofte: warning: {said}\n")


def stderr_is_tty() -> bool:
    """Whether stderr is a terminal: a function of its own so that tests can pretend."""
    try:
        return sys.stderr is not None and sys.stderr.isatty()
    except (AttributeError, ValueError, OSError):
        return False


def _progress() -> LoadProgress | None:
    """The load's progress bar, when stderr is a terminal (rich is imported only then)."""
    if not stderr_is_tty() or os.environ.get("NO_COLOR"):
        return None
    from medborgarlofte.report.terminal import load_progress

    return load_progress()


def print_problems_and_exit(problems: list[Problem]) -> NoReturn:
    from medborgarlofte.report.problems import format_text

    sys.stderr.write(format_text(problems))
    said = _("{problems}; fix them first (mlofte validate lists them)")
    fail(said.format(problems=problems_in_files(problems)), EXIT_PROBLEMS)


def number(n: int) -> str:
    """A count as the language writes it: 1,234 in English, 1 234 in Swedish (a no-break
    space between the groups, as Språkrådet writes it)."""
    from medborgarlofte.report import i18n

    text = f"{n:,}"
    return text.replace(",", "\u00a0") if i18n.current().language == "sv" else text


def problem_count(n: int) -> str:
    """ "1 problem", "2 problems" ("1 problem", "2 problem")."""
    return ngettext("{n} problem", "{n} problems", n).format(n=number(n))


def problems_in_files(problems: list[Problem]) -> str:
    """ "3 problems in 2 files" ("3 problem i 2 filer"): the summary under a list of problems."""
    files = len({p.path for p in problems})
    where = ngettext("in {n} file", "in {n} files", files).format(n=number(files))
    return _("{count} {where}").format(count=problem_count(len(problems)), where=where)


def parse_count(value: str | None) -> int | None:
    """Digits only: Python's int() would also take '1_0', ' 5' or '٣'."""
    if value is None:
        return None
    if not (value.isascii() and value.isdigit()):
        fail(_("--count {value} is not a whole number such as 3").format(value=repr(value)))
    return int(value)


_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def parse_date(value: str | None, option: str) -> dt.date | None:
    """Exactly YYYY-MM-DD, the one form documented: every date a user types goes through here.
    Python's date.fromisoformat also takes 20210105 and ISO week dates (2021W011 is
    2021-01-04), which would record a day nobody wrote as a date."""
    if value is None:
        return None
    if _DATE.fullmatch(value) is not None:
        with contextlib.suppress(ValueError):
            return dt.date.fromisoformat(value)
    fail(
        _("{option} {value} is not a date such as 2021-03-14").format(
            option=option, value=repr(value)
        )
    )


def current_date() -> dt.date:
    """Today's date: a function of its own so that tests can fix the day."""
    return dt.date.today()


def stdin_is_tty() -> bool:
    """Whether someone can answer prompts: a function of its own so that tests can pretend."""
    try:
        return sys.stdin is not None and sys.stdin.isatty()
    except (AttributeError, ValueError, OSError):
        return False


def did_you_mean(value: str, known: Iterable[str]) -> str:
    """' (did you mean 'x'?)' in the user's language for the closest known id (core.ids's
    closeness, as problems have it), or '' when none is close; in parentheses, as the CLI's
    messages go on after it."""
    from medborgarlofte.core.ids import closest

    match = closest(value, known)
    return _(" (did you mean '{name}'?)").format(name=match) if match else ""


def known_list(known: Iterable[str]) -> str:
    """The known ids for a message, "none" (inga) when there are none."""
    return ", ".join(known) or _("none")


def unknown_agreement(agreement_id: str, dataset: Dataset | Tallied) -> NoReturn:
    known = [a.id for a in dataset.agreements]
    hint = did_you_mean(agreement_id, known)
    fail(
        _("unknown agreement '{agreement}'{hint}; known: {known}").format(
            agreement=agreement_id, hint=hint, known=known_list(known)
        )
    )


def many_agreements(n: int, known: str) -> str:
    """Asked to choose, in `show` and `overview`."""
    said = ngettext(
        "the root holds {n} agreement; name one: {known}",
        "the root holds {n} agreements; name one: {known}",
        n,
    )
    return said.format(n=number(n), known=known)


def unknown_party(party: str, known: Iterable[str]) -> NoReturn:
    known = list(known)
    fail(
        _("unknown party '{party}'{hint}; known: {known}").format(
            party=party, hint=did_you_mean(party, known), known=known_list(known)
        )
    )


AgreementOption = Annotated[
    Optional[str],
    typer.Option(
        "--agreement", "-a", metavar="ID", help=N_("Only this agreement."), show_default=False
    ),
]
PartyOption = Annotated[
    Optional[str],
    typer.Option(
        "--party",
        "-p",
        metavar=N_("KEY"),
        help=N_(
            "Only the commitments this party (a key of the agreement's parties) is responsible for."
        ),
        show_default=False,
    ),
]


def check_party(
    party: str | None, dataset: Dataset | Tallied, agreement_id: str | None = None
) -> None:
    """Exit 2 naming the known party keys unless `party` is one of the agreement's (any
    agreement's, without one)."""
    if party is None:
        return
    known: dict[str, None] = {}
    for a in dataset.agreements:
        if agreement_id is None or a.id == agreement_id:
            known.update(dict.fromkeys(a.agreement.parties))
    if party not in known:
        unknown_party(party, known)


def accepted_periods() -> str:
    """The forms of a period (core.periods.ACCEPTED), in the user's language."""
    return _("YYYY, YYYY-T1..T3, YYYY-H1..H2 or YYYY-Q1..Q4")


def confirm(question: str, default: bool) -> bool:
    """A yes or no in the user's language: y/yes and, in Swedish, j/ja (typer's confirm
    knows only y/n). An answer neither yes nor no is asked again."""
    yes = {"y", "yes", _("y"), _("yes")}
    no = {"n", "no", _("n"), _("no")}
    choices = _("[Y/n]") if default else _("[y/N]")
    while True:
        answer = str(typer.prompt(f"{question} {choices}", default="", show_default=False))
        answer = answer.strip().lower()
        if not answer:
            return default
        if answer in yes or answer in no:
            return answer in yes
        sys.stderr.write(
            "mlofte: " + _("answer {yes} or {no}").format(yes=_("y"), no=_("n")) + "\n"
        )
