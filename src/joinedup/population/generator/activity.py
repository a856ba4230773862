"""The synthetic population's activity: contacts, admissions, packages, prescriptions, births.

Each setting's rate is England's calibrated rate shaped by age, raised for each long-term
condition and for some conditions in particular (``calibration.yaml``); care packages run monthly
from a random month, prescriptions quarterly for everyone with a long-term condition.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING, Any

from joinedup.population.calibration import ActivityModel, PackageModel, calibration
from joinedup.population.generator.ages import OLDEST, band_ages, england_ages
from joinedup.population.generator.morbidity import (
    CONDITIONS,
    NOT_LONG_TERM,
    condition_scales,
    logistic,
)
from joinedup.population.period import Period

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    Floats = npt.NDArray[np.float64]
    Ints = npt.NDArray[np.int64]
    Bools = npt.NDArray[np.bool_]

_CALIBRATION = calibration()
ACTIVITY: tuple[ActivityModel, ...] = _CALIBRATION.activity
PRESCRIBING_QUARTER_COST = _CALIBRATION.prescribing.quarter_cost
PRESCRIBING_SOURCE = _CALIBRATION.prescribing.source
PACKAGES: tuple[PackageModel, ...] = _CALIBRATION.packages
BIRTH_COST = _CALIBRATION.birth_cost
ANTENATAL_COST = _CALIBRATION.antenatal_cost
REABLEMENT_COST = _CALIBRATION.reablement_cost
REABLEMENT_CHANCE = _CALIBRATION.reablement_chance
FERTILITY = _CALIBRATION.fertility


def interpolate(ages: Ints, anchors: tuple[tuple[int, float], ...]) -> Floats:
    import numpy as np

    xs = [float(age) for age, _ in anchors]
    ys = [value for _, value in anchors]
    return np.interp(ages.astype(np.float64), xs, ys)


@cache
def activity_norms() -> dict[str, float]:
    """For each setting, what makes England's mean rate the model's rate: the mean of the age
    shape times the condition-count effect over England's people (long-term conditions by age
    from the condition models)."""
    import numpy as np

    female, male = england_ages()
    ages = np.arange(OLDEST + 1)
    people = np.array(female) + np.array(male)
    scales = condition_scales()
    expected = np.zeros(OLDEST + 1)
    for model in CONDITIONS:
        if model.code in NOT_LONG_TERM:
            continue
        expected += np.array(
            [min(0.9, scales[model.code] * logistic(float(a), model)) for a in ages]
        )
    norms = {}
    for activity in ACTIVITY:
        shape = interpolate(ages, activity.ages) * (1 + activity.ltc_effect * expected)
        norms[activity.setting] = float((shape * people).sum() / people.sum())
    return norms


SETTING_NAMES: list[str] = [
    *(activity.setting for activity in ACTIVITY),
    "prescribing",
    *(package.setting for package in PACKAGES),
    "nhs_other_hospital",
    "asc_reablement",
]


def draw_events(
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
    norms = activity_norms()
    parts: list[tuple[Ints, Ints, int, Floats, npt.NDArray[Any]]] = []

    def add(who: Ints, when: Ints, setting: str, cost: Floats, codes: str | None = None) -> None:
        code_array = np.full(len(who), codes, dtype=object)
        parts.append((who, when, SETTING_NAMES.index(setting), cost, code_array))

    def costs(count: int, unit: float, spread: float) -> Floats:
        return unit * rng.lognormal(-spread * spread / 2, spread, count)

    emergency: Ints = np.zeros(0, dtype=np.int64)
    for activity in ACTIVITY:
        rate: Floats = activity.rate * interpolate(ages, activity.ages) / norms[activity.setting]
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
        first_age, last_age = band_ages(band)
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
