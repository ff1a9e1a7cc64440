"""The summary (summary.py) counts exactly the entries `Resolver.resolve` credits to each
commitment: brute force on the generated root and on hand-made corner cases."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pytest

from medborgarlofte.core.model import (
    Agreement,
    AgreementFile,
    Dataset,
    Entry,
    EntryRecord,
    Summary,
    Tallied,
)
from medborgarlofte.core.resolve import Resolver
from medborgarlofte.core.status import compute_status
from medborgarlofte.core.summary import merged, summarize, tally
from medborgarlofte.speed import load

Pairs = dict[tuple[str, str], list[tuple[int, int]]]


def brute_force(dataset: Dataset, records: Iterable[EntryRecord] | None = None) -> Pairs:
    """Per (agreement, commitment), the (day, count) of each entry resolve credits to it,
    in the order of the entries, then stably by day."""
    resolver = Resolver(dataset)
    found: Pairs = {}
    for record in dataset.entries if records is None else records:
        target = resolver.resolve(record.entry).agreement
        if target is not None:
            key = (target.id, record.entry.commitment)
            found.setdefault(key, []).append((record.entry.date.toordinal(), record.entry.count))
    return {key: sorted(pairs, key=lambda pair: pair[0]) for key, pairs in found.items()}


def as_pairs(summary: Summary) -> Pairs:
    """The summary as (day, count) pairs, its days checked to be in order."""
    found: Pairs = {}
    for key, (days, counts) in summary.items():
        assert days == sorted(days), key
        assert len(days) == len(counts) and days, key
        found[key] = list(zip(days, counts, strict=True))
    return found


def same_entries(a: Pairs, b: Pairs) -> bool:
    """Equal but for the order of the entries of one day (which status never sees)."""
    return {k: sorted(v) for k, v in a.items()} == {k: sorted(v) for k, v in b.items()}


# --- the generated root ---


@pytest.fixture(scope="module")
def generated_dataset(generated: Path) -> Dataset:
    dataset, problems = load.load_checked(generated, cache=False)
    assert problems == [] and len(dataset.entries) == 600
    return dataset


def test_the_summary_of_the_generated_root_is_what_resolve_credits(
    generated_dataset: Dataset,
) -> None:
    summary = summarize(generated_dataset)
    # the entries are read in path order, which is date order: nothing is reordered
    assert as_pairs(summary) == brute_force(generated_dataset)
    assert sum(len(days) for days, _ in summary.values()) == 600
    assert sum(sum(counts) for _, counts in summary.values()) == sum(
        r.entry.count for r in generated_dataset.entries
    )


def test_summaries_of_parts_merge_into_the_summary_of_the_whole(generated_dataset: Dataset) -> None:
    entries = generated_dataset.entries
    whole = summarize(generated_dataset)
    half = len(entries) // 2
    assert merged(
        summarize(generated_dataset, entries[:half]), summarize(generated_dataset, entries[half:])
    ) == (whole)
    # parts in any order: the same entries, days in order
    odd, even = entries[1::2], entries[::2]
    assert same_entries(
        as_pairs(merged(summarize(generated_dataset, odd), summarize(generated_dataset, even))),
        as_pairs(whole),
    )
    backwards = merged(
        summarize(generated_dataset, entries[half:]), summarize(generated_dataset, entries[:half])
    )
    assert same_entries(as_pairs(backwards), as_pairs(whole))
    assert merged(whole, {}) == whole == merged({}, whole)
    assert summarize(generated_dataset, []) == {}


def test_the_entry_count_of_a_summary_is_its_entries(generated_dataset: Dataset) -> None:
    alone = tally(generated_dataset)
    assert alone.entry_count == len(generated_dataset.entries) == 600
    assert Tallied(generated_dataset.agreements, {}).entry_count == 0


def test_status_from_the_summary_alone_is_status_from_the_entries(
    generated_dataset: Dataset,
) -> None:
    alone = tally(generated_dataset)
    for year in range(2020, 2026):
        for as_of in (dt.date(year, 3, 31), dt.date(year, 12, 31)):
            assert compute_status(alone, year, as_of) == compute_status(
                generated_dataset, year, as_of
            )


# --- hand-made corner cases ---


def _agreement(ident: str, start: str, end: str, commitments: list[str]) -> AgreementFile:
    model = Agreement.model_validate(
        {
            "id": ident,
            "title": f"Avtal {ident}",
            "period": {"start": dt.date.fromisoformat(start), "end": dt.date.fromisoformat(end)},
            "parties": {"polisen": "Polisen"},
            "focus_areas": {"trygghet": "Trygghet"},
            "commitments": [
                {"id": c, "title": c, "area": "trygghet", "responsible": ["polisen"], "minimum": 2}
                for c in commitments
            ],
        }
    )
    return AgreementFile(ident, f"agreements/{ident}.yaml", model)


AGREEMENTS = (
    _agreement("norr-2021-2022", "2021-01-01", "2022-12-31", ["fotpatrull", "hundsok", "norr"]),
    _agreement("soder-2022-2023", "2022-01-01", "2023-12-31", ["fotpatrull", "hundsok", "soder"]),
    _agreement("vast-2021", "2021-01-01", "2021-12-31", ["vast"]),
)


def _entry(date: str, commitment: str, count: int = 1, agreement: str | None = None) -> EntryRecord:
    data: dict[str, Any] = {
        "date": dt.date.fromisoformat(date),
        "commitment": commitment,
        "count": count,
    }
    if agreement is not None:
        data["agreement"] = agreement
    return EntryRecord(f"logs/{date}-{commitment}.yaml", Entry.model_validate(data))


CASES: dict[str, list[EntryRecord]] = {
    "unique by commitment, out of date order": [
        _entry("2021-09-01", "norr", 3),
        _entry("2021-02-01", "norr", 1),
        _entry("2022-05-05", "soder", 2),
        _entry("2021-02-01", "norr", 5),
        _entry("2021-06-06", "vast"),
    ],
    "naming their agreement where two overlap": [
        _entry("2022-06-01", "fotpatrull", 2, "norr-2021-2022"),
        _entry("2022-06-01", "fotpatrull", 4, "soder-2022-2023"),
        _entry("2022-01-01", "hundsok", 1, "soder-2022-2023"),
        _entry("2021-12-31", "hundsok", 7, "norr-2021-2022"),
    ],
    "unnamed where only one agreement covers the date": [
        _entry("2021-03-03", "fotpatrull"),  # norr only
        _entry("2023-03-03", "fotpatrull", 2),  # soder only
        _entry("2023-12-31", "hundsok", 3),  # soder's last day
        _entry("2021-01-01", "hundsok", 4),  # norr's first day
    ],
    "ambiguous: left out": [
        _entry("2022-03-03", "fotpatrull"),
        _entry("2022-12-31", "hundsok", 9),
        _entry("2021-03-03", "norr", 2),
    ],
    "unknown agreement, commitment, or one the agreement lacks: left out": [
        _entry("2021-03-03", "fotpatrull", 1, "ost-2021"),
        _entry("2021-03-03", "patrull"),
        _entry("2021-03-03", "soder", 1, "norr-2021-2022"),
        _entry("2021-03-03", "vast", 1, "norr-2021-2022"),
        _entry("2021-03-04", "vast", 6, "vast-2021"),
    ],
    "outside the period: left out": [
        _entry("2020-12-31", "fotpatrull"),
        _entry("2024-01-01", "soder", 2),
        _entry("2023-01-01", "fotpatrull", 3, "norr-2021-2022"),
        _entry("2020-06-06", "vast", 1, "vast-2021"),
        _entry("2021-06-06", "vast", 1, "vast-2021"),
    ],
}


@pytest.mark.parametrize("records", CASES.values(), ids=list(CASES))
def test_each_entry_counts_where_resolve_says(records: list[EntryRecord]) -> None:
    dataset = Dataset(AGREEMENTS, tuple(records))
    summary = summarize(dataset)
    expected = brute_force(dataset)
    assert same_entries(as_pairs(summary), expected)
    assert summarize(dataset, records) == summary
    assert Tallied(AGREEMENTS, summary).entry_count == sum(len(v) for v in expected.values())


def test_every_case_at_once_and_in_parts() -> None:
    records = [record for case in CASES.values() for record in case]
    dataset = Dataset(AGREEMENTS, tuple(records))
    whole = summarize(dataset)
    assert same_entries(as_pairs(whole), brute_force(dataset))
    assert same_entries(
        as_pairs(whole),
        {
            ("norr-2021-2022", "norr"): [
                (dt.date(2021, 2, 1).toordinal(), 1),
                (dt.date(2021, 2, 1).toordinal(), 5),
                (dt.date(2021, 3, 3).toordinal(), 2),
                (dt.date(2021, 9, 1).toordinal(), 3),
            ],
            ("soder-2022-2023", "soder"): [(dt.date(2022, 5, 5).toordinal(), 2)],
            ("vast-2021", "vast"): [
                (dt.date(2021, 3, 4).toordinal(), 6),
                (dt.date(2021, 6, 6).toordinal(), 1),
                (dt.date(2021, 6, 6).toordinal(), 1),
            ],
            ("norr-2021-2022", "fotpatrull"): [
                (dt.date(2021, 3, 3).toordinal(), 1),
                (dt.date(2022, 6, 1).toordinal(), 2),
            ],
            ("soder-2022-2023", "fotpatrull"): [
                (dt.date(2022, 6, 1).toordinal(), 4),
                (dt.date(2023, 3, 3).toordinal(), 2),
            ],
            ("norr-2021-2022", "hundsok"): [
                (dt.date(2021, 1, 1).toordinal(), 4),
                (dt.date(2021, 12, 31).toordinal(), 7),
            ],
            ("soder-2022-2023", "hundsok"): [
                (dt.date(2022, 1, 1).toordinal(), 1),
                (dt.date(2023, 12, 31).toordinal(), 3),
            ],
        },
    )
    for cut in range(len(records) + 1):
        parts = merged(summarize(dataset, records[:cut]), summarize(dataset, records[cut:]))
        assert same_entries(as_pairs(parts), as_pairs(whole)), cut


def test_duplicate_agreement_ids_count_as_resolve_says() -> None:
    """Two files with one id (a problem the rules report): the summary still follows resolve."""
    twin = _agreement("norr-2021-2022", "2023-01-01", "2023-12-31", ["fotpatrull"])
    twin = AgreementFile(twin.id, "agreements/twin.yaml", twin.agreement)
    dataset = Dataset(
        (*AGREEMENTS, twin),
        (
            _entry("2021-03-03", "fotpatrull", 1, "norr-2021-2022"),
            _entry("2023-03-03", "fotpatrull", 2, "norr-2021-2022"),
            _entry("2021-03-03", "norr"),
        ),
    )
    assert same_entries(as_pairs(summarize(dataset)), brute_force(dataset))
