"""Councils' feedback rounds: every submission kept with the audit log, the latest counting,
and no rating shown where fewer than three councils responded."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from joinedup.cli import app
from joinedup.governance.feedback import open_round, results, submissions, submit
from joinedup.permissions import NotPermitted
from joinedup.problems import FileRejected
from joinedup.records.audit import history
from joinedup.users import add_user
from joinedup.warehouse import Warehouse, init

from ..governance.governance_support import run

# Four of the nine councils of Cheshire and Merseyside (QYG).
HALTON, WARRINGTON, CHESHIRE_EAST, KNOWSLEY = "E06000006", "E06000007", "E06000049", "E08000011"


def ratings(engagement: int, listening: int, priorities: int, overall: int) -> dict[str, int]:
    return {"engagement": engagement, "listening": listening, "priorities": priorities,
            "overall": overall}  # fmt: skip


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "w.duckdb"
    init(path)
    with Warehouse.open(path, write=True) as warehouse:
        open_round(warehouse, "QYG", "2024/25", "icb_chair", closes=date(2025, 3, 31))
    return path


def round_result(path: Path) -> dict[str, object]:
    with Warehouse.open(path) as warehouse:
        found: dict[str, object] = results(warehouse, "QYG")["rounds"][0]
    return found


def test_below_three_responses_nothing_but_the_count_is_shown(db: Path) -> None:
    with Warehouse.open(db, write=True) as warehouse:
        submit(warehouse, 1, HALTON, ratings(2, 2, 3, 2), "Rarely consulted", on=date(2025, 1, 6))
        submit(warehouse, 1, WARRINGTON, ratings(4, 4, 4, 5), on=date(2025, 1, 7))
    shown = round_result(db)
    assert (shown["responded"], shown["councils_asked"], shown["suppressed"]) == (2, 9, True)
    assert shown["means"] == dict.fromkeys(("engagement", "listening", "priorities", "overall"))
    assert shown["comments"] == [] and "Fewer than 3 councils responded" in str(shown["note"])
    code, out, _ = run(app, "feedback", "results", "--system", "QYG", "-f", "json",
                       "--db", str(db))  # fmt: skip
    assert code == 0 and "Rarely consulted" not in out and '"engagement": 2' not in out
    code, out, _ = run(app, "feedback", "results", "--system", "QYG", "-f", "table",
                       "--db", str(db))  # fmt: skip
    assert "withheld" in out


def test_three_responses_show_means_and_the_latest_of_each_council_counts(db: Path) -> None:
    with Warehouse.open(db, write=True) as warehouse:
        submit(warehouse, 1, HALTON, ratings(1, 1, 1, 1), on=date(2025, 1, 6))
        submit(warehouse, 1, WARRINGTON, ratings(4, 4, 4, 5), on=date(2025, 1, 7))
        submit(warehouse, 1, CHESHIRE_EAST, ratings(3, 2, 2, 3), "More notice of papers",
               on=date(2025, 1, 8))  # fmt: skip
        # Halton answers again: its first answer is kept but no longer counts.
        submit(warehouse, 1, HALTON, ratings(2, 3, 3, 1), "Rarely consulted", on=date(2025, 2, 1))
        kept = submissions(warehouse, 1, HALTON)
        logged = history(warehouse, table="feedback_responses")
    shown = round_result(db)
    assert (shown["responded"], shown["suppressed"], shown["note"]) == (3, False, None)
    # (2 + 4 + 3) / 3, (3 + 4 + 2) / 3, (3 + 4 + 2) / 3, (1 + 5 + 3) / 3
    assert shown["means"] == {"engagement": 3.0, "listening": 3.0, "priorities": 3.0,
                              "overall": 3.0}  # fmt: skip
    assert shown["comments"] == ["More notice of papers", "Rarely consulted"]
    assert [row["engagement"] for row in kept] == [1, 2]
    assert [entry["action"] for entry in logged] == ["insert"] * 4


def test_submit_from_the_command_line(db: Path) -> None:
    code, out, err = run(app, "feedback", "submit", "1", "--council", "Halton", "--engagement",
                         "3", "--listening", "4", "--priorities", "2", "--overall", "3",
                         "--by", "clerk", "--db", str(db))  # fmt: skip
    # The round closed on 31 March 2025; today is later.
    assert code != 0 and "closed on 2025-03-31" in err
    with Warehouse.open(db, write=True) as warehouse:
        open_round(warehouse, "QYG", "2025-26", "icb_chair")
    code, out, err = run(app, "feedback", "submit", "2", "--council", "Halton", "--engagement",
                         "3", "--listening", "4", "--priorities", "2", "--overall", "3",
                         "--by", "clerk", "--db", str(db))  # fmt: skip
    assert code == 0, err
    code, out, _ = run(app, "feedback", "submissions", "2", "-f", "json", "--db", str(db))
    assert [(r["council"], r["listening"], r["submitted_by"]) for r in json.loads(out)] == [
        (HALTON, 4, "clerk")
    ]


@pytest.mark.parametrize(
    ("council", "answers", "field"),
    [
        (HALTON, ratings(6, 3, 3, 3), "engagement"),
        (HALTON, ratings(0, 3, 3, 3), "engagement"),
        ("E10000016", ratings(3, 3, 3, 3), "council"),  # Kent is not in Cheshire and Merseyside
    ],
)
def test_a_wrong_answer_is_refused(
    db: Path, council: str, answers: dict[str, int], field: str
) -> None:
    with Warehouse.open(db, write=True) as warehouse:
        with pytest.raises(FileRejected) as rejected:
            submit(warehouse, 1, council, answers, on=date(2025, 1, 6))
        assert rejected.value.problems[0].field == field
        assert submissions(warehouse, 1) == []


def test_a_second_round_on_the_same_subject_and_year_is_refused(db: Path) -> None:
    with Warehouse.open(db, write=True) as warehouse, pytest.raises(FileRejected):
        open_round(warehouse, "E54000008", "2024-25", "icb_chair")


def test_only_the_councils_own_secretaries_may_give_its_feedback(db: Path) -> None:
    with Warehouse.open(db, write=True) as warehouse:
        other = add_user(warehouse, "sec@knowsley.example", name="Knowsley secretary",
                         role="board_secretary", organisation_key=KNOWSLEY,
                         password="correct horse battery")  # fmt: skip
        own = add_user(warehouse, "sec@halton.example", name="Halton secretary",
                       role="board_secretary", organisation_key=HALTON,
                       password="correct horse battery")  # fmt: skip
        with pytest.raises(NotPermitted):
            submit(warehouse, 1, HALTON, ratings(3, 3, 3, 3), on=date(2025, 1, 6), user=other)
        stored = submit(warehouse, 1, HALTON, ratings(3, 3, 3, 3), on=date(2025, 1, 6), user=own)
    assert stored["submitted_by"] == "sec@halton.example"
