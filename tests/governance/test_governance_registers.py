"""Registers: checked entries, audited changes, and files that are stored whole or not at all."""

from __future__ import annotations

import csv
import json
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook

from joinedup.cli.governance import app
from joinedup.core.files import UnreadableFile
from joinedup.governance.boards import add_board, boards
from joinedup.governance.memberships import MEMBERSHIPS, add_membership, end_membership
from joinedup.governance.people import add_person
from joinedup.governance.workbook import REGISTERS, export_file, import_file
from joinedup.problems import FileRejected
from joinedup.records.audit import history
from joinedup.records.registers import rows
from joinedup.warehouse import Warehouse

from .governance_support import KENT, KM, MEDWAY, Member, run


def problems(error: pytest.ExceptionInfo[FileRejected]) -> list[str]:
    return [str(problem) for problem in error.value.problems]


def test_boards_belong_to_what_their_kind_needs(warehouse: Warehouse) -> None:
    with pytest.raises(FileRejected) as rejected:
        add_board(warehouse, "X", "A place board", "place board", council=KENT)
    assert problems(rejected) == [
        "boards entry, field 'system': a place board belongs to a system; give its code"
    ]
    with pytest.raises(FileRejected) as rejected:
        add_board(warehouse, "X", "Knowsley place", "place_board", system=KM, council="E08000011")
    assert "council E08000011 is not in system E54000032" in problems(rejected)[0]
    with pytest.raises(FileRejected, match=r"'hwbb' is not one of .* did you mean hwb"):
        add_board(warehouse, "X", "HWB", "hwbb", council=KENT)
    stored = add_board(warehouse, "KM-PLACE", "Medway place", "place_board", system="QKS",
                       council="E06000035")  # fmt: skip
    assert (stored["system"], stored["council"]) == (KM, MEDWAY)  # any key the system answers to
    assert [board["code"] for board in boards(warehouse, "Kent and Medway")] == ["KM-PLACE"]
    assert boards(warehouse, "E54000008") == []


def test_memberships_are_checked_and_every_change_is_audited(
    warehouse: Warehouse, icb_board: str
) -> None:
    person = add_person(warehouse, "Gus Copperwhistle", who="secretary")["id"]
    with pytest.raises(FileRejected) as rejected:
        add_membership(warehouse, icb_board, person, "Chair", start_date=date(2024, 1, 1),
                       end_date=date(2023, 1, 1), voting=True, councillor=False,
                       organisation="NOWHERE")  # fmt: skip
    assert problems(rejected) == [
        "memberships entry, field 'organisation': there is no organisation 'NOWHERE'"
    ]
    first = add_membership(warehouse, icb_board, person, "Chair", start_date=date(2022, 7, 1),
                           voting=True, councillor=False, organisation="QKS",
                           who="secretary")  # fmt: skip
    assert first["organisation"] == KM
    with pytest.raises(FileRejected, match="already sits on board QKS-ICB from 2022-07-01"):
        add_membership(warehouse, icb_board, person, "Vice chair", start_date=date(2023, 1, 1),
                       voting=True, councillor=False)  # fmt: skip
    end_membership(warehouse, first["id"], date(2023, 12, 31), who="secretary")
    add_membership(warehouse, icb_board, person, "Vice chair", start_date=date(2024, 1, 1),
                   voting=True, councillor=False)  # fmt: skip

    entries = history(warehouse, table="governance_memberships", key=str(first["id"]))
    assert [(e["action"], e["who"]) for e in entries] == [("update", "secretary"),
                                                          ("insert", "secretary")]  # fmt: skip
    update = entries[0]
    assert update["before"]["end_date"] is None and update["after"]["end_date"] == "2023-12-31"
    assert {key for key in update["before"] if update["before"][key] != update["after"][key]} == {
        "end_date"
    }


def test_export_then_import_changes_nothing_and_edits_are_stored(
    warehouse: Warehouse, icb_board: str, member: Member, tmp_path: Path
) -> None:
    member(icb_board, "Chair", organisation=KM)
    member(icb_board, "Partner member (LA)", organisation=KENT, councillor=True)
    workbook = export_file(warehouse, tmp_path / "registers.xlsx")
    assert load_workbook(workbook).sheetnames == [r.name for r in REGISTERS] + ["fields"]
    again = import_file(warehouse, workbook)
    assert again.changed == 0
    assert again.counts["memberships"] == {"unchanged": 2}

    export_file(warehouse, tmp_path / "memberships.csv", registers=["memberships"])
    with (tmp_path / "memberships.csv").open(encoding="utf-8") as handle:
        table = list(csv.DictReader(handle))
    table[1]["end_date"] = "31/03/2025"
    table.append(dict(table[0], id="", person="2", role="Vice chair", start_date="2025-04-01"))
    with (tmp_path / "memberships.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(table[0]))
        writer.writeheader()
        writer.writerows(table)
    imported = import_file(warehouse, tmp_path / "memberships.csv", who="secretary")
    assert imported.counts == {"memberships": {"unchanged": 1, "update": 1, "insert": 1}}
    stored = rows(warehouse, MEMBERSHIPS)
    assert [(m["id"], m["role"], m["end_date"]) for m in stored] == [
        (1, "Chair", None),
        (2, "Partner member (LA)", date(2025, 3, 31)),
        (3, "Vice chair", None),
    ]


def test_a_bad_file_names_every_problem_and_stores_nothing(path: Path, tmp_path: Path) -> None:
    file = tmp_path / "people.csv"
    file.write_text(
        "id,name,party,councillor_of\n"
        ",Hana Gorsebeck,Blue Party,E10000016\n"
        ",,Red Party,\n"
        "x,Ivan Kettlewhin,,E99999999\n"
        "\n",
        encoding="utf-8",
    )
    before = path.read_bytes()
    code, out, err = run(app, "import", str(file), "--db", str(path))
    assert code == 1 and out == ""
    assert err.splitlines() == [
        "people.csv, row 3, field 'name': the name is missing",
        "people.csv, row 4, field 'id': 'x' is not a whole number",
        "Nothing was stored: 2 problems in people.csv.",
    ]
    assert path.read_bytes() == before

    file.write_text("id,name,nickname\n,Jo,JJ\n", encoding="utf-8")
    code, _, err = run(app, "import", str(file), "--db", str(path))
    assert code == 1 and "people.csv, row 1, field 'nickname': people have no column" in err

    file.write_text("id,name,councillor_of\n,Hana Gorsebeck,E99999999\n", encoding="utf-8")
    code, _, err = run(app, "import", str(file), "--register", "people", "--db", str(path))
    assert "row 2, field 'councillor_of': there is no council 'E99999999'" in err

    with Warehouse.open(path, write=True) as warehouse, pytest.raises(UnreadableFile):
        import_file(warehouse, tmp_path / "people.txt")


def test_list_and_export_commands(path: Path, tmp_path: Path) -> None:
    with Warehouse.open(path, write=True) as warehouse:
        add_board(warehouse, "KENT-HWB", "Kent Health and Wellbeing Board", "hwb", council=KENT)
    code, out, _ = run(app, "list", "boards", "--format", "json", "--db", str(path))
    assert code == 0 and json.loads(out)[0]["council"] == KENT
    code, out, _ = run(app, "list", "agenda-items", "--format", "csv", "--db", str(path))
    assert code == 0 and out.splitlines() == [
        "id,meeting,number,title,class,minutes,direction,external_ref"
    ]
    code, _, err = run(app, "list", "minutes", "--db", str(path))
    assert code == 2 and "Unknown register 'minutes'" in err
    code, out, _ = run(app, "export", str(tmp_path / "all.xlsx"), "--db", str(path))
    assert code == 0 and (tmp_path / "all.xlsx").exists()
    code, _, err = run(app, "export", str(tmp_path / "all.csv"), "--db", str(path))
    assert code == 2 and "A CSV file holds one register" in err


def test_entries_made_at_different_times_are_appended_in_order_in_one_go(
    warehouse: Warehouse,
) -> None:
    from datetime import datetime

    from joinedup.records.audit import Entry, record, record_dated

    first = record(warehouse, [Entry("insert", "boards", "A", None, {"n": 1})], who="ann")
    at = [datetime(2024, 5, 1, 9), datetime(2023, 1, 2, 10)]
    dated = [
        (at[0], Entry("update", "boards", "A", {"n": 1}, {"n": 2})),
        (at[1], Entry("remove", "boards", "B", {"n": 3}, None, "gone")),
    ]
    ids = record_dated(warehouse, dated, who="bob", synthetic=True)
    assert ids == [first[0] + 1, first[0] + 2]
    found = {entry["id"]: entry for entry in history(warehouse, limit=None)}
    assert [found[i]["changed_at"] for i in ids] == at
    assert [found[i]["action"] for i in ids] == ["update", "remove"]
    assert {found[i]["who"] for i in ids} == {"bob"} and found[ids[1]]["note"] == "gone"
    assert record_dated(warehouse, []) == []
    with pytest.raises(ValueError, match="unknown audit action"):
        record_dated(warehouse, [(at[0], Entry("erase", "boards", "A", None, None))])
    assert len(history(warehouse, limit=None)) == 3
