"""The JSON Schemas: current with the models, accepting every file `validate` accepts, and
refusing the typos the models refuse."""

from __future__ import annotations

import datetime as dt
import textwrap
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator, ValidationError

from conftest import AGREEMENT, ENTRY, REPO, write_tree
from medborgarlofte.cli.schema import schema_text
from medborgarlofte.core.schemas import DIALECT, json_schema, kinds
from medborgarlofte.files import yaml_source as source
from medborgarlofte.speed.load import load_checked


def as_json(value: Any) -> Any:
    """YAML data as an editor's language server hands it to the schema: dates as ISO text."""
    if isinstance(value, dict):
        return {key: as_json(item) for key, item in value.items()}
    if isinstance(value, list):
        return [as_json(item) for item in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def validator(kind: str) -> Draft202012Validator:
    schema = json_schema(kind)
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


def _messages(errors: Iterable[ValidationError]) -> list[str]:
    """Every error's message, and those of the alternatives it tried (anyOf, oneOf)."""
    return [m for error in errors for m in (error.message, *_messages(error.context or ()))]


def schema_errors(kind: str, text: str) -> list[str]:
    parsed = source.parse(textwrap.dedent(text), "file.yaml")
    assert parsed.problems == []
    return _messages(validator(kind).iter_errors(as_json(parsed.data)))


@pytest.mark.parametrize("kind", kinds())
def test_committed_schema_is_current(kind: str) -> None:
    committed = REPO / "schemas" / f"{kind}.schema.json"
    assert committed.read_text(encoding="utf-8") == schema_text(kind), (
        f"run: mlofte schema {kind} > schemas/{kind}.schema.json"
    )


@pytest.mark.parametrize("kind", kinds())
def test_schema_is_draft_2020_12(kind: str) -> None:
    schema = json_schema(kind)
    assert schema["$schema"] == DIALECT
    Draft202012Validator.check_schema(schema)


def _accepted_files(root: Path) -> list[tuple[str, Path]]:
    """Every agreement and log file of a root that `validate` accepts (asserted: all of them)."""
    _, problems = load_checked(root, cache=False)
    assert problems == []
    files = [("agreement", p) for p in sorted((root / "agreements").glob("*.yaml"))]
    files += [("entry", p) for p in sorted((root / "logs").rglob("*.yaml"))]
    if "followup" in kinds():
        files += [("followup", p) for p in sorted((root / "followups").rglob("*.yaml"))]
    return files


def _check_files(files: list[tuple[str, Path]]) -> int:
    validators = {kind: validator(kind) for kind in kinds()}
    for kind, path in files:
        parsed = source.read_file(str(path), path.name)
        errors = [e.message for e in validators[kind].iter_errors(as_json(parsed.data))]
        assert errors == [], path
    return len(files)


def test_every_shipped_file_validates() -> None:
    followups = len(list((REPO / "followups").rglob("*.yaml"))) if "followup" in kinds() else 0
    assert _check_files(_accepted_files(REPO)) == 15 + followups


def test_every_generated_file_validates(generated: Path) -> None:
    assert _check_files(_accepted_files(generated)) == 605


FOLLOWUP = """\
period: 2021-T2
agreement: testby
summary: |
  Arbetet har i stort gått enligt plan.
commitments:
  hundsok-skola:
    comment: Två sök genomförda.
  pss-samverkan:
    comment: Gruppen har träffats.
    assessment: met
"""


@pytest.mark.parametrize(
    "text", [FOLLOWUP, "period: 2021\n", "period: 2021-H1\nsummary: Kort.\n", "period: '2021'\n"]
)
def test_followups_validate_accepts_validate_the_schema(tmp_path: Path, text: str) -> None:
    root = write_tree(
        tmp_path / "r", {"agreements/testby.yaml": AGREEMENT, "followups/2021.yaml": text}
    )
    assert _check_files(_accepted_files(root)) == 2


VALID_ENTRIES = [
    ENTRY,
    "date: 2021-03-14\ncommitment: hundsok-skola\n",
    "date: 2021-03-14\ncommitment: pss-samverkan\nby: [polisen, kommunen]\ncount: 3\n",
    "date: 2021-03-14\ncommitment: pss-samverkan\nagreement: testby\nby: [kommunen]\n",
    "date: 2021-03-14\ncommitment: pss-samverkan\nnote: |\n  Två rader\n  text\n",
    "date: 2021-03-14\ncommitment: pss-samverkan\nnote:\n",
    "- date: 2021-03-14\n  commitment: hundsok-skola\n- date: 2021-04-01\n"
    "  commitment: pss-samverkan\n  by: polisen\n",
]


@pytest.mark.parametrize("text", VALID_ENTRIES)
def test_entries_validate_accepts_validate_the_schema(tmp_path: Path, text: str) -> None:
    root = write_tree(
        tmp_path / "r", {"agreements/testby.yaml": AGREEMENT, "logs/2021/one.yaml": text}
    )
    assert _check_files(_accepted_files(root)) == 2


AGREEMENT_EXTRAS = AGREEMENT.replace(
    "title: Medborgarlöfte Testby 2021\n",
    "id: testby\ntitle: Medborgarlöfte Testby 2021\nsigned: 2020-12-01\n"
    "signatories: [Anna Andersson, Bo Berg]\ndescription: |\n  Text.\nsource: https://example.se/a.pdf\n",
).replace(
    "    minimum: 2\n", "    minimum: 2\n    per: tertial\n    description: Två per tertial\n"
)


def test_agreement_with_every_optional_field(tmp_path: Path) -> None:
    assert "signatories" in AGREEMENT_EXTRAS and "per: tertial" in AGREEMENT_EXTRAS
    root = write_tree(tmp_path / "r", {"agreements/testby.yaml": AGREEMENT_EXTRAS})
    assert _check_files(_accepted_files(root)) == 1


@pytest.mark.parametrize(
    ("kind", "text", "message"),
    [
        ("agreement", AGREEMENT.replace("minimum: 2", "minimun: 2"), "'minimun' was unexpected"),
        ("agreement", AGREEMENT.replace("per", "per") + "foo: 1\n", "'foo' was unexpected"),
        ("agreement", AGREEMENT.replace("    responsible: [polisen]\n", ""), "'responsible'"),
        ("agreement", AGREEMENT.replace("minimum: 2", "minimum: 0"), "less than the minimum"),
        ("agreement", AGREEMENT.replace("minimum: 2", "minimum: '2'"), "not of type 'integer'"),
        ("agreement", AGREEMENT.replace("  - id: hundsok-skola", "  - id: Hundsök"), "match"),
        ("agreement", AGREEMENT + "    per: yearly\n", "'yearly' is not one of"),
        ("agreement", AGREEMENT.replace("kommunen: Testby", "Kommunen: Testby"), "match"),
        ("entry", ENTRY + "cuont: 2\n", "'cuont' was unexpected"),
        ("entry", ENTRY.replace("by: polisen", "by: []"), "should be non-empty"),
        ("entry", ENTRY.replace("2021-03-14", "14 mars"), "is not a 'date'"),
        ("entry", "[]", "should be non-empty"),
        ("followup", FOLLOWUP + "sumary: x\n", "'sumary' was unexpected"),
        ("followup", FOLLOWUP.replace("comment:", "coment:"), "'coment' was unexpected"),
        ("followup", FOLLOWUP.replace("assessment: met", "assessment: done"), "'done' is not one"),
    ],
)
def test_typos_rejected_by_both(
    tmp_path: Path, kind: str, text: str, message: str, mlofte: Any
) -> None:
    errors = schema_errors(kind, text)
    assert any(message in error for error in errors), errors
    rel = {"agreement": "agreements/testby.yaml", "entry": "logs/2021/one.yaml"}.get(
        kind, "followups/2021-t2.yaml"
    )
    files = {"agreements/testby.yaml": AGREEMENT, rel: text}
    root = write_tree(tmp_path / "r", files)
    assert mlofte("--root", str(root), "validate").code == 1


def test_party_one_or_a_list() -> None:
    one = json_schema("entry")["$defs"]["Entry"]["properties"]["by"]
    assert [s.get("type") for s in one["anyOf"][0]["anyOf"]] == ["string", "array"]
    assert schema_errors("entry", ENTRY) == []
    assert schema_errors("entry", ENTRY.replace("by: polisen", "by: [polisen, kommunen]")) == []
