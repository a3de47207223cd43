"""Run the performance cases of issue 7 as whole processes and print a table against the targets.

Why whole processes: the targets are what a person or a CI job waits for, start-up and imports
included, and peak memory is only meaningful per process. Each case runs ``--repeat`` times
(fewer when a case would overrun ``--budget``); the table shows the median time and the largest
peak resident memory of its runs, measured for that child alone (``os.wait4``).

    python benchmarks/run.py                      # full sizes (a 1M-row CSV; slow)
    python benchmarks/run.py --sizes small        # tiny sizes, a few seconds: proves the scripts work
    python benchmarks/run.py --only 'validate-csv-*' --repeat 5
    python benchmarks/run.py --markdown           # the table for the README

Generated data is cached (``--data-dir``, default ``~/.cache/impactagg-bench``), keyed by the
generator's source, so only the first run pays for it.

This process stays small on purpose: it generates data and checks reports in child processes
and never reads a report itself. A child's peak memory as the kernel reports it includes the
memory of the process it was forked from (the pages it held until it ran its command), so a
runner grown big would show up in every case. Timings vary 30-40% from run to run on
small shared machines: compare cases of one run, and read ratios rather than absolute seconds.
"""

from __future__ import annotations

import argparse
import compileall
import fnmatch
import itertools
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import threading
import time
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

BIN = Path(sys.executable).parent
GENERATOR = Path(__file__).with_name("generate.py")
START_YEAR = 2016
IMPACTAGG = str(BIN / "impactagg")
FRICTIONLESS = BIN / "frictionless"
MB = 1024 * 1024
FRICTIONLESS_SPEEDUP = 15  # the issue: at least 15 times faster than frictionless
YAML_RATIO = 1.3  # the issue: at most 1.3 times PyYAML's C loader alone
LINEAR_SLACK = 1.3  # the issue: each step within 1.3 times of proportional


@dataclass(frozen=True, slots=True)
class Sizes:
    csv_rows: int  # the large CSV: validate, validate with errors, frictionless, summarize
    years: int  # years in that CSV (summarize reads them all and reports the last)
    linear: tuple[int, ...]  # validate at these sizes: time must grow in proportion
    yaml_outcomes: int
    small_yaml_outcomes: int
    folder_years: int
    folder_entities: int


SIZES = {
    "full": Sizes(1_000_000, 10, (10_000, 100_000, 1_000_000), 10_000, 8, 10, 300),
    # Seconds in all: for CI, to prove that every case still runs. Says nothing about speed.
    "small": Sizes(2_000, 10, (200, 2_000), 200, 8, 2, 60),
}
ERROR_SHARE = 0.01


@dataclass(frozen=True, slots=True)
class Target:
    seconds: float | None = None
    memory_mb: float | None = None
    max_ratio: float | None = None  # case seconds / comparison seconds

    def describe(self) -> str:
        parts = []
        if self.seconds is not None:
            parts.append(f"≤ {self.seconds:g} s")
        if self.memory_mb is not None:
            parts.append(f"≤ {self.memory_mb / 1024:g} GB")
        if self.max_ratio is not None:
            parts.append(
                f"≤ 1/{round(1 / self.max_ratio)} of comparison"
                if self.max_ratio < 1
                else f"≤ {self.max_ratio:g}× comparison"
            )
        return ", ".join(parts) or "–"


@dataclass(slots=True)
class Case:
    name: str
    what: str
    argv: list[str]
    rows: int | None = None
    cwd: Path | None = None
    exit_codes: frozenset[int] = frozenset({0})
    target: Target = field(default_factory=Target)
    comparison: str | None = None  # the case this one is compared with
    # Checks the output (a file) of the first run; returns (passed, what it found).
    check: Callable[[Path], tuple[bool, str]] | None = None
    skip: str | None = None  # why the case cannot run here


@dataclass(slots=True)
class Result:
    case: Case
    seconds: list[float] = field(default_factory=list)
    peak_mb: float = 0.0
    failure: str | None = None  # unexpected exit code, failed check, timeout
    note: str = ""
    ratio: float | None = None

    @property
    def median(self) -> float | None:
        return _median(self.seconds) if self.seconds else None

    @property
    def rows_per_second(self) -> float | None:
        median = self.median
        return self.case.rows / median if self.case.rows and median else None

    def met(self) -> bool | None:
        """True or False against the target; None when there is no target or nothing measured."""
        target, median = self.case.target, self.median
        if self.failure or median is None:
            return False if self.failure else None
        verdicts = []
        if target.seconds is not None:
            verdicts.append(median <= target.seconds)
        if target.memory_mb is not None:
            verdicts.append(self.peak_mb <= target.memory_mb)
        if target.max_ratio is not None and self.ratio is not None:
            verdicts.append(self.ratio <= target.max_ratio)
        if self.case.check is not None:
            verdicts.append(True)  # a failed check is a failure, above
        return all(verdicts) if verdicts else None


def _median(values: Sequence[float]) -> float:
    # Not statistics.median: that module and hashlib would add megabytes to this process (see
    # the module's docstring).
    ordered = sorted(values)
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


@dataclass(frozen=True, slots=True)
class Run:
    seconds: float
    peak_mb: float
    exit_code: int | None  # None: killed at the timeout
    stdout: Path
    stderr: str  # its last lines, to say why a run failed


def run_once(argv: Sequence[str], cwd: Path | None, timeout: float, scratch: Path) -> Run:
    """Run one process; wall time, and its own peak resident memory from the kernel's accounting.

    ``os.wait4`` gives the rusage of this child alone; RUSAGE_CHILDREN would report the largest
    child so far. Output goes to files, not pipes: a large JSON report must not block the child.
    """
    out_path, err_path = scratch / "stdout", scratch / "stderr"
    with out_path.open("wb") as out, err_path.open("wb") as err:
        start = time.perf_counter()
        process = subprocess.Popen(argv, cwd=cwd, stdout=out, stderr=err, stdin=subprocess.DEVNULL)
        killer = threading.Timer(timeout, process.kill)
        killer.start()
        try:
            _, status, usage = os.wait4(process.pid, 0)
        finally:
            killer.cancel()
        seconds = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)  # reaped here, so Popen must not wait again
    killed = process.returncode < 0 and seconds >= timeout
    # ru_maxrss is in kilobytes on Linux (bytes on macOS).
    peak = usage.ru_maxrss / (MB if sys.platform == "darwin" else 1024)
    with err_path.open("rb") as err:
        err.seek(max(0, err_path.stat().st_size - 2000))
        tail = err.read().decode("utf-8", "replace")
    return Run(seconds, peak, None if killed else process.returncode, out_path, tail)


def measure(case: Case, repeat: int, budget: float, timeout: float, scratch: Path) -> Result:
    """Run ``case`` up to ``repeat`` times, fewer when another run would pass ``budget`` seconds."""
    result = Result(case)
    if case.skip:
        result.note = case.skip
        return result
    spent = 0.0
    while len(result.seconds) < repeat:
        run = run_once(case.argv, case.cwd, timeout, scratch)
        if run.exit_code is None:
            result.failure = f"stopped after {timeout:g} s"
            return result
        if run.exit_code not in case.exit_codes:
            tail = run.stderr.strip().splitlines()[-3:]
            result.failure = f"exit {run.exit_code}: {' / '.join(tail)[:300]}"
            return result
        if case.check is not None and not result.seconds:
            passed, found = case.check(run.stdout)
            result.note = found
            if not passed:
                result.failure = f"check failed: {found}"
        result.seconds.append(run.seconds)
        result.peak_mb = max(result.peak_mb, run.peak_mb)
        spent += run.seconds
        if spent + run.seconds > budget:
            break
    return result


# --- data --------------------------------------------------------------------------------------


def default_data_dir() -> Path:
    if os.environ.get("IMPACTAGG_BENCH_DATA"):
        return Path(os.environ["IMPACTAGG_BENCH_DATA"])
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return cache / "impactagg-bench"


def generator(*args: str) -> str:
    """Run generate.py in a child process (see the module's docstring for why); its output."""
    done = subprocess.run(
        [sys.executable, str(GENERATOR), *args], capture_output=True, text=True, check=False
    )
    if done.returncode not in (0, 1):
        raise SystemExit(f"generate.py {' '.join(args)} failed:\n{done.stderr}")
    return done.stdout.strip()


def _cached(path: Path, *args: str) -> Path:
    """``path``, generated first unless a previous run left it (generation writes then renames)."""
    if not path.exists():
        print(f"generating {path.name.removesuffix('.part')} ...", file=sys.stderr, flush=True)
        start = time.perf_counter()
        generator(*args, "-o", str(path))
        print(f"  {time.perf_counter() - start:.1f} s", file=sys.stderr, flush=True)
    return path


def generator_key() -> str:
    """Cached data belongs to the generator's source: any change to it regenerates the data."""
    return f"{zlib.crc32(GENERATOR.read_bytes()):08x}"


def data_folder(data_dir: Path | None, seed: int) -> Path:
    """Where this generator's data of ``seed`` is cached (made if missing), under ``data_dir``."""
    root = data_dir or default_data_dir()
    folder = root / f"generator-{generator_key()}-seed{seed}"
    # Data of an older generator is never read again, and is a gigabyte at full sizes.
    for stale in root.glob("generator-*-seed*"):
        if stale.is_dir() and not stale.name.startswith(f"generator-{generator_key()}-"):
            shutil.rmtree(stale)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@dataclass(frozen=True, slots=True)
class Data:
    """The generated inputs of every case, in one folder per generator version and seed."""

    folder: Path
    seed: int

    def csv(self, rows: int, years: int, error_share: float = 0.0) -> Path:
        path = self.folder / f"outcomes-{rows}r-{years}y-e{error_share:g}.csv"
        if not sidecar(path).exists():
            path.unlink(missing_ok=True)  # the sidecar is written last: without it the pair is incomplete
        sizes = ["--rows", str(rows), "--years", str(years), "--error-share", str(error_share)]
        return _cached(path, "csv", *sizes, "--seed", str(self.seed), "--start-year", str(START_YEAR))

    def yaml(self, outcomes: int) -> Path:
        path = self.folder / f"AI-KE-{outcomes}.yaml"
        return _cached(path, "yaml", "--outcomes", str(outcomes), "--seed", str(self.seed))

    def folder_of_years(self, years: int, entities: int) -> Path:
        path = self.folder / f"repository-{years}y-{entities}e"
        if not path.exists():
            partial = path.with_name(path.name + ".part")
            shutil.rmtree(partial, ignore_errors=True)
            sizes = ["--years", str(years), "--entities", str(entities)]
            _cached(partial, "folder", *sizes, "--seed", str(self.seed), "--start-year", str(START_YEAR))
            partial.rename(path)
        return path

    def table_schema(self) -> Path:
        # Written beside the CSV files: frictionless refuses paths outside its working folder.
        return _cached(self.folder / "outcomes.schema.json", "table-schema")


def sidecar(path: Path) -> Path:
    """Where generate.py lists the bad cells of ``path``."""
    return path.with_name(path.name + ".errors.json")


def check_injected(csv_file: Path) -> Callable[[Path], tuple[bool, str]]:
    """A check that the JSON report names every bad cell injected in ``csv_file``, and nothing else."""

    def check(report: Path) -> tuple[bool, str]:
        found = generator("check", str(report), str(csv_file))
        return found.startswith("all "), found

    return check


# --- the cases ---------------------------------------------------------------------------------


def _k(rows: int) -> str:
    return (
        f"{rows // 1_000_000}m"
        if rows % 1_000_000 == 0
        else f"{rows // 1000}k"
        if rows % 1000 == 0
        else str(rows)
    )


def build_cases(sizes: Sizes, data: Data, selected: Callable[[str], bool]) -> tuple[list[Case], list[str]]:
    """The cases selected, comparisons first, and the names of all cases.

    Each case is made only when selected, so that data is generated only for the cases run.
    """
    cases: list[Case] = []
    names: list[str] = []
    big = _k(sizes.csv_rows)
    python = sys.executable

    def add(name: str, make: Callable[[], Case]) -> None:
        names.append(name)
        if selected(name):
            case = make()
            case.name = name
            cases.append(case)

    add(
        "help",
        lambda: Case(
            "", "impactagg --help: start-up and imports", [IMPACTAGG, "--help"], target=Target(0.25)
        ),
    )
    add(
        "validate-yaml-small",
        lambda: Case(
            "",
            f"validate one small YAML submission ({sizes.small_yaml_outcomes} outcomes)",
            [IMPACTAGG, "validate", str(data.yaml(sizes.small_yaml_outcomes))],
            rows=sizes.small_yaml_outcomes,
            target=Target(0.4),
        ),
    )
    yaml_name = f"pyyaml-cload-{_k(sizes.yaml_outcomes)}"
    load = "import sys, yaml; yaml.load(open(sys.argv[1], encoding='utf-8'), Loader=yaml.CSafeLoader)"
    add(
        yaml_name,
        lambda: Case(
            "",
            "comparison: python -c parsing the same YAML with PyYAML's C loader, nothing else",
            [python, "-c", load, str(data.yaml(sizes.yaml_outcomes))],
            rows=sizes.yaml_outcomes,
        ),
    )
    add(
        f"validate-yaml-{_k(sizes.yaml_outcomes)}",
        lambda: Case(
            "",
            f"validate one YAML submission of {sizes.yaml_outcomes:,} outcomes",
            [IMPACTAGG, "validate", str(data.yaml(sizes.yaml_outcomes))],
            rows=sizes.yaml_outcomes,
            target=Target(max_ratio=YAML_RATIO),
            comparison=yaml_name,
        ),
    )
    frictionless_name = f"frictionless-csv-{big}"

    def frictionless() -> Case:
        path = data.csv(sizes.csv_rows, sizes.years)
        schema = data.table_schema()
        missing = None if FRICTIONLESS.exists() else "frictionless not installed (pip install -e '.[bench]')"
        return Case(
            "",
            "comparison: frictionless validate, same file, equivalent Table Schema",
            # Relative paths from the file's folder: frictionless refuses others as unsafe.
            [str(FRICTIONLESS), "validate", "--schema", schema.name, "--limit-errors", "10000000", path.name],
            rows=sizes.csv_rows,
            cwd=path.parent,
            skip=missing,
        )

    add(frictionless_name, frictionless)
    csv_target = Target(3.0, 1024.0, 1 / FRICTIONLESS_SPEEDUP)
    add(
        f"validate-csv-{big}",
        lambda: Case(
            "",
            f"validate a consolidated CSV of {sizes.csv_rows:,} rows over {sizes.years} years, all valid",
            [IMPACTAGG, "validate", str(data.csv(sizes.csv_rows, sizes.years))],
            rows=sizes.csv_rows,
            target=csv_target,
            comparison=frictionless_name,
        ),
    )

    def with_errors() -> Case:
        path = data.csv(sizes.csv_rows, sizes.years, ERROR_SHARE)
        return Case(
            "",
            f"the same with {ERROR_SHARE:.0%} bad cells, JSON report; every bad cell must be reported",
            [IMPACTAGG, "validate", "--format", "json", str(path)],
            rows=sizes.csv_rows,
            exit_codes=frozenset({1}),
            target=csv_target,
            comparison=frictionless_name,
            check=check_injected(path),
        )

    add(f"validate-csv-{big}-errors", with_errors)

    def summarize() -> Case:
        year = START_YEAR + sizes.years - 1
        return Case(
            "",
            f"summarize the last year of the same {sizes.csv_rows:,} outcomes over {sizes.years} years "
            "(validates every year)",
            [
                IMPACTAGG,
                "summarize",
                "--data",
                str(data.csv(sizes.csv_rows, sizes.years)),
                "--year",
                str(year),
            ],
            rows=sizes.csv_rows,
            target=Target(3.0),
        )

    add(f"summarize-csv-{big}-{sizes.years}y", summarize)
    for rows in sizes.linear:
        if rows == sizes.csv_rows:
            continue  # the large case above is the last point
        add(
            f"validate-csv-{_k(rows)}",
            lambda rows=rows: Case(  # type: ignore[misc]
                "",
                f"linearity: validate {rows:,} rows",
                [IMPACTAGG, "validate", str(data.csv(rows, sizes.years))],
                rows=rows,
            ),
        )

    def repository() -> Case:
        folder = data.folder_of_years(sizes.folder_years, sizes.folder_entities)
        files = sum(1 for path in folder.rglob("*.*") if not path.name.startswith("."))
        return Case(
            "",
            f"informational: summarize a data repository of {sizes.folder_years} years "
            f"({files:,} files, YAML per section, CSV per year for projects)",
            [IMPACTAGG, "summarize", "--data", str(folder), "--year", str(START_YEAR)],
            rows=int((folder / ".outcomes").read_text(encoding="utf-8")),
        )

    add(f"summarize-folder-{sizes.folder_years}y", repository)
    return cases, names


def linearity(results: dict[str, Result], sizes: Sizes) -> tuple[str, bool | None]:
    """Each step up in rows: (time ratio) / (rows ratio); proportional is 1, the target ≤ 1.3."""
    points = []
    for rows in sizes.linear:
        result = results.get(f"validate-csv-{_k(rows)}")
        if result is None or result.median is None:
            return "–", None
        points.append((rows, result.median))
    steps = [(f"{_k(a)}→{_k(b)}", (tb / ta) / (b / a)) for (a, ta), (b, tb) in itertools.pairwise(points)]
    text = ", ".join(f"{label} ×{factor:.2f}" for label, factor in steps)
    return text, all(factor <= LINEAR_SLACK for _, factor in steps)


# --- the table ---------------------------------------------------------------------------------

HEADER = ("case", "rows", "runs", "median s", "rows/s", "peak MB", "vs comparison", "target", "met?")


def _row(result: Result) -> list[str]:
    median = result.median
    met = result.met()
    if result.failure:
        verdict = "FAILED (see below)"
    elif median is None:
        verdict = f"skipped: {result.note}"
    else:
        verdict = "–" if met is None else "yes" if met else "no"
        if met and result.case.target.max_ratio is not None and result.ratio is None:
            verdict = "yes, without the comparison"
    ratio = "–"
    if result.ratio is not None:
        ratio = f"×{result.ratio:.3f}" if result.ratio < 0.1 else f"×{result.ratio:.2f}"
        if result.ratio < 1:
            ratio += f" (1/{1 / result.ratio:.1f})"
    rate = result.rows_per_second
    return [
        result.case.name,
        f"{result.case.rows:,}" if result.case.rows else "–",
        str(len(result.seconds)),
        f"{median:.3f}" if median is not None else "–",
        f"{rate:,.0f}" if rate else "–",
        f"{result.peak_mb:,.0f}" if median is not None else "–",
        ratio,
        result.case.target.describe(),
        verdict,
    ]


def render(rows: list[list[str]], markdown: bool) -> str:
    if markdown:
        lines = ["| " + " | ".join(HEADER) + " |", "|" + "|".join(" --- " for _ in HEADER) + "|"]
        lines += ["| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |" for row in rows]
        return "\n".join(lines)
    widths = [max(len(str(cells[i])) for cells in [HEADER, *rows]) for i in range(len(HEADER))]
    numeric = {1, 2, 3, 4, 5}

    def line(cells: Sequence[str]) -> str:
        return "  ".join(
            cell.rjust(widths[i]) if i in numeric else cell.ljust(widths[i]) for i, cell in enumerate(cells)
        ).rstrip()

    return "\n".join([line(HEADER), line(["-" * width for width in widths]), *(line(row) for row in rows)])


def machine(package: str) -> dict[str, Any]:
    """Where the figures come from: they mean little without it."""
    cpu = platform.processor() or platform.machine()
    try:
        for text in Path("/proc/cpuinfo").read_text().splitlines():
            if text.startswith("model name"):
                cpu = text.split(":", 1)[1].strip()
                break
        memory = next(
            int(text.split()[1]) // 1024 // 1024
            for text in Path("/proc/meminfo").read_text().splitlines()
            if text.startswith("MemTotal")
        )
    except (OSError, StopIteration, ValueError):
        memory = 0
    version = subprocess.run([IMPACTAGG, "--version"], capture_output=True, text=True, check=False).stdout
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gb": memory,
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "impactagg": version.strip(),
        "commit": code_version(package),
        "date": time.strftime("%Y-%m-%d"),
    }


def compile_package() -> str:
    """Write the bytecode of the impactagg the cases run, as an installed package has it, and say
    where it is. Without it, a run that may not write bytecode (PYTHONDONTWRITEBYTECODE, a
    read-only tree, a fresh work tree) compiles every module it imports again, each time: a
    quarter more instructions for validating a small YAML file, about 0.05 to 0.1 s a run."""
    found = subprocess.run(
        [str(BIN / "python"), "-c", "import impactagg, os; print(os.path.dirname(impactagg.__file__))"],
        capture_output=True,
        text=True,
        check=True,
    )
    where = found.stdout.strip()
    compileall.compile_dir(where, quiet=2)
    return where


def code_version(package: str) -> str:
    """The commit of the work tree holding ``package`` (the impactagg measured: another work tree's
    when PYTHONPATH names one), marked when its source differs from it (read-only git commands)."""

    def git(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(["git", *args], capture_output=True, text=True, check=False, cwd=package)

    commit = git("rev-parse", "--short", "HEAD").stdout.strip()
    if not commit:
        return f"no commit: {package}"
    if git("diff", "--quiet", "HEAD", "--", "..").returncode == 1:  # the folder holding the package
        commit += " + uncommitted changes in src"
    return commit


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Run the performance cases of issue 7.")
    parser.add_argument("--sizes", choices=sorted(SIZES), default="full")
    parser.add_argument("--only", action="append", metavar="CASE", help="a case name or pattern (repeatable)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per case; the median is shown")
    parser.add_argument(
        "--budget", type=float, default=200.0, help="seconds per case after which no further run starts"
    )
    parser.add_argument("--timeout", type=float, default=300.0, help="seconds after which a run is stopped")
    parser.add_argument("--data-dir", type=Path, default=None, help="where generated data is cached")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--markdown", action="store_true", help="print the table as Markdown")
    parser.add_argument("--list", action="store_true", help="list the cases and exit")
    parser.add_argument("--save", type=Path, metavar="FILE", help="also write the results as JSON")
    args = parser.parse_args(argv)
    if not Path(IMPACTAGG).exists():
        parser.error(f"{IMPACTAGG} not found: install impactagg into this Python's environment")
    sizes = SIZES[args.sizes]
    patterns = args.only or ["*"]

    def selected(name: str) -> bool:
        return any(fnmatch.fnmatchcase(name, pattern) for pattern in patterns)

    data = Data(data_folder(args.data_dir, args.seed), args.seed)
    if args.list:
        print("\n".join(build_cases(sizes, data, lambda name: False)[1]))
        return 0
    cases = build_cases(sizes, data, selected)[0]
    if not cases:
        parser.error(f"no case matches {patterns}; see --list")
    results: dict[str, Result] = {}
    compiled = compile_package()
    print(f"bytecode written for {compiled}", file=sys.stderr, flush=True)
    # Sessions share work trees: the code measured must be the same from the first case to the last.
    measured = code_version(compiled)
    scratch = data.folder / "scratch"
    scratch.mkdir(exist_ok=True)
    for case in cases:
        print(f"running {case.name} ...", file=sys.stderr, flush=True)
        result = measure(case, args.repeat, args.budget, args.timeout, scratch)
        compared = results.get(case.comparison) if case.comparison else None
        if compared is not None and compared.median and result.median:
            result.ratio = result.median / compared.median
        results[case.name] = result
        shown = f"{result.median:.3f} s" if result.median is not None else result.failure or result.note
        print(f"  {shown}", file=sys.stderr, flush=True)
    rows = [_row(result) for result in results.values()]
    text, met = linearity(results, sizes)
    if text != "–":
        labels = "/".join(_k(rows) for rows in sizes.linear)
        verdict = "–" if met is None else "yes" if met else "no"
        rows.append(
            [
                f"linearity {labels}",
                "–",
                "–",
                "–",
                "–",
                "–",
                text,
                f"each step ≤ ×{LINEAR_SLACK:g} of proportional",
                verdict,
            ]
        )
    info = machine(compiled)
    if info["commit"] != measured:
        info["commit"] = f"CHANGED DURING THE RUN: {measured} -> {info['commit']}"
    # The floor under every peak-memory figure (see the module's docstring).
    info["runner_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    print(
        f"{info['impactagg']} ({info['commit']}), Python {info['python']}, {info['os']}, {info['cpu']}, "
        f"{info['cores']} cores, {info['memory_gb']} GB; sizes {args.sizes}, up to {args.repeat} runs "
        f"per case, {info['date']}; runner {info['runner_mb']} MB"
    )
    print()
    print(render(rows, args.markdown))
    notes = [
        f"{result.case.name}: {result.failure or result.note}"
        for result in results.values()
        if result.failure or result.note
    ]
    if notes:
        print()
        print("\n".join(f"- {note}" if args.markdown else note for note in notes))
    if args.save:
        document = {
            "machine": info,
            "sizes": args.sizes,
            "results": [
                {
                    "case": result.case.name,
                    "what": result.case.what,
                    "rows": result.case.rows,
                    "seconds": result.seconds,
                    "median": result.median,
                    "peak_mb": result.peak_mb,
                    "ratio": result.ratio,
                    "target": result.case.target.describe(),
                    "met": result.met(),
                    "failure": result.failure,
                    "note": result.note,
                }
                for result in results.values()
            ],
            "linearity": {"steps": text, "met": met},
        }
        args.save.write_text(json.dumps(document, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    # A measuring tool: a missed target is a finding, not an error. A crash or a failed check is.
    return 1 if any(result.failure for result in results.values()) else 0


if __name__ == "__main__":
    raise SystemExit(main())
