"""The pack's population health page: who among the council's residents uses what care, by
population segment, with each segment's share of the people and of the cost, and the council's
part of each system it sits in. Figures come only from ``publish.population`` (disclosure
control across every level)."""

from __future__ import annotations

from typing import Any

from joinedup.publish.disclosure import Rules
from joinedup.publish.population import (
    AreaFigures,
    PublicPopulation,
    SegmentFigures,
    public_population,
)
from joinedup.reference import Council, system
from joinedup.warehouse import Warehouse


def population_section(
    warehouse: Warehouse,
    member: Council,
    disclosure: Rules,
    public: PublicPopulation | None = None,
) -> dict[str, Any] | None:
    """The council's segments and places, or None when no population results are stored;
    ``public`` the published figures, if they are at hand, under the same rules."""
    if public is None:
        public = public_population(warehouse, disclosure)
    area = public.area("council", member.code)
    if area is None:
        return None
    places = [
        dict(place) | {"system_name": system(place.system_code or "").short_name}
        for place in public.places(council=member.code)
    ]
    run = public.runs[0]
    return {
        "area": area,
        "places": places,
        "financial_year": run["financial_year"],
        "rules": run["rules_name"],
        "synthetic": public.synthetic,
        "costliest": _costliest(area),
    }


def _costliest(area: AreaFigures) -> SegmentFigures | None:
    """The published segment whose share of cost most exceeds its share of people."""
    shown = [
        (segment.share_of_cost - segment.share_of_people, segment.segment, segment)
        for segment in area.segments
        if segment.share_of_cost is not None and segment.share_of_people is not None
    ]
    if not shown:
        return None
    return max(shown, key=lambda found: found[:2])[2]
