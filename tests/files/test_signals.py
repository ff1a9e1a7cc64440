"""files/signals.py: SIGINT, SIGTERM or SIGHUP during a write leave no temporary file (of
`log` under logs/, of the cache in its folder), and validate reports one a killed run left."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

# The child stalls in the middle of the write (a slow disk): `fsync` of the entry, or the
# cache's contents, waits until a signal has come (is pending or has acted), then goes on.
CHILD = """\
import os, signal, sys, time
from pathlib import Path
from medborgarlofte.cli import main
from medborgarlofte.files import write
from medborgarlofte.speed import cache

ready = Path(sys.argv[1])
stage = sys.argv[2]
def stall():
    ready.write_text("ready")
    for _ in range(3000):
        if signal.sigpending():
            return
        time.sleep(0.01)

if stage == "entry":
    real = os.fsync
    def slow(fd):
        stall()
        real(fd)
    write.os.fsync = slow
else:
    real_dump = cache._dump
    def slow_dump(out, head, files):
        stall()
        real_dump(out, head, files)
    cache._dump = slow_dump
sys.exit(main(sys.argv[3:]))
"""


def _stopped_mid_write(root: Path, tmp_path: Path, stage: str, number: int) -> int:
    """`mlofte log` in a child, sent `number` while it writes `stage`; its exit status."""
    ready = tmp_path / "ready"
    args = ["--root", str(root), "log", "hundsok-skola", "--date", "2021-05-05"]
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(ready), stage, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "MLOFTE_CACHE_DIR": str(tmp_path / "cache")},
    )
    try:
        for _ in range(3000):
            if ready.exists() or child.poll() is not None:
                break
            time.sleep(0.01)
        assert ready.exists(), child.communicate()
        child.send_signal(number)
        child.communicate(timeout=60)
    finally:
        child.kill()
    return child.returncode


SIGNALS = [signal.SIGTERM, signal.SIGHUP, signal.SIGINT]


@pytest.mark.parametrize("number", SIGNALS, ids=[s.name for s in SIGNALS])
def test_a_signal_while_log_writes_leaves_no_temporary_file(
    small_root: Path, tmp_path: Path, number: int
) -> None:
    code = _stopped_mid_write(small_root, tmp_path, "entry", number)
    assert code != 0
    folder = small_root / "logs" / "2021"
    assert [p.name for p in folder.iterdir() if p.name.startswith(".")] == []
    written = folder / "2021-05-05-hundsok-skola.yaml"  # whole, as the signal waited for it
    assert written.read_text(encoding="utf-8") == "date: 2021-05-05\ncommitment: hundsok-skola\n"


@pytest.mark.parametrize("number", SIGNALS, ids=[s.name for s in SIGNALS])
def test_a_signal_while_the_cache_is_written_leaves_no_temporary_file(
    small_root: Path, tmp_path: Path, number: int
) -> None:
    _stopped_mid_write(small_root, tmp_path, "cache", number)
    cache = tmp_path / "cache"
    assert cache.is_dir()
    assert [
        p.name
        for p in cache.iterdir()
        if not p.name.endswith(("0.json", "index.json")) and p.name.startswith(".")
    ] == []


def test_a_cache_temporary_file_of_a_killed_run_is_removed(
    small_root: Path, tmp_path: Path
) -> None:
    cache = tmp_path / "cache"
    cache.mkdir()
    gone = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=True,
    )
    dead = cache / f".tmp-{gone.stdout.strip()}-abc.json"
    dead.write_text("{", encoding="utf-8")
    running = cache / f".tmp-{os.getpid()}-abc.json"  # a run still writing: left alone
    running.write_text("{", encoding="utf-8")
    from medborgarlofte.speed.load import load_checked

    load_checked(small_root)
    assert not dead.exists() and running.exists()


def test_validate_reports_a_temporary_file_left_by_a_killed_log(small_root: Path) -> None:
    from typer.testing import CliRunner

    from medborgarlofte.cli.app import app

    folder = small_root / "logs" / "2021"
    gone = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=True,
    )
    left = folder / f".mlofte-{gone.stdout.strip()}-x1y2.tmp"
    left.write_text("date: 2021-05-05\ncommitment: hundsok-skola\n", encoding="utf-8")
    old_style = folder / ".mlofte-k2j3l4.tmp"  # named before names carried the process
    old_style.write_text("date: 2021-05-06\ncommitment: hundsok-skola\n", encoding="utf-8")
    writing = folder / f".mlofte-{os.getpid()}-a1b2.tmp"  # a write in progress: not reported
    writing.write_text("date: 2021-05-07\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["--root", str(small_root), "validate"])
    message = (
        "error: a temporary file left by an interrupted 'mlofte log' (it holds an entry that may"
        " not have been written): if no other log file has that entry, rename it to a name"
        " ending in .yaml without the leading '.'; else delete it\n"
    )
    assert (result.exit_code, result.stdout) == (
        1,
        "".join(f"logs/2021/{name}:1:1: {message}" for name in sorted([left.name, old_style.name])),
    )
    stale = time.time() - 3600
    os.utime(writing, (stale, stale))  # an hour old: no write takes that long
    result = CliRunner().invoke(app, ["--root", str(small_root), "validate"])
    assert result.stdout.count("a temporary file left") == 3
