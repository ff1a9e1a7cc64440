"""Which data problems bear on one agreement or one new entry: the rest need not stop a
command about something else (a colleague's typo in one log file must not block every
`mlofte log`, nor `status --agreement OTHER`).

A file bears on agreement ID when it is, or may be, that agreement's: its agreement file
(an agreement's id is its file's stem, or an error), a log file one of whose entries names
it, or names no agreement (or one that does not exist) and has one of its commitments (or a
commitment no agreement has: a typo may be one of ID's), or cannot be read at all. Any
other path (a linked data folder) bears on everything.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from medborgarlofte.core.ids import file_stem
from medborgarlofte.core.model import AgreementFile, Dataset
from medborgarlofte.core.problems import Problem, errors
from medborgarlofte.files import yaml_source as source
from medborgarlofte.files.discover import AGREEMENTS, LOGS


def _agreements(dataset: Dataset) -> tuple[AgreementFile, ...]:
    return dataset.agreements + dataset.partial_agreements


def _item_may_be(item: Any, agreement: AgreementFile, dataset: Dataset) -> bool:
    """Whether one entry as written (valid or not) is, or may be, `agreement`'s."""
    if not isinstance(item, dict):
        return True
    known = {a.id for a in _agreements(dataset)}
    named = item.get("agreement")
    if isinstance(named, str) and named in known:
        return named == agreement.id
    commitment = item.get("commitment")
    if not isinstance(commitment, str):
        return True
    owners = [
        a for a in _agreements(dataset) if any(c.id == commitment for c in a.agreement.commitments)
    ]
    if agreement not in owners:
        return not owners and commitment not in dataset.invalid_commitment_ids
    day = item.get("date")
    period = agreement.agreement.period
    return not isinstance(day, dt.date) or period.start <= day <= period.end


def _log_file_may_be(root: Path, rel: str, agreement: AgreementFile, dataset: Dataset) -> bool:
    parsed = source.read_file(str(root / rel), rel)
    data = parsed.data
    if not isinstance(data, (dict, list)) or not data:
        return True  # unreadable: may be anyone's
    items = [data] if isinstance(data, dict) else data
    return any(_item_may_be(item, agreement, dataset) for item in items)


def split_for_agreement(
    root: Path, dataset: Dataset, problems: Iterable[Problem], agreement_id: str
) -> tuple[list[Problem], list[Problem]]:
    """(the errors in files that are, or may be, agreement `agreement_id`'s; the other
    errors). Warnings are in neither: they never stop anything."""
    agreement = next((a for a in _agreements(dataset) if a.id == agreement_id), None)
    blocking: list[Problem] = []
    others: list[Problem] = []
    verdicts: dict[str, bool] = {}
    for p in errors(problems):
        if p.path not in verdicts:
            if p.path.startswith(f"{AGREEMENTS}/") and p.path != f"{AGREEMENTS}/":
                verdicts[p.path] = file_stem(p.path) == agreement_id
            elif p.path.startswith(f"{LOGS}/") and p.path != f"{LOGS}/":
                verdicts[p.path] = agreement is None or _log_file_may_be(
                    root, p.path, agreement, dataset
                )
            else:
                verdicts[p.path] = True
        (blocking if verdicts[p.path] else others).append(p)
    return blocking, others


def split_for_entry(
    dataset: Dataset,
    problems: Iterable[Problem],
    agreement_id: str | None,
    commitment: str,
    day: dt.date,
    *,
    named: bool = False,
) -> tuple[list[Problem], list[Problem]]:
    """(the errors that bear on a new entry of `commitment` on `day`, resolved to agreement
    `agreement_id` (None: it resolves to none); the other errors). An entry is blocked by its
    agreement's file, and by a broken agreement file that may be its agreement too (it holds
    the commitment and covers the day: once fixed, the entry could be ambiguous), unless the
    entry names its agreement (`named`); when it resolves to none, by every broken agreement
    file. Problems in log files never block it."""
    suspects = {
        a.id
        for a in dataset.partial_agreements
        if not named
        and a.agreement.period.start <= day <= a.agreement.period.end
        and any(c.id == commitment for c in a.agreement.commitments)
    }
    blocking: list[Problem] = []
    others: list[Problem] = []
    for p in errors(problems):
        in_logs = p.path.startswith(f"{LOGS}/") and p.path != f"{LOGS}/"
        if in_logs:
            bears = False
        elif p.path.startswith(f"{AGREEMENTS}/") and p.path != f"{AGREEMENTS}/":
            stem = file_stem(p.path)
            bears = agreement_id is None or stem == agreement_id or stem in suspects
        else:
            bears = True
        (blocking if bears else others).append(p)
    return blocking, others
