"""Synthetic joint spend: five financial years for every ICB and council, from the taxonomy.

England's totals follow the published national figures in ``../shared/reference/CALIBRATION.md``
(sources and confidence are repeated in docs/demo-data.md); how they are shared between systems
follows real need: ICB spend by NHS England's weighted populations for core services, primary
medical care and prescribing, council spend by population, age and deprivation. Each system is
given its own prevention trajectory, so that some meet the one-point shift and some do not.
Everything written here is marked synthetic.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from datetime import datetime
from decimal import Decimal
from random import Random

from joinedup.core.financial_year import financial_year
from joinedup.demo.context import DemoContext
from joinedup.ledger.allocations import store_allocations
from joinedup.ledger.submission import NewSubmission, SpendLine, store_many
from joinedup.ledger.taxonomy import spending_types
from joinedup.reference import Council, councils, systems
from joinedup.reference.files import read_table

FIRST_YEAR = 2020
YEARS = tuple(financial_year(FIRST_YEAR + offset) for offset in range(5))
BILLION = 1e9

# England totals by financial year, £bn. ICB: all allocations (CALIBRATION A1: 119.2 in 2022-23,
# 123.9 in 2023-24, 127.2 in 2024-25; the two earlier years are back-cast at about 5% a year).
ICB_TOTAL = (108.0, 113.5, 119.2, 123.9, 127.2)
# Adult social care gross current expenditure (A2: 21.24, 21.96, 23.69, 27.06; 2024-25 is an
# estimate continuing the trend, marked so in the docs).
ASC_TOTAL = (21.24, 21.96, 23.69, 27.06, 29.0)
# Public health grant (A3: 3.324 in 2021-22, 3.417, 3.530, 3.660; 2020-21 is 3.279, as published).
PH_TOTAL = (3.279, 3.324, 3.417, 3.530, 3.660)
# Disabled Facilities Grant (A4: 573m a year to 2023-24, 711m in 2024-25 — the latter unverified).
DFG_TOTAL = (0.573, 0.573, 0.573, 0.573, 0.711)
# Improved BCF (A4: 2.077 in 2020-21, 2.14 from 2023-24) and the discharge fund (from 2022-23).
IBCF_TOTAL = (2.077, 2.077, 2.14, 2.14, 2.14)
DISCHARGE_TOTAL = (0.0, 0.0, 0.5, 0.6, 1.0)
# Invented for the demo (no published total): VCSE prevention grants and children's social care.
VCSE_TOTAL = (0.30, 0.31, 0.33, 0.35, 0.37)
CSC_TOTAL = (10.5, 11.1, 12.2, 13.4, 14.5)

# How each national total divides between spending types (and funding sources), as shares.
ICB_SHARES = {
    "acute_elective": 0.14,
    "acute_non_elective": 0.17,
    "outpatients": 0.09,
    "urgent_emergency_care": 0.04,
    "mental_health_inpatient": 0.04,
    "nhs_other_hospital": 0.10,
    "primary_medical_care": 0.088,
    "prescribing": 0.08,
    "community_health_services": 0.075,
    "community_mental_health": 0.07,
    "continuing_healthcare": 0.045,
    "vcse_prevention_grants": 0.002,
    "nhs_prevention": 0.004,
}
# Share of each ICB type paid into the Better Care Fund pool (the NHS minimum contribution).
ICB_BCF = {"community_health_services": 0.35, "continuing_healthcare": 0.10}
ASC_SHARES = {
    "asc_residential_nursing": 0.37,
    "asc_home_care": 0.135,
    "asc_supported_living": 0.125,
    "asc_direct_payments": 0.10,
    "asc_day_care": 0.06,
    "asc_reablement": 0.036,
    "asc_assessment_care_management": 0.09,
    "asc_information_early_intervention": 0.02,
    "asc_equipment_adaptations": 0.015,
    "asc_carers_support": 0.014,
    "asc_other": 0.035,
}
PH_SHARES = {
    "ph_children_0_19": 0.26,
    "ph_drugs_alcohol": 0.20,
    "ph_sexual_health": 0.17,
    "ph_health_checks": 0.02,
    "ph_stop_smoking": 0.03,
    "ph_physical_activity_healthy_weight": 0.04,
    "ph_other": 0.28,
}
# Allocation streams as shares of all ICB allocations (A1 2024-25: core 107.6, primary medical
# care 11.2, the rest 8.4 of 127.2; running costs are about 0.6% — an estimate).
ALLOCATION_SHARES = {
    "core_services": 0.846,
    "primary_medical_care": 0.088,
    "other_primary_care": 0.060,
    "running_costs": 0.006,
}
CLIENT_CONTRIBUTION_SHARE = 0.12  # of residential and home care (estimate, unverified)
CLIENT_CONTRIBUTION_TYPES = ("asc_residential_nursing", "asc_home_care")
IBCF_TYPES = ("asc_home_care", "asc_reablement")  # where the demo spends the iBCF grant
CSC_INCLUDED_SHARE = 0.35  # councils that choose to report children's social care


def build_ledger(context: DemoContext) -> None:
    random = context.random
    trend = {found.code: random.uniform(-0.05, 0.09) for found in systems()}
    submitted = [datetime(FIRST_YEAR + offset + 1, 7, 31, 9, 0) for offset in range(5)]
    icb_weights = _icb_weights()
    council_weights = _council_weights()
    includes_csc = {member.code: random.random() < CSC_INCLUDED_SHARE for member in councils()}
    store_allocations(
        context.warehouse,
        [
            (
                found.code,
                year,
                stream,
                Decimal(
                    round(ICB_TOTAL[index] * BILLION * share * icb_weights[found.code]["core"])
                ),
            )
            for index, year in enumerate(YEARS)
            for found in systems()
            for stream, share in ALLOCATION_SHARES.items()
        ],
        file_name=None,
        file_sha256=None,
        synthetic=True,
        imported_at=submitted[0],
    )
    submissions = []
    for index, year in enumerate(YEARS):
        for found in systems():
            lines = list(_icb_lines(found.code, index, icb_weights[found.code], trend, random))
            submissions.append(_submission(found.code, year, lines, submitted[index]))
        for member in councils():
            weights = council_weights[member.code]
            lines = list(_council_lines(member, index, weights, trend, includes_csc, random))
            submissions.append(_submission(member.code, year, lines, submitted[index]))
    store_many(context.warehouse, submissions, synthetic=True)


def _submission(code: str, year: str, lines: list[SpendLine], when: datetime) -> NewSubmission:
    # Source "submission", as a partner's own would be: a real upload then supersedes the demo's.
    return NewSubmission(
        code, year, lines, "submission", None, None, "JoinedUp demo generator", submitted_at=when
    )


def _icb_weights() -> dict[str, dict[str, float]]:
    """Each system's share of England's weighted population, by kind of NHS spend."""
    rows = [
        row
        for row in read_table("system_weighted_populations")
        if row["financial_year"] == "2024-25"
    ]
    columns = {
        "core": "wp_core_services_final",
        "primary": "wp_primary_medical_care_final",
        "prescribing": "wp_prescribing",
    }
    totals = {key: sum(float(row[column]) for row in rows) for key, column in columns.items()}
    return {
        row["system_code"]: {
            key: float(row[column]) / totals[key] for key, column in columns.items()
        }
        for row in rows
    }


def _council_weights() -> dict[str, dict[str, float]]:
    """Each council's share of England's need for social care and public health.

    Social care need rises with the share of older people and with deprivation; public health
    funding (the grant formula) leans on deprivation. Both are scaled by population.
    """
    members = councils()
    mean_old = sum(m.aged_65_plus_share * m.population for m in members) / sum(
        m.population for m in members
    )
    mean_imd = sum(m.imd_average_score * m.population for m in members) / sum(
        m.population for m in members
    )
    raw = {
        m.code: {
            "asc": m.population
            * (0.5 + 0.5 * m.aged_65_plus_share / mean_old)
            * (0.8 + 0.2 * m.imd_average_score / mean_imd),
            "ph": m.population * (0.6 + 0.4 * m.imd_average_score / mean_imd),
            "pop": float(m.population),
        }
        for m in members
    }
    totals = {key: sum(weights[key] for weights in raw.values()) for key in ("asc", "ph", "pop")}
    return {
        code: {key: value / totals[key] for key, value in weights.items()}
        for code, weights in raw.items()
    }


def _icb_lines(
    code: str, year: int, weights: dict[str, float], trend: dict[str, float], random: Random
) -> Iterator[SpendLine]:
    for kind, share in ICB_SHARES.items():
        weight = (
            weights["primary"]
            if kind == "primary_medical_care"
            else (weights["prescribing"] if kind == "prescribing" else weights["core"])
        )
        amount = ICB_TOTAL[year] * BILLION * share * weight * _noise(random)
        amount *= _prevention_factor(kind, code, year, trend)
        pooled = ICB_BCF.get(kind, 0.0)
        if pooled:
            yield _line(code, None, kind, "bcf_nhs_minimum", True, amount * pooled)
        yield _line(code, None, kind, "icb_allocation", False, amount * (1 - pooled))
    discharge = DISCHARGE_TOTAL[year] / 2 * BILLION * weights["core"] * _noise(random)
    if discharge:
        yield _line(code, None, "community_health_services", "bcf_discharge", True, discharge)


def _council_lines(
    member: Council,
    year: int,
    weights: dict[str, float],
    trend: dict[str, float],
    includes_csc: dict[str, bool],
    random: Random,
) -> Iterator[SpendLine]:
    home = member.systems[0].system_code  # the system holding most of its people sets the trend
    system_code = home if len(member.systems) == 1 else None
    for kind, share in ASC_SHARES.items():
        amount = ASC_TOTAL[year] * BILLION * share * weights["asc"] * _noise(random)
        amount *= _prevention_factor(kind, home, year, trend)
        contributions = CLIENT_CONTRIBUTION_SHARE if kind in CLIENT_CONTRIBUTION_TYPES else 0.0
        ibcf = _ibcf_fraction(year) if kind in IBCF_TYPES else 0.0
        if contributions:
            yield _line(
                system_code,
                member.code,
                kind,
                "client_contributions",
                False,
                amount * contributions,
            )
        if ibcf:
            yield _line(system_code, member.code, kind, "bcf_ibcf", True, amount * ibcf)
        yield _line(
            system_code,
            member.code,
            kind,
            "council_core",
            False,
            amount * (1 - contributions - ibcf),
        )
    for kind, share in PH_SHARES.items():
        amount = PH_TOTAL[year] * BILLION * share * weights["ph"] * _noise(random)
        amount *= _prevention_factor(kind, home, year, trend)
        yield _line(system_code, member.code, kind, "public_health_grant", False, amount)
    dfg = DFG_TOTAL[year] * BILLION * weights["pop"] * _noise(random)
    yield _line(system_code, member.code, "disabled_facilities_grant", "bcf_dfg", True, dfg)
    discharge = DISCHARGE_TOTAL[year] / 2 * BILLION * weights["asc"] * _noise(random)
    if discharge:
        yield _line(system_code, member.code, "asc_reablement", "bcf_discharge", True, discharge)
    vcse = VCSE_TOTAL[year] / 2 * BILLION * weights["pop"] * _noise(random)
    yield _line(
        system_code,
        member.code,
        "vcse_prevention_grants",
        "council_core",
        False,
        vcse * _prevention_factor("vcse_prevention_grants", home, year, trend),
    )
    if includes_csc[member.code]:
        csc = CSC_TOTAL[year] * BILLION * weights["pop"] * _noise(random)
        yield _line(system_code, member.code, "childrens_social_care", "council_core", False, csc)


def _ibcf_fraction(year: int) -> float:
    """The part of the iBCF types' spend the grant pays for, so England's iBCF matches A4."""
    return IBCF_TOTAL[year] / ASC_TOTAL[year] / sum(ASC_SHARES[kind] for kind in IBCF_TYPES)


def _prevention_factor(kind: str, system_code: str, year: int, trend: dict[str, float]) -> float:
    """Prevention spend grows (or shrinks) by the system's own trend, centred on the middle year."""
    if not spending_types()[kind].prevention:
        return 1.0
    return math.pow(1 + trend[system_code], year - 2)


def _noise(random: Random) -> float:
    return random.lognormvariate(0.0, 0.06)


def _line(
    system_code: str | None,
    council_code: str | None,
    kind: str,
    source: str,
    pooled: bool,
    amount: float,
) -> SpendLine:
    return SpendLine(0, system_code, council_code, kind, source, pooled, Decimal(round(amount)))
