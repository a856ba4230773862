"""A council's voice in its systems: its seats on their boards against its share of their
people, the burden of the boards its people sit on, and the councils split across systems that
have no voice in one of them (IMPOWER/CCN recommendations 3 and 11).

Everything counts memberships current on ``as_of`` (default today):

* a council's *seats* in a system are the memberships of the system's own boards (ICB board,
  ICP, place boards, a joint scrutiny committee: boards whose system is it) that represent the
  council (the member's organisation is the council);
* its *seat share* is its seats over all councils' seats on those boards, set against its
  *population share*, its residents in the system over the system's residents; *representation*
  is one over the other (1 is seats in proportion to people, below 1 fewer);
* it has a *voice* in a system when it has at least one seat there;
* its *board burden* is every board, of any system or its own (HWB, scrutiny), on which a member
  represents it: the boards, the seats, the meetings those boards held in the latest year of
  meetings recorded (365 days to the last meeting of any board on or before ``as_of``) and the
  seat-meetings (each seat times its board's meetings: the attendances asked of it).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from joinedup.reference import Council, council, councils_in, system
from joinedup.warehouse import Warehouse

BURDEN_DAYS = 365


def system_voice(
    warehouse: Warehouse, system_key: str, *, as_of: date | None = None
) -> dict[str, Any]:
    """Each council of a system: its seats against its population share, whether it has a
    voice, whether it is split across systems, and its board burden; and the split councils
    with no voice in this system."""
    found = system(system_key)
    day = as_of or date.today()
    members = councils_in(found.code)
    seats = _seats(warehouse, found.code, day)
    council_seats = sum(seats.get(item.code, 0) for item in members)
    rows = []
    for item in members:
        rows.append(
            _council_row(item, found.code, found.population, seats.get(item.code, 0), council_seats)
            | {"burden": burden(warehouse, item.code, as_of=day)}
        )
    rows.sort(key=lambda row: (-row["residents_in_system"], row["code"]))
    return {
        "system": found.code,
        "name": found.name,
        "as_of": day.isoformat(),
        "synthetic": warehouse.synthetic,
        "council_seats": council_seats,
        "councils": rows,
        "split_without_voice": [
            {
                "code": row["code"],
                "name": row["name"],
                "share_of_council_population": row["share_of_council_population"],
            }
            for row in rows
            if row["split"] and not row["voice"]
        ],
    }


def council_voice(
    warehouse: Warehouse, council_key: str, *, as_of: date | None = None
) -> dict[str, Any]:
    """One council across each of its systems (seats, shares, voice) and its board burden."""
    item = council(council_key)
    day = as_of or date.today()
    systems = []
    for membership in item.systems:
        found = system(membership.system_code)
        seats = _seats(warehouse, found.code, day)
        total = sum(seats.get(other.code, 0) for other in councils_in(found.code))
        row = _council_row(item, found.code, found.population, seats.get(item.code, 0), total)
        systems.append(row | {"system": found.code, "system_name": found.short_name,
                              "council_seats": total})  # fmt: skip
    return {
        "code": item.code,
        "name": item.name,
        "as_of": day.isoformat(),
        "split": len(item.systems) > 1,
        "systems": systems,
        "without_voice_in": [row["system"] for row in systems if not row["voice"]],
        "burden": burden(warehouse, item.code, as_of=day),
    }


def _council_row(
    item: Council, system_code: str, system_population: int, seats: int, council_seats: int
) -> dict[str, Any]:
    membership = next(m for m in item.systems if m.system_code == system_code)
    population_share = membership.population / system_population if system_population else None
    seat_share = seats / council_seats if council_seats else None
    representation = (
        None
        if seat_share is None or not population_share
        else round(seat_share / population_share, 3)
    )
    return {
        "code": item.code,
        "name": item.name,
        "split": len(item.systems) > 1,
        "systems_count": len(item.systems),
        "residents_in_system": membership.population,
        "share_of_council_population": round(membership.population_share, 4),
        "population_share": None if population_share is None else round(population_share, 4),
        "seats": seats,
        "seat_share": None if seat_share is None else round(seat_share, 4),
        "representation": representation,
        "voice": seats > 0,
    }


def _seats(warehouse: Warehouse, system_code: str, day: date) -> dict[str, int]:
    """Current seats on the system's own boards, by the organisation they represent."""
    found = warehouse.query(
        "SELECT m.organisation_code AS organisation, count(*) AS seats "
        "FROM governance_memberships m JOIN governance_boards b ON b.code = m.board_code "
        "WHERE b.system_code = ? AND m.organisation_code IS NOT NULL "
        "AND m.start_date <= ? AND (m.end_date IS NULL OR m.end_date >= ?) GROUP BY 1",
        [system_code, day, day],
    )
    return {row["organisation"]: int(row["seats"]) for row in found}


def burden(warehouse: Warehouse, council_code: str, *, as_of: date | None = None) -> dict[str, Any]:
    """The boards on which a member represents the council on ``as_of``, with their seats and
    meetings in the latest year of meetings recorded: the 365 days to the last meeting of any
    board on or before ``as_of`` (registers are often kept up to date a while after)."""
    day = as_of or date.today()
    last = warehouse.query(
        "SELECT max(meeting_date) AS last FROM governance_meetings WHERE meeting_date <= ?", [day]
    )[0]["last"]
    until = last or day
    since = until - timedelta(days=BURDEN_DAYS - 1)
    boards = warehouse.query(
        "SELECT b.code AS board, b.name, b.kind, b.system_code AS system, count(*) AS seats, "
        "(SELECT count(*) FROM governance_meetings g WHERE g.board_code = b.code "
        " AND g.meeting_date BETWEEN ? AND ?) AS meetings "
        "FROM governance_memberships m JOIN governance_boards b ON b.code = m.board_code "
        "WHERE m.organisation_code = ? AND m.start_date <= ? "
        "AND (m.end_date IS NULL OR m.end_date >= ?) "
        "GROUP BY b.code, b.name, b.kind, b.system_code ORDER BY b.code",
        [since, until, council_code, day, day],
    )
    for row in boards:
        row["seats"], row["meetings"] = int(row["seats"]), int(row["meetings"])
    return {
        "from_date": since.isoformat(),
        "to_date": until.isoformat(),
        "boards": len(boards),
        "seats": sum(row["seats"] for row in boards),
        "meetings": sum(row["meetings"] for row in boards),
        "seat_meetings": sum(row["seats"] * row["meetings"] for row in boards),
        "by_board": boards,
    }
