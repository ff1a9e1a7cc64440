"""The quick reader of plain log files changes nothing but speed."""

from __future__ import annotations

from pathlib import Path

import pytest

from medborgarlofte.files import yaml_source as source
from medborgarlofte.speed import quick


@pytest.fixture(autouse=True)
def no_cache(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("MLOFTE_CACHE_DIR", str(tmp_path / "cache"))


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """5 agreements and 3,000 entries: more than the default parallel threshold."""
    from conftest import generator

    root = tmp_path_factory.mktemp("big") / "root"
    generator().generate(root, 5, 3000, seed=11, journals=False)
    return root


PLAIN = [
    "date: 2021-03-14\ncommitment: fotpatrull\n",
    "date: 2021-03-14\ncommitment: fotpatrull",
    "# EXEMPEL\n\ndate: 2021-03-14\ncommitment: a-b\nagreement: x-2020-2022\ncount: 12\n",
    'date: 2021-03-14\ncommitment: c\nby: [polisen, kommunen]\nnote: "Öppet: åäö # inte kommentar"\n',
    "date: 2021-03-14\ncommitment: c\nby: polisen\nnote: Fotpatrull vid busstationen, åäö.\n",
    "date: 2021-03-14\ncommitment: c\nnote: 'enkla citat'\n",
    "date: 2021-03-14\ncommitment: c\nnote: Yesterday\n",
    "date: 2021-03-14\ncommitment: c\nnote: x\n",
    "note: först\ndate: 2021-03-14\ncommitment: c\n",
    "date: 2021-03-14\ncommitment: c\nsource: https://www.strangnas.se/a/b?x=1&y=[2],3\n",
    "date: 2021-03-14\ncommitment: c\nsource: http://x.se/a:b\n",
    "date: 2021-03-14\ncommitment: c\nsource: Protokoll från styrgruppen\n",
    'date: 2021-03-14\ncommitment: c\nsource: "Protokoll: styrgruppen 2021-03-14"\n',
]
NOT_PLAIN = [
    "date: 2021-03-14\ncommitment: c\nsource: https://x.se/a:\n",
    "date: 2021-03-14\ncommitment: c\nsource: https://x.se/a #b\n",
    "date: 2021-03-14\ncommitment: c\nnote: https://x.se/a\n",
    "date: 2021-03-14\ncommitment: c\nsource: ftp://x.se/a\n",
    "date: 2021-03-14\ncommitment: c\nnote: yes\n",
    "date: 2021-03-14\ncommitment: c\nby: [on]\n",
    "date: 2021-03-14\ncommitment: c\nnote: Null\n",
    "date: 2021-02-30\ncommitment: c\n",
    "date: 2021-03-14\ncommitment: c\ncount: 010\n",
    "date: 2021-03-14\ncommitment: c\ncount: 1:30\n",
    "date: 2021-03-14\ncommitment: c\ncount: 0x10\n",
    "date: 2021-03-14\ncommitment: c\ndate: 2021-03-15\n",
    "date: 2021-03-14\ncommitment: c\nminimun: 3\n",
    "date: 2021-03-14 \ncommitment: c\n",
    "date:  2021-03-14\ncommitment: c\n",
    "date: 2021-03-14\r\ncommitment: c\r\n",
    "date: 2021-03-14\ncommitment: c\nnote: a\n  continued\n",
    "date: 2021-03-14\ncommitment: c\nnote: a # comment\n",
    "date: 2021-03-14\ncommitment: c\nnote: a: b\n",
    'date: 2021-03-14\ncommitment: c\nnote: "a\\x1b"\n',
    'date: 2021-03-14\ncommitment: c\nnote: "tab\there"\n',
    'date: 2021-03-14\ncommitment: c\nnote: "a\u2028b"\n',
    "date: 2021-03-14\ncommitment: c\nnote: \u202eabc\n",
    "date: 2021-03-14\ncommitment: &a c\n",
    "date: 2021-03-14\ncommitment: !!str c\n",
    "---\ndate: 2021-03-14\ncommitment: c\n",
    "date: 2021-03-14\ncommitment: c\n---\ndate: 2021-03-15\n",
    "- date: 2021-03-14\n  commitment: c\n",
    "\ufeffdate: 2021-03-14\ncommitment: c\n",
    "",
    "# only a comment\n",
    "date: 2021-03-14\ncommitment: c\nby: []\n",
    "date: 2021-03-14\ncommitment: c\nnote: 'it''s'\n",
    "date: 2021-03-14\ncommitment: c\nnote: ~\n",
    "date: 2021-03-14\ncommitment: c\nnote:\n",
]


@pytest.mark.parametrize("text", PLAIN)
def test_the_quick_reader_takes_the_plain_shape_exactly_as_source_does(text: str) -> None:
    found = quick.read_entry(text)
    assert found is not None
    parsed = source.parse(text, "logs/x.yaml")
    assert parsed.problems == []
    assert found[0] == parsed.data
    assert found[1].values == parsed.locations.values
    assert found[1].keys == parsed.locations.keys


@pytest.mark.parametrize("text", NOT_PLAIN)
def test_the_quick_reader_leaves_anything_else_to_source(text: str) -> None:
    assert quick.read_entry(text) is None


def test_the_quick_reader_agrees_with_source_on_every_generated_file(big: Path) -> None:
    taken = 0
    for path in sorted((big / "logs").rglob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        found = quick.read_entry(text)
        if found is None:
            continue
        taken += 1
        parsed = source.parse(text, "x")
        assert (found[0], found[1].values, found[1].keys) == (
            parsed.data,
            parsed.locations.values,
            parsed.locations.keys,
        )
    assert taken == 3000
