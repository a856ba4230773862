"""The metrics a warehouse knows: the national set shipped with JoinedUp and systems' local sets."""

from __future__ import annotations

import getpass
import json
from datetime import UTC, datetime
from difflib import get_close_matches
from pathlib import Path

from joinedup.errors import JoinedUpError
from joinedup.metrics.definition import (
    BadDefinition,
    Metric,
    national_metrics,
    parse_definition,
    read_definition,
)
from joinedup.reference import system
from joinedup.warehouse import Warehouse


class UnknownMetric(JoinedUpError):
    exit_code = 2


def metrics(warehouse: Warehouse, system_code: str | None = None) -> dict[str, Metric]:
    """The national set and every local metric (or only ``system_code``'s), by id."""
    found = dict(national_metrics())
    rows = warehouse.query(
        "SELECT id, definition FROM metric_definitions WHERE ? IS NULL OR set_code = ? ORDER BY id",
        [system_code, system_code],
    )
    for row in rows:
        found[row["id"]] = parse_definition(json.loads(row["definition"]), f"local {row['id']}")
    return found


def metric(warehouse: Warehouse, metric_id: str) -> Metric:
    known = metrics(warehouse)
    if metric_id in known:
        return known[metric_id]
    close = get_close_matches(metric_id, list(known), n=3, cutoff=0.4)
    hint = f" Did you mean: {', '.join(close)}?" if close else f" Known: {', '.join(known)}."
    raise UnknownMetric(f"Unknown metric {metric_id!r}.{hint}")


def add_local_metric(
    warehouse: Warehouse, path: Path, system_key: str, *, added_by: str | None = None
) -> Metric:
    """Add (or replace) a system's local metric from a YAML definition file."""
    code = system(system_key).code
    definition = read_definition(path)
    if definition.set != code:
        raise BadDefinition(
            f"{path}: set is {definition.set!r} but the metric is being added for {code}; "
            f"write `set: {code}` in the file."
        )
    if definition.id in national_metrics():
        raise BadDefinition(f"{path}: {definition.id!r} is a national metric; choose another id.")
    owner = warehouse.query("SELECT set_code FROM metric_definitions WHERE id = ?", [definition.id])
    if owner and owner[0]["set_code"] != code:
        raise BadDefinition(
            f"{path}: {definition.id!r} is already a local metric of {owner[0]['set_code']}."
        )
    with warehouse.transaction() as connection:
        connection.execute("DELETE FROM metric_definitions WHERE id = ?", [definition.id])
        connection.execute(
            "INSERT INTO metric_definitions (id, set_code, definition, added_by, added_at) "
            "VALUES (?, ?, ?, ?, ?)",
            [
                definition.id,
                code,
                definition.model_dump_json(exclude_none=True),
                added_by or getpass.getuser(),
                datetime.now(UTC).replace(tzinfo=None),
            ],
        )
    return definition
