"""Governance dates checked where they are recorded: a decision is not decided before its date
nor in the future, a sign-off is not in the future; refused on entry (library, command line,
workbook import, web form) and warned of for rows already stored (`governance check`)."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest

from joinedup.cli.governance import app
from joinedup.governance.dates import date_warnings
from joinedup.governance.decisions import add_decision, decide, sign_off
from joinedup.governance.workbook import import_file
from joinedup.problems import FileRejected
from joinedup.warehouse import Warehouse

from .governance_support import KENT, MEDWAY, run

FUTURE = date.today() + timedelta(days=400)


def strategy(warehouse: Warehouse, board: str, on: date = date(2024, 5, 1)) -> int:
    found = add_decision(warehouse, board, "Digital strategy", "strategy", on=on)
    return int(found["id"])


def problems(error: pytest.ExceptionInfo[FileRejected]) -> list[str]:
    return [str(problem) for problem in error.value.problems]


def test_a_decision_is_not_approved_before_it_is_proposed(
    warehouse: Warehouse, icb_board: str
) -> None:
    decision = strategy(warehouse, icb_board)
    with pytest.raises(FileRejected) as refused:
        decide(warehouse, decision, approve=True, on=date(2019, 5, 1))
    assert problems(refused) == [
        f"decision {decision}, field 'decided_on': decided on 1 May 2019, before its date "
        "1 May 2024: it cannot be decided before it is proposed"
    ]
    with pytest.raises(FileRejected, match="which is in the future"):
        decide(warehouse, decision, approve=True, on=FUTURE)
    assert decide(warehouse, decision, approve=True, on=date(2024, 5, 1)).decision["status"] == (
        "approved"
    )


def test_a_sign_off_is_not_dated_in_the_future(warehouse: Warehouse, icb_board: str) -> None:
    found = add_decision(warehouse, icb_board, "Fund", "budget allocation", on=date(2024, 5, 1),
                         value=5_000_000, affected=[KENT, MEDWAY])  # fmt: skip
    with pytest.raises(FileRejected) as refused:
        sign_off(warehouse, found["id"], KENT, "Kent cabinet", on=FUTURE)
    assert "field 'signed_on': signed off on" in problems(refused)[0]
    assert "which is in the future" in problems(refused)[0]
    assert warehouse.query("SELECT count(*) AS n FROM governance_sign_offs") == [{"n": 0}]
    # Councils sign off before the board decides: a sign-off before the decision's date is fine.
    sign_off(warehouse, found["id"], KENT, "Kent cabinet", on=date(2024, 4, 20))


def test_a_workbook_with_dates_out_of_order_is_refused_whole(
    path: Path, tmp_path: Path, icb_board: str, warehouse: Warehouse
) -> None:
    file = tmp_path / "decisions.csv"
    file.write_text(
        "id,board,title,type,date,status,decided_by,decided_on\n"
        f"7,{icb_board},Digital strategy,strategy,2024-05-01,approved,Board,2019-05-01\n"
        f"8,{icb_board},Data strategy,strategy,2024-05-01,approved,Board,2024-06-01\n"
    )
    with pytest.raises(FileRejected) as refused:
        import_file(warehouse, file, register="decisions", who="secretary")
    assert problems(refused) == [
        "decisions.csv, row 2, field 'decided_on': decided on 1 May 2019, before its date "
        "1 May 2024: it cannot be decided before it is proposed"
    ]
    assert warehouse.query("SELECT count(*) AS n FROM governance_decisions") == [{"n": 0}]


def test_governance_check_warns_of_rows_stored_before_dates_were_checked(
    path: Path, icb_board: str, warehouse: Warehouse
) -> None:
    decision = strategy(warehouse, icb_board)
    # As an older JoinedUp (or another tool) could have stored it, past every check.
    warehouse.connection.execute(
        "UPDATE governance_decisions SET status = 'approved', decided_on = DATE '2019-05-01' "
        "WHERE id = ?",
        [decision],
    )
    assert date_warnings(warehouse, [decision]) == {
        decision: [
            "Decision decided on 1 May 2019, before its date 1 May 2024: it cannot be decided "
            "before it is proposed."
        ]
    }
    warehouse.close()
    status, out, err = run(app, "check", "--db", str(path), "--format", "json")
    assert status == 0
    assert json.loads(out)[0]["date_warnings"] == [
        "Decision decided on 1 May 2019, before its date 1 May 2024: it cannot be decided "
        "before it is proposed."
    ]
    assert f"Warning: decision {decision}: Decision decided on 1 May 2019" in err


def test_governance_check_lists_decisions_newest_first_with_flags_in_words(
    path: Path, icb_board: str, warehouse: Warehouse
) -> None:
    for day in (date(2023, 1, 5), date(2025, 2, 1), date(2024, 3, 9)):
        strategy(warehouse, icb_board, on=day)
    warehouse.close()
    status, out, _ = run(app, "check", "--db", str(path), "--format", "json")
    assert status == 0
    assert [row["date"] for row in json.loads(out)] == ["2025-02-01", "2024-03-09", "2023-01-05"]
    status, table, _ = run(app, "check", "--db", str(path), "--format", "table")
    assert "regard_not_recorded" not in table and "no_regard_to_strategy" not in table
    assert "regard" in table.lower()


def test_newest_first_orders_typed_records_as_it_orders_rows(
    icb_board: str, warehouse: Warehouse
) -> None:
    from joinedup.governance.dates import newest_first
    from joinedup.governance.decisions import check_decisions

    for day in (date(2023, 1, 5), date(2025, 2, 1), date(2024, 3, 9), date(2025, 2, 1)):
        strategy(warehouse, icb_board, on=day)
    checked = check_decisions(warehouse)
    as_rows = [{"date": row.date, "decision": row.decision} for row in checked]
    ordered = [row.decision for row in newest_first(checked)]
    assert ordered == [row["decision"] for row in newest_first(as_rows)]
    assert [row.date for row in newest_first(checked)] == [
        date(2025, 2, 1), date(2025, 2, 1), date(2024, 3, 9), date(2023, 1, 5)
    ]  # fmt: skip
