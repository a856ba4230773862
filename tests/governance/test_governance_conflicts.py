"""Conflicts of interest: flagged on the decisions that affect the organisation, and no others."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from joinedup.cli.governance import app
from joinedup.governance.boards import add_board
from joinedup.governance.decisions import add_decision, check_decisions
from joinedup.governance.interests import conflicts, declare_interest
from joinedup.warehouse import Warehouse

from .governance_support import KENT, KM, MEDWAY, Member, kent_and_medway_board, run


def decision(warehouse: Warehouse, board: str, affected: list[str], on: date) -> int:
    found = add_decision(warehouse, board, f"Decision on {on}", "contract", on=on,
                         value=250_000, affected=affected, priorities=[])  # fmt: skip
    return int(found["id"])


def test_an_interest_in_an_affected_council_flags_that_decision_only(
    warehouse: Warehouse, icb_board: str, member: Member
) -> None:
    conflicted = member(icb_board, "Partner member (local authorities)", name="Ann Quillbury",
                        organisation=KENT, councillor=True)  # fmt: skip
    member(icb_board, "Chief Executive", name="Ben Vellumby", organisation=KM)
    add_board(warehouse, "KENT-HWB", "Kent Health and Wellbeing Board", "hwb", council=KENT)
    elsewhere = member("KENT-HWB", "Cabinet member", name="Cara Inkleby", councillor=True)
    declare_interest(warehouse, conflicted, "Cabinet member, Kent County Council",
                     organisation=KENT, start_date=date(2022, 5, 5))  # fmt: skip
    declare_interest(warehouse, elsewhere, "Employed by Kent County Council", organisation=KENT)
    declare_interest(warehouse, conflicted, "Former trustee, Medway carers' charity",
                     organisation=MEDWAY, end_date=date(2023, 3, 31))  # fmt: skip

    kent = decision(warehouse, icb_board, [KENT], date(2024, 5, 1))
    medway = decision(warehouse, icb_board, [MEDWAY], date(2024, 5, 1))
    both = decision(warehouse, icb_board, [MEDWAY, KENT], date(2024, 6, 1))
    before_interest = decision(warehouse, icb_board, [KENT], date(2022, 5, 1))
    hwb = decision(warehouse, "KENT-HWB", [MEDWAY], date(2024, 5, 1))

    found = conflicts(warehouse, [kent, medway, both, before_interest, hwb])
    assert {
        key: [(c.name, c.organisation_code) for c in value] for key, value in found.items()
    } == {
        kent: [("Ann Quillbury", KENT)],
        medway: [],  # her Medway interest ended in 2023
        both: [("Ann Quillbury", KENT)],
        before_interest: [],  # before she declared it (and before she joined)
        hwb: [],  # Cara's interest is in Kent; this decision affects Medway
    }
    assert "Ann Quillbury (Partner member (local authorities)) has a declared interest in " \
           "E10000016" in str(found[kent][0])  # fmt: skip

    flagged = {row.decision: row.flags for row in check_decisions(warehouse)}
    assert [key for key, flags in flagged.items() if "conflict_of_interest" in flags] == [
        kent,
        both,
    ]


def test_a_member_who_has_left_is_not_conflicted(
    warehouse: Warehouse, icb_board: str, member: Member
) -> None:
    left = member(icb_board, "Non-executive member", name="Dan Rushmantle",
                  end_date=date(2023, 12, 31))  # fmt: skip
    declare_interest(warehouse, left, "Trustee", organisation=KENT)
    during = decision(warehouse, icb_board, [KENT], date(2023, 12, 31))
    after = decision(warehouse, icb_board, [KENT], date(2024, 1, 1))
    assert [len(found) for found in conflicts(warehouse, [during, after]).values()] == [1, 0]


def test_the_check_command_flags_conflicts_and_missing_regard(path: Path) -> None:
    with Warehouse.open(path, write=True) as warehouse:
        board = kent_and_medway_board(warehouse)
        from joinedup.governance.memberships import add_membership
        from joinedup.governance.people import add_person

        person = add_person(warehouse, "Eve Fallowmere")["id"]
        add_membership(warehouse, board, person, "Chair", start_date=date(2022, 7, 1),
                       voting=True, councillor=False, organisation=KM)  # fmt: skip
        declare_interest(warehouse, person, "Governor of a school in Medway", organisation=MEDWAY)
        first = decision(warehouse, board, [MEDWAY], date(2024, 5, 1))
        second = decision(warehouse, board, [KENT], date(2024, 5, 1))
    code, out, _ = run(app, "check", "--system", "Kent and Medway", "--format", "json",
                       "--db", str(path))  # fmt: skip
    assert code == 0
    rows = {row["decision"]: row for row in json.loads(out)}
    assert rows[first]["flags"] == ["conflict_of_interest", "no_regard_to_strategy"]
    assert rows[first]["conflicts"][0]["name"] == "Eve Fallowmere"
    assert rows[second]["flags"] == ["no_regard_to_strategy"]
    code, out, _ = run(app, "check", "--decision", str(second), "--format", "table",
                       "--db", str(path))  # fmt: skip
    assert code == 0 and "NO" in out
    code, _, err = run(app, "check", "--decision", "99", "--db", str(path))
    assert code == 2 and "There is no decision 99" in err
