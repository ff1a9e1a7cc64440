"""`mlofte status`: --as-of held to YEAR; data problems that block an agreement's status."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import AGREEMENT, Outcome, write_tree

Run = Callable[..., Outcome]


def test_as_of_before_year_is_a_usage_error_naming_both(mlofte: Run, small_root: Path) -> None:
    out = mlofte("--root", str(small_root), "status", "2021", "--as-of", "2020-06-30")
    assert (out.code, out.stdout, out.stderr) == (
        2,
        "",
        "mlofte: --as-of 2020-06-30 is before 2021 began (2021-01-01); give a day in 2021\n",
    )


def test_as_of_after_year_shows_the_year_as_it_ended(mlofte: Run, small_root: Path) -> None:
    args = ("--root", str(small_root), "status", "2021", "--format", "json")
    out = mlofte(*args, "--as-of", "2022-03-01")
    assert out.code == 0
    assert out.stderr == "mlofte: --as-of 2022-03-01 is after 2021; showing 2021 as of 2021-12-31\n"
    assert out.stdout == mlofte(*args, "--as-of", "2021-12-31").stdout
    assert json.loads(out.stdout)["as_of"] == "2021-12-31"


def test_as_of_inside_year_and_alone_unchanged(mlofte: Run, small_root: Path) -> None:
    out = mlofte("--root", str(small_root), "status", "2021", "--as-of", "2021-01-01", "-f", "json")
    assert (out.code, out.stderr, json.loads(out.stdout)["as_of"]) == (0, "", "2021-01-01")
    out = mlofte("--root", str(small_root), "status", "--as-of", "2021-06-30", "-f", "json")
    assert (out.code, json.loads(out.stdout)["year"]) == (0, 2021)


OTHER = AGREEMENT.replace("hundsok-skola", "fotpatrull").replace("pss-samverkan", "grannsamverkan")


@pytest.fixture
def two_root(small_root: Path) -> Path:
    """testby (hundsok-skola, pss-samverkan) and annan (fotpatrull, grannsamverkan), 2021."""
    return write_tree(small_root, {"agreements/annan.yaml": OTHER})


def _status(mlofte: Run, root: Path, agreement: str) -> Outcome:
    return mlofte("--root", str(root), "status", "2021", "-a", agreement, "-f", "json")


@pytest.mark.parametrize(
    ("broken", "blocks"),
    [
        # a typo in an entry of annan's commitment: only annan's status is stopped
        ("date: 2021-04-01\ncommitment: fotpatrull\ncount: '3'\n", {"annan"}),
        # an entry naming its agreement
        ("date: 2021-04-01\ncommitment: fotpatrull\nagreement: testby\nby: x\n", {"testby"}),
        # an unknown commitment: a typo may be anyone's
        ("date: 2021-04-01\ncommitment: fotpatrul\n", {"testby", "annan"}),
        # an entry of testby's commitment dated outside testby's period
        ("date: 2022-04-01\ncommitment: hundsok-skola\n", set()),
        # a file that cannot be read at all
        ("date: [2021\n", {"testby", "annan"}),
        (b"date: 2021-04-01\ncommitment: fotpatrull\nnote: \xff\n", {"testby", "annan"}),
    ],
)
def test_status_of_an_agreement_is_stopped_only_by_files_that_may_be_its(
    mlofte: Run, two_root: Path, broken: str | bytes, blocks: set[str]
) -> None:
    write_tree(two_root, {"logs/2021/broken.yaml": broken})
    assert mlofte("--root", str(two_root), "validate").code == 1
    for agreement in ("testby", "annan"):
        out = _status(mlofte, two_root, agreement)
        if agreement in blocks:
            assert (out.code, out.stdout) == (1, ""), agreement
            assert out.stderr.startswith("logs/2021/broken.yaml:")
            assert out.stderr.endswith("fix them first (mlofte validate lists them)\n")
        else:
            assert out.code == 0, (agreement, out.stderr)
            assert [a["id"] for a in json.loads(out.stdout)["agreements"]] == [agreement]
            assert out.stderr.startswith("logs/2021/broken.yaml:")
            assert ": warning: " in out.stderr.split("\n")[0]
            assert out.stderr.endswith(
                f"that is not about agreement '{agreement}'; fix them soon"
                " (mlofte validate lists them)\n"
            )
    assert mlofte("--root", str(two_root), "status", "2021").code == 1  # every agreement


def test_a_broken_agreement_stops_its_own_status_only(mlofte: Run, two_root: Path) -> None:
    path = two_root / "agreements/annan.yaml"
    path.write_text(OTHER.replace("    minimum: 2", "    minimun: 2"), encoding="utf-8")
    out = _status(mlofte, two_root, "annan")
    assert out.code == 1
    assert out.stderr.startswith("agreements/annan.yaml:13:5: error: unknown key 'minimun'")
    out = _status(mlofte, two_root, "testby")
    assert out.code == 0
    assert json.loads(out.stdout)["agreements"][0]["commitments"][0]["done"] == 1
