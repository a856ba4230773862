"""The pack's priorities page: the partnership's interventions the council takes part in, and
who pays and who gains (``priorities.appraisal.appraise``): one partner's spend often saves
another's, and councillors are asked to justify both sides."""

from __future__ import annotations

from typing import Any

from joinedup.priorities.appraisal import NoPlan, appraise
from joinedup.publish.reports.planning import planning_section
from joinedup.reference import Council
from joinedup.warehouse import Warehouse


def priorities_section(warehouse: Warehouse, member: Council) -> dict[str, Any]:
    """Every intervention, in any of the council's systems, with the council as a partner."""
    rows, without_plan = [], []
    rate = None
    for membership in member.systems:
        try:
            appraisal = appraise(warehouse, membership.system_code)
        except NoPlan:
            without_plan.append(membership.system_code)
            continue
        rate = appraisal.discount_rate
        titles = {priority.code: priority.title for priority in appraisal.priorities}
        for item in appraisal.interventions:
            partners = {partner.organisation: partner for partner in item.partners}
            own = partners.get(member.code)
            if own is None:
                continue
            rows.append(
                {
                    "system": appraisal.name,
                    "priority": titles.get(item.priority, item.priority),
                    "name": item.name,
                    "council_npv": own.npv,
                    "council_role": own.role,
                    "npv": item.npv,
                    "payback_financial_year": item.payback_financial_year,
                    "pays": [partners[code].name for code in item.pays],
                    "gains": [partners[code].name for code in item.gains],
                }
            )
    return {
        "rows": rows,
        "systems_without_plan": without_plan,
        "discount_rate": rate,
        # The prevention-shift planner and local headroom of each of the council's systems.
        "planning": planning_section(warehouse, member),
    }
