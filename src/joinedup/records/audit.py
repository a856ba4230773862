"""The audit log: every change to a register, and every refused approval, appended and kept.

An entry says who did what, when, to which row (table and key), with the row as JSON before and
after. Entries are only ever added: this module offers no way to change or remove one, and the
only code that deletes any is the demo builder, replacing its own synthetic rows.
"""

from __future__ import annotations

import getpass
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from joinedup.jsonable import jsonable
from joinedup.warehouse import Warehouse

COLUMNS = (
    "id",
    "changed_at",
    "who",
    "action",
    "table_name",
    "key",
    "before_json",
    "after_json",
    "note",
    "synthetic",
)
ACTIONS = ("insert", "update", "approve", "reject", "approval_refused", "replace", "load", "remove")


@dataclass(frozen=True, slots=True)
class Entry:
    """One change to record. ``before`` is None for an insert, ``after`` None for a removal."""

    action: str
    table: str
    key: str
    before: Mapping[str, Any] | None
    after: Mapping[str, Any] | None
    note: str | None = None


def now() -> datetime:
    """The time an entry is stamped with: UTC, to the second."""
    return datetime.now(UTC).replace(microsecond=0, tzinfo=None)


def user(who: str | None) -> str:
    """Who is making a change: as given, else the name of the account running JoinedUp."""
    return who.strip() if who and who.strip() else getpass.getuser()


def as_json(row: Mapping[str, Any] | None) -> str | None:
    """A row as compact JSON with sorted keys, so equal rows give equal text (money and dates
    written as everywhere else, ``joinedup.jsonable``)."""
    if row is None:
        return None
    return json.dumps(
        jsonable(row),
        sort_keys=True,
        ensure_ascii=False,
        separators=(",", ":"),
    )


def record(
    warehouse: Warehouse,
    entries: Sequence[Entry],
    *,
    who: str | None = None,
    when: datetime | None = None,
    synthetic: bool = False,
) -> list[int]:
    """Append entries to the log, inside the caller's transaction (or one of their own)."""
    stamp = when or now()
    dated = [(stamp, entry) for entry in entries]
    return record_dated(warehouse, dated, who=who, synthetic=synthetic)


def record_dated(
    warehouse: Warehouse,
    dated: Sequence[tuple[datetime, Entry]],
    *,
    who: str | None = None,
    synthetic: bool = False,
) -> list[int]:
    """Append entries made at different times, in the order given, in one transaction (the
    demo's thousands of decisions, each appended in a transaction of its own, took a second of
    its build)."""
    if not dated:
        return []
    for _, entry in dated:
        if entry.action not in ACTIONS:
            raise ValueError(f"unknown audit action {entry.action!r}")
    by = user(who)
    with warehouse.transaction(touches=("audit",)) as connection:
        found = connection.execute("SELECT coalesce(max(id), 0) FROM audit_log").fetchone()
        first = (int(found[0]) if found else 0) + 1
        rows: list[list[Any]] = [
            [
                first + index,
                stamp,
                by,
                entry.action,
                entry.table,
                entry.key,
                as_json(entry.before),
                as_json(entry.after),
                entry.note,
                synthetic,
            ]
            for index, (stamp, entry) in enumerate(dated)
        ]
        warehouse.insert_rows("audit_log", COLUMNS, rows)
    return [row[0] for row in rows]


def history(
    warehouse: Warehouse,
    *,
    table: str | None = None,
    key: str | None = None,
    limit: int | None = 100,
) -> list[dict[str, Any]]:
    """Entries, newest first, optionally for one table and one key; before/after parsed."""
    where: list[str] = []
    parameters: list[Any] = []
    if table is not None:
        where.append("table_name = ?")
        parameters.append(table)
    if key is not None:
        where.append("key = ?")
        parameters.append(key)
    sql = (
        "SELECT id, changed_at, who, action, table_name, key, before_json, after_json, note, "
        "synthetic FROM audit_log"
        + (" WHERE " + " AND ".join(where) if where else "")
        + " ORDER BY id DESC"
    )
    if limit is not None:
        sql += " LIMIT ?"
        parameters.append(limit)
    rows = warehouse.query(sql, parameters)
    for row in rows:
        row["before"] = None if row["before_json"] is None else json.loads(row.pop("before_json"))
        row["after"] = None if row["after_json"] is None else json.loads(row.pop("after_json"))
        row.pop("before_json", None)
        row.pop("after_json", None)
    return rows
