"""Ledger benchmarking: 1,000 random (measure, system) comparisons on the demonstration warehouse.

Baseline, measured in the same run: one system's headline summary (what one page or one
`joinedup ledger summary` call costs).
"""

from __future__ import annotations

import random
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from joinedup.demo import build
from joinedup.ledger.comparison import MeasureTable
from joinedup.ledger.figures import summary
from joinedup.ledger.measures import ranked_names
from joinedup.reference import systems
from joinedup.warehouse import Warehouse

PAIRS = 1_000


def median_time(action: Callable[[], object], runs: int = 5) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def ledger() -> list[str]:
    with tempfile.TemporaryDirectory() as work:
        path = Path(work) / "demo.duckdb"
        start = time.perf_counter()
        built = build(path, seed=1, scale="small")
        build_time = time.perf_counter() - start
        lines = sum(built.rows.get(table, 0) for table in ("ledger_lines",))
        with Warehouse.open(path) as warehouse:
            baseline = median_time(lambda: summary(warehouse, "system", "E54000008"))
            chooser = random.Random(1)
            pairs = [
                (chooser.choice(systems()).code, chooser.choice(ranked_names()))
                for _ in range(PAIRS)
            ]
            start = time.perf_counter()
            table = MeasureTable(warehouse)
            prepared = time.perf_counter() - start
            start = time.perf_counter()
            for code, measure in pairs:
                table.compare(code, measure)
            compared = time.perf_counter() - start
    total = prepared + compared
    return [
        "| step | seconds | ratio to baseline |",
        "| --- | ---: | ---: |",
        f"| one system summary (baseline) | {baseline:.3f} | 1.0 |",
        f"| headline figures of all 42 systems | {prepared:.3f} | {prepared / baseline:.1f} |",
        f"| {PAIRS:,} random measure/system comparisons | {compared:.3f} "
        f"| {compared / baseline:.1f} |",
        f"| total for {PAIRS:,} comparisons | {total:.3f} | {total / baseline:.1f} |",
        "",
        f"Demo warehouse (small, seed 1): {lines:,} ledger lines, built in {build_time:.1f} s.",
    ]
