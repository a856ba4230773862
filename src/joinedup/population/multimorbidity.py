"""Multimorbidity: the number of long-term conditions and the Cambridge Multimorbidity Score.

The score is the **general outcome** version of the Cambridge Multimorbidity Score (Payne RA,
Mendonca SC, Elliott MN, et al. "Development and validation of the Cambridge Multimorbidity
Score." CMAJ 2020;192(5):E107-E114): the sum of the weights of the 20 conditions a person has,
weights fitted to a combined outcome of primary care consultations, unplanned admissions and death.
The weights live in ``conditions.yaml`` (CALIBRATION C15, secondary: check against the paper).

Simplifications, stated in docs/population.md: a condition counts when a record of it is dated on
or before the period's last day (cancer: within the 5 years before it), whereas the paper defines
some conditions by prescriptions in the last year (constipation, pain, epilepsy, asthma); a system
that loads such conditions should load them only for people who meet the paper's definition.

A person's number of long-term conditions counts the same 20 conditions, present by the same
rule, so the count and the score always agree on what a person has.

Weights are held in hundredths so that sums are exact integers on every engine.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from joinedup.population.conditions import Condition, catalogue

if TYPE_CHECKING:
    from joinedup.population.period import Period


def long_term_conditions() -> list[Condition]:
    """The conditions that count, in catalogue order (all 20 carry a score weight)."""
    return [condition for condition in catalogue().conditions if condition.long_term]


def present_from(condition: Condition, period: Period) -> date | None:
    """The earliest date a record may carry for the condition to count (None: any date)."""
    if condition.cms_window_years is None:
        return None
    return period.years_before_end(condition.cms_window_years)


def cambridge_score(codes: Iterable[str]) -> Decimal:
    """The score of a person with these conditions present (repeats count once).

    >>> cambridge_score(["dementia", "hypertension", "hypertension", "asthma"])
    Decimal('2.77')
    """
    weights = {c.code: c.cms_weight for c in long_term_conditions()}
    unknown = sorted(set(codes) - set(catalogue().by_code))
    if unknown:
        raise ValueError(f"unknown condition {unknown[0]!r}")
    return sum((weights.get(code) or Decimal(0) for code in set(codes)), Decimal("0.00"))


def counted_bits(bits: Mapping[str, int]) -> dict[int, int]:
    """For :func:`~joinedup.population.segmentation.condition_summary`: 1 for the bit of each
    long-term condition, so a sum over a person's distinct bits is their number of conditions."""
    return {bits[condition.code]: 1 for condition in long_term_conditions()}


def weighted_bits(bits: Mapping[str, int]) -> dict[int, int]:
    """Each long-term condition's bit and its weight in hundredths, so a sum over a person's
    distinct bits is their score in hundredths."""
    return {bits[condition.code]: condition.cms_hundredths for condition in long_term_conditions()}
