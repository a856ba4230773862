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
(:mod:`joinedup.population.calibration`); this module holds the model that uses them.

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
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from joinedup.population.calibration import (
    ActivityModel,
    ConditionModel,
    PackageModel,
    calibration,
)
from joinedup.population.period import DEFAULT_YEAR, Period, period
from joinedup.reference import age_sex_population, council, system
from joinedup.reference.files import read_table

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt
    import pyarrow as pa

    Floats = npt.NDArray[np.float64]
    Ints = npt.NDArray[np.int64]
    Bools = npt.NDArray[np.bool_]

CHUNK_PEOPLE = 100_000
OLDEST = 105


# The calibrated figures, each with its source, are data: population/calibration.yaml.
_CALIBRATION = calibration()
CONDITIONS: tuple[ConditionModel, ...] = _CALIBRATION.conditions
PALLIATIVE_BASE = _CALIBRATION.palliative_base
SEVERE_FRAILTY_65 = _CALIBRATION.severe_frailty_65
ACTIVITY: tuple[ActivityModel, ...] = _CALIBRATION.activity
PRESCRIBING_QUARTER_COST = _CALIBRATION.prescribing.quarter_cost
PRESCRIBING_SOURCE = _CALIBRATION.prescribing.source
PACKAGES: tuple[PackageModel, ...] = _CALIBRATION.packages
BIRTH_COST = _CALIBRATION.birth_cost
ANTENATAL_COST = _CALIBRATION.antenatal_cost
REABLEMENT_COST = _CALIBRATION.reablement_cost
REABLEMENT_CHANCE = _CALIBRATION.reablement_chance
FERTILITY = _CALIBRATION.fertility


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
                first, last = _band_ages(band)
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


def _band_ages(band: str) -> tuple[int, int]:
    if band.endswith("+"):
        return int(band[:-1]), OLDEST
    first, last = band.split("-")
    return int(first), int(last)


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


@cache
def _england_ages() -> tuple[tuple[float, ...], tuple[float, ...]]:
    """England's share of people at each single year of age 0..OLDEST, (female, male)."""
    shares = []
    for sex in ("female", "male"):
        by_age = [0.0] * (OLDEST + 1)
        for band, count in age_sex_population("england", "E92000001", sex).items():
            first, last = _band_ages(band)
            for age in range(first, last + 1):
                by_age[age] += count * _within_band(age, first, last)
        shares.append(by_age)
    total = sum(sum(values) for values in shares)
    return tuple(v / total for v in shares[0]), tuple(v / total for v in shares[1])


def _within_band(age: int, first: int, last: int) -> float:
    """The share of a band's people at one age: even, except the open top band, which thins out."""
    if last != OLDEST:
        return 1 / (last - first + 1)
    weights = [0.75**offset for offset in range(last - first + 1)]
    return weights[age - first] / sum(weights)


def _logistic(age: float, model: ConditionModel) -> float:
    if age < model.min_age:
        return 0.0
    return 1 / (1 + math.exp(-(age - model.midpoint) / model.spread))


@cache
def _condition_scales() -> dict[str, float]:
    """The factor that makes each condition's England prevalence its target (before frailty)."""
    female, male = _england_ages()
    scales = {}
    for model in CONDITIONS:
        base = cases = 0.0
        for age in range(OLDEST + 1):
            shape = _logistic(age, model)
            ratio = model.female_ratio
            people = female[age] + male[age]
            if age >= model.base_age:
                base += people
            cases += shape * (female[age] * 2 * ratio + male[age] * 2) / (1 + ratio)
        scales[model.code] = model.prevalence * base / cases
    return scales


def _interpolate(ages: Ints, anchors: tuple[tuple[int, float], ...]) -> Floats:
    import numpy as np

    xs = [float(age) for age, _ in anchors]
    ys = [value for _, value in anchors]
    return np.interp(ages.astype(np.float64), xs, ys)


@cache
def _activity_norms() -> dict[str, float]:
    """For each setting, what makes England's mean rate the model's rate: the mean of the age
    shape times the condition-count effect over England's people (long-term conditions by age
    from the condition models)."""
    import numpy as np

    female, male = _england_ages()
    ages = np.arange(OLDEST + 1)
    people = np.array(female) + np.array(male)
    scales = _condition_scales()
    expected = np.zeros(OLDEST + 1)
    for model in CONDITIONS:
        if model.code in ("learning_disability", "physical_disability"):
            continue
        expected += np.array(
            [min(0.9, scales[model.code] * _logistic(float(a), model)) for a in ages]
        )
    norms = {}
    for activity in ACTIVITY:
        shape = _interpolate(ages, activity.ages) * (1 + activity.ltc_effect * expected)
        norms[activity.setting] = float((shape * people).sum() / people.sum())
    return norms


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

    has, recorded = _conditions(rng, ages, female, deciles, frailty, chosen)
    ltc: Ints = np.zeros(size, dtype=np.int64)
    for model_ in CONDITIONS:
        if model_.code not in ("learning_disability", "physical_disability"):
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
    who, when, setting, cost, codes = _events(rng, ages, female, frailty, ltc, has, chosen)
    order = np.lexsort((when, who))
    events = pa.table(
        {
            "person_id": ids.take(pa.array(who[order])),
            "event_date": _dates(chosen.start, when[order]),
            "setting": pa.DictionaryArray.from_arrays(
                pa.array(setting[order], pa.int32()), pa.array(_SETTING_NAMES)
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


def _conditions(
    rng: np.random.Generator,
    ages: Ints,
    female: Bools,
    deciles: Ints,
    frailty: Floats,
    chosen: Period,
) -> tuple[dict[str, Bools], dict[str, Ints]]:
    """Who has each condition, and when it was recorded (days before the period's end, <= 0)."""
    import numpy as np

    scales = _condition_scales()
    deprivation = 1 + 0.05 * (5.5 - deciles)  # more in more deprived areas; mean about 1
    has: dict[str, Bools] = {}
    recorded: dict[str, Ints] = {}
    for model in CONDITIONS:
        shape = 1 / (1 + np.exp(-(ages - model.midpoint) / model.spread))
        shape = np.where(ages < model.min_age, 0.0, shape)
        sex = np.where(female, 2 * model.female_ratio, 2.0) / (1 + model.female_ratio)
        chance = np.minimum(scales[model.code] * shape * sex * deprivation * frailty, 0.95)
        has[model.code] = rng.random(len(ages)) < chance
        recorded[model.code] = _recorded_days(rng, ages, model.code, model.min_age)
    older = ages >= 65
    burden = sum(has[code].astype(np.float64) for code in ("cancer", "heart_failure", "copd"))
    palliative = PALLIATIVE_BASE * np.clip((ages - 40) / 25, 0.05, 3) * (1 + 4 * burden)
    has["palliative_care"] = rng.random(len(ages)) < np.minimum(palliative * frailty, 0.9)
    recorded["palliative_care"] = -(rng.random(len(ages)) * 365).astype(np.int64)
    severe = SEVERE_FRAILTY_65 * np.where(older, np.clip((ages - 60) / 15, 0.3, 3), 0.0)
    has["severe_frailty"] = rng.random(len(ages)) < np.minimum(severe * frailty, 0.9)
    recorded["severe_frailty"] = -(rng.random(len(ages)) * 3 * 365).astype(np.int64)
    return has, recorded


def _recorded_days(rng: np.random.Generator, ages: Ints, code: str, min_age: int) -> Ints:
    """Days before the period's end that a condition was first recorded: at most 20 years ago,
    never before the person was ``min_age`` (cancer: within 12 years, so about two in five fall
    in the score's 5-year window)."""
    import numpy as np

    years = np.maximum(ages - min_age, 0).astype(np.float64) + 1.0
    years = np.minimum(years, 12.0 if code == "cancer" else 20.0)
    return -(rng.random(len(ages)) * years * 365).astype(np.int64)


_SETTING_NAMES: list[str] = [
    *(activity.setting for activity in ACTIVITY),
    "prescribing",
    *(package.setting for package in PACKAGES),
    "nhs_other_hospital",
    "asc_reablement",
]


def _events(
    rng: np.random.Generator,
    ages: Ints,
    female: Bools,
    frailty: Floats,
    ltc: Ints,
    has: dict[str, Bools],
    chosen: Period,
) -> tuple[Ints, Ints, Ints, Floats, npt.NDArray[Any]]:
    """Every event: person index, day offset in the period, setting index, cost, codes."""
    import numpy as np

    days = chosen.days
    norms = _activity_norms()
    parts: list[tuple[Ints, Ints, int, Floats, npt.NDArray[Any]]] = []

    def add(who: Ints, when: Ints, setting: str, cost: Floats, codes: str | None = None) -> None:
        code_array = np.full(len(who), codes, dtype=object)
        parts.append((who, when, _SETTING_NAMES.index(setting), cost, code_array))

    def costs(count: int, unit: float, spread: float) -> Floats:
        return unit * rng.lognormal(-spread * spread / 2, spread, count)

    emergency: Ints = np.zeros(0, dtype=np.int64)
    for activity in ACTIVITY:
        rate: Floats = activity.rate * _interpolate(ages, activity.ages) / norms[activity.setting]
        rate = rate * (1 + activity.ltc_effect * ltc) * np.sqrt(frailty)
        for code, effect in activity.condition_effects.items():
            rate = rate * (1 + effect * has[code])
        counts = rng.poisson(rate)
        who = np.repeat(np.arange(len(ages)), counts)
        when = rng.integers(0, days, len(who))
        add(who, when, activity.setting, costs(len(who), activity.unit_cost, activity.spread))
        if activity.setting == "acute_non_elective":
            emergency = who
    # Repeat prescriptions, quarterly, for everyone with a long-term condition.
    treated = np.flatnonzero(ltc > 0)
    who = np.repeat(treated, 4)
    when = np.tile(np.array([0, 91, 182, 273]), len(treated)) + rng.integers(0, 91, len(who))
    cost = costs(len(who), PRESCRIBING_QUARTER_COST, 0.5) * np.repeat(ltc[treated], 4)
    add(who, np.minimum(when, days - 1), "prescribing", cost)
    # Care packages: monthly, from a random month to the period's end.
    need = has["dementia"] | has["severe_frailty"]
    for package in PACKAGES:
        chance = package.chance_65 * np.where(ages >= 65, np.clip((ages - 55) / 20, 0.5, 3), 0.02)
        chance = np.minimum(chance * np.where(need, package.need_effect, 1.0), 0.8)
        takers = np.flatnonzero(rng.random(len(ages)) < chance)
        first = rng.integers(0, 12, len(takers))
        months = 12 - first
        who = np.repeat(takers, months)
        month = np.repeat(first, months) + _ramp(months)
        when = np.minimum((month * days) // 12 + rng.integers(0, 28, len(who)), days - 1)
        add(who, when, package.setting, costs(len(who), package.monthly_cost, 0.25))
    # Births: a delivery and two antenatal attendances, coded maternity.
    fertility = np.zeros(len(ages))
    for band, births in FERTILITY.items():
        first_age, last_age = _band_ages(band)
        fertility[(ages >= first_age) & (ages <= last_age) & female] = births
    mothers = np.flatnonzero(rng.random(len(ages)) < fertility)
    birth = rng.integers(0, days, len(mothers))
    add(mothers, birth, "nhs_other_hospital", costs(len(mothers), BIRTH_COST, 0.3), "maternity")
    for weeks in (20, 12):
        antenatal = np.maximum(birth - 7 * weeks, 0)
        add(
            mothers, antenatal, "outpatients", costs(len(mothers), ANTENATAL_COST, 0.2), "maternity"
        )
    # Reablement after some emergency admissions of older people.
    older = emergency[ages[emergency] >= 65]
    chosen_people = older[rng.random(len(older)) < REABLEMENT_CHANCE]
    add(
        chosen_people,
        rng.integers(0, days, len(chosen_people)),
        "asc_reablement",
        costs(len(chosen_people), REABLEMENT_COST, 0.3),
    )
    return (
        np.concatenate([part[0] for part in parts]),
        np.concatenate([part[1] for part in parts]).astype(np.int64),
        np.concatenate([np.full(len(part[0]), part[2]) for part in parts]),
        np.concatenate([part[3] for part in parts]),
        np.concatenate([part[4] for part in parts]),
    )


def _ramp(lengths: Ints) -> Ints:
    """0, 1, ..., n-1 for each n in ``lengths``, concatenated."""
    import numpy as np

    total = int(lengths.sum())
    if total == 0:
        return np.zeros(0, dtype=np.int64)
    starts = np.repeat(np.cumsum(lengths) - lengths, lengths)
    return np.arange(total) - starts


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
