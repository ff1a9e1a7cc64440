"""Reading one data file into models and problems: the agreement or the entries it holds,
every pydantic error placed at the line of its key or value, and what can be salvaged of an
invalid agreement so that the cross-file rules still see its ids."""

from __future__ import annotations

import datetime as dt
import difflib
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from medborgarlofte.core.ids import is_slug, slugify
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
from medborgarlofte.core.problems import Problem, errors
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
        message = "an agreement file holds one mapping (key: value lines), not a list or a value"
        return None, [*problems, Problem(rel, 1, 1, message)], set(), None
    model, more = validate(Agreement, parsed.data, parsed, rel, ())
    problems += more
    if model is None or errors(problems):  # a warning leaves the agreement valid
        return None, problems, _commitment_ids(parsed.data), parsed
    stem = rel.rsplit("/", 1)[-1].removesuffix(".yaml")
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
        message = "a follow-up file holds one mapping (period:, summary:, commitments: …)"
        return None, [*problems, Problem(rel, *parsed.locations.of_value(()), message)]
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
    if "[key]" in detail["loc"]:  # a mapping's key is at fault, not its value
        line, col = locations.of_key(loc)
        name = f"{names[-2]} key" if len(names) > 1 else "key"
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
    elif kind == "string_too_long":
        limit = detail["ctx"]["max_length"]
        message = f"{name} must be at most {limit:,} characters, not {len(str(value)):,}"
    elif kind == "too_short":
        message = f"{name} must not be empty"
    elif kind in ("dict_type", "model_type"):
        message = f"{name} must be a mapping (key: value lines), not {_describe(value)}"
    elif kind == "list_type":
        message = f"{name} must be a list, not {_describe(value)}"
    elif kind in ("slug", "control_character", "blank", "multiline", "period_form"):
        message = f"{name}: {detail['msg']}"
    else:
        message = f"{name}: {detail['msg']}"
    return Problem(rel, line, col, message)
