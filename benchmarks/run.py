"""Time whole `mlofte` commands side by side, and print each target of the performance issue.

    python benchmarks/generate.py /tmp/national        # once: 300 agreements, 50,000 entries
    python benchmarks/run.py /tmp/national             # medians, ratios, MET / NOT MET
    python benchmarks/run.py /tmp/national --before /path/to/old/venv/bin/mlofte

Every command runs as its own process, N times, round-robin (so that a noisy moment
hits all of them alike); the median wall time is reported, and the peak resident
memory of each process (from wait4's rusage). Only the Python standard library is
used; hledger and bean-check are compared when installed, and said to be skipped
when not. Nothing here is a unit test: timings belong in this report only.

With `--before MLOFTE` (another installation's console script, e.g. a checkout of an
earlier commit in its own virtual environment) every mlofte command also runs with that one,
in the same round-robin, and a column gives the ratio after/before of the medians.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
MIB = 1024 * 1024

FLOOR = """
import os, sys, yaml
for folder, _, names in os.walk(sys.argv[1]):
    for name in names:
        if name.endswith(".yaml"):
            with open(os.path.join(folder, name), "rb") as handle:
                yaml.load(handle.read(), Loader=yaml.CSafeLoader)
"""


@dataclass
class Command:
    name: str
    argv: list[str]
    env: dict[str, str] = field(default_factory=dict)
    before: str = ""
    """'bean-cold' to remove Beancount's cache before each run."""
    times: list[float] = field(default_factory=list)
    peak: int = 0
    failed: str = ""

    @property
    def median(self) -> float:
        return statistics.median(self.times) if self.times else float("nan")


def run_once(command: Command, root: Path) -> None:
    if command.before == "bean-cold":
        cache = root / ".equivalent.beancount.picklecache"
        cache.unlink(missing_ok=True)
    env = {**os.environ, **command.env}
    started = time.perf_counter()
    process = subprocess.Popen(
        command.argv,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=env,
    )
    assert process.stderr is not None
    errors = process.stderr.read()
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    process.stderr.close()
    if process.returncode not in (0,):
        command.failed = f"exit {process.returncode}: {errors.decode(errors='replace')[-300:]}"
    command.times.append(elapsed)
    command.peak = max(command.peak, usage.ru_maxrss * 1024)  # KiB on Linux


def mlofte(*args: str, script: Path | None = None) -> list[str]:
    """The console script installed with this Python (an `mlofte` found first on PATH may
    belong to another one), else the package run as a module; or `script` when given."""
    if script is not None:
        return [str(script), *args]
    script = Path(sys.executable).with_name("mlofte")
    if script.is_file() and os.access(script, os.X_OK):
        return [str(script), *args]
    return [sys.executable, "-m", "medborgarlofte", *args]


def compile_package() -> str:
    """Byte-compile the package, as `pip install` does: an editable install in an environment
    that sets PYTHONDONTWRITEBYTECODE would otherwise compile it again on every run (about
    45 ms of each here), which no installed `mlofte` does."""
    import compileall

    found = subprocess.run(
        [
            sys.executable,
            "-c",
            "import medborgarlofte, os; print(os.path.dirname(medborgarlofte.__file__))",
        ],
        capture_output=True,
        encoding="utf-8",
        check=False,
    )
    folder = found.stdout.strip()
    if found.returncode != 0 or not folder:
        return "note: medborgarlofte not importable here; not byte-compiled"
    compileall.compile_dir(folder, quiet=1)
    return f"byte-compiled {folder}"


def pick_commitment(root: Path) -> tuple[str, str, str]:
    """(agreement id, commitment id, a date in its period) for the log commands."""
    first = sorted((root / "agreements").glob("*.yaml"))[0]
    agreement, commitment, start = first.stem, "", ""
    for line in first.read_text(encoding="utf-8").splitlines():
        if line.startswith("  - id: ") and not commitment:
            commitment = line.split(": ", 1)[1].strip()
        if line.startswith("period:"):
            start = line.split("start: ", 1)[1].split(",")[0].strip()
    return agreement, commitment, start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("root", type=Path, help="a national root written by generate.py")
    parser.add_argument("--runs", type=int, default=5, help="runs of each command (default 5)")
    parser.add_argument("--year", type=int, default=2021)
    parser.add_argument(
        "--before", type=Path, help="another installation's mlofte script, timed side by side"
    )
    args = parser.parse_args(argv)
    root: Path = args.root.resolve()
    if not (root / "agreements").is_dir():
        parser.error(f"{root} holds no agreements/: run benchmarks/generate.py {root} first")
    year = str(args.year)
    cache_dir = Path(tempfile.mkdtemp(prefix="mlofte-bench-cache-"))
    scratch = Path(tempfile.mkdtemp(prefix="mlofte-bench-log-")) / "root"
    env = {"MLOFTE_CACHE_DIR": str(cache_dir), "MLOFTE_NO_CACHE": "", "NO_COLOR": "1"}
    print(f"copying {root} to {scratch} for the real log …", file=sys.stderr)
    shutil.copytree(root, scratch, ignore=shutil.ignore_patterns("equivalent.*", ".equivalent.*"))
    scratch_before = scratch.parent / "before"
    if args.before is not None:
        shutil.copytree(scratch, scratch_before)
    agreement, commitment, start = pick_commitment(root)
    log_args = ("log", commitment, "--agreement", agreement, "--date", start, "--note", "Benchmark")

    def m(name: str, *a: str) -> Command:
        return Command(name, mlofte(*a), env)

    before_env = {**env, "MLOFTE_CACHE_DIR": str(cache_dir / "before")}  # a cache of its own

    def b(name: str, *a: str) -> Command:
        return Command(f"  before: {name}", mlofte(*a, script=args.before), before_env)

    commands = [
        Command("python -c pass", [sys.executable, "-c", "pass"]),
        Command("python -S -c pass (no site)", [sys.executable, "-S", "-c", "pass"]),
        Command("libyaml floor: read every file", [sys.executable, "-c", FLOOR, str(root)]),
        m("mlofte --version", "--version"),
        m("mlofte --help", "--help"),
        m(f"mlofte status {year} (shipped data)", "--root", str(REPO), "status", year),
        m("status --format json, warm", "--root", str(root), "status", year, "--format", "json"),
        m(
            "status --format json, cold",
            "--no-cache",
            "--root",
            str(root),
            "status",
            year,
            "-f",
            "json",
        ),
        m("status (table), warm", "--root", str(root), "status", year),
        m(f"report {year} (html), warm", "--root", str(root), "report", year),
        m("log --dry-run, warm", "--root", str(root), *log_args, "--dry-run"),
        m("log (writes a file), warm", "--root", str(scratch), *log_args),
    ]
    if args.before is not None:
        # `report` is new: an earlier installation has no such command to time beside it
        mine = [c for c in commands if c.argv[0] != sys.executable and c.name[:7] != "report "]
        for c in mine:
            twin = b(c.name, *c.argv[1:])
            if "writes a file" in c.name:  # its own scratch copy: the same number of new files
                twin.argv = [*twin.argv[:2], str(scratch_before), *twin.argv[3:]]
            commands.insert(commands.index(c) + 1, twin)
    skipped = []
    if shutil.which("hledger"):
        journal = str(root / "equivalent.journal")
        commands.append(Command("hledger balance -Y", ["hledger", "-f", journal, "balance", "-Y"]))
    else:
        skipped.append("skipped: hledger not installed")
    if shutil.which("bean-check"):
        ledger = str(root / "equivalent.beancount")
        commands.append(Command("bean-check, warm (its cache)", ["bean-check", ledger]))
        commands.append(Command("bean-check, cold", ["bean-check", ledger], before="bean-cold"))
    else:
        skipped.append("skipped: bean-check not installed")
    for path in ("equivalent.journal", "equivalent.beancount"):
        if not (root / path).exists():
            skipped.append(f"note: {path} is missing (generate.py --no-journals?)")

    print(compile_package(), file=sys.stderr)
    print("warming caches …", file=sys.stderr)
    for command in commands:
        if command.before != "bean-cold":
            run_once(command, root)
            command.times.clear()
            command.peak = 0  # the warm-up built the cache: not what is measured
    for index in range(args.runs):
        print(f"run {index + 1}/{args.runs} …", file=sys.stderr)
        for command in commands:
            run_once(command, root)
    shutil.rmtree(cache_dir, ignore_errors=True)
    shutil.rmtree(scratch.parent, ignore_errors=True)

    by_name = {c.name: c for c in commands}
    base = by_name["python -c pass"].median
    print()
    print(f"mlofte benchmark, {dt.date.today()}, {platform.platform()}, {os.cpu_count()} cores,")
    print(f"Python {platform.python_version()}; root {root}; median of {args.runs} runs each")
    print()
    print(f"{'command':<36} {'median':>9} {'× pass':>8} {'peak MiB':>9}")
    for c in commands:
        flag = f"  FAILED {c.failed}" if c.failed else ""
        versus = ""
        mine = by_name.get(c.name.removeprefix("  before: "))
        if c.name.startswith("  before: ") and mine is not None:
            versus = f"   after/before {mine.median / c.median:.2f}×"
        line = f"{c.name:<36} {c.median:>8.3f}s {c.median / base:>7.1f}× {c.peak / MIB:>9.0f}"
        print(line + versus + flag)
    for line in skipped:
        print(line)
    print(site_note(by_name, base))
    print()
    print("targets (issue 6, and the layers issue):")
    results = targets(by_name, base)
    for text, met in results:
        print(f"  {'MET    ' if met else 'NOT MET'}  {text}")
    return 0 if all(met for _, met in results) else 1


def site_note(c: dict[str, Command], base: float) -> str:
    """How much of `python -c pass` is this installation's site start-up (its .pth files):
    start-up ratios are against all of it, so a heavy hook makes them look better."""
    bare = c["python -S -c pass (no site)"].median
    return (
        f"note: site start-up (this installation's .pth files) is {base - bare:.3f}s of"
        " python -c pass here; the start-up ratios are against all of it"
        " (figures in a fresh virtual environment: benchmarks/README.md)"
    )


def targets(c: dict[str, Command], base: float) -> list[tuple[str, bool]]:
    warm = c["status --format json, warm"].median
    cold = c["status --format json, cold"].median
    table = c["status (table), warm"].median
    log = c["log (writes a file), warm"].median
    dry = c["log --dry-run, warm"].median
    floor = c["libyaml floor: read every file"].median
    found: list[tuple[str, bool]] = [
        (f"warm status json {warm:.3f}s ≤ 0.5 s", warm <= 0.5),
        (f"warm status json = {warm / floor:.2f} × libyaml floor ≤ 0.25 ×", warm <= 0.25 * floor),
        (f"cold status json = {cold / floor:.2f} × libyaml floor ≤ 0.8 ×", cold <= 0.8 * floor),
    ]
    bean = c.get("bean-check, warm (its cache)")
    if bean is not None:
        ratio = warm / bean.median
        found.append(
            (
                f"warm status json = {ratio:.2f} × bean-check warm ({bean.median:.3f}s) ≤ 0.75 ×",
                ratio <= 0.75,
            )
        )
    hledger = c.get("hledger balance -Y")
    if hledger is not None:
        ratio = cold / hledger.median
        found.append(
            (
                f"cold status json = {ratio:.2f} × hledger balance -Y ({hledger.median:.3f}s) ≤ 1.0 ×",
                ratio <= 1.0,
            )
        )
    else:
        found.append((f"cold status json {cold:.3f}s (hledger not installed: no ratio)", True))
    found.append((f"table = {table / warm:.2f} × json ≤ 1.5 ×", table <= 1.5 * warm))
    found.append(
        (
            f"--help = {c['mlofte --help'].median / base:.1f} × python -c pass ≤ 8 ×",
            c["mlofte --help"].median <= 8 * base,
        )
    )
    found.append(
        (
            f"--version = {c['mlofte --version'].median / base:.1f} × python -c pass ≤ 3 ×",
            c["mlofte --version"].median <= 3 * base,
        )
    )
    shipped = c[next(n for n in c if n.endswith("(shipped data)"))].median
    found.append(
        (
            f"status on the shipped data = {shipped / base:.1f} × python -c pass ≤ 20 ×",
            shipped <= 20 * base,
        )
    )
    national = [n for n in c if n.startswith(("status", "log"))]  # not the "before" rows
    peak = max(c[n].peak for n in national) / MIB
    found.append((f"peak memory on the national root {peak:.0f} MiB ≤ 200 MiB", peak <= 200))
    found.append(
        (
            f"log (writing) = {log / warm:.2f} × warm status ≤ 2 × (dry run {dry / warm:.2f} ×)",
            log <= 2 * warm,
        )
    )
    report = c[next(n for n in c if n.startswith("report "))].median
    found.append(
        (f"year report (html) = {report / warm:.2f} × warm status json ≤ 2 ×", report <= 2 * warm)
    )
    return found


if __name__ == "__main__":
    sys.exit(main())
