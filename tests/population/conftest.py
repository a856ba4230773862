from __future__ import annotations

import csv
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest

from joinedup.population.generator import generate
from joinedup.population.loading import LoadedPopulation, load_population

Rows = Sequence[dict[str, Any]]
Writer = Callable[..., Path]


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "spark: runs PySpark in local mode (needs Java 17); never skipped"
    )


def write_csv(path: Path, rows: Rows, columns: Sequence[str]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(columns))
        writer.writeheader()
        for row in rows:
            writer.writerow({key: "" if row.get(key) is None else row[key] for key in columns})


PERSON_COLUMNS = ("person_id", "age", "sex", "council_code", "district_code", "deprivation_decile")
EVENT_COLUMNS = ("person_id", "event_date", "setting", "cost_gbp", "condition_codes")
CONDITION_COLUMNS = ("person_id", "condition", "recorded_on")


@pytest.fixture
def write_population(tmp_path: Path) -> Writer:
    """Write persons, events and conditions as CSV files into a new directory; return it."""
    count = 0

    def write(
        persons: Rows,
        events: Rows = (),
        conditions: Rows = (),
        person_columns: Sequence[str] = PERSON_COLUMNS,
    ) -> Path:
        nonlocal count
        count += 1
        directory = tmp_path / f"population{count}"
        directory.mkdir()
        write_csv(directory / "persons.csv", persons, person_columns)
        write_csv(directory / "events.csv", events, EVENT_COLUMNS)
        write_csv(directory / "conditions.csv", conditions, CONDITION_COLUMNS)
        return directory

    return write


def person(person_id: str, age: int = 40, sex: str = "female", **fields: Any) -> dict[str, Any]:
    """A resident of Hartlepool (a unitary council wholly in North East and North Cumbria)."""
    return {"person_id": person_id, "age": age, "sex": sex, "council_code": "E06000001"} | fields


def event(person_id: str, setting: str, cost: float = 100.0, **fields: Any) -> dict[str, Any]:
    return {
        "person_id": person_id,
        "event_date": "2024-06-01",
        "setting": setting,
        "cost_gbp": cost,
    } | fields


def condition(person_id: str, code: str, recorded_on: str = "2015-01-01") -> dict[str, Any]:
    return {"person_id": person_id, "condition": code, "recorded_on": recorded_on}


class RowMaker:
    """Rows of hand-built populations: ``rows.person(...)``, ``rows.event(...)``..."""

    person = staticmethod(person)
    event = staticmethod(event)
    condition = staticmethod(condition)


@pytest.fixture
def rows() -> type[RowMaker]:
    return RowMaker


@pytest.fixture(scope="session")
def sample_directory(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """3,000 synthetic people of Cheshire and Merseyside, generated once for the session."""
    directory = tmp_path_factory.mktemp("sample")
    generate("E54000008", 3_000, 11, directory)
    return directory


@pytest.fixture(scope="session")
def sample(sample_directory: Path) -> Iterator[LoadedPopulation]:
    with load_population(sample_directory) as loaded:
        yield loaded
