"""The parts of the demonstration data, in the order they are built.

A part owns some tables and fills them from the reference structure with its own seeded random
generator. Each later module adds its part here when its tables land.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from joinedup.demo.context import DemoContext
from joinedup.demo.governance import GOVERNANCE_TABLES, build_governance
from joinedup.demo.ledger import build_ledger
from joinedup.demo.metrics import build_metric_values
from joinedup.demo.organisations import build_providers
from joinedup.demo.places import PLACE_TABLES, build_places
from joinedup.demo.planning import TABLES as PLANNING_TABLES
from joinedup.demo.planning import build_scenarios
from joinedup.demo.population import TABLES as POPULATION_TABLES
from joinedup.demo.population import build_population
from joinedup.demo.priorities import PRIORITY_TABLES, build_priorities
from joinedup.demo.workforce import TABLES as WORKFORCE_TABLES
from joinedup.demo.workforce import build_workforce


def load_publications(context: DemoContext) -> None:
    from joinedup.ledger.packaged import load_packaged

    load_packaged(context.warehouse)


@dataclass(frozen=True, slots=True)
class Part:
    name: str
    description: str
    # Rows of these tables where `synthetic` is true are replaced on every build.
    tables: tuple[str, ...]
    build: Callable[[DemoContext], None]


PARTS: tuple[Part, ...] = (
    Part("providers", "NHS trusts and VCSE partners", ("organisations",), build_providers),
    Part(
        "priorities",
        "ICP priorities and each partner's costs and benefits",
        PRIORITY_TABLES,
        build_priorities,
    ),
    Part(
        "governance",
        "boards, members, meetings, decisions and interests",
        GOVERNANCE_TABLES,
        build_governance,
    ),
    Part(
        "places",
        "places, delegations, place boards and councils' feedback",
        PLACE_TABLES,
        build_places,
    ),
    Part(
        "ledger",
        "five years of joint spend",
        ("ledger_lines", "ledger_submissions", "ledger_allocations"),
        build_ledger,
    ),
    # Real published figures (not synthetic: their tables list none) supersede the synthetic
    # allocations of the years they cover.
    Part("published", "the published NHS allocations and council outturn", (), load_publications),
    Part(
        "metrics",
        "five years of shared metric values",
        ("metric_values", "metric_loads"),
        build_metric_values,
    ),
    Part(
        "population",
        "person-level samples, segmented",
        POPULATION_TABLES,
        build_population,
    ),
    Part(
        "planning",
        "saved scenarios of the prevention-shift planner",
        PLANNING_TABLES,
        build_scenarios,
    ),
    Part("workforce", "NHS vacancy rates by system", WORKFORCE_TABLES, build_workforce),
)
