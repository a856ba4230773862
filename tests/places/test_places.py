"""Places and the register of what is delegated to them: the `places list` contract on a
warehouse whose answer is known (see conftest.py), defaults, checks and the audit log."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from joinedup.cli import app
from joinedup.places.delegations import delegate, end_delegation
from joinedup.places.places import add_place, default_places, system_places
from joinedup.problems import FileRejected
from joinedup.records.audit import history
from joinedup.warehouse import Warehouse

from ..governance.governance_support import run
from .conftest import ESSEX, HERTS, HWE


def register_places(path: Path) -> None:
    with Warehouse.open(path, write=True) as warehouse:
        add_place(warehouse, "QM7-HERTS", "QM7", "Hertfordshire", [HERTS], who="tester")
        add_place(warehouse, "QM7-WE", HWE, "West Essex", ["e10000012"], board="QM7-WE-PB")
        delegate(warehouse, "QM7-WE", "Community services commissioning",
                 from_date=date(2024, 4, 1), budget="2500000", delegated_by="QM7")  # fmt: skip
        ended = delegate(warehouse, "QM7-WE", "Better Care Fund pilot",
                         from_date=date(2022, 4, 1), budget=400000)  # fmt: skip
        end_delegation(warehouse, ended["id"], date(2023, 3, 31))


def test_places_list_json_is_the_contract(hwe_copy: Path) -> None:
    register_places(hwe_copy)
    code, out, err = run(app, "places", "list", "--system", "QM7", "--format", "json",
                         "--db", str(hwe_copy))  # fmt: skip
    assert code == 0, err
    found = json.loads(out)
    assert [(p["code"], p["name"], p["councils"]) for p in found] == [
        ("QM7-HERTS", "Hertfordshire", [HERTS]),
        ("QM7-WE", "West Essex", [ESSEX]),
    ]
    herts, west_essex = found
    assert herts["delegations"] == [] and herts["board"] is None
    assert west_essex["board"] == "QM7-WE-PB"
    assert west_essex["population"] == 319_649  # Essex's residents in the system
    assert west_essex["council_details"] == [
        {"code": ESSEX, "name": "Essex", "residents_in_system": 319_649, "split": True}
    ]
    assert [
        (d["function"], d["budget_gbp"], d["from_date"], d["to_date"], d["delegated_by"])
        for d in west_essex["delegations"]
    ] == [
        ("Better Care Fund pilot", 400000.0, "2022-04-01", "2023-03-31", None),
        ("Community services commissioning", 2500000.0, "2024-04-01", None, HWE),
    ]
    assert [d["current"] for d in west_essex["delegations"]] == [False, True]


def test_a_system_without_places_lists_one_per_council_living_there() -> None:
    # Essex has 21% of its people in Hertfordshire and West Essex: a default place there.
    assert [(p["code"], p["councils"]) for p in default_places("E54000025")] == [
        ("QM7-E10000012", [ESSEX]),
        ("QM7-E10000015", [HERTS]),
    ]
    # Hertfordshire has 1.7% of its people in Cambridgeshire and Peterborough: no place there.
    assert HERTS not in {c for p in default_places("E54000056") for c in p["councils"]}


def test_places_add_defaults_then_list_registered(hwe_copy: Path) -> None:
    db = ("--db", str(hwe_copy))
    assert run(app, "places", "add", "QM7-WE", "--system", "QM7", "--name", "West Essex",
               "--council", ESSEX, *db)[0] == 0  # fmt: skip
    code, out, _ = run(app, "places", "add-defaults", "--system", "QM7", *db)
    assert code == 0 and "QM7-E10000015" in out and "QM7-E10000012" not in out
    code, out, _ = run(app, "places", "list", "--system", "QM7", "-f", "json", *db)
    assert [(p["code"], p["registered"]) for p in json.loads(out)] == [
        ("QM7-E10000015", True),
        ("QM7-WE", True),
    ]


@pytest.mark.parametrize(
    ("councils", "board", "field", "message"),
    [
        (["E10000016"], None, "councils", "council E10000016 has no residents in system"),
        ([ESSEX], "QH8-ICB", "board", "not a place board of system E54000025"),
        ([ESSEX], "NOPE", "board", "there is no board 'NOPE'"),
        ([HERTS], None, "councils", f"council {HERTS} is already in place QM7-HERTS"),
        ([], None, "councils", "name at least one"),
    ],
)
def test_a_wrong_place_is_refused_and_nothing_stored(
    hwe_copy: Path, councils: list[str], board: str | None, field: str, message: str
) -> None:
    with Warehouse.open(hwe_copy, write=True) as warehouse:
        add_place(warehouse, "QM7-HERTS", HWE, "Hertfordshire", [HERTS])
        with pytest.raises(FileRejected) as rejected:
            add_place(warehouse, "QM7-OTHER", HWE, "Other", councils, board=board)
        problem = rejected.value.problems[0]
        assert problem.field == field and message in problem.message
        assert [p["code"] for p in system_places(warehouse, HWE)] == ["QM7-HERTS"]


def test_a_delegation_to_no_place_or_ending_before_it_starts_is_refused(hwe_copy: Path) -> None:
    with Warehouse.open(hwe_copy, write=True) as warehouse:
        with pytest.raises(FileRejected, match="problem"):
            delegate(warehouse, "NOWHERE", "Community services", from_date=date(2024, 4, 1))
        add_place(warehouse, "QM7-WE", HWE, "West Essex", [ESSEX])
        with pytest.raises(FileRejected) as rejected:
            delegate(warehouse, "QM7-WE", "x", from_date=date(2024, 4, 1),
                     to_date=date(2024, 3, 1))  # fmt: skip
        assert rejected.value.problems[0].field == "to_date"


def test_every_change_is_in_the_audit_log_and_a_removal_keeps_the_rows(hwe_copy: Path) -> None:
    register_places(hwe_copy)
    db = ("--db", str(hwe_copy))
    code, out, _ = run(app, "places", "remove", "QM7-WE", "--by", "clerk", *db)
    assert code == 0 and "Removed place QM7-WE" in out
    with Warehouse.open(hwe_copy) as warehouse:
        assert [p["code"] for p in system_places(warehouse, HWE)] == ["QM7-HERTS"]
        removed = history(warehouse, table="places", key="QM7-WE")
        delegations = history(warehouse, table="place_delegations")
    assert [entry["action"] for entry in removed] == ["remove", "insert"]
    assert removed[0]["who"] == "clerk"
    assert removed[0]["before"]["councils"] == [ESSEX] and removed[0]["after"] is None
    actions = sorted(entry["action"] for entry in delegations)
    assert actions == ["insert", "insert", "remove", "remove", "update"]


def test_an_unknown_place_is_one_line_and_exit_status_2(hwe: Path) -> None:
    code, _, err = run(app, "places", "remove", "NOPE", "--db", str(hwe))
    assert code == 2 and "There is no place 'NOPE'" in err


def test_delegations_one_row_each_and_places_as_csv(hwe_copy: Path) -> None:
    register_places(hwe_copy)
    db = ("--db", str(hwe_copy))
    code, out, _ = run(app, "places", "delegations", "--system", "QM7", "-f", "csv", *db)
    assert code == 0
    assert out.splitlines() == [
        "id,place,function,budget_gbp,from_date,to_date,delegated_by,current",
        "2,QM7-WE,Better Care Fund pilot,400000.0,2022-04-01,2023-03-31,,False",
        f"1,QM7-WE,Community services commissioning,2500000.0,2024-04-01,,{HWE},True",
    ]
    code, out, _ = run(app, "places", "list", "--system", "QM7", "-f", "csv", *db)
    assert out.splitlines()[2] == (
        f"QM7-WE,West Essex,{ESSEX},319649,QM7-WE-PB,Better Care Fund pilot £400000.00 "
        "2022-04-01 to 2023-03-31;Community services commissioning £2500000.00 2024-04-01 to on"
    )
