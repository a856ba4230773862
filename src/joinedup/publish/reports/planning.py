"""The pack's planning figures for each of the council's systems: the £ that +1 percentage point
of prevention means (``priorities.planner.plan``), the saved scenarios with the council's own
net present value beside the whole, and the local headroom of money and board time
(``governance.headroom.headroom``). Nothing is computed here."""

from __future__ import annotations

from typing import Any

from joinedup.governance.headroom import headroom
from joinedup.ledger.figures import NoSpend
from joinedup.priorities.planner import plan
from joinedup.reference import Council
from joinedup.warehouse import Warehouse


def planning_section(warehouse: Warehouse, member: Council) -> list[dict[str, Any]]:
    """One entry per system of the council, in the order of its systems."""
    found = []
    for membership in member.systems:
        local = headroom(warehouse, membership.system_code)
        entry: dict[str, Any] = {
            "system": local["name"],
            "headroom": {
                key: local[key]
                for key in (
                    "financial_year",
                    "local_share_of_spend",
                    "local_share_of_agenda",
                    "agenda_financial_year",
                    "agenda_basis",
                )
            },
            "plan": None,
        }
        try:
            record = plan(warehouse, membership.system_code)
        except NoSpend:
            found.append(entry)
            continue
        entry["plan"] = {
            "financial_year": record["financial_year"],
            "prevention_share": record["prevention_share"],
            "gbp_for_1pp": record["gbp_for_1pp"],
            "a_year": record["path"][0]["move_this_year_gbp"],
            "scenarios": [_scenario(scenario, member.code) for scenario in record["scenarios"]],
        }
        found.append(entry)
    return found


def _scenario(scenario: dict[str, Any], council_code: str) -> dict[str, Any]:
    own = next((p for p in scenario["partners"] if p["organisation"] == council_code), None)
    return {
        "name": scenario["name"],
        "prevention_gbp_per_year": scenario["prevention_gbp_per_year"],
        "share_of_goal": scenario["share_of_goal"],
        "npv": scenario["npv"],
        "council_npv": None if own is None else own["npv"],
        "council_role": None if own is None else own["role"],
        "segments": [segment["label"] for segment in scenario["segments"]],
    }
