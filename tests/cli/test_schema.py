"""`mlofte schema`: the schema on stdout, exit 2 for an unknown kind."""

from __future__ import annotations

import json
from collections.abc import Callable

from conftest import Outcome
from medborgarlofte.core.schemas import json_schema

Run = Callable[..., Outcome]


def test_prints_the_schema(mlofte: Run) -> None:
    out = mlofte("schema", "agreement")
    assert (out.code, out.stderr) == (0, "")
    assert json.loads(out.stdout) == json_schema("agreement")
    assert out.stdout.startswith('{\n  "$schema": "https://json-schema.org/draft/2020-12/schema",')


def test_unknown_kind_exits_2(mlofte: Run) -> None:
    out = mlofte("schema", "agreements")
    assert out == Outcome(
        2, "", "mlofte: unknown kind 'agreements'; known: agreement, entry, followup\n"
    )


def test_every_kind_of_the_contract(mlofte: Run) -> None:
    for kind in ("agreement", "entry", "followup"):
        out = mlofte("schema", kind)
        assert (out.code, out.stderr) == (0, "")
        assert json.loads(out.stdout)["$schema"] == "https://json-schema.org/draft/2020-12/schema"
