"""People who sit on boards: members, councillors, officers. Only what the registers need is
kept: a name, a party, the council a councillor sits on; never an address or a phone number."""

from __future__ import annotations

from typing import Any

from joinedup.records.registers import Field, Kind, Register, rows, store
from joinedup.warehouse import Warehouse

PEOPLE = Register(
    "people",
    "governance_people",
    (
        Field("id", Kind.integer, minimum=1, help="Blank for a new person."),
        Field("name", Kind.text, required=True),
        Field("party", Kind.text, help="Political party, for councillors."),
        Field(
            "councillor_of",
            Kind.text,
            refers_to="councils",
            help="The council the person is a councillor of, if any.",
        ),
        Field("external_ref", Kind.text, help="Where it was imported from, if it was."),
    ),
    description="people who sit on boards",
)


def add_person(
    warehouse: Warehouse,
    name: str,
    *,
    party: str | None = None,
    councillor_of: str | None = None,
    who: str | None = None,
) -> dict[str, Any]:
    """Register a person; returns the row with the id given to them."""
    entry = {"name": name, "party": party, "councillor_of": councillor_of}
    return store(warehouse, PEOPLE, [entry], who=who)[0].after


def people(warehouse: Warehouse) -> list[dict[str, Any]]:
    return rows(warehouse, PEOPLE)
