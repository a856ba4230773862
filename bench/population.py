"""Population segmentation and attribution at the size of real systems.

Baseline, measured in the same run and the same process as each figure: one DuckDB pass over
the staged events, grouping them by person and summing cost. The goal is the full segmentation
and attribution (the ibis expressions on DuckDB) within 1.5 times that, growing linearly with
the number of people, within 4 GB at 5 million people.

Sizes: 0.5 and 1.5 million people always; 5 million when ``JOINEDUP_BENCH_POPULATION_LARGE=1``
(generating and loading it takes several minutes). Spark (local mode) runs on the 1.5 million
sample unless ``JOINEDUP_BENCH_SPARK=0``. Each size is analysed in a subprocess of its own, so
its peak memory (``resource.getrusage``) is its own.
"""

from __future__ import annotations

import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

SYSTEM = "E54000008"  # Cheshire and Merseyside: 2.5 million people
SEED = 1
ROUNDS = 3
MILLION = 1_000_000


def population() -> list[str]:
    sizes = [500_000, 1_500_000]
    if os.environ.get("JOINEDUP_BENCH_POPULATION_LARGE") == "1":
        sizes.append(5_000_000)
    spark = os.environ.get("JOINEDUP_BENCH_SPARK", "1") != "0"
    lines = [
        "| people | events | generate s | load s | baseline s | segment + attribute s "
        "| ratio | naive SQL ratio | peak MB |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    notes = []
    after_table: list[str] = []  # the Spark figure, kept out of the table's rows
    with tempfile.TemporaryDirectory(prefix="joinedup-bench-population-") as work:
        for people in sizes:
            source, staged = Path(work) / f"in{people}", Path(work) / f"staged{people}"
            figures = _worker("prepare", source, staged, people)
            figures |= _worker("duckdb", source, staged, people)
            naive = f"{figures['naive_ratio']:.1f}" if "naive_ratio" in figures else "—"
            lines.append(
                f"| {people:,} | {figures['events']:,} | {figures['generate']:.1f} "
                f"| {figures['load']:.1f} | {figures['baseline']:.2f} | {figures['pipeline']:.2f} "
                f"| {figures['ratio']:.1f} | {naive} | {figures['peak_mb']:,.0f} |"
            )
            notes.append((people, figures["pipeline"]))
            if spark and people == 1_500_000:
                found = _worker("spark", source, staged, people)
                after_table = [
                    "",
                    f"Spark local mode ({os.cpu_count()} cores) on 1,500,000 people: "
                    f"{found['spark']:.1f} s for segmentation and attribution, after "
                    f"{found['spark_start']:.1f} s to start the session.",
                ]
            _remove(source, staged)
    per_million = ", ".join(f"{t / (p / MILLION):.2f} s" for p, t in notes)
    lines += after_table
    lines += [
        "",
        f"Segment + attribute per million people, by size: {per_million} (linear growth keeps "
        "these equal). Ratios are medians of "
        f"{ROUNDS} rounds, each round timing the baseline and then the pipeline.",
    ]
    return lines


def _remove(*paths: Path) -> None:
    import shutil

    for path in paths:
        shutil.rmtree(path, ignore_errors=True)


def _worker(task: str, source: Path, staged: Path, people: int) -> dict[str, Any]:
    """Run one task in a fresh Python, returning its figures and its own peak memory."""
    command = [sys.executable, __file__, task, str(source), str(staged), str(people)]
    done = subprocess.run(command, check=True, capture_output=True, text=True)
    return json.loads(done.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def _prepare(source: Path, staged: Path, people: int) -> dict[str, Any]:
    from joinedup.population.generator import generate
    from joinedup.population.loading import load_population

    start = time.perf_counter()
    written = generate(SYSTEM, people, SEED, source)
    generated = time.perf_counter() - start
    start = time.perf_counter()
    load_population(source, staging=staged)
    return {
        "events": written.events,
        "generate": generated,
        "load": time.perf_counter() - start,
    }


def _staged(staged: Path) -> Any:
    import duckdb

    from joinedup.population.loading import LoadedPopulation, LoadReport
    from joinedup.population.period import period

    found = (
        duckdb.connect()
        .execute(
            f"SELECT setting, count(*), sum(cost_pence) FROM '{staged}/events.parquet' "
            "GROUP BY 1 ORDER BY 1"
        )
        .fetchall()
    )
    counted = (
        duckdb.connect().execute(f"SELECT count(*) FROM '{staged}/persons.parquet'").fetchall()
    )
    return LoadedPopulation(
        staged,
        staged,
        period(),
        [row[0] for row in found],
        int(counted[0][0]),
        sum(int(row[1]) for row in found),
        0,
        sum(int(row[2]) for row in found),
        LoadReport({}, [], []),
        temporary=False,
    )


def _baseline(staged: Path) -> float:
    import duckdb

    connection = duckdb.connect()
    start = time.perf_counter()
    connection.execute(
        "SELECT count(*), sum(total) FROM (SELECT person_id, sum(cost_pence) AS total "
        f"FROM read_parquet('{staged}/events.parquet') GROUP BY person_id)"
    ).fetchall()
    elapsed = time.perf_counter() - start
    connection.close()
    return elapsed


def _duckdb(staged: Path, people: int) -> dict[str, Any]:
    from joinedup.population.rules import load_rules
    from joinedup.population.runs import analyse

    loaded, rules = _staged(staged), load_rules()
    analyse(loaded, rules)  # warm up: imports and first connection
    baselines, pipelines, ratios, naive = [], [], [], []
    for _ in range(ROUNDS):
        baseline = _baseline(staged)
        start = time.perf_counter()
        analyse(loaded, rules)
        pipeline = time.perf_counter() - start
        baselines.append(baseline)
        pipelines.append(pipeline)
        ratios.append(pipeline / baseline)
    figures: dict[str, Any] = {
        "baseline": statistics.median(baselines),
        "pipeline": statistics.median(pipelines),
        "ratio": statistics.median(ratios),
    }
    if people <= 1_500_000:
        for _ in range(ROUNDS):
            baseline = _baseline(staged)
            naive.append(_naive(staged) / baseline)
        figures["naive_ratio"] = statistics.median(naive)
    figures["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return figures


def _naive(staged: Path) -> float:
    """The straightforward SQL: flags per person from separate passes, then events joined back
    to people and grouped with COUNT(DISTINCT person_id). Same segments, for timing only."""
    import duckdb

    from joinedup.population.multimorbidity import long_term_conditions

    codes = ", ".join(f"'{c.code}'" for c in long_term_conditions())
    sql = f"""
    WITH persons AS (SELECT * FROM read_parquet('{staged}/persons.parquet')),
    events AS (SELECT * FROM read_parquet('{staged}/events.parquet')),
    conditions AS (SELECT * FROM read_parquet('{staged}/conditions.parquet')),
    areas AS (SELECT * FROM read_parquet('{staged}/areas.parquet')),
    recorded AS (
        SELECT person_id, COUNT(DISTINCT condition) FILTER (WHERE condition IN ({codes})) AS ltc,
            bool_or(condition = 'palliative_care') AS palliative,
            bool_or(condition IN ('dementia', 'severe_frailty')) AS frail,
            bool_or(condition IN ('learning_disability', 'physical_disability')) AS disabled
        FROM conditions GROUP BY person_id),
    activity AS (
        SELECT person_id,
            bool_or(setting IN ('acute_non_elective', 'urgent_emergency_care', 'acute_elective'))
                AS acute,
            bool_or(contains(coalesce(condition_codes, ''), 'maternity')) AS maternity,
            bool_or(setting IN ('asc_residential_nursing', 'continuing_healthcare')) AS care
        FROM events GROUP BY person_id),
    segmented AS (
        SELECT p.person_id, a.area_system_code AS system_code, p.council_code,
            CASE WHEN r.palliative THEN 'end_of_life'
                 WHEN r.frail OR (p.age >= 65 AND v.care) THEN 'frailty_and_dementia'
                 WHEN r.disabled THEN 'disability'
                 WHEN r.ltc >= 2 THEN 'complex_multimorbidity'
                 WHEN r.ltc >= 1 THEN 'one_long_term_condition'
                 WHEN p.age = 0 OR v.maternity THEN 'maternal_and_infant'
                 WHEN v.acute THEN 'acute_episodic' ELSE 'healthy' END AS segment
        FROM persons p LEFT JOIN recorded r USING (person_id)
        LEFT JOIN activity v USING (person_id)
        LEFT JOIN areas a ON a.area_key = CASE WHEN p.district_code IS NULL
            THEN 'C:' || p.council_code ELSE 'D:' || p.district_code END)
    SELECT s.system_code, s.council_code, s.segment, COUNT(DISTINCT s.person_id) AS people,
        SUM(e.cost_pence) FILTER (WHERE e.in_hospital) AS cost_in,
        SUM(e.cost_pence) FILTER (WHERE NOT e.in_hospital) AS cost_out,
        COUNT(DISTINCT e.person_id || e.setting) AS users, COUNT(e.person_id) AS events
    FROM segmented s LEFT JOIN events e USING (person_id) GROUP BY ALL
    """
    connection = duckdb.connect()
    start = time.perf_counter()
    connection.execute(sql).fetchall()
    elapsed = time.perf_counter() - start
    connection.close()
    return elapsed


def _spark(staged: Path) -> dict[str, Any]:
    from joinedup.population.engines import engine
    from joinedup.population.rules import load_rules
    from joinedup.population.runs import analyse

    loaded, rules = _staged(staged), load_rules()
    start = time.perf_counter()
    with engine("spark"):  # a session started and stopped, to time the start alone
        pass
    started = time.perf_counter() - start
    start = time.perf_counter()
    analyse(loaded, rules, "spark")
    return {"spark": time.perf_counter() - start - started, "spark_start": started}


def _main(arguments: list[str]) -> None:
    task, source, staged, people = (
        arguments[0],
        Path(arguments[1]),
        Path(arguments[2]),
        int(arguments[3]),
    )
    if task == "prepare":
        figures = _prepare(source, staged, people)
    elif task == "duckdb":
        figures = _duckdb(staged, people)
    else:
        figures = _spark(staged)
    print(json.dumps(figures))


if __name__ == "__main__":
    _main(sys.argv[1:])
