"""Problems as printed: the text format's message in the user's language behind the prefix
that never changes, json and github byte for byte the same in every language, and a run from
the cache the same as one without it, in both languages (the cache keeps codes, not words)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from test_messages import FLAWS

from conftest import AGREEMENT, ENTRY, Outcome, write_tree
from medborgarlofte.core.problems import problem
from medborgarlofte.report import i18n
from medborgarlofte.report.problems import format_github, format_json, format_text

Run = Callable[..., Outcome]


@pytest.fixture
def typo_root(tmp_path: Path) -> Path:
    return write_tree(
        tmp_path / "root",
        {
            "agreements/testby.yaml": AGREEMENT,
            "logs/2021/2021-03-14-hundsok.yaml": ENTRY.replace("hundsok-skola", "hundsok"),
        },
    )


def test_a_typo_in_swedish(mlofte: Run, typo_root: Path) -> None:
    out = mlofte("--root", str(typo_root), "--lang", "sv", "validate")
    assert out.code == 1
    assert out.stdout.splitlines()[0] == (
        "logs/2021/2021-03-14-hundsok.yaml:2:13: error: okänt åtagande 'hundsok';"
        " menade du 'hundsok-skola'?"
    )


def test_the_same_typo_in_english(mlofte: Run, typo_root: Path) -> None:
    out = mlofte("--root", str(typo_root), "--lang", "en", "validate")
    assert out.stdout.splitlines()[0] == (
        "logs/2021/2021-03-14-hundsok.yaml:2:13: error: unknown commitment 'hundsok'"
        " (did you mean 'hundsok-skola'?)"
    )


@pytest.fixture
def flaws(tmp_path: Path) -> Path:
    return write_tree(tmp_path / "flaws", FLAWS)


@pytest.mark.parametrize("fmt", ["json", "github"])
def test_machine_formats_are_the_same_bytes_in_both_languages(
    mlofte: Run, flaws: Path, fmt: str
) -> None:
    runs = {
        lang: mlofte("--root", str(flaws), "--lang", lang, "validate", "--format", fmt)
        for lang in ("sv", "en")
    }
    assert runs["sv"] == runs["en"]
    assert runs["en"].code == 1 and "unknown commitment 'hundsok-skol'" in runs["en"].stdout


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_a_warm_run_says_what_a_run_without_the_cache_says(
    mlofte: Run, flaws: Path, cache_dir: Path, lang: str
) -> None:
    other = "en" if lang == "sv" else "sv"
    cold = mlofte("--root", str(flaws), "--lang", other, "validate")  # the cache, in the other
    assert any(cache_dir.iterdir())
    for fmt in ("text", "json", "github"):
        args = ("--root", str(flaws), "--lang", lang, "validate", "--format", fmt)
        warm = mlofte(*args)
        assert warm == mlofte(*args)  # twice: the second from a cache this language wrote
        assert warm == mlofte("--no-cache", *args)
    assert cold.code == 1


def test_the_prefix_never_changes_and_only_the_text_is_translated() -> None:
    found = [
        problem("logs/x.yaml", 2, 13, "unknown-commitment", commitment="x", suggestion=""),
        problem("logs/y.yaml", 4, 7, "comment-cuts-value", "warning", key="note", value="a", fix='"a #b"'),
    ]  # fmt: skip
    before = i18n.current()
    try:
        i18n.use(i18n.Choice("sv", True))
        swedish = (format_text(found), format_json(found), format_github(found))
        i18n.use(i18n.Choice("en", True))
        english = (format_text(found), format_json(found), format_github(found))
    finally:
        i18n.use(before)
    assert swedish[1:] == english[1:]
    assert swedish[0].splitlines() == [
        "logs/x.yaml:2:13: error: okänt åtagande 'x'",
        "logs/y.yaml:4:7: warning: note: YAML läser ' #' som början på en kommentar, så värdet"
        " blir bara 'a'; sätt texten inom citattecken för att behålla hela: note: \"a #b\"",
    ]
    assert english[0].splitlines()[0] == "logs/x.yaml:2:13: error: unknown commitment 'x'"
