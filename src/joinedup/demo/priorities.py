"""Synthetic ICP priorities for every system, from the templates in ``priorities.yaml``.

``build_priorities`` gives each system 3 to 6 priorities, with interventions whose costs and
benefits fall on different partners (a council-funded falls service that saves NHS bed days),
scaled to the system's population with a little noise.
"""

from __future__ import annotations

from decimal import Decimal
from functools import cache
from importlib import resources
from random import Random
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from joinedup.demo.context import DemoContext
from joinedup.priorities.interventions import (
    FLOW_KINDS,
    Flow,
    Intervention,
    Plan,
    Priority,
    store_plan,
)
from joinedup.reference import System, council, systems

FIRST_YEAR = 2023  # interventions start in 2023-24, the first year of the demo's meetings
# Tables of this part, children first: the builder deletes their synthetic rows in this order.
PRIORITY_TABLES = ("priority_flows", "priority_interventions", "priorities")

Partner = Literal["icb", "council", "acute", "community", "vcse"]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class FlowTemplate(_Frozen):
    """A partner's cost or benefit in each year from ``years[0]`` to ``years[1]`` (0 is the first
    year): ``per_million`` pounds a year per million residents or, with a ``unit_cost``, that
    quantity of activity avoided."""

    partner: Partner
    years: tuple[int, int]
    kind: str
    per_million: Decimal = Field(gt=0)
    unit_cost: Decimal | None = Field(default=None, gt=0)

    @model_validator(mode="after")
    def _fits_its_kind(self) -> FlowTemplate:
        if self.kind not in FLOW_KINDS:
            raise ValueError(f"kind {self.kind!r} is not one of {FLOW_KINDS}")
        if (self.unit_cost is not None) != (self.kind == "activity_avoided"):
            raise ValueError("activity avoided, and only it, has a unit cost")
        if not 0 <= self.years[0] <= self.years[1]:
            raise ValueError(f"years {self.years} do not run forwards from 0")
        return self


class InterventionTemplate(_Frozen):
    code: str
    name: str
    flows: tuple[FlowTemplate, ...] = Field(min_length=1)


class PriorityTemplate(_Frozen):
    code: str
    title: str
    interventions: tuple[InterventionTemplate, ...] = Field(min_length=1)


class Templates(_Frozen):
    version: int
    priorities: tuple[PriorityTemplate, ...] = Field(min_length=6)


@cache
def templates() -> tuple[PriorityTemplate, ...]:
    """The priorities a demonstration system may choose, in the order the draws take them."""
    import yaml

    text = resources.files("joinedup.demo").joinpath("priorities.yaml").read_text("utf-8")
    return Templates.model_validate(yaml.safe_load(text)).priorities


def build_priorities(context: DemoContext) -> None:
    """3 to 6 priorities per system, with per-partner costs and benefits over five years."""
    random = context.random
    for found in systems():
        chosen = random.sample(templates(), random.randint(3, 6))
        partners = _partners(found)
        millions = found.population / 1_000_000
        priorities, interventions = [], []
        for rank, priority in enumerate(chosen, start=1):
            priorities.append(Priority(priority.code, priority.title, rank))
            for item in priority.interventions:
                scale = millions * random.uniform(0.7, 1.3)
                interventions.append(
                    Intervention(
                        item.code,
                        item.name,
                        priority.code,
                        f"{FIRST_YEAR}-{(FIRST_YEAR + 1) % 100:02d}",
                        None,
                        tuple(_flows(item.flows, partners, scale, random)),
                    )
                )
        plan = Plan(found.code, tuple(priorities), tuple(interventions))
        # The governance part, built next, records the load in the audit log it owns.
        store_plan(context.warehouse, plan, synthetic=True, audited=False)


def _partners(found: System) -> dict[str, str]:
    main = max(
        (council(code) for code in found.council_codes),
        key=lambda member: next(
            m.population for m in member.systems if m.system_code == found.code
        ),
    )
    prefix = f"SYN-{found.ods_code}"
    return {
        "icb": found.code,
        "council": main.code,
        "acute": f"{prefix}-ACUTE",
        "community": f"{prefix}-COMM",
        "vcse": f"{prefix}-VCSE",
    }


def _flows(
    templates: tuple[FlowTemplate, ...], partners: dict[str, str], scale: float, random: Random
) -> list[Flow]:
    flows = []
    for template in templates:
        first, last = template.years
        size, unit_cost = template.per_million, template.unit_cost
        for year in range(first, last + 1):
            noise = Decimal(str(round(random.uniform(0.85, 1.15), 3)))
            sized = size * Decimal(str(round(scale, 4))) * noise
            partner = partners[template.partner]
            if unit_cost is not None:
                quantity = max(Decimal(1), sized.quantize(Decimal(1)))
                flows.append(Flow(partner, year, template.kind, None, quantity, unit_cost))
            else:
                amount = (sized / 100).quantize(Decimal(1)) * 100
                flows.append(Flow(partner, year, template.kind, amount))
    return flows
