"""What every command shares: the global options' state, the data root, loading and checking
it, the one-line failure, and the parsing of dates and counts exactly as documented."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn, Optional

import typer

if TYPE_CHECKING:
    from medborgarlofte.core.model import Dataset, Tallied
    from medborgarlofte.core.problems import Problem

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
        help="The data root, as before the command (given here, it wins).",
        show_default=False,
    ),
]


def data_root(option: Path | None = None) -> Path:
    from medborgarlofte.files.root import RootNotFound, current_folder, find_root

    try:
        return find_root(option or state.root_option, os.environ, current_folder())
    except RootNotFound as error:
        fail(str(error))


def load_checked(root: Path, *, logs: bool = True) -> tuple[Dataset, list[Problem]]:
    """The root in full (every entry built) and all its problems, sorted, each once."""
    from medborgarlofte.core.problems import sort_problems
    from medborgarlofte.speed.load import load_checked

    dataset, problems = load_checked(root, logs=logs, cache=state.cache)
    return dataset, sort_problems(problems)


def load_tallied(root: Path, *, warnings: bool = False) -> tuple[Tallied, list[Problem]]:
    """What status needs of the root (the warm path when it can answer), and its errors (and
    warnings too, when asked), sorted, each once, so counts match what is printed."""
    from medborgarlofte.core.problems import sort_problems
    from medborgarlofte.speed.load import load_tallied

    tallied, problems = load_tallied(root, cache=state.cache, warnings=warnings)
    return tallied, sort_problems(problems)


def print_problems_and_exit(problems: list[Problem]) -> NoReturn:
    from medborgarlofte.report.problems import format_text

    sys.stderr.write(format_text(problems))
    files = len({p.path for p in problems})
    fail(
        f"{plural(len(problems), 'problem')} in {plural(files, 'file')};"
        " fix them first (mlofte validate lists them)",
        EXIT_PROBLEMS,
    )


def plural(n: int, word: str) -> str:
    return f"{n:,} {word}{'' if n == 1 else 's'}"


def parse_count(value: str | None) -> int | None:
    """Digits only: Python's int() would also take '1_0', ' 5' or '٣'."""
    if value is None:
        return None
    if not (value.isascii() and value.isdigit()):
        fail(f"--count {value!r} is not a whole number such as 3")
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
    fail(f"{option} {value!r} is not a date such as 2021-03-14")


def current_date() -> dt.date:
    """Today's date: a function of its own so that tests can fix the day."""
    return dt.date.today()


def stdin_is_tty() -> bool:
    """Whether someone can answer prompts: a function of its own so that tests can pretend."""
    try:
        return sys.stdin is not None and sys.stdin.isatty()
    except (AttributeError, ValueError, OSError):
        return False


def unknown_agreement(agreement_id: str, dataset: Dataset | Tallied) -> NoReturn:
    from medborgarlofte.core.ids import did_you_mean

    known = [a.id for a in dataset.agreements]
    hint = did_you_mean(agreement_id, known)
    fail(f"unknown agreement '{agreement_id}'{hint}; known: {', '.join(known) or 'none'}")
