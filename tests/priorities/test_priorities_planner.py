"""The prevention-shift planner: the £ for +1 percentage point checked by hand against the ledger
table, scenarios' partners adding up to the appraisal's total, saving and removing with the audit
log, and the command line's JSON."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest
from typer.testing import CliRunner

from joinedup.cli import app
from joinedup.ledger.taxonomy import spending_types
from joinedup.priorities.appraisal import appraise_intervention
from joinedup.priorities.interventions import Intervention, partner_codes
from joinedup.priorities.planner import plan
from joinedup.priorities.scenarios import (
    BadScenario,
    NoScenario,
    Scenario,
    Transfer,
    load_scenarios,
    parse_transfer,
    remove_scenario,
    save_scenario,
)
from joinedup.records.audit import history
from joinedup.warehouse import Warehouse

runner = CliRunner(env={"COLUMNS": "200"})
KENT_AND_MEDWAY, KENT = "E54000032", "E10000016"

# The ledger's latest year, the system's current lines (one submission per organisation and
# year; no national return in the demo), children's social care outside the headline total.
HAND_TOTALS = """
WITH latest AS (
    SELECT max(financial_year) AS year FROM ledger_submissions WHERE superseded_by IS NULL
)
SELECT sum(l.amount) AS total,
       sum(l.amount) FILTER (WHERE l.spending_type IN ({prevention})) AS prevention
FROM ledger_lines l
JOIN ledger_submissions s ON s.id = l.submission_id
JOIN latest ON s.financial_year = latest.year
WHERE s.superseded_by IS NULL AND l.system_code = ? AND l.spending_type <> 'childrens_social_care'
"""


@pytest.fixture
def copy(demo_warehouse: Path, tmp_path: Path) -> Iterator[Path]:
    path = tmp_path / "demo.duckdb"
    shutil.copy(demo_warehouse, path)
    yield path


def test_gbp_for_1pp_is_one_percent_of_the_ledgers_total_by_hand(demo_warehouse: Path) -> None:
    prevention_types = [code for code, kind in spending_types().items() if kind.prevention]
    with Warehouse.open(demo_warehouse) as warehouse:
        # Every council of this system is in it alone, so no line is shared with another.
        shared = warehouse.query(
            "SELECT count(*) AS n FROM ledger_lines WHERE system_code IS NULL AND council_code "
            "IN (SELECT council_code FROM ref_council_systems WHERE system_code = ?)",
            [KENT_AND_MEDWAY],
        )
        assert shared[0]["n"] == 0
        sql = HAND_TOTALS.format(prevention=", ".join("?" for _ in prevention_types))
        row = warehouse.query(sql, [*prevention_types, KENT_AND_MEDWAY])[0]
        record = plan(warehouse, KENT_AND_MEDWAY)
    total, prevention = Decimal(row["total"]), Decimal(row["prevention"])
    expected = (total / 100).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    assert record["gbp_for_1pp"] == expected
    assert record["total_spend"] == total
    assert record["prevention_share"] == pytest.approx(float(prevention / total), abs=1e-6)
    path = record["path"]
    assert len(path) == 5
    assert [row["financial_year"] for row in path] == [
        "2025-26",
        "2026-27",
        "2027-28",
        "2028-29",
        "2029-30",
    ]
    assert sum(row["move_this_year_gbp"] for row in path) == expected
    assert path[-1]["prevention_gbp"] == prevention + expected
    assert path[-1]["target_share"] == pytest.approx(float(prevention / total) + 0.01, abs=1e-6)


def test_demo_scenarios_partners_add_up_to_the_appraisals_total(demo_warehouse: Path) -> None:
    with Warehouse.open(demo_warehouse) as warehouse:
        record = plan(warehouse, KENT_AND_MEDWAY)
        names = partner_codes(warehouse, KENT_AND_MEDWAY)
        saved = load_scenarios(warehouse, KENT_AND_MEDWAY)
    assert [s["name"] for s in record["scenarios"]] == [
        "Healthy weight and NHS prevention",
        "Reablement first",
    ]
    for scenario, stored in zip(record["scenarios"], saved, strict=True):
        assert scenario["npv"] == sum(p["npv"] for p in scenario["partners"])
        for transfer in scenario["transfers"]:
            assert transfer["npv"] == sum(p["npv"] for p in transfer["partners"])
        # The same flows through the appraisal engine directly give the same total.
        flows = tuple(flow for item in stored.transfers for flow in item.flows())
        direct = appraise_intervention(
            Intervention("x", "x", "planner", "2025-26", None, flows), names
        )
        assert scenario["npv"] == direct.npv
        assert scenario["segments"], "the demo's population reaches every scenario"
    reablement = record["scenarios"][1]
    moved = reablement["transfers"][0]["gbp_per_year"]
    assert reablement["prevention_gbp_per_year"] == moved  # acute -> reablement (prevention)


def test_a_transfer_by_hand() -> None:
    """£100 a year for 2 years from the ICB to a council, returning £1.50 a pound a year later:
    the ICB pays 100 + 100/1.035 and avoids 150/1.035 + 150/1.035**2; the council is neutral."""
    item = parse_transfer(
        f"from={KENT_AND_MEDWAY}:acute_non_elective to={KENT}:asc_reablement gbp=100 "
        "years=2 return=1.5"
    )
    names = {KENT_AND_MEDWAY: "ICB", KENT: "Kent"}
    result = appraise_intervention(
        Intervention("t", "t", "planner", None, None, tuple(item.flows())), names
    )
    rate = Decimal("1.035")
    icb = -100 - 100 / rate + 150 / rate + 150 / rate**2
    by = {p.organisation: p.npv for p in result.partners}
    assert by[KENT] == Decimal("0.00")
    assert by[KENT_AND_MEDWAY] == icb.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    assert result.npv == by[KENT] + by[KENT_AND_MEDWAY]
    assert item.prevention_effect() == Decimal("100.00")


def test_parse_transfer_defaults_and_refusals() -> None:
    item = parse_transfer(f"from={KENT_AND_MEDWAY}:acute_elective to={KENT} gbp=1.5m years=3")
    assert (item.to_partner, item.to_type) == (KENT, "acute_elective")
    assert item.gbp_per_year == Decimal("1500000.00")
    assert (item.start_year, item.benefit_per_pound, item.benefit_lag) == (0, 0, 1)
    for bad in ("from=X:acute_elective gbp=1 years=1", "from=X to=Y gbp=1 years=1", "gbp=abc"):
        with pytest.raises(BadScenario):
            parse_transfer(bad)


def test_save_replace_and_remove_are_audited(copy: Path) -> None:
    transfer = Transfer(
        KENT_AND_MEDWAY, "acute_elective", KENT, "ph_stop_smoking", Decimal(1000), 2
    )
    with Warehouse.open(copy, write=True) as warehouse:
        save_scenario(warehouse, Scenario(KENT_AND_MEDWAY, "Test", (transfer,)), who="tester")
        save_scenario(
            warehouse, Scenario(KENT_AND_MEDWAY, "Test", (transfer, transfer)), who="tester"
        )
        found = next(s for s in load_scenarios(warehouse, KENT_AND_MEDWAY) if s.name == "Test")
        assert len(found.transfers) == 2 and found.saved_by == "tester"
        remove_scenario(warehouse, KENT_AND_MEDWAY, "Test", who="tester")
        assert "Test" not in {s.name for s in load_scenarios(warehouse, KENT_AND_MEDWAY)}
        log = history(warehouse, table="planning_scenarios", key=f"{KENT_AND_MEDWAY}/Test")
        with pytest.raises(NoScenario):
            remove_scenario(warehouse, KENT_AND_MEDWAY, "Test")
        bad = Transfer(KENT_AND_MEDWAY, "acute_elective", "E10000012", "ph_other", Decimal(1), 1)
        with pytest.raises(BadScenario, match="not a partner"):
            save_scenario(warehouse, Scenario(KENT_AND_MEDWAY, "Essex", (bad,)))
    assert [entry["action"] for entry in log] == ["remove", "replace", "insert"]
    assert len(log[1]["before"]["transfers"]) == 1 and len(log[1]["after"]["transfers"]) == 2
    assert log[0]["after"] is None


def test_cli_plan_json_contract_and_scenario_verbs(copy: Path) -> None:
    db = ["--db", str(copy)]
    transfer = f"from={KENT_AND_MEDWAY}:acute_non_elective to={KENT}:asc_reablement gbp=2m years=5"
    saved = runner.invoke(
        app,
        ["priorities", "scenario", "save", "Two million", "--system", "Kent and Medway",
         "--transfer", transfer, "--by", "cli test", *db],
    )  # fmt: skip
    assert saved.exit_code == 0, saved.output
    result = runner.invoke(
        app, ["priorities", "plan", "--system", KENT_AND_MEDWAY, "--format", "json", *db]
    )
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout)
    assert {"prevention_share", "gbp_for_1pp", "scenarios"} <= set(record)
    assert 0 < record["prevention_share"] < 1
    scenario = next(s for s in record["scenarios"] if s["name"] == "Two million")
    assert {"transfers", "partners", "npv", "segments"} <= set(scenario)
    assert scenario["npv"] == pytest.approx(sum(p["npv"] for p in scenario["partners"]))
    assert scenario["transfers"][0]["gbp_per_year"] == 2_000_000
    assert scenario["share_of_goal"] == pytest.approx(2_000_000 / record["gbp_for_1pp"], abs=1e-4)
    removed = runner.invoke(
        app, ["priorities", "scenario", "remove", "Two million", "--system", KENT_AND_MEDWAY, *db]
    )
    assert removed.exit_code == 0, removed.output
    refused = runner.invoke(
        app,
        ["priorities", "scenario", "save", "Bad", "--system", KENT_AND_MEDWAY,
         "--transfer", "from=E10000012:acute_elective to=ph_other gbp=1 years=1", *db],
    )  # fmt: skip
    assert refused.exit_code != 0 and "not a partner" in refused.stderr
