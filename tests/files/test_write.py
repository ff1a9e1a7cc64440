"""store: the entry's path, faithful YAML, atomic writes that never overwrite."""

from __future__ import annotations

import datetime as dt
import os
import threading
from pathlib import Path

import pytest

from medborgarlofte.core.model import Entry
from medborgarlofte.files import write as store
from medborgarlofte.files import yaml_source as source
from medborgarlofte.files.read import load_entries

DAY = dt.date(2021, 3, 14)
NAME = "logs/2021/2021-03-14-hundsok-skola"


def _entry(**changes: object) -> Entry:
    data: dict[str, object] = {"date": DAY, "commitment": "hundsok-skola", **changes}
    return Entry.model_validate(data)


def _files(root: Path) -> list[str]:
    """Every file under root/logs, hidden ones included, relative and sorted."""
    return sorted(p.relative_to(root).as_posix() for p in (root / "logs").rglob("*") if p.is_file())


@pytest.fixture
def root(tmp_path: Path) -> Path:
    (tmp_path / "agreements").mkdir()
    return tmp_path


def test_relative_path_and_suffixes() -> None:
    assert store.relative_path(DAY, "hundsok-skola") == f"{NAME}.yaml"
    assert store.relative_path(DAY, "hundsok-skola", 2) == f"{NAME}-2.yaml"
    assert store.relative_path(dt.date(987, 1, 2), "x", 10) == "logs/0987/0987-01-02-x-10.yaml"


def test_first_free_skips_taken_names(root: Path) -> None:
    assert store.first_free(root, DAY, "hundsok-skola") == f"{NAME}.yaml"
    (root / "logs/2021").mkdir(parents=True)
    (root / f"{NAME}.yaml").write_text("taken", encoding="utf-8")
    (root / f"{NAME}-2.yaml").write_text("taken", encoding="utf-8")
    assert store.first_free(root, DAY, "hundsok-skola") == f"{NAME}-3.yaml"


def test_write_creates_folder_and_exact_text(root: Path) -> None:
    entry = _entry(count=3, by=["polisen", "kommunen"], note="Sök på skolan", agreement="a-1")
    rel = store.write_entry(root, entry)
    assert rel == f"{NAME}.yaml"
    assert (root / rel).read_bytes() == (
        "date: 2021-03-14\n"
        "commitment: hundsok-skola\n"
        "agreement: a-1\n"
        "count: 3\n"
        "by: [polisen, kommunen]\n"
        "note: Sök på skolan\n"
    ).encode()
    assert _files(root) == [rel]


def test_minimal_entry_leaves_out_defaults() -> None:
    assert store.dump_entry(_entry(by="polisen")) == (
        "date: 2021-03-14\ncommitment: hundsok-skola\nby: polisen\n"
    )


def test_second_write_gets_suffix_and_first_is_untouched(root: Path) -> None:
    first = store.write_entry(root, _entry(note="first"))
    second = store.write_entry(root, _entry(note="second"))
    third = store.write_entry(root, _entry(note="third"))
    assert (first, second, third) == (f"{NAME}.yaml", f"{NAME}-2.yaml", f"{NAME}-3.yaml")
    assert (root / first).read_text(encoding="utf-8").endswith("note: first\n")
    assert _files(root) == sorted([first, second, third])


def test_existing_file_is_never_overwritten(root: Path) -> None:
    (root / "logs/2021").mkdir(parents=True)
    (root / f"{NAME}.yaml").write_bytes(b"precious")
    rel = store.write_entry(root, _entry())
    assert rel == f"{NAME}-2.yaml"
    assert (root / f"{NAME}.yaml").read_bytes() == b"precious"


def test_link_race_takes_next_suffix(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Another writer takes the name between our choosing it and linking to it."""
    real_link = os.link
    calls: list[str] = []

    def racing_link(src: str, dst: os.PathLike[str]) -> None:
        calls.append(Path(dst).name)
        if len(calls) == 1:
            Path(dst).write_bytes(b"the other writer")
        real_link(src, dst)

    monkeypatch.setattr(os, "link", racing_link)
    rel = store.write_entry(root, _entry(note="mine"))
    assert calls == ["2021-03-14-hundsok-skola.yaml", "2021-03-14-hundsok-skola-2.yaml"]
    assert rel == f"{NAME}-2.yaml"
    assert (root / f"{NAME}.yaml").read_bytes() == b"the other writer"
    assert (root / rel).read_text(encoding="utf-8").endswith("note: mine\n")
    assert _files(root) == [f"{NAME}-2.yaml", f"{NAME}.yaml"]


def test_crash_in_fsync_leaves_nothing(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def crash(fd: int) -> None:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(os, "fsync", crash)
    with pytest.raises(OSError, match="Input/output error"):
        store.write_entry(root, _entry(note="lost"))
    assert _files(root) == []


def test_crash_mid_write_leaves_nothing(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The temporary file had part of the text when the write failed: it is removed."""
    real_fdopen = os.fdopen

    class HalfWriter:
        def __init__(self, stream: object) -> None:
            self.stream = stream

        def __enter__(self) -> HalfWriter:
            return self

        def __exit__(self, *exc: object) -> None:
            self.stream.close()  # type: ignore[attr-defined]

        def write(self, data: bytes) -> int:
            self.stream.write(data[:10])  # type: ignore[attr-defined]
            self.stream.flush()  # type: ignore[attr-defined]
            raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fdopen", lambda fd, mode: HalfWriter(real_fdopen(fd, mode)))
    with pytest.raises(OSError, match="No space left"):
        store.write_entry(root, _entry(note="lost"))
    assert _files(root) == []


def test_crash_in_link_leaves_nothing(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def crash(src: str, dst: str) -> None:
        raise PermissionError(1, "Operation not permitted")

    monkeypatch.setattr(os, "link", crash)
    with pytest.raises(PermissionError):
        store.write_entry(root, _entry())
    assert _files(root) == []


def test_folder_outside_logs_is_refused(
    root: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    elsewhere = tmp_path_factory.mktemp("elsewhere")
    (root / "logs").mkdir()
    (root / "logs/2021").symlink_to(elsewhere, target_is_directory=True)
    with pytest.raises(store.StoreError, match="outside logs/"):
        store.write_entry(root, _entry())
    assert list(elsewhere.iterdir()) == []


def test_file_is_readable_by_others(root: Path) -> None:
    rel = store.write_entry(root, _entry())
    assert (root / rel).stat().st_mode & 0o777 == 0o644


def test_concurrent_writers_get_distinct_valid_files(root: Path) -> None:
    written: list[str] = []
    errors: list[BaseException] = []
    start = threading.Barrier(20)

    def writer(number: int) -> None:
        try:
            start.wait()
            written.append(store.write_entry(root, _entry(note=f"writer {number}")))
        except BaseException as error:  # reported below
            errors.append(error)

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    expected = [f"{NAME}.yaml"] + [f"{NAME}-{n}.yaml" for n in range(2, 21)]
    assert sorted(written) == sorted(expected)
    assert _files(root) == sorted(expected)
    notes = set()
    for rel in written:
        records, problems = load_entries(str(root / rel), rel)
        assert problems == []
        notes.add(records[0].entry.note)
    assert notes == {f"writer {n}" for n in range(20)}


AWKWARD_NOTES = [
    "no",
    "yes",
    "ON",
    "12:30",
    "- x",
    "# hash",
    "  leading",
    "trailing  ",
    "a: b",
    "'quoted'",
    '"dq"',
    "line1\nline2",
    "line1\n\nline3\n",
    "tab\there",
    "åäö ÅÄÖ 🚓",
    "[bold red]x[/]",
    "null",
    "~",
    "010",
    "1e3",
    "2021-03-14",
    "@at",
    "`tick",
    "%pct",
    "!bang",
    "&amp",
    "*star",
    "|pipe",
    ">gt",
    "",
    " ",
    "\n",
    "a\n\n\n",
    "\n\nx",
    " a\nb",
    "x\n  y\n",
    "trailing \nspace",
    "x\u2028y",
    "\ufeffbom",
    "---",
    "...",
    "? q",
    "=",
    "<<",
    "x #y",
    "a\u00a0b",
]


@pytest.mark.parametrize("note", AWKWARD_NOTES)
def test_awkward_notes_round_trip_exactly(note: str, root: Path) -> None:
    entry = _entry(note=note, by=["on", "no"])
    text = store.dump_entry(entry)
    parsed = source.parse(text, "x.yaml")
    assert parsed.problems == []
    assert parsed.data["note"] == note
    assert parsed.data["by"] == ["on", "no"]
    rel = store.write_entry(root, entry, text)
    records, problems = load_entries(str(root / rel), rel)
    assert problems == []
    assert [r.entry for r in records] == [entry]
    assert (root / rel).read_bytes() == text.encode("utf-8")


def test_multiline_note_is_a_block_scalar() -> None:
    assert store.dump_entry(_entry(note="line1\n\nline3\n")).endswith(
        "note: |\n  line1\n\n  line3\n"
    )
    assert store.dump_entry(_entry(note="line1\nline2")).endswith("note: |-\n  line1\n  line2\n")


def test_unicode_is_written_as_itself() -> None:
    text = store.dump_entry(_entry(note="åäö ÅÄÖ 🚓"))
    assert text.endswith("note: åäö ÅÄÖ 🚓\n")
    assert "\r" not in text


def test_text_that_cannot_round_trip_is_refused() -> None:
    with pytest.raises(store.StoreError, match="does not read back"):
        store.dump_entry(_entry(note="\udcff"))
