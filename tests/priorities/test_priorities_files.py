"""Loading priorities from CSV, XLSX and YAML; every problem named; the commands."""

from __future__ import annotations

import json
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook
from typer.testing import CliRunner

from joinedup.cli.priorities import app
from joinedup.priorities.files import COLUMNS, read_plan, write_plan
from joinedup.priorities.interventions import (
    Flow,
    Intervention,
    Plan,
    Priority,
    load_plan,
    store_plan,
)
from joinedup.problems import FileRejected
from joinedup.records.audit import history
from joinedup.warehouse import Warehouse, init

FIXTURES = Path(__file__).parent / "fixtures"
KENT, MEDWAY, KM = "E10000016", "E06000035", "E54000032"


@pytest.fixture
def path(tmp_path: Path) -> Path:
    found = tmp_path / "w.duckdb"
    init(found)
    return found


@pytest.fixture
def warehouse(path: Path) -> Iterator[Warehouse]:
    with Warehouse.open(path, write=True) as opened:
        yield opened


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args), env={"COLUMNS": "200"})
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


def test_csv_and_yaml_give_the_same_plan() -> None:
    from_csv = read_plan(FIXTURES / "kent-and-medway.csv", KM)
    from_yaml = read_plan(FIXTURES / "kent-and-medway.yaml", KM)
    assert from_csv.record() == from_yaml.record()
    assert [p.code for p in from_csv.priorities] == ["falls", "discharge"]
    falls = from_csv.interventions[0]
    assert falls.flows[2] == Flow(KM, 1, "activity_avoided", None, Decimal(300),
                                  Decimal("345.50"), "non-elective bed days avoided")  # fmt: skip
    assert falls.flows[2].value == Decimal("103650.00")


def rows_to_xlsx(path: Path, rows: list[list[object]]) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Flows"
    sheet.append(["Priorities for 2025-26"])  # a title above the header
    sheet.append(list(COLUMNS))
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


def test_every_problem_is_named_by_file_sheet_row_and_field(
    warehouse: Warehouse, tmp_path: Path
) -> None:
    blank = [None] * 3
    file = rows_to_xlsx(tmp_path / "plan.xlsx", [
        ["falls", "Fewer falls", *blank[:1], "falls-service", "Falls service", None, None,
         KENT, 0, "cost", 1000, None, None, None],
        ["falls", None, None, "falls-service", None, None, None, KENT, "one", "cost", 1000,
         None, None, None],
        ["falls", None, None, "falls-service", None, None, None, KM, 1, "activity avoided",
         None, 10, None, None],
        ["falls", None, None, "falls-service", None, None, None, KM, 2, "savings", -5, None,
         None, None],
        ["falls", None, None, "falls-service", None, None, None, "E08000011", 2, "cost_avoided",
         "12.345", None, None, None],
    ])  # fmt: skip
    with pytest.raises(FileRejected) as rejected:
        store_plan(warehouse, read_plan(file, KM))
    assert [str(p) for p in rejected.value.problems] == [
        "plan.xlsx, sheet 'Flows', row 4, field 'year': 'one' is not a whole number",
        "plan.xlsx, sheet 'Flows', row 6, field 'kind': 'savings' is not one of cost, "
        "cash_releasing_saving, cost_avoided, activity_avoided",
        "plan.xlsx, sheet 'Flows', row 7, field 'amount': '12.345' has fractions of a penny; "
        "give pounds and pence",
    ]
    fixed = rows_to_xlsx(tmp_path / "fixed.xlsx", [
        ["falls", "Fewer falls", None, "falls-service", "Falls service", None, None, KM, 1,
         "activity avoided", None, 10, None, None],
        ["falls", None, None, "falls-service", None, None, None, "E08000011", 2, "cost_avoided",
         "12.34", None, None, None],
    ])  # fmt: skip
    with pytest.raises(FileRejected) as rejected:
        store_plan(warehouse, read_plan(fixed, KM), file="fixed.xlsx")
    assert [str(p) for p in rejected.value.problems] == [
        "fixed.xlsx, sheet 'Flows', row 3, field 'unit_cost': activity avoided needs a quantity "
        "and a unit cost",
        "fixed.xlsx, sheet 'Flows', row 4, field 'organisation': E08000011 is not a partner of "
        "system E54000032 (its ICB, councils, trusts or VCSE partners)",
    ]
    assert load_plan(warehouse, KM).priorities == ()


def test_yaml_problems_are_named_by_their_path(tmp_path: Path) -> None:
    file = tmp_path / "plan.yaml"
    file.write_text(
        "priorities:\n  - code: Falls Prevention!\n    title: Falls\n"
        "  - code: ok\n    interventions:\n      - code: x\n        name: X\n        flows:\n"
        "          - {organisation: E10000016, year: 2, kind: cost}\n",
        encoding="utf-8",
    )
    with pytest.raises(FileRejected) as rejected:
        read_plan(file, KM)
    assert [str(p) for p in rejected.value.problems] == [
        "plan.yaml, field 'priorities.0.code': 'Falls Prevention!' is not a code: use "
        "lower-case letters, digits and hyphens (at most 64)",
        "plan.yaml, field 'priorities.1.title': priority ok needs a title",
    ]
    file.write_text("priorities: [\n", encoding="utf-8")
    with pytest.raises(FileRejected, match="not valid YAML"):
        read_plan(file, KM)


def test_more_than_five_priorities_draw_a_warning(warehouse: Warehouse) -> None:
    plan = Plan(KM, tuple(Priority(f"p{n}", f"Priority {n}", n) for n in range(1, 7)), ())
    stored = store_plan(warehouse, plan)
    assert stored.warnings == [
        "6 priorities: IMPOWER/CCN recommend a small set of achievable priorities; consider "
        "keeping to 5 or fewer."
    ]
    assert store_plan(warehouse, Plan(KM, plan.priorities[:5], ())).warnings == []


plans = st.builds(
    lambda flows: Plan(KM, (Priority("falls", "Falls", 1), Priority("other", "Other", 2)), (
        Intervention("falls-service", "Falls service", "falls", "2025-26", None, tuple(flows)),
    )),
    st.lists(st.one_of(
        st.builds(Flow, st.sampled_from([KENT, MEDWAY, KM]), st.integers(0, 30),
                  st.sampled_from(["cost", "cash_releasing_saving", "cost_avoided"]),
                  st.decimals(min_value=0, max_value=10**9, places=2)),
        st.builds(Flow, st.sampled_from([KENT, KM]), st.integers(0, 30),
                  st.just("activity_avoided"), st.none(),
                  st.decimals(min_value=0, max_value=10**6, places=4),
                  st.decimals(min_value=0, max_value=10**4, places=2)),
    ), max_size=8),
)  # fmt: skip


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture], max_examples=40)
@given(plan=plans, suffix=st.sampled_from([".yaml", ".csv", ".xlsx"]))
def test_a_written_plan_reads_back_the_same(
    plan: Plan, suffix: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    file = write_plan(plan, tmp_path_factory.mktemp("plans") / f"plan{suffix}")
    assert read_plan(file, KM).record() == plan.record()


def test_load_list_appraise_and_export_commands(path: Path, tmp_path: Path) -> None:
    db = ["--db", str(path)]
    code, out, _ = run("load", str(FIXTURES / "kent-and-medway.csv"), "--system", "QKS",
                       "--by", "icp lead", *db)  # fmt: skip
    assert code == 0 and out == (
        "Stored 2 priorities, 1 interventions and 6 costs and benefits for E54000032.\n"
    )
    code, out, _ = run("load", str(FIXTURES / "kent-and-medway.yaml"), "--system", KM, *db)
    assert code == 0 and "nothing changed" in out
    with Warehouse.open(path) as warehouse:
        entries = history(warehouse, table="priorities", key=KM)
    assert [(e["action"], e["who"], e["note"]) for e in entries] == [
        ("replace", "icp lead", "kent-and-medway.csv")
    ]

    code, out, _ = run("appraise", "--system", KM, "--format", "json", *db)
    assert code == 0
    record = json.loads(out, parse_float=Decimal)
    falls = record["interventions"][0]
    assert falls["name"] == "Community strength and balance service"
    assert falls["npv"] == Decimal("153605.31")
    assert sum(p["npv"] for p in falls["partners"]) == falls["npv"]
    assert {p["organisation"]: p["npv"] for p in falls["partners"]}[KENT] == Decimal("-148309.18")
    assert record["discount_rate"] == Decimal("0.035")

    code, out, _ = run("appraise", "--system", KM, "--discount-rate", "5%", "--format", "table",
                       *db)  # fmt: skip
    assert code == 0 and "appraisal at 5% a year" in out and "\u2212£148k" in out
    code, out, _ = run("appraise", "--system", KM, "--format", "csv", *db)
    assert code == 0 and out.startswith("intervention,priority,partner,organisation,role,npv")
    code, _, err = run("appraise", "--system", KM, "--discount-rate", "abc", *db)
    assert code == 2 and "is not a rate" in err

    code, out, _ = run("list", "--system", KM, "--format", "json", *db)
    assert [row["priority"] for row in json.loads(out)] == ["falls", "discharge"]
    code, out, _ = run("export", str(tmp_path / "again.yaml"), "--system", KM, *db)
    assert code == 0
    assert (
        read_plan(tmp_path / "again.yaml", KM).record()
        == read_plan(FIXTURES / "kent-and-medway.csv", KM).record()
    )


def test_a_bad_file_stores_nothing(path: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text(",".join(COLUMNS) + "\nfalls,Falls,,f,F,,,E10000016,0,cost,,,,\n", "utf-8")
    before = path.read_bytes()
    code, out, err = run("load", str(bad), "--system", KM, "--db", str(path))
    assert code == 1 and out == ""
    assert err.splitlines() == [
        "bad.csv, row 2, field 'amount': a cost needs an amount in pounds",
        "Nothing was stored: 1 problem in bad.csv.",
    ]
    assert path.read_bytes() == before
