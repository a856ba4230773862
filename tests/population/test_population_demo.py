"""The demonstration part: a segmented sample per system, stored and marked synthetic."""

from __future__ import annotations

from pathlib import Path

from joinedup.demo.population import TABLES
from joinedup.demo.scale import Scale
from joinedup.warehouse import Warehouse


def test_demo_part_fills_its_tables_with_synthetic_rows(demo_warehouse: Path) -> None:
    """On the session's demo (small scale), built by the demo builder as `joinedup demo build`
    builds it: the part's own build, again in a test, would cost three seconds more."""
    path = demo_warehouse
    with Warehouse.open(path) as warehouse:
        for table in TABLES:
            counts = warehouse.query(
                f"SELECT count(*) AS n, count(*) FILTER (WHERE NOT synthetic) AS real FROM {table}"
            )[0]
            assert counts["n"] > 0 and counts["real"] == 0, table
        people = warehouse.query("SELECT count(*) AS n FROM population_persons")[0]["n"]
        systems = warehouse.query(
            "SELECT count(DISTINCT system_code) AS n FROM population_attribution "
            "WHERE level = 'system'"
        )[0]["n"]
        exact = warehouse.query(
            "SELECT (SELECT sum(cost) FROM population_events) = (SELECT sum("
            "cost_in_hospital + cost_out_of_hospital) FROM population_attribution "
            "WHERE level = 'place') AS same"
        )[0]["same"]
    assert people == 42 * Scale.small.people_per_system
    assert systems == 42
    assert exact
