"""Boards that overlap: a system's Integrated Care Partnership and the Health and Wellbeing
Boards of its councils (IMPOWER/CCN recommendation 12 asks whether one could do both jobs).

Counts memberships current on ``as_of`` (default today). The HWBs of a system are those of the
councils with residents in it; the ICP is the system's board of kind ``icp`` (all of them, if
more than one is registered). A person is *in both* when the same person (by id in the people
register) holds a current seat on the ICP and on at least one of the HWBs; an organisation is in
both when current members represent it on each.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from joinedup.reference import councils_in, system
from joinedup.warehouse import Warehouse


def overlap(warehouse: Warehouse, system_key: str, *, as_of: date | None = None) -> dict[str, Any]:
    """The people and organisations on both the ICP and an HWB of the system, and each HWB's
    members and how many of them also sit on the ICP.

    ``people_in_both`` and ``organisations_in_both`` are lists; ``people_in_both_count`` and
    ``organisations_in_both_count`` count them."""
    found = system(system_key)
    day = as_of or date.today()
    councils = [item.code for item in councils_in(found.code)]
    seats = _current_seats(warehouse, found.code, councils, day)
    icp = [seat for seat in seats if seat["kind"] == "icp"]
    hwb = [seat for seat in seats if seat["kind"] == "hwb"]
    icp_people = {seat["person_id"] for seat in icp}
    icp_organisations = {seat["organisation"] for seat in icp} - {None}
    hwb_people = {seat["person_id"] for seat in hwb}
    hwb_organisations = {seat["organisation"] for seat in hwb} - {None}
    people = [
        _person(person, [s for s in seats if s["person_id"] == person])
        for person in sorted(icp_people & hwb_people)
    ]
    shared = icp_organisations & hwb_organisations
    names = _names(warehouse, shared)
    organisations = [_organisation(code, names, icp, hwb) for code in sorted(shared)]
    notes = []
    icp_boards = sorted({seat["board"] for seat in icp} | _boards(warehouse, found.code, "icp"))
    if not icp_boards:
        notes.append(f"No Integrated Care Partnership is registered for {found.short_name}.")
    by_hwb = _by_hwb(warehouse, councils, hwb, icp_people, icp_organisations)
    if not by_hwb:
        notes.append(
            f"No Health and Wellbeing Board of {found.short_name}'s councils is registered."
        )
    return {
        "system": found.code,
        "name": found.name,
        "as_of": day.isoformat(),
        "synthetic": warehouse.synthetic,
        "icp_boards": icp_boards,
        "icp_members": len(icp_people),
        "hwb_members": len(hwb_people),
        "people_in_both_count": len(people),
        "people_in_both": people,
        "organisations_in_both_count": len(organisations),
        "organisations_in_both": organisations,
        "by_hwb": by_hwb,
        "notes": notes,
    }


def _current_seats(
    warehouse: Warehouse, system_code: str, councils: list[str], day: date
) -> list[dict[str, Any]]:
    placeholders = ", ".join("?" for _ in councils) or "NULL"
    return warehouse.query(
        "SELECT m.person_id, p.name, m.board_code AS board, b.kind, b.council_code AS council, "
        "m.role, m.organisation_code AS organisation "
        "FROM governance_memberships m JOIN governance_boards b ON b.code = m.board_code "
        "JOIN governance_people p ON p.id = m.person_id "
        "WHERE ((b.kind = 'icp' AND b.system_code = ?) "
        f"OR (b.kind = 'hwb' AND b.council_code IN ({placeholders}))) "
        "AND m.start_date <= ? AND (m.end_date IS NULL OR m.end_date >= ?) "
        "ORDER BY m.person_id, m.board_code",
        [system_code, *councils, day, day],
    )


def _boards(warehouse: Warehouse, system_code: str, kind: str) -> set[str]:
    found = warehouse.query(
        "SELECT code FROM governance_boards WHERE kind = ? AND system_code = ?", [kind, system_code]
    )
    return {row["code"] for row in found}


def _person(person: int, seats: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "person_id": person,
        "name": seats[0]["name"],
        "icp_roles": sorted({s["role"] for s in seats if s["kind"] == "icp"}),
        "hwbs": sorted({s["board"] for s in seats if s["kind"] == "hwb"}),
        "hwb_roles": sorted({s["role"] for s in seats if s["kind"] == "hwb"}),
        "organisations": sorted({s["organisation"] for s in seats} - {None}),
    }


def _organisation(
    code: str, names: dict[str, str], icp: list[dict[str, Any]], hwb: list[dict[str, Any]]
) -> dict[str, Any]:
    return {
        "code": code,
        "name": names.get(code, code),
        "icp_seats": sum(1 for seat in icp if seat["organisation"] == code),
        "hwb_seats": sum(1 for seat in hwb if seat["organisation"] == code),
        "hwbs": sorted({seat["board"] for seat in hwb if seat["organisation"] == code}),
    }


def _names(warehouse: Warehouse, codes: set[str]) -> dict[str, str]:
    if not codes:
        return {}
    placeholders = ", ".join("?" for _ in codes)
    found = warehouse.query(
        f"SELECT code, name FROM organisations WHERE code IN ({placeholders})", sorted(codes)
    )
    return {row["code"]: row["name"] for row in found}


def _by_hwb(
    warehouse: Warehouse,
    councils: list[str],
    hwb: list[dict[str, Any]],
    icp_people: set[int],
    icp_organisations: set[str],
) -> list[dict[str, Any]]:
    placeholders = ", ".join("?" for _ in councils) or "NULL"
    boards = warehouse.query(
        "SELECT code, name, council_code AS council FROM governance_boards "
        f"WHERE kind = 'hwb' AND council_code IN ({placeholders}) ORDER BY code",
        councils,
    )
    for board in boards:
        seats = [seat for seat in hwb if seat["board"] == board["code"]]
        people = {seat["person_id"] for seat in seats}
        organisations = {seat["organisation"] for seat in seats} - {None}
        board |= {
            "members": len(people),
            "also_on_icp": len(people & icp_people),
            "only_on_hwb": len(people - icp_people),
            "organisations": len(organisations),
            "organisations_on_icp": len(organisations & icp_organisations),
        }
    return boards
