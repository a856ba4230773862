"""The open data export: disclosure control over every count of people, a valid data package,
and CSV and Parquet files that hold the same rows."""

from __future__ import annotations

import csv
import functools
import json
import re
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import duckdb
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from joinedup.cli.publish import app
from joinedup.publish.export import (
    DUCKDB_TYPES,
    TABLES,
    Column,
    read_csv_sql,
    write_csv,
    write_parquet,
)
from joinedup.warehouse import Warehouse

FIELD_TYPES = {"string", "integer", "number", "boolean", "date"}
NAME = re.compile(r"^[a-z0-9._-]+$")


@pytest.fixture(scope="module")
def exported(demo_warehouse: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo warehouse's full export, written by the command."""
    folder = tmp_path_factory.mktemp("open-data") / "out"
    result = CliRunner().invoke(app, ["export", "--out", str(folder), "--db", str(demo_warehouse)])
    assert result.exit_code == 0, result.stderr
    assert "datapackage.json" in result.stdout
    return folder


@pytest.fixture(scope="module")
def package(exported: Path) -> dict[str, Any]:
    descriptor: dict[str, Any] = json.loads((exported / "datapackage.json").read_text("utf-8"))
    return descriptor


@functools.cache
def reader() -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB that reads the files back, for the module (one takes some 20 ms to
    start, and the property test below reads hundreds of files)."""
    return duckdb.connect()


def sql(query: str, *parameters: str) -> list[tuple[Any, ...]]:
    """Run one query on the module's in-memory DuckDB and return its rows."""
    return reader().execute(query, list(parameters)).fetchall()


def read_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def typed_csv(resource: dict[str, Any]) -> str:
    """DuckDB SQL reading a CSV resource with its schema's types (the first parameter)."""
    kinds = {"string": "VARCHAR", "integer": "BIGINT", "number": "DOUBLE", "boolean": "BOOLEAN"}
    kinds["date"] = "DATE"
    types = ", ".join(
        f"'{field['name']}': "
        f"'{'DECIMAL(18, 2)' if field.get('unit') == 'GBP' else kinds[field['type']]}'"
        for field in resource["schema"]["fields"]
    )
    return read_csv_sql(types)


def test_no_count_of_people_from_1_to_7_anywhere(exported: Path) -> None:
    dictionary = read_rows(exported / "data-dictionary.csv")
    counts = [
        (row["table"], row["column"]) for row in dictionary if row["count_of_people"] == "true"
    ]
    assert ("metric_values", "numerator") in counts and ("systems", "population") in counts
    checked = 0
    for table, column in counts:
        # Read as text, as a person's spreadsheet would: each value empty or a whole number.
        rows, not_whole, small = sql(
            f"SELECT count(*), count(*) FILTER (WHERE \"{column}\" <> '' AND NOT "
            f"regexp_full_match(\"{column}\", '-?[0-9]+')), count(*) FILTER (WHERE "
            f'TRY_CAST("{column}" AS BIGINT) BETWEEN 1 AND 7) '
            "FROM read_csv(?, all_varchar = true, header = true)",
            str(exported / f"{table}.csv"),
        )[0]
        assert (not_whole, small) == (0, 0), (table, column)
        checked += rows
        found = sql(
            f'SELECT count(*) FROM read_parquet(?) WHERE "{column}" BETWEEN 1 AND 7',
            str(exported / f"{table}.parquet"),
        )
        assert found == [(0,)], (table, column)
    assert checked > 20_000


def test_withheld_metric_values_carry_no_figure(exported: Path, demo_warehouse: Path) -> None:
    rows = read_rows(exported / "metric_values.csv")
    withheld = [row for row in rows if row["withheld"] == "true"]
    assert withheld, "the demo has counts of 1 to 7 people, so some values must be withheld"
    for row in withheld:
        assert row["numerator"] == row["denominator"] == row["value"] == ""
        assert row["lower_95"] == row["upper_95"] == ""
    with Warehouse.open(demo_warehouse) as warehouse:
        small = warehouse.query(
            "SELECT count(*) AS n FROM metric_values WHERE age_band IS NULL "
            "AND numerator BETWEEN 1 AND 7"
        )[0]["n"]
    assert small > 0


def test_the_data_package_is_structurally_valid(exported: Path, package: dict[str, Any]) -> None:
    assert package["synthetic"] is True
    assert "Synthetic demonstration data" in package["description"]
    assert package["licenses"][0]["name"] == "OGL-UK-3.0"
    assert NAME.match(package["name"]) and package["sources"]
    names = [resource["name"] for resource in package["resources"]]
    assert len(names) == len(set(names)) and all(NAME.match(name) for name in names)
    listed = {resource["path"] for resource in package["resources"]}
    written = {path.name for path in exported.iterdir()} - {"datapackage.json"}
    assert written - listed == {"data-dictionary.md"}, "every data file is a resource"
    for resource in package["resources"]:
        path = exported / resource["path"]
        assert path.is_file(), resource["path"]
        fields = [field["name"] for field in resource["schema"]["fields"]]
        assert all(field["type"] in FIELD_TYPES for field in resource["schema"]["fields"])
        assert all(field.get("description") for field in resource["schema"]["fields"])
        assert set(resource["schema"]["primaryKey"]) <= set(fields)
        if resource["format"] == "csv":
            with path.open(encoding="utf-8", newline="") as handle:
                assert next(csv.reader(handle)) == fields, resource["name"]
        else:
            described = sql("DESCRIBE SELECT * FROM read_parquet(?)", str(path))
            assert [row[0] for row in described] == fields, resource["name"]
    reference = [r for r in package["resources"] if r["name"] in ("systems", "councils")]
    assert all(r["licenses"][0]["name"] == "OGL-UK-3.0" and r["sources"] for r in reference)


def test_primary_keys_are_unique(exported: Path, package: dict[str, Any]) -> None:
    for resource in package["resources"]:
        if resource["format"] != "csv":
            continue
        key = ", ".join(f'"{name}"' for name in resource["schema"]["primaryKey"])
        [(rows, distinct)] = sql(
            f"SELECT count(*), count(DISTINCT ({key})) FROM {typed_csv(resource)}",
            str(exported / resource["path"]),
        )
        assert rows == distinct, resource["name"]


def test_csv_and_parquet_hold_the_same_rows(exported: Path, package: dict[str, Any]) -> None:
    for resource in package["resources"]:
        if resource["format"] != "csv":
            continue
        csv_path = str(exported / resource["path"])
        parquet = str(exported / resource["path"].replace(".csv", ".parquet"))
        reading = typed_csv(resource)
        for first, second, parameters in (
            (reading, "read_parquet(?)", [csv_path, parquet]),
            ("read_parquet(?)", reading, [parquet, csv_path]),
        ):
            missing = sql(
                f"SELECT count(*) FROM (SELECT * FROM {first} EXCEPT ALL SELECT * FROM {second})",
                *parameters,
            )
            assert missing == [(0,)], resource["name"]
        counted = sql("SELECT count(*) FROM read_parquet(?)", parquet)
        assert counted == [(len(read_rows(Path(csv_path))),)]


def test_every_table_and_column_is_documented(exported: Path) -> None:
    text = (exported / "data-dictionary.md").read_text(encoding="utf-8")
    assert "Synthetic demonstration data" in text
    for table in TABLES:
        assert f"## {table.name}:" in text
        for column in table.columns:
            assert f"| {column.name} |" in text


def test_decisions_name_no_one(exported: Path, demo_warehouse: Path) -> None:
    text = (exported / "decisions.csv").read_text(encoding="utf-8")
    with Warehouse.open(demo_warehouse) as warehouse:
        people = [row["name"] for row in warehouse.query("SELECT name FROM governance_people")]
        decided_by = {
            row["decided_by"]
            for row in warehouse.query(
                "SELECT DISTINCT decided_by FROM governance_decisions WHERE decided_by IS NOT NULL"
            )
        }
    assert people and not any(name in text for name in people)
    assert not any(name in text for name in decided_by)
    header = text.split("\n", 1)[0]
    assert "conflict_of_interest" in header and "decided_by" not in header


def test_the_ledger_tables_cover_every_year_and_area(exported: Path) -> None:
    rows = read_rows(exported / "ledger_headlines.csv")
    years = {row["financial_year"] for row in rows}
    kinds = {row["area_type"] for row in rows}
    assert kinds == {"system", "council", "england"}
    assert len(rows) == len(years) * (42 + 153 + 1)


# --- the writer, for any values -------------------------------------------------------------

ROUND_TRIP = (
    Column("text", "string", "Any text."),
    Column("whole", "integer", "A whole number."),
    Column("real", "number", "A number."),
    Column("flag", "boolean", "Yes or no."),
    Column("day", "date", "A date."),
    Column("pounds", "money", "Pounds and pence."),
)
texts = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), min_size=1
)
rows = st.lists(
    st.fixed_dictionaries(
        {
            "text": st.none() | texts,
            "whole": st.none() | st.integers(-(2**62), 2**62),
            "real": st.none() | st.floats(allow_nan=False, allow_infinity=False),
            "flag": st.none() | st.booleans(),
            "day": st.none() | st.dates(date(1900, 1, 1), date(2100, 12, 31)),
            "pounds": st.none()
            | st.decimals(-(10**15), 10**15, places=2, allow_nan=False, allow_infinity=False),
        }
    ),
    max_size=8,
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(rows)
def test_csv_and_parquet_read_back_exactly(tmp_path: Path, written: list[dict[str, Any]]) -> None:
    path = tmp_path / "round_trip.csv"
    assert write_csv(path, ROUND_TRIP, written) == len(written)
    parquet = write_parquet(path, ROUND_TRIP, reader())
    back = sql("SELECT * FROM read_parquet(?)", str(parquet))
    expected = [tuple(_as_written(row[column.name]) for column in ROUND_TRIP) for row in written]
    assert [tuple(_normal(value) for value in row) for row in back] == [
        tuple(_normal(value) for value in row) for row in expected
    ]
    assert set(DUCKDB_TYPES) >= {column.type for column in ROUND_TRIP}


def _as_written(value: Any) -> Any:
    """The value as written: line breaks as \\n, and text a spreadsheet would run as a formula
    quoted (see export.cell and joinedup.textsafety)."""
    from joinedup.textsafety import neutralise

    if isinstance(value, str):
        return neutralise(value.replace("\r\n", "\n").replace("\r", "\n"))
    return value


def _normal(value: Any) -> Any:
    return Decimal(value).quantize(Decimal("0.01")) if isinstance(value, Decimal) else value
