"""Conditions: the catalogue of long-term conditions, registers and event reasons, from YAML.

A person's condition records (``conditions`` table: person, condition, date) and an activity
event's optional condition codes both use these codes; a loader rejects any other. The catalogue
also carries each condition's Cambridge Multimorbidity Score weight (see ``multimorbidity``).
"""

from __future__ import annotations

from decimal import Decimal
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

if TYPE_CHECKING:
    import pyarrow as pa

Kind = Literal["long_term", "register", "event"]


class Condition(BaseModel):
    """One condition. ``cms_weight`` is None for conditions outside the score."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    code: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    label: str
    kind: Kind
    cms_weight: Decimal | None = Field(default=None, ge=0, decimal_places=2)
    cms_window_years: int | None = Field(default=None, ge=1)

    @property
    def long_term(self) -> bool:
        return self.kind == "long_term"

    @property
    def cms_hundredths(self) -> int:
        """The score weight in hundredths, so sums are exact integers on every engine."""
        return int((self.cms_weight or Decimal(0)) * 100)


class Catalogue(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    version: int
    score: str
    conditions: list[Condition] = Field(min_length=1)

    @model_validator(mode="after")
    def _codes_are_unique(self) -> Catalogue:
        seen: set[str] = set()
        for condition in self.conditions:
            if condition.code in seen:
                raise ValueError(f"condition {condition.code!r} is listed twice")
            seen.add(condition.code)
            if condition.cms_weight is not None and not condition.long_term:
                raise ValueError(f"{condition.code}: only long-term conditions carry a weight")
        return self

    @property
    def by_code(self) -> dict[str, Condition]:
        return {condition.code: condition for condition in self.conditions}

    @property
    def recorded(self) -> list[Condition]:
        """Conditions a person's condition records may hold (everything but event reasons)."""
        return [condition for condition in self.conditions if condition.kind != "event"]


@cache
def catalogue() -> Catalogue:
    """The catalogue shipped with this version of JoinedUp."""
    import yaml

    text = resources.files("joinedup.population").joinpath("conditions.yaml").read_text("utf-8")
    return Catalogue.model_validate(yaml.safe_load(text))


def condition_codes() -> list[str]:
    """Every known code, in catalogue order.

    >>> condition_codes()[:3]
    ['dementia', 'cancer', 'copd']
    """
    return [condition.code for condition in catalogue().conditions]


def schema() -> pa.Schema:
    """A person's condition records: ``person_id``, ``condition`` (a code of the catalogue) and
    ``recorded_on`` (the date it was first recorded)."""
    import pyarrow as pa

    return pa.schema(
        [("person_id", pa.string()), ("condition", pa.string()), ("recorded_on", pa.date32())]
    )
