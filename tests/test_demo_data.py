"""The demonstration's and the population generator's data files: read, typed and checked."""

from __future__ import annotations

from decimal import Decimal

import pytest
from pydantic import ValidationError

from joinedup.demo.priorities import FlowTemplate, templates
from joinedup.demo.vocabulary import Vocabulary, vocabulary
from joinedup.population.calibration import calibration


def test_the_priority_templates_are_read_in_order_with_exact_amounts() -> None:
    found = templates()
    assert [t.code for t in found][:3] == ["healthy-ageing", "home-first", "smokefree"]
    [falls] = found[0].interventions
    assert falls.code == "falls-prevention"
    first, *_, avoided = falls.flows
    assert (first.partner, first.years, first.kind, first.per_million) == (
        "council", (0, 0), "cost", Decimal("90000"),
    )  # fmt: skip
    assert (avoided.kind, avoided.per_million, avoided.unit_cost) == (
        "activity_avoided", Decimal("30"), Decimal("1050"),
    )  # fmt: skip


@pytest.mark.parametrize(
    "flow",
    [
        {"partner": "icb", "years": [0, 4], "kind": "cost", "per_million": 5, "unit_cost": 395},
        {"partner": "icb", "years": [0, 4], "kind": "activity_avoided", "per_million": 5},
        {"partner": "icb", "years": [3, 1], "kind": "cost", "per_million": 5},
        {"partner": "hospice", "years": [0, 1], "kind": "cost", "per_million": 5},
        {"partner": "icb", "years": [0, 1], "kind": "gift", "per_million": 5},
    ],
    ids=[
        "unit-cost-on-a-cost",
        "activity-without-unit-cost",
        "years-backwards",
        "partner",
        "kind",
    ],
)
def test_a_flow_that_does_not_fit_its_kind_is_refused(flow: dict[str, object]) -> None:
    with pytest.raises(ValidationError):
        FlowTemplate.model_validate(flow)


def test_the_governance_wording_covers_every_agenda_class_and_decision_type() -> None:
    wording = vocabulary()
    assert set(wording.agenda) == {"strategic", "transformational", "operational", "statutory"}
    assert sum(kind.weight for kind in wording.decisions.values()) == pytest.approx(1.0)
    assert wording.people.surnames[0] == "Abblewick"
    broken = wording.model_dump() | {"decisions": {"bribery": {"weight": 1, "titles": ["x"]}}}
    with pytest.raises(ValidationError, match="not decision types"):
        Vocabulary.model_validate(broken)


def test_the_population_calibration_keeps_its_sources_and_monthly_costs() -> None:
    found = calibration()
    dementia = next(c for c in found.conditions if c.code == "dementia")
    assert (dementia.prevalence, dementia.base_age, dementia.female_ratio) == (0.0428, 65, 1.4)
    assert "C14 secondary" in dementia.source
    home_care = found.packages[0]
    assert home_care.monthly_cost == 26.5 * 10 * 52 / 12
    non_elective = next(a for a in found.activity if a.setting == "acute_non_elective")
    assert list(non_elective.condition_effects) == ["palliative_care", "heart_failure", "copd"]
