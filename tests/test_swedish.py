"""Issue 13's acceptance on the shipped data: the screens a coordinator sees hold no English
word of ours in Swedish and no Swedish word of ours in English (words of the user's own data
aside), and every machine format is byte-identical in both languages."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from pathlib import Path

import pytest
import yaml

from conftest import Outcome
from medborgarlofte.cli import common

Run = Callable[..., Outcome]

ENGLISH = (
    "the", "and", "of", "or", "is", "to", "with", "for", "from", "this", "that", "one",
    "Commitment", "Target", "Done", "Expected", "Remaining", "State", "Period", "Parties",
    "met", "on track", "behind", "missed", "untargeted", "a year", "per year", "a week",
    "week", "weeks", "month", "months", "tertial", "tertials", "more needed", "expected",
    "agreement", "agreements", "commitment", "commitments", "entry", "entries", "file",
    "files", "log", "problems", "no problems", "unknown", "did you mean", "known",
    "Usage", "Options", "Arguments", "Show", "Print", "Record", "default", "required",
    "Which", "Count", "Note", "Date", "optional", "Write it", "written", "focus area",
    "responsible", "none", "at least", "during", "counted", "left out", "as of", "no target",
    "Responsible", "without target", "outside the year",
)  # fmt: skip
SWEDISH = (
    "och", "eller", "för", "av", "inte", "med", "till", "finns", "Åtagande", "åtagande",
    "Mål", "Genomfört", "Förväntat", "hittills", "Kvar", "Läge", "Parter", "uppfyllt",
    "enligt plan", "efter plan", "ej", "utan mål", "per år", "per vecka", "vecka", "veckor",
    "månad", "minst", "under perioden", "överenskommelse", "överenskommelser", "loggpost",
    "fil", "filer", "problem hittades", "inga problem", "okänt", "menade du", "Användning",
    "Alternativ", "Visa", "Skriv", "standard", "obligatorisk", "Vilket", "Antal", "Anteckning",
    "Datum", "fokusområde", "ansvarig", "Ansvarig", "poster", "räknade", "läget per",
    "inget mål",
)  # fmt: skip
COMMANDS = ("validate", "status", "show", "log", "report", "schema", "init", "entries", "overview")
NAMES = re.compile(
    rf"--[\w-]+|\S*\w/\S*|mlofte (?:{'|'.join(COMMANDS)})\b|^ +(?:{'|'.join(COMMANDS)}) ",
    re.MULTILINE,
)
"""Names that are the same in every language: options, paths and folders, command names."""
PREFIX = re.compile(r"^[^\n:]+:\d+:\d+: (error|warning): ", re.MULTILINE)
"""PATH:LINE:COL: error: — the same in every language, by contract."""


def data_words(root: Path) -> set[str]:
    """Every word of the user's own data (titles, names, notes, ids): it stays as written."""
    words: set[str] = set()
    for path in sorted(root.glob("**/*.yaml")):
        words.update(re.findall(r"\w+", path.read_text(encoding="utf-8").lower()))
    return words


def foreign(screen: str, banned: Iterable[str], allowed: set[str]) -> list[str]:
    """The words of `banned` on `screen` (whole words; a phrase's words all of the user's data
    are the user's)."""
    text = NAMES.sub(" ", PREFIX.sub("", screen))
    found = []
    for word in banned:
        if set(re.findall(r"\w+", word.lower())) <= allowed:
            continue
        if re.search(rf"(?<!\w){re.escape(word)}(?!\w)", text):
            found.append(word)
    return found


@pytest.fixture
def typo_root(haparanda_root: Path) -> Path:
    """The shipped data with a commitment id mistyped in one log file."""
    entry = sorted((haparanda_root / "logs").glob("**/*.yaml"))[0]
    data = yaml.safe_load(entry.read_text(encoding="utf-8"))
    text = entry.read_text(encoding="utf-8")
    entry.write_text(
        text.replace(f"commitment: {data['commitment']}", f"commitment: {data['commitment']}x"),
        encoding="utf-8",
    )
    return haparanda_root


SCREENS = [
    ("status", "2021"),
    ("show",),
    ("overview",),
    ("entries", "2021"),
    ("status", "2021", "--format", "markdown"),
    ("overview", "--format", "markdown"),
    ("status", "2021", "--detail"),
    ("log", "--help"),
    ("status", "--help"),
    ("--help",),
]


@pytest.mark.parametrize("args", SCREENS, ids=" ".join)
def test_a_swedish_screen_has_no_english_word_of_ours(
    mlofte: Run, haparanda_root: Path, args: tuple[str, ...]
) -> None:
    out = mlofte("--root", str(haparanda_root), "--lang", "sv", *args)
    assert out.code == 0, out.stderr
    screen = out.stdout + out.stderr
    assert foreign(screen, ENGLISH, data_words(haparanda_root)) == []
    assert foreign(screen, SWEDISH, data_words(haparanda_root))  # and Swedish of ours it is


@pytest.mark.parametrize("args", SCREENS, ids=" ".join)
def test_an_english_screen_has_no_swedish_word_of_ours(
    mlofte: Run, haparanda_root: Path, args: tuple[str, ...]
) -> None:
    out = mlofte("--root", str(haparanda_root), "--lang", "en", *args)
    assert out.code == 0, out.stderr
    screen = out.stdout + out.stderr
    assert foreign(screen, SWEDISH, data_words(haparanda_root)) == []
    assert foreign(screen, ENGLISH, data_words(haparanda_root))  # and English of ours it is


def test_validate_says_a_typo_in_swedish(mlofte: Run, typo_root: Path) -> None:
    swedish = mlofte("--lang", "sv", "validate", "--root", str(typo_root))
    english = mlofte("validate", "--root", str(typo_root), "--lang", "en")
    assert (swedish.code, english.code) == (1, 1)
    allowed = data_words(typo_root)
    assert foreign(swedish.stdout + swedish.stderr, ENGLISH, allowed) == []
    assert foreign(english.stdout + english.stderr, SWEDISH, allowed) == []
    assert "menade du" in swedish.stdout + swedish.stderr
    assert "did you mean" in english.stdout + english.stderr
    # the prefix is the contract's, in both languages
    assert PREFIX.findall(swedish.stdout) == PREFIX.findall(english.stdout) != []


def test_an_interactive_log_under_a_swedish_locale(
    mlofte: Run, haparanda_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.setenv("LANG", "sv_SE.UTF-8")
    monkeypatch.setattr(common, "stdin_is_tty", lambda: True)
    out = mlofte("--root", str(haparanda_root), "log", input="2021-06-01\n1\n\n\n\n\n")
    assert out.code == 0, out
    screen = out.stdout + out.stderr
    assert foreign(screen, ENGLISH, data_words(haparanda_root)) == []
    assert len(list((haparanda_root / "logs").glob("**/2021-06-01-*.yaml"))) >= 1


MACHINE = [
    ("status", "2021", "--format", "json"),
    ("status", "2021", "--format", "csv"),
    ("validate", "--format", "json"),
    ("validate", "--format", "github"),
    ("entries", "--format", "json"),
    ("entries", "--format", "csv"),
    ("entries", "--format", "yaml"),
    ("overview", "--format", "json"),
]


@pytest.mark.parametrize("args", MACHINE, ids=" ".join)
def test_machine_formats_are_the_same_in_both_languages(
    mlofte: Run, haparanda_root: Path, args: tuple[str, ...]
) -> None:
    if args[0] == "validate":  # a root with a problem to report
        entry = sorted((haparanda_root / "logs").glob("**/*.yaml"))[0]
        entry.write_text("date: 2021-13-01\ncommitment: nope\n", encoding="utf-8")
    swedish = mlofte("--root", str(haparanda_root), "--lang", "sv", *args)
    english = mlofte("--root", str(haparanda_root), "--lang", "en", *args)
    assert swedish == english
    assert swedish.stdout
