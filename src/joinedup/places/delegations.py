"""The register of what is delegated to each place: a function (commissioning community
services, the Better Care Fund...), its budget where it has one, from a date to a date.

A delegation is *current* on a day between its first and last days (``to_date`` blank: it runs
on). Adding, changing and removing one are written to the audit log.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from joinedup.records import audit
from joinedup.records.registers import (
    Batch,
    Field,
    Kind,
    Register,
    Report,
    UnknownEntry,
    rows,
    store,
)
from joinedup.warehouse import Warehouse


def check_delegation(batch: Batch, delegation: dict[str, Any], report: Report) -> None:
    first, last = delegation["from_date"], delegation["to_date"]
    if last is not None and last < first:
        report("to_date", f"the delegation ends ({last}) before it starts ({first})")
    found = batch.warehouse.query("SELECT 1 AS found FROM places WHERE code = ?",
                                  [delegation["place"]])  # fmt: skip
    if not found:
        report("place", f"there is no place {delegation['place']!r}; register it first")


DELEGATIONS = Register(
    "delegations",
    "place_delegations",
    (
        Field("id", Kind.integer, minimum=1, help="Blank for a new delegation."),
        Field("place", Kind.text, column="place_code", required=True, help="The place's code."),
        Field(
            "function",
            Kind.text,
            required=True,
            help="What is delegated, e.g. Community services commissioning.",
        ),
        Field("budget", Kind.money, help="The budget delegated with it, in pounds, if any."),
        Field("from_date", Kind.date, required=True),
        Field("to_date", Kind.date, help="The last day of the delegation; blank while it runs."),
        Field(
            "delegated_by",
            Kind.text,
            refers_to="organisations",
            help="The organisation delegating it (usually the ICB).",
        ),
    ),
    check=check_delegation,
    description="what is delegated to each place: function, budget, dates",
)


def delegate(
    warehouse: Warehouse,
    place: str,
    function: str,
    *,
    from_date: date,
    budget: Decimal | int | str | None = None,
    to_date: date | None = None,
    delegated_by: str | None = None,
    who: str | None = None,
) -> dict[str, Any]:
    """Record that a function (and budget) is delegated to a place; returns it with its id."""
    entry = {"place": place, "function": function, "budget": budget, "from_date": from_date,
             "to_date": to_date, "delegated_by": delegated_by}  # fmt: skip
    return store(warehouse, DELEGATIONS, [entry], who=who)[0].after


def end_delegation(
    warehouse: Warehouse, delegation_id: int, to_date: date, *, who: str | None = None
) -> dict[str, Any]:
    """Record the last day of a delegation (it is kept, as history)."""
    delegation_row(warehouse, delegation_id)
    entry = {"id": delegation_id, "to_date": to_date}
    return store(warehouse, DELEGATIONS, [entry], who=who)[0].after


def remove_delegation(
    warehouse: Warehouse, delegation_id: int, *, who: str | None = None
) -> dict[str, Any]:
    """Remove a delegation recorded in error; the audit log keeps it as it was."""
    with warehouse.transaction(touches=DELEGATIONS.touches):
        before = delegation_row(warehouse, delegation_id)
        warehouse.connection.execute("DELETE FROM place_delegations WHERE id = ?",
                                     [delegation_id])  # fmt: skip
        entry = audit.Entry("remove", DELEGATIONS.table, str(delegation_id), before, None)
        audit.record(warehouse, [entry], who=who)
    return before


def delegation_row(warehouse: Warehouse, delegation_id: int) -> dict[str, Any]:
    found = rows(warehouse, DELEGATIONS, "id = ?", [delegation_id])
    if not found:
        raise UnknownEntry(
            f"There is no delegation {delegation_id}; list them with `joinedup places list`."
        )
    return found[0]


def delegations(
    warehouse: Warehouse, system_code: str, *, on: date | None = None
) -> list[dict[str, Any]]:
    """The delegations to a system's places, by place and start, each with ``budget_gbp``
    (a number, or None) and whether it is ``current`` on ``on`` (default today)."""
    day = on or date.today()
    found = rows(
        warehouse,
        DELEGATIONS,
        "place_code IN (SELECT code FROM places WHERE system_code = ?)",
        [system_code],
    )
    found.sort(key=lambda row: (row["place"], row["from_date"], row["id"]))
    return [
        row
        | {
            "budget_gbp": None if row["budget"] is None else float(row["budget"]),
            "current": row["from_date"] <= day
            and (row["to_date"] is None or row["to_date"] >= day),
        }
        for row in found
    ]
