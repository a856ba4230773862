"""Local headroom on a small warehouse built by hand: every share below is worked out in the
comments from the rows the test writes."""

from __future__ import annotations

import json
import shutil
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from typer.testing import CliRunner

from joinedup.cli import app
from joinedup.governance.boards import add_board
from joinedup.governance.headroom import headroom
from joinedup.governance.meetings import add_agenda_item, add_meeting
from joinedup.ledger.direction import direction_rules
from joinedup.warehouse import Warehouse

runner = CliRunner(env={"COLUMNS": "200"})
KENT_AND_MEDWAY, KENT, SURREY_HEARTLANDS = "E54000032", "E10000016", "E54000063"
KM = KENT_AND_MEDWAY

# (year, organisation, system, council, type, source, amount, override)
LINES = [
    ("2024-25", KM, KM, None, "acute_elective", "icb_allocation", 600, None),
    ("2024-25", KM, KM, None, "primary_medical_care", "icb_allocation", 200, None),
    ("2024-25", KENT, KM, KENT, "ph_sexual_health", "public_health_grant", 100, None),
    ("2024-25", KENT, KM, KENT, "asc_home_care", "council_core", 100, "national"),
    ("2024-25", KENT, KM, KENT, "childrens_social_care", "council_core", 5000, None),
    ("2023-24", KM, KM, None, "acute_elective", "icb_allocation", 500, None),
    ("2023-24", KENT, KM, KENT, "asc_home_care", "bcf_ibcf", 300, None),
    ("2023-24", KENT, KM, KENT, "asc_reablement", "bcf_ibcf", 200, "local"),
]  # fmt: skip


def _ledger(warehouse: Warehouse) -> None:
    submissions: dict[tuple[str, str], int] = {}
    for year, organisation, *_ in LINES:
        submissions.setdefault((organisation, year), len(submissions) + 1)
    for (organisation, year), number in submissions.items():
        warehouse.connection.execute(
            "INSERT INTO ledger_submissions (id, organisation_code, financial_year, source, "
            "submitted_by, submitted_at, line_count, total) VALUES (?, ?, ?, 'submission', "
            "'test', now(), 0, 0)",
            [number, organisation, year],
        )
    for line, (year, organisation, system, council, kind, source, amount, override) in enumerate(
        LINES, start=1
    ):
        warehouse.connection.execute(
            "INSERT INTO ledger_lines (submission_id, line_number, system_code, council_code, "
            "spending_type, funding_source, pooled, amount, direction) "
            "VALUES (?, ?, ?, ?, ?, ?, false, ?, ?)",
            [
                submissions[organisation, year],
                line,
                system,
                council,
                kind,
                source,
                amount,
                override,
            ],
        )


def _agenda(warehouse: Warehouse) -> dict[str, int]:
    add_board(warehouse, "T-ICB", "Kent and Medway ICB board", "icb_board", system=KENT_AND_MEDWAY)
    add_board(warehouse, "T-OTHER", "Surrey ICB board", "icb_board", system=SURREY_HEARTLANDS)
    add_board(warehouse, "T-HWB", "Kent HWB", "hwb", council=KENT)
    first = add_meeting(warehouse, "T-ICB", date(2025, 1, 15))["id"]
    later = add_meeting(warehouse, "T-ICB", date(2025, 5, 15))["id"]
    other = add_meeting(warehouse, "T-OTHER", date(2025, 5, 15))["id"]
    hwb = add_meeting(warehouse, "T-HWB", date(2025, 5, 15))["id"]
    items = {}
    for meeting, title, kind, minutes in (
        (first, "Minutes and matters arising", "statutory", 10),  # national: statutory
        (first, "Winter plan", "operational", 30),  # national: title
        (first, "Virtual wards programme", "transformational", 60),  # local
        (first, "Any other business", None, None),  # no minutes: left out
        (later, "Integrated care strategy: progress", "strategic", 45),  # local
        (later, "Better Care Fund plan", "operational", 15),  # national: title
        (other, "Local thing elsewhere", "strategic", 500),  # another system's board
        (hwb, "Local thing at the HWB", "strategic", 500),  # a council's board
    ):
        items[title] = add_agenda_item(warehouse, meeting, title, item_class=kind, minutes=minutes)[
            "id"
        ]
    return items


@pytest.fixture
def built(path: Path) -> Path:
    with Warehouse.open(path, write=True) as warehouse:
        _ledger(warehouse)
        _agenda(warehouse)
    return path


def test_rules_tag_grants_schemes_and_targets_as_national() -> None:
    rules = direction_rules()
    assert rules.line("public_health_grant", "ph_other")[0] == "national"
    assert rules.line("bcf_discharge", "asc_reablement")[0] == "national"
    assert rules.line("icb_allocation", "acute_elective")[0] == "local"
    assert rules.line("council_core", "asc_home_care", "national")[0] == "national"
    assert rules.item("BCF quarterly return", "operational")[0] == "national"
    assert rules.item("Abcfoo review", "operational")[0] == "local"  # whole words only
    assert rules.item("Winter plan", None, "local")[0] == "local"


def test_shares_by_hand(built: Path) -> None:
    with Warehouse.open(built) as warehouse:
        record = headroom(warehouse, KENT_AND_MEDWAY)
    # 2024-25: local = acute 600; national = GP 200 + public health grant 100 + home care 100
    # (overridden); children's social care is outside the headline total.
    assert record["financial_year"] == "2024-25"
    assert record["local_share_of_spend"] == 0.6
    assert record["local_spend"] == Decimal(600) and record["national_spend"] == Decimal(400)
    # Agenda, 2025-26 (May 2025): strategy 45 local, BCF 15 national -> 0.75.
    assert record["agenda_basis"] == "minutes"
    assert record["agenda_financial_year"] == "2025-26"
    assert record["local_share_of_agenda"] == 0.75
    by_year = {row["financial_year"]: row for row in record["by_year"]}
    # 2023-24 spend: acute 500 + reablement 200 (overridden local) of 1000 -> 0.7.
    assert by_year["2023-24"]["local_share_of_spend"] == 0.7
    # 2024-25 agenda (January 2025): virtual wards 60 of 10 + 30 + 60 -> 0.6; AOB left out.
    assert by_year["2024-25"]["local_share_of_agenda"] == 0.6
    assert by_year["2025-26"]["local_share_of_spend"] is None
    assert record["agenda_items_without_minutes"] == 1


def test_agenda_by_items_when_no_minutes_and_an_override(path: Path) -> None:
    with Warehouse.open(path, write=True) as warehouse:
        add_board(warehouse, "T-ICB", "ICB board", "icb_board", system=KENT_AND_MEDWAY)
        meeting = add_meeting(warehouse, "T-ICB", date(2025, 1, 15))["id"]
        for title in ("Winter plan", "Neighbourhood teams", "Place plans", "Elective recovery"):
            add_agenda_item(warehouse, meeting, title)
        warehouse.connection.execute(
            "UPDATE governance_agenda_items SET direction = 'local' WHERE title = 'Winter plan'"
        )
        record = headroom(warehouse, KENT_AND_MEDWAY)
    # Items: winter plan (overridden local), two local, elective recovery national -> 3 of 4.
    assert record["agenda_basis"] == "items"
    assert record["local_share_of_agenda"] == 0.75
    assert record["local_share_of_spend"] is None  # no ledger at all


def test_cli_headroom_json(built: Path) -> None:
    result = runner.invoke(
        app,
        ["governance", "headroom", "--system", KM, "--format", "json", "--db", str(built)],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout)
    assert record["local_share_of_spend"] == 0.6
    assert record["local_share_of_agenda"] == 0.75
    assert record["agenda_basis"] == "minutes"


def test_demo_headroom_tags_work(demo_warehouse: Path, tmp_path: Path) -> None:
    copy = tmp_path / "demo.duckdb"
    shutil.copy(demo_warehouse, copy)
    with Warehouse.open(copy) as warehouse:
        record = headroom(warehouse, KENT_AND_MEDWAY)
    assert 0.5 < record["local_share_of_spend"] < 0.95
    assert 0 < record["local_share_of_agenda"] < 1
    reasons = {row["reason"] for row in record["spend_reasons"]}
    assert any("Public Health Grant" in reason for reason in reasons)
    assert any("Better Care Fund" in reason for reason in reasons)


def test_a_submitted_lines_direction_overrides_the_rules(path: Path, tmp_path: Path) -> None:
    from joinedup.ledger.submission import submit
    from joinedup.problems import FileRejected

    spend = tmp_path / "spend.csv"
    spend.write_text(
        "financial_year,system,council,spending_type,funding_source,pooled,amount,direction\n"
        "2024-25,,,asc_home_care,council_core,,300,national\n"
        "2024-25,,,ph_other,public_health_grant,,100,Local\n"
        "2024-25,,,asc_day_care,council_core,,600,\n"
    )
    bad = tmp_path / "bad.csv"
    bad.write_text(spend.read_text().replace(",national\n", ",ring-fenced\n"))
    with Warehouse.open(path, write=True) as warehouse:
        with pytest.raises(FileRejected) as rejected:
            submit(warehouse, bad, KENT, "2024-25")
        assert rejected.value.problems[0].field == "direction"
        submit(warehouse, spend, KENT, "2024-25")
        record = headroom(warehouse, KENT_AND_MEDWAY)
    # Home care set national (300); the public health grant line set local (100) with day care
    # (600): 700 of 1000 local.
    assert record["local_share_of_spend"] == 0.7
