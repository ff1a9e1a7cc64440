"""Which agreement a log entry counts toward: the one named, else the only one that fits."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from medborgarlofte.core.model import AgreementFile, Dataset, Entry, Tallied


@dataclass(frozen=True, slots=True)
class Resolution:
    """The agreement found, or why none was: 'unknown-agreement', 'unknown-commitment',
    'not-in-agreement', 'outside-period' or 'ambiguous' (with the candidates)."""

    agreement: AgreementFile | None
    reason: str = ""
    candidates: tuple[AgreementFile, ...] = ()


class Resolver:
    """Indexes a dataset once so that resolving 50,000 entries stays linear."""

    def __init__(self, dataset: Dataset | Tallied) -> None:
        self.by_id = {a.id: a for a in dataset.agreements}
        self.by_commitment: dict[str, list[AgreementFile]] = {}
        for a in dataset.agreements:
            for c in {c.id for c in a.agreement.commitments}:
                self.by_commitment.setdefault(c, []).append(a)
        # By id, so that a lookup never compares whole agreements field by field.
        self.commitment_ids = {
            key: frozenset(c.id for c in a.agreement.commitments) for key, a in self.by_id.items()
        }

    def covering(self, date: dt.date, commitment: str) -> list[AgreementFile]:
        """Agreements whose period holds `date` and that have `commitment`."""
        return [
            a
            for a in self.by_commitment.get(commitment, ())
            if a.agreement.period.start <= date <= a.agreement.period.end
        ]

    def resolve(self, entry: Entry) -> Resolution:
        if entry.agreement is not None:
            found = self.by_id.get(entry.agreement)
            if found is None:
                return Resolution(None, "unknown-agreement")
            if entry.commitment not in self.commitment_ids[found.id]:
                return Resolution(None, "not-in-agreement", (found,))
            period = found.agreement.period
            if not period.start <= entry.date <= period.end:
                return Resolution(None, "outside-period", (found,))
            return Resolution(found)
        having = self.by_commitment.get(entry.commitment, [])
        if not having:
            return Resolution(None, "unknown-commitment")
        fits = self.covering(entry.date, entry.commitment)
        if len(fits) == 1:
            return Resolution(fits[0])
        if not fits:
            return Resolution(None, "outside-period", tuple(having))
        return Resolution(None, "ambiguous", tuple(fits))
