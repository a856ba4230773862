from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from joinedup.ledger.taxonomy import Taxonomy, spending_types, taxonomy

ROOT = Path(__file__).resolve().parents[2]
REQUIRED = [
    "acute_elective",
    "acute_non_elective",
    "outpatients",
    "urgent_emergency_care",
    "mental_health_inpatient",
    "primary_medical_care",
    "prescribing",
    "community_health_services",
    "community_mental_health",
    "continuing_healthcare",
    "asc_home_care",
    "asc_residential_nursing",
    "asc_supported_living",
    "asc_direct_payments",
    "asc_reablement",
    "asc_day_care",
    "asc_equipment_adaptations",
    "asc_carers_support",
    "asc_information_early_intervention",
    "asc_assessment_care_management",
    "ph_health_checks",
    "ph_stop_smoking",
    "ph_drugs_alcohol",
    "ph_sexual_health",
    "ph_children_0_19",
    "ph_physical_activity_healthy_weight",
    "ph_other",
    "disabled_facilities_grant",
    "vcse_prevention_grants",
    "childrens_social_care",
]


def test_taxonomy_covers_what_the_issue_lists() -> None:
    types = spending_types()
    assert set(REQUIRED) <= set(types)
    assert {types[code].setting for code in REQUIRED[:5]} == {"in_hospital"}
    assert all(types[code].setting == "out_of_hospital" for code in REQUIRED[5:])
    assert all(types[code].prevention for code in REQUIRED if code.startswith("ph_"))
    assert not types["childrens_social_care"].headline
    assert sum(not kind.headline for kind in types.values()) == 1
    assert {source.code for source in taxonomy().funding_sources} == {
        "icb_allocation",
        "council_core",
        "public_health_grant",
        "bcf_nhs_minimum",
        "bcf_ibcf",
        "bcf_dfg",
        "bcf_discharge",
        "section75_other",
        "client_contributions",
    }


def test_every_type_says_where_it_comes_from() -> None:
    assert all(kind.maps_from for kind in spending_types().values())


def test_documentation_lists_every_type() -> None:
    page = (ROOT / "docs" / "ledger-taxonomy.md").read_text(encoding="utf-8")
    missing = [code for code in spending_types() if f"`{code}`" not in page]
    assert not missing, f"docs/ledger-taxonomy.md does not describe {missing}"


def test_invalid_taxonomies_are_refused() -> None:
    kind = {"code": "a", "label": "A", "setting": "in_hospital", "prevention": False}
    group = {"code": "g", "label": "G", "types": [kind, kind]}
    with pytest.raises(ValidationError, match="more than once: a"):
        Taxonomy.model_validate({"version": 1, "groups": [group], "funding_sources": []})
    bad = {**kind, "setting": "at_home"}
    with pytest.raises(ValidationError):
        Taxonomy.model_validate(
            {"version": 1, "groups": [{**group, "types": [bad]}], "funding_sources": []}
        )
