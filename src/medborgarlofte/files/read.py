"""Reading one data file into models and problems: the agreement or the entries it holds,
every pydantic error placed at the line of its key or value, and what can be salvaged of an
invalid agreement so that the cross-file rules still see its ids."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from medborgarlofte.core.ids import MAX_ID_LENGTH, closest, file_stem, is_slug, slugify
from medborgarlofte.core.model import (
    Agreement,
    AgreementFile,
    Commitment,
    Entry,
    EntryRecord,
    Followup,
    FollowupFile,
    FollowupNote,
    Key,
    Locations,
    Period,
)
from medborgarlofte.core.problems import Arg, Problem, errors, listed, problem, problem_with
from medborgarlofte.core.text import quote
from medborgarlofte.files import yaml_source as source


def load_agreement(
    fs_path: str, rel: str, size: int | None = None
) -> tuple[AgreementFile | None, list[Problem], set[str]]:
    """The agreement, or its problems and the commitment ids it seems to hold."""
    return _load_agreement(fs_path, rel, size)[:3]


def _load_agreement(
    fs_path: str, rel: str, size: int | None = None
) -> tuple[AgreementFile | None, list[Problem], set[str], source.Parsed | None]:
    """As load_agreement, with the parsed mapping of an invalid agreement (for `salvage`)."""
    parsed = source.read_file(fs_path, rel, size)
    problems = parsed.problems
    if parsed.data is None:
        return None, problems, set(), None
    if not isinstance(parsed.data, dict):
        return None, [*problems, problem(rel, 1, 1, "agreement-not-mapping")], set(), None
    model, more = validate(Agreement, parsed.data, parsed, rel, ())
    problems += more
    if model is None or errors(problems):  # a warning leaves the agreement valid
        return None, problems, _commitment_ids(parsed.data), parsed
    stem = file_stem(rel)
    return AgreementFile(model.id or stem, rel, model, parsed.locations), problems, set(), None


def _as_id(value: Any) -> str:
    """An id as the user meant it: valid as written, else the suggested fix, else ''."""
    if not isinstance(value, str):
        return ""
    return value if is_slug(value) else slugify(value)


def _ids(value: Any) -> list[str]:
    values = [value] if isinstance(value, str) else value
    found = [_as_id(v) for v in values] if isinstance(values, (list, dict)) else []
    return [v for v in found if v]


def salvage(data: Any) -> dict[str, Any] | None:
    """What the cross-file rules can still use of an agreement that failed validation, so
    that one typo hides none of the file's other problems nor makes its entries unknown:
    its period and its ids, each invalid id read as its suggested fix (its own problem is
    reported) and each unreadable commitment kept as an empty placeholder, so that the
    places of the others stay right. JSON data; None without a valid period."""
    period = data.get("period") if isinstance(data, dict) else None
    start, end = (period.get("start"), period.get("end")) if isinstance(period, dict) else (0, 0)
    if type(start) is not dt.date or type(end) is not dt.date:
        return None
    commitments = []
    items = data.get("commitments")
    for item in items if isinstance(items, list) else []:
        if isinstance(item, dict):
            item_id = _as_id(item.get("id"))
            commitments.append([item_id, _as_id(item.get("area")), _ids(item.get("responsible"))])
        else:
            commitments.append(["", "", []])
    ident = data.get("id")
    return {
        "id": ident if isinstance(ident, str) and is_slug(ident) else None,
        "period": [start.isoformat(), end.isoformat()],
        "parties": _ids(data.get("parties")) if isinstance(data.get("parties"), dict) else [],
        "focus_areas": _ids(data.get("focus_areas"))
        if isinstance(data.get("focus_areas"), dict)
        else [],
        "commitments": commitments,
    }


def _commitment_ids(data: dict[Any, Any]) -> set[str]:
    items = data.get("commitments")
    if not isinstance(items, list):
        return set()
    return {c["id"] for c in items if isinstance(c, dict) and isinstance(c.get("id"), str)}


def load_entries(
    fs_path: str, rel: str, size: int | None = None
) -> tuple[list[EntryRecord], list[Problem]]:
    """The valid entries of one log file, and its problems."""
    return entries_of(source.read_file(fs_path, rel, size), rel)


def entries_of(parsed: source.Parsed, rel: str) -> tuple[list[EntryRecord], list[Problem]]:
    """The valid entries of a parsed log file, and its problems."""
    problems = parsed.problems
    data = parsed.data
    if data is None:
        return [], problems
    if isinstance(data, dict):
        items: list[tuple[Key, Any]] = [((), data)]
    elif isinstance(data, list) and data:
        items = [((index,), item) for index, item in enumerate(data)]
    else:
        where = parsed.locations.of_value(())
        return [], [*problems, problem(rel, *where, "log-not-entries")]
    records = []
    for base, item in items:
        if not isinstance(item, dict):
            line, col = parsed.locations.of_value(base)
            problems.append(problem(rel, line, col, "entry-not-mapping"))
            continue
        entry, more = validate(Entry, item, parsed, rel, base)
        problems += more
        if entry is not None and not more:
            records.append(EntryRecord(rel, entry, parsed.locations, base))
    return records, problems


def load_followup(
    fs_path: str, rel: str, size: int | None = None
) -> tuple[FollowupFile | None, list[Problem]]:
    """The follow-up file, or its problems: read by the same reader and held to the same
    rules as a log file (places, unknown keys, personal identity numbers, control characters,
    hostile YAML)."""
    parsed = source.read_file(fs_path, rel, size)
    problems = parsed.problems
    if parsed.data is None:
        return None, problems
    if not isinstance(parsed.data, dict):
        where = parsed.locations.of_value(())
        return None, [*problems, problem(rel, *where, "followup-not-mapping")]
    model, more = validate(Followup, parsed.data, parsed, rel, ())
    problems += more
    if model is None or problems:
        return None, problems
    return FollowupFile(rel, model, parsed.locations), problems


_FIELDS: dict[type[BaseModel], list[str]] = {
    model: list(model.model_fields)
    for model in (Agreement, Commitment, Period, Entry, Followup, FollowupNote)
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
            if any(loc[:end] in parsed.reported for end in range(len(loc) + 1)):
                continue  # already reported while reading
            problems.append(_problem(detail, loc, parsed.locations, rel, model, base))
        return None, problems


def _data_path(loc: tuple[int | str, ...]) -> Key:
    """pydantic's loc without its '[key]' and validator-name parts."""
    return tuple(
        part for part in loc if isinstance(part, int) or not part.startswith(("[", "function-"))
    )


def _model_at(model: type[BaseModel], loc: Key) -> type[BaseModel]:
    if model is Agreement and loc[:1] == ("period",) and len(loc) == 2:
        return Period
    if model is Agreement and loc[:1] == ("commitments",) and len(loc) == 3:
        return Commitment
    if model is Followup and loc[:1] == ("commitments",) and len(loc) == 3:
        return FollowupNote
    return model


_KINDS = {str: "text", int: "number", float: "decimal", bool: "bool", list: "list", dict: "mapping"}


def _got(value: object) -> dict[str, Arg]:
    """What a wrong value was, as data: its kind and, for a scalar, the value (quoted)."""
    if value is None:
        return {"got_kind": "empty", "got_value": ""}
    if isinstance(value, bool):
        return {"got_kind": "bool", "got_value": str(value).lower()}
    if isinstance(value, dt.datetime):
        return {"got_kind": "datetime", "got_value": ""}
    if isinstance(value, dt.date):
        return {"got_kind": "date", "got_value": value.isoformat()}
    kind = _KINDS.get(type(value), type(value).__name__)
    shown = quote(str(value)) if isinstance(value, (str, int, float)) else ""
    return {"got_kind": kind, "got_value": shown}


_SIMPLE = {
    "string_type": "must-be-text",
    "dict_type": "must-be-mapping",
    "model_type": "must-be-mapping",
    "list_type": "must-be-list",
}
"""pydantic's error types that need only the field and what it was."""


_PARTY_SEPARATORS = re.compile(r"\s*(?:,|\+|&|/|\s(?:och|and|samt)\s|\s)\s*")


def _several_parties(value: object) -> list[str]:
    """The party keys `by: kommunen och polisen` (or "kommunen, polisen") names, when each
    part is an id: written as YAML's list they are valid."""
    if not isinstance(value, str):
        return []
    parts = [part for part in _PARTY_SEPARATORS.split(value.strip()) if part]
    return parts if len(parts) > 1 and all(is_slug(part) for part in parts) else []


def _problem(
    detail: Any, loc: Key, locations: Locations, rel: str, model: type[BaseModel], base: Key
) -> Problem:
    """One pydantic error as our problem: a code of report/messages.py and its data (the
    field's name, what it was, the limit or the choices), never pydantic's English."""
    kind = detail["type"]
    value = detail.get("input")
    ctx = detail.get("ctx") or {}
    field_loc = loc[len(base) :]
    names = [part for part in field_loc if isinstance(part, str)]
    args: dict[str, Arg] = {"name": names[-1] if names else ""}
    line, col = locations.of_value(loc)
    if "[key]" in detail["loc"]:  # a mapping's key is at fault, not its value
        line, col = locations.of_key(loc)
        args = {"name": names[-2] if len(names) > 1 else "", "part": "key"}
    code = _SIMPLE.get(kind, "")
    if code:
        args |= _got(value)
    elif kind == "missing":
        line, col = locations.of_value(loc[:-1])
        code = "missing-key"
    elif kind == "extra_forbidden":
        line, col = locations.of_key(loc)
        known = _FIELDS[_model_at(model, field_loc)]
        suggestion = closest(str(args["name"]), known)
        key = quote(str(field_loc[-1]))
        if suggestion:
            code, args = "unknown-key", {"key": key, "suggestion": suggestion}
        else:
            code, args = "unknown-key-known", {"key": key, "known": ", ".join(known)}
    elif kind in ("int_type", "int_parsing", "int_from_float"):
        quoted = isinstance(value, str) and value.strip().isdigit()
        code = "must-be-whole-number-quoted" if quoted else "must-be-whole-number"
        args |= _got(value)
    elif kind in ("date_type", "date_parsing", "date_from_datetime_inexact"):
        code = "must-be-date-not-time" if hasattr(value, "hour") else "must-be-date"
        args |= _got(value)
    elif kind in ("greater_than_equal", "less_than_equal"):
        code = "at-least" if kind == "greater_than_equal" else "at-most"
        # "count must be at least 1, not 0": the number as the user wrote it
        args["limit"] = ctx.get("ge", ctx.get("le", ""))
        args["value"] = value if type(value) is int else quote(str(value))
    elif kind == "literal_error":
        choices = re.findall(r"'([^']*)'", str(ctx.get("expected", "")))
        code, args["choices"] = "must-be-one-of", listed(choices)
        args |= _got(value)
    elif kind == "string_too_long":
        code = "too-long"
        args |= {"limit": ctx["max_length"], "length": len(str(value))}
    elif kind == "too_short":
        code = "must-not-be-empty"
    elif kind == "slug":
        code = "id-too-long" if ctx.get("too_long") else "invalid-id"
        suggestion = ctx.get("suggestion", "")
        args |= {"value": ctx["value"], "suggestion": suggestion, "limit": MAX_ID_LENGTH}
        several = _several_parties(value) if args["name"] == "by" else []
        if several:  # `by: kommunen och polisen` is two parties, not one id with spaces
            code = "parties-not-a-list"
            args = {"name": "by", "value": ctx["value"], "list": ", ".join(several)}
    elif kind == "control_character":
        code, args["char"] = "control-character", ctx["char"]
    elif kind in ("blank", "multiline"):
        code = kind
    elif kind == "period_form":
        code, args["value"] = "not-a-followup-period", ctx["value"]
    else:  # pydantic's own words: no file of ours has met one
        code, args["detail"] = "invalid-value", str(detail["msg"])
    return problem_with(rel, line, col, code, args)
