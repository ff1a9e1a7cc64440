"""`mlofte init`: a new data root and its first agreement, from options or, in a terminal,
from answers; checked with the rules of `validate` before anything is written."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn, Optional

import typer

from medborgarlofte.cli import common
from medborgarlofte.cli import init_answers as answers
from medborgarlofte.cli.common import EXIT_PROBLEMS, LangOption, RootOption, fail, parse_date, state
from medborgarlofte.report.i18n import N_, _

if TYPE_CHECKING:
    from medborgarlofte.core.model import Dataset


def _missing(names: list[str]) -> None:
    if names:
        fail(
            _(
                "missing {names}: give them as options (mlofte init --help),"
                " or run mlofte init in a terminal to be asked"
            ).format(names=", ".join(names))
        )


def _existing(root: Path) -> Dataset | None:
    """The root's agreements as they are, for the rules across agreements (unique ids)."""
    if not (root / "agreements").is_dir():
        return None
    from medborgarlofte.speed.load import load

    dataset, _problems = load(root, logs=False, cache=state.cache)
    return dataset


HELP = N_(
    """Start a data root with its first agreement: agreements/ID.yaml, logs/, followups/,
the editor set-up (.vscode/settings.json and schemas/) and, with --ci github or when the
root is a git repository, a GitHub workflow that runs mlofte validate.

The root is --root, else the current folder. What is not given as an option is asked
for in a terminal (commitments one by one). Everything is checked with the rules of
mlofte validate first; no file is ever overwritten.

Exit 0 written; 1 refused (a file exists, or it would not validate: nothing written);
2 usage error (also a missing value with --no-input or without a terminal)."""
)
"""`mlofte init --help`: a message id, translated at each run (cli/framework.py)."""


def init(
    ident: Annotated[
        Optional[str],
        typer.Argument(
            metavar="ID",
            help=N_("The agreement's id and file name, e.g. haparanda-2020-2022."),
            show_default=False,
        ),
    ] = None,
    title: Annotated[
        Optional[str], typer.Option("--title", metavar="TEXT", help=N_("The agreement's title."))
    ] = None,
    start: Annotated[
        Optional[str],
        typer.Option(
            "--start", metavar=N_("DATE"), help=N_("The agreement's first day (YYYY-MM-DD).")
        ),
    ] = None,
    end: Annotated[
        Optional[str],
        typer.Option(
            "--end", metavar=N_("DATE"), help=N_("The agreement's last day (YYYY-MM-DD).")
        ),
    ] = None,
    municipality: Annotated[
        Optional[str],
        typer.Option(
            "--municipality", metavar=N_("NAME"), help=N_("The municipality (party kommunen).")
        ),
    ] = None,
    police: Annotated[
        Optional[str],
        typer.Option(
            "--police", metavar=N_("NAME"), help=N_("The local police area (party polisen).")
        ),
    ] = None,
    area: Annotated[
        Optional[list[str]],
        typer.Option(
            "--area",
            metavar=N_("KEY=NAME"),
            help=N_("A focus area, e.g. 'droger=Droger och folkhälsa'; repeat for several."),
        ),
    ] = None,
    commitment: Annotated[
        Optional[list[str]],
        typer.Option(
            "--commitment",
            metavar="SPEC",
            help=N_(
                "A commitment: ID:AREA:WHO:TARGET:TITLE, e.g. 'hundsok-skola:droger:polisen:2/year:Sök"
                " med hund'; WHO polisen, kommunen or polisen+kommunen, TARGET MINIMUM/PER (4/year,"
                " 1/week) or - for none. Repeat for several."
            ),
        ),
    ] = None,
    ci: Annotated[
        Optional[str],
        typer.Option(
            "--ci",
            metavar="github",
            help=N_(
                "Also write .github/workflows/mlofte.yml (written anyway when the root is a git repository)."
            ),
        ),
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help=N_("Print what would be written; write nothing."))
    ] = False,
    no_input: Annotated[
        bool,
        typer.Option(
            "--no-input", help=N_("Never ask: a missing value is a usage error (exit 2).")
        ),
    ] = False,
    root: RootOption = None,
    lang: LangOption = None,
) -> None:
    from medborgarlofte.core.ids import is_slug, slugify
    from medborgarlofte.files import start as new_root

    if ident is not None and not is_slug(ident):
        hint = slugify(ident)
        message = _("ID {ident} is not an id: a-z, 0-9 and '-'").format(ident=repr(ident))
        fail(message + (_(", e.g. {hint}").format(hint=hint) if hint else ""))
    if ci is not None and ci != "github":
        fail(_("--ci {ci}: the one CI known is github").format(ci=repr(ci)))
    folder = Path(root or state.root_option or Path.cwd())
    if folder.exists() and not folder.is_dir():
        fail(_("{folder} is not a folder").format(folder=folder))
    first, last = parse_date(start, "--start"), parse_date(end, "--end")
    areas = dict(answers.parse_area(value) for value in area or ())
    commitments = [answers.parse_spec(spec) for spec in commitment or ()]
    ask = not no_input and common.stdin_is_tty()
    if not ask:
        needed: list[tuple[object, str]] = [(ident, "ID"), (title, "--title")]
        needed += [(first, "--start"), (last, "--end")]
        needed += [(municipality, "--municipality"), (police, "--police")]
        needed.append((commitments or None, "--commitment"))
        missing = [name for value, name in needed if value is None]
        missing += [
            f"--area {key}=NAME"
            for key in dict.fromkeys(c.area for c in commitments)
            if key not in areas
        ]
        _missing(missing)
    municipality = municipality or answers.ask(_("Municipality (kommunen), e.g. Haparanda stad"))
    police = police or answers.ask(
        _("Police area (polisen), e.g. Lokalpolisområde Östra Norrbotten")
    )
    first = first or answers.ask_date(_("First day of the agreement (YYYY-MM-DD)"))
    last = last or answers.ask_date(_("Last day of the agreement (YYYY-MM-DD)"), first)
    title = title or answers.ask(
        _("Title"), f"Medborgarlöfte mellan {municipality} och Polisen {first.year}–{last.year}"
    )
    if ident is None:
        default = answers.default_id(municipality, first, last)
        ident = answers.ask_id(_("Id (the file name)"), default, set(), False)
    for key in dict.fromkeys(c.area for c in commitments):
        if key not in areas:
            areas[key] = answers.ask(answers.area_question(key))
    if not commitments:
        taken: set[str] = set()
        while (found := answers.ask_commitment(areas, taken, not commitments)) is not None:
            commitments.append(found)
            taken.add(found.id)
    new = new_root.NewAgreement(
        ident,
        title,
        first,
        last,
        municipality,
        police,
        areas,
        tuple(commitments),
    )
    rel = f"agreements/{ident}.yaml"
    if os.path.lexists(folder / rel):
        _taken(folder / rel, folder)
    text = new_root.agreement_text(new)
    _found, problems = new_root.check_agreement(text, rel, new, _existing(folder))
    if problems:
        from medborgarlofte.report.problems import format_text

        sys.stderr.write(format_text(problems))
        fail(
            _("{path} would not validate (see it with --dry-run); nothing written").format(
                path=rel
            ),
            EXIT_PROBLEMS,
        )
    files = {folder / rel: text}
    shared = {folder / name: body for name, body in new_root.schema_files().items()}
    shared[folder / new_root.SETTINGS] = new_root.settings_text()
    if ci == "github" or new_root.is_git_repository(folder):
        shared[folder / new_root.WORKFLOW] = new_root.workflow_text()
    keeps = {f / new_root.KEEP: "" for f in new_root.folders(folder)[1:]}
    shared.update(keeps)
    if dry_run:
        for path in [*files, *shared]:
            sys.stdout.write(f"{_shown_path(path, folder)}\n")
        sys.stdout.write(f"\n{text}")
        answers.say(_("dry run: nothing written"))
        return
    try:
        created = new_root.create_all(
            {**files, **shared}, new_root.folders(folder), frozenset(shared)
        )
    except new_root.Taken as taken_error:
        _taken(taken_error.path, folder)
    except OSError as error:
        fail(
            _("cannot write: {reason}; nothing written").format(reason=error.strerror or error),
            EXIT_PROBLEMS,
        )
    for path in created:
        if path.is_file() and path.name != new_root.KEEP:
            sys.stdout.write(f"{_shown_path(path, folder)}\n")
    day = common.current_date()
    when = "" if first <= day <= last else f" --date {first.isoformat()}"
    line = _("Next: mlofte show · mlofte log {commitment} · mlofte status")
    sys.stdout.write(line.format(commitment=f"{commitments[0].id}{when}") + "\n")


def _taken(path: Path, folder: Path) -> NoReturn:
    fail(
        _(
            "{path} exists already: it is never overwritten (move it aside, or choose another"
            " id); nothing written"
        ).format(path=_shown_path(path, folder)),
        EXIT_PROBLEMS,
    )


def _shown_path(path: Path, folder: Path) -> str:
    """A path as the user sees it: relative to the root when inside it."""
    try:
        return path.resolve().relative_to(folder.resolve()).as_posix()
    except ValueError:
        return str(path)
