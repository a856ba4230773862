"""Synthetic places, their delegations and place boards, HWB members who also sit on the ICP,
and councils' feedback on the ICB chair, for every system. Built after the governance part,
whose boards and people it adds to; every row is marked synthetic.

* Places: each system's default places (``joinedup.places.places.default_places``), each with a
  place board (place director, the council's director of adult social services and a cabinet
  member) that meets four times a year, and one to three delegations of functions with budgets
  sized per resident (illustrative round figures, not any system's).
* Overlap: about half of the councillors the ICP seats for each council also sit on that
  council's Health and Wellbeing Board (the same person, so the overlap can be counted).
* Feedback: a round on the ICB chair for each of the two demo years; about three councils in four
  answer, each rating around its system's own level.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from random import Random
from typing import Any

from joinedup.demo.context import DemoContext
from joinedup.demo.governance import FIRST_NAMES, GENERATOR, INITIALS, SURNAMES
from joinedup.demo.priorities import FIRST_YEAR
from joinedup.governance.feedback import QUESTIONS
from joinedup.places.places import default_places
from joinedup.records import audit
from joinedup.reference import System, council, systems
from joinedup.warehouse import Warehouse

PLACE_TABLES = ("feedback_responses", "feedback_rounds", "place_delegations", "places")
OVERLAP_SHARE = 0.5
RESPONSE_SHARE = 0.75
# Functions a place may run, and the budget delegated with each, £ a resident a year (a range).
FUNCTIONS = (
    ("Community services commissioning", 120, 200),
    ("Better Care Fund pooled budget", 60, 90),
    ("Primary care commissioning", 140, 170),
    ("Hospital discharge fund", 8, 12),
    ("Health inequalities fund", 2, 4),
)
COMMENTS = (
    "Papers arrive too late for the council to take a view.",
    "The chair has visited the council's cabinet twice this year.",
    "Good on urgent care; prevention gets little board time.",
    "Council views are heard at the partnership but rarely change ICB decisions.",
    "Helpful support for the place partnership.",
)


class _Rows:
    """Rows of each table, written in bulk at the end; ids follow those already stored."""

    def __init__(self, warehouse: Warehouse) -> None:
        self.rows: dict[str, list[dict[str, Any]]] = {}
        self.next_id: dict[str, int] = {}
        self.warehouse = warehouse

    def add(self, table: str, numbered: bool = True, **values: Any) -> int:
        if numbered:
            if table not in self.next_id:
                found = self.warehouse.query(f"SELECT coalesce(max(id), 0) AS n FROM {table}")
                self.next_id[table] = int(found[0]["n"]) + 1
            values = {"id": self.next_id[table]} | values
            self.next_id[table] += 1
        self.rows.setdefault(table, []).append(values)
        return int(values.get("id", 0))

    def write(self) -> None:
        for table, rows in self.rows.items():
            columns = [*rows[0], "synthetic"]
            values = [[row[column] for column in columns[:-1]] + [True] for row in rows]
            self.warehouse.insert_rows(table, columns, values)


def build_places(context: DemoContext) -> None:
    """Places, delegations, place boards, HWB-ICP overlap and feedback for every system."""
    rows = _Rows(context.warehouse)
    for found in systems():
        for place in default_places(found.code):
            _place(rows, context.random, found, place)
        _feedback(rows, context.random, found)
    _overlap(rows, context.random, context.warehouse)
    rows.write()
    counts = {table: len(rows.rows.get(table, [])) for table in PLACE_TABLES}
    entries = [
        audit.Entry("load", table, "*", None, {"rows": n}, "synthetic demonstration data")
        for table, n in counts.items()
    ]
    audit.record(context.warehouse, entries, who=GENERATOR,
                 when=datetime(FIRST_YEAR, 4, 1, 9, 30), synthetic=True)  # fmt: skip


def _person(rows: _Rows, random: Random, councillor_of: str | None = None) -> int:
    name = " ".join((random.choice(FIRST_NAMES), random.choice(INITIALS) + ".",
                     random.choice(SURNAMES)))  # fmt: skip
    party = "Independent" if councillor_of and random.random() < 0.2 else None
    if councillor_of and party is None:
        party = random.choice(("Blue Party", "Red Party", "Gold Party", "Green Party"))
    return rows.add("governance_people", name=name, party=party, councillor_of=councillor_of,
                    external_ref=None)  # fmt: skip


def _seat(rows: _Rows, board: str, person: int, role: str, organisation: str | None,
          start: date, *, councillor: bool = False) -> None:  # fmt: skip
    rows.add("governance_memberships", board_code=board, person_id=person, role=role,
             organisation_code=organisation, voting=True, councillor=councillor,
             start_date=start, end_date=None)  # fmt: skip


def _place(rows: _Rows, random: Random, found: System, place: dict[str, Any]) -> None:
    lead = place["councils"][0]
    board = f"{place['code']}-PB"
    rows.add("places", numbered=False, code=place["code"], system_code=found.code,
             name=place["name"], councils=place["councils"], board_code=board)  # fmt: skip
    rows.add("governance_boards", numbered=False, code=board,
             name=f"{place['name']} place partnership board", kind="place_board",
             system_code=found.code, council_code=lead, external_ref=None)  # fmt: skip
    start = date(FIRST_YEAR, 4, 1)
    _seat(rows, board, _person(rows, random), "Place director", found.code, start)
    _seat(rows, board, _person(rows, random), "Director of adult social services", lead, start)
    _seat(rows, board, _person(rows, random, lead), "Cabinet member for health", lead, start,
          councillor=True)  # fmt: skip
    for year in (FIRST_YEAR, FIRST_YEAR + 1):
        for quarter in range(4):
            month = 4 + 3 * quarter  # 13 is January of the next year
            day = date(year + (month - 1) // 12, (month - 1) % 12 + 1, random.randint(3, 26))
            rows.add("governance_meetings", board_code=board, meeting_date=day,
                     title="Place partnership board", status="confirmed",
                     external_ref=None)  # fmt: skip
    residents = sum(
        next(m.population for m in council(code).systems if m.system_code == found.code)
        for code in place["councils"]
    )
    for function, low, high in random.sample(FUNCTIONS, random.randint(1, 3)):
        budget = Decimal(round(residents * random.uniform(low, high), -3))
        first = date(FIRST_YEAR, 4, 1)
        if random.random() < 0.3:  # delegated for a year, then again on new terms
            rows.add("place_delegations", place_code=place["code"], function=function,
                     budget=budget * Decimal("0.9"), from_date=first,
                     to_date=date(FIRST_YEAR + 1, 3, 31), delegated_by=found.code)  # fmt: skip
            first = date(FIRST_YEAR + 1, 4, 1)
        rows.add("place_delegations", place_code=place["code"], function=function,
                 budget=budget, from_date=first, to_date=None,
                 delegated_by=found.code)  # fmt: skip


def _feedback(rows: _Rows, random: Random, found: System) -> None:
    level = random.uniform(2.2, 4.2)  # how the system's councils see its ICB chair
    for year in (FIRST_YEAR, FIRST_YEAR + 1):
        closes = date(year + 1, 3, 31)
        round_id = rows.add("feedback_rounds", system_code=found.code,
                            financial_year=f"{year}-{(year + 1) % 100:02d}",
                            subject="icb_chair", closes=closes)  # fmt: skip
        for code in found.council_codes:
            if random.random() >= RESPONSE_SHARE:
                continue
            ratings = {q: min(5, max(1, round(random.gauss(level, 0.8)))) for q in QUESTIONS}
            comment = random.choice(COMMENTS) if random.random() < 0.4 else None
            answer: dict[str, Any] = {"round_id": round_id, "council_code": code, **ratings}
            answer |= {"comments": comment, "submitted_by": GENERATOR,
                       "submitted_on": closes - timedelta(days=random.randint(10, 60))}  # fmt: skip
            rows.add("feedback_responses", **answer)


def _overlap(rows: _Rows, random: Random, warehouse: Warehouse) -> None:
    """Some of the councillors on each ICP also sit on their council's HWB."""
    found = warehouse.query(
        "SELECT m.person_id, m.organisation_code, m.start_date FROM governance_memberships m "
        "JOIN governance_boards b ON b.code = m.board_code WHERE b.kind = 'icp' AND m.councillor "
        "AND m.organisation_code IS NOT NULL ORDER BY m.id"
    )
    for seat in found:
        if random.random() < OVERLAP_SHARE:
            _seat(rows, f"{seat['organisation_code']}-HWB", seat["person_id"],
                  "Cabinet member for health and wellbeing", seat["organisation_code"],
                  seat["start_date"], councillor=True)  # fmt: skip
