"""Oversight of major decisions: no approval without every affected council's sign-off."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import Workbook

from joinedup.cli.governance import app
from joinedup.governance.decisions import (
    DECISIONS,
    AlreadyDecided,
    MissingSignOffs,
    add_decision,
    decide,
    sign_off,
)
from joinedup.governance.oversight import RulesInvalid, load_rules
from joinedup.governance.workbook import import_file
from joinedup.problems import FileRejected
from joinedup.records.audit import history
from joinedup.records.registers import get
from joinedup.warehouse import Warehouse

from .governance_support import KENT, KM, MEDWAY, kent_and_medway_board, run


def budget(warehouse: Warehouse, board: str, value: object = "£5,000,000") -> int:
    found = add_decision(warehouse, board, "Prevention fund allocation", "budget allocation",
                         on=date(2024, 5, 1), value=value, affected=[KENT, MEDWAY])  # fmt: skip
    return int(found["id"])


def decision_log(warehouse: Warehouse, decision: int) -> list[tuple[str, str | None, str | None]]:
    entries = history(warehouse, table="governance_decisions", key=str(decision))
    return [(entry["action"], entry["who"], entry["note"]) for entry in reversed(entries)]


def test_approval_needs_every_affected_councils_sign_off_and_both_outcomes_are_audited(
    warehouse: Warehouse, icb_board: str
) -> None:
    decision = budget(warehouse, icb_board)

    with pytest.raises(MissingSignOffs) as refused:
        decide(warehouse, decision, approve=True, who="board secretary")
    assert refused.value.missing == [(KENT, "Kent"), (MEDWAY, "Medway")]
    assert refused.value.rules == ["budget-allocation"]
    assert "Kent (E10000016), Medway (E06000035)" in str(refused.value)
    assert "\n" not in str(refused.value)
    assert get(warehouse, DECISIONS, decision)["status"] == "proposed"

    sign_off(warehouse, decision, KENT, "Kent cabinet", on=date(2024, 4, 20))
    with pytest.raises(MissingSignOffs) as still:
        decide(warehouse, decision, approve=True, who="board secretary")
    assert still.value.missing == [(MEDWAY, "Medway")]

    sign_off(warehouse, decision, MEDWAY, "Medway cabinet", on=date(2024, 4, 22))
    decided = decide(warehouse, decision, approve=True, who="board secretary",
                     on=date(2024, 5, 1))  # fmt: skip
    assert decided.decision["status"] == "approved"
    assert decided.decision["decided_by"] == "board secretary"
    assert decision_log(warehouse, decision)[1:] == [
        ("approval_refused", "board secretary", f"missing sign-off: {KENT}, {MEDWAY}"),
        ("approval_refused", "board secretary", f"missing sign-off: {MEDWAY}"),
        ("approve", "board secretary", None),
    ]
    approval = history(warehouse, table="governance_decisions", key=str(decision), limit=1)[0]
    assert approval["id"] == decided.audit_id
    assert (approval["before"]["status"], approval["after"]["status"]) == ("proposed", "approved")


def test_the_command_lists_missing_sign_offs_then_approves(path: Path) -> None:
    with Warehouse.open(path, write=True) as warehouse:
        decision = str(budget(warehouse, kent_and_medway_board(warehouse)))
    db = ["--db", str(path)]

    code, out, err = run(app, "decide", decision, "--approve", "--by", "secretary", *db)
    assert code == 1 and out == ""
    assert f"{KENT}  Kent" in err and f"{MEDWAY}  Medway" in err
    assert "budget-allocation" in err

    for council in (KENT, MEDWAY):
        code, out, _ = run(app, "sign-off", decision, "--council", council, "--signed-by",
                           "Cabinet", "--on", "20/04/2024", *db)  # fmt: skip
        assert code == 0 and f"by {council}" in out
    code, out, _ = run(app, "decide", decision, "--approve", "--by", "secretary", *db)
    assert code == 0 and f"Decision {decision} approved" in out

    code, out, _ = run(app, "audit", "--table", "governance_decisions", "--key", decision,
                       "--format", "json", *db)  # fmt: skip
    assert code == 0, _
    actions = [entry["action"] for entry in json.loads(out)]
    assert actions == ["approve", "approval_refused", "insert"]


@pytest.mark.parametrize(
    ("kind", "value", "significant", "needs_sign_off"),
    [
        ("budget_allocation", "1000000", False, False),  # at the threshold, not above it
        ("budget_allocation", "1000000.01", False, True),
        ("budget_allocation", None, False, True),  # no value: nobody can show it is below
        ("service_reconfiguration", None, False, False),
        ("service_reconfiguration", None, True, True),
        ("contract", "90000000", False, False),
        ("strategy", None, True, False),
    ],
)
def test_the_rules_cover_what_they_say(
    warehouse: Warehouse,
    icb_board: str,
    kind: str,
    value: str | None,
    significant: bool,
    needs_sign_off: bool,
) -> None:
    found = add_decision(warehouse, icb_board, "A decision", kind, on=date(2024, 5, 1),
                         value=value, significant=significant, affected=[KENT])  # fmt: skip
    if needs_sign_off:
        with pytest.raises(MissingSignOffs):
            decide(warehouse, found["id"], approve=True)
    else:
        assert decide(warehouse, found["id"], approve=True).decision["status"] == "approved"


def test_rejecting_needs_no_sign_off_and_a_decision_is_decided_once(
    warehouse: Warehouse, icb_board: str
) -> None:
    decision = budget(warehouse, icb_board)
    assert decide(warehouse, decision, approve=False).decision["status"] == "rejected"
    with pytest.raises(AlreadyDecided, match="decided once"):
        decide(warehouse, decision, approve=True)
    assert decision_log(warehouse, decision)[-1][0] == "reject"


def test_only_an_affected_council_can_sign_off(warehouse: Warehouse, icb_board: str) -> None:
    decision = budget(warehouse, icb_board)
    with pytest.raises(FileRejected, match="does not affect council E08000011"):
        sign_off(warehouse, decision, "E08000011", "Knowsley cabinet")
    sign_off(warehouse, decision, KENT, "Kent cabinet")
    with pytest.raises(FileRejected, match=r"has signed off decision \d+ already"):
        sign_off(warehouse, decision, KENT, "Kent cabinet again")


def test_an_imported_approval_needs_the_sign_offs_in_the_same_file(
    path: Path, tmp_path: Path
) -> None:
    with Warehouse.open(path, write=True) as warehouse:
        icb_board = kent_and_medway_board(warehouse)
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "decisions"
    sheet.append(["id", "board", "title", "type", "value", "affected", "date", "status"])
    sheet.append([7, icb_board, "Winter fund", "budget_allocation", 2_500_000,
                  f"{KENT};{MEDWAY}", "2024-10-01", "approved"])  # fmt: skip
    file = tmp_path / "decisions.xlsx"
    workbook.save(file)
    before = path.read_bytes()
    with Warehouse.open(path, write=True) as warehouse:
        with pytest.raises(FileRejected) as rejected:
            import_file(warehouse, file, who="secretary")
        assert [str(problem) for problem in rejected.value.problems] == [
            "decisions.xlsx, sheet 'decisions', row 2, field 'status': decision 7 cannot be "
            f"approved without a sign-off from {KENT}, {MEDWAY} (oversight rule budget-allocation)"
        ]
        assert warehouse.query("SELECT count(*) AS n FROM governance_decisions") == [{"n": 0}]
        assert warehouse.query("SELECT count(*) AS n FROM audit_log") == [{"n": 1}]  # the board
    assert path.read_bytes() == before

    sign_offs = workbook.create_sheet("sign_offs")
    sign_offs.append(["decision", "council", "signed_by", "signed_on"])
    sign_offs.append([7, KENT, "Kent cabinet", "2024-09-20"])
    sign_offs.append([7, MEDWAY, "Medway cabinet", "2024-09-21"])
    workbook.save(file)
    with Warehouse.open(path, write=True) as warehouse:
        imported = import_file(warehouse, file, who="secretary")
        assert imported.counts == {"decisions": {"insert": 1}, "sign_offs": {"insert": 2}}
        assert get(warehouse, DECISIONS, 7)["status"] == "approved"


def test_rules_are_validated_with_a_one_line_message(tmp_path: Path) -> None:
    rules = load_rules()
    assert [rule.name for rule in rules.rules] == ["budget-allocation", "service-reconfiguration"]
    assert rules.rules[0].above_value == Decimal(1_000_000)
    bad = tmp_path / "rules.yaml"
    bad.write_text("version: 1\nrules:\n  - name: x\n    description: y\n"
                   "    decision_types: [budget]\n", encoding="utf-8")  # fmt: skip
    with pytest.raises(RulesInvalid, match=r"rules.yaml, field 'rules.0.decision_types.0'"):
        load_rules(bad)
    bad.write_text("version: 1\nrules: [\n", encoding="utf-8")
    with pytest.raises(RulesInvalid, match="not valid YAML at line"):
        load_rules(bad)


def test_a_stricter_rules_file_applies_to_the_command(path: Path) -> None:
    with Warehouse.open(path, write=True) as warehouse:
        board = kent_and_medway_board(warehouse)
        found = add_decision(warehouse, board, "Small grant", "budget_allocation",
                             on=date(2024, 5, 1), value=50_000, affected=[KENT])  # fmt: skip
    strict = path.parent / "strict.yaml"
    strict.write_text(
        "version: 1\nrules:\n  - name: every-budget\n    description: All budgets.\n"
        "    decision_types: [budget_allocation]\n    above_value: 0\n",
        encoding="utf-8",
    )
    code, _, err = run(app, "decide", str(found["id"]), "--approve", "--rules", str(strict),
                       "--db", str(path))  # fmt: skip
    assert code == 1 and "every-budget" in err and KENT in err
    code, out, _ = run(app, "rules", "--rules", str(strict), "--format", "json")
    assert json.loads(out)[0]["above_value"] == 0


def test_a_system_with_no_decisions_checks_cleanly(path: Path) -> None:
    code, out, _ = run(app, "check", "--system", KM, "--format", "json", "--db", str(path))
    assert code == 0 and json.loads(out) == []
