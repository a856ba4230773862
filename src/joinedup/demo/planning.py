"""Synthetic saved scenarios of the prevention-shift planner, two for every system.

Each system gets "Reablement first" (its ICB moves money from emergency admissions to its
largest council's reablement) and "Healthy weight and NHS prevention" (from elective care to
the council's healthy-weight services, and within the ICB from A&E to NHS prevention
programmes). Sums are a few pounds per resident a year; the returns (£ of activity avoided per £
moved) are illustrative assumptions, not evidence, and are labelled synthetic like the rest.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from joinedup.demo.context import DemoContext
from joinedup.priorities.scenarios import Scenario, Transfer, load_demo_scenarios
from joinedup.reference import System, council, systems

TABLES = ("planning_transfers", "planning_scenarios")
SAVED_AT = datetime(2025, 7, 31, 9, 0)
SAVED_BY = "JoinedUp demo generator"


def _sum(population: int, per_head: float) -> Decimal:
    """A sum a year to the nearest £10,000."""
    return Decimal(round(population * per_head, -4))


def build_scenarios(context: DemoContext) -> None:
    random = context.random
    scenarios: list[Scenario] = []
    for found in systems():
        icb, largest = found.code, _largest_council(found)
        reablement = Transfer(
            icb,
            "acute_non_elective",
            largest,
            "asc_reablement",
            _sum(found.population, random.uniform(1.5, 4.0)),
            5,
            benefit_per_pound=Decimal(str(round(random.uniform(1.0, 1.6), 2))),
        )
        weight = Transfer(
            icb,
            "acute_elective",
            largest,
            "ph_physical_activity_healthy_weight",
            _sum(found.population, random.uniform(0.5, 1.5)),
            5,
            benefit_per_pound=Decimal(str(round(random.uniform(0.5, 1.2), 2))),
            benefit_lag=2,
        )
        programmes = Transfer(
            icb,
            "urgent_emergency_care",
            icb,
            "nhs_prevention",
            _sum(found.population, random.uniform(0.5, 1.5)),
            3,
            start_year=1,
            benefit_per_pound=Decimal(str(round(random.uniform(0.8, 1.4), 2))),
        )
        for name, transfers, description in (
            ("Reablement first", (reablement,), "Emergency admissions money into reablement"),
            (
                "Healthy weight and NHS prevention",
                (weight, programmes),
                "Elective and A&E money into healthy weight and NHS prevention programmes",
            ),
        ):
            scenarios.append(Scenario(icb, name, transfers, f"{description} (synthetic)"))
    load_demo_scenarios(context.warehouse, scenarios, who=SAVED_BY, when=SAVED_AT)


def _largest_council(found: System) -> str:
    """The council with the most of the system's residents."""

    def residents(code: str) -> int:
        member = council(code)
        return next(m.population for m in member.systems if m.system_code == found.code)

    return max(found.council_codes, key=residents)
