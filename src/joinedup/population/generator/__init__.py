"""A synthetic person-level population for one system: persons, activity events and conditions.

Written for demonstrations, tests and benchmarks, never mistaken for real data: identifiers start
with the system's ODS code and the data carry no NHS numbers. What is real is the structure: the
system's Census 2021 population by sex and five-year age band, its districts and councils (people
are spread over them by population) and its councils' deprivation. What is calibrated:

* condition prevalence to QOF recorded prevalence (CALIBRATION C14; most figures are marked
  *estimate, unverified* there and here), rising with age, a little with deprivation, and
  clustered in the same people through a shared frailty factor, so multimorbidity is realistic;
* activity rates to rough national volumes per person (marked unverified), rising with age
  and with the number of long-term conditions;
* unit costs to CALIBRATION C16 (NHS reference costs 2016/17, secondary) where it has a figure and
  to its unverified estimates or our own (marked so) elsewhere.

Every calibrated figure, with its source, is in ``calibration.yaml``
(:mod:`joinedup.population.calibration`). This module draws the people and writes the files;
:mod:`.morbidity` draws their conditions and :mod:`.activity` their events.

The population is generated in chunks of :data:`CHUNK_PEOPLE` people, each from its own numpy
generator seeded with ``(seed, chunk number)``, and streamed to Parquet with pyarrow's
ParquetWriter: memory stays flat however many people are asked for, and the same seed always gives
the same files.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from joinedup.population.generator.activity import (
    ACTIVITY,
    PACKAGES,
    PRESCRIBING_QUARTER_COST,
    PRESCRIBING_SOURCE,
    SETTING_NAMES,
    draw_events,
)
from joinedup.population.generator.ages import OLDEST, band_ages
from joinedup.population.generator.morbidity import CONDITIONS, NOT_LONG_TERM, draw_conditions
from joinedup.population.period import DEFAULT_YEAR, Period, period
from joinedup.reference import age_sex_population, council, system
from joinedup.reference.files import read_table

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt
    import pyarrow as pa

    Ints = npt.NDArray[np.int64]

CHUNK_PEOPLE = 100_000


@dataclass(frozen=True, slots=True)
class Generated:
    directory: Path
    system_code: str
    people: int
    events: int
    conditions: int
    seed: int


def generate(
    system_key: str,
    people: int,
    seed: int,
    out: Path,
    *,
    year: str = DEFAULT_YEAR,
    progress: Callable[[int, int], None] | None = None,
) -> Generated:
    """Write ``persons.parquet``, ``events.parquet`` and ``conditions.parquet`` into ``out``.

    ``progress(done, total)`` is called after each chunk with the number of people written.
    """
    import pyarrow.parquet as pq

    from joinedup.population import conditions, persons

    if people < 1:
        raise ValueError("people must be at least 1")
    found = system(system_key)
    chosen = period(year)
    model = _SystemModel.for_system(found.code)
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    totals = [0, 0, 0]
    paths = [out / "persons.parquet", out / "events.parquet", out / "conditions.parquet"]
    schemas = [_persons_schema(persons.schema()), _events_schema(), conditions.schema()]
    writers = [pq.ParquetWriter(path, schema) for path, schema in zip(paths, schemas, strict=True)]
    try:
        for index, start in enumerate(range(0, people, CHUNK_PEOPLE)):
            size = min(CHUNK_PEOPLE, people - start)
            tables = _chunk(model, found.ods_code, chosen, seed, index, start, size)
            for position, (writer, table) in enumerate(zip(writers, tables, strict=True)):
                writer.write_table(table)
                totals[position] += table.num_rows
            if progress is not None:
                progress(start + size, people)
    finally:
        for writer in writers:
            writer.close()
    return Generated(out, found.code, totals[0], totals[1], totals[2], seed)


def _persons_schema(schema: pa.Schema) -> pa.Schema:
    # The generator writes what a system would supply: no NHS number, no hash.
    return schema.remove(schema.get_field_index("nhs_number_hash"))


def _events_schema() -> pa.Schema:
    import pyarrow as pa

    # What partners supply: costs in pounds (the loader turns them into whole pence and adds the
    # setting's number and whether it is in hospital).
    return pa.schema(
        [
            ("person_id", pa.string()),
            ("event_date", pa.date32()),
            ("setting", pa.string()),
            ("cost_gbp", pa.float64()),
            ("condition_codes", pa.string()),
        ]
    )


@dataclass(frozen=True, slots=True)
class _SystemModel:
    """What a system contributes: who lives there (age, sex, district) and how deprived."""

    system_code: str
    cells: tuple[tuple[str, int, int], ...]  # (sex, first age, last age) per age-sex cell
    cell_weights: tuple[float, ...]
    districts: tuple[tuple[str, str], ...]  # (district code, council code)
    district_weights: tuple[float, ...]
    decile_weights: dict[str, tuple[float, ...]]  # council -> weight of deciles 1..10

    @classmethod
    def for_system(cls, code: str) -> _SystemModel:
        cells, weights = [], []
        for sex in ("female", "male"):
            for band, count in age_sex_population("system", code, sex).items():
                first, last = band_ages(band)
                cells.append((sex, first, last))
                weights.append(float(count))
        parts = [row for row in read_table("districts") if row["system_code"] == code]
        places = tuple((row["code"], row["council_code"]) for row in parts)
        return cls(
            code,
            tuple(cells),
            _normalised(weights),
            places,
            _normalised([float(row["population"]) for row in parts]),
            {council_code: _decile_weights(council_code) for _, council_code in places},
        )


def _normalised(weights: Sequence[float]) -> tuple[float, ...]:
    total = sum(weights)
    return tuple(weight / total for weight in weights)


def _decile_weights(council_code: str) -> tuple[float, ...]:
    """Deciles 1..10 with weights exp(-b * d), b chosen so decile 1 gets the council's share of
    small areas in England's most deprived tenth (IoD 2019); a council with none still gets a
    little, as its people need not live where its averages say."""
    row = next(row for row in read_table("councils") if row["code"] == council(council_code).code)
    target = min(max(float(row["imd_proportion_most_deprived_10pct"]), 0.005), 0.9)
    low, high = -4.0, 4.0
    for _ in range(60):
        middle = (low + high) / 2
        weights = [math.exp(-middle * decile) for decile in range(1, 11)]
        if weights[0] / sum(weights) < target:
            low = middle
        else:
            high = middle
    weights = [math.exp(-low * decile) for decile in range(1, 11)]
    return _normalised(weights)


def _chunk(
    model: _SystemModel, ods: str, chosen: Period, seed: int, index: int, start: int, size: int
) -> tuple[pa.Table, pa.Table, pa.Table]:
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    rng = np.random.default_rng([seed, index])
    cell = rng.choice(len(model.cells), size=size, p=model.cell_weights)
    firsts = np.array([c[1] for c in model.cells])[cell]
    lasts = np.array([c[2] for c in model.cells])[cell]
    female = np.array([c[0] == "female" for c in model.cells])[cell]
    open_band = lasts == OLDEST
    ages = firsts + (rng.random(size) * (lasts - firsts + 1)).astype(np.int64)
    ages = np.where(open_band, np.minimum(firsts + rng.geometric(0.25, size) - 1, OLDEST), ages)
    place = rng.choice(len(model.districts), size=size, p=model.district_weights)
    district_codes = np.array([d for d, _ in model.districts], dtype=object)[place]
    council_codes = np.array([c for _, c in model.districts], dtype=object)[place]
    deciles = np.zeros(size, dtype=np.int64)
    for council_code, weights in model.decile_weights.items():
        mask = council_codes == council_code
        deciles[mask] = rng.choice(10, size=int(mask.sum()), p=weights) + 1
    frailty = rng.gamma(2.0, 0.5, size)

    has, recorded = draw_conditions(rng, ages, female, deciles, frailty, chosen)
    ltc: Ints = np.zeros(size, dtype=np.int64)
    for model_ in CONDITIONS:
        if model_.code not in NOT_LONG_TERM:
            ltc += has[model_.code]
    ids = pc.binary_join_element_wise(
        ods, pc.utf8_lpad(pa.array(np.arange(start, start + size)).cast(pa.string()), 9, "0"), ""
    )
    persons = pa.table(
        {
            "person_id": ids,
            "age": pa.array(ages, pa.int32()),
            "sex": pa.array(np.where(female, "female", "male"), pa.string()),
            "council_code": pa.array(council_codes, pa.string()),
            "district_code": pa.array(district_codes, pa.string()),
            "deprivation_decile": pa.array(deciles, pa.int32()),
            "practice_code": pa.nulls(size, pa.string()),
        }
    )
    who, when, setting, cost, codes = draw_events(rng, ages, female, frailty, ltc, has, chosen)
    order = np.lexsort((when, who))
    events = pa.table(
        {
            "person_id": ids.take(pa.array(who[order])),
            "event_date": _dates(chosen.start, when[order]),
            "setting": pa.DictionaryArray.from_arrays(
                pa.array(setting[order], pa.int32()), pa.array(SETTING_NAMES)
            ).cast(pa.string()),
            "cost_gbp": pa.array(np.round(cost[order], 2), pa.float64()),
            "condition_codes": pa.array(codes[order], pa.string()),
        }
    )
    condition_people, condition_codes, condition_days = [], [], []
    for code, present in has.items():
        rows = np.flatnonzero(present)
        condition_people.append(rows)
        condition_codes.append(np.full(len(rows), code, dtype=object))
        condition_days.append(recorded[code][rows])
    people_index = np.concatenate(condition_people)
    order = np.argsort(people_index, kind="stable")
    conditions = pa.table(
        {
            "person_id": ids.take(pa.array(people_index[order])),
            "condition": pa.array(np.concatenate(condition_codes)[order], pa.string()),
            "recorded_on": _dates(chosen.end, np.concatenate(condition_days)[order]),
        }
    )
    return persons, events, conditions


def _dates(origin: date, offsets: Ints) -> pa.Array:
    import numpy as np
    import pyarrow as pa

    epoch = (origin - date(1970, 1, 1)).days
    return pa.array((offsets + epoch).astype(np.int32), pa.int32()).cast(pa.date32())


def sources() -> Iterator[tuple[str, str, str]]:
    """(what, value, source) for every calibrated figure, for the documentation."""
    for condition in CONDITIONS:
        yield condition.code, f"{condition.prevalence:.2%}", condition.source
    for activity in ACTIVITY:
        yield (
            activity.setting,
            f"{activity.rate} a person a year, £{activity.unit_cost:,.0f}",
            (activity.cost_source),
        )
    for package in PACKAGES:
        yield package.setting, f"£{package.monthly_cost:,.0f} a month", package.cost_source
    yield (
        "prescribing",
        f"£{PRESCRIBING_QUARTER_COST:,.0f} a quarter per condition",
        (PRESCRIBING_SOURCE),
    )
