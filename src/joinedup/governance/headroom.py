"""Local headroom: how much of a system's money and board time is its own to direct.

NAO: NHS England steers ICSs through ring-fenced funds, planning guidance and its oversight
framework; IMPOWER/CCN recommendation 1 asks for room for local priorities. Each spend line and
each agenda item is tagged national or local (:mod:`joinedup.ledger.direction`: the rule table,
or the item's own override), and this module adds them up:

* **spend**: the system's headline joint spend (the ledger's definition: councils' system-wide
  spend shared by population, children's social care left out), local £ over all £, by
  financial year;
* **board time**: the agenda items of the system's own boards (those with the system's code: the
  ICB board, the partnership, place boards), by the minutes allotted where any item has minutes
  (items without minutes are then left out and counted), else by the number of items; by the
  financial year of the meeting. The output says which basis it used.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from joinedup.ledger.area_spend import APPORTIONED_SQL, years_with_spend
from joinedup.ledger.direction import direction_rules
from joinedup.ledger.taxonomy import spending_types
from joinedup.reference import system
from joinedup.warehouse import Warehouse


@dataclass(slots=True)
class Tally:
    """National and local amounts (£, minutes or items) of one year or all years."""

    national: Decimal = Decimal(0)
    local: Decimal = Decimal(0)
    reasons: dict[str, Decimal] = field(default_factory=lambda: defaultdict(Decimal))

    def add(self, direction: str, reason: str, amount: Decimal) -> None:
        if direction == "national":
            self.national += amount
        else:
            self.local += amount
        self.reasons[f"{direction}: {reason}"] += amount

    @property
    def local_share(self) -> float | None:
        whole = self.national + self.local
        return float(round(self.local / whole, 6)) if whole else None


def financial_year_of(day: date) -> str:
    """The financial year a day falls in: April to March.

    >>> financial_year_of(date(2025, 3, 31)), financial_year_of(date(2025, 4, 1))
    ('2024-25', '2025-26')
    """
    start = day.year if day.month >= 4 else day.year - 1
    return f"{start}-{(start + 1) % 100:02d}"


def spend_by_direction(warehouse: Warehouse, system_code: str) -> dict[str, Tally]:
    """The system's headline spend, national and local, by financial year."""
    years = years_with_spend(warehouse)
    if not years:
        return {}
    sql = (
        "SELECT financial_year, spending_type, funding_source, direction, sum(amount) AS amount "
        f"FROM ({APPORTIONED_SQL.format(years=', '.join('?' for _ in years))}) "
        "WHERE system_code = ? GROUP BY ALL ORDER BY ALL"
    )
    rules, types = direction_rules(), spending_types()
    tallies: dict[str, Tally] = defaultdict(Tally)
    for year, kind, source, override, amount in warehouse.connection.execute(
        sql, [*years, system_code]
    ).fetchall():
        if not types[kind].headline:
            continue
        direction, reason = rules.line(source, kind, override)
        tallies[year].add(direction, reason, Decimal(amount))
    return dict(sorted(tallies.items()))


def agenda_by_direction(
    warehouse: Warehouse, system_code: str
) -> tuple[str, dict[str, Tally], int]:
    """The system's boards' agenda items, national and local, by financial year: the basis
    ('minutes' or 'items'), the tallies, and how many items were left out for want of minutes."""
    items = warehouse.query(
        "SELECT g.meeting_date, a.title, a.class, a.minutes, a.direction "
        "FROM governance_agenda_items a JOIN governance_meetings g ON g.id = a.meeting_id "
        "JOIN governance_boards b ON b.code = g.board_code WHERE b.system_code = ? "
        "ORDER BY g.meeting_date, a.id",
        [system_code],
    )
    basis = "minutes" if any(item["minutes"] is not None for item in items) else "items"
    rules = direction_rules()
    tallies: dict[str, Tally] = defaultdict(Tally)
    left_out = 0
    for item in items:
        if basis == "minutes" and item["minutes"] is None:
            left_out += 1
            continue
        weight = Decimal(item["minutes"]) if basis == "minutes" else Decimal(1)
        direction, reason = rules.item(item["title"], item["class"], item["direction"])
        tallies[financial_year_of(item["meeting_date"])].add(direction, reason, weight)
    return basis, dict(sorted(tallies.items())), left_out


def headroom(warehouse: Warehouse, system_key: str) -> dict[str, Any]:
    """A system's local share of spend and of board time, each in the latest financial year
    it has, with both by financial year and what was counted as national and why."""
    found = system(system_key)
    spend = spend_by_direction(warehouse, found.code)
    basis, agenda, left_out = agenda_by_direction(warehouse, found.code)
    latest = next(reversed(spend), None)
    latest_spend = spend[latest] if latest else Tally()
    agenda_year = next(reversed(agenda), None)
    board = agenda[agenda_year] if agenda_year else Tally()
    unit = "minutes" if basis == "minutes" else "items"
    return {
        "system": found.code,
        "name": found.name,
        "synthetic": warehouse.synthetic,
        "financial_year": latest,
        "local_share_of_spend": latest_spend.local_share,
        "local_spend": latest_spend.local,
        "national_spend": latest_spend.national,
        "local_share_of_agenda": board.local_share,
        "agenda_financial_year": agenda_year,
        "agenda_basis": basis,
        "local_agenda": int(board.local),
        "national_agenda": int(board.national),
        "agenda_items_without_minutes": left_out,
        "by_year": [
            {
                "financial_year": year,
                "local_share_of_spend": spend[year].local_share if year in spend else None,
                "local_share_of_agenda": agenda[year].local_share if year in agenda else None,
            }
            for year in sorted(set(spend) | set(agenda))
        ],
        "spend_reasons": _reasons(latest_spend),
        "agenda_reasons": [
            {**row, "amount": int(row["amount"]), "unit": unit} for row in _reasons(board)
        ],
        "rule": (
            "Nationally directed: ring-fenced grants (Public Health Grant, Disabled Facilities "
            "Grant), mandated schemes (Better Care Fund, iBCF, Discharge Fund), national contracts "
            "and spending targets, statutory business and national targets on agendas; "
            "everything else is local. Rules: joinedup/ledger/direction.yaml; a line's or item's "
            "own direction overrides them."
        ),
    }


def _reasons(tally: Tally) -> list[dict[str, Any]]:
    rows = []
    for key, amount in sorted(tally.reasons.items(), key=lambda kv: (-kv[1], kv[0])):
        direction, reason = key.split(": ", 1)
        rows.append({"direction": direction, "reason": reason, "amount": amount})
    return rows
