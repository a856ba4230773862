"""Segmentation: hand-built people land in the segments the default rules say."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from joinedup.population.loading import load_population
from joinedup.population.rules import RulesError, load_rules, parse_rules
from joinedup.population.runs import analyse


def rules_file(directory: Path, text: str) -> Path:
    """A system's own rules file, written where a test can pass it with ``--rules``."""
    path = directory / "rules.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def segments_of(source: Path, rules_path: Path | None = None) -> dict[str, dict[str, Any]]:
    with load_population(source) as loaded:
        result = analyse(loaded, load_rules(rules_path), keep_persons=True)
    assert result.persons is not None
    return {row["person_id"]: row for row in result.persons.to_pylist()}


def test_each_default_segment(write_population: Any, rows: Any) -> None:
    people = [
        rows.person("eol", 80),
        rows.person("dementia", 85),
        rows.person("frail_care_home", 70),
        rows.person("young_care_home", 50),
        rows.person("disability", 30),
        rows.person("complex", 60),
        rows.person("one_ltc", 30),
        rows.person("infant", 0),
        rows.person("mother", 31),
        rows.person("acute", 25, "male"),
        rows.person("healthy", 25, "male"),
        rows.person("nobody_knows", 25, "unknown"),
    ]
    events = [
        rows.event("frail_care_home", "asc_residential_nursing", 4500),
        rows.event("young_care_home", "asc_residential_nursing", 4500),
        rows.event("mother", "nhs_other_hospital", 3000, condition_codes="maternity"),
        rows.event("acute", "urgent_emergency_care", 148),
        rows.event("healthy", "primary_medical_care", 47),
    ]
    conditions = [
        rows.condition("eol", "palliative_care"),
        rows.condition("eol", "dementia"),  # end of life comes first
        rows.condition("dementia", "dementia"),
        rows.condition("dementia", "asthma"),
        rows.condition("disability", "learning_disability"),
        rows.condition("complex", "asthma"),
        rows.condition("complex", "hypertension"),
        rows.condition("one_ltc", "asthma"),
        rows.condition("one_ltc", "asthma", "2020-01-01"),  # recorded twice, counts once
    ]
    found = segments_of(write_population(people, events, conditions))
    assert {person: row["segment"] for person, row in found.items()} == {
        "eol": "end_of_life",
        "dementia": "frailty_and_dementia",
        "frail_care_home": "frailty_and_dementia",
        "young_care_home": "healthy",
        "disability": "disability",
        "complex": "complex_multimorbidity",
        "one_ltc": "one_long_term_condition",
        "infant": "maternal_and_infant",
        "mother": "maternal_and_infant",
        "acute": "acute_episodic",
        "healthy": "healthy",
        "nobody_knows": "healthy",
    }
    assert found["one_ltc"]["ltc_count"] == 1
    assert found["complex"]["ltc_count"] == 2


def test_a_long_term_condition_comes_before_maternity(write_population: Any, rows: Any) -> None:
    found = segments_of(
        write_population(
            [rows.person("m", 30)],
            [rows.event("m", "outpatients", 120, condition_codes="maternity")],
            [rows.condition("m", "asthma")],
        )
    )
    assert found["m"]["segment"] == "one_long_term_condition"


def test_cancer_counts_only_within_five_years(write_population: Any, rows: Any) -> None:
    found = segments_of(
        write_population(
            [rows.person("old", 70), rows.person("new", 70), rows.person("edge", 70)],
            conditions=[
                rows.condition("old", "cancer", "2020-03-31"),
                rows.condition("new", "cancer", "2022-06-01"),
                rows.condition("edge", "cancer", "2020-04-01"),
            ],
        )
    )
    assert [found[p]["ltc_count"] for p in ("old", "new", "edge")] == [0, 1, 1]
    assert [found[p]["cms_hundredths"] for p in ("old", "new", "edge")] == [0, 153, 153]


def test_cambridge_score_equals_a_hand_calculation(write_population: Any, rows: Any) -> None:
    """Payne RA et al., CMAJ 2020;192(5):E107-14, general outcome weights (CALIBRATION C15):
    dementia 2.50 + COPD 1.46 + atrial fibrillation 1.34 + diabetes 0.75 + hypertension 0.08
    = 6.13; the palliative care register carries no weight."""
    codes = ["dementia", "copd", "atrial_fibrillation", "diabetes", "hypertension"]
    conditions = [rows.condition("p", code) for code in [*codes, "hypertension", "palliative_care"]]
    found = segments_of(write_population([rows.person("p", 82)], conditions=conditions))
    assert found["p"]["cms_hundredths"] == 613
    assert found["p"]["ltc_count"] == 5
    from joinedup.population.multimorbidity import cambridge_score

    assert cambridge_score(codes) == Decimal("6.13")


def test_the_twenty_weights_are_the_general_outcome_set() -> None:
    from joinedup.population.multimorbidity import long_term_conditions

    weights = {c.code: c.cms_weight or Decimal(0) for c in long_term_conditions()}
    assert len(weights) == 20
    assert sum(weights.values(), Decimal(0)) == Decimal("16.33")  # the C15 table, added by hand
    assert weights["dementia"] == Decimal("2.50") and weights["hypertension"] == Decimal("0.08")


def test_a_systems_own_rules_file(write_population: Any, rows: Any, tmp_path: Path) -> None:
    rules = rules_file(
        tmp_path,
        "version: 1\nname: two ages\nsegments:\n"
        "  - {code: older, label: Older people, when: {age: {min: 65}}}\n"
        "  - {code: busy, label: Many GP visits, when: "
        "{events: {settings: [primary_medical_care], min: 2}}}\n"
        "  - {code: everyone_else, label: Everyone else}\n",
    )
    source = write_population(
        [rows.person("a", 70), rows.person("b", 20), rows.person("c", 20)],
        [
            rows.event("b", "primary_medical_care"),
            rows.event("b", "primary_medical_care"),
            rows.event("c", "primary_medical_care"),
        ],
    )
    found = segments_of(source, rules)
    assert {p: row["segment"] for p, row in found.items()} == {
        "a": "older",
        "b": "busy",
        "c": "everyone_else",
    }


def test_rules_that_test_no_events_still_attribute_every_event(
    write_population: Any, rows: Any, tmp_path: Path
) -> None:
    rules = rules_file(
        tmp_path,
        "version: 1\nsegments:\n"
        "  - {code: older, label: Older people, when: {age: {min: 65}}}\n"
        "  - {code: younger, label: Younger people}\n",
    )
    source = write_population(
        [rows.person("a", 70), rows.person("b", 20)],
        [rows.event("a", "outpatients", 10), rows.event("b", "asc_home_care", 2.5)],
    )
    with load_population(source) as loaded:
        result = analyse(loaded, load_rules(rules))
    places = {row["segment"]: row for row in result.rows("place")}
    assert places["older"]["cost_in_hospital_pence"] == 1000
    assert places["younger"]["cost_out_of_hospital_pence"] == 250
    assert places["younger"]["events_asc_home_care"] == 1


def test_every_kind_of_criterion(write_population: Any, rows: Any, tmp_path: Path) -> None:
    rules = rules_file(
        tmp_path,
        "version: 1\nsegments:\n"
        "  - {code: scored, label: S, when: {cms: {min: 2.5}}}\n"
        "  - {code: deprived_women, label: D, when: "
        "{all: [{sex: female}, {deprivation_decile: {max: 2}}]}}\n"
        "  - {code: frail, label: F, when: {condition: [palliative_care, severe_frailty]}}\n"
        "  - {code: no_gp, label: N, when: "
        "{all: [{not: {sex: male}}, {events: {settings: [primary_medical_care], max: 0}}]}}\n"
        "  - {code: rest, label: R}\n",
    )
    source = write_population(
        [
            rows.person("dementia"),
            rows.person("poor", deprivation_decile=1),
            rows.person("frail", sex="male", deprivation_decile=5),
            rows.person("no_gp", deprivation_decile=5),
            rows.person("gp", deprivation_decile=5),
            rows.person("man", sex="male", deprivation_decile=5),
            rows.person("unknown_decile"),
        ],
        [rows.event("gp", "primary_medical_care"), rows.event("no_gp", "outpatients")],
        [rows.condition("dementia", "dementia"), rows.condition("frail", "severe_frailty")],
    )
    found = segments_of(source, rules)
    assert {p: row["segment"] for p, row in found.items()} == {
        "dementia": "scored",  # weight 2.50
        "poor": "deprived_women",
        "frail": "frail",  # the second code of the list
        "no_gp": "no_gp",  # max 0 includes none
        "gp": "rest",
        "man": "rest",
        "unknown_decile": "no_gp",  # an unknown decile meets no bound
    }


@pytest.mark.parametrize(
    ("segments", "message"),
    [
        ([{"code": "a", "label": "A"}, {"code": "b", "label": "B"}], "segments\\[0\\]: every"),
        (
            [
                {"code": "a", "label": "A", "when": {"ages": {"min": 1}}},
                {"code": "b", "label": "B"},
            ],
            "segments\\[0\\].when: unknown criterion 'ages'",
        ),
        (
            [
                {"code": "a", "label": "A", "when": {"any": [{"condition": ["gout"]}]}},
                {"code": "b", "label": "B"},
            ],
            "segments\\[0\\].when.any\\[0\\].condition: unknown",
        ),
        (
            [
                {"code": "a", "label": "A", "when": {"events": {"settings": ["spa"]}}},
                {"code": "b", "label": "B"},
            ],
            "unknown setting 'spa'",
        ),
        (
            [
                {"code": "a", "label": "A", "when": {"age": {"min": 9, "max": 3}}},
                {"code": "b", "label": "B"},
            ],
            "min is greater than max",
        ),
        (
            [
                {"code": "a", "label": "A", "when": {"events": {"min": 3, "max": 1}}},
                {"code": "b", "label": "B"},
            ],
            "segments\\[0\\].when.events: min is greater than max",
        ),
        (
            [{"code": "b", "label": "A", "when": {"sex": "female"}}, {"code": "b", "label": "B"}],
            "listed twice",
        ),
    ],
)
def test_bad_rules_are_explained(segments: list[dict[str, Any]], message: str) -> None:
    with pytest.raises(RulesError, match=message):
        parse_rules({"version": 1, "segments": segments}, "my-rules.yaml")


def test_the_default_rules_have_the_eight_segments() -> None:
    assert load_rules().codes == [
        "end_of_life",
        "frailty_and_dementia",
        "disability",
        "complex_multimorbidity",
        "one_long_term_condition",
        "maternal_and_infant",
        "acute_episodic",
        "healthy",
    ]
