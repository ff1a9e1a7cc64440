"""Writes a log entry: chooses its path, serializes faithful YAML, writes atomically, never overwrites.

The file appears whole or not at all: a hidden temporary file in the same folder is
written and fsynced, then hard-linked to the first free name (`os.link` fails rather
than replace), and removed in `finally`. Two coordinators logging the same commitment
on the same day get `…-hundsok-skola.yaml` and `…-hundsok-skola-2.yaml`.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import tempfile
from pathlib import Path
from typing import Any

import yaml

from medborgarlofte.core.model import Entry
from medborgarlofte.core.problems import N_, Arg, Refusal
from medborgarlofte.files import signals
from medborgarlofte.files import yaml_source as source
from medborgarlofte.files.discover import LOG_TEMPORARY

LOGS = "logs"
MAX_SUFFIX = 9999
"""Names tried per commitment and day before giving up: far more than any real day needs."""

_FILE_MODE = 0o644
# Characters a YAML reader takes for line breaks or drops: such text is written double-quoted,
# where the emitter escapes them.
_QUOTE_ONLY = ("\x85", "\u2028", "\u2029", "\ufeff")


MESSAGES = {
    "store-outside-logs": N_("{folder}/ is outside {logs}/ (a symbolic link?); not written"),
    "store-not-a-file-name": N_("{name} is not a plain file name; not written"),
    "store-names-taken": N_("{limit} entries for {commitment} on {date} already; not written"),
    "store-unusual-note": N_(
        "the entry does not read back as written (a note too unusual for YAML?)"
    ),
    "store-reads-back-wrong": N_("the entry does not read back as written"),
    "store-invalid-read-back": N_("the entry does not read back as written: {detail}"),
    "store-cannot-create": N_("cannot create {folder}/: {reason}"),
}
"""The codes of StoreError, with their English templates (report/messages.py's too)."""


class StoreError(Refusal):
    """The entry cannot be written; the message says why (`problem`: in the user's words),
    and nothing was written."""

    def __init__(self, code: str, **args: Arg) -> None:
        super().__init__(MESSAGES, code, **args)


def file_name(date: dt.date, commitment: str, number: int = 1) -> str:
    """`2021-03-14-hundsok-skola.yaml`, or `…-hundsok-skola-2.yaml` for the second one."""
    suffix = "" if number == 1 else f"-{number}"
    return f"{date.isoformat()}-{commitment}{suffix}.yaml"


def relative_path(date: dt.date, commitment: str, number: int = 1) -> str:
    """The entry's path relative to the data root: `logs/YYYY/<file name>`."""
    return f"{LOGS}/{date.year:04d}/{file_name(date, commitment, number)}"


def _folder(root: Path, date: dt.date) -> Path:
    """The entry's folder, resolved, refused unless it stays inside <root>/logs."""
    logs = (root / LOGS).resolve()
    folder = (root / LOGS / f"{date.year:04d}").resolve()
    if not folder.is_relative_to(logs) or folder == logs:
        raise StoreError("store-outside-logs", folder=f"{LOGS}/{date.year:04d}", logs=LOGS)
    return folder


def _target(folder: Path, date: dt.date, commitment: str, number: int) -> Path:
    name = file_name(date, commitment, number)
    if Path(name).name != name or name.startswith(".") or "\\" in name:
        raise StoreError("store-not-a-file-name", name=repr(name))
    return folder / name


def first_free(root: Path, date: dt.date, commitment: str) -> str:
    """The path the entry would get now (another writer may take it first)."""
    folder = _folder(root, date)
    for number in range(1, MAX_SUFFIX + 1):
        if not os.path.lexists(_target(folder, date, commitment, number)):
            return relative_path(date, commitment, number)
    raise StoreError(
        "store-names-taken", limit=MAX_SUFFIX, commitment=commitment, date=date.isoformat()
    )


def fields(entry: Entry) -> dict[str, Any]:
    """The entry as it is written, keys in the contract's order; `count` only when not 1,
    `by` as one value or a list as it was given, absent keys left out."""
    data: dict[str, Any] = {"date": entry.date, "commitment": entry.commitment}
    if entry.agreement is not None:
        data["agreement"] = entry.agreement
    if entry.count != 1:
        data["count"] = entry.count
    if entry.by is not None:
        data["by"] = entry.by[0] if len(entry.by) == 1 else list(entry.by)
    if entry.note is not None:
        data["note"] = entry.note
    if entry.source is not None:
        data["source"] = entry.source
    return data


class _Dumper(yaml.SafeDumper):
    """Block style for the mapping, flow style for a list of parties, `|` for multi-line text."""


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style: str | None = None
    if any(char in value for char in _QUOTE_ONLY):
        style = '"'
    elif "\n" in value:
        # A literal block when it reads plainly (the emitter falls back to double quotes when
        # a block cannot hold the text, e.g. trailing spaces); else escapes keep it exact.
        plain_edges = value[0] not in " \t\n" and not value.endswith("\n\n")
        style = "|" if plain_edges else '"'
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


def _represent_list(dumper: yaml.SafeDumper, value: list[Any]) -> yaml.SequenceNode:
    return dumper.represent_sequence("tag:yaml.org,2002:seq", value, flow_style=True)


_Dumper.add_representer(str, _represent_str)
_Dumper.add_representer(list, _represent_list)
Dumper = _Dumper
"""The dumper of entry files, for other writers of entries (`mlofte entries --format yaml`)."""


def dump_entry(entry: Entry) -> str:
    """The entry as YAML text (UTF-8 safe, LF), verified to read back as exactly this entry."""
    data = fields(entry)
    text = yaml.dump(
        data,
        Dumper=_Dumper,
        allow_unicode=True,
        default_flow_style=False,
        sort_keys=False,
        width=1_000_000,
        line_break="\n",
    )
    parsed = source.parse(text, "entry")
    if parsed.problems or parsed.data != data:
        # Not expected: every value is quoted when YAML would retype it. Refuse rather than
        # write an entry that reads back differently.
        raise StoreError("store-unusual-note")
    try:
        again = Entry.model_validate(parsed.data)
    except ValueError as error:
        raise StoreError("store-invalid-read-back", detail=str(error)) from None
    if again != entry:
        raise StoreError("store-reads-back-wrong")
    return text


def _fsync_folder(folder: Path) -> None:
    """Make the new name durable; a no-op where folders cannot be opened (Windows)."""
    try:
        handle = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(handle)
    except OSError:
        pass
    finally:
        os.close(handle)


def create_file(path: Path, text: str) -> None:
    """Write a new file at `path` whole or not at all; FileExistsError when the name is taken
    (nothing is ever replaced), another OSError when it cannot be written (nothing left)."""
    handle, temp = tempfile.mkstemp(dir=path.parent, prefix=".mlofte-", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(text.encode("utf-8"))
            stream.flush()
            if hasattr(os, "fchmod"):
                os.fchmod(stream.fileno(), _FILE_MODE)
            os.fsync(stream.fileno())
        os.link(temp, path)
        _fsync_folder(path.parent)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp)


def write_entry(root: Path, entry: Entry, text: str | None = None) -> str:
    """Write the entry (or `text`, its YAML) to the first free name; the relative path written.

    Never overwrites and never leaves a partial or temporary file behind: StoreError
    (or an OSError) means nothing was written.
    """
    if text is None:
        text = dump_entry(entry)
    rel_folder = f"{LOGS}/{entry.date.year:04d}"
    _folder(root, entry.date)
    try:
        os.makedirs(root / rel_folder, exist_ok=True)
    except OSError as error:
        from medborgarlofte.files.discover import cannot_read

        reason = dict(cannot_read(rel_folder, error).args)
        raise StoreError(
            "store-cannot-create", folder=rel_folder, reason=reason["reason"], errno=reason["errno"]
        ) from None
    folder = _folder(root, entry.date)  # again: the folder now exists, links resolved
    with signals.held():  # from the temporary file made to it removed: no signal cuts it short
        return _write(folder, entry, text)


def _write(folder: Path, entry: Entry, text: str) -> str:
    handle, temp = tempfile.mkstemp(
        dir=folder, prefix=f"{LOG_TEMPORARY[0]}{os.getpid()}-", suffix=LOG_TEMPORARY[1]
    )
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(text.encode("utf-8"))
            stream.flush()
            if hasattr(os, "fchmod"):  # mkstemp makes it owner-only; a log is shared
                os.fchmod(stream.fileno(), _FILE_MODE)
            os.fsync(stream.fileno())
        for number in range(1, MAX_SUFFIX + 1):
            try:
                os.link(temp, _target(folder, entry.date, entry.commitment, number))
            except FileExistsError:
                continue
            _fsync_folder(folder)
            return relative_path(entry.date, entry.commitment, number)
        raise StoreError(
            "store-names-taken",
            limit=MAX_SUFFIX,
            commitment=entry.commitment,
            date=entry.date.isoformat(),
        )
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp)


def write_file(path: Path, data: bytes, *, replace: bool) -> None:
    """Write DATA to PATH atomically: a hidden temporary file in the same folder, fsynced,
    then linked to PATH (FileExistsError when it exists: nothing is replaced) or, with
    `replace`, renamed over it. A reader sees the old file or the new one, never a part;
    the temporary file is removed in `finally`."""
    folder = path.parent if str(path.parent) else Path(".")
    handle, temp = tempfile.mkstemp(dir=folder, prefix=".mlofte-", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            if hasattr(os, "fchmod"):  # mkstemp makes it owner-only; a report is to share
                os.fchmod(stream.fileno(), _FILE_MODE)
            os.fsync(stream.fileno())
        if replace:
            os.replace(temp, path)
        else:
            os.link(temp, path)
        _fsync_folder(folder)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp)
