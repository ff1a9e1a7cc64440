"""The progress bar of a long cold load: on a terminal after a second, never when piped, with
NO_COLOR or in a machine format."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import pytest
from rich.console import Console

from conftest import AGREEMENT, Outcome, write_tree
from medborgarlofte.cli import common
from medborgarlofte.report import terminal
from medborgarlofte.report.terminal import LoadProgress, load_progress
from medborgarlofte.speed import load

Run = Callable[..., Outcome]


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def _terminal() -> tuple[Console, io.StringIO]:
    out = io.StringIO()
    return Console(file=out, force_terminal=True, width=80, color_system=None), out


def test_shown_once_the_load_takes_a_second() -> None:
    console, out = _terminal()
    clock = Clock()
    bar = LoadProgress(console, clock=clock)
    bar(64, 1000)
    clock.now += 0.5
    bar(128, 1000)
    assert out.getvalue() == ""  # under a second: nothing
    clock.now += 0.6
    bar(192, 1000)
    assert "Reading files" in out.getvalue() and "192/1000" in out.getvalue()
    clock.now += 0.2
    bar(1000, 1000)
    assert "1000/1000" in out.getvalue()
    bar.close()
    assert out.getvalue().endswith("\x1b[?25h\r\x1b[1A\x1b[2K")  # cursor back, line cleared


def test_a_load_done_within_the_second_shows_nothing() -> None:
    console, out = _terminal()
    bar = LoadProgress(console, clock=Clock())
    bar(1000, 1000)
    bar.close()
    assert out.getvalue() == ""


def test_none_when_piped_or_no_color(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setattr("sys.stderr", io.StringIO())
    assert load_progress() is None
    monkeypatch.setattr(terminal, "make_console", lambda **_: _terminal()[0])
    assert isinstance(load_progress(), LoadProgress)
    monkeypatch.setenv("NO_COLOR", "1")
    assert load_progress() is None


def test_a_cold_load_tells_progress(tmp_path: Path, cache_dir: Path) -> None:
    files = {"agreements/testby.yaml": AGREEMENT}
    files.update(
        (f"logs/{n:03d}.yaml", "date: 2021-03-14\ncommitment: pss-samverkan\n") for n in range(130)
    )
    root = write_tree(tmp_path / "r", files)
    calls: list[tuple[int, int]] = []
    dataset, _ = load.load_checked(root, cache=False, progress=lambda *call: calls.append(call))
    assert calls == [(64, 131), (128, 131), (131, 131)]
    assert (dataset, _) == load.load_checked(root, cache=False)
    calls.clear()
    load.load_checked(root, cache=True, progress=lambda *call: calls.append(call))
    assert calls == [(64, 131), (128, 131), (131, 131)]  # cold: the cache was empty
    calls.clear()
    load.load_checked(root, cache=True, progress=lambda *call: calls.append(call))
    assert calls == []  # warm: no file read, no bar


@pytest.fixture
def on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> io.StringIO:
    """stderr a terminal (pretended), the bar shown at once, into the returned StringIO."""
    console, out = _terminal()
    monkeypatch.setattr(common, "stderr_is_tty", lambda: True)
    monkeypatch.setattr(terminal, "load_progress", lambda: LoadProgress(console, delay=0))
    return out


@pytest.mark.parametrize(
    ("args", "shown"),
    [
        (["validate"], True),
        (["validate", "--format", "json"], False),
        (["validate", "--format", "github"], False),
        (["status", "2021"], True),
        (["status", "2021", "--format", "json"], False),
        (["status", "2021", "--format", "csv"], False),
        (["entries", "--format", "yaml"], False),
        (["entries"], True),
    ],
)
def test_commands_show_it_for_a_person_only(
    mlofte: Run,
    generated: Path,
    on_a_terminal: io.StringIO,
    monkeypatch: pytest.MonkeyPatch,
    args: list[str],
    shown: bool,
) -> None:
    monkeypatch.delenv("NO_COLOR")  # the mlofte fixture sets it
    out = mlofte("--root", str(generated), "--no-cache", *args)
    assert out.code == 0
    assert ("Reading files" in on_a_terminal.getvalue()) is shown
    assert "Reading files" not in out.stdout + out.stderr


def test_no_color_shows_none(mlofte: Run, generated: Path, on_a_terminal: io.StringIO) -> None:
    assert mlofte("--root", str(generated), "--no-cache", "validate").code == 0
    assert on_a_terminal.getvalue() == ""
