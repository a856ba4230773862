"""The synthetic population's calibration: prevalence, activity rates and unit costs, from YAML.

The figures live in ``calibration.yaml`` beside this module, each with its source, so they can be
read, checked against CALIBRATION.md and changed without reading the generator's numpy code.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

from pydantic import BaseModel, ConfigDict, Field


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class ConditionModel(_Frozen):
    """How common a condition is: ``prevalence`` among people aged ``base_age`` or over in England
    (as QOF reports it), rising with age along a logistic curve centred on ``midpoint`` with
    ``spread`` years per step; nobody younger than ``min_age`` has it."""

    code: str
    prevalence: float = Field(gt=0, lt=1)
    midpoint: float
    spread: float = Field(gt=0)
    min_age: int = Field(default=0, ge=0)
    base_age: int = Field(default=0, ge=0)
    female_ratio: float = Field(default=1.0, gt=0)
    source: str = "estimate, unverified"


class ActivityModel(_Frozen):
    """Events in one setting: ``rate`` per person per year in England on average, shaped by age
    (``ages``: anchor ages and relative rates, interpolated) and multiplied by ``1 + ltc_effect``
    for every long-term condition; each costs about ``unit_cost`` pounds."""

    setting: str
    rate: float = Field(gt=0)
    ages: tuple[tuple[int, float], ...] = Field(min_length=2)
    ltc_effect: float = Field(ge=0)
    unit_cost: float = Field(gt=0)
    cost_source: str
    spread: float = Field(default=0.35, gt=0)
    # Applied in this order: the multiplications are rounded one by one.
    condition_effects: dict[str, float] = Field(default_factory=dict)


class PackageModel(_Frozen):
    """Monthly care packages: the chance of having one in the year, by age and need, and the
    monthly cost."""

    setting: str
    chance_65: float = Field(gt=0, lt=1)  # among people aged 65 or over, no frailty or dementia
    need_effect: float = Field(gt=0)  # multiplier for people with dementia or severe frailty
    weekly_cost: float = Field(gt=0)
    cost_source: str

    @property
    def monthly_cost(self) -> float:
        return self.weekly_cost * 52 / 12


class Prescribing(_Frozen):
    quarter_cost: float = Field(gt=0)
    source: str


class Calibration(_Frozen):
    version: int
    conditions: tuple[ConditionModel, ...] = Field(min_length=1)
    palliative_base: float = Field(gt=0, lt=1)
    severe_frailty_65: float = Field(gt=0, lt=1)
    activity: tuple[ActivityModel, ...] = Field(min_length=1)
    prescribing: Prescribing
    packages: tuple[PackageModel, ...]
    birth_cost: float = Field(gt=0)
    antenatal_cost: float = Field(gt=0)
    reablement_cost: float = Field(gt=0)
    reablement_chance: float = Field(gt=0, lt=1)
    fertility: dict[str, float]  # births per woman per year by age band "15-19"


@cache
def calibration() -> Calibration:
    """The calibration shipped with this version of JoinedUp."""
    import yaml

    text = resources.files("joinedup.population").joinpath("calibration.yaml").read_text("utf-8")
    return Calibration.model_validate(yaml.safe_load(text))
