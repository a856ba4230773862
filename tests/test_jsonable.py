"""Money and dates are written one way in every JSON output (docs/decisions.md, "Money in
JSON"): a number of pounds, ISO dates, whether from the API or `--format json`."""

from __future__ import annotations

import json
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from joinedup.cli import app
from joinedup.jsonable import jsonable
from joinedup.records.audit import as_json


def test_money_is_a_number_of_pounds_and_dates_are_iso() -> None:
    record = {
        "value": Decimal("3240000.00"),
        "npv": Decimal("-460235.96"),
        "from": date(2025, 4, 1),
        "at": datetime(2025, 4, 1, 9, 30),
        "codes": ("a", "b"),
        "nested": [{"budget": Decimal("0.10")}],
        "missing": None,
    }
    assert jsonable(record) == {
        "value": 3240000.0,
        "npv": -460235.96,
        "from": "2025-04-01",
        "at": "2025-04-01T09:30:00",
        "codes": ["a", "b"],
        "nested": [{"budget": 0.1}],
        "missing": None,
    }
    assert json.dumps(jsonable({"value": Decimal("3240000.00")})) == '{"value": 3240000.0}'


def test_the_audit_log_writes_a_row_as_the_api_does() -> None:
    row = {"value": Decimal("1234500.50"), "decided": date(2025, 2, 17)}
    assert as_json(row) == '{"decided":"2025-02-17","value":1234500.5}'


def test_a_decision_s_value_is_the_same_number_in_the_api_and_the_cli(
    demo_client: Any, demo_warehouse: Path
) -> None:
    api = demo_client.get("/api/v1/governance/decisions", params={"system": "QWO"}).json()
    result = CliRunner().invoke(
        app, ["governance", "check", "--db", str(demo_warehouse), "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    cli = {row["decision"]: row for row in json.loads(result.stdout)}
    valued = [row for row in api if row["value"] is not None]
    assert valued
    for row in valued:
        assert isinstance(row["value"], float)
        assert cli[row["decision"]]["value"] == row["value"]
        assert cli[row["decision"]]["date"] == row["date"]


def test_the_api_writes_each_typed_record_as_the_command_line_does(
    demo_client: Any, demo_warehouse: Path
) -> None:
    """The API serialises a typed record itself (its response model); ``--format json`` goes
    through ``jsonable``. Both must give the same text: keys in the same order, money as the
    same number, dates the same."""
    from joinedup.governance.dates import newest_first
    from joinedup.governance.decisions import check_decisions
    from joinedup.governance.review import review
    from joinedup.priorities.appraisal import appraise
    from joinedup.publish.disclosure import Rules
    from joinedup.publish.population import public_population
    from joinedup.warehouse import Warehouse

    with Warehouse.open(demo_warehouse) as warehouse:
        public = public_population(warehouse, Rules())
        expected = {
            "/api/v1/governance/review?system=QYG": review(warehouse, "QYG"),
            "/api/v1/governance/decisions?system=QYG&per_page=1000": newest_first(
                check_decisions(warehouse, system="QYG")
            ),
            "/api/v1/priorities/appraisal?system=QYG": appraise(warehouse, "QYG"),
            "/api/v1/population/areas/E54000008": public.published_area("system", "E54000008"),
            "/api/v1/population/areas/E10000012": public.published_area("council", "E10000012"),
            "/api/v1/population/breakdowns/E54000008?dimension=sex&per_page=1000": (
                public.breakdowns[("E54000008", "sex")]
            ),
        }
    for url, record in expected.items():
        answer = demo_client.get(url)
        assert answer.status_code == 200, url
        assert answer.text == json.dumps(jsonable(record)), url
