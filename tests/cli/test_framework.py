"""The command line in the user's language (cli/framework.py, cli/usage.py): every help screen
held against the other language's words, the language chosen from `--lang` wherever it
stands, `MLOFTE_LANG` and the locale variables in gettext's order, and usage errors (click's
own, written by us) in Swedish with click's exit code 2."""

from __future__ import annotations

import re
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import Outcome

Run = Callable[..., Outcome]
COMMANDS = ("validate", "status", "show", "log", "report", "schema", "init", "entries", "overview")
ENGLISH = {
    "the", "and", "of", "or", "for", "with", "is", "to", "when", "not", "this", "every",
    "Print", "Show", "Options", "Arguments", "Commands", "Usage", "Record", "Check", "Start",
    "commitment", "commitments", "agreement", "agreements", "entry", "entries", "default",
    "Default", "Exit", "Error", "Try", "required", "party", "written", "day",
}  # fmt: skip
"""English words of ours that no Swedish screen may hold."""
SWEDISH = {
    "och", "för", "eller", "inte", "som", "med", "är", "den", "det", "åtagande", "åtaganden",
    "överenskommelse", "överenskommelser", "Visa", "Användning", "Flaggor", "Kommandon",
    "Standard", "Slutkod", "Fel", "Försök", "datamappen", "Datamappen",
}  # fmt: skip
"""Swedish words of ours that no English screen may hold."""


def words(text: str) -> set[str]:
    """The words a reader reads as prose: option names (--agreement), paths and file names
    (agreements/ID.yaml), commands' names, quoted examples ('droger=Droger och folkhälsa', the user's data)
    and `code` are values, not words, in either language."""
    text = re.sub(r"^  [a-z]+  ", " ", text, flags=re.MULTILINE)  # a command's name
    text = re.sub(r"'[^']*'|`[^`]*`|mlofte [a-z]+", " ", " ".join(text.split()))
    text = re.sub(r"--?[\w-]+|\S*\w[/.:=]\S*|\S*[/.:=]\w\S*", " ", text)
    return set(re.findall(r"[^\W\d_]+", text))


def kind_values(text: str) -> str:
    """`schema`'s KIND values (agreement, entry, followup) are what the user types."""
    return text.replace("agreement, entry", "").replace("filtyp: agreement,...", "")


@pytest.mark.parametrize("command", [(), *((c,) for c in COMMANDS)])
def test_help_in_swedish_holds_no_english_word_of_ours(mlofte: Run, command: tuple[str]) -> None:
    out = mlofte("--lang", "sv", *command, "--help")
    assert out.code == 0
    assert out.stdout.startswith(f"Användning: mlofte {' '.join(command)}".rstrip() + " [FLAGGOR]")
    assert "Visa den här hjälpen och avsluta." in out.stdout
    assert words(kind_values(out.stdout)) & ENGLISH == set()


@pytest.mark.parametrize("command", [(), *((c,) for c in COMMANDS)])
def test_help_in_english_holds_no_swedish_word_of_ours(mlofte: Run, command: tuple[str]) -> None:
    out = mlofte("--lang", "en", *command, "--help")
    assert out.code == 0
    assert out.stdout.startswith(f"Usage: mlofte {' '.join(command)}".rstrip() + " [OPTIONS]")
    assert "Show this message and exit." in out.stdout
    assert words(out.stdout) & SWEDISH == set()


def test_swedish_help_of_log(mlofte: Run) -> None:
    out = mlofte("--lang", "sv", "log", "--help")
    assert out.stdout.splitlines()[:2] == ["Användning: mlofte log [FLAGGOR] [ÅTAGANDE]", ""]
    assert "\nArgument:\n  ÅTAGANDE " in out.stdout
    assert "\nFlaggor:\n  -d, --date DATUM    Dagen då det genomfördes (ÅÅÅÅ-MM-DD)." in out.stdout
    assert "--dry-run           Skriv ut sökvägen och YAML-texten; skriv ingenting." in out.stdout


def test_swedish_typer_words(mlofte: Run) -> None:
    status = mlofte("--lang", "sv", "status", "--help").stdout
    assert "[standard: table]" in status
    group = mlofte("--lang", "sv", "--help").stdout
    assert group.startswith("Användning: mlofte [FLAGGOR] KOMMANDO [ARGUMENT]...\n")
    assert "\nKommandon:\n  validate  Kontrollera varje överenskommelse" in group


@pytest.mark.parametrize(
    "args",
    [
        ("--lang", "sv", "status", "--help"),
        ("status", "--lang", "sv", "--help"),
        ("status", "--help", "--lang", "sv"),
        ("--lang=sv", "status", "--help"),
        ("status", "--lang=sv", "--help"),
    ],
)
def test_lang_before_or_after_the_command(mlofte: Run, args: tuple[str, ...]) -> None:
    assert mlofte(*args).stdout.startswith("Användning: mlofte status ")


def _first_line(mlofte: Run, *args: str) -> str:
    return mlofte(*args, "--help").stdout.split(" ")[0]


def test_mlofte_lang_and_the_option_before_it(mlofte: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MLOFTE_LANG", "sv")
    assert _first_line(mlofte) == "Användning:"
    assert _first_line(mlofte, "--lang", "en") == "Usage:"
    monkeypatch.setenv("MLOFTE_LANG", "en")
    monkeypatch.setenv("LANG", "sv_SE.UTF-8")
    monkeypatch.delenv("LC_ALL")
    assert _first_line(mlofte) == "Usage:"


@pytest.mark.parametrize(
    ("environ", "first"),
    [
        ({"LANG": "sv_SE.UTF-8"}, "Användning:"),
        ({"LANG": "en_US.UTF-8"}, "Usage:"),
        ({"LANG": "C"}, "Usage:"),
        ({"LANG": "POSIX"}, "Usage:"),
        ({"LC_MESSAGES": "sv_SE.UTF-8", "LANG": "en_GB.UTF-8"}, "Användning:"),
        ({"LC_ALL": "C", "LC_MESSAGES": "sv_SE.UTF-8"}, "Usage:"),
        ({"LC_ALL": "sv_FI.UTF-8", "LANG": "en_US.UTF-8"}, "Användning:"),
        ({"LANGUAGE": "sv:en", "LC_ALL": "en_US.UTF-8"}, "Användning:"),
        ({"LANGUAGE": "en", "LANG": "sv_SE.UTF-8"}, "Usage:"),
        ({"LANGUAGE": "de:sv", "LANG": "en_US.UTF-8"}, "Användning:"),
        ({}, "Usage:"),
    ],
)
def test_the_locale_variables_in_gettexts_order(
    mlofte: Run, monkeypatch: pytest.MonkeyPatch, environ: dict[str, str], first: str
) -> None:
    for variable in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG", "MLOFTE_LANG"):
        monkeypatch.delenv(variable, raising=False)
    for variable, value in environ.items():
        monkeypatch.setenv(variable, value)
    assert _first_line(mlofte) == first


def test_unknown_lang_names_the_two_choices(mlofte: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    assert mlofte("--lang", "de", "status") == Outcome(
        2,
        "",
        "Usage: mlofte [OPTIONS] COMMAND [ARGS]...\n"
        "Try 'mlofte -h' for help.\n\n"
        "Error: Invalid value for '--lang': 'de' is not one of sv, en.\n",
    )
    monkeypatch.setenv("MLOFTE_LANG", "sv")
    assert mlofte("status", "--lang", "fr").stderr == (
        "Användning: mlofte status [FLAGGOR] [ÅR]\n"
        "Försök 'mlofte status -h' för hjälp.\n\n"
        "Fel: Ogiltigt värde för '--lang': 'fr' är inte ett av värdena sv, en.\n"
    )


USAGE_STATUS = "Användning: mlofte status [FLAGGOR] [ÅR]\nFörsök 'mlofte status -h' för hjälp.\n\n"
USAGE_GROUP = (
    "Användning: mlofte [FLAGGOR] KOMMANDO [ARGUMENT]...\nFörsök 'mlofte -h' för hjälp.\n\n"
)


@pytest.mark.parametrize(
    ("args", "stderr"),
    [
        (("status", "--bogus"), USAGE_STATUS + "Fel: Okänd flagga: --bogus\n"),
        (
            ("status", "--as_of", "2021-01-01"),
            USAGE_STATUS + "Fel: Okänd flagga: --as_of (Möjliga flaggor: --as-of)\n",
        ),
        (("statu",), USAGE_GROUP + "Fel: Okänt kommando 'statu'. Menade du 'status'?\n"),
        (
            ("schema",),
            "Användning: mlofte schema [FLAGGOR] {TYP}\nFörsök 'mlofte schema -h' för hjälp.\n\n"
            "Fel: Argumentet 'TYP' saknas.\n",
        ),
        (
            ("status", "--format", "xx"),
            USAGE_STATUS + "Fel: Ogiltigt värde för '--format' / '-f': 'xx' är inte ett av"
            " värdena table, json, csv, markdown.\n",
        ),
        (
            ("status", "abc"),
            USAGE_STATUS + "Fel: Ogiltigt värde för 'ÅR': värdet ska vara ett heltal\n",
        ),
        (("status", "0"), USAGE_STATUS + "Fel: Ogiltigt värde för 'ÅR': värdet ska vara minst 1\n"),
        (("status", "2021", "2022"), USAGE_STATUS + "Fel: Oväntade extra argument (2022)\n"),
        (("log", "--count"), "Fel: Flaggan '--count' behöver ett värde.\n"),
        (("status", "--check=3"), "Fel: Flaggan '--check' tar inget värde.\n"),
    ],
)
def test_usage_errors_in_swedish(mlofte: Run, args: tuple[str, ...], stderr: str) -> None:
    assert mlofte("--lang", "sv", *args) == Outcome(2, "", stderr)


def test_usage_errors_in_english_as_click_writes_them(mlofte: Run) -> None:
    assert mlofte("status", "--as_of", "x") == Outcome(
        2,
        "",
        "Usage: mlofte status [OPTIONS] [YEAR]\nTry 'mlofte status -h' for help.\n\n"
        "Error: No such option: --as_of (Possible options: --as-of)\n",
    )
    assert mlofte("statu").stderr.endswith(
        "Error: No such command 'statu'. Did you mean 'status'?\n"
    )
    assert mlofte("schema").stderr.endswith("Error: Missing argument 'KIND'.\n")


def test_no_arguments_is_the_help_in_the_language(mlofte: Run) -> None:
    out = mlofte("--lang", "sv")
    assert (out.code, out.stdout) == (2, "")
    assert out.stderr.startswith("Användning: mlofte [FLAGGOR] KOMMANDO [ARGUMENT]...\n")


def test_the_language_is_chosen_afresh_for_each_run(mlofte: Run) -> None:
    assert _first_line(mlofte, "--lang", "sv") == "Användning:"
    assert _first_line(mlofte) == "Usage:"


HELP_RUN = """
import sys
from medborgarlofte.cli import main
code = main(sys.argv[1:])
from medborgarlofte.report import i18n
heavy = sorted(m for m in ("yaml", "rich", "jinja2", "openpyxl") if m in sys.modules)
sys.stderr.write(f"{code} catalogue read: {'sv' in i18n._loaded}; heavy: {heavy}\\n")
"""


@pytest.mark.parametrize(
    ("args", "read"),
    [(("--help",), False), (("log", "--help"), False), (("--lang", "sv", "log", "--help"), True)],
)
def test_help_reads_the_catalogue_only_for_swedish(args: tuple[str, ...], read: bool) -> None:
    """English help opens no file of ours; Swedish reads the .mo once; neither imports what
    the commands import for their work."""
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(HELP_RUN), *args],
        capture_output=True,
        encoding="utf-8",
        timeout=60,
        check=False,
        env={"PATH": "", "LC_ALL": "C.UTF-8"},
    )
    assert done.stderr == f"0 catalogue read: {read}; heavy: []\n"


def test_the_last_lang_given_speaks_as_click_takes_it(mlofte: Run, small_root: Path) -> None:
    out = mlofte("--lang", "sv", "--root", str(small_root), "show", "--lang", "en")
    assert (out.code, out.stdout.splitlines()[3]) == (0, "Parties")
    out = mlofte("--lang", "sv", "--lang", "de", "show")
    assert out.code == 2
    assert out.stderr.endswith("Error: Invalid value for '--lang': 'de' is not one of sv, en.\n")
