"""Declarations of interest, and the conflicts they raise on decisions.

A member has a conflict of interest on a decision when, on the decision's date, they sit on the
board taking it and have a declared interest, in force that day, in an organisation the decision
affects. Only the decisions that affect that organisation are flagged.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from joinedup.records.registers import (
    Batch,
    Field,
    Kind,
    Register,
    Report,
    rows,
    store,
)
from joinedup.warehouse import Warehouse


def check_interest(batch: Batch, interest: dict[str, Any], report: Report) -> None:
    start, end = interest["start_date"], interest["end_date"]
    if start is not None and end is not None and end < start:
        report("end_date", f"the interest ends ({end}) before it starts ({start})")


INTERESTS = Register(
    "interests",
    "governance_interests",
    (
        Field("id", Kind.integer, minimum=1, help="Blank for a new declaration."),
        Field("person", Kind.integer, column="person_id", required=True, refers_to="people"),
        Field(
            "organisation",
            Kind.text,
            column="organisation_code",
            refers_to="organisations",
            help="The organisation the interest is in; blank if it is not registered.",
        ),
        Field("category", Kind.text, help="e.g. Employment, Directorship, Indirect."),
        Field("description", Kind.text, required=True),
        Field("start_date", Kind.date),
        Field("end_date", Kind.date, help="Blank while the interest lasts."),
        Field("declared_on", Kind.date),
        Field("external_ref", Kind.text, help="Where it was imported from, if it was."),
    ),
    check=check_interest,
    description="declarations of interest",
)


@dataclass(frozen=True, slots=True)
class Conflict:
    """A member of the deciding board with an interest in an organisation the decision affects."""

    decision_id: int
    person_id: int
    name: str
    role: str
    organisation_code: str
    interest_id: int
    description: str

    def __str__(self) -> str:
        return (
            f"{self.name} ({self.role}) has a declared interest in {self.organisation_code}: "
            f"{self.description}"
        )


def declare_interest(
    warehouse: Warehouse,
    person: int,
    description: str,
    *,
    organisation: str | None = None,
    category: str | None = None,
    start_date: date | None = None,
    end_date: date | None = None,
    declared_on: date | None = None,
    who: str | None = None,
) -> dict[str, Any]:
    entry = {
        "person": person,
        "organisation": organisation,
        "category": category,
        "description": description,
        "start_date": start_date,
        "end_date": end_date,
        "declared_on": declared_on,
    }
    return store(warehouse, INTERESTS, [entry], who=who)[0].after


def interests(warehouse: Warehouse, person: int | None = None) -> list[dict[str, Any]]:
    if person is None:
        return rows(warehouse, INTERESTS)
    return rows(warehouse, INTERESTS, "person_id = ?", [person])


def conflicts(warehouse: Warehouse, decision_ids: Sequence[int]) -> dict[int, list[Conflict]]:
    """The conflicts of interest on each of the decisions (an empty list for none)."""
    found: dict[int, list[Conflict]] = {int(decision_id): [] for decision_id in decision_ids}
    if not found:
        return found
    placeholders = ", ".join("?" for _ in found)
    for row in warehouse.query(
        "SELECT d.id AS decision_id, m.person_id, p.name, m.role, i.organisation_code, "
        "i.id AS interest_id, i.description "
        "FROM governance_decisions d "
        "JOIN governance_memberships m ON m.board_code = d.board_code "
        "AND m.start_date <= d.decision_date "
        "AND (m.end_date IS NULL OR m.end_date >= d.decision_date) "
        "JOIN governance_interests i ON i.person_id = m.person_id "
        "AND list_contains(d.affected, i.organisation_code) "
        "AND (i.start_date IS NULL OR i.start_date <= d.decision_date) "
        "AND (i.end_date IS NULL OR i.end_date >= d.decision_date) "
        "JOIN governance_people p ON p.id = m.person_id "
        f"WHERE d.id IN ({placeholders}) ORDER BY d.id, p.name, i.id",
        list(found),
    ):
        found[int(row["decision_id"])].append(Conflict(**row))
    return found
