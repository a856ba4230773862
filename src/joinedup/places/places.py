"""Places: the place-based partnerships inside a system, each one council area or a group of
councils, with the place board that runs it (IMPOWER/CCN recommendations 3, 8 and 17).

A system's places are the ones registered for it. Until any are, it has its *default* places:
one per upper-tier council with at least :data:`DEFAULT_MIN_SHARE` of its residents in the
system (a council split across systems is a place in each system where many of its people
live; the few hundred who live over a border are served by the neighbouring place). A council
is in at most one place of a system. Registering, changing and removing a place go through the
register, so each is checked and written to the audit log.
"""

from __future__ import annotations

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
from joinedup.reference import council, councils_in, system
from joinedup.warehouse import Warehouse

#: A council is a default place of a system where at least this share of its people live.
DEFAULT_MIN_SHARE = 0.05


def check_place(batch: Batch, place: dict[str, Any], report: Report) -> None:
    """Its councils are in its system and in no other place of it; its board is a place board
    of the same system."""
    # A new place's code is not among the values yet: it is compared with every other place.
    code, system_code = place.get("code"), place["system"]
    if not place["councils"]:
        report("councils", "a place is one council area or a group of them; name at least one")
        return
    members = {item.code for item in councils_in(system_code)}
    for item in place["councils"]:
        if item not in members:
            report("councils", f"council {item} has no residents in system {system_code}")
    taken = batch.warehouse.query(
        "SELECT code, unnest(councils) AS council FROM places "
        "WHERE system_code = ? AND code IS DISTINCT FROM ?",
        [system_code, code],
    )
    for row in taken:
        if row["council"] in place["councils"]:
            report("councils", f"council {row['council']} is already in place {row['code']}")
    board = place["board"]
    if board is not None:
        found = batch.warehouse.query(
            "SELECT kind, system_code FROM governance_boards WHERE code = ?", [board]
        )
        if not found:
            report("board", f"there is no board {board!r}; register it first")
        elif found[0]["kind"] != "place_board" or found[0]["system_code"] != system_code:
            report("board", f"board {board} is not a place board of system {system_code}")


PLACES = Register(
    "places",
    "places",
    (
        Field("code", Kind.text, required=True, help="A code you choose, e.g. QKS-WKENT."),
        Field(
            "system",
            Kind.text,
            column="system_code",
            required=True,
            refers_to="systems",
            help="The system (E54 code, ODS code or name).",
        ),
        Field("name", Kind.text, required=True, help="e.g. West Kent."),
        Field(
            "councils",
            Kind.codes,
            refers_to="councils",
            help="The councils whose areas make up the place (ONS codes), ';'-separated.",
        ),
        Field("board", Kind.text, column="board_code", help="Its place board's code, if any."),
    ),
    generated=False,
    check=check_place,
    description="place-based partnerships within each system",
)


def add_place(
    warehouse: Warehouse,
    code: str,
    system_key: str,
    name: str,
    councils: list[str],
    *,
    board: str | None = None,
    who: str | None = None,
) -> dict[str, Any]:
    """Register a place (or change the one with this code); returns it as stored."""
    entry = {"code": code, "system": system_key, "name": name, "councils": councils}
    return store(warehouse, PLACES, [entry | {"board": board}], who=who)[0].after


def add_default_places(
    warehouse: Warehouse, system_key: str, *, who: str | None = None
) -> list[dict[str, Any]]:
    """Register a system's default places (one per council; see the module's notes); places
    already registered are kept, and a council already in one is left out."""
    found = system(system_key)
    placed = {item for row in places_registered(warehouse, found.code) for item in row["councils"]}
    entries = [
        {"code": place["code"], "system": found.code, "name": place["name"],
         "councils": place["councils"]}
        for place in default_places(found.code)
        if not placed & set(place["councils"])
    ]  # fmt: skip
    return [change.after for change in store(warehouse, PLACES, entries, who=who)]


def remove_place(warehouse: Warehouse, code: str, *, who: str | None = None) -> dict[str, Any]:
    """Remove a place and end its register of delegations with it: both are in the audit log
    (as removals, with the rows as they were), so nothing is lost."""
    from joinedup.places.delegations import DELEGATIONS

    with warehouse.transaction(touches=PLACES.touches | DELEGATIONS.touches):
        before = place_row(warehouse, code)
        delegated = rows(warehouse, DELEGATIONS, "place_code = ?", [code])
        entries = [
            audit.Entry("remove", DELEGATIONS.table, str(row["id"]), row, None, f"place {code}")
            for row in delegated
        ]
        entries.append(audit.Entry("remove", PLACES.table, code, before, None))
        warehouse.connection.execute("DELETE FROM place_delegations WHERE place_code = ?", [code])
        warehouse.connection.execute("DELETE FROM places WHERE code = ?", [code])
        audit.record(warehouse, entries, who=who)
    return before


def place_row(warehouse: Warehouse, code: str) -> dict[str, Any]:
    found = rows(warehouse, PLACES, "code = ?", [code])
    if not found:
        raise UnknownEntry(f"There is no place {code!r}; list them with `joinedup places list`.")
    return found[0]


def places_registered(warehouse: Warehouse, system_code: str) -> list[dict[str, Any]]:
    return rows(warehouse, PLACES, "system_code = ?", [system_code])


def default_places(system_key: str) -> list[dict[str, Any]]:
    """One place per council with at least :data:`DEFAULT_MIN_SHARE` of its people in the
    system, coded ``<ODS code>-<council code>`` and named after the council."""
    found = system(system_key)
    chosen = []
    for item in councils_in(found.code):
        share = next(m.population_share for m in item.systems if m.system_code == found.code)
        if share >= DEFAULT_MIN_SHARE:
            chosen.append(
                {
                    "code": f"{found.ods_code}-{item.code}",
                    "system": found.code,
                    "name": item.name,
                    "councils": [item.code],
                    "board": None,
                }
            )
    return chosen


def system_places(warehouse: Warehouse, system_key: str) -> list[dict[str, Any]]:
    """A system's places, each with its councils (codes, and names with the residents of each
    in the system), its board and its delegations. ``registered`` is False for default places
    (none is registered for the system yet)."""
    from joinedup.places.delegations import delegations

    found = system(system_key)
    registered = places_registered(warehouse, found.code)
    listed = registered or default_places(found.code)
    delegated: dict[str, list[dict[str, Any]]] = {}
    for row in delegations(warehouse, found.code):
        delegated.setdefault(row["place"], []).append(row)
    return [
        {
            "code": place["code"],
            "name": place["name"],
            "system": found.code,
            "councils": list(place["councils"]),
            "council_details": [_council(code, found.code) for code in place["councils"]],
            "population": sum(_residents(code, found.code) for code in place["councils"]),
            "board": place["board"],
            "registered": bool(registered),
            "delegations": delegated.get(place["code"], []),
        }
        for place in listed
    ]


def _residents(council_code: str, system_code: str) -> int:
    return next(
        (m.population for m in council(council_code).systems if m.system_code == system_code), 0
    )


def _council(code: str, system_code: str) -> dict[str, Any]:
    item = council(code)
    return {
        "code": code,
        "name": item.name,
        "residents_in_system": _residents(code, system_code),
        "split": len(item.systems) > 1,
    }
