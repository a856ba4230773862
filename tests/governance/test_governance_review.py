"""The membership review: shares counted from the register, voices, long service, agenda focus."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from joinedup.cli.governance import app
from joinedup.governance.boards import add_board
from joinedup.governance.meetings import add_agenda_item, add_meeting
from joinedup.governance.review import CouncilNamed, financial_quarter, review
from joinedup.reference import systems
from joinedup.warehouse import Warehouse

from .governance_support import KENT, KM, MEDWAY, Member, run

AS_OF = date(2025, 3, 31)


def test_councillor_share_is_the_registers_count_over_current_members(
    warehouse: Warehouse, icb_board: str, member: Member
) -> None:
    member(icb_board, "Partner member (local authorities)", organisation=KENT, councillor=True)
    for role in ("Chair", "Chief Executive", "Chief Finance Officer", "Non-executive member"):
        member(icb_board, role, organisation=KM)
    member(
        icb_board,
        "Partner member (local authorities)",
        organisation=MEDWAY,
        councillor=True,
        end_date=date(2024, 3, 31),
    )  # left: not counted
    member(icb_board, "Non-executive member", start_date=date(2025, 6, 1))  # not yet in post
    member(icb_board, "Participant (VCSE)", voting=False)

    record = review(warehouse, "Kent and Medway", as_of=AS_OF)
    icb = record.boards[0]
    assert (icb.board, icb.members, icb.councillors) == (icb_board, 6, 1)
    assert icb.councillor_share == 1 / 6
    assert (icb.voting_members, icb.voting_councillors) == (5, 1)
    assert record.councils_without_voice == [CouncilNamed(code=MEDWAY, name="Medway")]
    assert record.comparison.icb_councillor_share == 1 / 6
    assert record.comparison.rank == 1


def test_every_boards_share_matches_the_register_on_the_demo(governance_demo: Path) -> None:
    with Warehouse.open(governance_demo) as warehouse:
        for found in systems()[:8]:
            record = review(warehouse, found.code, as_of=AS_OF)
            for board in record.boards:
                counted = warehouse.query(
                    "SELECT count(*) AS members, count(*) FILTER (WHERE councillor) AS c "
                    "FROM governance_memberships WHERE board_code = ? AND start_date <= ? "
                    "AND (end_date IS NULL OR end_date >= ?)",
                    [board.board, AS_OF, AS_OF],
                )[0]
                assert board.members == counted["members"] > 0
                assert board.councillors == counted["c"]
                assert board.councillor_share == counted["c"] / counted["members"]


def test_voice_and_vote_and_long_service(
    warehouse: Warehouse, icb_board: str, member: Member
) -> None:
    member(icb_board, "Partner member (LA)", organisation=MEDWAY, voting=False)
    add_board(warehouse, "KENT-HWB", "Kent HWB", "hwb", council=KENT)
    member("KENT-HWB", "Chair", name="Fay Oakenshawl", councillor=True,
           start_date=date(2013, 4, 1))  # fmt: skip
    member("KENT-HWB", "Director of public health", start_date=date(2019, 3, 31))  # 6 years
    record = review(warehouse, KM, as_of=AS_OF, long_service_years=6)
    assert [c.code for c in record.councils_without_voice] == [KENT]
    assert [c.code for c in record.councils_without_vote] == [MEDWAY, KENT]
    assert [(m.name, m.years, m.start_date) for m in record.long_serving] == [
        ("Fay Oakenshawl", 12.0, date(2013, 4, 1)),
        ("Director of public health", 6.0, date(2019, 3, 31)),
    ]
    assert [b.kind for b in record.boards] == ["icb_board", "hwb"]


def test_agenda_focus_by_quarter_and_trend(warehouse: Warehouse, icb_board: str) -> None:
    minutes = {  # quarter start: (strategic, operational) minutes
        date(2024, 4, 10): (20, 80),
        date(2024, 7, 10): (40, 60),
        date(2024, 10, 10): (60, 40),
    }
    for day, (strategic, operational) in minutes.items():
        meeting = add_meeting(warehouse, icb_board, day)["id"]
        add_agenda_item(warehouse, meeting, "Strategy", item_class="strategic", minutes=strategic)
        add_agenda_item(warehouse, meeting, "Performance", item_class="Operational",
                        minutes=operational)  # fmt: skip
        add_agenda_item(warehouse, meeting, "Any other business")  # no time allotted
    focus = review(warehouse, KM, as_of=AS_OF).agenda_focus
    assert [q.quarter for q in focus.quarters] == ["2024-25 Q1", "2024-25 Q2", "2024-25 Q3"]
    assert [q.shares["strategic"] for q in focus.quarters] == [0.2, 0.4, 0.6]
    assert focus.trend_pp_per_quarter["strategic"] == 20.0
    assert focus.trend_pp_per_quarter["operational"] == -20.0
    assert focus.shares["strategic"] == 0.4
    assert focus.england_shares == focus.shares  # the only ICB board with agendas


@pytest.mark.parametrize(
    ("day", "quarter"),
    [(date(2024, 4, 1), "2024-25 Q1"), (date(2024, 12, 31), "2024-25 Q3"),
     (date(2025, 3, 31), "2024-25 Q4"), (date(1999, 7, 1), "1999-00 Q2")],
)  # fmt: skip
def test_financial_quarters(day: date, quarter: str) -> None:
    assert financial_quarter(day) == quarter


def test_review_command_json_and_table(governance_demo: Path) -> None:
    db = ["--db", str(governance_demo)]
    code, out, _ = run(app, "review", "--system", "QKS", "--as-of", "2025-03-31",
                       "--format", "json", *db)  # fmt: skip
    assert code == 0
    record = json.loads(out)
    assert record["synthetic"] is True
    assert {"board", "members", "councillors", "councillor_share"} <= set(record["boards"][0])
    assert isinstance(record["councils_without_voice"], list)
    assert len(record["agenda_focus"]["quarters"]) == 8
    code, out, _ = run(app, "review", "--system", "QKS", "--as-of", "2025-03-31",
                       "--format", "table", *db)  # fmt: skip
    assert code == 0 and "Councillor share" in out and "synthetic demonstration data" in out
    assert "Trend, percentage points a quarter" in out
    code, out, _ = run(app, "review", "--system", "QKS", "--format", "csv", *db)
    assert code == 0 and out.startswith("board,name,kind,members,councillors,councillor_share")
    code, _, err = run(app, "review", "--system", "Nowhere", *db)
    assert code == 2 and "Error:" in err
