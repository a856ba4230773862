"""The scrutiny pack's page on places, delegation and voice, for Essex on the hand-built
warehouse of conftest.py (Essex is split across three systems)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from joinedup.governance.feedback import open_round, submit
from joinedup.places.delegations import delegate
from joinedup.places.places import add_place
from joinedup.publish.reports.pack import scrutiny_record
from joinedup.publish.reports.render import render_html
from joinedup.warehouse import Warehouse

from .conftest import AS_OF, ESSEX, HERTS, HWE


def test_essexs_pack_shows_its_places_voice_overlap_and_feedback(hwe_copy: Path) -> None:
    with Warehouse.open(hwe_copy, write=True) as warehouse:
        add_place(warehouse, "QM7-WE", HWE, "West Essex", [ESSEX], board="QM7-WE-PB")
        delegate(warehouse, "QM7-WE", "Community services commissioning",
                 from_date=date(2024, 4, 1), budget=2_500_000)  # fmt: skip
        open_round(warehouse, HWE, "2024-25", "icb_chair")
        fours = dict.fromkeys(("engagement", "listening", "priorities", "overall"), 4)
        for code in (ESSEX, HERTS):
            submit(warehouse, 1, code, fours, on=date(2025, 1, 6))
        record = scrutiny_record(warehouse, ESSEX, as_of=AS_OF)
    section = record["places"]
    assert section["split"] and [s["system"] for s in section["systems"]] == [
        "E54000026", "E54000023", "E54000025"
    ]  # fmt: skip
    west = section["systems"][2]
    assert [p["code"] for p in west["places"]] == ["QM7-WE"]
    assert [d["function"] for d in west["places"][0]["current"]] == [
        "Community services commissioning"
    ]
    assert (west["seats"], west["council_seats"], west["voice"]) == (1, 4, True)
    assert west["overlap"]["hwb"]["code"] == "E10000012-HWB"
    assert west["feedback"]["suppressed"] and west["feedback"]["responded"] == 2
    assert section["burden"]["boards"] == 3
    # Suffolk and North East Essex has no board registered: Essex has no voice there.
    assert (
        "Essex has no member on any board of Suffolk and North East Essex, where 22.7% of its "
        "residents live." in record["key_messages"]
    )
    page = render_html(record)
    assert "Places, delegation and Essex's voice in its systems" in page
    assert "Community services commissioning (£2.5m, since 1 April 2024)" in page
    assert "too few to show ratings without revealing one council's" in page
    assert "holds 1 of the 4 seats councils have on the system's boards (25.0%)" in page
