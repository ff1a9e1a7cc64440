"""The follow-up files' cross-file rules, and which agreement a follow-up is about.

Each rule is a small pure `check_<invariant>(dataset)` as in rules.py; FOLLOWUP_RULES are run
by the loader on every load (speed/load.py).
"""

from __future__ import annotations

from collections.abc import Callable

from medborgarlofte.core.ids import closest
from medborgarlofte.core.model import AgreementFile, Dataset, FollowupFile, Key, Tallied
from medborgarlofte.core.periods import ReportPeriod
from medborgarlofte.core.problems import Problem, listed, problem


def covering(dataset: Dataset | Tallied, period: ReportPeriod) -> list[AgreementFile]:
    """The agreements whose period shares a day with PERIOD, in dataset order."""
    return [
        a
        for a in dataset.agreements
        if a.agreement.period.start <= period.last and a.agreement.period.end >= period.first
    ]


_agreements_by_id: list[tuple[Dataset | Tallied, dict[str, AgreementFile]]] = []


def _by_id(dataset: Dataset | Tallied) -> dict[str, AgreementFile]:
    """The agreements by id (the first of each), computed once per dataset."""
    if not _agreements_by_id or _agreements_by_id[0][0] is not dataset:
        found: dict[str, AgreementFile] = {}
        for a in dataset.agreements:
            found.setdefault(a.id, a)
        _agreements_by_id[:] = [(dataset, found)]
    return _agreements_by_id[0][1]


def _covers(a: AgreementFile, period: ReportPeriod) -> bool:
    return a.agreement.period.start <= period.last and a.agreement.period.end >= period.first


def followup_agreement(dataset: Dataset | Tallied, followup: FollowupFile) -> AgreementFile | None:
    """The agreement a follow-up is about: the one it names, else the only one covering its
    period; None when that is unknown, not covering, or ambiguous (the rules say which)."""
    period = followup.followup.report_period
    named = followup.followup.agreement
    if named is None:
        found = covering(dataset, period)
        return found[0] if len(found) == 1 else None
    a = _by_id(dataset).get(named)
    return a if a is not None and _covers(a, period) else None


def _followup_at(
    f: FollowupFile, key: Key, code: str, *, on_key: bool = False, **args: str
) -> Problem:
    where = f.locations.of_key(key) if on_key else f.locations.of_value(key)
    return problem(f.path, where[0], where[1], code, "error", **args)


def check_followup_agreement(dataset: Dataset) -> list[Problem]:
    """A follow-up belongs to one known agreement that covers its period."""
    problems = []
    by_id = _by_id(dataset)
    for f in dataset.followups:
        period = f.followup.report_period
        named = f.followup.agreement
        found = covering(dataset, period) if named is None else []
        if named is not None and named not in by_id:
            problems.append(
                _followup_at(
                    f,
                    ("agreement",),
                    "followup-unknown-agreement",
                    agreement=named,
                    suggestion=closest(named, by_id),
                )
            )
        elif named is not None and not _covers(by_id[named], period):
            p = by_id[named].agreement.period
            problems.append(
                _followup_at(
                    f,
                    ("period",),
                    "followup-not-covered",
                    agreement=named,
                    period=str(period),
                    start=str(p.start),
                    end=str(p.end),
                )
            )
        elif named is None and not found:
            periods = listed(
                part
                for a in dataset.agreements
                for part in (a.id, str(a.agreement.period.start), str(a.agreement.period.end))
            )
            code = "followup-no-agreement" if periods else "followup-no-agreement-none"
            problems.append(_followup_at(f, ("period",), code, period=str(period), periods=periods))
        elif named is None and len(found) > 1:
            names = ", ".join(sorted(a.id for a in found))
            problems.append(
                _followup_at(
                    f, ("period",), "followup-several-agreements", period=str(period), names=names
                )
            )
    return problems


def check_followup_commitments(dataset: Dataset) -> list[Problem]:
    """Comments name commitments of the follow-up's agreement; only those without a minimum
    take an assessment (the others are judged by their counts)."""
    problems = []
    for f in dataset.followups:
        found = followup_agreement(dataset, f)
        if found is None or not f.followup.commitments:
            continue
        commitments = {c.id: c for c in found.agreement.commitments}
        for cid, note in f.followup.commitments.items():
            c = commitments.get(cid)
            if c is None:
                if cid in dataset.invalid_commitment_ids:
                    continue
                problems.append(
                    _followup_at(
                        f,
                        ("commitments", cid),
                        "followup-unknown-commitment",
                        on_key=True,
                        agreement=found.id,
                        commitment=cid,
                        suggestion=closest(cid, commitments),
                    )
                )
            elif note.assessment is not None and c.minimum is not None:
                problems.append(
                    _followup_at(
                        f,
                        ("commitments", cid, "assessment"),
                        "followup-assessment-targeted",
                        commitment=cid,
                    )
                )
    return problems


def check_one_followup_per_period(dataset: Dataset) -> list[Problem]:
    """One follow-up file per agreement and period, so no comment is silently dropped."""
    seen: dict[tuple[str, ReportPeriod], FollowupFile] = {}
    problems = []
    for f in dataset.followups:
        found = followup_agreement(dataset, f)
        if found is None:
            continue
        key = (found.id, f.followup.report_period)
        first = seen.setdefault(key, f)
        if first is not f:
            problems.append(
                _followup_at(
                    f,
                    ("period",),
                    "followup-duplicate",
                    agreement=found.id,
                    period=str(key[1]),
                    other=first.path,
                )
            )
    return problems


FOLLOWUP_RULES: tuple[Callable[[Dataset], list[Problem]], ...] = (
    check_followup_agreement,
    check_followup_commitments,
    check_one_followup_per_period,
)
"""The follow-up files' rules: run on every load, after the other rules (whose problems the
cache may keep); their files are few and come from a cache of their own."""
