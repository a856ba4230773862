"""The synthetic population generator: real structure, calibrated prevalence, seeded."""

from __future__ import annotations

import hashlib
from pathlib import Path

import duckdb
import pytest

from joinedup.population import generator
from joinedup.population.generator import generate
from joinedup.reference import AGE_BANDS, age_sex_population


def digest(directory: Path) -> str:
    found = hashlib.sha256()
    for name in ("persons", "events", "conditions"):
        rows = (
            duckdb.connect()
            .execute(f"SELECT * FROM '{directory / name}.parquet' ORDER BY ALL")
            .fetchall()
        )
        found.update(repr(rows).encode())
    return found.hexdigest()


def test_same_seed_same_files_and_another_seed_other_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(generator, "CHUNK_PEOPLE", 700)  # several chunks
    first = generate("E54000050", 2_000, 5, tmp_path / "a")
    generate("E54000050", 2_000, 5, tmp_path / "b")
    generate("E54000050", 2_000, 6, tmp_path / "c")
    assert first.people == 2_000
    assert digest(tmp_path / "a") == digest(tmp_path / "b") != digest(tmp_path / "c")


def test_the_columns_loaders_expect(sample_directory: Path) -> None:
    columns = {
        name: [
            row[0]
            for row in duckdb.connect()
            .execute(f"DESCRIBE '{sample_directory / name}.parquet'")
            .fetchall()
        ]
        for name in ("persons", "events", "conditions")
    }
    assert columns == {
        "persons": [
            "person_id",
            "age",
            "sex",
            "council_code",
            "district_code",
            "deprivation_decile",
            "practice_code",
        ],
        "events": ["person_id", "event_date", "setting", "cost_gbp", "condition_codes"],
        "conditions": ["person_id", "condition", "recorded_on"],
    }


def test_age_and_sex_follow_the_census(tmp_path: Path) -> None:
    generate("E54000008", 40_000, 3, tmp_path)
    found = dict(
        duckdb.connect()
        .execute(
            f"SELECT sex || ':' || least(age // 5, 18), count(*) FROM '{tmp_path}/persons.parquet'"
            " GROUP BY 1"
        )
        .fetchall()
    )
    total = sum(
        sum(age_sex_population("system", "E54000008", sex).values()) for sex in ("female", "male")
    )
    for sex in ("female", "male"):
        for index, (band, count) in enumerate(
            age_sex_population("system", "E54000008", sex).items()
        ):
            expected = 40_000 * count / total
            assert abs(found.get(f"{sex}:{index}", 0) - expected) < 5 * expected**0.5 + 5, band
    assert len(AGE_BANDS) == 19


def test_prevalence_is_near_qof(tmp_path: Path) -> None:
    generate("E54000008", 40_000, 4, tmp_path)
    share = dict(
        duckdb.connect()
        .execute(
            f"SELECT condition, count(*) / 40000 FROM '{tmp_path}/conditions.parquet' GROUP BY 1"
        )
        .fetchall()
    )
    # CALIBRATION C14: hypertension 15.3%, COPD 1.9%, CHD 3.0% (secondary) in England; this
    # system is a little older and more deprived than England, so a little higher is right.
    assert 0.13 < share["hypertension"] < 0.20
    assert 0.012 < share["copd"] < 0.03
    assert 0.02 < share["coronary_heart_disease"] < 0.045


def test_every_setting_is_a_spending_type(sample_directory: Path) -> None:
    from joinedup.ledger.taxonomy import spending_types

    settings = {
        r[0]
        for r in duckdb.connect()
        .execute(f"SELECT DISTINCT setting FROM '{sample_directory}/events.parquet'")
        .fetchall()
    }
    assert settings <= set(spending_types())
    costs = (
        duckdb.connect()
        .execute(f"SELECT min(cost_gbp), max(cost_gbp) FROM '{sample_directory}/events.parquet'")
        .fetchall()[0]
    )
    assert costs[0] >= 0 and costs[1] < 100_000
