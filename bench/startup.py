"""`joinedup --help` must start in under half a second: heavy libraries load lazily."""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

GOAL_SECONDS = 0.5
RUNS = 15


def timed(command: list[str]) -> float:
    """Median wall time of a command over RUNS runs, after one warm-up run."""
    subprocess.run(command, check=True, capture_output=True)
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def startup() -> list[str]:
    joinedup = str(Path(sys.executable).parent / "joinedup")
    baseline = timed([sys.executable, "-c", "pass"])
    typer_only = timed([sys.executable, "-c", "import typer"])
    help_time = timed([joinedup, "--help"])
    list_time = timed([joinedup, "systems", "list", "--format", "json"])
    verdict = "meets" if help_time < GOAL_SECONDS else "MISSES"
    return [
        "| command | median (s) | ratio to `python -c pass` |",
        "| --- | ---: | ---: |",
        f"| `python -c pass` (baseline) | {baseline:.3f} | 1.0 |",
        f"| `python -c 'import typer'` | {typer_only:.3f} | {typer_only / baseline:.1f} |",
        f"| `joinedup --help` | {help_time:.3f} | {help_time / baseline:.1f} |",
        f"| `joinedup systems list --format json` | {list_time:.3f} | {list_time / baseline:.1f} |",
        "",
        f"`joinedup --help` {verdict} the {GOAL_SECONDS} s goal ({RUNS} runs each, median).",
    ]
