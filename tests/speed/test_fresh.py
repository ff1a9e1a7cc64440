"""speed/fresh.py: a log file read the quick way (its plain shape checked by hand, its entry
built without pydantic) yields exactly the payload and the records the YAML reader and the
model give, for valid files, for plain files the model refuses, and for personal numbers."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from conftest import PNR
from medborgarlofte.core.model import MAX_COUNT, EntryRecord
from medborgarlofte.files import yaml_source as source
from medborgarlofte.speed import fresh, payload, quick

VALID = [
    "date: 2021-03-14\ncommitment: fotpatrull\n",
    "# EXEMPEL\n\ndate: 2021-03-14\ncommitment: a-b\nagreement: x-2020-2022\ncount: 12\n",
    'date: 2021-03-14\ncommitment: c\nby: [polisen, kommunen]\nnote: "Öppet: åäö"\n',
    "note: först\ndate: 2021-03-14\ncommitment: c\nby: polisen\n",
    "date: 2021-03-14\ncommitment: c\nsource: https://www.strangnas.se/a/b?x=1&y=[2],3\n",
    "date: 2021-03-14\ncommitment: c\nsource: Protokoll från styrgruppen\n",
    f"date: 2021-03-14\ncommitment: c\ncount: {MAX_COUNT}\n",
    "date: 2021-03-14\ncommitment: c\nby: [polisen]\n",
    "date: 2021-03-14\ncommitment: c\nby: [polisen, polisen]\n",
    "date: 2021-03-14\ncommitment: x--y\n",
]
# In the plain shape, so the quick reader takes them, but the model refuses or changes them.
REFUSED = [
    f"date: 2021-03-14\ncommitment: c\ncount: {MAX_COUNT + 1}\n",
    "date: 2021-03-14\ncommitment: c\ncount: 20000\n",
    "date: 2021-03-14\ncommitment: Ab\n",
    "date: 2021-03-14\ncommitment: 12\n",
    "date: 2021-03-14\ncommitment: 2021-03-15\n",
    "date: fotpatrull\ncommitment: c\n",
    "date: 12\ncommitment: c\n",
    "date: 2021-03-14\n",
    "commitment: c\n",
    "date: 2021-03-14\ncommitment: c\nagreement: Haparanda\n",
    "date: 2021-03-14\ncommitment: c\nnote: 12\n",
    "date: 2021-03-14\ncommitment: c\nnote: 2021-03-14\n",
    "date: 2021-03-14\ncommitment: c\nby: Polisen\n",
    "date: 2021-03-14\ncommitment: c\nby: 12\n",
    "date: 2021-03-14\ncommitment: c\nsource: 12\n",
    "date: 2021-03-14\ncommitment: c\nsource: 2021-03-14\n",
]


PERSONAL = [
    f"date: 2021-03-14\ncommitment: c\n# ring {PNR[:6]}-{PNR[6:]}\n",
    f"date: 2021-03-14\ncommitment: c\nnote: Ärende {PNR[:6]}-{PNR[6:]} klart\n",
    f"date: 2021-03-14\ncommitment: x-{PNR[:6]}-{PNR[6:]}\n",
    f"date: 2021-03-14\ncommitment: c\nby: [polisen, k{PNR}]\n",
]


def _file(tmp_path: Path, text: str) -> tuple[str, str, int]:
    path = tmp_path / "x.yaml"
    path.write_text(text, encoding="utf-8")
    return str(path), "logs/x.yaml", path.stat().st_size


def _the_long_way(fs_path: str, rel: str, size: int) -> list[Any]:
    return fresh.payload_of(source.read_file(fs_path, rel, size), rel)


def _seen(record: EntryRecord) -> tuple[Any, ...]:
    """What a rule or a report can see of a record."""
    entry = record.entry
    values = {
        key: record.locations.of_value(key)
        for key in [record.base, *((*record.base, name) for name in entry.model_fields_set)]
    }
    if entry.by is not None:
        values |= {
            (*record.base, "by", i): record.locations.of_value((*record.base, "by", i))
            for i in range(len(entry.by))
        }
    return (
        record.path,
        record.base,
        entry.model_dump(),
        entry.model_fields_set,
        values,
    )


@pytest.mark.parametrize("text", VALID)
def test_a_valid_plain_file_takes_the_quick_way_to_the_same_payload(
    text: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    where = _file(tmp_path, text)
    expected = _the_long_way(*where)
    assert expected[0] == [] and len(expected[1]) == 1

    def no_long_way(*args: Any) -> list[Any]:
        raise AssertionError("a valid plain file went the long way")

    monkeypatch.setattr(fresh, "payload_of", no_long_way)
    assert fresh.entries_payload(*where) == expected


@pytest.mark.parametrize("text", REFUSED)
def test_a_plain_file_the_model_refuses_gets_the_models_problems(text: str, tmp_path: Path) -> None:
    where = _file(tmp_path, text)
    assert quick.read_fields(*where) is not None  # the quick reader took it: the checks are ours
    expected = _the_long_way(*where)
    assert expected[0] != []  # the model says why
    assert fresh.entries_payload(*where) == expected


@pytest.mark.parametrize("text", PERSONAL)
def test_a_personal_number_anywhere_in_a_plain_file_is_reported(text: str, tmp_path: Path) -> None:
    where = _file(tmp_path, text)
    for _ in range(2):  # the second time its lines could come from the line cache
        assert quick.read_fields(*where) is None
        found = fresh.entries_payload(*where)
        assert found == _the_long_way(*where)
        assert [row[2] for row in found[0]] == ["personal-number"]
        assert found[0][0][0] == text.count("\n", 0, text.index(PNR[:6])) + 1


def test_fresh_records_equal_checked_records_for_every_generated_file(generated: Path) -> None:
    compared = 0
    for path in sorted((generated / "logs").rglob("*.yaml")):
        rel = path.relative_to(generated).as_posix()
        where = (str(path), rel, path.stat().st_size)
        found = fresh.entries_payload(*where)
        assert found == _the_long_way(*where)
        quick_records, quick_problems = payload.entries_from(rel, found, fresh=True)
        checked_records, checked_problems = payload.entries_from(rel, found)
        assert quick_problems == checked_problems
        assert list(map(_seen, quick_records)) == list(map(_seen, checked_records))
        compared += len(quick_records)
    assert compared == 600
