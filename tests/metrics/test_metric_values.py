from __future__ import annotations

import csv
import hashlib
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
import yaml

from joinedup.metrics.catalogue import UnknownMetric, add_local_metric, metric, metrics
from joinedup.metrics.definition import BadDefinition, national_metrics
from joinedup.metrics.values import area_of, current_values, load_values
from joinedup.problems import FileRejected
from joinedup.reference import age_sex_population
from joinedup.warehouse import Warehouse, init

TODAY = date(2026, 11, 24)
HEADER = ["metric", "area", "period", "numerator", "denominator", "age_band"]


@pytest.fixture
def warehouse(tmp_path: Path) -> Iterator[Warehouse]:
    init(tmp_path / "w.duckdb")
    with Warehouse.open(tmp_path / "w.duckdb", write=True) as opened:
        yield opened


def write(path: Path, rows: list[list[object]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        writer.writerows(rows)
    return path


def digest(warehouse: Warehouse) -> str:
    rows = [
        warehouse.query(f"SELECT * FROM {t} ORDER BY ALL")
        for t in ("metric_loads", "metric_values")
    ]
    return hashlib.sha256(repr(rows).encode()).hexdigest()


GOOD = [
    ["reablement_at_home_91_days", "E54000008", "2023-24", 820, 1000, ""],
    ["reablement_at_home_91_days", "Cheshire and Merseyside", "2024-25", 830, 1000, ""],
    ["reablement_at_home_91_days", "Kent", "2024-25", 700, 900, ""],
    ["reablement_at_home_91_days", "England", "2024-25", 80000, 100000, ""],
]


def test_good_file_is_stored(warehouse: Warehouse, tmp_path: Path) -> None:
    result = load_values(warehouse, write(tmp_path / "v.csv", GOOD), today=TODAY)
    assert (result.rows, result.areas) == (4, 3)
    rows = current_values(warehouse, "reablement_at_home_91_days")
    assert [(r["area_type"], r["period"]) for r in rows] == [
        ("council", "2024-25"), ("england", "2024-25"), ("system", "2023-24"),
        ("system", "2024-25"),
    ]  # fmt: skip


def test_newer_load_supersedes(warehouse: Warehouse, tmp_path: Path) -> None:
    load_values(warehouse, write(tmp_path / "a.csv", GOOD), today=TODAY)
    load_values(warehouse, write(tmp_path / "b.csv", [[*GOOD[0][:3], 825, 1000, ""]]), today=TODAY)
    rows = current_values(warehouse, "reablement_at_home_91_days")
    assert len(rows) == 4
    assert next(r for r in rows if r["period"] == "2023-24")["numerator"] == 825
    assert warehouse.query("SELECT count(*) AS n FROM metric_values")[0]["n"] == 5


def test_one_bad_row_changes_nothing(warehouse: Warehouse, tmp_path: Path) -> None:
    load_values(warehouse, write(tmp_path / "a.csv", GOOD), today=TODAY)
    before = digest(warehouse)
    bad = [*GOOD, ["reablement_at_home_91_days", "Kent", "2023-24", 950, 900, ""]]
    with pytest.raises(FileRejected) as rejected:
        load_values(warehouse, write(tmp_path / "bad.csv", bad), today=TODAY)
    [problem] = rejected.value.problems
    assert (problem.row, problem.field) == (6, "numerator")
    assert "larger than the denominator" in problem.message
    assert digest(warehouse) == before


def test_every_problem_is_named(warehouse: Warehouse, tmp_path: Path) -> None:
    rows = [
        ["nope", "Kent", "2024-25", 1, 2, ""],
        ["reablement_at_home_91_days", "Atlantis", "2024-25", 1, 2, ""],
        ["reablement_at_home_91_days", "Kent", "2024-25 Q1", 1, 2, ""],
        ["reablement_at_home_91_days", "Kent", "2030-31", 1, 2, ""],
        ["reablement_at_home_91_days", "Kent", "2022-23", -1, 2, ""],
        ["reablement_at_home_91_days", "Kent", "2021-22", "x", 2, ""],
        ["reablement_at_home_91_days", "Kent", "2020-21", 1, 2, "65-69"],
        ["reablement_at_home_91_days", "Kent", "2019-20", 1, 2, ""],
        ["reablement_at_home_91_days", "Kent", "2019/20", 1, 2, ""],
        ["care_home_admissions_65_plus", "Kent", "2023-24", 5, 1000, ""],
        ["falls_admissions_65_plus", "Kent", "2023-24", 5, 1000, ""],
    ]
    with pytest.raises(FileRejected) as rejected:
        load_values(warehouse, write(tmp_path / "many.csv", rows), today=TODAY)
    found = {(p.row, p.field): p.message for p in rejected.value.problems}
    assert "unknown metric 'nope'" in found[2, "metric"]
    assert "Atlantis" in found[3, "area"]
    assert "annual" in found[4, "period"]
    assert "not started" in found[5, "period"]
    assert "negative" in found[6, "numerator"]
    assert "not a number" in found[7, "numerator"]
    assert "leave age_band blank" in found[8, "age_band"]
    assert "repeats row 9" in found[10, None]
    assert "far from the Census 2021 population" in found[11, "denominator"]
    assert "give each age band" in found[12, "age_band"]


def test_denominator_near_the_population_is_accepted(warehouse: Warehouse, tmp_path: Path) -> None:
    older = sum(
        count for band, count in age_sex_population("council", "E10000016").items()
        if int(band.rstrip("+").split("-")[0]) >= 65
    )  # fmt: skip
    rows = [["care_home_admissions_65_plus", "Kent", "2023-24", 1500, older * 1.05, ""]]
    assert load_values(warehouse, write(tmp_path / "ok.csv", rows), today=TODAY).rows == 1


def test_areas() -> None:
    assert area_of("england") == ("england", "E92000001")
    assert area_of("QNX") == ("system", "E54000064")
    assert area_of("Essex") == ("council", "E10000012")


def test_local_metrics(warehouse: Warehouse, tmp_path: Path) -> None:
    data = national_metrics()["discharge_usual_residence"].model_dump(exclude_none=True)
    path = tmp_path / "local.yaml"
    path.write_text(yaml.safe_dump(data | {"id": "frimley_falls", "set": "E54000034"}))
    added = add_local_metric(warehouse, path, "Frimley", added_by="analyst")
    assert metric(warehouse, "frimley_falls") == added
    assert "frimley_falls" in metrics(warehouse, "E54000034")
    assert "frimley_falls" not in metrics(warehouse, "E54000008")
    with pytest.raises(BadDefinition, match="set is 'E54000034'"):
        add_local_metric(warehouse, path, "E54000008")
    path.write_text(yaml.safe_dump(data | {"set": "E54000034"}))
    with pytest.raises(BadDefinition, match="national metric"):
        add_local_metric(warehouse, path, "Frimley")
    with pytest.raises(UnknownMetric, match="frimley_falls"):
        metric(warehouse, "frimley_fall")
