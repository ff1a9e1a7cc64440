"""Which log entries count, and which of them a selection takes: what `mlofte entries` lists.

Pure. An entry counts when it resolves to an agreement (as `status` and the summary decide);
the rows are sorted by date, then path, then place in the file."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from medborgarlofte.core.model import Dataset, Entry, EntryRecord, Tallied
from medborgarlofte.core.resolve import Resolver


@dataclass(frozen=True, slots=True)
class Counted:
    """One counted entry: where it is written, the entry, and the agreement it counts toward."""

    path: str
    entry: Entry
    agreement: str
    record: EntryRecord

    @property
    def source(self) -> str | None:
        value = getattr(self.entry, "source", None)
        return value if isinstance(value, str) else None


@dataclass(frozen=True, slots=True)
class Selection:
    """What to list: each field None for no limit."""

    first: dt.date | None = None
    last: dt.date | None = None
    agreement: str | None = None
    commitment: str | None = None
    party: str | None = None
    """Entries of the commitments this party is responsible for."""


def counted(dataset: Dataset, selection: Selection = Selection()) -> list[Counted]:
    """The entries `status` counts that the selection takes, by (date, path, place)."""
    resolver = Resolver(dataset)
    responsible = {
        (a.id, c.id): c.responsible for a in dataset.agreements for c in a.agreement.commitments
    }
    rows: list[tuple[tuple[dt.date, str, tuple[str | int, ...]], Counted]] = []
    for record in dataset.entries:
        entry = record.entry
        if selection.first is not None and entry.date < selection.first:
            continue
        if selection.last is not None and entry.date > selection.last:
            continue
        if selection.commitment is not None and entry.commitment != selection.commitment:
            continue
        found = resolver.resolve(entry).agreement
        if found is None or selection.agreement not in (None, found.id):
            continue
        if selection.party is not None and selection.party not in responsible.get(
            (found.id, entry.commitment), ()
        ):
            continue
        key = (entry.date, record.path, tuple(str(part) for part in record.base))
        rows.append((key, Counted(record.path, entry, found.id, record)))
    rows.sort(key=lambda pair: pair[0])
    return [row for _, row in rows]


def may_repeat(tallied: Tallied, agreement: str, entry: Entry) -> bool:
    """Whether an entry identical to `entry` may already count toward `agreement`: some entry
    of its commitment on its day with its count. Answered from the counts, so that `log`
    builds every entry only when one may be there."""
    from bisect import bisect_left, bisect_right

    days, counts = tallied.summary.get((agreement, entry.commitment), ([], []))
    day = entry.date.toordinal()
    return entry.count in counts[bisect_left(days, day) : bisect_right(days, day)]


def identical(dataset: Dataset, agreement: str, entry: Entry) -> list[EntryRecord]:
    """The entries identical to `entry` as `validate`'s warning sees them (entry_rules.identity:
    same date, agreement, commitment, count, parties in any order and note), in the order
    `log` wrote them."""
    from medborgarlofte.core.entry_rules import identity, logged_order

    resolver = Resolver(dataset)
    wanted = identity(EntryRecord("", entry), agreement)
    found = []
    for record in dataset.entries:
        if record.entry.date != entry.date or record.entry.commitment != entry.commitment:
            continue
        hit = resolver.resolve(record.entry).agreement
        if hit is not None and identity(record, hit.id) == wanted:
            found.append(record)
    return sorted(found, key=logged_order)


def nearest_day(
    dataset: Dataset | Tallied, today: dt.date, agreement: str | None = None
) -> dt.date:
    """Today when an agreement (`agreement`, or any) covers it, else the nearest day one covers."""
    periods = [
        a.agreement.period
        for a in dataset.agreements
        if agreement in (None, a.id) and a.agreement.period.start <= a.agreement.period.end
    ]
    best: tuple[int, dt.date] | None = None
    for period in periods:
        day = min(max(today, period.start), period.end)
        distance = abs((day - today).days)
        if best is None or distance < best[0]:
            best = (distance, day)
    return today if best is None else best[1]
