"""Follow-up files (followups/) through a per-file cache of their own, beside the root's cache.

Each file's result is kept with its (size, mtime_ns, ctime_ns, inode) and used only while all
four are unchanged, exactly as the log files' cache does (cache.py); files changed in the last
RACY_NS are read again next time. What is kept is checked again when used: the follow-up is
validated in full from its JSON, problems must be of our shape, or the whole cache is dropped.
The files are listed and stat-ed on every load, warm or cold, so an added, changed or removed
follow-up file is always seen and the index (index.py), which knows nothing of them, is never
asked about them.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from medborgarlofte.core.model import Followup, FollowupFile, Locations
from medborgarlofte.core.problems import Problem
from medborgarlofte.speed import cache
from medborgarlofte.speed.payload import Doubt
from medborgarlofte.speed.scan import racy

FORMAT = "medborgarlofte-followups"


def load_followups(root: Path, *, use_cache: bool) -> tuple[list[FollowupFile], list[Problem]]:
    """Every valid follow-up file under ROOT, sorted by path, and every problem found."""
    from medborgarlofte.files.discover import cannot_read, list_followups

    started = time.time_ns()
    folders, problems = list_followups(str(root))
    files = sorted(
        (
            (f"{folder.path}/{name}", f"{folder.rel}/{name}")
            for folder in folders
            for name in folder.names
        ),
        key=lambda pair: pair[1],
    )
    use_cache = use_cache and cache.enabled()
    kept = _read(root) if use_cache and files else {}
    fresh: dict[str, Any] = {}
    found: list[FollowupFile] = []
    for fs_path, rel in files:
        try:
            info = os.lstat(fs_path)
        except OSError as error:
            problems.append(cannot_read(rel, error))
            continue
        stat_ = [info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino]
        hit = kept.get(rel)
        decoded = None
        if type(hit) is list and len(hit) == 2 and hit[0] == stat_:
            try:
                decoded, payload = _decode(rel, hit[1]), hit[1]
            except (Doubt, TypeError, ValueError, KeyError, IndexError):
                kept, decoded = {}, None  # one record in doubt: none is trusted
        if decoded is None:
            payload = _payload(fs_path, rel, info.st_size)
            decoded = _decode(rel, payload)
        followup, more = decoded
        problems += more
        if followup is not None:
            found.append(followup)
        if use_cache and not racy(info.st_mtime_ns, info.st_ctime_ns, started):
            fresh[rel] = [stat_, payload]
    if use_cache and (fresh or kept) and fresh != kept:
        _write(root, fresh)
    return found, problems


def _payload(fs_path: str, rel: str, size: int) -> list[Any]:
    """What the file yields, as JSON data: [problems, follow-up JSON or None, keys, values]."""
    from medborgarlofte.files.read import load_followup

    followup, problems = load_followup(fs_path, rel, size)
    rows = [[p.line, p.col, p.code, [list(a) for a in p.args], p.level] for p in problems]
    if followup is None:
        return [rows, None, [], []]
    where = followup.locations
    return [
        rows,
        followup.followup.model_dump_json(exclude_unset=True),
        [[list(k), *v] for k, v in where.keys.items()],
        [[list(k), *v] for k, v in where.values.items()],
    ]


def _decode(rel: str, payload: Any) -> tuple[FollowupFile | None, list[Problem]]:
    rows, text, keys, values = payload
    problems = []
    for line, col, code, args, level in rows:
        if type(line) is not int or type(col) is not int:
            raise Doubt
        if type(code) is not str or level not in ("error", "warning"):
            raise Doubt
        pairs = tuple((str(k), v) for k, v in args if type(v) in (str, int))
        if len(pairs) != len(args):
            raise Doubt
        problems.append(Problem(rel, line, col, code, pairs, level))
    if text is None:
        return None, problems
    if type(text) is not str:
        raise Doubt
    try:
        model = Followup.model_validate_json(text)
    except ValidationError as error:
        raise Doubt from error
    return FollowupFile(rel, model, Locations(_places(keys), _places(values))), problems


def _places(rows: Any) -> dict[tuple[str | int, ...], tuple[int, int]]:
    places: dict[tuple[str | int, ...], tuple[int, int]] = {}
    for path, line, col in rows:
        if type(line) is not int or type(col) is not int or type(path) is not list:
            raise Doubt
        if any(type(part) not in (str, int) for part in path):
            raise Doubt
        places[tuple(path)] = (line, col)
    return places


def path_for(root: Path) -> Path:
    """The follow-up cache of a root: beside its per-file cache."""
    cache_file = cache.path_for(root)
    return cache_file.with_name(cache_file.stem + ".followups.json")


def _read(root: Path) -> dict[str, Any]:
    try:
        document = json.loads(path_for(root).read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError, MemoryError):
        return {}
    if (
        type(document) is not dict
        or document.get("format") != FORMAT
        or document.get("version") != cache.VERSION
        or document.get("code") != cache.code_stamp()
        or document.get("root") != os.path.abspath(root)
        or type(document.get("files")) is not dict
    ):
        return {}
    files: dict[str, Any] = document["files"]
    return files


def _write(root: Path, files: dict[str, Any]) -> None:
    head = {
        "format": FORMAT,
        "version": cache.VERSION,
        "code": cache.code_stamp(),
        "root": os.path.abspath(root),
        "files": files,
    }
    cache._replace(path_for(root), lambda out: out.write(json.dumps(head)))
