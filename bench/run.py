"""Run every benchmark and append the figures to bench/RESULTS.md.

Each benchmark measures a baseline in the same run and prints its result as a ratio to it, so
figures from different machines can be compared. Run with `make bench`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import sys
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from ledger import ledger
from load import load
from metrics import metrics
from population import population
from report import report
from startup import startup

HERE = Path(__file__).resolve().parent
Benchmark = Callable[[], list[str]]
BENCHMARKS: dict[str, Benchmark] = {
    "startup": startup,
    "ledger": ledger,
    "metrics": metrics,
    "load": load,
    "population": population,
    "report": report,
}


def machine() -> str:
    cpus = os.cpu_count()
    return (
        f"{platform.node()} ({platform.machine()}, {cpus} CPUs, Python {platform.python_version()})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("names", nargs="*", help=f"Benchmarks to run: {', '.join(BENCHMARKS)}.")
    parser.add_argument("--no-record", action="store_true", help="Print only.")
    arguments = parser.parse_args()
    chosen = arguments.names or list(BENCHMARKS)
    unknown = sorted(set(chosen) - set(BENCHMARKS))
    if unknown:
        parser.error(
            f"unknown benchmark(s) {', '.join(unknown)}; choose from {', '.join(BENCHMARKS)}"
        )
    stamp = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    section = [f"## {stamp} on {machine()}", ""]
    for name in chosen:
        print(f"# {name}", flush=True)
        lines = BENCHMARKS[name]()
        for line in lines:
            print(line)
        section += [f"### {name}", "", *lines, ""]
    if not arguments.no_record:
        results = HERE / "RESULTS.md"
        existing = results.read_text(encoding="utf-8") if results.exists() else "# Benchmarks\n"
        head, _, rest = existing.partition("\n")
        results.write_text(f"{head}\n\n" + "\n".join(section) + rest, encoding="utf-8")
        print(f"Recorded in {results}")


if __name__ == "__main__":
    main()
