from __future__ import annotations

import csv
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from joinedup.cli import app
from joinedup.metrics.quality import quality_report
from joinedup.metrics.results import NoValues, compare, comparisons, show, spc_series
from joinedup.metrics.stats import dsr, wilson_ci
from joinedup.metrics.values import load_values
from joinedup.reference import age_sex_population
from joinedup.warehouse import Warehouse, init

TODAY = date(2026, 11, 24)


@pytest.fixture
def warehouse(tmp_path: Path) -> Iterator[Warehouse]:
    init(tmp_path / "w.duckdb")
    with Warehouse.open(tmp_path / "w.duckdb", write=True) as opened:
        yield opened


def load(warehouse: Warehouse, path: Path, rows: list[list[object]]) -> None:
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["metric", "area", "period", "numerator", "denominator", "age_band"])
        writer.writerows(rows)
    load_values(warehouse, path, today=TODAY)


def test_a_proportion_against_england(warehouse: Warehouse, tmp_path: Path) -> None:
    load(
        warehouse,
        tmp_path / "v.csv",
        [
            ["reablement_at_home_91_days", "QYG", "2024-25", 650, 1000, ""],
            ["reablement_at_home_91_days", "England", "2024-25", 82000, 100000, ""],
        ],
    )
    result = show(warehouse, "reablement_at_home_91_days", "QYG")
    lower, upper = wilson_ci(650, 1000)
    assert result.value == pytest.approx(65.0)
    assert (result.lower_95, result.upper_95) == pytest.approx((lower * 100, upper * 100))
    assert result.england == pytest.approx(82.0)
    assert result.comparison_with_england == "worse"  # higher is better, and 65 < 82
    assert result.trend == "cannot be calculated"  # one point only


def test_an_age_standardised_rate_from_its_bands(warehouse: Warehouse, tmp_path: Path) -> None:
    bands = ["65-69", "70-74", "75-79", "80-84", "85-89", "90+"]
    counts = [60, 90, 150, 200, 220, 180]
    kent = age_sex_population("council", "Kent")
    people = [kent[band] for band in bands]
    load(
        warehouse,
        tmp_path / "v.csv",
        [
            ["falls_admissions_65_plus", "Kent", "2024-25", c, p, b]
            for b, c, p in zip(bands, counts, people, strict=True)
        ],
    )
    result = show(warehouse, "falls_admissions_65_plus", "Kent")
    esp = [5500, 5000, 4000, 2500, 1500, 1000]  # ESP 2013 weights of those bands
    expected = dsr(counts, people, esp)
    assert result.value == pytest.approx(expected.value)
    assert result.numerator == sum(counts)


def test_the_demo_comparisons(demo_warehouse: Path) -> None:
    with Warehouse.open(demo_warehouse) as warehouse:
        record = compare(warehouse, "discharge_usual_residence")
        assert len(record.systems) == 42 and record.england is not None
        # Every period's comparison from one reading of the series, oldest first.
        every = comparisons(warehouse, "unplanned_acsc_admissions")
        assert len(every) > 2 and every[-1] == compare(warehouse, "unplanned_acsc_admissions")
        for found in (every[0], every[len(every) // 2]):
            assert found == compare(warehouse, "unplanned_acsc_admissions", found.period)
        row = record.systems[0]
        assert row.funnel_lower_99_8 < row.funnel_lower_95 < record.england
        assert record.england < row.funnel_upper_95 < row.funnel_upper_99_8
        chart = spc_series(warehouse, "discharge_usual_residence", "E54000008")
        assert len(chart.points) == 60
        assert all(p.upper_limit > p.mean > p.lower_limit for p in chart.points)
        with pytest.raises(NoValues, match="not a period"):
            spc_series(warehouse, "discharge_usual_residence", "QYG", recalculate_at=["2099"])
        findings = quality_report(warehouse, "E54000008")
        assert {f["severity"] for f in findings} <= {"error", "warning", "info"}


def test_the_commands_draw_charts(demo_warehouse: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    db = ["--db", str(demo_warehouse)]
    funnel = tmp_path / "funnel.svg"
    result = runner.invoke(
        app,
        [
            "metrics",
            "compare",
            "discharge_usual_residence",
            "--chart",
            str(funnel),
            "--format",
            "csv",
            *db,
        ],
    )
    assert result.exit_code == 0, result.stderr
    assert funnel.read_text().startswith("<svg") and "Synthetic demonstration data" in (
        funnel.read_text()
    )
    spc_png = tmp_path / "spc.png"
    result = runner.invoke(
        app,
        [
            "metrics",
            "spc",
            "unplanned_acsc_admissions",
            "--system",
            "QYG",
            "--chart",
            str(spc_png),
            *db,
        ],
    )
    assert result.exit_code == 0 and spc_png.read_bytes()[:4] == b"\x89PNG"
    result = runner.invoke(
        app,
        [
            "metrics",
            "show",
            "reablement_at_home_91_days",
            "--council",
            "Kent",
            "--format",
            "json",
            *db,
        ],
    )
    assert result.exit_code == 0 and '"comparison_with_england"' in result.stdout
    result = runner.invoke(app, ["metrics", "show", "nope", "--system", "QYG", *db])
    assert result.exit_code == 2 and "Unknown metric" in result.stderr


@pytest.mark.parametrize(
    "metric_id",
    [
        "falls_admissions_65_plus",
        "discharge_usual_residence",
        "asc_vacancy_rate",
        "care_home_admissions_18_64",
    ],
)
def test_vectorised_series_equal_one_at_a_time(demo_warehouse: Path, metric_id: str) -> None:
    from collections import defaultdict
    from dataclasses import asdict

    from joinedup.metrics.catalogue import metric
    from joinedup.metrics.series import all_series, estimate
    from joinedup.metrics.values import current_values

    with Warehouse.open(demo_warehouse) as warehouse:
        definition = metric(warehouse, metric_id)
        series = all_series(warehouse, definition, {("system", "E54000008")})
        groups: dict[str, list[dict[str, object]]] = defaultdict(list)
        for row in current_values(warehouse, metric_id, ["E54000008"]):
            groups[str(row["period"])].append(row)
    one_by_one = [estimate(definition, rows) for rows in groups.values()]
    # Field by field: the two paths may differ in the last bit of a float.
    assert [asdict(point) for point in series["system", "E54000008"]] == [
        pytest.approx(asdict(point)) for point in one_by_one
    ]


def test_icons_baseline_and_annotations(demo_warehouse: Path, tmp_path: Path) -> None:
    from joinedup.metrics.results import icon_matrix

    with Warehouse.open(demo_warehouse) as warehouse:
        matrix = icon_matrix(warehouse, "QYG")
        chart = spc_series(
            warehouse,
            "discharge_usual_residence",
            "QYG",
            baseline=12,
            annotations={"Apr 2022": "virtual wards open"},
        )
    assert {row.area for row in matrix} >= {"E54000008", "E08000012"}
    monthly = [r for r in matrix if r.metric == "discharge_usual_residence"]
    assert all(r.variation is not None for r in monthly)  # 60 points: enough for limits
    first_limits = {(p.lower_limit, p.upper_limit) for p in chart.points}
    assert len(first_limits) == 1  # fixed on the first twelve points throughout
    noted = [p for p in chart.points if p.annotation]
    assert [(p.period, p.annotation) for p in noted] == [("Apr 2022", "virtual wards open")]
    result = CliRunner().invoke(
        app, ["metrics", "icons", "--system", "QYG", "--format", "csv", "--db", str(demo_warehouse)]
    )
    assert result.exit_code == 0 and "discharge_usual_residence,E54000008" in result.stdout
    drawn = tmp_path / "spc.svg"
    result = CliRunner().invoke(
        app,
        [
            "metrics",
            "spc",
            "discharge_usual_residence",
            "--system",
            "QYG",
            "--annotate",
            "Apr 2022=virtual wards open",
            "--chart",
            str(drawn),
            "--db",
            str(demo_warehouse),
        ],
    )
    assert result.exit_code == 0 and "virtual wards open" in drawn.read_text()
