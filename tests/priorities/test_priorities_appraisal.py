"""Appraisal: each partner's NPV to the penny against a hand calculation; partners sum to the whole.

The worked example (fixtures/kent-and-medway.csv), at the Green Book's 3.5% with year 0
undiscounted, as one would do it by hand:

* Kent County Council pays £100,000 in year 0 and £50,000 in year 1:
  -100,000 - 50,000 / 1.035 = -100,000 - 48,309.1787... = **-£148,309.18**
* the ICB avoids 300 bed days at £345.50 (£103,650) in each of years 1 to 3:
  103,650 x (1/1.035 + 1/1.035^2 + 1/1.035^3) = 103,650 x 2.8016369809... = **£290,389.67**
* Medway Council saves £12,345.67 in cash in year 2:
  12,345.67 / 1.035^2 = 12,345.67 x 0.9335107004... = 11,524.8150... = **£11,524.82**

The intervention's NPV is the sum of the three: **£153,605.31**; cumulatively it is still negative
in year 1 (-£48,164.25) and pays back in year 2 (+£60,118.95).
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from joinedup.priorities.appraisal import (
    BadRate,
    InterventionAppraisal,
    NoPlan,
    appraise,
    appraise_intervention,
    discount_factor,
    npv,
    payback_year,
)
from joinedup.priorities.files import read_plan
from joinedup.priorities.interventions import Flow, Intervention, store_plan
from joinedup.warehouse import Warehouse, init

FIXTURES = Path(__file__).parent / "fixtures"
KENT, MEDWAY, KM = "E10000016", "E06000035", "E54000032"


@pytest.fixture
def path(tmp_path: Path) -> Path:
    found = tmp_path / "w.duckdb"
    init(found)
    return found


@pytest.fixture
def warehouse(path: Path) -> Iterator[Warehouse]:
    with Warehouse.open(path, write=True) as opened:
        yield opened


def exact_npv(flows: list[Flow], rate: Fraction) -> Decimal:
    """The NPV by exact fractions, rounded half up to the penny: the hand calculation."""
    total = sum((Fraction(flow.net) / (1 + rate) ** flow.year for flow in flows), Fraction(0))
    pennies = total * 100
    whole = pennies.numerator // pennies.denominator
    rest = pennies - whole
    rounded = whole + (1 if rest >= Fraction(1, 2) else 0)
    return Decimal(rounded) / 100


@pytest.fixture
def falls(warehouse: Warehouse) -> InterventionAppraisal:
    store_plan(warehouse, read_plan(FIXTURES / "kent-and-medway.csv", KM))
    record = appraise(warehouse, KM)
    return next(item for item in record.interventions if item.code == "falls-prevention")


def test_each_partners_npv_matches_the_hand_calculation_to_the_penny(
    falls: InterventionAppraisal,
) -> None:
    partners = {p.organisation: p for p in falls.partners}
    assert partners[KENT].npv == Decimal("-148309.18")
    assert partners[KM].npv == Decimal("290389.67")
    assert partners[MEDWAY].npv == Decimal("11524.82")
    assert falls.npv == Decimal("153605.31")
    assert falls.npv == sum(p.npv for p in partners.values())


def test_who_pays_who_gains_and_when_it_pays_back(falls: InterventionAppraisal) -> None:
    partners = {p.organisation: p for p in falls.partners}
    assert falls.pays == [KENT]
    assert falls.gains == [MEDWAY, KM]
    assert (falls.payback_year, falls.payback_financial_year) == (2, "2027-28")
    assert partners[KENT].payback_year is None  # the council never gets its money back
    assert partners[KM].payback_year == 0
    assert partners[KENT].pv_costs == Decimal("148309.18")
    assert partners[KM].pv_benefits == Decimal("290389.67")
    assert partners[KM].npv_cash_releasing == Decimal("0.00")  # bed days are not cash
    assert partners[MEDWAY].npv_cash_releasing == Decimal("11524.82")
    assert partners[KM].undiscounted_benefits == Decimal("310950.00")


def test_the_sensitivity_range(falls: InterventionAppraisal) -> None:
    cases = falls.sensitivity
    # Benefits 20% lower: 0.8 x (290,389.673 + 11,524.815) - 148,309.179, partner by partner.
    assert cases["benefits_minus_20pct"] == Decimal("232311.74") + Decimal("9219.85") - Decimal(
        "148309.18"
    )
    assert cases["discount_1.5pct"] == Decimal("-149261.08") + Decimal("301849.57") + Decimal(
        "11983.47"
    )
    assert cases["discount_5pct"] == Decimal("-147619.05") + Decimal("282264.66") + Decimal(
        "11197.89"
    )
    assert cases["low"] == cases["benefits_minus_20pct"]
    assert cases["high"] == cases["benefits_plus_20pct"]


flows = st.lists(
    st.builds(
        Flow,
        organisation=st.sampled_from(["A", "B", "C"]),
        year=st.integers(min_value=0, max_value=30),
        kind=st.sampled_from(["cost", "cash_releasing_saving", "cost_avoided"]),
        amount=st.decimals(min_value=0, max_value=10**9, places=2),
    ),
    max_size=12,
)
rates = st.decimals(min_value=0, max_value=Decimal("0.2"), places=3)


@given(flows, rates)
def test_npv_is_the_exact_sum_rounded_once(found: list[Flow], rate: Decimal) -> None:
    assert npv(found, rate) == exact_npv(found, Fraction(rate))


@given(flows, rates)
def test_partners_add_up_to_the_whole_exactly(found: list[Flow], rate: Decimal) -> None:
    item = Intervention("x", "X", "p", flows=tuple(found))
    record = appraise_intervention(item, {}, rate)
    assert record.npv == sum((p.npv for p in record.partners), Decimal("0.00"))
    for name in ("benefits_minus_20pct", "discount_5pct"):
        assert record.sensitivity[name] == sum(
            (p.sensitivity[name] for p in record.partners), Decimal("0.00")
        )
    assert record.sensitivity["low"] <= record.npv <= record.sensitivity["high"]


def test_discounting_conventions() -> None:
    assert discount_factor(0) == 1
    assert discount_factor(1).quantize(Decimal("1e-12"), ROUND_HALF_UP) == Decimal("0.966183574879")
    assert npv([Flow("A", 0, "cost", Decimal("0.005"))]) == Decimal("-0.01")  # half away from 0
    assert payback_year([]) is None
    dip = [Flow("A", 0, "cash_releasing_saving", Decimal(10)), Flow("A", 1, "cost", Decimal(50)),
           Flow("A", 3, "cash_releasing_saving", Decimal(100))]  # fmt: skip
    assert payback_year(dip) == 3  # positive at first, negative in years 1-2, then for good


def test_appraisal_refuses_a_bad_rate_and_a_missing_plan(warehouse: Warehouse) -> None:
    with pytest.raises(NoPlan, match="has no priorities loaded"):
        appraise(warehouse, KM)
    store_plan(warehouse, read_plan(FIXTURES / "kent-and-medway.csv", KM))
    with pytest.raises(BadRate):
        appraise(warehouse, KM, rate=Decimal("1.5"))
    assert appraise(warehouse, KM, rate=Decimal("0.05")).discount_rate == Decimal("0.05")
