"""Scrutiny packs: the PDF of 10 random councils on the demonstration warehouse (goal: each in
under five seconds).

Baseline, measured in the same run: one council's ledger summary (one of the calls a pack makes).
The first pack of a process also starts the chart renderer and imports the statistics and PDF
libraries; it is reported apart as the cold start, as `joinedup report scrutiny` pays it.
"""

from __future__ import annotations

import random
import statistics
import tempfile
import time
from pathlib import Path

from joinedup.demo import build
from joinedup.ledger.figures import summary
from joinedup.publish.reports import render_scrutiny_pack
from joinedup.reference import council, councils
from joinedup.warehouse import Warehouse
from ledger import median_time

COUNCILS = 10
GOAL_SECONDS = 5.0


def report() -> list[str]:
    with tempfile.TemporaryDirectory() as work:
        path = Path(work) / "demo.duckdb"
        build(path, seed=1, scale="small")
        with Warehouse.open(path) as warehouse:
            start = time.perf_counter()
            render_scrutiny_pack(warehouse, "E10000012", format="pdf")  # Essex: three systems
            cold = time.perf_counter() - start
            baseline = median_time(lambda: summary(warehouse, "council", "E10000012"))
            chosen = random.Random(1).sample([found.code for found in councils()], COUNCILS)
            timed = []
            for code in chosen:
                start = time.perf_counter()
                pdf = render_scrutiny_pack(warehouse, code, format="pdf")
                timed.append((code, time.perf_counter() - start, len(pdf)))
    seconds = [elapsed for _, elapsed, _ in timed]
    slowest = max(seconds)
    verdict = "meets" if max(slowest, cold) < GOAL_SECONDS else "misses"
    return [
        "| council | seconds | ratio to baseline | PDF size |",
        "| --- | ---: | ---: | ---: |",
        f"| one council's ledger summary (baseline) | {baseline:.3f} | 1.0 | |",
        f"| Essex, first pack of the process (cold start) | {cold:.2f} | {cold / baseline:.1f} | |",
        *(
            f"| {council(code).name} ({code}) | {elapsed:.2f} | {elapsed / baseline:.1f} "
            f"| {size / 1024:.0f} KB |"
            for code, elapsed, size in timed
        ),
        "",
        f"{COUNCILS} random councils: median {statistics.median(seconds):.2f} s, slowest "
        f"{slowest:.2f} s; the cold start {verdict} the {GOAL_SECONDS:.0f} s goal "
        f"(demo warehouse, small, seed 1).",
    ]
