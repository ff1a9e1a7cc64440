"""Hostile and broken input, through the real CLI: nothing crashes, hangs, leaks or is changed.

Each corpus case is a small valid root (one agreement, two entries) plus one flaw. Every
case runs `validate` in all three formats and `status 2021`, and asserts the exit code,
the PATH:LINE of the problem, no traceback, no ESC byte, and an unchanged tree.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import AGREEMENT, PNR, with_check
from medborgarlofte.cli.app import app
from medborgarlofte.core.model import MAX_COUNT
from medborgarlofte.files import yaml_source as source
from medborgarlofte.files.yaml_nodes import INVALID
from medborgarlofte.report.messages import message

A = "agreements/testby.yaml"
E = "logs/2021/2021-03-14-hundsok-skola.yaml"
E2 = "logs/2021/2021-05-02-pss-samverkan.yaml"

ENTRY = """\
date: 2021-03-14
commitment: hundsok-skola
count: 1
by: polisen
note: Sök på högstadieskolan.
"""

ENTRY2 = """\
date: 2021-05-02
commitment: pss-samverkan
by: [polisen, kommunen]
"""

Content = str | bytes | None


SAMORDNING = with_check("811278987")  # day 18 + 60
PNR_DASHED = f"{PNR[:6]}-{PNR[6:]}"


def agreement(old: str, new: str) -> str:
    assert old in AGREEMENT, old
    return AGREEMENT.replace(old, new, 1)


def entry(old: str, new: str) -> str:
    assert old in ENTRY, old
    return ENTRY.replace(old, new, 1)


def make_root(base: Path, files: Mapping[str, Content] = {}) -> Path:
    """The small valid root, with `files` written over it (None removes a file)."""
    root = base / "root"
    tree: dict[str, Content] = {A: AGREEMENT, E: ENTRY, E2: ENTRY2, **files}
    for rel, content in tree.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if content is None:
            path.unlink(missing_ok=True)
        elif isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_bytes(content.encode("utf-8"))
    return root


@dataclass(frozen=True)
class Run:
    code: int
    stdout: str
    stderr: str

    @property
    def output(self) -> str:
        return self.stdout + self.stderr


def cli(root: Path, *args: str) -> Run:
    """The real CLI in-process; an exception that escapes it fails the test with its traceback."""
    result = CliRunner().invoke(app, ["--root", str(root), *args])
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return Run(result.exit_code, result.stdout, result.stderr)


def snapshot(root: Path) -> dict[str, tuple[int, int, bytes]]:
    """Every path under root: (mode, mtime_ns, bytes or link target), links not followed."""
    state: dict[str, tuple[int, int, bytes]] = {}
    for folder, dirs, files in os.walk(root, followlinks=False):
        for name in [*dirs, *files]:
            path = Path(folder) / name
            info = path.lstat()
            if path.is_symlink():
                data = os.readlink(path).encode()
            elif path.is_file():
                data = path.read_bytes()
            else:
                data = b""
            state[str(path.relative_to(root))] = (info.st_mode, info.st_mtime_ns, data)
    return state


@pytest.fixture(autouse=True)
def _own_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The load cache in this test's folder: results replayed from it are tested too."""
    monkeypatch.setenv("MLOFTE_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("MLOFTE_NO_CACHE", raising=False)


def assert_clean(run: Run) -> None:
    assert "Traceback" not in run.output
    assert "\x1b" not in run.output


# --- the corpus ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    id: str
    files: Mapping[str, Content]
    where: str
    """PATH:LINE of the problem (a personal number in a path shows masked)."""
    says: str
    """A part of the message."""
    links: Mapping[str, str] = field(default_factory=dict)
    """Symbolic links to make: relative path -> target (outside.yaml names a file outside)."""


DEEP_FLOW = "[" * 100_000
DEEP_BLOCK = "- " * 50_000 + "x\n"
LAUGHS = (
    "date: 2021-03-14\ncommitment: hundsok-skola\n"
    "a: &a [x, x, x, x, x, x, x, x, x]\n"
    + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [" + ", ".join([f"*{chr(97 + i)}"] * 9) + "]\n"
        for i in range(9)
    )
)

CORPUS = [
    # 1. no traceback, ever
    Case("deep-flow", {E: DEEP_FLOW}, f"{E}:1", "nesting deeper than 64 levels"),
    Case("deep-block", {E: DEEP_BLOCK}, f"{E}:1", "nesting deeper than 64 levels"),
    Case(
        "python-apply",
        {E: entry("note: Sök på högstadieskolan.", "note: !!python/object/apply:os.system [id]")},
        f"{E}:5",
        "the tag '!!python/object/apply:os.system' is not allowed",
    ),
    Case(
        "python-name",
        {E: entry("note: Sök på högstadieskolan.", "note: !!python/name:os.system")},
        f"{E}:5",
        "the tag '!!python/name:os.system' is not allowed",
    ),
    Case(
        "binary",
        {E: entry("note: Sök på högstadieskolan.", "note: !!binary aGVq")},
        f"{E}:5",
        "the tag '!!binary' is not allowed",
    ),
    Case(
        "set",
        {A: agreement("focus_areas:", "focus_areas: !!set\n  ? droger\nx:")},
        f"{A}:6",
        "the tag '!!set' is not allowed",
    ),
    Case(
        "omap",
        {E: entry("by: polisen", "by: !!omap [polisen: 1]")},
        f"{E}:4",
        "the tag '!!omap' is not allowed",
    ),
    Case(
        "custom-tag",
        {E: entry("commitment: hundsok-skola", "commitment: !secret hundsok-skola")},
        f"{E}:2",
        "the tag '!secret' is not allowed",
    ),
    Case(
        "two-documents",
        {E: ENTRY + "---\n" + ENTRY},
        f"{E}:6",
        "a file holds one YAML document",
    ),
    Case("nul-byte", {E: entry("count: 1", "count: 1\x00")}, f"{E}:3", "\\x00 is not allowed"),
    Case(
        "invalid-utf8",
        {E: entry("note: Sök", "note: S\udcf6k").encode("utf-8", "surrogateescape")},
        f"{E}:5",
        "saved as Windows text (ANSI), not as UTF-8, so 'ö' cannot be read",
    ),
    Case("utf16", {E: ENTRY.encode("utf-16")}, f"{E}:1", "the file is UTF-16 text"),
    Case("empty-file", {E: ""}, f"{E}:1", "the file is empty"),
    Case("comment-only", {E: "# nothing here yet\n"}, f"{E}:1", "the file is empty"),
    Case("null-document", {E: "# nothing\n~\n"}, f"{E}:1", "the file holds no data"),
    Case("bare-scalar", {E: "hundsok-skola\n"}, f"{E}:1", "a log file holds one entry"),
    Case(
        "list-for-agreement",
        {A: "- title: Testby\n- period: 2021\n"},
        f"{A}:1",
        "an agreement file holds one mapping",
    ),
    Case("nested-lists", {E: "- - date: 2021-03-14\n"}, f"{E}:1", "an entry is a mapping"),
    Case(
        "list-as-key",
        {E: "? [date]\n: 2021-03-14\n" + ENTRY},
        f"{E}:1",
        "a key must be plain text",
    ),
    Case(
        "map-as-key",
        {A: agreement("parties:\n", "parties:\n  ? {kommunen: 1}\n  : Testby\n")},
        f"{A}:4",
        "a key must be plain text",
    ),
    Case(
        "huge-integer",
        {E: entry("count: 1", "count: " + "9" * 5000)},
        f"{E}:3",
        "more than 100 digits",
    ),
    Case("inf-count", {E: entry("count: 1", "count: .inf")}, f"{E}:3", "count must be a whole"),
    Case("nan-count", {E: entry("count: 1", "count: .NaN")}, f"{E}:3", "count must be a whole"),
    Case(
        "february-30",
        {E: entry("date: 2021-03-14", "date: 2021-02-30")},
        f"{E}:1",
        "2021-02-30 is not a valid date",
    ),
    Case(
        "datetime-for-date",
        {E: entry("date: 2021-03-14", "date: 2021-03-14T10:30:00+01:00")},
        f"{E}:1",
        "not a date and time",
    ),
    # 2. YAML 1.1 traps
    Case("by-ON", {E: entry("by: polisen", "by: ON")}, f"{E}:4", "unquoted ON is read as a yes/no"),
    Case(
        "party-key-ON",
        {
            A: agreement(
                "  polisen: Lokalpolisområde Testby\n", "  polisen: Lok\n  ON: Omsorgsnämnden\n"
            )
        },
        f"{A}:6",
        "write 'ON' in quotes",
    ),
    Case(
        "title-yes",
        {A: agreement("title: Samverkan via PSS-gruppen", "title: yes")},
        f"{A}:15",
        "write 'yes' in quotes",
    ),
    Case(
        "id-Off",
        {A: agreement("id: pss-samverkan", "id: Off")},
        f"{A}:14",
        "unquoted Off is read as a yes/no",
    ),
    Case("note-NO", {E: entry("note: Sök på högstadieskolan.", "note: NO")}, f"{E}:5", "'NO'"),
    Case("base-60", {E: entry("count: 1", "count: 1:30")}, f"{E}:3", "base-60 number (90)"),
    Case("octal", {E: entry("count: 1", "count: 010")}, f"{E}:3", "octal number (8)"),
    Case("float-count", {E: entry("count: 1", "count: 2.5")}, f"{E}:3", "count must be a whole"),
    Case(
        "count-over-max",
        {E: entry("count: 1", f"count: {MAX_COUNT + 1}")},
        f"{E}:3",
        f"count must be at most {MAX_COUNT}",
    ),
    Case("count-zero", {E: entry("count: 1", "count: 0")}, f"{E}:3", "count must be at least 1"),
    # 3. resource bombs
    Case("billion-laughs", {E: LAUGHS}, f"{E}:4", "aliases (*name) are not allowed"),
    Case(
        "merge-key",
        {E: "base: &b {by: polisen}\n<<: *b\n" + ENTRY},
        f"{E}:2",
        "merge keys (<<) are not allowed",
    ),
    Case(
        "over-one-mib",
        {E: ENTRY + "# " + "x" * (source.MAX_FILE_BYTES) + "\n"},
        f"{E}:1",
        "the limit is 1,048,576 (1 MiB)",
    ),
    # 4. links and file names
    Case(
        "link-to-outside-file",
        {},
        "logs/2021/2021-06-01-hundsok-skola.yaml:1",
        "a symbolic link: not followed",
        links={"logs/2021/2021-06-01-hundsok-skola.yaml": "outside.yaml"},
    ),
    Case("link-loop", {}, "logs/loop:1", "a symbolic link", links={"logs/loop": ".."}),
    Case(
        "agreement-link",
        {},
        "agreements/other.yaml:1",
        "a symbolic link",
        links={"agreements/other.yaml": "outside.yaml"},
    ),
    Case("yml-ending", {"logs/2021/extra.yml": ENTRY}, "logs/2021/extra.yml:1", "end in .yaml"),
    # 5. ids
    Case(
        "id-with-slash",
        {A: agreement("id: pss-samverkan", "id: pss/samverkan")},
        f"{A}:14",
        "(did you mean 'pss-samverkan'?)",
    ),
    Case(
        "id-nfd",
        {A: agreement("id: pss-samverkan", "id: pa\u030as-samverkan")},
        f"{A}:14",
        "(did you mean 'pas-samverkan'?)",
    ),
    Case(
        "id-cyrillic",
        {E: entry("commitment: hundsok-skola", "commitment: hundsok-sk\u043ela")},
        f"{E}:2",
        "(did you mean 'hundsok-skola'?)",
    ),
    Case(
        "id-too-long",
        {A: agreement("id: pss-samverkan", "id: " + "p" * 65)},
        f"{A}:14",
        "longer than 64 characters",
    ),
    Case(
        "id-uppercase",
        {E: entry("by: polisen", "by: Polisen")},
        f"{E}:4",
        "(did you mean 'polisen'?)",
    ),
    Case(
        "id-space",
        {E: entry("commitment: hundsok-skola", "commitment: hundsok skola")},
        f"{E}:2",
        "(did you mean 'hundsok-skola'?)",
    ),
    # 6. controls in text
    Case(
        "esc-in-title",
        {A: agreement("title: Samverkan via PSS-gruppen", 'title: "PSS\\e[2J"')},
        f"{A}:15",
        "control character \\x1b",
    ),
    Case(
        "bidi-in-note",
        {E: entry("note: Sök på högstadieskolan.", 'note: "abc\\u202edef"')},
        f"{E}:5",
        "control character \\u202e",
    ),
    Case(
        "isolate-in-party",
        {A: agreement("kommunen: Testby kommun", 'kommunen: "Testby\\u2066 kommun"')},
        f"{A}:4",
        "control character \\u2066",
    ),
    Case(
        "c1-in-area",
        {A: agreement("droger: Droger och folkhälsa", 'droger: "Droger\\x9b"')},
        f"{A}:7",
        "control character \\x9b",
    ),
    Case(
        "del-in-signatory",
        {A: AGREEMENT + 'signatories: ["Anna\\x7f"]\n'},
        f"{A}:18",
        "control character \\x7f",
    ),
    Case(
        "tab-in-title",
        {A: agreement("title: Sök med hund i skolmiljö", 'title: "Sök\\tmed hund"')},
        f"{A}:10",
        "control character \\x09",
    ),
    Case(
        "raw-esc-byte",
        {E: entry("note: Sök", "note: S\x1bk")},
        f"{E}:5",
        "the control character \\x1b is not allowed in the file",
    ),
    # 7. personal data
    Case(
        "personnummer-in-note",
        {E: entry("note: Sök på högstadieskolan.", f"note: Anmälan gällde {PNR_DASHED}")},
        f"{E}:5",
        "personal identity number",
    ),
    Case(
        "personnummer-in-comment",
        {E: ENTRY + f"# ring {PNR}\n"},
        f"{E}:6",
        "personal identity number",
    ),
    Case(
        "samordningsnummer-12-digits",
        {E: entry("note: Sök på högstadieskolan.", f"note: '19{SAMORDNING}'")},
        f"{E}:5",
        "personal identity number",
    ),
    Case(
        "personnummer-file-name",
        {f"logs/2021/{PNR_DASHED}.yaml": ENTRY2},
        "logs/2021/XXXXXX-XXXX.yaml:1",
        "the file or folder name looks like",
    ),
    Case(
        "personnummer-escaped",
        {E: entry("note: Sök på högstadieskolan.", 'note: "\\x38' + PNR[1:] + '"')},
        f"{E}:5",
        "personal identity number",
    ),
]


def test_the_corpus_is_large_and_each_case_is_named_once() -> None:
    assert len(CORPUS) >= 40
    assert len({case.id for case in CORPUS}) == len(CORPUS)


@pytest.mark.parametrize("case", CORPUS, ids=lambda case: case.id)
def test_corpus(case: Case, tmp_path: Path) -> None:
    root = make_root(tmp_path, case.files)
    outside = tmp_path / "outside.yaml"
    outside.write_text(
        "date: 2021-03-15\ncommitment: SECRET-CONTENT\nsecret_key: 1\n", encoding="utf-8"
    )
    for rel, target in case.links.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).symlink_to(outside if target == "outside.yaml" else target)
    before = snapshot(root)
    path, line = case.where.rsplit(":", 1)

    text = cli(root, "validate")
    assert text.code == 1, text.output
    assert f"{case.where}:" in text.stdout
    assert case.says in text.stdout
    assert cli(root, "validate") == text  # the second run may come from the cache

    document = json.loads(cli(root, "validate", "--format", "json").stdout)
    assert not document["valid"]
    assert any(p["path"] == path and p["line"] == int(line) for p in document["problems"])

    github = cli(root, "validate", "--format", "github")
    assert github.code == 1
    assert f"::error file={path},line={line}," in github.stdout

    status = cli(root, "status", "2021")
    assert status.code == 1
    assert f"{case.where}:" in status.stderr
    assert status.stdout == ""

    for run in (text, github, status):
        assert_clean(run)
        assert "SECRET" not in run.output and "secret_key" not in run.output
        assert PNR not in run.output and PNR_DASHED not in run.output
        assert SAMORDNING not in run.output
    assert snapshot(root) == before


def test_the_clean_root_is_valid(tmp_path: Path) -> None:
    run = cli(make_root(tmp_path), "validate")
    assert (run.code, run.stdout) == (0, "1 agreement, 2 log entries: no problems\n")


# --- 1. accepted encodings: BOM and CRLF ---------------------------------------------------


def test_bom_and_crlf_are_accepted_with_the_same_results_as_lf(tmp_path: Path) -> None:
    lf = make_root(tmp_path / "lf")
    crlf = make_root(
        tmp_path / "crlf",
        {
            A: AGREEMENT.replace("\n", "\r\n"),
            E: b"\xef\xbb\xbf" + ENTRY.replace("\n", "\r\n").encode(),
            E2: ENTRY2.replace("\n", "\r\n"),
        },
    )
    for args in (["validate"], ["status", "2021", "-f", "json"], ["status", "2021"], ["show"]):
        assert cli(crlf, *args) == cli(lf, *args)
    assert cli(crlf, "validate").code == 0


def test_crlf_places_problems_on_the_same_line_and_column(tmp_path: Path) -> None:
    flawed = entry("by: polisen", "by: ON")
    lf = cli(make_root(tmp_path / "lf", {E: flawed}), "validate")
    crlf = cli(make_root(tmp_path / "crlf", {E: flawed.replace("\n", "\r\n")}), "validate")
    assert lf == crlf
    assert f"{E}:4:5: error: unquoted ON" in crlf.stdout


# --- 2. counts: the documented maximum -----------------------------------------------------


def test_count_maximum_is_allowed_and_one_more_is_not(tmp_path: Path) -> None:
    ok = cli(make_root(tmp_path / "ok", {E: entry("count: 1", f"count: {MAX_COUNT}")}), "validate")
    assert ok.code == 0
    over = cli(make_root(tmp_path / "no", {E: entry("count: 1", "count: 1_000_000")}), "validate")
    assert over.code == 1
    assert f"{E}:3:8: error: '1_000_000' is not a plain decimal number" in over.stdout


@pytest.mark.parametrize("word", ["yes", "Yes", "YES", "no", "No", "NO", "on", "On", "ON", "off"])
def test_every_case_form_of_the_yes_no_words_is_reported(word: str, tmp_path: Path) -> None:
    run = cli(make_root(tmp_path, {E: entry("by: polisen", f"by: {word}")}), "validate")
    assert run.code == 1
    assert f"{E}:4:5: error: unquoted {word} is read as a yes/no value in YAML 1.1;" in run.stdout
    assert f"write '{word}' in quotes" in run.stdout


def test_a_quoted_ON_party_is_text(tmp_path: Path) -> None:
    files = {
        A: agreement(
            "  polisen: Lokalpolisområde Testby\n", "  polisen: Lok\n  'on': Omsorgsnämnden\n"
        ),
        E: entry("by: polisen", "by: 'on'"),
    }
    assert cli(make_root(tmp_path, files), "validate").code == 0


# --- 3. resource bombs ---------------------------------------------------------------------


def _subprocess(root: Path, *args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """The command as its own process; the timeout only stops a hang (no timing is asserted)."""
    return subprocess.run(
        [sys.executable, "-m", "medborgarlofte", "--root", str(root), *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=timeout,
        check=False,
    )


def test_billion_laughs_is_refused_without_expanding_it(tmp_path: Path) -> None:
    root = make_root(tmp_path, {E: LAUGHS})
    parsed = source.parse(LAUGHS, E)  # no alias is ever expanded: nothing grows
    assert any("aliases" in message(p) for p in parsed.problems)
    assert all(value is INVALID for key in "bcdefghij" for value in parsed.data[key])
    for args in (["validate"], ["status", "2021"]):
        done = _subprocess(root, *args)
        assert done.returncode == 1
        assert f"{E}:4:8: error: aliases (*name) are not allowed" in done.stdout + done.stderr
        assert "Traceback" not in done.stderr
    done = _subprocess(root, "validate", "-f", "json")
    first = next(p for p in json.loads(done.stdout)["problems"] if "aliases" in p["message"])
    assert (first["line"], first["column"]) == (4, 8)
    assert first["message"] == "aliases (*name) are not allowed: write the value out"


def test_a_wide_alias_bomb_is_reported_a_bounded_number_of_times(tmp_path: Path) -> None:
    text = (
        "date: 2021-03-14\ncommitment: hundsok-skola\nnote: &n x\nby: [" + "*n, " * 50_000 + "]\n"
    )
    parsed = source.parse(text, E)
    aliases = [p for p in parsed.problems if "aliases" in message(p)]
    assert len(aliases) == source.MAX_ALIAS_PROBLEMS
    assert "(49,980 more aliases in this file not listed)" in message(aliases[-1])
    done = _subprocess(make_root(tmp_path, {E: text}), "validate", timeout=10)
    assert done.returncode == 1
    assert done.stdout.count("aliases (*name) are not allowed") == source.MAX_ALIAS_PROBLEMS


def test_a_huge_file_is_refused_from_its_size_without_reading_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_root(tmp_path)
    with (root / E).open("r+b") as handle:
        handle.truncate(4 * 1024**3)  # sparse: 4 GiB that would take seconds to read
    done = _subprocess(root, "validate", timeout=120)
    assert done.returncode == 1
    assert done.stdout == (
        f"{E}:1:1: error: the file is 4,294,967,296 bytes; the limit is 1,048,576 (1 MiB)\n"
    )

    # Judged by its size alone: not one byte of it is read (no timing, which a busy machine
    # would make flaky: the reader is replaced by one that fails the test if called).
    def no_read(fs_path: str) -> bytes:
        raise AssertionError(f"{fs_path} was read")

    monkeypatch.setattr(source, "read_limited", no_read)
    parsed = source.read_file(str(root / E), E, size=(root / E).stat().st_size)
    assert [p.line for p in parsed.problems] == [1] and parsed.data is None


# --- 4. links ------------------------------------------------------------------------------


def test_a_link_out_of_the_root_is_never_read(tmp_path: Path) -> None:
    root = make_root(tmp_path)
    secret = tmp_path / "secret.yaml"
    secret.write_text(
        f"date: 2021-03-20\ncommitment: hundsok-skola\nnote: SECRET {PNR}\n", encoding="utf-8"
    )
    (root / "logs/2021/2021-03-20-hundsok-skola.yaml").symlink_to(secret)
    for args in (["validate"], ["validate", "-f", "json"], ["status", "2021", "-f", "json"]):
        run = cli(root, *args)
        assert run.code == 1
        assert "SECRET" not in run.output and "personal identity" not in run.output
        assert "logs/2021/2021-03-20-hundsok-skola.yaml" in run.output


def test_linked_data_folders_are_not_followed(tmp_path: Path) -> None:
    root = make_root(tmp_path)
    (root / "logs").rename(tmp_path / "elsewhere")
    (root / "logs").symlink_to(tmp_path / "elsewhere")
    run = cli(root, "validate")
    assert (run.code, run.stdout) == (
        1,
        "logs/:1:1: error: a symbolic link: not followed; put the folder itself here\n",
    )


def test_a_folder_loop_neither_hangs_nor_counts_twice(tmp_path: Path) -> None:
    root = make_root(tmp_path, {E2: ENTRY2 + "unknown: 1\n"})
    (root / "logs/loop").symlink_to("..")
    (root / "logs/2021/again").symlink_to("../2021")
    done = _subprocess(root, "validate")
    assert done.returncode == 1
    assert done.stdout == (
        "logs/2021/2021-05-02-pss-samverkan.yaml:4:1: error: unknown key 'unknown';"
        " known keys: date, commitment, agreement, count, by, note, source\n"
        "logs/2021/again:1:1: error: a symbolic link: not followed; put the file itself here\n"
        "logs/loop:1:1: error: a symbolic link: not followed; put the file itself here\n"
    )


# --- 5. ids --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "suggested"),
    [
        ("a/b", "a-b"),
        ("pa\u030as", "pas"),  # NFD å
        ("p\u00e5s", "pas"),  # NFC å
        ("p\u0430ss", "pass"),  # Cyrillic а
        ("P\u0391SS", "pass"),  # Greek capital alpha
        ("Hundsök Skola", "hundsok-skola"),
        ("x" * 70, "x" * 64),
        ("hundsok_skola", "hundsok-skola"),
        ("-pss", "pss"),
    ],
)
def test_an_invalid_id_is_refused_with_the_closest_valid_one(
    typed: str, suggested: str, tmp_path: Path
) -> None:
    root = make_root(tmp_path, {A: agreement("id: pss-samverkan", f"id: '{typed}'")})
    run = cli(root, "validate")
    assert run.code == 1
    assert f"{A}:14:9: error: id: " in run.stdout
    assert f"(did you mean '{suggested}'?)" in run.stdout


@pytest.mark.parametrize("typed", ["..", ".", "/", "../../etc/passwd", "åäö/..", ""])
def test_path_like_ids_are_refused(typed: str, tmp_path: Path) -> None:
    root = make_root(tmp_path, {E: entry("commitment: hundsok-skola", f"commitment: '{typed}'")})
    run = cli(root, "validate")
    assert run.code == 1
    assert f"{E}:2:13: error: commitment" in run.stdout


# --- 6. user text shown as typed -----------------------------------------------------------

MARKUP = ["[bold red]x[/]", "[/b]", "[link=file:///etc/passwd]x[/link]", ":warning: [i]"]


@pytest.mark.parametrize("markup", MARKUP)
def test_markup_in_titles_names_and_notes_is_shown_literally(markup: str, tmp_path: Path) -> None:
    quoted = "'" + markup + "'"
    files = {
        A: agreement("title: Medborgarlöfte Testby 2021", f"title: {quoted}")
        .replace("title: Sök med hund i skolmiljö", f"title: {quoted}")
        .replace("kommunen: Testby kommun", f"kommunen: {quoted}")
        .replace("droger: Droger och folkhälsa", f"droger: {quoted}"),
        E: entry("note: Sök på högstadieskolan.", f"note: {quoted}"),
    }
    root = make_root(tmp_path, files)
    assert cli(root, "validate").code == 0
    show = cli(root, "show")
    assert show.code == 0
    assert (
        show.stdout.count(markup) == 5
    )  # agreement title, party (and as responsible), area, commitment title
    table = cli(root, "status", "2021", "--detail")
    assert table.code == 0
    assert markup in table.stdout
    markdown = cli(root, "status", "2021", "-f", "markdown")
    assert markdown.code == 0
    assert "\\[" in markdown.stdout  # escaped: a Markdown viewer shows the brackets
    document = json.loads(cli(root, "status", "2021", "-f", "json").stdout)
    assert document["agreements"][0]["title"] == markup
    for run in (show, table, markdown):
        assert_clean(run)


CONTROLS = [
    "\\e",
    "\\x07",
    "\\b",
    "\\r",
    "\\x85",
    "\\x9b",
    "\\x7f",
    "\\u202a",
    "\\u202e",
    "\\u2066",
]
SHOWN = [
    "\\x1b",
    "\\x07",
    "\\x08",
    "\\x0d",
    "\\x85",
    "\\x9b",
    "\\x7f",
    "\\u202a",
    "\\u202e",
    "\\u2066",
]


@pytest.mark.parametrize(("escape", "shown"), list(zip(CONTROLS, SHOWN, strict=True)))
@pytest.mark.parametrize("place", ["title", "party", "area", "note", "signatory"])
def test_controls_in_text_are_errors_shown_escaped(
    escape: str, shown: str, place: str, tmp_path: Path
) -> None:
    value = f'"a{escape}b"'
    files: dict[str, Content] = {
        "title": {A: agreement("title: Sök med hund i skolmiljö", f"title: {value}")},
        "party": {A: agreement("kommunen: Testby kommun", f"kommunen: {value}")},
        "area": {A: agreement("droger: Droger och folkhälsa", f"droger: {value}")},
        "note": {E: entry("note: Sök på högstadieskolan.", f"note: {value}")},
        "signatory": {A: AGREEMENT + f"signatories: [{value}]\n"},
    }[place]  # type: ignore[assignment]
    root = make_root(tmp_path, files)  # type: ignore[arg-type]
    text = cli(root, "validate")
    assert text.code == 1
    assert f"contains the control character {shown}; remove it" in text.stdout
    github = cli(root, "validate", "-f", "github")
    assert f"contains the control character {shown}; remove it" in github.stdout
    document = json.loads(cli(root, "validate", "-f", "json").stdout)
    assert f"the control character {shown};" in document["problems"][0]["message"]
    runs = [text, github, cli(root, "validate", "-f", "json"), cli(root, "status", "2021")]
    if place != "note":  # show reads the agreements only
        runs.append(cli(root, "show"))
    for run in runs:
        assert run.code == 1
        assert_clean(run)
        assert not any(c in run.output for c in "\x07\x08\r\x85\x9b\x7f\u202a\u202e\u2066")


def test_tab_and_newline_are_allowed_in_notes(tmp_path: Path) -> None:
    files = {E: entry("note: Sök på högstadieskolan.", 'note: "rad ett\\trad\\ntvå"')}
    assert cli(make_root(tmp_path, files), "validate").code == 0


def test_a_file_name_with_controls_is_printed_escaped(tmp_path: Path) -> None:
    root = make_root(tmp_path, {"logs/2021/a\x1b[31m\u202eb.yml": ENTRY})
    for fmt in ("text", "json", "github"):
        run = cli(root, "validate", "-f", fmt)
        assert run.code == 1
        assert "\x1b" not in run.output and "\u202e" not in run.output
        assert "\\u202e" in run.output


@pytest.mark.parametrize(
    ("name", "shown", "in_json"),
    [
        # a C1 byte (CSI) that is not UTF-8: shown as the escape of the byte, in JSON too
        (b"2021-01-01-x\x9b.yaml", "2021-01-01-x\\x9b.yaml", "2021-01-01-x\\x9b.yaml"),
        (b"\xff\xfe.yaml", "\\xff\\xfe.yaml", "\\xff\\xfe.yaml"),
        # U+009B as UTF-8: escaped on the terminal; JSON keeps the character, \u-escaped
        ("x\u009b[2J.yaml".encode(), "x\\x9b[2J.yaml", "x\u009b[2J.yaml"),
    ],
)
@pytest.mark.parametrize("fmt", ["text", "json", "github"])
def test_a_file_name_of_raw_bytes_is_printed_escaped(
    name: bytes, shown: str, in_json: str, fmt: str, tmp_path: Path
) -> None:
    """Through a real process: what reaches the terminal is UTF-8 with every undecodable byte
    and every control shown as an escape; the JSON is valid UTF-8."""
    root = make_root(tmp_path)
    with open(os.path.join(os.fsencode(root / "logs" / "2021"), name), "wb") as handle:
        handle.write(b"date: [\n")
    run = subprocess.run(
        [sys.executable, "-m", "medborgarlofte", "--root", str(root), "validate", "-f", fmt],
        capture_output=True,
        timeout=30,
        check=False,
    )
    assert run.returncode == 1
    out = run.stdout.decode("utf-8")  # raises on any byte that is not UTF-8
    for raw in (b"\x9b", b"\xff", b"\xfe", b"\xc2\x9b", b"\x1b"):
        assert raw not in run.stdout and raw not in run.stderr
    if fmt == "json":
        assert [p["path"] for p in json.loads(out)["problems"]] == [f"logs/2021/{in_json}"]
    elif fmt == "github":
        assert out.startswith(f"::error file=logs/2021/{shown},line=2,col=1::YAML syntax")
    else:
        assert out.startswith(f"logs/2021/{shown}:2:1: error: YAML syntax")


# --- 7. the personal data guard ------------------------------------------------------------

ALL_FORMS = [
    PNR,
    PNR_DASHED,
    f"{PNR[:6]}+{PNR[6:]}",
    "19" + PNR,
    f"19{PNR[:6]}-{PNR[6:]}",
    SAMORDNING,
    f"20{SAMORDNING[:6]}-{SAMORDNING[6:]}",
    "17" + PNR,  # a 12-digit form with a wrong century is still someone's number
    "21" + PNR,
    f"{PNR[:6]}\u2013{PNR[6:]}",  # an en dash, as word processors write it
    f"19{PNR[:6]} - {PNR[6:]}",
    f"{PNR[:6]}\u00a0-\u00a0{PNR[6:]}",  # no-break spaces around the hyphen
    f"{PNR[:6]}\u2010{PNR[6:]}",
    "".join(chr(ord(c) + 0xFEE0) for c in PNR),  # full-width digits
]


@pytest.mark.parametrize("number", ALL_FORMS)
@pytest.mark.parametrize("place", ["value", "comment", "file name", "folder name", "key"])
def test_a_personal_number_is_refused_and_never_repeated(
    number: str, place: str, tmp_path: Path
) -> None:
    files: dict[str, Content] = {
        "value": {E: entry("note: Sök på högstadieskolan.", f"note: Ärende {number} klart")},
        "comment": {E: ENTRY + f"# {number}\n"},
        "file name": {E: None, f"logs/2021/{number}.yaml": ENTRY},
        "folder name": {E: None, f"logs/{number}/a.yaml": ENTRY},
        "key": {E: ENTRY + f"'{number}': 1\n"},
    }[place]  # type: ignore[assignment]
    root = make_root(tmp_path, files)  # type: ignore[arg-type]
    digits = "".join(c for c in number if c.isdigit())
    outputs = [
        cli(root, "validate"),
        cli(root, "validate", "-f", "json"),
        cli(root, "validate", "-f", "github"),
        cli(root, "status", "2021"),
        cli(root, "status", "2021", "-f", "json"),
    ]
    for run in outputs:
        assert run.code == 1
        assert "personal identity number" in run.output
        assert number not in run.output and digits not in run.output
        assert digits[-10:] not in run.output and digits[-4:] not in run.output.replace("2021", "")
        assert_clean(run)
    expected = {"value": f"{E}:5:", "comment": f"{E}:6:", "key": f"{E}:6:"}.get(place)
    if expected:
        assert expected in outputs[0].stdout


WRAPPED = {
    "plain": f"note: Ärende {PNR[:6]}-\n  {PNR[6:]} klart\n",
    "single-quoted": f"note: 'Ärende {PNR[:6]}-\n  {PNR[6:]} klart'\n",
    "folded": f"note: >\n  Ärende {PNR[:6]}-\n  {PNR[6:]} klart\n",
    "folded before the dash": f"note: >\n  Ärende {PNR[:6]}\n  -{PNR[6:]} klart\n",
    "plain before the dash": f"note: Ärende {PNR[:6]}\n  -{PNR[6:]} klart\n",
    "zero-width space": f"note: Ärende {PNR[:3]}\u200b{PNR[3:6]}-{PNR[6:]} klart\n",
    "soft hyphen": f"note: Ärende {PNR[:6]}\u00ad{PNR[6:]} klart\n",
    "word joiner": f"note: Ärende {PNR[:6]}\u2060-\u2060{PNR[6:]} klart\n",
    "invisible separator": f"note: Ärende {PNR[:8]}\u2063{PNR[8:]} klart\n",
    "in a comment": f"# {PNR[:6]}\u200b-{PNR[6:]}\n",
}


@pytest.mark.parametrize("text", WRAPPED.values(), ids=list(WRAPPED))
def test_a_wrapped_or_invisibly_split_number_is_refused(text: str, tmp_path: Path) -> None:
    """Split as a reader never notices, the number is still refused, and never shown."""
    root = make_root(tmp_path, {E: ENTRY.replace("note: Sök på högstadieskolan.\n", text)})
    for args in (
        ["validate"],
        ["validate", "-f", "json"],
        ["status", "2021"],
        ["status", "2021", "-f", "json"],
    ):
        run = cli(root, *args)
        assert run.code == 1, args
        if "json" not in args:
            assert any(f"{E}:{line}:" in run.output for line in (5, 6, 7)), run.output
        assert "personal identity number" in run.output
        visible = "".join(c for c in run.output if c.isdigit() or c == "\n")
        assert PNR[:6] not in visible and PNR[6:] not in run.output.replace("2021", "")
        assert_clean(run)


@pytest.mark.parametrize("split", ["\u200b", "\u00ad", "\u2060", "\ufeff"])
def test_an_invisibly_split_number_in_a_title_or_a_file_name_is_refused(
    split: str, tmp_path: Path
) -> None:
    number = f"{PNR[:4]}{split}{PNR[4:6]}-{PNR[6:]}"
    title = f"title: Medborgarlöfte {number}"
    root = make_root(
        tmp_path,
        {
            A: agreement("title: Medborgarlöfte Testby 2021", title),
            E: None,
            f"logs/2021/{number}.yaml": ENTRY,
        },
    )
    for args in (["validate"], ["show"], ["status", "2021"]):
        run = cli(root, *args)
        assert run.code != 0, args
        assert PNR[:4] not in run.output and PNR[6:] not in run.output.replace("2021", "")
        assert_clean(run)
    escaped = f"\\x{ord(split):02x}" if ord(split) < 0x100 else f"\\u{ord(split):04x}"
    assert f"logs/2021/XXXX{escaped}XX-XXXX.yaml:1:1:" in cli(root, "validate").stdout


@pytest.mark.parametrize(
    "note",
    [
        f"Ärende {PNR[:6]}- {PNR[6:]}",
        f"Ärende {PNR[:6]}-\n{PNR[6:]}",
        f"Ärende {PNR[:2]}\u200b{PNR[2:]}",
        f"Ärende {PNR[:6]}\u00ad{PNR[6:]}",
        f"Ärende {PNR[:6]}\u2060-{PNR[6:]}",
    ],
)
def test_log_refuses_a_note_with_a_split_number(note: str, tmp_path: Path) -> None:
    root = make_root(tmp_path)
    run = cli(root, "log", "hundsok-skola", "--date", "2021-05-06", "--note", note)
    assert run.code == 1
    assert "personal identity number" in run.stderr
    assert PNR[6:] not in run.output and PNR[2:6] not in run.output
    assert not list((root / "logs").rglob("2021-05-06*"))


@pytest.mark.parametrize(
    "harmless",
    [
        "2021-03-14",
        "20210314",
        "070-123 45 67",
        "0701234567",
        "08-123 456 78",
        PNR[:-1] + str((int(PNR[-1]) + 1) % 10),  # wrong check digit
        with_check("811318987"),  # month 13
        with_check("811232987"),  # day 32
        with_check("811292987"),  # samordningsnummer day 92
        "123" + PNR + "456",  # inside a longer digit run: some other number
        f"{PNR[:6]} {PNR[6:]}",  # a space alone: a date and a time, as in "210108 1830"
        with_check("070291417"),  # a mobile number: 31 February is no day
        "5560000000",  # organisation number shape with a bad date
    ],
)
def test_ordinary_numbers_are_not_taken_for_personal_numbers(harmless: str, tmp_path: Path) -> None:
    files = {
        E: entry("note: Sök på högstadieskolan.", f"note: Ref {harmless}, 12 st.") + "# 1234\n"
    }
    run = cli(make_root(tmp_path, files), "validate")
    assert (run.code, run.stdout) == (0, "1 agreement, 2 log entries: no problems\n")


@pytest.mark.parametrize(
    "args",
    [
        ["show", PNR],
        ["status", "--as-of", PNR_DASHED],
        ["status", "--agreement", PNR_DASHED],
        ["log", "hundsok-skola", "--count", PNR],
        ["log", "hundsok-skola", "--date", PNR_DASHED],
        ["log", "hundsok-skola", "--date", "2021-05-06", "--by", f"{PNR[:6]}\u2013{PNR[6:]}"],
    ],
)
def test_a_personal_number_given_as_an_argument_is_never_echoed(
    args: list[str], tmp_path: Path
) -> None:
    root = make_root(tmp_path)
    run = subprocess.run(
        [sys.executable, "-m", "medborgarlofte", "--root", str(root), *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=30,
        check=False,
    )
    assert run.returncode in (1, 2)
    output = run.stdout + run.stderr
    assert "Traceback" not in output and PNR[6:] not in output and PNR[:6] not in output
    assert not list((root / "logs").rglob("2021-05-06*"))


# --- extreme but valid values --------------------------------------------------------------


def test_extreme_dates_do_not_crash_status(tmp_path: Path) -> None:
    files = {
        A: agreement("end: 2021-12-31", "end: 9999-12-31")
        .replace("start: 2021-01-01", "start: 0001-01-01")
        .replace("minimum: 2", "minimum: 2\n    per: week"),
        E: entry("date: 2021-03-14", "date: 9999-12-31"),
        E2: ENTRY2.replace("2021-05-02", "0001-01-01"),
    }
    root = make_root(tmp_path, files)
    assert cli(root, "validate").code == 0
    for args in (["status", "9998"], ["status", "1"], ["status", "9998", "--as-of", "9998-12-31"]):
        run = cli(root, *args, "-f", "json")
        assert run.code == 0
        json.loads(run.stdout)
