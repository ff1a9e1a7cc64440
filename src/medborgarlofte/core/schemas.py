"""JSON Schemas (draft 2020-12) of the data files, generated from the very models `validate`
uses, so that an editor offers the same keys and refuses the same typos (`minimun:`).

Pure: returns data. The repository keeps the output as `schemas/<kind>.schema.json`.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from medborgarlofte.core import model
from medborgarlofte.core.model import Agreement, Entry

DIALECT = "https://json-schema.org/draft/2020-12/schema"

KINDS: dict[str, tuple[type[BaseModel], str, str]] = {
    "agreement": (
        Agreement,
        "medborgarlofte agreement (agreements/<id>.yaml)",
        "One medborgarlöfte: its period, parties, focus areas and commitments.",
    ),
    "entry": (
        Entry,
        "medborgarlofte log entry (logs/**/*.yaml)",
        "One thing done (a mapping), or a non-empty list of them.",
    ),
}
"""Kind -> (model, title, description)."""

_FOLLOWUP: type[BaseModel] | None = getattr(model, "Followup", None)
if _FOLLOWUP is not None:  # the follow-up report's model (its branch adds it to core/model.py)
    KINDS["followup"] = (
        _FOLLOWUP,
        "medborgarlofte follow-up (followups/**/*.yaml)",
        "One agreement's follow-up of one period: its summary and a comment per commitment.",
    )


def kinds() -> list[str]:
    """The kinds `mlofte schema` knows, in order."""
    return list(KINDS)


def json_schema(kind: str) -> dict[str, Any]:
    """The JSON Schema of a file of `kind` (a key of KINDS; KeyError otherwise)."""
    model, title, description = KINDS[kind]
    generated = _tidy(model.model_json_schema(mode="validation", ref_template="#/$defs/{model}"))
    defs = generated.pop("$defs", {})
    schema: dict[str, Any] = {"$schema": DIALECT, "title": title, "description": description}
    if kind == "entry":
        # A log file holds one entry or a non-empty list of them (files/read.entries_of).
        defs[model.__name__] = generated
        one = {"$ref": f"#/$defs/{model.__name__}"}
        schema["oneOf"] = [one, {"type": "array", "items": one, "minItems": 1}]
    else:
        schema.update(
            (key, value) for key, value in generated.items() if key not in ("title", "description")
        )
    if kind == "followup" and "period" in schema.get("properties", {}):
        # `period: 2021` unquoted is a number in YAML, and taken as the year it says
        schema["properties"]["period"] = {
            "anyOf": [{"type": "string"}, {"type": "integer", "minimum": 1, "maximum": 9999}]
        }
    if defs:
        schema["$defs"] = dict(sorted(defs.items()))
    return schema


def _tidy(value: Any) -> Any:
    """pydantic's schema with mappings closed: a mapping whose keys are ids gets
    `propertyNames` and `additionalProperties` instead of `patternProperties`, which would let
    any other key through; titles pydantic derives from field names are dropped."""
    if isinstance(value, list):
        return [_tidy(item) for item in value]
    if not isinstance(value, dict):
        return value
    tidy = {key: _tidy(item) for key, item in value.items()}
    patterns = tidy.pop("patternProperties", None)
    if isinstance(patterns, dict) and len(patterns) == 1:
        (pattern, item), *_ = patterns.items()
        tidy["propertyNames"] = {"pattern": pattern}
        tidy["additionalProperties"] = item
    properties = tidy.get("properties")
    if isinstance(properties, dict) and tidy.get("type") == "object":
        for field in properties.values():
            if isinstance(field, dict):
                field.pop("title", None)
    return tidy
