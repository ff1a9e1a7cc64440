"""cli/output.py: closed output streams. With stdout closed every command that prints exits 74
(nothing shown, never 0, never an internal error); with stderr closed every exit code is the
documented one; `log` writes nothing when it could not say where it wrote."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from medborgarlofte.cli.output import EXIT_OUTPUT


def _closed(fds: str, *args: str) -> subprocess.CompletedProcess[str]:
    """`mlofte ARGS` started with the streams in `fds` closed (`>&-`, `2>&-`), as a shell does."""
    return subprocess.run(
        ["sh", "-c", f'exec "$@" {fds}', "sh", sys.executable, "-m", "medborgarlofte", *args],
        capture_output=True,
        encoding="utf-8",
        timeout=60,
        check=False,
    )


CANNOT = "mlofte: cannot write the output: Bad file descriptor\n"


@pytest.mark.parametrize(
    "args",
    [
        ["--version"],
        ["status", "2021", "--format", "json"],
        ["status", "2021", "--format", "csv"],
        ["status", "2021", "--format", "markdown"],
        ["status", "2021"],
        ["validate"],
        ["validate", "--format", "json"],
        ["show"],
    ],
)
def test_stdout_closed_is_exit_74(haparanda_root: Path, args: list[str]) -> None:
    done = _closed(">&-", "--root", str(haparanda_root), *args)
    assert (done.returncode, done.stdout, done.stderr) == (EXIT_OUTPUT, "", CANNOT)


def test_version_with_both_streams_closed_is_exit_74() -> None:
    done = _closed(">&- 2>&-", "--version")
    assert (done.returncode, done.stdout, done.stderr) == (EXIT_OUTPUT, "", "")


def test_log_with_stdout_closed_writes_nothing(haparanda_root: Path) -> None:
    """It could not say the path it wrote, and a second try would count the work twice: the
    entry is refused before anything is written, and stderr says so."""
    before = sorted((haparanda_root / "logs").rglob("*"))
    args = ("--root", str(haparanda_root), "log", "hundsok-skola", "--date", "2021-05-05")
    done = _closed(">&-", *args)
    assert (done.returncode, done.stdout) == (EXIT_OUTPUT, "")
    assert done.stderr == ("mlofte: cannot write the output (stdout is closed): nothing written\n")
    assert sorted((haparanda_root / "logs").rglob("*")) == before
    # both closed: the same, silently
    assert _closed(">&- 2>&-", *args).returncode == EXIT_OUTPUT
    assert sorted((haparanda_root / "logs").rglob("*")) == before


def test_log_dry_run_with_stdout_closed_is_exit_74(haparanda_root: Path) -> None:
    args = ("--root", str(haparanda_root), "log", "hundsok-skola", "--date", "2021-05-05")
    done = _closed(">&-", *args, "--dry-run")
    assert done.returncode == EXIT_OUTPUT
    assert "internal error" not in done.stderr


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (["--root", "/nonexistent/mlofte-root", "status"], 2),
        (["status"], 2),  # no root found from the current folder (the test's tmp folder)
        (["ROOT", "status", "1999"], 2),  # no agreement covers 1999
        (["ROOT", "status", "--format", "nope"], 2),
        (["ROOT", "show", "nope"], 2),
        (["ROOT", "log", "hundsok-skola", "--date", "2021-02-30"], 2),
        (["ROOT", "log", "no-such-commitment", "--date", "2021-05-05"], 1),
        (["ROOT", "status", "2021"], 0),
        (["ROOT", "validate"], 0),
        (["--no-such-option"], 2),
    ],
)
def test_stderr_closed_keeps_every_exit_code(
    haparanda_root: Path, tmp_path: Path, args: list[str], code: int
) -> None:
    if args[0] == "ROOT":
        args = ["--root", str(haparanda_root), *args[1:]]
    shell = ["sh", "-c", 'cd "$1" && shift && exec "$@" 2>&-', "sh", str(tmp_path)]
    done = subprocess.run(
        [*shell, sys.executable, "-m", "medborgarlofte", *args],
        capture_output=True,
        encoding="utf-8",
        timeout=60,
        check=False,
        env={"PATH": "/usr/bin:/bin", "MLOFTE_CACHE_DIR": str(tmp_path / "cache")},
    )
    assert (done.returncode, done.stderr) == (code, "")
    assert "Traceback" not in done.stdout


def test_log_whose_output_fails_after_writing_says_where(haparanda_root: Path) -> None:
    """stdout open but failing (a full disk): the entry is written whole, and stderr names it,
    so that nobody logs the same work a second time."""
    args = ("--root", str(haparanda_root), "log", "hundsok-skola", "--date", "2021-05-05")
    done = _closed(">/dev/full", *args)
    assert (done.returncode, done.stdout) == (EXIT_OUTPUT, "")
    assert done.stderr == (
        "mlofte: the entry is written: logs/2021/2021-05-05-hundsok-skola.yaml\n"
        "mlofte: cannot write the output: No space left on device\n"
    )
    written = haparanda_root / "logs/2021/2021-05-05-hundsok-skola.yaml"
    assert written.read_text(encoding="utf-8") == ("date: 2021-05-05\ncommitment: hundsok-skola\n")
