"""The cache of parsed, validated files between runs: data only, and never trusted.

One JSON file per data root, in the user's cache folder ($MLOFTE_CACHE_DIR, else
$XDG_CACHE_HOME/medborgarlofte, else ~/.cache/medborgarlofte), named by a hash of the
root's absolute path. Each file's result is kept with its (size, mtime_ns, ctime_ns,
inode) and used only while all four are unchanged, so an edit, an addition, a removal
or a rename is always seen. JSON, not pickle: loading it runs no code. A cache that is
unreadable, truncated, of another format, version or code, or of any other shape is
ignored and rebuilt; load.py checks every record's shape again as it uses it.
A cache path in doubt (not a regular file: a FIFO, a device, a folder; a symbolic link;
larger than MAX_BYTES; owned by another user) is never read: it is ignored, and replaced
atomically by the next write (a folder cannot be, and stays unused).
Writes are atomic (a temporary file, then os.replace). MLOFTE_NO_CACHE=1 or
`mlofte --no-cache` leaves it alone. Beside it, the root's index (`<hash>.index.json`,
written and checked by warm.py) answers a run in which no file changed.

Limits: a change that keeps size, mtime, ctime and inode cannot be seen. ctime cannot
be set back by a user, so that takes a clock set back or a file system without it;
files changed in the last RACY_NS (2 s) are never cached, so an edit within one
timestamp tick of the previous one is still seen.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
import stat
import sys
import tempfile
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

FORMAT = "medborgarlofte-cache"
INDEX_FORMAT = "medborgarlofte-index"
VERSION = 5
"""5: problems kept as code, arguments and level, without the English text of 4."""
RACY_NS = 2_000_000_000
"""Files changed this recently (ns) are read again next time rather than cached."""
MAX_BYTES = 1 << 30
"""A cache or index larger than this (1 GiB; a national root's cache is a few MB) is not ours."""

_NO = ("", "0", "false", "no")
Stat = tuple[int, int, int, int]


CheckRow = tuple[str, int, int, str, tuple[tuple[str, str | int], ...], str]
"""A cross-file problem as kept: path, line, col, code, args, level."""


@dataclass
class Snapshot:
    """What the cache holds: per file its stat and payload, and the cross-file problems
    of the last run (by whether logs were loaded) when no file has changed since."""

    files: dict[str, Any] = field(default_factory=dict)
    """Per file (stat, payload), or for a plain log file one compact text (see load.py)."""
    checks: dict[bool, tuple[str, list[CheckRow]]] = field(default_factory=dict)
    """By whether logs were loaded: (fingerprint of the files checked, their problems)."""
    known: set[str] = field(default_factory=set)
    """Files whose record is the one read from the cache file, so `_kept` passed it when that
    was written: only the others are looked through again (300 agreements took 0.5 s)."""


def enabled(env: Mapping[str, str] = os.environ) -> bool:
    return env.get("MLOFTE_NO_CACHE", "").strip().lower() in _NO


def folder(env: Mapping[str, str] = os.environ) -> Path:
    """The cache folder: $MLOFTE_CACHE_DIR, $XDG_CACHE_HOME/medborgarlofte or ~/.cache/medborgarlofte."""
    if env.get("MLOFTE_CACHE_DIR"):
        return Path(env["MLOFTE_CACHE_DIR"])
    base = env.get("XDG_CACHE_HOME") or ""
    if not Path(base).is_absolute():  # the XDG spec: a relative value is ignored
        base = str(Path.home() / ".cache")
    return Path(base) / "medborgarlofte"


def path_for(root: Path, env: Mapping[str, str] = os.environ) -> Path:
    """The cache file of a data root: named by a hash of its absolute path."""
    name = hashlib.sha256(os.fsencode(os.path.abspath(root))).hexdigest()[:32]
    return folder(env) / f"{name}.json"


PACKAGE = Path(__file__).resolve().parent.parent


@functools.cache
def code_stamp(package: Path = PACKAGE) -> str:
    """Changes whenever the code that produced a cache may have: our version and every module
    of the package (a rule in files/ or core/ decides what a file's problems are), Python,
    pydantic. An editable install after `git pull` must not answer from the old rules."""
    import pydantic

    from medborgarlofte import __version__

    parts = [__version__, sys.version, pydantic.VERSION]
    with contextlib.suppress(OSError):
        for folder, subfolders, names in os.walk(package):
            subfolders[:] = sorted(name for name in subfolders if name != "__pycache__")
            for name in sorted(names):
                if name.endswith(".py"):
                    info = os.stat(os.path.join(folder, name))
                    where = os.path.relpath(os.path.join(folder, name), package)
                    parts.append(f"{where}:{info.st_size}:{info.st_mtime_ns}")
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:32]


_READ_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NOFOLLOW", 0)  # a link: refused by the open itself
    | getattr(os, "O_NONBLOCK", 0)  # a FIFO: opened at once, refused below, never waited on
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_BINARY", 0)
)


def _document(path: Path) -> Any:
    """The JSON document in `path`, or None unless it is a regular file of this user's, no
    larger than MAX_BYTES: a FIFO would block forever, a link to /dev/zero never end."""
    try:
        handle = os.open(path, _READ_FLAGS)
    except OSError:
        return None
    try:
        info = os.fstat(handle)
        if (
            not stat.S_ISREG(info.st_mode)
            or info.st_size > MAX_BYTES
            or (hasattr(os, "getuid") and info.st_uid != os.getuid())
        ):
            return None
        pieces: list[bytes] = []
        total = 0
        while total <= MAX_BYTES:  # it may grow while read
            piece = os.read(handle, 1 << 20)
            if not piece:
                return json.loads(b"".join(pieces))
            pieces.append(piece)
            total += len(piece)
        return None
    except (OSError, ValueError, RecursionError, MemoryError):
        return None
    finally:
        os.close(handle)


def read(root: Path, env: Mapping[str, str] = os.environ) -> Snapshot:
    """The root's cache, or an empty one when it is missing or in any doubt."""
    document = _document(path_for(root, env))
    if document is None:
        return Snapshot()
    return _snapshot(document, root) or Snapshot()


def _is_stat(value: Any) -> bool:
    return type(value) is list and len(value) == 4 and all(type(n) is int for n in value)


def _snapshot(document: Any, root: Path) -> Snapshot | None:
    """The snapshot in a decoded document, or None unless its whole frame is of our shape
    (payloads are checked record by record as load.py uses them)."""
    if type(document) is not dict or set(document) != {
        "format",
        "version",
        "code",
        "root",
        "files",
        "checks",
    }:
        return None
    if (document["format"], document["version"]) != (FORMAT, VERSION):
        return None
    if document["code"] != code_stamp() or document["root"] != os.path.abspath(root):
        return None
    files, checks = document["files"], document["checks"]
    if type(files) is not dict or type(checks) is not dict:
        return None
    snapshot = Snapshot()
    for rel, item in files.items():
        if type(item) is str:
            snapshot.files[rel] = item
            continue
        if (
            type(item) is not list
            or len(item) != 2
            or not _is_stat(item[0])
            or type(item[1]) is not list
        ):
            return None
        snapshot.files[rel] = ((item[0][0], item[0][1], item[0][2], item[0][3]), item[1])
    for key, item in checks.items():
        if key not in ("logs", "agreements") or type(item) is not list or len(item) != 2:
            return None
        fingerprint, rows = item
        if type(fingerprint) is not str or type(rows) is not list:
            return None
        problems = []
        for row in rows:
            problem = _problem_row(row)
            if problem is None:
                return None
            problems.append(problem)
        snapshot.checks[key == "logs"] = (fingerprint, problems)
    return snapshot


def _problem_row(row: Any) -> CheckRow | None:
    """A cached cross-file problem, its shape checked: [path, line, col, code,
    [[name, value], ...], level]."""
    if not (type(row) is list and len(row) == 6 and type(row[4]) is list):
        return None
    path, line, col, code, args, level = row
    if not (
        type(path) is str
        and type(line) is int
        and type(col) is int
        and type(code) is str
        and level in ("error", "warning")
        and all(
            type(a) is list and len(a) == 2 and type(a[0]) is str and type(a[1]) in (str, int)
            for a in args
        )
    ):
        return None
    return (path, line, col, code, tuple((a[0], a[1]) for a in args), level)


def _dump(out: TextIO, head: dict[str, Any], files: dict[str, Any]) -> None:
    """The document, one file at a time: no second copy of the whole cache in memory."""
    dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
    out.write(dumps(head)[:-1] + ',"files":{')
    chunk: list[str] = []
    for index, (rel, item) in enumerate(files.items()):
        value = item if type(item) is str else [list(item[0]), item[1]]
        chunk.append(("," if index else "") + dumps(rel) + ":" + dumps(value))
        if len(chunk) >= 1000:
            out.write("".join(chunk))
            chunk.clear()
    out.write("".join(chunk) + "}}")


def _holds_personal_number(value: Any) -> bool:
    """Whether any text in `value` (JSON data, walked) looks like a personal identity number."""
    from medborgarlofte.core.personal import personal_number_offsets

    if type(value) is str:
        return bool(personal_number_offsets(value))
    if type(value) in (list, tuple):
        return any(_holds_personal_number(item) for item in value)
    if type(value) is dict:
        return any(_holds_personal_number(k) or _holds_personal_number(v) for k, v in value.items())
    return False


def _kept(rel: str, item: Any) -> bool:
    """Whether a file's record may be cached: never one that holds a personal identity number,
    in its name or in anything read from it (a note, a key, a problem's words), so that what
    validate refuses outlives neither its refusal nor its fix. A compact record (a file with one
    entry and no problem, see load.py) cannot hold one: a number anywhere in a file or its
    name is a problem of that file."""
    return type(item) is str or not (_holds_personal_number(rel) or _holds_personal_number(item))


def write(root: Path, snapshot: Snapshot, env: Mapping[str, str] = os.environ) -> None:
    """Replace the root's cache atomically; a cache that cannot be written is simply not kept.
    Nothing that holds a personal identity number is written (see `_kept`)."""
    known = snapshot.known
    files = {rel: item for rel, item in snapshot.files.items() if rel in known or _kept(rel, item)}
    checks = {
        key: (fingerprint, rows)
        for key, (fingerprint, rows) in snapshot.checks.items()
        if not _holds_personal_number(rows)
    }
    head = {
        "format": FORMAT,
        "version": VERSION,
        "code": code_stamp(),
        "root": os.path.abspath(root),
        "checks": {
            ("logs" if key else "agreements"): [
                fingerprint,
                [[*row[:4], [list(a) for a in row[4]], row[5]] for row in rows],
            ]
            for key, (fingerprint, rows) in checks.items()
        },
    }
    _replace(path_for(root, env), lambda out: _dump(out, head, files))


def index_path_for(root: Path, env: Mapping[str, str] = os.environ) -> Path:
    """The root's index (see warm.py): beside its cache, small enough to read in a few ms."""
    cache_file = path_for(root, env)
    return cache_file.with_name(cache_file.stem + ".index.json")


def read_index(root: Path, env: Mapping[str, str] = os.environ) -> dict[str, Any] | None:
    """The root's index document, when it is one of ours for this root and code."""
    document = _document(index_path_for(root, env))
    if (
        type(document) is not dict
        or document.get("format") != INDEX_FORMAT
        or document.get("version") != VERSION
        or document.get("code") != code_stamp()
        or document.get("root") != os.path.abspath(root)
    ):
        return None
    return document


def write_index(root: Path, body: dict[str, Any], env: Mapping[str, str] = os.environ) -> None:
    """Replace the root's index atomically (ASCII JSON: a file name that is not UTF-8 keeps
    its lone surrogates as \\udcxx escapes)."""
    head = {
        "format": INDEX_FORMAT,
        "version": VERSION,
        "code": code_stamp(),
        "root": os.path.abspath(root),
    }
    # Cannot be (an index is kept only when no file has a problem), but never written: the
    # texts of the index are its folders' and files' names and its agreements. Not the
    # folders' stat digests, nor the summary (numbers in base64): a hex digest of mtimes holds
    # a run of digits that passes as a personal identity number now and then (1 cold load in
    # 300, measured), and the index was then silently not kept.
    folders = body.get("folders") or []
    if _holds_personal_number([[folder[:2] for folder in folders], body.get("agreements")]):
        return
    _replace(index_path_for(root, env), lambda out: out.write(json.dumps({**head, **body})))


_TEMPORARY = ".tmp-"
"""The cache's temporary files: `.tmp-<pid>-<random>.json` beside it."""


def _replace(target: Path, fill: Callable[[TextIO], object]) -> None:
    """Write `target` through a temporary file and os.replace: readers see the old or the
    new file, never half of one. A file that cannot be written is simply not kept. No signal
    cuts the write short (files/signals.py), and what a killed run left is removed."""
    from medborgarlofte.files import signals

    with signals.held():
        _replace_now(target, fill)
    _remove_leftovers(target.parent)


def _replace_now(target: Path, fill: Callable[[TextIO], object]) -> None:
    temporary = None
    try:
        target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(
            prefix=f"{_TEMPORARY}{os.getpid()}-", suffix=".json", dir=target.parent
        )
        # A file name that is not UTF-8 holds lone surrogates: written as JSON's own \udcxx
        # escapes (only strings can hold them), they read back as they were.
        with os.fdopen(handle, "w", encoding="utf-8", errors="backslashreplace") as out:
            fill(out)
        os.replace(temporary, target)
        temporary = None
    except (OSError, ValueError):
        pass
    finally:
        if temporary is not None:
            with contextlib.suppress(OSError):
                os.unlink(temporary)


def _remove_leftovers(folder: Path) -> None:
    """Remove the temporary files of runs that are gone (killed with SIGKILL, a power cut):
    of a process no longer running, or older than a day."""
    from medborgarlofte.files import signals

    with contextlib.suppress(OSError):
        for item in os.scandir(folder):
            name = item.name
            if not (name.startswith(_TEMPORARY) and name.endswith(".json")):
                continue
            pid = name[len(_TEMPORARY) :].split("-", 1)[0]
            with contextlib.suppress(OSError):
                old = item.stat(follow_symlinks=False).st_mtime < time.time() - 86_400
                if old or not (pid.isdigit() and signals.alive(int(pid))):
                    os.unlink(item.path)
