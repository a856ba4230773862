"""Loading persons, events and conditions: every row checked, whole or nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from joinedup.population.loading import (
    PopulationFilesMissing,
    PopulationRejected,
    load_population,
)
from joinedup.population.nhs_number import SaltMissing, pseudonym

SALT = "a-test-salt-of-some-length"


def rejected_counts(error: PopulationRejected) -> dict[tuple[str, str], int]:
    return {(item.table, item.reason): item.rows for item in error.report.rejected}


def test_a_clean_directory_loads_and_stages_every_row(write_population: Any, rows: Any) -> None:
    source = write_population(
        [rows.person("p1"), rows.person("p2", district_code="E06000001")],
        [rows.event("p1", "outpatients", 120.005), rows.event("p2", "asc_home_care", 10)],
        [rows.condition("p1", "asthma")],
    )
    with load_population(source) as loaded:
        assert (loaded.people, loaded.events, loaded.conditions) == (2, 2, 1)
        assert loaded.settings == ["asc_home_care", "outpatients"]
        assert loaded.cost_pence == 12001 + 1000  # £120.005 rounds to the nearest penny
        staged = (
            duckdb.connect()
            .execute(
                f"SELECT setting, setting_id, in_hospital FROM '{loaded.path('events')}' ORDER BY 1"
            )
            .fetchall()
        )
        assert staged == [("asc_home_care", 12, False), ("outpatients", 2, True)]
        staging = loaded.staging
    assert not staging.exists()


def test_each_kind_of_bad_row_is_counted_and_nothing_is_loaded(
    write_population: Any, rows: Any
) -> None:
    source = write_population(
        [
            rows.person("p1"),
            rows.person("p2", age=130),
            rows.person("p3", sex="x"),
            rows.person("p4", council_code="E99999999"),
            rows.person("p5", deprivation_decile=11),
            rows.person("p5b", district_code="E07000244"),  # East Suffolk is not in Hartlepool
        ],
        [
            rows.event("p1", "outpatients"),
            rows.event("p1", "teleportation"),
            rows.event("p1", "outpatients", -5),
            rows.event("p1", "outpatients", "lots"),
            rows.event("nobody", "outpatients"),
            rows.event("p1", "outpatients", event_date="2023-12-31"),
            rows.event("p1", "outpatients", condition_codes="maternity;unicorns"),
        ],
        [rows.condition("p1", "asthma", "2030-01-01"), rows.condition("p1", "gout")],
    )
    with pytest.raises(PopulationRejected) as caught:
        load_population(source)
    assert rejected_counts(caught.value) == {
        ("persons", "bad_age"): 1,
        ("persons", "bad_sex"): 1,
        ("persons", "unknown_council"): 1,
        ("persons", "bad_deprivation_decile"): 1,
        ("persons", "district_not_in_council"): 1,
        ("events", "unknown_setting"): 1,
        ("events", "negative_cost"): 1,
        ("events", "bad_cost"): 1,
        ("events", "unknown_person"): 1,
        ("events", "date_out_of_range"): 1,
        ("events", "unknown_condition"): 1,
        ("conditions", "date_out_of_range"): 1,
        ("conditions", "unknown_condition"): 1,
    }
    report = caught.value.report
    assert report.accepted == {"persons": 1, "events": 1, "conditions": 0}
    example = next(p for p in report.examples if p.field == "setting")
    assert example.file.endswith("events.csv") and example.row == 3  # header is row 1
    assert "nothing was loaded" in str(caught.value)


def test_skip_invalid_leaves_rejected_rows_out_and_still_counts_them(
    write_population: Any, rows: Any
) -> None:
    source = write_population(
        [rows.person("p1"), rows.person("p2", age=-1)],
        [rows.event("p1", "outpatients", 50), rows.event("p2", "outpatients", 70)],
    )
    with load_population(source, skip_invalid=True) as loaded:
        assert (loaded.people, loaded.events, loaded.cost_pence) == (1, 1, 5000)
        reasons = {(item.table, item.reason): item.rows for item in loaded.report.rejected}
    assert reasons == {("persons", "bad_age"): 1, ("events", "person_rejected"): 1}


def test_duplicate_people_are_both_rejected(write_population: Any, rows: Any) -> None:
    source = write_population([rows.person("p1"), rows.person("p1", age=50)])
    with pytest.raises(PopulationRejected) as caught:
        load_population(source)
    assert rejected_counts(caught.value) == {("persons", "duplicate_person_id"): 2}


def test_year_of_birth_gives_the_age_at_the_end_of_the_period(
    write_population: Any, rows: Any
) -> None:
    people = [{"person_id": "p1", "year_of_birth": 1950, "sex": "M", "district_code": "E07000244"}]
    source = write_population(
        people, person_columns=("person_id", "year_of_birth", "sex", "district_code")
    )
    with load_population(source) as loaded:
        staged = (
            duckdb.connect()
            .execute(
                "SELECT person_id, age, sex, council_code, district_code, deprivation_decile, "
                f"practice_code, nhs_number_hash FROM '{loaded.path('persons')}'"
            )
            .fetchall()
        )
    # Age 75 on 31 March 2025; the council is taken from the district (Suffolk).
    assert staged == [("p1", 75, "male", "E10000029", "E07000244", None, None, None)]


def test_nhs_numbers_are_checked_and_only_their_salted_hash_is_kept(
    write_population: Any, rows: Any
) -> None:
    columns = (*("person_id", "age", "sex", "council_code"), "nhs_number")
    source = write_population(
        [rows.person("p1", nhs_number="943 476 5919"), rows.person("p2", nhs_number="")],
        person_columns=columns,
    )
    with load_population(source, salt=SALT) as loaded:
        hashes = (
            duckdb.connect()
            .execute(
                f"SELECT person_id, nhs_number_hash FROM '{loaded.path('persons')}' ORDER BY 1"
            )
            .fetchall()
        )
        staged = b"".join(path.read_bytes() for path in loaded.staging.glob("*.parquet"))
    assert hashes == [("p1", pseudonym("9434765919", SALT)), ("p2", None)]
    assert b"9434765919" not in staged and b"943 476 5919" not in staged


def test_an_invalid_nhs_number_rejects_the_person(write_population: Any, rows: Any) -> None:
    columns = (*("person_id", "age", "sex", "council_code"), "nhs_number")
    source = write_population([rows.person("p1", nhs_number="9434765918")], person_columns=columns)
    with pytest.raises(PopulationRejected) as caught:
        load_population(source, salt=SALT)
    assert rejected_counts(caught.value) == {("persons", "invalid_nhs_number"): 1}
    assert "9434765918" not in str(caught.value)


def test_nhs_numbers_without_a_salt_are_refused(
    write_population: Any, rows: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("JOINEDUP_NHS_NUMBER_SALT", raising=False)
    columns = (*("person_id", "age", "sex", "council_code"), "nhs_number")
    source = write_population([rows.person("p1", nhs_number="9434765919")], person_columns=columns)
    with pytest.raises(SaltMissing):
        load_population(source)
    monkeypatch.setenv("JOINEDUP_NHS_NUMBER_SALT", SALT)
    with load_population(source) as loaded:
        assert loaded.people == 1


def test_a_missing_table_or_column_is_named(write_population: Any, rows: Any) -> None:
    source = write_population([rows.person("p1")])
    (source / "conditions.csv").unlink()
    with pytest.raises(PopulationFilesMissing, match="no conditions table"):
        load_population(source)
    source = write_population([{"person_id": "p1"}], person_columns=("person_id",))
    with pytest.raises(PopulationFilesMissing, match="no column sex, age"):
        load_population(source)


def test_parquet_parts_in_subfolders_load_together(tmp_path: Path) -> None:
    from joinedup.population.generator import generate

    generate("E54000050", 200, 1, tmp_path / "a")
    generate("E54000048", 300, 2, tmp_path / "b")
    with load_population(tmp_path) as loaded:
        assert loaded.people == 500


def test_typed_parquet_columns_are_checked_like_text(tmp_path: Path) -> None:
    """Parquet dates and numbers are read as they are typed, with the same checks as CSV text."""
    import datetime
    from decimal import Decimal

    import pyarrow as pa
    import pyarrow.parquet as pq

    pq.write_table(
        pa.table(
            {"person_id": ["p1"], "age": [40], "sex": ["female"], "council_code": ["E06000001"]}
        ),
        tmp_path / "persons.parquet",
    )
    day = datetime.date(2024, 6, 1)
    pq.write_table(
        pa.table(
            {
                "person_id": ["p1"] * 5,
                "event_date": pa.array(
                    [day, day, datetime.date(2023, 12, 31), None, day], pa.date32()
                ),
                "setting": ["outpatients"] * 5,
                "cost_gbp": pa.array(
                    [Decimal("120.005"), Decimal("-1"), Decimal("5"), Decimal("5"), None],
                    pa.decimal128(10, 3),
                ),
            }
        ),
        tmp_path / "events.parquet",
    )
    pq.write_table(
        pa.table(
            {
                "person_id": ["p1", "p1"],
                "condition": ["asthma", "copd"],
                "recorded_on": pa.array(
                    [datetime.datetime(2015, 1, 1, 9, 30), datetime.datetime(2030, 1, 1)],
                    pa.timestamp("us"),
                ),
            }
        ),
        tmp_path / "conditions.parquet",
    )
    with load_population(tmp_path, skip_invalid=True) as loaded:
        assert (loaded.events, loaded.conditions, loaded.cost_pence) == (1, 1, 12001)
        assert {(item.table, item.reason): item.rows for item in loaded.report.rejected} == {
            ("events", "negative_cost"): 1,
            ("events", "date_out_of_range"): 1,
            ("events", "bad_date"): 1,
            ("events", "bad_cost"): 1,
            ("conditions", "date_out_of_range"): 1,
        }


@pytest.mark.parametrize(
    ("costs", "pence", "rejected"),
    [
        ("float32", 102407, {}),  # the float's text, 1024.065, not its binary value 1024.0649...
        ("bool", 0, {("events", "bad_cost"): 1}),  # a boolean is no amount
    ],
)
def test_costs_of_other_parquet_types_are_read_as_their_text(
    tmp_path: Path, costs: str, pence: int, rejected: dict[tuple[str, str], int]
) -> None:
    import datetime

    import pyarrow as pa
    import pyarrow.parquet as pq

    pq.write_table(
        pa.table(
            {"person_id": ["p1"], "age": [40], "sex": ["female"], "council_code": ["E06000001"]}
        ),
        tmp_path / "persons.parquet",
    )
    cost = pa.array([1024.065], pa.float32()) if costs == "float32" else pa.array([True])
    pq.write_table(
        pa.table(
            {
                "person_id": ["p1"],
                "event_date": pa.array([datetime.date(2024, 6, 1)], pa.date32()),
                "setting": ["outpatients"],
                "cost_gbp": cost,
            }
        ),
        tmp_path / "events.parquet",
    )
    pq.write_table(
        pa.table({"person_id": ["p1"], "condition": ["asthma"], "recorded_on": ["2015-01-01"]}),
        tmp_path / "conditions.parquet",
    )
    with load_population(tmp_path, skip_invalid=True) as loaded:
        assert loaded.cost_pence == pence
        assert {(item.table, item.reason): item.rows for item in loaded.report.rejected} == rejected


def test_examples_name_the_csv_line_of_a_bad_row_in_a_long_file(
    write_population: Any, rows: Any
) -> None:
    events = [rows.event("p1", "outpatients") for _ in range(40_000)]
    events[3_000] = rows.event("p1", "outpatients", -5)
    events[17_000] = rows.event("p1", "spa")
    events[29_000] = rows.event("p1", "outpatients", event_date="2020-01-01")
    events[39_999] = rows.event("nobody", "outpatients")
    source = write_population([rows.person("p1")], events)
    with pytest.raises(PopulationRejected) as caught:
        load_population(source)
    found = {p.field: p.row for p in caught.value.report.examples}
    # The header is line 1, so the row at index i is on line i + 2.
    assert found == {
        "cost_gbp": 3_002,
        "setting": 17_002,
        "event_date": 29_002,
        "person_id": 40_001,
    }


# -- properties -----------------------------------------------------------------------------------

good_settings = st.sampled_from(["outpatients", "primary_medical_care", "asc_home_care"])
bad_events = {
    "unknown_setting": {"setting": "not_a_setting"},
    "negative_cost": {"cost_gbp": -1.5},
    "date_out_of_range": {"event_date": "2025-04-01"},
    "bad_date": {"event_date": "yesterday"},
    "unknown_person": {"person_id": "stranger"},
}


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(
        st.tuples(
            st.integers(0, 4),
            good_settings,
            st.decimals(0, 10_000, places=2),
            st.none() | st.sampled_from(sorted(bad_events)),
        ),
        max_size=30,
    )
)
def test_every_bad_row_is_counted_once_under_its_reason(
    write_population: Any, rows: Any, drawn: list[tuple[int, str, Any, str | None]]
) -> None:
    people = [rows.person(f"p{index}") for index in range(5)]
    events = [
        rows.event(f"p{who}", setting, str(cost)) | (bad_events[reason] if reason else {})
        for who, setting, cost, reason in drawn
    ]
    expected: dict[tuple[str, str], int] = {}
    for *_, reason in drawn:
        if reason:
            expected[("events", reason)] = expected.get(("events", reason), 0) + 1
    source = write_population(people, events)
    if expected:
        with pytest.raises(PopulationRejected) as caught:
            load_population(source)
        assert rejected_counts(caught.value) == expected
        return
    with load_population(source) as loaded:
        assert loaded.events == len(drawn)
        assert loaded.cost_pence == sum(int(cost * 100) for _, _, cost, _ in drawn)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(
        st.tuples(
            st.one_of(st.integers(-5, 130), st.just("old"), st.none()),
            st.sampled_from(["female", "MALE", "u", "2", "x", ""]),
            st.one_of(st.none(), st.integers(0, 11)),
        ),
        min_size=1,
        max_size=20,
    )
)
def test_person_rows_are_accepted_exactly_when_valid(
    write_population: Any, rows: Any, drawn: list[tuple[Any, str, int | None]]
) -> None:
    people = [
        rows.person(f"p{index}", age=age, sex=sex, deprivation_decile=decile)
        for index, (age, sex, decile) in enumerate(drawn)
    ]

    def valid(age: Any, sex: str, decile: int | None) -> bool:
        good_age = isinstance(age, int) and 0 <= age <= 120
        good_decile = decile is None or 1 <= decile <= 10
        return good_age and sex in ("female", "MALE", "u", "2") and good_decile

    accepted = sum(valid(*row) for row in drawn)
    source = write_population(people)
    with load_population(source, skip_invalid=True) as loaded:
        assert loaded.people == accepted
        assert loaded.report.rejected_rows == len(drawn) - accepted
