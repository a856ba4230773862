"""The published joint picture, checked against independent computations from the real files."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from typer.testing import CliRunner

from joinedup.cli import app
from joinedup.ledger.packaged import load_packaged
from joinedup.ledger.published import MissingReturn, published_figures
from joinedup.reference import NotInYear
from joinedup.warehouse import Warehouse, init

REPO = Path(__file__).resolve().parents[2]
REAL = REPO.parent / "shared" / "real"
REFERENCE = REPO.parent / "shared" / "reference"
RSX_2024 = REAL / "revenue-outturn" / "RSX_LA_Data_2024-25_data_by_LA.ods"
PUBLISHED = ("ledger", "published")
needs_shared = pytest.mark.skipif(not REAL.exists(), reason="../shared not beside the repo")


@pytest.fixture
def warehouse(published_db: Path) -> Iterator[Warehouse]:
    with Warehouse.open(published_db) as opened:
        yield opened


def _rsx_column(phrase: str) -> dict[str, Decimal | None]:
    """Council code -> £ of the RSX 2024-25 column whose header holds ``phrase``, read directly.

    Deliberately not the loader: a cell is a number or it is not, and codes are not mapped.
    """
    from python_calamine import CalamineWorkbook

    workbook = CalamineWorkbook.from_path(str(RSX_2024))
    rows = workbook.get_sheet_by_name("RSX_LA_Data_202425").to_python()
    header = next(r for r in rows[:20] if "ONS Code" in r)
    column = next(i for i, c in enumerate(header) if phrase in str(c))
    code_column = next(i for i, c in enumerate(header) if "ONS Code" in str(c))
    found: dict[str, Decimal | None] = {}
    for row in rows:
        code = str(row[code_column])
        if code[:3] in {"E06", "E08", "E09", "E10"} and len(code) == 9:
            value = row[column]
            number = isinstance(value, (int, float)) and not isinstance(value, bool)
            found[code] = Decimal(repr(value)) * 1000 if number else None
    return found


def _shares(icb: str) -> dict[str, Decimal]:
    with (REFERENCE / "utla_to_icb.csv").open(encoding="utf-8") as handle:
        return {
            row["utla_code"]: Decimal(row["population_share"])
            for row in csv.DictReader(handle)
            if row["icb_code"] == icb
        }


@needs_shared
def test_west_yorkshire_primary_medical_care_is_the_workbook_cell(warehouse: Warehouse) -> None:
    figures = published_figures(warehouse, "system", "QWO", "2024-25")
    assert figures.streams["primary_medical_care"] == Decimal("477053000")


@needs_shared
@pytest.mark.parametrize("icb", ["E54000054", "E54000050", "E54000027"])
def test_a_systems_adult_social_care_matches_an_independent_sum(
    warehouse: Warehouse, icb: str
) -> None:
    cells = _rsx_column("Adult Social Care - Net Current Expenditure")
    expected = sum(
        (cells[code] * share for code, share in _shares(icb).items() if cells.get(code)),
        Decimal(0),
    )
    found = published_figures(warehouse, "system", icb, "2024-25").adult_social_care_gbp
    assert found is not None and abs(found - expected) <= expected * Decimal("0.01")


@needs_shared
def test_englands_public_health_matches_an_independent_sum(warehouse: Warehouse) -> None:
    cells = _rsx_column("Public Health - Net Current Expenditure")
    expected = sum((value for value in cells.values() if value is not None), Decimal(0))
    found = published_figures(warehouse, "england", "", "2024-25").public_health_gbp
    assert found is not None and abs(found - expected) <= expected * Decimal("0.01")


def test_birmingham_and_solihull_2024_25_lists_birmingham_as_missing(
    warehouse: Warehouse,
) -> None:
    figures = published_figures(warehouse, "system", "Birmingham and Solihull", "2024-25")
    assert figures.missing == [
        MissingReturn(code="E08000025", name="Birmingham", status="not_received")
    ]
    # Solihull's return is there: the figure is not zero, and not silently Birmingham's.
    assert figures.adult_social_care_gbp is not None and figures.adult_social_care_gbp > 0


def test_a_council_whose_return_was_not_received_has_no_figure_not_zero(
    warehouse: Warehouse,
) -> None:
    figures = published_figures(warehouse, "council", "E08000025", "2024-25")
    assert figures.adult_social_care_gbp is None and figures.total_gbp is None
    assert figures.nhs_gbp is not None  # Birmingham's share of its ICB's allocation


def test_2022_23_uses_the_county_councils_of_its_year(warehouse: Warehouse) -> None:
    cumbria = published_figures(warehouse, "council", "E10000006", "2022-23")
    assert cumbria.name == "Cumbria County Council" and cumbria.adult_social_care_gbp
    assert cumbria.population_estimate.endswith("(mid-2022)")
    north = published_figures(warehouse, "council", "E06000065", "2022-23")
    assert north.name == "North Yorkshire County Council"
    with pytest.raises(NotInYear, match="part of Cumbria County Council"):
        published_figures(warehouse, "council", "E06000063", "2022-23")


def test_either_vintage_of_barnsleys_code_gives_the_same_figures(warehouse: Warehouse) -> None:
    old = published_figures(warehouse, "council", "E08000016", "2024-25").record()
    new = published_figures(warehouse, "council", "E08000038", "2024-25").record()
    assert old == new and old.adult_social_care_gbp


def test_a_year_without_publications_has_no_figures(warehouse: Warehouse) -> None:
    figures = published_figures(warehouse, "system", "QWO", "2019-20").record()
    assert figures.nhs_gbp is None and figures.total_gbp is None
    assert figures.per_head_gbp is None and figures.streams == {}


def test_the_systems_add_up_to_england(warehouse: Warehouse) -> None:
    from joinedup.reference import systems

    england = published_figures(warehouse, "england", "", "2024-25")
    parts = [published_figures(warehouse, "system", s.code, "2024-25") for s in systems()]
    for name in ("nhs_gbp", "adult_social_care_gbp", "public_health_gbp"):
        total = sum((getattr(part, name) for part in parts), Decimal(0))
        assert abs(total - getattr(england, name)) < 1, name
    assert sum(part.population for part in parts) == pytest.approx(england.population, abs=42)


def test_the_command_prints_one_json_object(published_db: Path) -> None:
    result = CliRunner().invoke(
        app,
        [
            *PUBLISHED,
            "--council",
            "E10000016",
            "--year",
            "2024/25",
            "--format",
            "json",
            "--db",
            str(published_db),
        ],
    )
    assert result.exit_code == 0, result.stderr
    record = json.loads(result.stdout)
    for key in ("population", "nhs_gbp", "streams", "adult_social_care_gbp", "public_health_gbp"):
        assert record[key], key
    assert "primary_medical_care" in record["streams"]
    assert record["missing"] == [] and record["sources"]
    assert record["total_gbp"] == pytest.approx(record["per_head_gbp"] * record["population"], 1e-6)


def test_the_command_explains_a_council_of_another_year(published_db: Path) -> None:
    result = CliRunner().invoke(
        app,
        [
            *PUBLISHED,
            "--council",
            "Cumbria County Council",
            "--year",
            "2024-25",
            "--db",
            str(published_db),
        ],
    )
    assert result.exit_code == 2
    assert "Cumberland (E06000063)" in result.stderr


@needs_shared
def test_the_packaged_tables_are_what_the_script_builds_from_the_real_files() -> None:
    result = subprocess.run(
        [sys.executable, str(REPO / "scripts" / "build_published.py"), "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


@needs_shared
def test_importing_revenue_outturn_stores_it_under_the_years_councils(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    init(db)
    result = CliRunner().invoke(
        app, ["ledger", "import", "revenue-outturn", str(RSX_2024), "--db", str(db)]
    )
    assert result.exit_code == 0, result.stderr
    with Warehouse.open(db) as warehouse:
        figures = published_figures(warehouse, "council", "E08000038", "2024-25")
        stored = warehouse.query(
            "SELECT DISTINCT file_code FROM council_outturn WHERE council_code = 'E08000016'"
        )
    assert figures.adult_social_care_gbp is not None
    assert [row["file_code"] for row in stored] == ["E08000016"]


def test_a_later_import_of_another_form_is_the_figure_shown(tmp_path: Path) -> None:
    from datetime import datetime

    from joinedup.ledger.outturn import store_outturn
    from joinedup.ledger.returns.records import Outturn

    db = tmp_path / "w.duckdb"
    init(db)
    with Warehouse.open(db, write=True) as warehouse:
        load_packaged(warehouse)
        revised = Outturn(
            "E10000016",
            "Kent",
            "2023-24",
            "adult_social_care",
            Decimal(600_000_000),
            "received",
            "RS",
            2,
        )
        store_outturn(
            warehouse,
            [("E10000016", revised)],
            file_name="Revenue_Outturn_time_series.csv",
            file_sha256=None,
            imported_at=datetime(2027, 1, 1),
        )
        figures = published_figures(warehouse, "council", "Kent", "2023-24")
        assert figures.adult_social_care_gbp == Decimal(600_000_000)
        assert "Revenue_Outturn_time_series.csv" in [s.file for s in figures.sources]
        # Rebuilding the demo's publications does not take the later import back.
        load_packaged(warehouse)
        again = published_figures(warehouse, "council", "Kent", "2023-24")
        assert again.adult_social_care_gbp == Decimal(600_000_000)


def test_years_before_the_structure_held_are_left_out_with_a_note() -> None:
    from joinedup.ledger.outturn import resolve_councils
    from joinedup.ledger.returns.records import Outturn

    rows = [
        Outturn("E10000016", "Kent", year, "adult_social_care", Decimal(1), "received", "RS", 2)
        for year in ("2017-18", "2023-24")
    ]
    found = resolve_councils(rows, "multi-year.csv")
    assert [row.financial_year for _, row in found.rows] == ["2023-24"]
    assert found.problems == [] and "2017-18" in found.notes[0]


def test_a_system_answers_to_every_spelling_the_registry_knows(warehouse: Warehouse) -> None:
    for key in ("NHS West Yorkshire Integrated Care Board", "qwo", "West Yorkshire"):
        assert published_figures(warehouse, "system", key, "2024-25").code == "E54000054"
    # Surrey Heartlands' code before April 2023 is the same ICB.
    assert published_figures(warehouse, "system", "E54000052", "2024-25").code == "E54000063"
