"""The stored results of the current population runs, read back for the web app, the open API
and the scrutiny pack. Nothing here is fit for the public as it is: counts of people pass through
``joinedup.publish.population`` (disclosure control) first."""

from __future__ import annotations

from typing import Any

from joinedup.warehouse import Warehouse

_CURRENT = "JOIN population_runs r ON r.id = {alias}.run_id AND r.superseded_at IS NULL"


def current_runs(warehouse: Warehouse) -> list[dict[str, Any]]:
    """The runs not superseded: what was segmented, when, with which rules and engine."""
    return warehouse.query(
        "SELECT id, source, engine, financial_year, rules_name, systems, people, run_at, "
        "joinedup_version, synthetic FROM population_runs WHERE superseded_at IS NULL ORDER BY id"
    )


def current_segments(warehouse: Warehouse) -> list[dict[str, Any]]:
    """The segments of the current runs' rules, in order (the first run's order first)."""
    return warehouse.query(
        "SELECT s.code, any_value(s.label ORDER BY s.run_id) AS label, "
        "min(s.position) AS position FROM population_segments s "
        f"{_CURRENT.format(alias='s')} GROUP BY s.code ORDER BY position, s.code"
    )


def current_rows(warehouse: Warehouse) -> list[dict[str, Any]]:
    """Every level's attribution rows (place, system, council) of the current runs."""
    return warehouse.query(
        "SELECT a.* EXCLUDE (run_id, synthetic) FROM population_attribution a "
        f"{_CURRENT.format(alias='a')} ORDER BY a.level, a.system_code, a.council_code, a.segment"
    )


def current_activity(warehouse: Warehouse) -> list[dict[str, Any]]:
    """Events and events per 1,000 people by setting, for every area and segment."""
    return warehouse.query(
        "SELECT a.level, a.system_code, a.council_code, a.segment, a.setting, a.events, "
        f"a.per_1000 FROM population_activity a {_CURRENT.format(alias='a')} "
        "ORDER BY a.level, a.system_code, a.council_code, a.segment, a.setting"
    )


def current_breakdowns(warehouse: Warehouse, level: str = "system") -> list[dict[str, Any]]:
    """People and cost of each segment of each area of ``level`` by age band, sex and decile."""
    return warehouse.query(
        "SELECT b.level, b.system_code, b.council_code, b.segment, b.dimension, b.band, b.people, "
        "b.cost_in_hospital, b.cost_out_of_hospital FROM population_breakdowns b "
        f"{_CURRENT.format(alias='b')} WHERE b.level = ? "
        "ORDER BY b.system_code, b.council_code, b.segment, b.dimension, b.band",
        [level],
    )
