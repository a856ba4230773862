"""Appraising interventions partner by partner: net present value, payback, who pays, who gains.

Conventions (documented in docs/priorities.md):

* **Discounting** follows HM Treasury's Green Book: a flow in year *t* is worth
  ``flow / (1 + r) ** t`` today, with *r* = 3.5% by default and year 0 (the first year)
  undiscounted. Flows run to year 30, the Green Book's 3.5% horizon.
* **Money** is Decimal throughout. A partner's NPV is the exact sum of its discounted flows,
  rounded once, half up, to the penny. The intervention's NPV is the **sum of its partners'
  rounded NPVs**, so the partners always add up to the whole exactly. Present values of costs and
  of benefits are each rounded the same way, so they may differ from the NPV by a penny.
* **Payback year** is the first year from which the cumulative discounted net flow stays at or
  above zero (0 if it never falls below); ``None`` if it ends below zero.
* **Who pays, who gains**: a partner whose NPV is below zero pays; above zero, it gains.
* **Sensitivity**: NPVs with benefits 20% lower and higher, and with the discount rate at 1.5%
  and 5%; ``low`` and ``high`` are the extremes of these and the central case.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from decimal import ROUND_HALF_UP, Decimal, localcontext

from joinedup.core.record import Exact, Money, Record
from joinedup.errors import JoinedUpError
from joinedup.priorities.interventions import (
    CASH_KINDS,
    Flow,
    Intervention,
    load_plan,
    partner_codes,
)
from joinedup.warehouse import Warehouse

GREEN_BOOK_RATE = Decimal("0.035")
LOW_RATE = Decimal("0.015")
HIGH_RATE = Decimal("0.05")
BENEFIT_SWING = Decimal("0.2")
PENNY = Decimal("0.01")
PRECISION = 50  # digits for discount factors: far beyond a penny on any real sum


class BadRate(JoinedUpError):
    pass


class PartnerAppraisal(Record):
    """One partner's side of an intervention: its NPV (``role``: it pays below zero, gains above
    it), present values of its costs and benefits, payback year and sensitivity (the NPV under
    each case, named as in :func:`appraise_intervention`, with ``low`` and ``high``)."""

    organisation: str
    name: str
    npv: Money
    role: str
    pv_costs: Money
    pv_benefits: Money
    npv_cash_releasing: Money
    undiscounted_costs: Money
    undiscounted_benefits: Money
    payback_year: int | None
    sensitivity: dict[str, Money]


class InterventionAppraisal(Record):
    """An intervention appraised whole (its NPV the sum of its partners') and partner by
    partner, with the partners who pay and who gain."""

    priority: str
    code: str
    name: str
    start_year: str | None
    npv: Money
    payback_year: int | None
    payback_financial_year: str | None
    pays: list[str]
    gains: list[str]
    partners: list[PartnerAppraisal]
    sensitivity: dict[str, Money]


class PriorityValue(Record):
    """A strategy priority and the sum of its interventions' NPVs."""

    code: str
    title: str
    rank: int
    npv: Money


class Appraisal(Record):
    """Every intervention of a system's priorities, appraised at ``discount_rate``; the
    sensitivity cases discount at ``sensitivity_rates`` and swing benefits by ``benefit_swing``."""

    system: str
    name: str
    synthetic: bool
    discount_rate: Exact
    sensitivity_rates: list[Exact]
    benefit_swing: Exact
    priorities: list[PriorityValue]
    interventions: list[InterventionAppraisal]
    warnings: list[str]


class NoPlan(JoinedUpError):
    pass


def check_rate(rate: Decimal) -> Decimal:
    if not rate.is_finite() or not Decimal(0) <= rate < Decimal(1):
        raise BadRate(f"The discount rate {rate} must be from 0 to below 1 (3.5% is 0.035).")
    return rate


def discount_factor(year: int, rate: Decimal = GREEN_BOOK_RATE) -> Decimal:
    """What a pound in ``year`` is worth today: 1 / (1 + rate) ** year; year 0 is 1.

    >>> discount_factor(0), round(discount_factor(1), 6)
    (Decimal('1'), Decimal('0.966184'))
    """
    with localcontext() as context:
        context.prec = PRECISION
        return Decimal(1) / (Decimal(1) + rate) ** year


def present_value(net_by_year: Mapping[int, Decimal], rate: Decimal) -> Decimal:
    """The exact (unrounded) sum of discounted flows."""
    with localcontext() as context:
        context.prec = PRECISION
        return sum(
            (amount * discount_factor(year, rate) for year, amount in net_by_year.items()),
            Decimal(0),
        )


def to_penny(amount: Decimal) -> Decimal:
    """Round half up to the penny (so -0.005 is -0.01, and 0.005 is 0.01).

    >>> to_penny(Decimal("2.675")), to_penny(Decimal("-2.675"))
    (Decimal('2.68'), Decimal('-2.68'))
    """
    return amount.quantize(PENNY, rounding=ROUND_HALF_UP) + Decimal("0.00")


def npv(
    flows: Iterable[Flow], rate: Decimal = GREEN_BOOK_RATE, benefit_factor: Decimal = Decimal(1)
) -> Decimal:
    """The net present value of flows to the penny, benefits scaled by ``benefit_factor``."""
    return to_penny(present_value(_net_by_year(flows, benefit_factor), rate))


def payback_year(flows: Iterable[Flow], rate: Decimal = GREEN_BOOK_RATE) -> int | None:
    """The first year from which the cumulative discounted net flow stays at or above zero.

    Returns 0 if it is never negative, None if it ends negative (or there are no flows).
    """
    net = _net_by_year(flows)
    if not net:
        return None
    cumulative = Decimal(0)
    payback: int | None = 0
    with localcontext() as context:
        context.prec = PRECISION
        for year in range(0, max(net) + 1):
            cumulative += net.get(year, Decimal(0)) * discount_factor(year, rate)
            if cumulative < 0:
                payback = None
            elif payback is None:
                payback = year
    return payback


def _net_by_year(flows: Iterable[Flow], benefit_factor: Decimal = Decimal(1)) -> dict[int, Decimal]:
    net: dict[int, Decimal] = defaultdict(Decimal)
    for flow in flows:
        amount = flow.net if flow.kind == "cost" else flow.net * benefit_factor
        net[flow.year] += amount
    return dict(net)


def appraise_intervention(
    item: Intervention, names: Mapping[str, str], rate: Decimal = GREEN_BOOK_RATE
) -> InterventionAppraisal:
    """An intervention's appraisal: each partner's side and the whole."""
    by_partner: dict[str, list[Flow]] = defaultdict(list)
    for flow in item.flows:
        by_partner[flow.organisation].append(flow)
    scenarios = {
        "benefits_minus_20pct": (rate, Decimal(1) - BENEFIT_SWING),
        "benefits_plus_20pct": (rate, Decimal(1) + BENEFIT_SWING),
        f"discount_{_percent(LOW_RATE)}": (LOW_RATE, Decimal(1)),
        f"discount_{_percent(HIGH_RATE)}": (HIGH_RATE, Decimal(1)),
    }
    partners: list[PartnerAppraisal] = []
    for code in sorted(by_partner):
        flows = by_partner[code]
        central = npv(flows, rate)
        cases = {name: npv(flows, r, f) for name, (r, f) in scenarios.items()}
        costs = [flow for flow in flows if flow.kind == "cost"]
        benefits = [flow for flow in flows if flow.kind != "cost"]
        partners.append(
            PartnerAppraisal(
                organisation=code,
                name=names.get(code, code),
                npv=central,
                role="pays" if central < 0 else ("gains" if central > 0 else "neutral"),
                pv_costs=-npv(costs, rate),
                pv_benefits=npv(benefits, rate),
                npv_cash_releasing=npv([f for f in flows if f.kind in CASH_KINDS], rate),
                undiscounted_costs=sum((flow.value for flow in costs), Decimal(0)),
                undiscounted_benefits=sum((flow.value for flow in benefits), Decimal(0)),
                payback_year=payback_year(flows, rate),
                sensitivity=cases | _range([central, *cases.values()]),
            )
        )
    whole: Decimal = sum((partner.npv for partner in partners), Decimal("0.00"))
    cases = {
        name: sum((partner.sensitivity[name] for partner in partners), Decimal("0.00"))
        for name in scenarios
    }
    payback = payback_year(item.flows, rate)
    return InterventionAppraisal(
        priority=item.priority,
        code=item.code,
        name=item.name,
        start_year=item.start_year,
        npv=whole,
        payback_year=payback,
        payback_financial_year=_financial_year(item.start_year, payback),
        pays=[p.organisation for p in partners if p.role == "pays"],
        gains=[p.organisation for p in partners if p.role == "gains"],
        partners=partners,
        sensitivity=cases | _range([whole, *cases.values()]),
    )


def _range(values: list[Decimal]) -> dict[str, Decimal]:
    return {"low": min(values), "high": max(values)}


def _percent(rate: Decimal) -> str:
    """'1.5pct' for 0.015, as a key."""
    return f"{plain_percent(rate)}pct"


def plain_percent(rate: Decimal) -> str:
    text = format((rate * 100).normalize(), "f")
    return text


def _financial_year(start: str | None, offset: int | None) -> str | None:
    """The financial year ``offset`` years after ``start`` ('2025-26' + 2 is '2027-28')."""
    if start is None or offset is None or len(start) != 7 or start[4] != "-":
        return None
    try:
        first = int(start[:4]) + offset
    except ValueError:
        return None
    return f"{first}-{(first + 1) % 100:02d}"


def appraise(
    warehouse: Warehouse, system_key: str, *, rate: Decimal = GREEN_BOOK_RATE
) -> Appraisal:
    """The appraisal of every intervention of the system's priorities."""
    from joinedup.reference import system

    found = system(system_key)
    rate = check_rate(rate)
    plan = load_plan(warehouse, found.code)
    if not plan.priorities:
        raise NoPlan(
            f"{found.short_name} has no priorities loaded; load them with "
            f"`joinedup priorities load FILE --system {found.code}`."
        )
    names = partner_codes(warehouse, found.code)
    interventions = [appraise_intervention(item, names, rate) for item in plan.interventions]
    return Appraisal(
        system=found.code,
        name=found.name,
        synthetic=warehouse.synthetic,
        discount_rate=rate,
        sensitivity_rates=[LOW_RATE, HIGH_RATE],
        benefit_swing=BENEFIT_SWING,
        priorities=[
            PriorityValue(
                code=p.code,
                title=p.title,
                rank=p.rank,
                npv=sum((i.npv for i in interventions if i.priority == p.code), Decimal("0.00")),
            )
            for p in plan.priorities
        ],
        interventions=interventions,
        warnings=plan.warnings,
    )
