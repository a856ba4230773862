"""Metric definitions as data: what a shared metric counts, how, and which way is better.

The national set ships in ``definitions/*.yaml``; a system adds its own local metrics with
``joinedup metrics add FILE.yaml --system CODE``. Every file is checked by :class:`Metric`.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from joinedup.errors import JoinedUpError

Method = Literal["proportion", "crude_rate", "dsr", "mean", "count"]
Polarity = Literal["higher_is_better", "lower_is_better", "no_judgement"]
Frequency = Literal["monthly", "quarterly", "annual"]


class BadDefinition(JoinedUpError):
    pass


class Quantity(BaseModel):
    """The numerator or denominator: what is counted, and where the count comes from."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    description: str
    source: str | None = None


class AgeBand(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    min_age: int = Field(ge=0, le=90)
    max_age: int | None = Field(default=None, ge=0, le=120)  # None: and over

    @model_validator(mode="after")
    def _ordered(self) -> AgeBand:
        if self.max_age is not None and self.max_age < self.min_age:
            raise ValueError("max_age must not be below min_age")
        return self

    def label(self) -> str:
        return f"{self.min_age}+" if self.max_age is None else f"{self.min_age}-{self.max_age}"


class Source(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    publisher: str
    dataset: str
    url: str | None = None
    reference: str | None = None  # e.g. "ASCOF 2A(2)", "BCF metric", "PHOF C29"


def with_unit(value: str, unit: str) -> str:
    """A metric's value (already in words) with its unit, as every page, chart and pack shows
    it: a percentage sign joined to the number, any other unit after a space.

    >>> with_unit("12.5", "%"), with_unit("310.2", "per 100,000")
    ('12.5%', '310.2 per 100,000')
    """
    return f"{value}%" if unit == "%" else f"{value} {unit}"


class Metric(BaseModel):
    """One shared metric. ``set`` is ``national`` or the E54 code of the system that owns it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str = Field(pattern=r"^[a-z][a-z0-9_]{2,63}$")
    title: str = Field(min_length=3)
    description: str
    set: str
    unit: str
    method: Method
    multiplier: int = Field(default=1, ge=1)
    numerator: Quantity
    denominator: Quantity | None = None
    age_band: AgeBand | None = None
    standard_population: Literal["esp2013"] | None = None
    polarity: Polarity
    source: Source
    frequency: Frequency
    disclosure_threshold: int | None = Field(default=None, ge=0)

    @field_validator("set")
    @classmethod
    def _national_or_a_system(cls, value: str) -> str:
        if value != "national" and not re.fullmatch(r"E54\d{6}", value):
            raise ValueError("set must be 'national' or a system's E54 code")
        return value

    @model_validator(mode="after")
    def _method_needs(self) -> Metric:
        if self.method != "count" and self.denominator is None:
            raise ValueError(f"a {self.method} metric needs a denominator")
        if self.method == "dsr" and self.standard_population is None:
            raise ValueError("a dsr metric needs a standard_population (esp2013)")
        if self.method == "proportion" and self.multiplier not in (1, 100):
            raise ValueError("a proportion's multiplier is 1 (a fraction) or 100 (a percentage)")
        return self


def read_definition(path: Path) -> Metric:
    """A metric from a YAML file, or :class:`BadDefinition` naming the file and every field."""
    import yaml

    try:
        data: Any = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise BadDefinition(f"{path}: cannot read the definition ({error}).") from None
    return parse_definition(data, str(path))


def parse_definition(data: Any, origin: str) -> Metric:
    try:
        return Metric.model_validate(data)
    except ValidationError as error:
        problems = "; ".join(
            f"{'.'.join(str(part) for part in issue['loc']) or 'definition'}: {issue['msg']}"
            for issue in error.errors()
        )
        raise BadDefinition(f"{origin}: {problems}.") from None


@cache
def national_metrics() -> dict[str, Metric]:
    """The national set shipped with JoinedUp, by id."""
    import yaml

    found: dict[str, Metric] = {}
    for entry in sorted(
        resources.files("joinedup.metrics").joinpath("definitions").iterdir(),
        key=lambda item: item.name,
    ):
        if entry.name.endswith(".yaml"):
            metric = parse_definition(yaml.safe_load(entry.read_text("utf-8")), entry.name)
            found[metric.id] = metric
    return found
