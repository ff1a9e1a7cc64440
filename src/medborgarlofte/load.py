"""Walks a data root: every agreement and log file, parsed and validated, in sorted order.

Returns the Dataset of what is valid and the Problems of what is not, each at
its file and line; pydantic's errors are placed with the locations from source.
"""

from __future__ import annotations

import difflib
import os
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from medborgarlofte import source
from medborgarlofte.model import (
    Agreement,
    AgreementFile,
    Commitment,
    Dataset,
    Entry,
    EntryRecord,
    Key,
    Locations,
    Period,
)
from medborgarlofte.problems import Problem
from medborgarlofte.text import quote

AGREEMENTS = "agreements"
LOGS = "logs"


def discover(root: Path) -> tuple[list[tuple[str, str, int]], list[tuple[str, str, int]], list[Problem]]:
    """(agreement files, log files, problems): each file as (fs path, relative path, size).

    Symbolic links are reported and never followed, so nothing outside the root
    is read and a folder loop cannot hang or count twice.
    """
    problems: list[Problem] = []
    agreements: list[tuple[str, str, int]] = []
    logs: list[tuple[str, str, int]] = []
    linked = {name for name in (AGREEMENTS, LOGS) if (root / name).is_symlink()}
    for name in sorted(linked):  # the folders themselves: a link would lead out of the root
        message = "a symbolic link: not followed; put the folder itself here"
        problems.append(Problem(f"{name}/", 1, 1, message))
    top = [] if AGREEMENTS in linked else _walk(root / AGREEMENTS, AGREEMENTS, problems)
    for fs_path, rel, info, is_dir in top:
        if is_dir:
            problems.append(Problem(rel, 1, 1, "agreements/ holds agreement files only, no folders"))
        elif rel.endswith(".yaml"):
            agreements.append((fs_path, rel, info))
        elif rel.endswith(".yml"):
            problems.append(Problem(rel, 1, 1, "agreement files end in .yaml: rename it"))
    stack = [] if LOGS in linked else [(root / LOGS, LOGS)]
    while stack:
        folder, rel_folder = stack.pop()
        for fs_path, rel, info, is_dir in _walk(folder, rel_folder, problems):
            if is_dir:
                stack.append((Path(fs_path), rel))
            elif rel.endswith(".yaml"):
                logs.append((fs_path, rel, info))
            elif rel.endswith(".yml"):
                problems.append(Problem(rel, 1, 1, "log files end in .yaml: rename it"))
    logs.sort(key=lambda item: item[1])
    return agreements, logs, problems


def _walk(folder: Path, rel_folder: str, problems: list[Problem]) -> Iterator[tuple[str, str, int, bool]]:
    """Entries of one folder, sorted, hidden ones skipped, links reported."""
    try:
        with os.scandir(folder) as scan:
            items = sorted(scan, key=lambda e: e.name)
    except FileNotFoundError:
        return
    except OSError as error:
        problems.append(Problem(rel_folder, 1, 1, f"cannot read the folder: {error.strerror}"))
        return
    for item in items:
        if item.name.startswith("."):
            continue
        rel = f"{rel_folder}/{item.name}"
        if item.is_symlink():
            problems.append(Problem(rel, 1, 1, "a symbolic link: not followed; put the file itself here"))
            continue
        try:
            info = item.stat(follow_symlinks=False)
        except OSError as error:
            problems.append(Problem(rel, 1, 1, f"cannot read: {error.strerror}"))
            continue
        if stat.S_ISDIR(info.st_mode):
            yield item.path, rel, 0, True
        elif stat.S_ISREG(info.st_mode):
            yield item.path, rel, info.st_size, False
        elif rel.endswith((".yaml", ".yml")):
            problems.append(Problem(rel, 1, 1, "not a regular file"))


def load(root: Path, *, logs: bool = True) -> tuple[Dataset, list[Problem]]:
    """Every agreement (and log entry, unless `logs` is false) under `root`, and every problem found."""
    agreement_files, log_files, problems = discover(root)
    if not logs:
        log_files = []
        problems = [p for p in problems if not p.path.startswith(f"{LOGS}/")]
    agreements = []
    invalid_ids: set[str] = set()
    for fs_path, rel, size in agreement_files:
        found, file_problems, ids = load_agreement(fs_path, rel, size)
        problems += file_problems
        if found is not None:
            agreements.append(found)
        else:
            invalid_ids |= ids
    entries: list[EntryRecord] = []
    for fs_path, rel, size in log_files:
        records, file_problems = load_entries(fs_path, rel, size)
        entries += records
        problems += file_problems
    return Dataset(tuple(agreements), tuple(entries), frozenset(invalid_ids)), problems


def load_agreement(
    fs_path: str, rel: str, size: int | None = None
) -> tuple[AgreementFile | None, list[Problem], set[str]]:
    """The agreement, or its problems and the commitment ids it seems to hold."""
    parsed = source.read_file(fs_path, rel, size)
    problems = parsed.problems
    if parsed.data is None:
        return None, problems, set()
    if not isinstance(parsed.data, dict):
        message = "an agreement file holds one mapping (key: value lines), not a list or a value"
        return None, [*problems, Problem(rel, 1, 1, message)], set()
    model, more = validate(Agreement, parsed.data, parsed, rel, ())
    problems += more
    if model is None or problems:
        return None, problems, _commitment_ids(parsed.data)
    stem = rel.rsplit("/", 1)[-1].removesuffix(".yaml")
    return AgreementFile(model.id or stem, rel, model, parsed.locations), problems, set()


def _commitment_ids(data: dict[Any, Any]) -> set[str]:
    items = data.get("commitments")
    if not isinstance(items, list):
        return set()
    return {c["id"] for c in items if isinstance(c, dict) and isinstance(c.get("id"), str)}


def load_entries(fs_path: str, rel: str, size: int | None = None) -> tuple[list[EntryRecord], list[Problem]]:
    parsed = source.read_file(fs_path, rel, size)
    problems = parsed.problems
    data = parsed.data
    if data is None:
        return [], problems
    if isinstance(data, dict):
        items: list[tuple[Key, Any]] = [((), data)]
    elif isinstance(data, list) and data:
        items = [((index,), item) for index, item in enumerate(data)]
    else:
        message = "a log file holds one entry (date:, commitment: …) or a non-empty list of entries"
        return [], [*problems, Problem(rel, *parsed.locations.of_value(()), message)]
    records = []
    for base, item in items:
        if not isinstance(item, dict):
            line, col = parsed.locations.of_value(base)
            problems.append(Problem(rel, line, col, "an entry is a mapping (date:, commitment: …)"))
            continue
        entry, more = validate(Entry, item, parsed, rel, base)
        problems += more
        if entry is not None and not more:
            records.append(EntryRecord(rel, entry, parsed.locations, base))
    return records, problems


_FIELDS: dict[type[BaseModel], list[str]] = {
    model: list(model.model_fields) for model in (Agreement, Commitment, Period, Entry)
}


M = TypeVar("M", bound=BaseModel)


def validate(
    model: type[M], data: dict[Any, Any], parsed: source.Parsed, rel: str, base: Key
) -> tuple[M | None, list[Problem]]:
    """The model, or the problems placed at the line of each offending key or value."""
    try:
        return model.model_validate(data), []
    except ValidationError as error:
        problems = []
        for detail in error.errors(include_url=False, include_input=True):
            loc = (*base, *_data_path(detail["loc"]))
            if any(loc[: len(r)] == r for r in parsed.reported):
                continue  # already reported while reading
            problems.append(_problem(detail, loc, parsed.locations, rel, model, base))
        return None, problems


def _data_path(loc: tuple[int | str, ...]) -> Key:
    """pydantic's loc without its '[key]' and validator-name parts."""
    return tuple(part for part in loc if isinstance(part, int) or not part.startswith(("[", "function-")))


def _model_at(model: type[BaseModel], loc: Key) -> type[BaseModel]:
    if model is Agreement and loc[:1] == ("period",) and len(loc) == 2:
        return Period
    if model is Agreement and loc[:1] == ("commitments",) and len(loc) == 3:
        return Commitment
    return model


_KINDS = {
    str: "text",
    int: "a number",
    float: "a decimal number",
    bool: "a yes/no value",
    list: "a list",
    dict: "a mapping",
    type(None): "empty",
}


def _describe(value: object) -> str:
    kind = _KINDS.get(type(value), type(value).__name__)
    if isinstance(value, (str, int, float)) and not isinstance(value, bool):
        return f"{kind} {quote(str(value))}"
    if isinstance(value, bool):
        return f"{kind} ({str(value).lower()})"
    return kind


def _problem(
    detail: Any, loc: Key, locations: Locations, rel: str, model: type[BaseModel], base: Key
) -> Problem:
    kind = detail["type"]
    value = detail.get("input")
    field_loc = loc[len(base) :]
    names = [part for part in field_loc if isinstance(part, str)]
    name = names[-1] if names else "value"
    line, col = locations.of_value(loc)
    if kind == "missing":
        line, col = locations.of_value(loc[:-1])
        message = f"missing required key '{name}'"
    elif kind == "extra_forbidden":
        line, col = locations.of_key(loc)
        known = _FIELDS[_model_at(model, field_loc)]
        close = difflib.get_close_matches(str(name), known, n=1)
        hint = f" (did you mean '{close[0]}'?)" if close else f"; known keys: {', '.join(known)}"
        message = f"unknown key {quote(str(field_loc[-1]))}{hint}"
    elif kind in ("int_type", "int_parsing", "int_from_float"):
        hint = "; remove the quotes" if isinstance(value, str) and value.strip().isdigit() else ""
        message = f"{name} must be a whole number, not {_describe(value)}{hint}"
    elif kind == "string_type":
        message = f"{name} must be text, not {_describe(value)}; put it in quotes"
    elif kind in ("date_type", "date_parsing", "date_from_datetime_inexact"):
        if hasattr(value, "hour"):
            message = f"{name} must be a date such as 2021-03-14, not a date and time"
        else:
            message = f"{name} must be a date such as 2021-03-14, not {_describe(value)}"
    elif kind == "greater_than_equal":
        message = f"{name} must be at least {detail['ctx']['ge']}, not {_describe(value)}"
    elif kind == "less_than_equal":
        message = f"{name} must be at most {detail['ctx']['le']}, not {_describe(value)}"
    elif kind == "literal_error":
        message = f"{name} must be one of {detail['ctx']['expected']}, not {_describe(value)}"
    elif kind == "too_short":
        message = f"{name} must not be empty"
    elif kind in ("dict_type", "model_type"):
        message = f"{name} must be a mapping (key: value lines), not {_describe(value)}"
    elif kind == "list_type":
        message = f"{name} must be a list, not {_describe(value)}"
    elif kind in ("slug", "control_character", "blank", "multiline"):
        message = f"{name}: {detail['msg']}"
    else:
        message = f"{name}: {detail['msg']}"
    return Problem(rel, line, col, message)
