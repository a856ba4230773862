"""The pack's planning figures: the planner's +1 point and saved scenarios with the council's own
NPV, and the local headroom shares, for each of the council's systems."""

from __future__ import annotations

import re
from pathlib import Path

from joinedup.governance.headroom import headroom
from joinedup.priorities.planner import plan
from joinedup.publish.reports.planning import planning_section
from joinedup.publish.reports.render import environment
from joinedup.reference import council
from joinedup.warehouse import Warehouse

ESSEX, MID_AND_SOUTH_ESSEX = "E10000012", "E54000026"


def test_essex_gets_each_of_its_three_systems(demo_warehouse: Path) -> None:
    member = council(ESSEX)
    with Warehouse.open(demo_warehouse) as warehouse:
        section = planning_section(warehouse, member)
        planned = plan(warehouse, MID_AND_SOUTH_ESSEX)
        local = headroom(warehouse, MID_AND_SOUTH_ESSEX)
    assert len(section) == 3
    mid = next(item for item in section if item["system"] == planned["name"])
    assert mid["plan"]["gbp_for_1pp"] == planned["gbp_for_1pp"]
    assert mid["plan"]["a_year"] == planned["path"][0]["move_this_year_gbp"]
    assert mid["headroom"]["local_share_of_spend"] == local["local_share_of_spend"]
    for scenario, source in zip(mid["plan"]["scenarios"], planned["scenarios"], strict=True):
        own = next(p for p in source["partners"] if p["organisation"] == ESSEX)
        assert scenario["council_npv"] == own["npv"]
        assert scenario["npv"] == source["npv"]

    html = (
        environment()
        .get_template("scrutiny/_planning.html")
        .render(pack={"priorities": {"planning": section}}, council={"name": "Essex"})
    )
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))
    assert "Shifting money to prevention" in text
    assert "Reablement first" in text and "not directed nationally" in text
    assert f"{local['local_share_of_spend']:.1%} of joint spend" in text
