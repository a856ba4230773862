"""Boards that overlap: the `governance overlap` contract on the hand-built warehouse of
conftest.py (Ann sits on the ICP and on Hertfordshire's HWB; three organisations sit on both)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from joinedup.cli import app
from joinedup.governance.overlap import overlap
from joinedup.warehouse import Warehouse

from ..governance.governance_support import run
from .conftest import ESSEX, HERTS, HWE


def test_overlap_json_is_the_contract(hwe: Path) -> None:
    code, out, err = run(app, "governance", "overlap", "--system", "QM7", "--as-of",
                         "2025-03-01", "--format", "json", "--db", str(hwe))  # fmt: skip
    assert code == 0, err
    record = json.loads(out)
    assert record["people_in_both_count"] == 1
    assert record["people_in_both"] == [
        {
            "person_id": 1,
            "name": "Ann",
            "icp_roles": ["Member"],
            "hwbs": ["E10000015-HWB"],
            "hwb_roles": ["Member"],
            "organisations": [HERTS],
        }
    ]
    assert record["organisations_in_both_count"] == 3
    assert [
        (o["code"], o["name"], o["icp_seats"], o["hwb_seats"], o["hwbs"])
        for o in record["organisations_in_both"]
    ] == [
        (ESSEX, "Essex", 1, 2, ["E10000012-HWB"]),
        (HERTS, "Hertfordshire", 1, 2, ["E10000015-HWB"]),
        (HWE, "NHS Hertfordshire and West Essex ICB", 1, 1, ["E10000015-HWB"]),
    ]
    assert (record["icp_members"], record["hwb_members"]) == (3, 6)
    assert [
        (b["code"], b["members"], b["also_on_icp"], b["organisations"], b["organisations_on_icp"])
        for b in record["by_hwb"]
    ] == [("E10000012-HWB", 2, 0, 1, 1), ("E10000015-HWB", 4, 1, 2, 2)]
    assert record["notes"] == []


def test_a_member_who_has_left_no_longer_overlaps(hwe: Path) -> None:
    with Warehouse.open(hwe) as warehouse:
        later = overlap(warehouse, HWE, as_of=date(2025, 6, 1))
    # Bob (Essex) left the ICP on 31 March 2025: Essex is on the HWB side only.
    assert [o["code"] for o in later["organisations_in_both"]] == [HERTS, HWE]
    assert later["people_in_both_count"] == 1


def test_a_system_without_boards_says_so(hwe: Path) -> None:
    with Warehouse.open(hwe) as warehouse:
        found = overlap(warehouse, "QKS", as_of=date(2025, 3, 1))
    assert found["people_in_both"] == [] and found["organisations_in_both_count"] == 0
    assert len(found["notes"]) == 2


def test_overlap_table(hwe: Path) -> None:
    code, out, _ = run(app, "governance", "overlap", "--system", "QM7", "--as-of", "2025-03-01",
                       "--format", "table", "--db", str(hwe))  # fmt: skip
    assert code == 0
    assert "People on the ICP and an HWB: 1 of 3 ICP members; organisations on both: 3." in out
