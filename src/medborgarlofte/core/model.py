"""The data model: strict, frozen pydantic models for agreements and log entries.

Strict means no silent coercion ("3" is not 3, yes is not text) and unknown keys
are errors, so a typo such as `minimun:` can never silently drop a target.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import PydanticCustomError, core_schema

from medborgarlofte.core.ids import MAX_ID_LENGTH, SLUG, is_slug, slugify
from medborgarlofte.core.periods import ACCEPTED, ReportPeriod, parse_period
from medborgarlofte.core.text import forbidden_character, forbidden_line_character, quote
from medborgarlofte.core.units import Per

MAX_COUNT = 10_000
"""The largest `count` one entry may carry: more is a typo, not a week's work."""

MAX_MINIMUM = 100_000

MAX_SOURCE_LENGTH = 2000
"""The longest `source` an entry may name: a URL or a document's name, not the document."""


def _check_slug(value: str) -> str:
    if is_slug(value):
        return value
    suggestion = slugify(value)
    # Data for files/read.py, which puts it into words (report/messages.py: invalid-id).
    raise PydanticCustomError(
        "slug",
        "{value} is not a valid id",
        {
            "value": quote(value),
            "suggestion": suggestion if suggestion != value else "",
            "too_long": len(value) > MAX_ID_LENGTH,
        },
    )


def _check_text(value: str) -> str:
    bad = forbidden_character(value)
    if bad is not None:
        raise PydanticCustomError(
            "control_character", "contains the control character {char}; remove it", {"char": bad}
        )
    return value


def _check_line(value: str) -> str:
    bad = forbidden_line_character(value)
    if bad is not None:
        raise PydanticCustomError(
            "control_character", "contains the control character {char}; remove it", {"char": bad}
        )
    if not value.strip():
        raise PydanticCustomError("blank", "must not be blank", {})
    if "\n" in value.strip():
        raise PydanticCustomError("multiline", "must be a single line", {})
    return value


def _as_list(value: object) -> object:
    return [value] if isinstance(value, str) else value


class _Described:
    """JSON Schema keys (core/schemas.py) for what a validator checks; validation is unchanged."""

    def __init__(self, **keys: object) -> None:
        self.keys = keys

    def __get_pydantic_json_schema__(
        self, schema: core_schema.CoreSchema, handler: Callable[[Any], JsonSchemaValue]
    ) -> JsonSchemaValue:
        found = handler(schema)
        found.update(self.keys)
        return found


Slug = Annotated[
    str,
    AfterValidator(_check_slug),
    _Described(pattern=f"^{SLUG.pattern}$", maxLength=MAX_ID_LENGTH),
]
Parties = Annotated[
    list[Slug],
    BeforeValidator(_as_list, json_schema_input_type=Slug | list[Slug]),
    Field(min_length=1),
]
"""One party key or a list of them."""
Line = Annotated[str, AfterValidator(_check_line), _Described(minLength=1)]
"""A one-line, non-blank text such as a title or a name."""
Text = Annotated[str, AfterValidator(_check_text)]
"""Free text such as a note: tabs and newlines allowed, control characters not."""
Source = Annotated[str, Field(max_length=MAX_SOURCE_LENGTH), AfterValidator(_check_line)]
"""Where an outcome is documented: a URL or a document, one line."""


def is_source(value: object) -> bool:
    """Whether `value` is a valid `source` (as the model would take it), without pydantic."""
    if type(value) is not str or len(value) > MAX_SOURCE_LENGTH or not value.strip():
        return False
    return forbidden_line_character(value) is None and "\n" not in value.strip()


class _Strict(BaseModel):
    # Schemas are built when first used: a warm `status` never validates an Entry.
    model_config = ConfigDict(strict=True, frozen=True, extra="forbid", defer_build=True)


class Period(_Strict):
    start: dt.date
    end: dt.date


class Commitment(_Strict):
    id: Slug
    title: Line
    area: Slug
    responsible: Parties
    minimum: Annotated[int, Field(ge=1, le=MAX_MINIMUM)] | None = None
    per: Per = "year"
    start: dt.date | None = None
    """The commitment's own first day, when later than the agreement's (inside its period)."""
    end: dt.date | None = None
    """The commitment's own last day, when earlier than the agreement's (inside its period)."""
    condition: Line | None = None
    """When the promise applies, as signed ("om kommunen begär det"): shown, never computed."""
    description: Text | None = None

    def span(self, period: Period) -> tuple[dt.date, dt.date]:
        """The days the commitment runs: the agreement period clipped to its own dates."""
        start = period.start if self.start is None else max(self.start, period.start)
        end = period.end if self.end is None else min(self.end, period.end)
        return start, end


class Agreement(_Strict):
    id: Slug | None = None
    title: Line
    period: Period
    parties: Annotated[dict[Slug, Line], Field(min_length=1)]
    focus_areas: Annotated[dict[Slug, Line], Field(min_length=1)]
    commitments: Annotated[list[Commitment], Field(min_length=1)]
    signed: dt.date | None = None
    signatories: list[Line] | None = None
    description: Text | None = None
    source: Line | None = None


class Entry(_Strict):
    date: dt.date
    commitment: Slug
    agreement: Slug | None = None
    count: Annotated[int, Field(ge=1, le=MAX_COUNT)] = 1
    by: Parties | None = None
    note: Text | None = None
    source: Source | None = None

    @property
    def parties(self) -> tuple[str, ...]:
        return tuple(self.by or ())


def _period_text(value: object) -> object:
    """`period: 2021` unquoted is a number in YAML: taken as the year it says."""
    if type(value) is int:
        value = f"{value:04d}" if 0 < value <= 9999 else str(value)
    if isinstance(value, str) and parse_period(value) is None:
        raise PydanticCustomError(
            "period_form",
            "{value} is not a follow-up period: use {accepted}",
            {"value": quote(value), "accepted": ACCEPTED},
        )
    return value


FollowupPeriod = Annotated[str, BeforeValidator(_period_text)]
"""A follow-up period as written: 2021, 2021-T2, 2021-H1, 2021-Q4."""
Assessment = Literal["met", "partly", "not_met", "on_track"]
ASSESSMENTS: tuple[Assessment, ...] = ("met", "partly", "not_met", "on_track")


class FollowupNote(_Strict):
    """What a follow-up says of one commitment: a comment and, without a minimum, a judgement."""

    comment: Text | None = None
    assessment: Assessment | None = None


class Followup(_Strict):
    """A follow-up file: the written part of one agreement's report for one period."""

    period: FollowupPeriod
    agreement: Slug | None = None
    summary: Text | None = None
    commitments: dict[Slug, FollowupNote] | None = None

    @property
    def report_period(self) -> ReportPeriod:
        found = parse_period(self.period)
        assert found is not None  # the validator refused every other text
        return found


Key = tuple[str | int, ...]
"""A path into a YAML document: mapping keys and list indexes."""


@dataclass(frozen=True, slots=True)
class Locations:
    """Where each key and value of a document stands: path -> (line, col), 1-based."""

    keys: dict[Key, tuple[int, int]] = field(default_factory=dict)
    values: dict[Key, tuple[int, int]] = field(default_factory=dict)

    def of_value(self, key: Key) -> tuple[int, int]:
        """The value's place, else that of the nearest enclosing value that has one."""
        for end in range(len(key), -1, -1):
            found = self.values.get(key[:end])
            if found is not None:
                return found
        return (1, 1)

    def of_key(self, key: Key) -> tuple[int, int]:
        found = self.keys.get(key)
        return found if found is not None else self.of_value(key)


@dataclass(frozen=True, slots=True)
class AgreementFile:
    """An agreement with its effective id (the file stem unless given) and where it was read."""

    id: str
    path: str
    agreement: Agreement
    locations: Locations = field(default_factory=Locations)


@dataclass(frozen=True, slots=True)
class FollowupFile:
    """A follow-up and where it was read."""

    path: str
    followup: Followup
    locations: Locations = field(default_factory=Locations)


@dataclass(frozen=True, slots=True)
class EntryRecord:
    """One log entry and where it was read; `base` prefixes its keys in `locations` (list files)."""

    path: str
    entry: Entry
    locations: Locations = field(default_factory=Locations)
    base: Key = ()


Tally = tuple[list[int], list[int]]
"""The entries counted toward one commitment: their days (date ordinals, ascending) and counts."""
Summary = dict[tuple[str, str], Tally]
"""Per (agreement id, commitment id), the entries that count toward it (see summary.py)."""


@dataclass(frozen=True, slots=True)
class Dataset:
    """What a root holds: its valid agreements and valid entries (with where each was read),
    and what the cross-file rules still need of invalid agreements."""

    agreements: tuple[AgreementFile, ...] = ()
    entries: tuple[EntryRecord, ...] = ()
    invalid_commitment_ids: frozenset[str] = frozenset()
    """Commitment ids seen in agreement files that failed validation: entries naming them
    are not reported again as unknown, since the agreement's own problems say why."""
    partial_agreements: tuple[AgreementFile, ...] = ()
    """What could be salvaged of agreements that failed validation: checked by the
    cross-file rules (so all problems show in one run), never counted by status."""
    followups: tuple[FollowupFile, ...] = ()
    """The valid follow-up files (followups/), read after the agreements and logs."""

    def agreement(self, agreement_id: str) -> AgreementFile | None:
        return next((a for a in self.agreements if a.id == agreement_id), None)


@dataclass(frozen=True, slots=True)
class Tallied:
    """What status arithmetic needs, and all the warm path (speed/index.py) can give: the valid
    agreements and, per commitment, the days and counts of the entries that count toward it.
    No entry is built, so no rule can look at one: only status and the counts take this type
    (core/summary.py's `tally` makes one of a Dataset)."""

    agreements: tuple[AgreementFile, ...]
    summary: Summary
    followups: tuple[FollowupFile, ...] = ()
    """The valid follow-up files (followups/): the report's words."""

    @property
    def entry_count(self) -> int:
        """How many entries count toward a commitment (in a valid root: every entry)."""
        return sum(len(days) for days, _ in self.summary.values())

    def agreement(self, agreement_id: str) -> AgreementFile | None:
        return next((a for a in self.agreements if a.id == agreement_id), None)
