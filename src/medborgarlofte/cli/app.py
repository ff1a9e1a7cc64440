"""The `mlofte` command line: parses options, calls the core, prints, and picks the exit code.

Heavy modules (pydantic, yaml, rich) are imported inside the commands that use
them, so `mlofte --version` and `--help` start at once.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn, Optional

import typer

from medborgarlofte import version_line

if TYPE_CHECKING:
    from medborgarlofte.core.model import Dataset
    from medborgarlofte.core.problems import Problem
    from medborgarlofte.report.standing import Choice

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2

app = typer.Typer(
    name="mlofte",
    help=(
        "Keep a medborgarlöfte (citizen promise between a municipality and the police) as YAML"
        " in git, and show whether every promise is being kept.\n\n"
        "The data root is the folder holding agreements/ and logs/: --root PATH, else the"
        " MLOFTE_ROOT environment variable, else the nearest folder at or above the current one"
        " that has agreements/."
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


class _State:
    root_option: Path | None = None
    cache: bool = True


_state = _State()


def _version(value: bool) -> None:
    if value:
        sys.stdout.write(version_line())
        raise typer.Exit()


@app.callback()
def main(
    root: Annotated[
        Optional[Path],
        typer.Option(
            "--root",
            help="The data root (the folder holding agreements/ and logs/).",
            show_default=False,
        ),
    ] = None,
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
    no_cache: Annotated[
        bool,
        typer.Option(
            "--no-cache",
            help="Read every file again and leave the cache alone (also MLOFTE_NO_CACHE=1).",
        ),
    ] = False,
) -> None:
    """Keep a medborgarlöfte as YAML in git and show whether every promise is kept."""
    _state.root_option = root
    _state.cache = not no_cache


def _fail(message: str, code: int = EXIT_USAGE) -> NoReturn:
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


def _root(option: Path | None = None) -> Path:
    from medborgarlofte.files.root import RootNotFound, current_folder, find_root

    try:
        return find_root(option or _state.root_option, os.environ, current_folder())
    except RootNotFound as error:
        _fail(str(error))


def _load_checked(root: Path, *, logs: bool = True) -> tuple[Dataset, list[Problem]]:
    from medborgarlofte.core.problems import sort_problems
    from medborgarlofte.speed.load import load_checked

    # No command here walks the entries one by one: the summary will do (the warm path).
    dataset, problems = load_checked(root, logs=logs, cache=_state.cache, entries=False)
    return dataset, sort_problems(problems)  # sorted, each once, so counts match what is printed


def _print_problems_and_exit(problems: list[Problem]) -> NoReturn:
    from medborgarlofte.core.problems import format_text

    sys.stderr.write(format_text(problems))
    files = len({p.path for p in problems})
    _fail(
        f"{_plural(len(problems), 'problem')} in {_plural(files, 'file')};"
        " fix them first (mlofte validate lists them)",
        EXIT_PROBLEMS,
    )


def _plural(n: int, word: str) -> str:
    return f"{n:,} {word}{'' if n == 1 else 's'}"


class ProblemFormat(StrEnum):
    text = "text"
    json = "json"
    github = "github"


@app.command()
def validate(
    format: Annotated[
        ProblemFormat,
        typer.Option(
            "--format",
            "-f",
            help="text: PATH:LINE:COL: error: MESSAGE; json: one document;"
            " github: ::error annotations for GitHub Actions.",
        ),
    ] = ProblemFormat.text,
    root: RootOption = None,
) -> None:
    """Check every agreement and log file under the data root.

    Exit 0 when all is valid, 1 when problems were found, 2 on a usage or root error.
    """
    from medborgarlofte.core import problems as fmt

    root = _root(root)
    dataset, problems = _load_checked(root)
    if format is ProblemFormat.json:
        sys.stdout.write(fmt.format_json(problems))
    elif format is ProblemFormat.github:
        sys.stdout.write(fmt.format_github(problems))
    else:
        sys.stdout.write(fmt.format_text(problems))
    if problems:
        if format is ProblemFormat.text:
            files = len({p.path for p in problems})
            sys.stderr.write(f"{_plural(len(problems), 'problem')} in {_plural(files, 'file')}\n")
        raise typer.Exit(EXIT_PROBLEMS)
    if format is ProblemFormat.text:
        sys.stdout.write(
            f"{_plural(len(dataset.agreements), 'agreement')},"
            f" {_plural(dataset.entry_count, 'log entry').replace('entrys', 'entries')}: no problems\n"
        )


class StatusFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"
    markdown = "markdown"


def _parse_count(value: str | None) -> int | None:
    """Digits only: Python's int() would also take '1_0', ' 5' or '٣'."""
    if value is None:
        return None
    if not (value.isascii() and value.isdigit()):
        _fail(f"--count {value!r} is not a whole number such as 3")
    return int(value)


def _parse_date(value: str | None, option: str) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        _fail(f"{option} {value!r} is not a date such as 2021-03-14")


@app.command()
def status(
    year: Annotated[
        Optional[int],
        typer.Argument(
            metavar="YEAR",
            help="The year to report; default: the year of --as-of.",
            min=1,
            max=9999,
            show_default=False,
        ),
    ] = None,
    as_of: Annotated[
        Optional[str],
        typer.Option(
            "--as-of",
            metavar="DATE",
            help="Count entries up to this day (YYYY-MM-DD). Default: today for the current"
            " year, Dec 31 for a past year.",
            show_default=False,
        ),
    ] = None,
    agreement: Annotated[
        Optional[str],
        typer.Option(
            "--agreement", "-a", metavar="ID", help="Only this agreement.", show_default=False
        ),
    ] = None,
    format: Annotated[
        StatusFormat,
        typer.Option(
            "--format", "-f", help="table (terminal), json, csv or markdown (for a report)."
        ),
    ] = StatusFormat.table,
    check: Annotated[
        bool,
        typer.Option("--check", help="Exit 1 when any commitment is behind or missed (a CI gate)."),
    ] = False,
    detail: Annotated[
        bool,
        typer.Option(
            "--detail",
            help="One table per agreement even when there are many (by default more than 10"
            " agreements give one summary row each).",
        ),
    ] = False,
    root: RootOption = None,
) -> None:
    """How each commitment stands in YEAR.

    Without YEAR or --as-of: this year, or the latest year an agreement covers when none
    covers this one.

    States: met (green ✔) every unit's minimum reached; on track (cyan ●) every ended unit
    met and the current one keeping pace; behind (yellow ▲) not keeping pace; missed
    (red ✘) the units have ended short; untargeted (dim –) no minimum to reach.
    Colour is used only on a terminal, and never when NO_COLOR is set.

    Exit 0; with --check, 1 when any commitment is behind or missed; 1 when the data is
    invalid; 2 on a usage error or when no agreement covers YEAR.
    """
    from medborgarlofte.core.status import compute_status, covered_years, default_as_of

    as_of_date = _parse_date(as_of, "--as-of")
    root = _root(root)
    dataset, problems = _load_checked(root)
    if problems:
        _print_problems_and_exit(problems)
    if agreement is not None and dataset.agreement(agreement) is None:
        _unknown_agreement(agreement, dataset)
    today = _today()
    shown = dataset if agreement is None else _only(dataset, agreement)
    years = covered_years(shown)
    if year is None and as_of_date is None and today.year not in years and years:
        # A finished agreement: show its latest year rather than refuse.
        year = max((y for y in years if y <= today.year), default=years[0])
        if format is StatusFormat.table:
            sys.stderr.write(f"mlofte: no agreement covers {today.year}; showing {year}\n")
    if as_of_date is None:
        as_of_date = default_as_of(year, today)
    if year is None:
        year = as_of_date.year
    if year not in years:
        where = (
            "no agreement covers"
            if agreement is None
            else f"agreement '{agreement}' does not cover"
        )
        _fail(f"{where} {year}; covered years: {_year_ranges(years) or 'none'}")
    report = compute_status(dataset, year, as_of_date, agreement)
    if format is StatusFormat.table:
        from medborgarlofte.report import terminal as render  # rich: imported only for the table

        render.make_console().print(render.render_status(report, detail=True if detail else None))
    else:
        from medborgarlofte.report import documents

        write = {
            StatusFormat.json: documents.format_status_json,
            StatusFormat.csv: documents.format_status_csv,
            StatusFormat.markdown: documents.format_status_markdown,
        }[format]
        sys.stdout.write(write(report))
    if check and any(
        row.state in ("behind", "missed") for a in report.agreements for row in a.rows
    ):
        raise typer.Exit(EXIT_PROBLEMS)


def _only(dataset: Dataset, agreement_id: str) -> Dataset:
    from medborgarlofte.core.model import Dataset

    return Dataset(tuple(a for a in dataset.agreements if a.id == agreement_id), dataset.entries)


def _year_ranges(years: list[int]) -> str:
    """2020–2022, 2024: consecutive years joined."""
    parts: list[str] = []
    for year in years:
        if parts and parts[-1].split("–")[-1] == str(year - 1):
            parts[-1] = f"{parts[-1].split('–')[0]}–{year}"
        else:
            parts.append(str(year))
    return ", ".join(parts)


def _unknown_agreement(agreement_id: str, dataset: Dataset) -> NoReturn:
    from medborgarlofte.core.ids import did_you_mean

    known = [a.id for a in dataset.agreements]
    hint = did_you_mean(agreement_id, known)
    _fail(f"unknown agreement '{agreement_id}'{hint}; known: {', '.join(known) or 'none'}")


@app.command()
def show(
    agreement: Annotated[
        Optional[str],
        typer.Argument(
            help="The agreement's id; optional when the root holds one.", show_default=False
        ),
    ] = None,
    root: RootOption = None,
) -> None:
    """An agreement's parties, period, focus areas and commitments: the ids to use with `mlofte log`.

    Problems in other agreement files are printed on stderr but do not stop it.
    Exit 0; 1 when the agreement shown is invalid; 2 for an unknown agreement.
    """
    from medborgarlofte.core.problems import format_text
    from medborgarlofte.report import terminal as render

    root = _root(root)
    dataset, problems = _load_checked(root, logs=False)
    readable = dataset.agreements + dataset.partial_agreements
    if agreement is None:
        if not readable and problems:
            _print_problems_and_exit(problems)
        if not readable:
            _fail("the root holds no agreement yet: add one as agreements/<id>.yaml")
        if len(readable) > 1:
            known = ", ".join(sorted(a.id for a in readable))
            _fail(f"the root holds {len(readable)} agreements; name one: {known}")
        found = readable[0]
    else:
        found_or_none = next((a for a in readable if a.id == agreement), None)
        if found_or_none is None:
            sys.stderr.write(format_text(problems))
            _unknown_agreement(agreement, dataset)
        found = found_or_none
    if found in dataset.partial_agreements or any(p.path == found.path for p in problems):
        _print_problems_and_exit(problems)
    if problems:
        sys.stderr.write(format_text(problems))
        sys.stderr.write(f"mlofte: {_plural(len(problems), 'problem')} in other agreement files\n")
    render.make_console().print(render.render_agreement(found))


def _today() -> dt.date:
    """Today's date: a function of its own so that tests can fix the day."""
    return dt.date.today()


def _stdin_is_tty() -> bool:
    """Whether someone can answer prompts: a function of its own so that tests can pretend."""
    try:
        return sys.stdin is not None and sys.stdin.isatty()
    except (AttributeError, ValueError, OSError):
        return False


def _split_parties(values: list[str] | None) -> list[str]:
    """`--by a --by b` or `--by a,b`: the party keys, in order, each once, blanks dropped."""
    parts = [part.strip() for value in values or () for part in value.split(",")]
    return list(dict.fromkeys(part for part in parts if part))


def _refuse(problems: list[Problem]) -> NoReturn:
    from medborgarlofte.core.problems import sort_problems
    from medborgarlofte.core.text import shown

    for problem in sort_problems(problems):
        sys.stderr.write(f"mlofte: {shown(problem.message)}\n")
    _fail("nothing written", EXIT_PROBLEMS)


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


def _interactive(
    dataset: Dataset, day: dt.date, today: dt.date, agreement: str | None
) -> tuple[Choice, str | None]:
    """The commitment chosen from a numbered list, and the agreement to write (None: implied)."""
    from medborgarlofte.report.standing import choices

    if agreement is not None and dataset.agreement(agreement) is None:
        _unknown_agreement(agreement, dataset)
    items = [c for c in choices(dataset, day, today) if agreement in (None, c.agreement.id)]
    if not items:
        _fail(f"no agreement covers {day}; give another day with --date", EXIT_PROBLEMS)
    sys.stdout.write(f"Commitments on {day} (another day: --date):\n")
    choice = _ask_commitment(items)
    return choice, (choice.agreement.id if choice.shared or agreement else None)


@app.command()
def log(
    commitment: Annotated[
        Optional[str],
        typer.Argument(
            metavar="COMMITMENT",
            help="The commitment's id (mlofte show lists them). Without it, on a terminal,"
            " a numbered list to choose from.",
            show_default=False,
        ),
    ] = None,
    date: Annotated[
        Optional[str],
        typer.Option(
            "--date",
            "-d",
            metavar="DATE",
            help="The day it was done (YYYY-MM-DD). Default: today.",
            show_default=False,
        ),
    ] = None,
    count: Annotated[
        Optional[str],
        typer.Option(
            "--count",
            "-n",
            metavar="N",
            help="How many times it was done (a whole number). Default: 1.",
            show_default=False,
        ),
    ] = None,
    by: Annotated[
        Optional[list[str]],
        typer.Option(
            "--by",
            "-b",
            metavar="PARTY",
            help="The party that did it (a key of the agreement's parties); repeat it, or separate"
            " with commas, for several.",
            show_default=False,
        ),
    ] = None,
    note: Annotated[
        Optional[str],
        typer.Option(
            "--note",
            metavar="TEXT",
            help="What was done, briefly. Logs are public: no names, no personal identity numbers.",
            show_default=False,
        ),
    ] = None,
    agreement: Annotated[
        Optional[str],
        typer.Option(
            "--agreement",
            "-a",
            metavar="ID",
            help="The agreement, needed only when several agreements covering DATE have the"
            " commitment.",
            show_default=False,
        ),
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Print the path and the YAML; write nothing.")
    ] = False,
    root: RootOption = None,
) -> None:
    """Record one thing done: writes logs/YYYY/YYYY-MM-DD-COMMITMENT.yaml and prints its path.

    The entry is checked against the whole data set with the rules of `mlofte validate`
    before anything is written; a second entry for the same commitment and day gets a
    numeric suffix (-2, -3, …), and an existing file is never overwritten.

    Exit 0 written; 1 refused (the reason on stderr, nothing written); 2 usage error.
    """
    from medborgarlofte.core.resolve import Resolver
    from medborgarlofte.files import entry as new_entry
    from medborgarlofte.files import write as store
    from medborgarlofte.report.standing import standing

    if commitment is None and not _stdin_is_tty():
        _fail(
            "missing COMMITMENT: name it (mlofte show lists the ids), e.g. mlofte log hundsok-skola;"
            " it is asked for only when stdin is a terminal"
        )
    day = _parse_date(date, "--date")
    number = _parse_count(count)
    today = _today()
    if day is None:
        day = today
    root = _root(root)
    dataset, problems = _load_checked(root)
    if problems:
        _print_problems_and_exit(problems)
    parties = _split_parties(by)
    if by is not None and (not parties or any(not value.strip() for value in by)):
        _fail("--by needs a party key, e.g. --by polisen (mlofte show lists them)")
    if note == "":
        note = None
    if commitment is None:
        choice, agreement = _interactive(dataset, day, today, agreement)
        commitment = choice.commitment.id
        if number is None:
            number = _ask_count()
        if not parties:
            parties = _ask_parties(choice)
        if note is None:
            note = _ask_note()
    found, problems = new_entry.build(
        dataset,
        date=day,
        commitment=commitment,
        agreement=agreement,
        count=number,
        by=parties,
        note=note,
        path=store.relative_path(day, commitment) if "/" not in commitment else "logs/new.yaml",
    )
    if found is None:
        _refuse(problems)
    try:
        text = store.dump_entry(found)
        if dry_run:
            rel = store.first_free(root, day, found.commitment)
            sys.stdout.write(f"{rel}\n{text}")
            sys.stderr.write("mlofte: dry run: nothing written\n")
            return
        rel = store.write_entry(root, found, text)
    except store.StoreError as error:
        _fail(f"{error}", EXIT_PROBLEMS)
    except OSError as error:
        _fail(f"cannot write the entry: {error.strerror or error}; nothing written", EXIT_PROBLEMS)
    sys.stdout.write(f"{rel}\n")
    target = Resolver(dataset).resolve(found).agreement
    if target is not None:
        c = next(c for c in target.agreement.commitments if c.id == found.commitment)
        after = new_entry.with_entry(dataset, rel, found)
        sys.stdout.write(f"{c.id}: {standing(after, target, c, day, today)}\n")
    if day > today:
        sys.stderr.write(f"mlofte: note: {day} is after today; status counts it from that day\n")
