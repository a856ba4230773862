"""The governance and priorities demo parts: plausible, marked synthetic, reproducible."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from joinedup.demo.governance import GOVERNANCE_TABLES, SURNAMES
from joinedup.demo.priorities import PRIORITY_TABLES
from joinedup.governance.decisions import check_decisions
from joinedup.governance.review import compare_systems
from joinedup.reference import councils, systems
from joinedup.warehouse import Warehouse
from tests.demo_cache import copy_demo, table_digests

from .governance_support import build_parts


def test_every_system_and_council_has_its_boards(governance_demo: Path) -> None:
    with Warehouse.open(governance_demo) as warehouse:
        kinds = warehouse.query(
            "SELECT kind, count(DISTINCT coalesce(system_code, council_code)) AS areas "
            "FROM governance_boards GROUP BY 1 ORDER BY 1"
        )
        assert {row["kind"]: row["areas"] for row in kinds} == {
            "hwb": len(councils()), "icb_board": 42, "icp": 42, "scrutiny": len(councils())
        }  # fmt: skip
        for table in (*GOVERNANCE_TABLES, *PRIORITY_TABLES):
            assert warehouse.query(f"SELECT bool_and(synthetic) AS s FROM {table}") == [{"s": True}]


def test_icb_boards_have_few_councillors_as_impower_found(governance_demo: Path) -> None:
    with Warehouse.open(governance_demo) as warehouse:
        comparison = compare_systems(warehouse, date(2025, 3, 31))
    share = comparison["england_councillor_share"]
    assert 0.05 <= share <= 0.15  # IMPOWER/CCN: 9 of 91 ICB board members (9.9%)
    assert sum(1 for row in comparison["systems"] if row["councillors"] == 0) >= 1


def test_names_are_invented_and_people_marked_synthetic(governance_demo: Path) -> None:
    with Warehouse.open(governance_demo) as warehouse:
        names = [row["name"] for row in warehouse.query("SELECT name FROM governance_people")]
    assert names and all(name.split()[-1] in SURNAMES for name in names)


def test_some_decisions_lack_sign_offs_some_raise_conflicts(governance_demo: Path) -> None:
    with Warehouse.open(governance_demo) as warehouse:
        checked = check_decisions(warehouse)
        statuses = {row.status for row in checked}
        refusals = warehouse.query(
            "SELECT count(*) AS n FROM audit_log WHERE action = 'approval_refused'"
        )
        agenda = warehouse.query(
            "SELECT min(g.meeting_date) AS first, max(g.meeting_date) AS last, "
            "count(DISTINCT a.class) AS classes FROM governance_agenda_items a "
            "JOIN governance_meetings g ON g.id = a.meeting_id"
        )[0]
        priorities = warehouse.query(
            "SELECT count(*) AS n FROM priorities GROUP BY system_code ORDER BY 1"
        )
    flagged = {flag for row in checked for flag in row.flags}
    assert flagged == {
        "missing_sign_offs",
        "conflict_of_interest",
        "no_regard_to_strategy",
        "regard_not_recorded",
    }
    missing = [row for row in checked if row.missing_sign_offs]
    assert all(row.status == "proposed" for row in missing)
    assert refusals == [{"n": len(missing)}]
    assert statuses == {"proposed", "approved", "rejected"}
    assert 0.05 < sum("conflict_of_interest" in row.flags for row in checked) / len(checked) < 0.5
    assert date(2023, 4, 1) <= agenda["first"] < agenda["last"] <= date(2025, 3, 31)
    assert agenda["classes"] == 4
    assert len(priorities) == len(systems())
    assert priorities[0]["n"] >= 3 and priorities[-1]["n"] <= 6


def test_the_same_seed_gives_the_same_rows(governance_demo: Path, tmp_path: Path) -> None:
    """Rebuilt over a copy with the same seed, every table has the same rows: the parts are
    deterministic, and a rebuild replaces their synthetic rows rather than adding to them."""
    again = copy_demo(governance_demo, tmp_path / "again.duckdb")
    build_parts(again, seed=5)
    assert table_digests(again) == table_digests(governance_demo)
