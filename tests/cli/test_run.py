"""The console script's way out: output flushed, exit codes kept, and the interpreter's own
exit taken whenever anything is unusual (another thread still running)."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

from medborgarlofte import __version__


def _python(code: str, *args: str) -> subprocess.CompletedProcess[str]:
    """`code` run as a script with `args` as the command line of `mlofte`."""
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code), *args],
        capture_output=True,
        encoding="utf-8",
        timeout=60,
        check=False,
    )


def _mlofte(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "medborgarlofte", *args],
        capture_output=True,
        encoding="utf-8",
        timeout=60,
        check=False,
    )


def test_the_whole_output_reaches_a_pipe(haparanda_root: Path) -> None:
    done = _mlofte("--root", str(haparanda_root), "status", "2021", "--format", "json")
    assert done.returncode == 0, done.stderr
    document = json.loads(done.stdout)
    assert document["year"] == 2021
    assert [a["id"] for a in document["agreements"]] == ["haparanda-2020-2022"]


def test_a_large_output_is_not_cut_short(tmp_path: Path) -> None:
    """More than a pipe buffer of problems, each line present, the last one included."""
    root = tmp_path / "root"
    (root / "agreements").mkdir(parents=True)
    (root / "logs").mkdir()
    for n in range(400):
        (root / "logs" / f"2021-01-01-x{n:03}.yaml").write_text("date: [\n", encoding="utf-8")
    done = _mlofte("--root", str(root), "validate", "--format", "json")
    assert done.returncode == 1
    paths = {problem["path"] for problem in json.loads(done.stdout)["problems"]}
    assert {f"logs/2021-01-01-x{n:03}.yaml" for n in range(400)} <= paths


def test_exit_codes_are_kept(small_root: Path, tmp_path: Path) -> None:
    assert _mlofte("--root", str(small_root), "validate").returncode == 0
    assert _mlofte("--root", str(small_root), "status", "--no-such-option").returncode == 2
    (small_root / "logs" / "2021" / "2021-03-15-trasig.yaml").write_text(
        "date: [\n", encoding="utf-8"
    )
    broken = _mlofte("--root", str(small_root), "validate")
    assert broken.returncode == 1
    assert broken.stdout.startswith("logs/2021/2021-03-15-trasig.yaml:2:1: error: YAML syntax")
    assert broken.stderr == "1 problem in 1 file\n"


def test_a_thread_still_running_is_waited_for(small_root: Path, tmp_path: Path) -> None:
    """With another thread alive the interpreter's own exit is taken, which joins it."""
    mark = tmp_path / "written-by-the-thread"
    done = _python(
        f"""
        import sys, threading, time
        def late():
            time.sleep(0.5)
            open({str(mark)!r}, "w", encoding="utf-8").close()
        threading.Thread(target=late).start()
        sys.argv[0] = "mlofte"
        from medborgarlofte.cli import run
        run()
        """,
        "--root",
        str(small_root),
        "validate",
    )
    assert done.returncode == 0, done.stderr
    assert mark.exists()


def _in_a_deleted_folder(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    gone = tmp_path / "gone"
    gone.mkdir()
    script = f'cd "{gone}" && rmdir "{gone}" && exec "{sys.executable}" -m medborgarlofte "$@"'
    return subprocess.run(
        ["sh", "-c", script, "sh", *args],
        capture_output=True,
        encoding="utf-8",
        timeout=60,
        check=False,
    )


def test_a_deleted_current_folder_is_said_so(small_root: Path, tmp_path: Path) -> None:
    version = _in_a_deleted_folder(tmp_path, "--version")
    assert (version.returncode, version.stderr) == (0, "")
    assert version.stdout.startswith("mlofte ")
    lost = _in_a_deleted_folder(tmp_path, "validate")
    assert (lost.returncode, lost.stdout) == (2, "")
    assert lost.stderr == (
        "mlofte: no data root: the current folder cannot be read (was it deleted?); change to"
        " the data root, or pass --root PATH or set MLOFTE_ROOT\n"
    )
    given = _in_a_deleted_folder(tmp_path, "--root", str(small_root), "validate")
    assert given.returncode == 0, given.stderr


def test_version_answers_without_importing_the_cli() -> None:
    """typer alone takes several times Python's own start: `--version` does without it."""
    done = _python(
        """
        import sys
        from medborgarlofte import cli
        code = cli._version()
        sys.stderr.write(f"typer imported: {'typer' in sys.modules}\\n")
        sys.exit(code)
        """,
        "--version",
    )
    assert (done.returncode, done.stdout, done.stderr) == (
        0,
        f"mlofte {__version__}\n",
        "typer imported: False\n",
    )
    with_typer = _mlofte("--version", "--help")
    assert (with_typer.returncode, with_typer.stdout) == (0, f"mlofte {__version__}\n")
