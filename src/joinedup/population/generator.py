"""A synthetic person-level population for one system: persons, activity events and conditions.

Written for demonstrations, tests and benchmarks, never mistaken for real data: identifiers start
with the system's ODS code and the data carry no NHS numbers. What is real is the structure: the
system's Census 2021 population by sex and five-year age band, its districts and councils (people
are spread over them by population) and its councils' deprivation. What is calibrated:

* condition prevalence to QOF recorded prevalence (CALIBRATION C14; most figures are marked
  *estimate, unverified* there and here), rising with age, a little with deprivation, and
  clustered in the same people through a shared frailty factor, so multimorbidity is realistic;
* activity rates to rough national volumes per person (marked unverified below), rising with age
  and with the number of long-term conditions;
* unit costs to CALIBRATION C16 (NHS reference costs 2016/17, secondary) where it has a figure and
  to its unverified estimates or our own (marked so) elsewhere.

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


@dataclass(frozen=True, slots=True)
class ConditionModel:
    """How common a condition is: ``prevalence`` among people aged ``base_age`` or over in England
    (as QOF reports it), rising with age along a logistic curve centred on ``midpoint`` with
    ``spread`` years per step; nobody younger than ``min_age`` has it."""

    code: str
    prevalence: float
    midpoint: float
    spread: float
    min_age: int = 0
    base_age: int = 0
    female_ratio: float = 1.0
    source: str = "estimate, unverified"


# CALIBRATION C14 gives the QOF figures; "secondary" ones were seen quoted, the rest are the
# calibration file's unverified estimates, and conditions it does not cover are ours (invented).
CONDITIONS: tuple[ConditionModel, ...] = (
    ConditionModel("hypertension", 0.153, 62, 10, 18, source="C14 secondary (15.3%)"),
    ConditionModel("diabetes", 0.065, 62, 11, 17, source="C14 secondary (6.5% all ages)"),
    ConditionModel("asthma", 0.065, 8, 4, 6, 6, source="C14 estimate, unverified (6.5% aged 6+)"),
    ConditionModel("copd", 0.019, 68, 8, 35, source="C14 secondary (1.9%)"),
    ConditionModel(
        "coronary_heart_disease", 0.030, 72, 8, 30, female_ratio=0.6, source="C14 secondary (3.0%)"
    ),
    ConditionModel("atrial_fibrillation", 0.022, 77, 7, 30, source="C14 estimate, unverified"),
    ConditionModel("heart_failure", 0.011, 80, 7, 30, source="C14 estimate, unverified"),
    ConditionModel("stroke_tia", 0.019, 76, 8, 20, source="C14 estimate, unverified"),
    ConditionModel("cancer", 0.036, 70, 10, 1, source="C14 estimate, unverified (QOF register)"),
    ConditionModel(
        "dementia", 0.0428, 86, 5, 45, 65, 1.4, source="C14 secondary (4.28% of people aged 65+)"
    ),
    ConditionModel(
        "anxiety_depression",
        0.132,
        20,
        3,
        12,
        18,
        1.7,
        source="C14 estimate, unverified (depression 13.2% aged 18+)",
    ),
    ConditionModel(
        "chronic_kidney_disease",
        0.042,
        76,
        8,
        18,
        18,
        source="C14 estimate, unverified (4.2% aged 18+)",
    ),
    ConditionModel("psychosis", 0.010, 28, 5, 14, source="C14 estimate, unverified (SMI 1.0%)"),
    ConditionModel("epilepsy", 0.008, 10, 5, 1, source="invented (about 0.8%)"),
    ConditionModel("constipation", 0.03, 80, 8, 1, female_ratio=1.5, source="invented"),
    ConditionModel("chronic_pain", 0.08, 60, 12, 16, female_ratio=1.4, source="invented"),
    ConditionModel("alcohol_problems", 0.015, 35, 8, 16, female_ratio=0.5, source="invented"),
    ConditionModel(
        "connective_tissue_disorder", 0.015, 60, 10, 16, female_ratio=2.5, source="invented"
    ),
    ConditionModel("bowel_disorder", 0.04, 30, 8, 10, female_ratio=1.5, source="invented"),
    ConditionModel("hearing_loss", 0.05, 75, 8, 1, source="invented"),
    ConditionModel("learning_disability", 0.0055, 5, 2, 0, source="invented (QOF LD about 0.55%)"),
    ConditionModel("physical_disability", 0.012, 55, 15, 0, source="invented"),
)
# Registers that follow from other conditions: chance a year, by age, multiplied by risk factors.
PALLIATIVE_BASE = 0.004  # about 0.4% of people on a palliative care register (invented)
SEVERE_FRAILTY_65 = 0.03  # severe frailty (eFI) among people aged 65+ (invented)


@dataclass(frozen=True, slots=True)
class ActivityModel:
    """Events in one setting: ``rate`` per person per year in England on average, shaped by age
    (``ages``: anchor ages and relative rates, interpolated) and multiplied by ``1 + ltc_effect``
    for every long-term condition; each costs about ``unit_cost`` pounds."""

    setting: str
    rate: float
    ages: tuple[tuple[int, float], ...]
    ltc_effect: float
    unit_cost: float
    cost_source: str
    spread: float = 0.35
    condition_effects: tuple[tuple[str, float], ...] = ()


# Rates are rough national volumes per head (all unverified: GP consultations by a GP about 3.5 a
# person a year, outpatient attendances about 1.6, A&E 0.4, emergency admissions 0.1, elective
# and day cases 0.14, community contacts 0.8); unit costs as each line says.
ACTIVITY: tuple[ActivityModel, ...] = (
    ActivityModel(
        "primary_medical_care",
        3.5,
        ((0, 2.0), (5, 0.8), (20, 0.8), (45, 1.0), (65, 1.5), (80, 2.3), (95, 2.6)),
        0.30,
        47.0,
        "C16 estimate, unverified (GP consultation about £45-50)",
    ),
    ActivityModel(
        "outpatients",
        1.6,
        ((0, 0.6), (20, 0.6), (50, 1.0), (70, 1.8), (90, 1.8)),
        0.30,
        120.0,
        "C16 secondary (outpatient attendance £120, 2016/17)",
    ),
    ActivityModel(
        "urgent_emergency_care",
        0.4,
        ((0, 1.6), (5, 0.7), (20, 1.1), (45, 0.8), (70, 1.3), (85, 2.5)),
        0.25,
        148.0,
        "C16 secondary (A&E attendance £148)",
    ),
    ActivityModel(
        "acute_non_elective",
        0.10,
        ((0, 1.2), (5, 0.3), (20, 0.5), (50, 0.8), (70, 2.0), (80, 4.0), (90, 6.0)),
        0.45,
        1590.0,
        "C16 secondary (non-elective episode £1,590)",
        0.5,
        (("palliative_care", 4.0), ("heart_failure", 1.5), ("copd", 1.0)),
    ),
    ActivityModel(
        "acute_elective",
        0.14,
        ((0, 0.2), (20, 0.4), (50, 1.2), (70, 2.2), (85, 1.6)),
        0.25,
        1475.0,
        "C16 secondary (day case £738, elective inpatient £3,684; a 4:1 mix)",
        0.7,
    ),
    ActivityModel(
        "community_health_services",
        0.8,
        ((0, 0.8), (5, 0.3), (50, 0.5), (70, 2.0), (85, 6.0)),
        0.35,
        55.0,
        "C16 estimate, unverified (district nurse visit about £50-60)",
        0.3,
        (("palliative_care", 6.0), ("severe_frailty", 3.0)),
    ),
    ActivityModel(
        "community_mental_health",
        0.15,
        ((0, 0.3), (12, 1.0), (65, 0.6), (90, 0.6)),
        0.05,
        150.0,
        "invented (about £150 a contact)",
        0.4,
        (("anxiety_depression", 4.0), ("psychosis", 25.0), ("dementia", 4.0)),
    ),
    ActivityModel(
        "mental_health_inpatient",
        0.002,
        ((0, 0.1), (16, 1.0), (90, 1.0)),
        0.0,
        18000.0,
        "invented (about £18,000 a spell)",
        0.6,
        (("psychosis", 60.0),),
    ),
)
PRESCRIBING_QUARTER_COST = 75.0  # a quarter's repeat items for someone with a condition: invented
PRESCRIBING_SOURCE = "invented (about £25 a month of repeat items for each person with a condition)"


@dataclass(frozen=True, slots=True)
class PackageModel:
    """Monthly care packages: the chance of having one in the year, by age and need, and the
    monthly cost."""

    setting: str
    chance_65: float  # among people aged 65 or over with no frailty or dementia
    need_effect: float  # multiplier for people with dementia or severe frailty
    monthly_cost: float
    cost_source: str


PACKAGES: tuple[PackageModel, ...] = (
    PackageModel(
        "asc_home_care",
        0.012,
        12.0,
        26.5 * 10 * 52 / 12,
        "C16 estimate, unverified (home care about £25-28 an hour; 10 hours a week)",
    ),
    PackageModel(
        "asc_residential_nursing",
        0.004,
        15.0,
        1050.0 * 52 / 12,
        "C16 estimate, unverified (care home about £900-1,200 a week)",
    ),
    PackageModel(
        "continuing_healthcare",
        0.001,
        10.0,
        1300.0 * 52 / 12,
        "invented (NHS continuing healthcare about £1,300 a week)",
    ),
)
BIRTH_COST = 3000.0  # a delivery and its stay: invented, unverified
ANTENATAL_COST = 120.0  # an antenatal outpatient attendance, as C16's outpatient cost
REABLEMENT_COST = 1800.0  # a reablement episode after an emergency admission: invented
REABLEMENT_CHANCE = 0.2  # of people aged 65+ with an emergency admission: invented
# Births per woman per year by age band (ONS 2021 order of magnitude; unverified).
FERTILITY = {
    "15-19": 0.011,
    "20-24": 0.045,
    "25-29": 0.085,
    "30-34": 0.105,
    "35-39": 0.063,
    "40-44": 0.015,
    "45-49": 0.001,
}


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
        for code, effect in activity.condition_effects:
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
