"""Attribution: people and cost by system, place, council and segment, adding up exactly."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Any

import duckdb
import pytest

from joinedup.population.loading import LoadedPopulation, load_population
from joinedup.population.rules import load_rules
from joinedup.population.runs import Segmentation, analyse


def run(loaded: LoadedPopulation) -> Segmentation:
    return analyse(loaded, load_rules())


def test_costs_add_up_exactly_at_every_level(sample: LoadedPopulation) -> None:
    result = run(sample)
    events_total = (
        duckdb.connect()
        .execute(f"SELECT sum(cost_pence) FROM '{sample.path('events')}'")
        .fetchall()
    )
    assert events_total == [(sample.cost_pence,)]
    for level in ("place", "system", "council"):
        rows = result.rows(level)
        assert sum(r["cost_in_hospital_pence"] + r["cost_out_of_hospital_pence"] for r in rows) == (
            sample.cost_pence
        )
        assert sum(row["people"] for row in rows) == sample.people
    for dimension in ("age_band", "sex", "deprivation_decile"):
        rows = [
            b for b in result.breakdowns if b["level"] == "place" and b["dimension"] == dimension
        ]
        assert sum(r["cost_in_hospital_pence"] + r["cost_out_of_hospital_pence"] for r in rows) == (
            sample.cost_pence
        )


def test_shares_of_each_area_add_up_to_one(sample: LoadedPopulation) -> None:
    result = run(sample)
    totals: dict[tuple[str, str | None, str | None], list[float]] = defaultdict(lambda: [0, 0])
    for row in result.totals:
        key = (row["level"], row["system_code"], row["council_code"])
        totals[key][0] += row["share_of_people"]
        totals[key][1] += row["share_of_cost"] or 0
    for people, cost in totals.values():
        assert abs(people - 1) < 1e-9 and abs(cost - 1) < 1e-9


def test_activity_per_thousand_is_events_over_people(sample: LoadedPopulation) -> None:
    result = run(sample)
    events_by_setting = dict(
        duckdb.connect()
        .execute(f"SELECT setting, count(*) FROM '{sample.path('events')}' GROUP BY 1")
        .fetchall()
    )
    for setting, count in events_by_setting.items():
        rows = [a for a in result.activity() if a["level"] == "place" and a["setting"] == setting]
        assert sum(row["events"] for row in rows) == count
    row = result.rows("system")[0]
    setting = result.settings[0]
    assert row[f"per_1000_{setting}"] == row[f"events_{setting}"] * 1000 / row["people"]


def test_a_person_counts_in_their_districts_main_system(write_population: Any, rows: Any) -> None:
    # East Suffolk (E07000244) is split between Norfolk and Waveney (E54000022, 47%) and Suffolk
    # and North East Essex (E54000023, 53%): its people count in the latter. Without a district,
    # a person counts in their council's main system (Suffolk: E54000023; Hampshire: E54000042).
    people = [
        rows.person("east_suffolk", district_code="E07000244", council_code=None),
        rows.person("hart", district_code="E07000089", council_code="E10000014"),
        rows.person("hampshire", council_code="E10000014"),
    ]
    source = write_population(people, [rows.event("hart", "outpatients", 120)])
    with load_population(source) as loaded:
        result = analyse(loaded, load_rules(), keep_persons=True)
    assert result.persons is not None
    systems = {row["person_id"]: row["system_code"] for row in result.persons.to_pylist()}
    assert systems == {
        "east_suffolk": "E54000023",
        "hart": "E54000034",  # Hart is mostly in Frimley
        "hampshire": "E54000042",
    }
    places = {(r["system_code"], r["council_code"]): r["people"] for r in result.rows("place")}
    assert places == {
        ("E54000023", "E10000029"): 1,
        ("E54000034", "E10000014"): 1,
        ("E54000042", "E10000014"): 1,
    }
    councils = [r for r in result.rows("council") if r["council_code"] == "E10000014"]
    assert sum(r["people"] for r in councils) == 2


def test_public_records_carry_what_the_cli_prints(sample: LoadedPopulation) -> None:
    record = run(sample).records()[0]
    assert {
        "system",
        "council",
        "segment",
        "people",
        "cost_in_hospital",
        "cost_out_of_hospital",
        "activity_per_1000",
        "share_of_cost",
    } <= set(record)


def test_each_combination_of_the_cubes_keys_has_a_cell_of_its_own() -> None:
    """Every (area, segment, band, sex, decile) combination gets a different cell number, so
    events summed by cell never mix two cells of the cube; unknown values have slots of their
    own."""
    import itertools

    import ibis
    import pyarrow as pa

    from joinedup.population.attribution import cell_expression
    from joinedup.population.persons import SEXES
    from joinedup.reference import AGE_BANDS

    segments = load_rules().codes
    combinations = list(
        itertools.product(
            [0, 1, 448],
            [*segments, "not_a_segment"],
            [None, *range(len(AGE_BANDS))],
            [*SEXES, None],
            [None, *range(1, 11)],
        )
    )
    people = ibis.memtable(
        pa.table(
            dict(
                zip(
                    ["area_index", "segment", "age_band", "sex", "deprivation_decile"],
                    map(list, zip(*combinations, strict=True)),
                    strict=True,
                )
            ),
            schema=pa.schema(
                [
                    ("area_index", pa.int32()),
                    ("segment", pa.string()),
                    ("age_band", pa.int64()),
                    ("sex", pa.string()),
                    ("deprivation_decile", pa.int32()),
                ]
            ),
        )
    )
    cells = ibis.duckdb.connect().to_pyarrow(people.select(cell=cell_expression(people, segments)))
    assert cells["cell"].null_count == 0
    assert len(set(cells["cell"].to_pylist())) == len(combinations)


def test_an_events_side_of_the_hospital_door_does_not_depend_on_the_settings_listed() -> None:
    import ibis

    from joinedup.population.attribution import cube

    people = ibis.memtable(
        {
            "person_id": ["p1"],
            "cell": [7],
            "system_code": ["E54000050"],
            "council_code": ["E06000001"],
            "segment": ["healthy"],
            "age_band": [8],
            "sex": ["female"],
            "deprivation_decile": [3],
            "ltc_count": [0],
            "cms_hundredths": [0],
        }
    )
    events = ibis.memtable(
        {"person_id": ["p1", "p1"], "setting_id": [0, 2], "cost_pence": [300, 100]},
        schema={"person_id": "string", "setting_id": "int8", "cost_pence": "int64"},
    )
    found = ibis.duckdb.connect().to_pyarrow(cube(people, events, ["outpatients"])).to_pylist()
    assert found[0]["cost_in_hospital_pence"] == 400  # acute elective (0) and outpatients (2)
    assert found[0]["cost_out_of_hospital_pence"] == 0


def test_costs_lost_to_people_without_a_known_area_stop_the_run(
    write_population: Any, rows: Any, tmp_path: Path
) -> None:
    """The loader lets no such person through; hand-made staged files could."""
    import pyarrow.parquet as pq

    from joinedup.population.runs import PeopleWithoutArea

    source = write_population(
        [rows.person("p1"), rows.person("p2")],
        [rows.event("p1", "outpatients", 10), rows.event("p2", "outpatients", 5)],
    )
    with load_population(source) as loaded:
        persons = pq.read_table(loaded.path("persons"))
        councils = [
            "E99999999" if person == "p2" else council
            for person, council in zip(
                persons.column("person_id").to_pylist(),
                persons.column("council_code").to_pylist(),
                strict=True,
            )
        ]
        persons = persons.set_column(
            persons.schema.get_field_index("council_code"), "council_code", [councils]
        )
        pq.write_table(persons, loaded.path("persons"))
        with pytest.raises(PeopleWithoutArea, match=r"\(£10\.00\) .* \(£15\.00\): 1 staged"):
            run(loaded)
