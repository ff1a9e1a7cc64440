"""The survey started before the CLI's imports: the loader's own listing and stats, used only
for the root and kind of command it was started for, and no helper left behind."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from conftest import Outcome
from medborgarlofte import filestats, load, survey
from medborgarlofte.discover import list_root
from medborgarlofte.load import Scan, load_checked


@pytest.fixture(autouse=True)
def _forking(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    if not filestats.can_fork():
        pytest.skip("the survey forks only on Linux, with more than one core and one thread")
    monkeypatch.setattr(filestats, "CHUNK", 7)  # many pieces, claimed by both processes
    monkeypatch.delenv("MLOFTE_NO_CACHE", raising=False)
    yield
    survey.stop()


def _begin(root: Path, *args: str) -> int:
    """Starts the survey of `root` for `status` (or `args`); the helper's pid."""
    survey.begin(["--root", str(root), *(args or ("status",))], os.environ)
    assert survey._pending is not None, "no survey started"
    return survey._pending.pid


def _reaped(pid: int) -> bool:
    try:
        os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        return True
    return False


def _stats(root: Path) -> list[int]:
    listing = list_root(str(root), quick=True)
    found: list[int] = []
    for folder in listing.agreements + listing.logs:
        for name in folder.names:
            info = os.lstat(os.path.join(folder.path, name))
            found += [info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino]
    return found


@pytest.mark.parametrize(
    ("argv", "read"),
    [
        (["status", "2021"], (True, None)),
        (["validate"], (True, None)),
        (["--root", "/x", "status", "--format", "json"], (True, "/x")),
        (["status", "--root=/y"], (True, "/y")),
        (["--root", "/x", "log", "hundsok-skola", "--root", "/z"], (True, "/z")),
        (["show"], (False, None)),
        (["--root", "/x", "show", "status"], (False, "/x")),
        (["status", "-h"], (False, None)),
        (["--help"], (False, None)),
        (["--version", "status"], (False, None)),
        (["--no-cache", "status", "2021"], (False, None)),
        ([], (False, None)),
        (["--root"], (False, None)),
    ],
)
def test_the_command_line_says_whether_to_survey_and_where(
    argv: list[str], read: tuple[bool, str | None]
) -> None:
    assert survey.read_command_line(argv) == read


def test_the_survey_is_the_loaders_own_listing_and_stats(root: Path) -> None:
    pid = _begin(root)
    ran: list[bool] = []
    taken = survey.take(str(root), lambda: ran.append(True) or "found")
    assert taken is not None
    surveyed, found = taken
    assert (found, ran) == ("found", [True])
    assert surveyed is not None and surveyed.stats is not None
    assert surveyed.listing == list_root(str(root), quick=True)
    assert surveyed.stats.tolist() == _stats(root)
    assert len(surveyed.stats) == 4 * (5 + 600)
    assert _reaped(pid)


def test_the_loader_uses_it_without_listing_again(
    root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _begin(root)

    def no_listing(*args: object, **kwargs: object) -> None:
        raise AssertionError("listed again")

    monkeypatch.setattr(load, "list_root", no_listing)
    scan, found = Scan.of(root, logs=True, stats=True, meanwhile=lambda: 7)
    assert found == 7
    assert scan.stats is not None and scan.stats.tolist() == _stats(root)


@pytest.mark.parametrize("other", ["elsewhere", "no logs", "no stats"])
def test_a_survey_of_no_use_is_stopped_and_not_used(root: Path, tmp_path: Path, other: str) -> None:
    pid = _begin(root)
    if other == "elsewhere":
        elsewhere = tmp_path / "elsewhere"
        (elsewhere / "agreements").mkdir(parents=True)
        assert survey.take(str(elsewhere), lambda: pytest.fail("ran")) is None
    else:
        scan, _ = Scan.of(root, logs=other != "no logs", stats=other != "no stats", meanwhile=int)
        assert scan.listing == list_root(str(root), logs=other != "no logs")
    assert survey._pending is None
    assert _reaped(pid)
    assert survey.take(str(root), lambda: pytest.fail("ran")) is None


def test_a_survey_too_old_is_not_used(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pid = _begin(root)
    monkeypatch.setattr(survey, "MAX_AGE_NS", -1)
    assert survey.take(str(root), lambda: pytest.fail("ran")) is None
    assert _reaped(pid)


def test_a_listing_too_large_to_hand_over_is_done_here(
    root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(survey, "SHARED_BYTES", 16)
    pid = _begin(root)
    assert survey.take(str(root), lambda: "found") == (None, "found")
    assert _reaped(pid)
    _begin(root)
    scan, _ = Scan.of(root, logs=True, stats=True, meanwhile=int)
    assert scan.stats is not None and scan.stats.tolist() == _stats(root)


def test_what_meanwhile_raises_stops_the_helper(root: Path) -> None:
    pid = _begin(root)

    def broken() -> None:
        raise KeyError("index")

    with pytest.raises(KeyError):
        survey.take(str(root), broken)
    assert _reaped(pid)


def test_stop_ends_the_helper(root: Path) -> None:
    pid = _begin(root)
    survey.stop()
    assert survey._pending is None and _reaped(pid)


@pytest.mark.parametrize("argv", [["show"], ["--help"], ["--no-cache", "status"]])
def test_no_survey_for_a_command_that_needs_none(root: Path, argv: list[str]) -> None:
    survey.begin(argv, {"MLOFTE_ROOT": str(root)})
    assert survey._pending is None


@pytest.mark.parametrize(
    ("argv", "environ"),
    [
        (["status"], {"MLOFTE_NO_CACHE": "1"}),
        (["status", "--root", "/no/such/root"], {}),
        (["status"], {"MLOFTE_ROOT": ""}),  # and no root at or above the current folder
    ],
)
def test_a_helper_that_finds_no_root_to_survey_gives_none(
    root: Path, argv: list[str], environ: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir("/")
    survey.begin(argv, {"MLOFTE_ROOT": str(root), **environ})
    assert survey._pending is not None
    pid = survey._pending.pid
    assert survey.take(str(root), lambda: pytest.fail("ran")) is None
    assert _reaped(pid)


def test_a_deleted_current_folder_gives_no_survey(
    root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    gone = tmp_path / "gone"
    gone.mkdir()
    monkeypatch.chdir(gone)
    gone.rmdir()
    survey.begin(["status"], {})
    assert survey.take(str(root), lambda: pytest.fail("ran")) is None
    survey.begin(["--root", str(root), "status"], {})
    taken = survey.take(str(root), lambda: "found")
    assert taken is not None and taken[0] is not None and taken[1] == "found"


def _open_fds() -> set[str]:
    return set(os.listdir("/proc/self/fd"))


def test_a_pipe_that_cannot_be_made_leaves_nothing_open(
    root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real, made = os.pipe, []

    def third_fails() -> tuple[int, int]:
        if len(made) == 2:
            raise OSError(24, "Too many open files")
        made.append(1)
        return real()

    before = _open_fds()
    monkeypatch.setattr(os, "pipe", third_fails)
    survey.begin(["--root", str(root), "status"], {})
    assert survey._pending is None
    assert _open_fds() == before


@pytest.mark.parametrize("where", ["meanwhile", "collect", "wait"])
def test_an_interrupt_stops_the_helper_and_closes_everything(
    root: Path, monkeypatch: pytest.MonkeyPatch, where: str
) -> None:
    before = _open_fds()
    pid = _begin(root)

    def interrupt(*args: object) -> None:
        raise KeyboardInterrupt

    if where == "collect":
        monkeypatch.setattr(filestats, "collect", interrupt)
    if where == "wait":  # the first wait is interrupted, the helper stopped after it
        real, calls = os.waitpid, []

        def interrupted_once(pid: int, options: int) -> tuple[int, int]:
            calls.append(pid)
            if len(calls) == 1:
                raise KeyboardInterrupt
            return real(pid, options)

        monkeypatch.setattr(os, "waitpid", interrupted_once)
    with pytest.raises(KeyboardInterrupt):
        survey.take(str(root), interrupt if where == "meanwhile" else int)
    monkeypatch.undo()
    assert _reaped(pid)
    assert _open_fds() == before


def test_the_helper_lets_go_of_stdout() -> None:
    """A helper holding the output pipe would keep a reader of it waiting."""
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from medborgarlofte.filestats import detach; detach(); print('held')",
        ],
        capture_output=True,
        encoding="utf-8",
        timeout=60,
        check=False,
    )
    assert (done.returncode, done.stdout, done.stderr) == (0, "", "")


def _changes(root: Path) -> Iterator[str]:
    """The root changed step by step, each step named."""
    yield "unchanged"
    (root / "logs" / "2031").mkdir()
    new = root / "logs" / "2031" / "2031-01-02-ny.yaml"
    new.write_text("date: 2031-01-02\ncommitment: ingen-sadan\n", encoding="utf-8")
    yield "a new file with a problem"
    new.unlink()
    (root / "logs" / "2031" / "mapp.yaml").mkdir()
    yield "a folder named .yaml"
    (root / "logs" / "2031" / "mapp.yaml").rmdir()
    (root / "logs" / ".dold.yaml").write_text("x: 1\n", encoding="utf-8")
    yield "a hidden file"


def test_a_load_with_a_survey_is_a_load_without(root: Path) -> None:
    for step in _changes(root):
        _begin(root)
        with_survey = load_checked(root, entries=False)
        assert survey._pending is None, step
        without = load_checked(root, entries=False)
        assert with_survey == without, step
        assert with_survey[0].summary == without[0].summary, step


def _console(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "medborgarlofte", "--root", str(root), *args],
        capture_output=True,
        encoding="utf-8",
        timeout=60,
        check=False,
    )


def test_the_console_script_answers_as_a_load_without_cache(
    root: Path, mlofte: Callable[..., Outcome]
) -> None:
    """Through `python -m medborgarlofte` (which surveys): cold, warm, and after a change."""
    args = ("status", "2021", "--format", "json")
    expected = mlofte("--no-cache", "--root", str(root), *args)
    assert expected.code == 0
    for _ in range(3):  # the first builds the cache, the later ones answer from it
        done = _console(root, *args)
        assert (done.returncode, done.stdout) == (0, expected.stdout), done.stderr
    name = "2021-06-01-extra.yaml"
    commitment = json.loads(expected.stdout)["agreements"][0]["commitments"][0]["id"]
    agreement = json.loads(expected.stdout)["agreements"][0]["id"]
    (root / "logs" / "2021" / name).write_text(
        f"date: 2021-06-01\ncommitment: {commitment}\nagreement: {agreement}\ncount: 3\n",
        encoding="utf-8",
    )
    expected = mlofte("--no-cache", "--root", str(root), *args)
    done = _console(root, *args)
    assert (done.returncode, done.stdout) == (0, expected.stdout), done.stderr
    assert _console(root, "validate").returncode == 0
