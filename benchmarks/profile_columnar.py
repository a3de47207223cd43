"""Where the time of reading a large CSV file by columns goes: on two cores, and on one.

    .venv/bin/python benchmarks/profile_columnar.py FILE [--top N]

Reads FILE as the first pass of ``impactagg validate`` does (``readers/columnar.py``: slices,
rows found and cells tested by the compiled pass, the kept cells handed to polars as Arrow
columns, the rows that are not clean parsed by the csv module) and prints its wall and CPU time; then
does it again in a child process on one core (polars on one thread, the slices one after the
other, so that every CPU-second lands in the profile) and prints the functions that took the
most time. Not a benchmark (``run.py`` times whole commands): a profile, to see what a change
of the reader would have to remove.
"""

from __future__ import annotations

import argparse
import cProfile
import importlib
import io
import os
import pstats
import resource
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from concurrent.futures import Future
from pathlib import Path
from typing import Any


class _Inline:
    """An executor that runs each task at once, in the calling thread."""

    def __init__(self, *args: object) -> None:
        pass

    def __enter__(self) -> _Inline:
        return self

    def __exit__(self, *args: object) -> None:
        pass

    def submit(self, task: Callable[..., Any], *args: Any) -> Future[Any]:
        future: Future[Any] = Future()
        future.set_result(task(*args))
        return future


def _read(path: str) -> str:
    """Read ``path`` by columns once; wall and CPU seconds, and the rows found."""
    # The reader imports these late: loaded before the clock starts, they are not counted.
    for library in ("numpy", "polars"):
        importlib.import_module(library)

    from impactagg.limits import DEFAULT_LIMITS
    from impactagg.readers import columnar
    from impactagg.readers.csv_reader import field_limit

    before, start = resource.getrusage(resource.RUSAGE_SELF), time.perf_counter()
    with field_limit(DEFAULT_LIMITS.value_length):  # as read_columnar reads
        read = columnar._read_rows(path, DEFAULT_LIMITS, fingerprint=False)
    wall, after = time.perf_counter() - start, resource.getrusage(resource.RUSAGE_SELF)
    if read is None:
        return "the file is not read by columns: the row-by-row reader takes it"
    user, system = after.ru_utime - before.ru_utime, after.ru_stime - before.ru_stime
    return (
        f"{read.frame.height:,} rows in {wall:.2f} s: {user:.2f} s user + {system:.2f} s system CPU "
        f"({(user + system) / wall:.2f} cores busy)"
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("file", help="a CSV file with the standard's header")
    parser.add_argument("--top", type=int, default=15, help="functions to list (one core)")
    parser.add_argument("--one-core", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if not Path(args.file).is_file():
        parser.error(f"{args.file}: no such file")
    if args.one_core:
        from impactagg.readers import columnar

        vars(columnar)["ThreadPoolExecutor"] = _Inline  # a profile wants every task in this thread
        profile = cProfile.Profile()
        summary = profile.runcall(_read, args.file)
        print(f"one core: {summary}")
        out = io.StringIO()
        pstats.Stats(profile, stream=out).sort_stats("tottime").print_stats(args.top)
        print(out.getvalue().split("\n\n", 1)[-1].strip())
        return 0
    print(f"two cores: {_read(args.file)}")
    sys.stdout.flush()
    child = [sys.executable, __file__, args.file, "--top", str(args.top), "--one-core"]
    return subprocess.run(child, env={**os.environ, "POLARS_MAX_THREADS": "1"}, check=False).returncode


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BrokenPipeError:  # its output cut short (`| head`): not an error
        sys.stderr.close()
        sys.exit(0)
