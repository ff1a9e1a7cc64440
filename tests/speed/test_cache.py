"""The cache changes nothing but speed: with it, without it, after edits, and when it is broken."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from conftest import (
    PNR,
    TRUSTED_AT_ONCE,
    first_arguments,
    log_files,
    outcome,
    reference,
    write_tree,
)
from medborgarlofte.cli.app import app
from medborgarlofte.speed import cache, fresh, load

pytestmark = pytest.mark.usefixtures("cache_dir")


def reads(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many files each load reads from disk (not from the cache)."""
    counts: list[int] = []
    real = fresh.read_files

    def counting(jobs: list[tuple[str, str, str, int]]) -> list[Any]:
        counts.append(len(jobs))
        return real(jobs)

    monkeypatch.setattr(load, "read_files", counting)
    return counts


def test_a_warm_run_reads_nothing_and_gives_the_same_result(
    root: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = reference(root)
    counts = reads(monkeypatch)
    assert outcome(root, use_cache=True) == expected
    assert outcome(root, use_cache=True) == expected
    assert counts == [605, 0]
    # a full load keeps the per-file cache; the index is kept by what status loads
    assert [p.name for p in cache_dir.iterdir()] == [cache.path_for(root).name]


def test_only_records_not_read_from_the_cache_are_looked_through_for_personal_numbers(
    root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The cache file holds only records `_kept` let through when it was written: after one
    new file, that file's record is looked through again, and no other."""
    outcome(root, use_cache=True)
    new = root / "logs" / "2021" / "2021-06-01-extra.yaml"
    new.write_text(log_files(root)[1].read_text(encoding="utf-8"), encoding="utf-8")
    looked = first_arguments(monkeypatch, cache, "_kept")
    assert outcome(root, use_cache=True) == reference(root)
    assert looked == ["logs/2021/2021-06-01-extra.yaml"]
    assert "logs/2021/2021-06-01-extra.yaml" in cache.read(root).files


def test_the_cache_is_json_in_the_cache_folder_named_by_the_root(
    root: Path, cache_dir: Path
) -> None:
    outcome(root, use_cache=True)
    document = json.loads(cache.path_for(root).read_text(encoding="utf-8"))
    assert document["format"] == cache.FORMAT
    assert document["root"] == os.path.abspath(root)
    assert cache.path_for(root).parent == cache_dir
    assert not list(root.rglob("*.json"))


def test_edits_additions_removals_and_renames_are_seen(
    root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    outcome(root, use_cache=True)
    files = log_files(root)
    steps = [
        lambda: files[0].write_text(
            files[0].read_text(encoding="utf-8") + "count: 7\n", encoding="utf-8"
        ),
        lambda: (root / "logs" / "2021" / "2021-06-01-extra.yaml").write_text(
            files[1].read_text(encoding="utf-8").replace("date: ", "date: 2021-06-01\n#", 1),
            encoding="utf-8",
        ),
        lambda: files[2].unlink(),
        lambda: files[3].rename(files[3].with_name("renamed.yaml")),
        lambda: files[4].rename(root / "logs" / "moved-to-top.yaml"),
        lambda: (root / "agreements" / sorted(os.listdir(root / "agreements"))[0]).unlink(),
    ]
    for step in steps:
        step()
        assert outcome(root, use_cache=True) == reference(root)
        assert outcome(root, use_cache=True) == reference(root)  # and warm again


def test_an_edit_that_keeps_size_and_mtime_is_seen_by_its_ctime(root: Path) -> None:
    outcome(root, use_cache=True)
    path = next(p for p in log_files(root) if "count:" not in p.read_text(encoding="utf-8"))
    before = path.stat()
    text = path.read_text(encoding="utf-8")
    changed = text.replace("date: 20", "date: 19", 1)  # same size; now outside every period
    assert len(changed.encode()) == len(text.encode()) and changed != text
    path.write_text(changed, encoding="utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert path.stat().st_mtime_ns == before.st_mtime_ns
    after = outcome(root, use_cache=True)
    assert after == reference(root)
    assert after[1]  # the entry is now outside its agreement's period: a problem


def test_a_file_changed_just_now_is_not_trusted_from_the_cache(
    root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cache, "RACY_NS", 10**18)  # everything is "just changed"
    outcome(root, use_cache=True)
    assert cache.read(root).files == {}


def test_problems_are_given_the_same_from_the_cache(root: Path) -> None:
    files = log_files(root)
    files[0].write_text("date: 2021-13-01\ncommitment: x\n", encoding="utf-8")
    files[1].write_text("date: 2021-03-01\ncommitment: no-such-thing\n", encoding="utf-8")
    files[2].write_text("- date: 2021-03-01\n  commitment: [1]\n- 3\n", encoding="utf-8")
    files[3].write_text("", encoding="utf-8")
    files[4].write_text("date: 2021-03-01\ncommitment: fotpatrull\nbad key: 1\n", encoding="utf-8")
    agreement = sorted((root / "agreements").iterdir())[0]
    agreement.write_text(agreement.read_text(encoding="utf-8") + "minimun: 3\n", encoding="utf-8")
    expected = reference(root)
    assert len(expected[1]) >= 6
    assert outcome(root, use_cache=True) == expected
    assert outcome(root, use_cache=True) == expected


def test_loading_agreements_only_keeps_the_logs_in_the_cache(
    root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    outcome(root, use_cache=True)
    assert outcome(root, use_cache=True, logs=False) == reference(root, logs=False)
    counts = reads(monkeypatch)
    assert outcome(root, use_cache=True) == reference(root)
    assert counts[0] == 0


def _garbage(path: Path) -> None:
    path.write_bytes(b"\x00\xff garbage \x80" * 100)


def _truncated(path: Path) -> None:
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])


def _shape(path: Path) -> None:
    path.write_text(json.dumps({"format": cache.FORMAT, "files": [1, 2, 3]}), encoding="utf-8")


def _edit(change: Any) -> Any:
    def apply(path: Path) -> None:
        document = json.loads(path.read_text(encoding="utf-8"))
        change(document)
        path.write_text(json.dumps(document), encoding="utf-8")

    return apply


def _field(compact: str, index: int, value: str) -> str:
    parts = compact.split("|", 11)
    parts[index] = value
    return "|".join(parts)


def _first_compact(document: dict[str, Any], new: Any) -> None:
    rel = next(r for r, v in document["files"].items() if isinstance(v, str))
    document["files"][rel] = new(document["files"][rel])


def _first_payload(document: dict[str, Any], new: Any) -> None:
    rel = next(r for r, v in document["files"].items() if isinstance(v, list))
    document["files"][rel][1] = new(document["files"][rel][1])


BROKEN = {
    "garbage bytes": _garbage,
    "truncated": _truncated,
    "wrong shape": _shape,
    "a list": lambda p: p.write_text("[]", encoding="utf-8"),
    "deep nesting": lambda p: p.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8"),
    "another version": _edit(lambda d: d.update(version=cache.VERSION + 1)),
    "format 4, which kept English words": _edit(lambda d: d.update(version=4)),
    "a problem row of format 4 (with its English message)": _edit(
        lambda d: _first_payload(d, lambda v: [[[1, 1, "unknown key", "", [], "error"]], *v[1:]])
    ),
    "a cross-file problem row of format 4": _edit(
        lambda d: d.update(checks={"logs": ["f", [["a", 1, 1, "words", "", [], "error"]]]})
    ),
    "another program's code": _edit(lambda d: d.update(code="0" * 32)),
    "another root": _edit(lambda d: d.update(root="/elsewhere")),
    "a bad stat": _edit(lambda d: d["files"].update(x=[[1, 2], []])),
    "an id that is no slug": _edit(
        lambda d: _first_compact(d, lambda v: _field(v, 7, "Fot Patrull"))
    ),
    "a count of zero": _edit(lambda d: _first_compact(d, lambda v: _field(v, 9, "0"))),
    "a control character in a note": _edit(
        lambda d: _first_compact(d, lambda v: v.rsplit("|", 1)[0] + "|+\x1b[2J")
    ),
    "too few fields": _edit(lambda d: _first_compact(d, lambda v: v.rsplit("|", 3)[0])),
    "places not numbers": _edit(lambda d: _first_compact(d, lambda v: _field(v, 4, "a,b"))),
    "a date that is no date": _edit(
        lambda d: _first_compact(d, lambda v: _field(v, 6, "2021-02-30"))
    ),
    "an agreement payload of the wrong shape": _edit(lambda d: _first_payload(d, lambda v: [v[0]])),
    "an agreement that fails validation": _edit(
        lambda d: _first_payload(d, lambda v: [v[0], '{"title": 3}', *v[2:]])
    ),
    "problems of the wrong shape": _edit(lambda d: _first_payload(d, lambda v: [[["x"]], *v[1:]])),
    "checks of the wrong shape": _edit(lambda d: d.update(checks={"logs": [[1, 2, 3, 4]]})),
}


@pytest.mark.parametrize("breaking", BROKEN.values(), ids=list(BROKEN))
def test_a_broken_cache_is_ignored_and_rebuilt(
    root: Path, breaking: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = reference(root)
    outcome(root, use_cache=True)
    outcome(root, use_cache=True)  # the cross-file problems are kept too
    breaking(cache.path_for(root))
    counts = reads(monkeypatch)
    assert outcome(root, use_cache=True) == expected
    assert counts[-1] == 605  # nothing of it trusted: every file read again
    rebuilt = cache.read(root)
    assert len(rebuilt.files) == 605
    assert outcome(root, use_cache=True) == expected


def test_no_cache_leaves_the_cache_alone(
    root: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert outcome(root, use_cache=False) == reference(root)
    runner = CliRunner()
    result = runner.invoke(app, ["--root", str(root), "--no-cache", "validate"])
    assert result.exit_code == 0, result.output
    monkeypatch.setenv("MLOFTE_NO_CACHE", "1")
    assert runner.invoke(app, ["--root", str(root), "validate"]).exit_code == 0
    assert not cache_dir.exists()
    monkeypatch.delenv("MLOFTE_NO_CACHE")
    assert runner.invoke(app, ["--root", str(root), "validate"]).exit_code == 0
    assert cache.path_for(root).exists()


def test_the_cache_folder_follows_xdg(tmp_path: Path) -> None:
    env = {"XDG_CACHE_HOME": str(tmp_path / "xdg")}
    assert cache.folder(env) == tmp_path / "xdg" / "medborgarlofte"
    assert cache.folder({"XDG_CACHE_HOME": "relative"}) == Path.home() / ".cache" / "medborgarlofte"
    assert cache.folder({"MLOFTE_CACHE_DIR": str(tmp_path)}) == tmp_path
    assert cache.path_for(Path("/a"), env) != cache.path_for(Path("/b"), env)
    assert not cache.enabled({"MLOFTE_NO_CACHE": "1"}) and cache.enabled({})


def test_an_unwritable_cache_folder_is_no_error(
    root: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    blocker = tmp_path / "blocker"
    blocker.write_text("a file where the folder would be", encoding="utf-8")
    monkeypatch.setenv("MLOFTE_CACHE_DIR", str(blocker / "cache"))
    assert outcome(root, use_cache=True) == reference(root)


def _validate(root: Path) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["--root", str(root), "validate"])
    return result.exit_code, result.stdout


@pytest.mark.parametrize("racy_while_bad", [True, False])
def test_cross_file_problems_follow_the_files_present(
    small_root: Path, monkeypatch: pytest.MonkeyPatch, racy_while_bad: bool
) -> None:
    """A file added while too fresh to cache, then removed: its problem must go with it."""
    assert _validate(small_root)[0] == 0
    bad = small_root / "logs" / "2021" / "bad.yaml"
    bad.write_text("date: 2021-01-01\ncommitment: nope\n", encoding="utf-8")
    if racy_while_bad:
        monkeypatch.setattr(cache, "RACY_NS", 10**18)  # every file too fresh to trust
    code, out = _validate(small_root)
    assert (code, out) == (1, "logs/2021/bad.yaml:2:13: error: unknown commitment 'nope'\n")
    bad.unlink()
    monkeypatch.setattr(cache, "RACY_NS", TRUSTED_AT_ONCE)
    assert _validate(small_root) == (0, "1 agreement, 1 log entry: no problems\n")


def test_an_agreement_added_then_removed_is_no_longer_trusted(
    small_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    entry = small_root / "logs" / "2021" / "y.yaml"
    entry.write_text("date: 2021-02-01\ncommitment: y\n", encoding="utf-8")
    assert _validate(small_root)[0] == 1
    text = (small_root / "agreements" / "testby.yaml").read_text(encoding="utf-8")
    other = small_root / "agreements" / "other.yaml"
    text = text.replace("id: pss-samverkan", "id: y").replace("id: hundsok-skola", "id: x")
    other.write_text(text, encoding="utf-8")
    monkeypatch.setattr(cache, "RACY_NS", 10**18)
    assert _validate(small_root)[0] == 0
    other.unlink()
    monkeypatch.setattr(cache, "RACY_NS", TRUSTED_AT_ONCE)
    assert _validate(small_root) == (1, "logs/2021/y.yaml:2:13: error: unknown commitment 'y'\n")


# --- a cache path that is not a regular file of ours: never read blindly ---


def _fifo(path: Path) -> None:
    os.mkfifo(path)


def _dev_zero(path: Path) -> None:
    path.symlink_to("/dev/zero")


def _folder(path: Path) -> None:
    path.mkdir()
    (path / "x").write_text("{}", encoding="utf-8")


def _sparse(path: Path) -> None:
    with open(path, "wb") as handle:  # 2 GiB of nothing, taking no disk
        handle.truncate(cache.MAX_BYTES + 1)


def _link_to_a_cache(path: Path) -> None:
    """A link to a document that is fine in every other respect: a link is not trusted."""
    real = path.with_name("elsewhere.json")
    os.replace(path, real) if path.exists() else real.write_text("{}", encoding="utf-8")
    path.symlink_to(real)


NOT_A_FILE = {
    "fifo": _fifo,
    "link to /dev/zero": _dev_zero,
    "folder": _folder,
    "huge sparse file": _sparse,
    "link": _link_to_a_cache,
}


_MEASURED = """\
import resource, subprocess, sys
resource.setrlimit(resource.RLIMIT_AS, (1 << 31, 1 << 31))
code = subprocess.run(sys.argv[1:], check=False).returncode
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
sys.stderr.write(f"peak {peak}\\n")
sys.exit(code)
"""


def _in_a_child(root: Path, cache_dir: Path, *args: str) -> tuple[int, str, str, int]:
    """mlofte in a process of its own, its memory bounded (a read that never ends fails):
    (exit code, stdout, stderr, peak resident memory in KiB)."""
    command = [sys.executable, "-m", "medborgarlofte", "--root", str(root), *args]
    done = subprocess.run(
        [sys.executable, "-c", _MEASURED, *command],
        capture_output=True,
        encoding="utf-8",
        timeout=60,
        check=False,
        env={**os.environ, "MLOFTE_CACHE_DIR": str(cache_dir)},
    )
    stderr, _, peak = done.stderr.rpartition("peak ")
    return done.returncode, done.stdout, stderr, int(peak)


@pytest.mark.parametrize("which", ["cache", "index"])
@pytest.mark.parametrize("kind", NOT_A_FILE.values(), ids=list(NOT_A_FILE))
def test_a_cache_path_that_is_not_a_regular_file_is_ignored_and_replaced(
    haparanda_root: Path, cache_dir: Path, kind: Any, which: str
) -> None:
    code, expected, _, _ = _in_a_child(haparanda_root, cache_dir, "--no-cache", "status", "2021")
    assert code == 0
    outcome(haparanda_root, use_cache=True)  # the cache, trusting fresh files
    status = CliRunner().invoke(app, ["--root", str(haparanda_root), "status", "2021"])
    assert status.exit_code == 0  # and the index
    target = (cache.path_for if which == "cache" else cache.index_path_for)(haparanda_root)
    other = (cache.index_path_for if which == "cache" else cache.path_for)(haparanda_root)
    other.unlink()  # so that the file in doubt is the one read
    target.unlink()
    kind(target)
    for args in (["status", "2021"], ["validate"]):
        code, out, err, peak = _in_a_child(haparanda_root, cache_dir, *args)
        assert (code, err) == (0, "")
        assert peak < 300_000  # nothing read blindly: /dev/zero took 2 GiB
        if args[0] == "status":
            assert out == expected
    outcome(haparanda_root, use_cache=True)
    CliRunner().invoke(app, ["--root", str(haparanda_root), "status", "2021"])
    if kind is _folder:
        assert target.is_dir()  # cannot be replaced atomically: left alone, and not used
    else:
        assert target.is_file() and not target.is_symlink()  # rebuilt in its place
        assert target.stat().st_size < 1_000_000
        assert json.loads(target.read_text(encoding="utf-8"))["root"] == str(haparanda_root)
    assert outcome(haparanda_root, use_cache=True) == reference(haparanda_root)


def test_a_cache_of_another_user_is_not_read(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    outcome(root, use_cache=True)
    real = os.fstat

    def someone_else(fd: int) -> os.stat_result:
        found = real(fd)
        values = list(found)
        values[4] = found.st_uid + 1  # st_uid
        return os.stat_result(values)

    monkeypatch.setattr(cache.os, "fstat", someone_else)
    assert cache.read(root).files == {}
    assert cache.read_index(root) is None


# --- personal data refused is never kept ---


FORMS = [PNR, f"{PNR[:6]}-{PNR[6:]}", f"19{PNR}", f"19{PNR[:6]}-{PNR[6:]}"]

PERSONAL = {
    "note": ("logs/2021/2021-03-14-hundsok-skola.yaml", f"note: Ärende {FORMS[1]} klart\n"),
    "wrapped note": (
        "logs/2021/2021-03-14-hundsok-skola.yaml",
        f"note: 'Ärende {PNR[:6]}-\n  {PNR[6:]}'\n",
    ),
    "key": ("logs/2021/2021-03-14-hundsok-skola.yaml", f"'{FORMS[3]}': 1\n"),
    "comment": ("logs/2021/2021-03-14-hundsok-skola.yaml", f"# {FORMS[2]}\n"),
    "file name": (f"logs/2021/{FORMS[1]}.yaml", ""),
    "title": ("agreements/haparanda-2020-2022.yaml", ""),
}


def _everything_written(paths: list[Path]) -> str:
    """The text of every file under `paths`, JSON escapes of line breaks read as spaces."""
    texts = []
    for base in paths:
        for path in sorted(base.rglob("*")):
            if path.is_file():
                texts.append(str(path) + "\n" + path.read_bytes().decode("utf-8", "replace"))
    return "\n".join(texts).replace("\\n", " ")


@pytest.mark.parametrize("place", PERSONAL)
def test_personal_data_refused_is_never_cached(
    haparanda_root: Path, cache_dir: Path, tmp_path: Path, place: str
) -> None:
    """A file refused for a personal identity number: after validate, status and log (each
    twice, so that a warm run reads what the cold one kept), no file the runs wrote, nor
    their output, holds the number in any form."""
    from medborgarlofte.core.personal import personal_number_offsets

    rel, addition = PERSONAL[place]
    path = haparanda_root / rel
    entry = "date: 2021-03-14\ncommitment: hundsok-skola\nby: polisen\n"
    if place == "title":
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("title: ", f"title: {FORMS[0]} ", 1), encoding="utf-8")
    else:
        path.write_text(entry + addition, encoding="utf-8")
    before = {p: p.read_bytes() for p in haparanda_root.rglob("*") if p.is_file()}
    outputs = []
    for args in (
        ["validate"],
        ["validate", "-f", "json"],
        ["status", "2021", "-f", "json"],
        ["status", "2021"],
        # another log file's problem does not stop log (a warning): a dry run writes nothing
        ["log", "hundsok-skola", "--date", "2021-05-05", "--dry-run"],
        ["validate"],
    ):
        for _ in range(2):
            result = CliRunner().invoke(app, ["--root", str(haparanda_root), *args])
            stopped = args[0] != "log" or place == "title"  # log: only by its own agreement
            assert result.exit_code == (1 if stopped else 0), (args, result.output)
            outputs.append(result.stdout + result.stderr)
    assert "personal identity number" in outputs[0]
    changed = [
        p for p in haparanda_root.rglob("*") if p.is_file() and before.get(p) != p.read_bytes()
    ]
    assert changed == []  # the root: nothing written
    assert cache.path_for(haparanda_root).is_file()  # the cache is kept, without the number
    written = _everything_written([cache_dir]) + "\n".join(outputs)
    for form in FORMS:
        assert form not in written
    assert personal_number_offsets(written) == []


def test_the_code_stamp_changes_with_any_module_of_the_package(tmp_path: Path) -> None:
    """A rule in files/ or core/ decides a file's problems: an editable install after
    `git pull` must not answer from a cache the old rules wrote."""
    package = tmp_path / "medborgarlofte"
    write_tree(package, {"__init__.py": "", "files/read.py": "A = 1\n", "core/rules.py": ""})
    stamp = cache.code_stamp.__wrapped__
    first = stamp(package)
    (package / "files" / "__pycache__").mkdir()
    (package / "files" / "__pycache__" / "read.cpython-311.pyc").write_bytes(b"x")
    assert stamp(package) == first  # compiled files are not the code
    (package / "files" / "read.py").write_text("A = 22\n", encoding="utf-8")
    assert stamp(package) != first
