"""Taking the stats of the data files, in this process or with a forked helper: the same
stats, None for a file that is gone or no longer plain, and no process left behind."""

from __future__ import annotations

import gc
import os
import subprocess
import sys
import threading
from array import array
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import write_tree
from medborgarlofte import filestats, launch
from medborgarlofte.discover import Folder, list_root
from medborgarlofte.filestats import take_stats

SERIAL_STATS = 10**9
"""A parallel threshold no test reaches: stats taken in this process."""


@pytest.fixture
def many(tmp_path: Path) -> Path:
    """Three folders of log files (more than a few pieces of work) and two agreements."""
    files = {"agreements/a.yaml": "title: a\n", "agreements/b.yaml": "title: b\n"}
    for year, count in (("2020", 40), ("2021", 75), ("2022", 3)):
        files |= {f"logs/{year}/{year}-{n:03}.yaml": "x" * n for n in range(count)}
    return write_tree(tmp_path / "many", files)


def _lstats(folders: list[Folder]) -> list[int]:
    found: list[int] = []
    for folder in folders:
        for name in folder.names:
            info = os.lstat(os.path.join(folder.path, name))
            found += [info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino]
    return found


@pytest.fixture
def forks(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[int]]:
    """The pids of the helper processes take_stats forks; skips where it may not fork."""
    if not filestats.can_fork():
        pytest.skip("take_stats forks only on Linux, with more than one core and one thread")
    pids: list[int] = []
    real = os.fork

    def counting() -> int:
        pid = real()
        if pid:
            pids.append(pid)
        return pid

    monkeypatch.setattr(os, "fork", counting)
    monkeypatch.setattr(filestats, "CHUNK", 7)  # many pieces to claim, by both processes
    yield pids


def test_the_forked_and_the_serial_stats_are_the_same(many: Path, forks: list[int]) -> None:
    listing = list_root(str(many))
    folders = listing.agreements + listing.logs
    serial = take_stats(folders, lambda: 7, parallel=SERIAL_STATS)
    assert forks == []
    forked = take_stats(folders, lambda: 7, parallel=0)
    assert len(forks) == 1  # the helper process did take part
    assert serial[1] == forked[1] == 7
    assert serial[0] is not None and forked[0] is not None
    assert serial[0] == forked[0] == array("q", _lstats(folders))
    assert len(serial[0]) == 4 * (2 + 40 + 75 + 3)


def test_no_files_no_fork(tmp_path: Path, forks: list[int]) -> None:
    assert take_stats([], lambda: "x", parallel=0) == (array("q"), "x")
    assert forks == []


@pytest.mark.parametrize("parallel", [0, SERIAL_STATS], ids=["forked", "serial"])
@pytest.mark.parametrize("position", [0, 57, -1], ids=["first", "middle", "last"])
def test_a_file_gone_after_the_walk_gives_no_stats(
    many: Path, forks: list[int], parallel: int, position: int
) -> None:
    listing = list_root(str(many))
    folders = listing.agreements + listing.logs
    paths = [os.path.join(f.path, n) for f in folders for n in f.names]
    os.unlink(paths[position])
    assert take_stats(folders, lambda: 7, parallel=parallel) == (None, 7)
    assert len(forks) == (1 if parallel == 0 else 0)


@pytest.mark.parametrize("parallel", [0, SERIAL_STATS], ids=["forked", "serial"])
def test_a_file_become_a_folder_or_a_link_gives_no_stats(
    many: Path, forks: list[int], parallel: int
) -> None:
    listing = list_root(str(many))
    folders = listing.agreements + listing.logs
    target = many / "logs" / "2021" / "2021-010.yaml"
    target.unlink()
    target.mkdir()
    assert take_stats(folders, lambda: 7, parallel=parallel) == (None, 7)
    target.rmdir()
    target.symlink_to(many / "agreements" / "a.yaml")
    assert take_stats(folders, lambda: 7, parallel=parallel) == (None, 7)


def test_the_helper_process_is_reaped(many: Path, forks: list[int]) -> None:
    listing = list_root(str(many))
    stats, _ = take_stats(listing.agreements + listing.logs, lambda: 7, parallel=0)
    assert stats is not None and len(forks) == 1
    with pytest.raises(ChildProcessError):  # no child left: not even a zombie
        os.waitpid(-1, os.WNOHANG)


def test_no_fork_while_another_thread_runs(many: Path, forks: list[int]) -> None:
    listing = list_root(str(many))
    folders = listing.agreements + listing.logs
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        stats, _ = take_stats(folders, lambda: 7, parallel=0)
    finally:
        stop.set()
        thread.join()
    assert forks == []
    assert stats == array("q", _lstats(folders))


def test_pieces_hold_up_to_a_chunk_of_files_across_small_folders() -> None:
    work = [("a", ["1"] * 3), ("b", ["2"] * 2500), ("c", []), ("d", ["3"] * 10)]
    pieces = filestats.pieces_of(work)
    assert [sum(len(names) for _, names in piece) for piece in pieces] == [1000, 1000, 513]
    assert [name for piece in pieces for _, names in piece for name in names] == [
        name for _, names in work for name in names
    ]
    assert len(filestats.pieces_of([("f", ["x"])] * 20_000)) == 20


def test_many_small_folders_do_not_hang(tmp_path: Path) -> None:
    """17,000 one-file folders: more pieces than a pipe holds claims for, were they not
    packed. Run in a child interpreter with a timeout, so a hang fails instead of blocking."""
    (tmp_path / "a.yaml").write_text("x", encoding="utf-8")
    code = (
        "import sys\n"
        "from medborgarlofte.discover import Folder\n"
        "from medborgarlofte.filestats import take_stats\n"
        f"folders = [Folder(f'f{{i}}', {str(tmp_path)!r}, ['a.yaml']) for i in range(17000)]\n"
        "stats, found = take_stats(folders, lambda: 'ok', parallel=0)\n"
        "print(found, len(stats))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        encoding="utf-8",
        timeout=120,
        check=False,
    )
    assert (done.returncode, done.stdout) == (0, "ok 68000\n"), done.stderr


def test_the_console_script_turns_the_cycle_collector_and_pydantic_plugins_off(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from medborgarlofte import cli

    monkeypatch.setenv("PYDANTIC_DISABLE_PLUGINS", "")  # put back as it was after the test
    monkeypatch.delenv("PYDANTIC_DISABLE_PLUGINS")
    seen: list[tuple[bool, str | None]] = []
    monkeypatch.setattr(
        cli,
        "run",
        lambda: seen.append((gc.isenabled(), os.environ.get("PYDANTIC_DISABLE_PLUGINS"))),
    )
    try:
        with pytest.raises(SystemExit) as done:
            launch.run()
    finally:
        gc.enable()
    assert (seen, done.value.code) == ([(False, "__all__")], 0)
