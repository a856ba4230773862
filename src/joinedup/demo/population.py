"""Synthetic person-level samples: a few thousand people per system, segmented and attributed.

Each system gets ``context.scale.people_per_system`` people from the population generator (its
real age and sex structure, calibrated conditions, activity and costs), seeded from the part's own
random generator. The samples are loaded and checked like any partner's files, segmented with the
default rules on DuckDB, and stored: the persons, events and condition records, each person's
segment, and the attribution of one run. Everything is marked synthetic.
"""

from __future__ import annotations

import tempfile
from datetime import datetime
from pathlib import Path

from joinedup.demo.context import DemoContext
from joinedup.population.generator import generate
from joinedup.population.loading import load_population
from joinedup.population.results import store_segmentation
from joinedup.population.rules import load_rules
from joinedup.population.runs import analyse
from joinedup.reference import systems

#: The tables this part fills, in the order their synthetic rows are deleted.
TABLES: tuple[str, ...] = (
    "population_person_segments",
    "population_breakdowns",
    "population_activity",
    "population_attribution",
    "population_segments",
    "population_runs",
    "population_events",
    "population_conditions",
    "population_persons",
)
RUN_AT = datetime(2025, 7, 31, 9, 0)


def build_population(context: DemoContext) -> None:
    seeds = {found.code: context.random.getrandbits(63) for found in systems()}
    connection = context.warehouse.connection
    with tempfile.TemporaryDirectory(prefix="joinedup-demo-population-") as work:
        root = Path(work)
        for code, seed in seeds.items():
            generate(code, context.scale.people_per_system, seed, root / "input" / code)
        with load_population(root / "input", staging=root / "staged") as loaded:
            result = analyse(loaded, load_rules(), "duckdb", keep_persons=True)
            for table, columns in (
                (
                    "population_persons",
                    "person_id, age, sex, council_code, district_code, deprivation_decile, "
                    "practice_code, nhs_number_hash",
                ),
                (
                    "population_events",
                    "person_id, event_date, setting, CAST(cost_pence AS DECIMAL(18, 0)) / 100, "
                    "condition_codes",
                ),
                ("population_conditions", "person_id, condition, recorded_on"),
            ):
                staged = str(loaded.path(table.removeprefix("population_"))).replace("'", "''")
                connection.execute(
                    f"INSERT INTO {table} SELECT {columns}, true FROM read_parquet('{staged}') "
                    "ORDER BY ALL"
                )
        store_segmentation(
            context.warehouse,
            result,
            source="demo",
            run_by="JoinedUp demo generator",
            synthetic=True,
            run_at=RUN_AT,
        )
