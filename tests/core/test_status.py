"""Status arithmetic: hand-computed cases for every unit kind, and properties that always hold."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from hypothesis import given, settings
from hypothesis import strategies as st

from medborgarlofte.core.model import (
    Agreement,
    AgreementFile,
    Commitment,
    Dataset,
    Entry,
    EntryRecord,
    Period,
)
from medborgarlofte.core.status import (
    CommitmentStatus,
    StatusReport,
    compute_status,
    covered_years,
    default_as_of,
)
from medborgarlofte.core.units import PER_KINDS, Per

D = dt.date


def commitment(cid: str = "c", minimum: int | None = 1, per: Per = "year") -> Commitment:
    return Commitment(
        id=cid, title=f"Title {cid}", area="a", responsible=["polisen"], minimum=minimum, per=per
    )


def agreement(
    aid: str, start: dt.date, end: dt.date, *commitments: Commitment, title: str = "T"
) -> AgreementFile:
    return AgreementFile(
        id=aid,
        path=f"agreements/{aid}.yaml",
        agreement=Agreement(
            title=title,
            period=Period(start=start, end=end),
            parties={"polisen": "Polisen", "kommunen": "Kommunen"},
            focus_areas={"a": "Area A"},
            commitments=list(commitments) or [commitment()],
        ),
    )


def entry(
    day: dt.date, cid: str = "c", count: int = 1, agreement_id: str | None = None
) -> EntryRecord:
    return EntryRecord(
        path=f"logs/{day.year}/{day.isoformat()}-{cid}.yaml",
        entry=Entry(date=day, commitment=cid, count=count, agreement=agreement_id),
    )


def dataset(agreements: Iterable[AgreementFile], entries: Iterable[EntryRecord] = ()) -> Dataset:
    return Dataset(agreements=tuple(agreements), entries=tuple(entries))


START, END = D(2020, 1, 1), D(2022, 12, 31)


def one(
    per: Per,
    minimum: int | None,
    dates: Iterable[dt.date],
    year: int,
    as_of: dt.date,
    start: dt.date = START,
    end: dt.date = END,
) -> CommitmentStatus:
    """The single row of a one-agreement, one-commitment dataset."""
    ds = dataset([agreement("ag", start, end, commitment("c", minimum, per))], map(entry, dates))
    report = compute_status(ds, year, as_of)
    assert len(report.agreements) == 1
    (row,) = report.agreements[0].rows
    return row


# --- year ---------------------------------------------------------------------------------


def test_year_missed_matches_the_contract_example() -> None:
    row = one("year", 2, [D(2021, 3, 14)], 2021, D(2021, 12, 31))
    assert row == CommitmentStatus(
        id="c",
        title="Title c",
        area="a",
        responsible=("polisen",),
        minimum=2,
        done=1,
        per="year",
        units=1,
        units_elapsed=1,
        units_met=0,
        remaining=1,
        expected_by_now=2.0,
        state="missed",
        entries=1,
        last_date=D(2021, 3, 14),
        needed_now=0,
        units_missed=1,
        target=2,
        days=365,
        days_elapsed=365,
    )


def test_year_met_before_the_year_ends() -> None:
    row = one("year", 2, [D(2021, 2, 1), D(2021, 3, 1)], 2021, D(2021, 4, 1))
    assert (row.state, row.done, row.units_met, row.units_elapsed, row.remaining) == (
        "met",
        2,
        1,
        0,
        0,
    )
    assert row.expected_by_now == 2 * 1 * (91 / 365)


def test_year_floor_rule_mid_year() -> None:
    # Jul 1 is day 182 of 365: floor(2 * 182 / 365) = 0; Jul 2 is day 183: floor(366 / 365) = 1.
    assert one("year", 2, [], 2021, D(2021, 7, 1)).state == "on_track"
    behind = one("year", 2, [], 2021, D(2021, 7, 2))
    assert (behind.state, behind.needed_now, behind.units_missed) == ("behind", 1, 0)
    assert one("year", 2, [D(2021, 1, 5)], 2021, D(2021, 7, 2)).state == "on_track"


# --- half-year and tertial ------------------------------------------------------------------


def test_half_year_one_half_missed() -> None:
    dates = [D(2021, 2, 1), D(2021, 6, 30), D(2021, 7, 1)]
    row = one("half-year", 2, dates, 2021, D(2021, 12, 31))
    assert (row.units, row.units_elapsed, row.units_met, row.units_missed) == (2, 2, 1, 1)
    assert (row.done, row.remaining, row.expected_by_now, row.state) == (3, 1, 4.0, "missed")


def test_half_year_in_progress() -> None:
    # H2 as of Sep 30: 92 of 184 days, floor(2 * 92 / 184) = 1.
    h1 = [D(2021, 2, 1), D(2021, 6, 30)]
    row = one("half-year", 2, [*h1, D(2021, 8, 1)], 2021, D(2021, 9, 30))
    assert (row.state, row.units_elapsed, row.units_met, row.remaining) == ("on_track", 1, 1, 1)
    assert row.expected_by_now == 2 * 2 * (273 / 365)
    behind = one("half-year", 2, h1, 2021, D(2021, 9, 30))
    assert (behind.state, behind.needed_now) == ("behind", 1)


def test_tertials() -> None:
    row = one("tertial", 1, [D(2021, 4, 30), D(2021, 9, 1)], 2021, D(2021, 12, 31))
    assert (row.units, row.units_met, row.remaining, row.state, row.units_missed) == (
        3,
        2,
        1,
        "missed",
        1,
    )
    # T2 as of Jun 15: 46 of 123 days, floor(46 / 123) = 0: nothing due yet.
    early = one("tertial", 1, [D(2021, 4, 30)], 2021, D(2021, 6, 15))
    assert (early.state, early.units_elapsed, early.units_met) == ("on_track", 1, 1)


# --- quarter and month, clipped by the period ---------------------------------------------

CLIPPED = {"start": D(2020, 3, 16), "end": D(2022, 6, 30)}


def test_quarters_clipped_by_the_period_start() -> None:
    q1 = [D(2020, 3, 16), D(2020, 3, 31)]
    # May 16 is day 46 of Q2's 91 days: floor(2 * 46 / 91) = 1.
    behind = one("quarter", 2, q1, 2020, D(2020, 5, 16), **CLIPPED)
    assert (behind.state, behind.needed_now, behind.units, behind.units_elapsed) == (
        "behind",
        1,
        4,
        1,
    )
    assert behind.remaining == 0 + 2 + 2 + 2
    on_track = one("quarter", 2, [*q1, D(2020, 4, 2)], 2020, D(2020, 5, 16), **CLIPPED)
    assert (on_track.state, on_track.needed_now, on_track.remaining, on_track.done) == (
        "on_track",
        0,
        5,
        3,
    )
    # 62 days (Mar 16 - May 16) of the 291 from Mar 16 to Dec 31.
    assert on_track.expected_by_now == 2 * 4 * (62 / 291)
    # The day before, May 15 is day 45: floor(90 / 91) = 0.
    assert one("quarter", 2, q1, 2020, D(2020, 5, 15), **CLIPPED).state == "on_track"


def test_entries_before_the_period_start_are_not_counted() -> None:
    row = one("quarter", 1, [D(2020, 3, 1)], 2020, D(2020, 3, 31), **CLIPPED)
    assert (row.done, row.entries, row.last_date) == (0, 0, None)
    # Q1 ended unmet but three quarters remain: behind, with nothing to catch up in Q2 yet.
    assert (row.state, row.units_missed, row.needed_now) == ("behind", 1, 0)


def test_months_clipped_by_the_period_end() -> None:
    dates = [D(2022, m, 10) for m in range(1, 7)]
    row = one("month", 1, dates, 2022, D(2022, 12, 31), **CLIPPED)
    assert (row.units, row.units_elapsed, row.units_met, row.remaining) == (6, 6, 6, 0)
    assert (row.state, row.expected_by_now, row.done, row.last_date) == (
        "met",
        6.0,
        6,
        D(2022, 6, 10),
    )
    missing_may = one("month", 1, dates[:4] + dates[5:], 2022, D(2022, 12, 31), **CLIPPED)
    assert (missing_may.state, missing_may.units_met, missing_may.remaining) == ("missed", 5, 1)


# --- week -----------------------------------------------------------------------------------


def test_weekly_status() -> None:
    full = {"start": D(2021, 1, 1), "end": D(2021, 12, 31)}
    row = one("week", 1, [D(2021, 1, 2)], 2021, D(2021, 1, 10), **full)
    assert (row.units, row.units_elapsed, row.units_met, row.remaining, row.state) == (
        52,
        1,
        1,
        51,
        "on_track",
    )
    assert row.expected_by_now == 1 * 52 * (10 / 365)
    # Day 9 of the 10-day first unit: floor(9 / 10) = 0, nothing due yet.
    assert one("week", 1, [], 2021, D(2021, 1, 9), **full).state == "on_track"
    missed_first = one("week", 1, [], 2021, D(2021, 1, 10), **full)
    assert (missed_first.state, missed_first.needed_now, missed_first.units_missed) == (
        "behind",
        0,
        1,
    )


# --- period ---------------------------------------------------------------------------------


def test_period_kind_spans_years() -> None:
    dates = [D(2020, 5, 1), D(2021, 6, 1), D(2022, 2, 1)]
    row = one("period", 3, dates, 2021, D(2021, 12, 31))
    # 731 of the period's 1096 days have passed: floor(3 * 731 / 1096) = 2, and 2 are done.
    assert (row.done, row.entries, row.last_date) == (2, 2, D(2021, 6, 1))
    assert (row.units, row.units_elapsed, row.units_met, row.remaining) == (1, 0, 0, 1)
    assert (row.state, row.expected_by_now) == ("on_track", 3 * 1 * (731 / 1096))
    assert one("period", 3, dates[1:], 2021, D(2021, 12, 31)).state == "behind"
    final = one("period", 3, dates, 2022, D(2022, 12, 31))
    assert (final.state, final.done, final.units_elapsed, final.units_met) == ("met", 3, 1, 1)
    short = one("period", 4, dates, 2022, D(2022, 12, 31))
    assert (short.state, short.remaining, short.units_missed) == ("missed", 1, 1)


# --- untargeted, as_of, counters ------------------------------------------------------------


def test_untargeted_rows() -> None:
    row = one("quarter", None, [D(2021, 2, 1), D(2021, 5, 1)], 2021, D(2021, 6, 30))
    assert (row.state, row.minimum, row.remaining, row.expected_by_now, row.units_met) == (
        "untargeted",
        None,
        None,
        None,
        0,
    )
    assert (row.done, row.entries, row.units, row.units_elapsed) == (2, 2, 4, 2)


def test_entries_after_as_of_are_not_counted_and_left_out_entries_are_counted() -> None:
    ds = dataset(
        [agreement("ag", D(2020, 1, 1), D(2022, 12, 31), commitment("c", 2))],
        [
            entry(D(2020, 5, 5)),
            entry(D(2021, 3, 1), count=3),
            entry(D(2021, 8, 1)),
            entry(D(2022, 1, 1)),
        ],
    )
    report = compute_status(ds, 2021, D(2021, 6, 30))
    (row,) = report.agreements[0].rows
    assert (row.done, row.entries, row.last_date, row.state) == (3, 1, D(2021, 3, 1), "met")
    assert (report.counted, report.after_as_of, report.outside, report.left_out) == (1, 1, 2, 3)


def test_two_agreements_entries_resolve_to_the_right_one() -> None:
    a = agreement("a", D(2021, 1, 1), D(2021, 12, 31), commitment("x"), commitment("y"))
    b = agreement("b", D(2021, 7, 1), D(2022, 6, 30), commitment("x"), commitment("z"))
    entries = [
        entry(D(2021, 3, 1), "y"),  # only a has y
        entry(D(2021, 3, 1), "x", count=2),  # only a covers March
        entry(D(2021, 8, 1), "x"),  # ambiguous: counted nowhere
        entry(D(2021, 8, 2), "x", count=5, agreement_id="b"),
        entry(D(2021, 9, 1), "z"),
        entry(D(2021, 9, 2), "z", agreement_id="a"),  # a has no z: counted nowhere
        entry(D(2022, 7, 1), "z"),  # after b's period: counted nowhere
    ]
    report = compute_status(dataset([a, b], entries), 2021, D(2021, 12, 31))
    done = {(s.id, r.id): r.done for s in report.agreements for r in s.rows}
    assert done == {("a", "x"): 2, ("a", "y"): 1, ("b", "x"): 5, ("b", "z"): 1}
    assert (report.counted, report.after_as_of, report.outside) == (4, 0, 0)
    only_b = compute_status(dataset([a, b], entries), 2021, D(2021, 12, 31), "b")
    assert [s.id for s in only_b.agreements] == ["b"]
    assert [r.done for r in only_b.agreements[0].rows] == [5, 1]
    assert only_b.counted == 2
    in_2022 = compute_status(dataset([a, b], entries), 2022, D(2022, 12, 31))
    assert [s.id for s in in_2022.agreements] == ["b"]
    assert in_2022.outside == 2


def test_no_agreement_covers_the_year() -> None:
    ds = dataset([agreement("ag", D(2020, 1, 1), D(2020, 12, 31))])
    assert compute_status(ds, 2021, D(2021, 12, 31)) == StatusReport(2021, D(2021, 12, 31), ())
    assert compute_status(ds, 2020, D(2020, 12, 31), "other").agreements == ()


def test_future_year_nothing_is_due() -> None:
    row = one("month", 2, [], 2022, D(2021, 6, 1))
    assert (row.state, row.units_elapsed, row.expected_by_now, row.remaining) == (
        "on_track",
        0,
        0.0,
        24,
    )


def test_default_as_of() -> None:
    today = D(2021, 6, 15)
    assert default_as_of(None, today) == today
    assert default_as_of(2021, today) == today
    assert default_as_of(2020, today) == D(2020, 12, 31)
    assert default_as_of(2022, today) == today


def test_covered_years() -> None:
    ds = dataset(
        [
            agreement("b", D(2023, 6, 1), D(2024, 5, 31)),
            agreement("a", D(2020, 3, 16), D(2021, 1, 1)),
        ]
    )
    assert covered_years(ds) == [2020, 2021, 2023, 2024]
    assert covered_years(dataset([])) == []


def test_fifty_thousand_entries_over_three_hundred_agreements_all_accounted() -> None:
    kinds: tuple[Per, ...] = ("year", "quarter", "month", "week")
    agreements = [
        agreement(
            f"ag-{i}",
            D(2020, 1, 1),
            D(2022, 12, 31),
            *(commitment(f"c{k}", 2, kinds[k % 4]) for k in range(10)),
        )
        for i in range(300)
    ]
    entries = [
        entry(D(2020, 1, 1) + dt.timedelta(days=n % 1096), f"c{n % 10}", 1, f"ag-{n % 300}")
        for n in range(50_000)
    ]
    ds = dataset(agreements, entries)
    report = compute_status(ds, 2021, D(2021, 12, 31))
    # Day n % 1096 of 2020-2022 falls in 2021 for 366..730: 45 full cycles of 365, then 366..679.
    assert (report.counted, report.outside, report.after_as_of) == (45 * 365 + 314, 33_261, 0)


# --- properties -----------------------------------------------------------------------------


def naive_units(per: Per, first: dt.date, last: dt.date) -> list[list[dt.date]]:
    """Units built day by day from each day's calendar key: independent of units.units_of."""

    def key(day: dt.date) -> object:
        match per:
            case "year" | "period":
                return day.year if per == "year" else 0
            case "half-year":
                return (day.year, (day.month - 1) // 6)
            case "tertial":
                return (day.year, (day.month - 1) // 4)
            case "quarter":
                return (day.year, (day.month - 1) // 3)
            case "month":
                return (day.year, day.month)
            case _:
                return day.isocalendar()[:2]

    if per == "day":  # a daily rate: one unit, every day of the range
        return [[first + dt.timedelta(days=n) for n in range((last - first).days + 1)]]
    units: list[list[dt.date]] = []
    day = first
    while day <= last:
        if units and key(units[-1][-1]) == key(day):
            units[-1].append(day)
        else:
            units.append([day])
        day += dt.timedelta(days=1)
    if per == "week":
        if len(units) > 1 and len(units[0]) < 4:
            units[0:2] = [units[0] + units[1]]
        if len(units) > 1 and len(units[-1]) < 4:
            units[-2:] = [units[-2] + units[-1]]
    return units


@settings(max_examples=100, deadline=None)
@given(
    start=st.dates(D(2019, 1, 1), D(2022, 12, 31)),
    length=st.integers(0, 1100),
    per=st.sampled_from(PER_KINDS),
    minimum=st.one_of(st.none(), st.integers(1, 6)),
    raw=st.lists(st.tuples(st.integers(-30, 1130), st.integers(1, 3)), max_size=40),
    year_offset=st.integers(0, 3),
    as_of=st.dates(D(2018, 6, 1), D(2026, 6, 30)),
    later=st.integers(0, 800),
)
def test_status_properties(
    start: dt.date,
    length: int,
    per: Per,
    minimum: int | None,
    raw: list[tuple[int, int]],
    year_offset: int,
    as_of: dt.date,
    later: int,
) -> None:
    end = start + dt.timedelta(days=length)
    year = min(start.year + year_offset, end.year)
    ag = agreement("ag", start, end, commitment("c", minimum, per))
    records = [entry(start + dt.timedelta(days=off), "c", count) for off, count in raw]
    ds = dataset([ag], records)

    report = compute_status(ds, year, as_of)
    (row,) = report.agreements[0].rows
    assert report.counted + report.after_as_of + report.outside == sum(
        1 for r in records if start <= r.entry.date <= end
    )

    first, last = (
        (start, end) if per == "period" else (max(start, D(year, 1, 1)), min(end, D(year, 12, 31)))
    )
    units = naive_units(per, first, last)
    counts = [
        sum(r.entry.count for r in records if u[0] <= r.entry.date <= min(u[-1], as_of))
        for u in units
    ]
    assert row.units == len(units)
    assert row.done == sum(counts)
    assert 0 <= row.units_elapsed <= row.units
    assert row.units_elapsed == sum(1 for u in units if u[-1] <= as_of)
    if minimum is None:
        assert (row.state, row.remaining, row.units_met) == ("untargeted", None, 0)
    else:
        needs = [minimum * len(u) if per == "day" else minimum for u in units]
        assert row.target == sum(needs)
        assert row.remaining == sum(max(n - c, 0) for n, c in zip(needs, counts, strict=True))
        assert row.units_met is not None and 0 <= row.units_met <= row.units
        assert row.units_met == sum(1 for n, c in zip(needs, counts, strict=True) if c >= n)
        if row.state == "met":
            assert row.units_met == row.units
        if row.state == "missed":
            assert row.units_elapsed == row.units
        if row.state != "behind":
            assert row.needed_now == 0
        assert row.expected_by_now is not None
        assert 0 <= row.expected_by_now <= sum(needs)

    moved = compute_status(ds, year, as_of + dt.timedelta(days=later))
    assert moved.agreements[0].rows[0].done >= row.done


# --- span_outcomes: a period's own outcome, hand-computed ---


def _span_dataset(per: str, minimum: int | None, days: list[dt.date]) -> Dataset:
    from medborgarlofte.core.model import Agreement, AgreementFile, Commitment, Entry, EntryRecord

    agreement = Agreement(
        title="A",
        period=Period(start=dt.date(2021, 1, 1), end=dt.date(2022, 12, 31)),
        parties={"polisen": "Polisen"},
        focus_areas={"droger": "Droger"},
        commitments=[
            Commitment(
                id="c", title="C", area="droger", responsible=["polisen"], minimum=minimum, per=per
            )
        ],
    )
    entries = tuple(
        EntryRecord(f"logs/{i}.yaml", Entry(date=d, commitment="c")) for i, d in enumerate(days)
    )
    return Dataset((AgreementFile("a", "agreements/a.yaml", agreement),), entries)


def test_a_tertial_of_a_yearly_target_counts_its_own_entries_and_has_no_target() -> None:
    from medborgarlofte.core.status import span_outcomes

    days = [dt.date(2021, 4, 30), dt.date(2021, 5, 1), dt.date(2021, 8, 31), dt.date(2021, 9, 1)]
    dataset = _span_dataset("year", 4, days)
    got = span_outcomes(dataset, dt.date(2021, 5, 1), dt.date(2021, 8, 31), dt.date(2021, 12, 31))
    assert got[("a", "c")].done == 2  # May 1 and Aug 31, not Apr 30 nor Sep 1
    assert (got[("a", "c")].units, got[("a", "c")].target, got[("a", "c")].state) == (
        0,
        None,
        "untargeted",
    )


def test_a_tertial_of_a_monthly_target_judges_its_four_months() -> None:
    from medborgarlofte.core.status import span_outcomes

    days = [dt.date(2021, 5, 3), dt.date(2021, 6, 3), dt.date(2021, 7, 3)]  # August has none
    dataset = _span_dataset("month", 1, days)
    t2 = (dt.date(2021, 5, 1), dt.date(2021, 8, 31))
    ended = span_outcomes(dataset, *t2, dt.date(2021, 8, 31))[("a", "c")]
    assert (ended.done, ended.units, ended.target, ended.state) == (3, 4, 4, "missed")
    # as of Aug 10: August is in progress and needs floor(1 x 10/31) = 0 so far: on track
    running = span_outcomes(dataset, *t2, dt.date(2021, 8, 10))[("a", "c")]
    assert (running.done, running.state) == (3, "on_track")
    # as of Jun 30, July has not begun: May and June met
    early = span_outcomes(dataset, *t2, dt.date(2021, 6, 30))[("a", "c")]
    assert (early.done, early.state) == (2, "on_track")


def test_a_week_belongs_to_the_tertial_it_begins_in() -> None:
    from medborgarlofte.core.status import span_outcomes

    dataset = _span_dataset("week", 1, [])
    year_end = dt.date(2021, 12, 31)
    counts = [
        span_outcomes(dataset, first, last, year_end)[("a", "c")].units
        for first, last in [
            (dt.date(2021, 1, 1), dt.date(2021, 4, 30)),
            (dt.date(2021, 5, 1), dt.date(2021, 8, 31)),
            (dt.date(2021, 9, 1), dt.date(2021, 12, 31)),
        ]
    ]
    # 2021: Jan 1-3 (Fri-Sun) join week 1; Mondays Jan 4 .. Apr 26 are 17 weeks, May 3 ..
    # Aug 30 are 18, Sep 6 .. Dec 27 are 17: 52 in all, as status counts the year
    assert counts == [17, 18, 17]


def test_an_untargeted_commitment_in_a_span_is_untargeted() -> None:
    from medborgarlofte.core.status import span_outcomes

    dataset = _span_dataset("year", None, [dt.date(2021, 2, 1)])
    got = span_outcomes(dataset, dt.date(2021, 1, 1), dt.date(2021, 4, 30), dt.date(2021, 4, 30))
    assert (got[("a", "c")].done, got[("a", "c")].state) == (1, "untargeted")


# --- per: day, commitment dates (issue 16) ---------------------------------------------------

FIGURES = (
    "done",
    "units",
    "units_elapsed",
    "units_met",
    "remaining",
    "state",
    "entries",
    "last_date",
    "expected_by_now",
    "target",
)


def figures(row: CommitmentStatus) -> tuple[object, ...]:
    return tuple(getattr(row, name) for name in FIGURES)


def dated(
    per: Per,
    minimum: int | None,
    start: dt.date | None = None,
    end: dt.date | None = None,
    cid: str = "c",
) -> Commitment:
    return Commitment(
        id=cid,
        title=f"Title {cid}",
        area="a",
        responsible=["polisen"],
        minimum=minimum,
        per=per,
        start=start,
        end=end,
    )


def rows_of(ds: Dataset, year: int, as_of: dt.date) -> dict[str, CommitmentStatus]:
    return {r.id: r for a in compute_status(ds, year, as_of).agreements for r in a.rows}


LULEA_COUNTS = {  # the traffic checks Luleå logged at each month's end, May to December 2018
    D(2018, 5, 31): 22,
    D(2018, 6, 30): 24,
    D(2018, 7, 31): 25,
    D(2018, 8, 31): 48,
    D(2018, 9, 30): 60,
    D(2018, 10, 31): 62,
    D(2018, 11, 30): 40,
    D(2018, 12, 31): 20,
}


def test_a_daily_rate_from_a_start_date_luleå_2018() -> None:
    """May 1 to Dec 31 is 245 days. By Jul 31, 92 days (31+30+31) and 71 checks: behind, 21
    short; by Dec 31, 301 of 245: met."""
    c = dated("day", 1, start=D(2018, 5, 1), end=D(2018, 12, 31))
    ag = agreement("lulea", D(2018, 1, 1), D(2018, 12, 31), c)
    ds = dataset([ag], [entry(day, "c", n) for day, n in LULEA_COUNTS.items()])
    july = rows_of(ds, 2018, D(2018, 7, 31))["c"]
    assert figures(july) == (71, 1, 0, 0, 174, "behind", 3, D(2018, 7, 31), 92.0, 245)
    assert (july.needed_now, july.days, july.days_elapsed) == (21, 245, 92)
    august = rows_of(ds, 2018, D(2018, 8, 31))["c"]
    assert figures(august) == (119, 1, 0, 0, 126, "behind", 4, D(2018, 8, 31), 123.0, 245)
    december = rows_of(ds, 2018, D(2018, 12, 31))["c"]
    assert figures(december) == (301, 1, 1, 1, 0, "met", 8, D(2018, 12, 31), 245.0, 245)
    before = rows_of(ds, 2018, D(2018, 4, 30))["c"]
    assert figures(before) == (0, 1, 0, 0, 245, "on_track", 0, None, 0.0, 245)
    assert before.days_elapsed == 0


def test_a_daily_rate_keeping_pace_and_one_day_short() -> None:
    """minimum 2 a day over March 2021 (31 days, target 62): by Mar 10, 20 are due."""
    c = dated("day", 2, start=D(2021, 3, 1), end=D(2021, 3, 31))
    ag = agreement("ag", D(2021, 1, 1), D(2021, 12, 31), c)
    on_pace = dataset([ag], [entry(D(2021, 3, 10), "c", 20)])
    row = rows_of(on_pace, 2021, D(2021, 3, 10))["c"]
    assert figures(row) == (20, 1, 0, 0, 42, "on_track", 1, D(2021, 3, 10), 20.0, 62)
    short = dataset([ag], [entry(D(2021, 3, 10), "c", 19)])
    row = rows_of(short, 2021, D(2021, 3, 10))["c"]
    assert (row.state, row.needed_now) == ("behind", 1)
    ended = rows_of(short, 2021, D(2021, 4, 1))["c"]
    assert figures(ended) == (19, 1, 1, 0, 43, "missed", 1, D(2021, 3, 10), 62.0, 62)


def test_float_traps_floor_in_integers() -> None:
    """properties.md 1a and 1b: 365 × (212/365) and 366 × (60/366) are just below 212 and 60
    in floats; done one short of either is behind, done equal to it on track."""
    for year, as_of, due in ((2018, D(2018, 7, 31), 212), (2024, D(2024, 2, 29), 60)):
        n = 366 if year == 2024 else 365
        for per, minimum in (("day", 1), ("year", n)):
            c = dated(per, minimum)  # type: ignore[arg-type]
            ag = agreement("ag", D(year, 1, 1), D(year, 12, 31), c)
            short = rows_of(dataset([ag], [entry(D(year, 1, 1), "c", due - 1)]), year, as_of)
            assert (short["c"].state, short["c"].expected_by_now) == ("behind", float(due))
            assert short["c"].remaining == n - due + 1
            even = rows_of(dataset([ag], [entry(D(year, 1, 1), "c", due)]), year, as_of)
            assert even["c"].state == "on_track"


def test_commitment_dates_clip_the_units() -> None:
    """Strängnäs 2022–2023: a measure added from 2023-03-01 (3 a year) is not listed in 2022
    and judged on 306 days in 2023; one ending 2023-06-30 (monthly) has 6 months in 2023."""
    walks = dated("year", 3, start=D(2023, 3, 1), cid="walks")
    school = dated("month", 1, end=D(2023, 6, 30), cid="school")
    ag = agreement("ag", D(2022, 1, 1), D(2023, 12, 31), walks, school)
    ds = dataset([ag], [entry(D(2023, 4, 26), "walks"), entry(D(2023, 5, 17), "school")])
    assert list(rows_of(ds, 2022, D(2022, 12, 31))) == ["school"]
    june = rows_of(ds, 2023, D(2023, 6, 30))
    # 122 of 306 days: expected 3 × 122 / 306, floor 1: one walk is on track
    assert figures(june["walks"]) == (
        1,
        1,
        0,
        0,
        2,
        "on_track",
        1,
        D(2023, 4, 26),
        3 * 122 / 306,
        3,
    )
    assert (june["school"].units, june["school"].units_elapsed, june["school"].days) == (6, 6, 181)
    assert june["school"].state == "missed"  # only May has an entry
    assert june["school"].remaining == 5


def test_a_period_commitment_with_dates_is_one_unit_of_its_own_span() -> None:
    c = dated("period", 2, start=D(2021, 7, 1), end=D(2022, 6, 30))
    ag = agreement("ag", START, END, c)
    ds = dataset([ag], [entry(D(2021, 8, 1)), entry(D(2022, 6, 30)), entry(D(2022, 7, 1))])
    assert list(rows_of(ds, 2020, D(2020, 12, 31))) == []
    row = rows_of(ds, 2021, D(2021, 12, 31))["c"]
    assert (row.units, row.days, row.days_elapsed, row.done, row.state) == (
        1,
        365,
        184,
        1,
        "on_track",
    )
    assert row.expected_by_now == 2 * 184 / 365
    assert rows_of(ds, 2022, D(2022, 12, 31))["c"].state == "met"


def test_a_week_clipped_by_commitment_dates_joins_its_neighbour() -> None:
    """properties.md 2c: Mar 3 (Fri) to Mar 26 (Sun) 2023: week 9 keeps only 3 days and joins
    week 10, so three units: Mar 3–12, 13–19, 20–26."""
    c = dated("week", 1, start=D(2023, 3, 3), end=D(2023, 3, 26))
    ag = agreement("ag", D(2023, 1, 1), D(2023, 12, 31), c)
    ds = dataset([ag], [entry(D(2023, 3, 4)), entry(D(2023, 3, 15))])
    row = rows_of(ds, 2023, D(2023, 3, 22))["c"]
    assert figures(row) == (2, 3, 2, 2, 1, "on_track", 2, D(2023, 3, 15), 1 * 3 * 20 / 24, 3)


@settings(max_examples=60, deadline=None)
@given(
    year=st.integers(2018, 2025),
    minimum=st.integers(1, 5),
    raw=st.lists(st.tuples(st.integers(0, 365), st.integers(1, 400)), max_size=12),
    day_of_year=st.integers(0, 365),
)
def test_a_daily_rate_over_a_full_year_is_a_yearly_minimum_of_m_times_its_days(
    year: int, minimum: int, raw: list[tuple[int, int]], day_of_year: int
) -> None:
    """properties.md P1: per: day with minimum m equals per: year with m × 365 (or 366)."""
    first, last = D(year, 1, 1), D(year, 12, 31)
    n = (last - first).days + 1
    as_of = first + dt.timedelta(days=min(day_of_year, n - 1))
    records = [entry(first + dt.timedelta(days=min(off, n - 1)), "c", count) for off, count in raw]
    daily = agreement("ag", D(year - 1, 6, 1), D(year + 1, 6, 30), dated("day", minimum))
    yearly = agreement("ag", D(year - 1, 6, 1), D(year + 1, 6, 30), dated("year", minimum * n))
    a = rows_of(dataset([daily], records), year, as_of)["c"]
    b = rows_of(dataset([yearly], records), year, as_of)["c"]
    assert figures(a) == figures(b)
    assert a.target == minimum * n
    due = minimum * ((as_of - first).days + 1)
    assert a.expected_by_now == float(due)  # exactly, not 211.99999999999997
    if as_of < last and a.state != "met":
        assert a.state == ("on_track" if a.done >= due else "behind")


@settings(max_examples=80, deadline=None)
@given(
    p0=st.dates(D(2019, 1, 1), D(2022, 12, 31)),
    length=st.integers(0, 1000),
    cuts=st.tuples(st.integers(0, 1000), st.integers(0, 1000)),
    given_dates=st.tuples(st.booleans(), st.booleans()),
    per=st.sampled_from(PER_KINDS),
    minimum=st.one_of(st.none(), st.integers(1, 4)),
    raw=st.lists(st.tuples(st.integers(0, 1000), st.integers(1, 3)), max_size=25),
    year_offset=st.integers(-1, 4),
    as_of_offset=st.integers(-30, 1100),
)
def test_clipping_by_commitment_dates_is_clipping_by_an_agreement_of_those_dates(
    p0: dt.date,
    length: int,
    cuts: tuple[int, int],
    given_dates: tuple[bool, bool],
    per: Per,
    minimum: int | None,
    raw: list[tuple[int, int]],
    year_offset: int,
    as_of_offset: int,
) -> None:
    """properties.md P2: A with c from s to e == A' of period [s, e] with c undated."""
    p1 = p0 + dt.timedelta(days=length)
    low, high = sorted(min(cut, length) for cut in cuts)
    s, e = p0 + dt.timedelta(days=low), p0 + dt.timedelta(days=high)
    start, end = (s if given_dates[0] else None), (e if given_dates[1] else None)
    s, e = start or p0, end or p1
    records = [
        entry(s + dt.timedelta(days=min(off, (e - s).days)), "c", count) for off, count in raw
    ]
    a = dataset([agreement("ag", p0, p1, dated(per, minimum, start, end))], records)
    clipped = dataset([agreement("ag", s, e, dated(per, minimum))], records)
    year = p0.year + year_offset
    as_of = p0 + dt.timedelta(days=as_of_offset)
    rows = rows_of(a, year, as_of)
    if s.year <= year <= e.year:
        assert figures(rows["c"]) == figures(rows_of(clipped, year, as_of)["c"])
    else:
        assert rows == {}
        assert year not in covered_years(clipped)


def test_party_keeps_its_commitments_in_the_agreements_it_is_party_to() -> None:
    police = dated("year", 1, cid="police")
    both = Commitment(
        id="both", title="Both", area="a", responsible=["polisen", "kommunen"], minimum=None
    )
    town = Commitment(id="town", title="Town", area="a", responsible=["kommunen"], minimum=2)
    ag = agreement("ag", D(2021, 1, 1), D(2021, 12, 31), police, both, town)
    other = AgreementFile(
        id="other",
        path="agreements/other.yaml",
        agreement=Agreement(
            title="Only the municipality",
            period=Period(start=D(2021, 1, 1), end=D(2021, 12, 31)),
            parties={"kommunen": "Kommunen"},
            focus_areas={"a": "Area A"},
            commitments=[dated("year", 1, cid="solo")],
        ),
    )
    ds = dataset([ag, other])

    def ids(party: str | None) -> list[tuple[str, list[str]]]:
        report = compute_status(ds, 2021, D(2021, 12, 31), party=party)
        return [(a.id, [r.id for r in a.rows]) for a in report.agreements]

    assert ids(None) == [("ag", ["police", "both", "town"]), ("other", ["solo"])]
    assert ids("polisen") == [("ag", ["police", "both"])]
    assert ids("kommunen") == [("ag", ["both", "town"]), ("other", [])]
