"""Decision -> money -> outcome: the SPC verdict rule, the aligned-£ arithmetic, regard, and a
decision recorded on the web that shows in the aligned share and gets a verdict (issue 18)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from joinedup.cli.app import app
from joinedup.governance.alignment import alignment, regard
from joinedup.governance.boards import add_board
from joinedup.governance.decisions import add_decision
from joinedup.governance.outcomes import judge, overall
from joinedup.metrics.period import monthly
from joinedup.metrics.values import MetricValue, store_values
from joinedup.problems import FileRejected
from joinedup.users import add_user
from joinedup.warehouse import Warehouse, init
from joinedup.web.app import create_app

SYSTEM, KENT, BOARD = "E54000032", "E10000016", "QKS-ICB-TEST"
METRIC = "discharge_usual_residence"  # a proportion, higher is better, monthly
PASSWORD = "correct horse battery"
SECRETARY = "outcomes.secretary@kentandmedway.nhs.uk"

# --- the verdict rule ---------------------------------------------------------------------------

BASELINE = [10.0, 12.0] * 6  # mean 11, mean moving range 2: limits 11 -/+ 5.32


def test_too_few_points_before_or_after() -> None:
    assert judge(BASELINE[:11], [20.0] * 7, "increase").verdict == "too few points"
    assert judge(BASELINE, [20.0] * 6, "increase").verdict == "too few points"
    assert judge(BASELINE, [20.0] * 7, "increase").verdict == "improved"


def test_a_point_beyond_the_baseline_limits_is_judged_by_polarity() -> None:
    after = [11.0] * 6 + [17.0]  # 17 > 16.32, the baseline's upper limit
    assert judge(BASELINE, after, "increase").verdict == "improved"
    assert judge(BASELINE, after, "decrease").verdict == "worse"
    found = judge(BASELINE, after, "increase")
    assert found.mean == pytest.approx(11.0)
    assert found.upper_limit == pytest.approx(11 + 2.66 * 2)
    assert found.signals == ("none",) * 6 + ("improvement",)


def test_a_shift_of_seven_inside_the_limits_counts_and_common_cause_does_not() -> None:
    assert judge(BASELINE, [11.5] * 7, "increase").verdict == "improved"
    assert judge(BASELINE, [10.5] * 7, "increase").verdict == "worse"
    assert judge(BASELINE, [10.0, 12.0] * 4, "increase").verdict == "no change yet"


def test_a_run_that_begins_before_the_decision_is_not_a_change_after_it() -> None:
    before = [10.0, 12.0] * 5 + [11.5] * 3  # mean 11.115: the last three sit above it
    after = [11.5] * 4 + [10.5] * 3  # seven above the mean only counting the three before
    assert judge(before, after, "increase").verdict == "no change yet"


def test_the_latest_signal_decides_when_both_kinds_appear() -> None:
    after = [5.0] + [11.0] * 5 + [17.0]  # a concern (below 5.68) then an improvement
    assert judge(BASELINE, after, "increase").verdict == "improved"
    assert judge(BASELINE, after, "decrease").verdict == "worse"


def test_a_metric_with_no_better_direction_cannot_be_judged() -> None:
    with pytest.raises(ValueError, match="better direction"):
        judge(BASELINE, [11.0] * 7, None)


def test_a_decisions_outcome_is_worst_first() -> None:
    assert overall([]) is None
    assert overall(["improved", "worse", "no change yet"]) == "worse"
    assert overall(["too few points", "improved"]) == "improved"
    assert overall(["too few points", "no change yet"]) == "no change yet"
    assert overall(["too few points"]) == "too few points"


def test_regard_is_judged_from_value_priorities_and_targets() -> None:
    assert regard(1_000_000, ["home-first"], [METRIC]) == "shown"
    assert regard(None, ["home-first"], []) == "shown"
    assert regard(1_000_000, ["home-first"], []) == "partly shown"
    assert regard(None, [], [METRIC]) == "partly shown"
    assert regard(1_000_000, [], []) == "not shown"
    assert regard(None, [], []) == "not recorded"
    assert regard(0, [], []) == "not recorded"
    assert regard(1_000_000, [], [], needed=False) == "not needed"


# --- a small warehouse ---------------------------------------------------------------------------


def _series(first: tuple[int, int], values: list[float]) -> list[MetricValue]:
    period, found = monthly(*first), []
    for value in values:
        found.append(MetricValue(METRIC, "system", SYSTEM, period, None, value * 100, 10_000.0))
        period = period.next()
    return found


@pytest.fixture
def path(tmp_path: Path) -> Iterator[Path]:
    """Kent and Medway with an ICB board, two priorities, a board secretary, and 37 months of
    discharges: about 90% from April 2022 to April 2024, then 95% from May 2024."""
    path = tmp_path / "w.duckdb"
    init(path)
    with Warehouse.open(path, write=True) as warehouse:
        add_board(warehouse, BOARD, "Kent and Medway ICB board", "icb_board", system=SYSTEM)
        warehouse.connection.executemany(
            "INSERT INTO priorities (system_code, code, rank, title) VALUES (?, ?, ?, ?)",
            [[SYSTEM, "home-first", 1, "Home first"], [SYSTEM, "smokefree", 2, "Smokefree"]],
        )
        add_user(warehouse, SECRETARY, name="Secretary", role="board_secretary",
                 organisation_key=SYSTEM, password=PASSWORD)  # fmt: skip
        before = [90.0, 90.5] * 12 + [90.0]  # Apr 2022 .. Apr 2024: mean 90.24, limits +/- 1.33
        after = [95.0] * 12  # May 2024 .. Apr 2025
        store_values(warehouse, _series((2022, 4), before + after), source="test",
                     file_name=None, file_sha256=None, loaded_by="test")  # fmt: skip
    yield path


def _token(client: TestClient, where: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', client.get(where).text)
    assert found
    return found[1]


def _cli(*args: str) -> dict | list:  # type: ignore[type-arg]
    result = CliRunner().invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def test_a_decision_recorded_on_the_web_shows_in_the_aligned_share_and_gets_a_verdict(
    path: Path,
) -> None:
    with Warehouse.open(path, write=True) as warehouse:
        client = TestClient(create_app(warehouse))
        login = {"email": SECRETARY, "password": PASSWORD, "csrf": _token(client, "/login")}
        assert client.post("/login", data=login, follow_redirects=False).status_code == 303
        form = f"/registers/boards/{BOARD}"
        recorded = client.post(
            f"{form}/decisions",
            data={
                "csrf": _token(client, form),
                "title": "Home first: discharge to assess",
                "decision_type": "budget_allocation",
                "on": "2024-04-15",
                "commitments": f"{SYSTEM}:2024-25:600000\n{KENT}:2025/26:400000",
                "priorities": "home-first",
                "target_metrics": METRIC,
            },
            follow_redirects=False,
        )
        assert recorded.status_code == 303, recorded.text
        # Recorded too late for a verdict: three months follow it.
        late = client.post(
            f"{form}/decisions",
            data={"csrf": _token(client, form), "title": "Winter discharge scheme",
                  "decision_type": "other", "on": "2025-01-10", "target_metrics": METRIC},
            follow_redirects=False,
        )  # fmt: skip
        assert late.status_code == 303, late.text
        refused = client.post(
            f"{form}/decisions",
            data={"csrf": _token(client, form), "title": "Typo", "decision_type": "other",
                  "on": "2024-05-01", "commitments": "E10000016:2025:10"},
            follow_redirects=False,
        )  # fmt: skip
        assert refused.status_code == 422 and "not a financial year" in refused.text
        add_decision(warehouse, BOARD, "Patient transport", "contract", on=date(2024, 6, 1),
                     value=250_000)  # fmt: skip
        page = client.get(f"/systems/{SYSTEM}/decisions/1")
        assert page.status_code == 200 and "<svg" in page.text and "improved" in page.text
        api = client.get(f"/api/v1/systems/{SYSTEM}/alignment").json()
        assert api["aligned_share"] == 0.8

    listed = _cli("governance", "list", "decisions", "--system", SYSTEM, "--format", "json",
                  "--db", str(path))  # fmt: skip
    assert isinstance(listed, list)
    first, second, third = listed
    assert first["value_gbp"] == 1_000_000
    assert first["priorities"] == ["home-first"] and first["target_metrics"] == [METRIC]
    assert first["outcome"] == "improved" and first["regard"] == "shown"
    assert [c["year"] for c in first["commitments"]] == ["2024-25", "2025-26"]
    assert second["outcome"] == "too few points" and second["value_gbp"] is None
    assert "outcome" in third and third["outcome"] is None  # no target metric: not judged
    assert third["regard"] == "not shown" and "no_regard_to_strategy" in third["flags"]

    aligned = _cli("governance", "alignment", "--system", SYSTEM, "--format", "json",
                   "--db", str(path))  # fmt: skip
    assert isinstance(aligned, dict)
    # £1,000,000 of £1,250,000 serves a priority; the unpriced decision adds nothing.
    assert aligned["decided_gbp"] == 1_250_000 and aligned["aligned_share"] == 0.8
    assert aligned["by_priority"]["home-first"]["share"] == 0.8
    assert aligned["by_priority"]["smokefree"]["gbp"] == 0
    assert aligned["decisions_without_value"] == 1
    years = {year["year"]: year for year in aligned["by_year"]}
    assert years["2024-25"]["aligned_share"] == round(600_000 / 850_000, 4)
    assert years["2025-26"]["aligned_share"] == 1.0


def test_a_decision_serving_two_priorities_counts_half_its_money_to_each(path: Path) -> None:
    with Warehouse.open(path, write=True) as warehouse:
        add_decision(warehouse, BOARD, "Joint", "budget_allocation", on=date(2024, 5, 1),
                     value=900_000, priorities=["home-first", "smokefree"])  # fmt: skip
        add_decision(warehouse, BOARD, "Home", "budget_allocation", on=date(2024, 5, 1),
                     value=100_000, priorities=["home-first"])  # fmt: skip
        rejected = add_decision(warehouse, BOARD, "No", "budget_allocation",
                                on=date(2024, 5, 1), value=5_000_000)  # fmt: skip
        warehouse.connection.execute(
            "UPDATE governance_decisions SET status = 'rejected' WHERE id = ?", [rejected["id"]]
        )
        found = alignment(warehouse, SYSTEM)
    assert found["decided_gbp"] == 1_000_000 and found["aligned_share"] == 1.0
    assert found["by_priority"]["home-first"]["gbp"] == 550_000
    assert found["by_priority"]["smokefree"]["share"] == 0.45


def test_unknown_targets_and_commitments_are_refused_whole(path: Path) -> None:
    with Warehouse.open(path, write=True) as warehouse:
        with pytest.raises(FileRejected) as rejected:
            add_decision(warehouse, BOARD, "Bad", "other", on=date(2024, 5, 1),
                         target_metrics=["no_such_metric"])  # fmt: skip
        assert "not a shared metric" in str(rejected.value.problems[0])
        wrong = [{"organisation": KENT, "year": "2024", "amount": 5}]
        with pytest.raises(FileRejected):
            add_decision(warehouse, BOARD, "Bad year", "other", on=date(2024, 5, 1),
                         commitments=wrong)  # fmt: skip
        count = warehouse.query("SELECT count(*) AS n FROM governance_decisions")[0]["n"]
    assert count == 0


def test_the_pack_gives_a_councillor_the_money_priorities_verdict_and_aligned_share(
    path: Path,
) -> None:
    from joinedup.publish.reports.decisions import decisions_section
    from joinedup.reference import council

    committed = [{"organisation": KENT, "year": "2024-25", "amount": 3_000_000}]
    with Warehouse.open(path, write=True) as warehouse:
        add_decision(warehouse, BOARD, "Discharge to assess", "budget_allocation",
                     on=date(2024, 4, 15), affected=[KENT], priorities=["home-first"],
                     target_metrics=[METRIC], commitments=committed)  # fmt: skip
        add_decision(warehouse, BOARD, "Transport", "contract", on=date(2024, 6, 1),
                     value=1_000_000, affected=[KENT])  # fmt: skip
        section = decisions_section(warehouse, council(KENT))
    records = {record["title"]: record for record in section["major"] + section["others"]}
    assert records["Discharge to assess"]["value_gbp"] == 3_000_000
    assert records["Discharge to assess"]["priorities"] == ["Home first"]
    assert records["Discharge to assess"]["outcome"] == "improved"
    assert records["Transport"]["regard"] == "not shown"
    [kent_and_medway] = section["alignment"]
    assert kent_and_medway["aligned_share"] == 0.75


def test_commitments_come_in_from_a_register_file_and_set_the_value(
    path: Path, tmp_path: Path
) -> None:
    from joinedup.governance.outcomes import judged_decisions
    from joinedup.governance.workbook import import_file

    sheet = tmp_path / "commitments.csv"
    sheet.write_text(
        "id,decision,organisation,year,amount\n"
        f",1,{SYSTEM},2024/25,700000\n,1,{KENT},2025-2026,300000\n",
        encoding="utf-8",
    )
    with Warehouse.open(path, write=True) as warehouse:
        add_decision(warehouse, BOARD, "Pooled", "budget_allocation", on=date(2024, 5, 1),
                     value=5, priorities=["smokefree"])  # fmt: skip
        imported = import_file(warehouse, sheet)
        [decision] = judged_decisions(warehouse, SYSTEM)
    assert imported.counts["commitments"] == {"insert": 2}
    assert decision["value_gbp"] == 1_000_000  # the commitments' sum, not the value typed
    assert [c["year"] for c in decision["commitments"]] == ["2024-25", "2025-26"]
