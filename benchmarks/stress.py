"""Stress the cache: warm `mlofte` answers against cold (`--no-cache`) ones, under concurrent writers.

    python benchmarks/stress.py                     # 200 runs, 8 writers, on this repository's data
    python benchmarks/stress.py --runs 20 --source /tmp/national --year 2022

Why: the cache (per-file cache and index) must never change an answer, yet a race between
concurrent `mlofte log` runs once left the index counting a file's entries twice, for good
(issue 11). Such races show only under load and only now and then, so each run here starts
from a fresh copy of the data and a private cache, and repeats the sequence that found it:
validate, status (json and table), two identical `log` writes, then K concurrent writers
interleaved with concurrent `status` and `validate` readers. After every step the warm
`status YEAR --format json` and `validate --format json` must equal, byte for byte, the cold
ones on the same files.

Only the CLI contract is used: the `mlofte` installed beside this Python is run as a
process, nothing of the package is imported, so the script holds for any internal layout.
Prints the first few differences and a last line `stress: N runs, D differences`; exits 1
when D > 0.
"""

from __future__ import annotations

import argparse
import difflib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TextIO

REPO = Path(__file__).resolve().parent.parent
MLOFTE = Path(sys.executable).parent / "mlofte"
TIMEOUT = 300
"""Seconds any one command may take, however loaded the machine."""
SHOWN = 3
"""Differences printed in full."""


class _Run:
    """One run: a private copy of the data and cache, the commands on it, what differed."""

    def __init__(self, source: Path, work: Path, year: int) -> None:
        self.root = work / "root"
        self.root.mkdir()
        for name in ("agreements", "logs"):
            if (source / name).is_dir():
                shutil.copytree(source / name, self.root / name, symlinks=True)
        self.env = {k: v for k, v in os.environ.items() if not k.startswith("MLOFTE_")}
        self.env.update(MLOFTE_ROOT=str(self.root), MLOFTE_CACHE_DIR=str(work / "cache"))
        self.env.update(MLOFTE_LANG="en", COLUMNS="120")
        self.year = str(year)
        self.cold: tuple[str, str] | None = None
        self.differences: list[str] = []

    def mlofte(self, *args: str) -> subprocess.CompletedProcess[str]:
        done = subprocess.run(
            [str(MLOFTE), *args],
            env=self.env,
            cwd=self.root,
            capture_output=True,
            encoding="utf-8",
            timeout=TIMEOUT,
            check=False,
        )
        if "Traceback" in done.stderr or done.returncode not in (0, 1):
            self.differences.append(
                f"mlofte {' '.join(args)}: exit {done.returncode}\n{done.stderr.strip()}"
            )
        return done

    def answers(self, *, cache: bool) -> tuple[str, str]:
        """(status YEAR --format json, validate --format json), warm or cold, taken at once."""
        first = () if cache else ("--no-cache",)
        with ThreadPoolExecutor(2) as pool:
            status = pool.submit(self.mlofte, *first, "status", self.year, "--format", "json")
            validate = pool.submit(self.mlofte, *first, "validate", "--format", "json")
            return status.result().stdout, validate.result().stdout

    def step(self, name: str, *, wrote: bool = False) -> None:
        """Compare warm with cold after the step `name`; cold again only when files changed."""
        if wrote or self.cold is None:
            self.cold = self.answers(cache=False)
        warm = self.answers(cache=True)
        for what, cold_text, warm_text in zip(("status", "validate"), self.cold, warm, strict=True):
            if cold_text != warm_text:
                diff = difflib.unified_diff(
                    cold_text.splitlines(), warm_text.splitlines(), "cold", "warm", lineterm=""
                )
                self.differences.append(f"{what} after {name}:\n" + "\n".join(diff))

    def concurrently(self, writers: int, commitment: tuple[str, str], date: str) -> None:
        """`writers` log writers and a reader for every two (status and validate in turn),
        released together from one barrier so that they overlap as much as the machine allows."""
        agreement, ident = commitment
        commands: list[tuple[str, ...]] = []
        for number in range(1, writers + 1):
            commands.append(
                ("log", ident, "--agreement", agreement, "--date", date, "--note", f"P {number}.")
            )
            if number % 2 == 0:
                reader = ("status", self.year, "--format", "json")
                commands.append(reader if number % 4 else ("validate",))
        barrier = threading.Barrier(len(commands))

        def launch(args: tuple[str, ...]) -> None:
            barrier.wait()
            self.mlofte(*args)

        with ThreadPoolExecutor(len(commands)) as pool:
            list(pool.map(launch, commands))


def _target(run: _Run) -> tuple[str, str, str]:
    """(agreement, commitment, as_of) of the first commitment that status lists for YEAR."""
    assert run.cold is not None
    report = json.loads(run.cold[0])
    for agreement in report["agreements"]:
        for commitment in agreement["commitments"]:
            return agreement["id"], commitment["id"], report["as_of"]
    raise SystemExit(f"stress: no commitment in {run.year} to log")


def stress(
    runs: int = 200,
    writers: int = 8,
    *,
    year: int = 2021,
    date: str | None = None,
    source: Path = REPO,
    out: TextIO = sys.stdout,
) -> int:
    """Run the sequence `runs` times; the number of differences (each printed in full up to
    SHOWN, then counted only). `date` defaults to status's as_of for YEAR."""
    found = 0
    for number in range(1, runs + 1):
        with tempfile.TemporaryDirectory(prefix="mlofte-stress-") as work:
            run = _Run(source, Path(work), year)
            run.mlofte("validate")
            run.step("validate")
            agreement, commitment, as_of = _target(run)
            day = date or as_of
            log = ("log", commitment, "--agreement", agreement, "--date", day)
            run.mlofte("status", run.year, "--format", "json")
            run.step("status --format json")
            run.mlofte("status", run.year)
            run.step("status")
            for which in ("first", "second"):
                run.mlofte(*log, "--count", "2", "--note", "K.")
                run.step(f"the {which} identical log", wrote=True)
            run.concurrently(writers, (agreement, commitment), day)
            run.step(f"{writers} concurrent writers", wrote=True)
            run.mlofte("validate")
            run.step("validate after the writers")
        for text in run.differences:
            if found < SHOWN:
                print(f"--- run {number}: {text}", file=out)
            found += 1
        out.flush()
    print(f"stress: {runs} runs, {found} differences", file=out)
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--runs", type=int, default=200, help="runs (default 200)")
    parser.add_argument("--writers", type=int, default=8, help="concurrent writers (default 8)")
    parser.add_argument("--year", type=int, default=2021, help="the status year (default 2021)")
    parser.add_argument("--date", help="date of the entries written (default: as_of of YEAR)")
    parser.add_argument(
        "--source", type=Path, default=REPO, help="root to copy (default: this repository's)"
    )
    args = parser.parse_args(argv)
    if not MLOFTE.exists():
        parser.error(f"no mlofte beside this Python: {MLOFTE}")
    found = stress(args.runs, args.writers, year=args.year, date=args.date, source=args.source)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
