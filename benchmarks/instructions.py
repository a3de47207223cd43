"""Instructions, not seconds: what validation costs, counted by valgrind's callgrind.

    .venv/bin/python benchmarks/instructions.py [--rows 100000] [--error-share 0.01]

This machine's speed drifts by a quarter to a half between minutes (README, Performance): more
than most single changes gain or lose. callgrind counts the instructions a program executes
instead, the same for the same code and input whatever else the machine is doing. Two counts,
on a generated CSV file (cached with run.py's data):

- per submission checked by the models: ``check_submission`` over the file's first submissions
  as the row-by-row reader gives them, after a first pass that fills every cache. One thread,
  string hashes fixed: the same count every time.
- the whole command, ``impactagg validate --format json FILE``. Its reading threads wait for
  each other, and how long they spin first varies: the count varies by a few percent.

To compare two commits, run this script in each (``git worktree add``), with the same
arguments. Needs valgrind (Debian: ``apt install valgrind``); about a minute and a half.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from run import IMPACTAGG, Data, data_folder  # a script beside this one

_DUMP = """
import pickle, sys
from impactagg.readers import read_file
raws = read_file(sys.argv[1]).submissions[: int(sys.argv[2])]
pickle.dump(raws, open(sys.argv[3], "wb"))
"""

_CHECKS = """
import gc, pickle, sys
gc.disable()
from impactagg.checks import check_submission
raws = pickle.load(open(sys.argv[1], "rb"))
for raw in raws:  # caches filled: regular expressions, suggestions, country codes
    check_submission("", raw)
for _ in range(int(sys.argv[2])):
    for raw in raws:
        check_submission("", raw)
"""


def instructions(argv: Sequence[str]) -> int:
    """The instructions ``argv`` executes, all its threads together, as callgrind counts them."""
    # String hashes fixed: with Python's random seed, sets and dicts differ from run to run.
    environment = {**os.environ, "PYTHONHASHSEED": "0"}
    with tempfile.TemporaryDirectory() as scratch:
        done = subprocess.run(
            ["valgrind", "--tool=callgrind", f"--callgrind-out-file={scratch}/out", *argv],
            capture_output=True,
            text=True,
            check=False,
            env=environment,
        )
    for line in done.stderr.splitlines():
        if "Collected :" in line:
            return int(line.split(":")[-1].strip())
    raise SystemExit(f"callgrind counted nothing:\n{done.stderr[-2000:]}")


def per_submission(path: Path, submissions: int) -> float:
    """Instructions per ``check_submission``: those of two passes over the file's first
    ``submissions``, less those of none (start-up and loading), per check.

    The submissions are read outside valgrind (the row-by-row reader would take minutes in it)
    and handed over pickled."""
    with tempfile.TemporaryDirectory() as scratch:
        raws = Path(scratch) / "raws.pickle"
        subprocess.run([sys.executable, "-c", _DUMP, str(path), str(submissions), str(raws)], check=True)
        script = [sys.executable, "-c", _CHECKS, str(raws)]
        return (instructions([*script, "2"]) - instructions([*script, "0"])) / (2 * submissions)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--error-share", type=float, default=0.01)
    parser.add_argument("--submissions", type=int, default=500, help="checked by the models, each pass")
    parser.add_argument("--data-dir", type=Path, default=None, help="where generated data is cached")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    path = Data(data_folder(args.data_dir, args.seed), args.seed).csv(args.rows, args.years, args.error_share)
    checks = per_submission(path, args.submissions)
    command = instructions([IMPACTAGG, "validate", "--format", "json", str(path)])
    print(f"{path.name}")
    print(f"  check_submission: {checks:,.0f} instructions per submission")
    print(f"  impactagg validate --format json: {command:,} instructions (varies by a few percent)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
