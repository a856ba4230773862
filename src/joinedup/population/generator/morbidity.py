"""Who has which condition in the synthetic population, and since when.

Prevalence rises with age along each condition's logistic curve (``calibration.yaml``), scaled so
that England's prevalence is the calibrated one, a little with deprivation, and with a frailty
factor shared by a person's conditions, so that multimorbidity clusters as it does in life.
"""

from __future__ import annotations

import math
from functools import cache
from typing import TYPE_CHECKING

from joinedup.population.calibration import ConditionModel, calibration
from joinedup.population.generator.ages import OLDEST, england_ages
from joinedup.population.period import Period

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    Floats = npt.NDArray[np.float64]
    Ints = npt.NDArray[np.int64]
    Bools = npt.NDArray[np.bool_]

CONDITIONS: tuple[ConditionModel, ...] = calibration().conditions
PALLIATIVE_BASE = calibration().palliative_base
SEVERE_FRAILTY_65 = calibration().severe_frailty_65
# Registers, not long-term conditions: never counted in a person's number of conditions.
NOT_LONG_TERM = ("learning_disability", "physical_disability")


def logistic(age: float, model: ConditionModel) -> float:
    if age < model.min_age:
        return 0.0
    return 1 / (1 + math.exp(-(age - model.midpoint) / model.spread))


@cache
def condition_scales() -> dict[str, float]:
    """The factor that makes each condition's England prevalence its target (before frailty)."""
    female, male = england_ages()
    scales = {}
    for model in CONDITIONS:
        base = cases = 0.0
        for age in range(OLDEST + 1):
            shape = logistic(age, model)
            ratio = model.female_ratio
            people = female[age] + male[age]
            if age >= model.base_age:
                base += people
            cases += shape * (female[age] * 2 * ratio + male[age] * 2) / (1 + ratio)
        scales[model.code] = model.prevalence * base / cases
    return scales


def draw_conditions(
    rng: np.random.Generator,
    ages: Ints,
    female: Bools,
    deciles: Ints,
    frailty: Floats,
    chosen: Period,
) -> tuple[dict[str, Bools], dict[str, Ints]]:
    """Who has each condition, and when it was recorded (days before the period's end, <= 0)."""
    import numpy as np

    scales = condition_scales()
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
