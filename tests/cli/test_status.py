"""`mlofte status`: --as-of held to YEAR; data problems that block an agreement's status."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from conftest import Outcome

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
