"""The demonstration's governance wording and weights, from ``governance.yaml`` beside this module.

Invented people's names and parties, agenda item titles by class, decision types with their
weights and titles, and the shared metrics each demonstration priority aims to move. They are
data so that they can be read and changed without reading the generator; the order of every
list is kept, since the seeded draws take them in order.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

from pydantic import BaseModel, ConfigDict, Field, model_validator

from joinedup.governance.meetings import CLASSES
from joinedup.governance.oversight import DecisionType as Kind


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class People(_Frozen):
    first_names: tuple[str, ...] = Field(min_length=1)
    surnames: tuple[str, ...] = Field(min_length=1)
    initials: tuple[str, ...] = Field(min_length=1)
    parties: tuple[str, ...] = Field(min_length=1)


class DecisionType(_Frozen):
    weight: float = Field(gt=0)  # the share of an ICB board's decisions of this type
    titles: tuple[str, ...] = Field(min_length=1)


class Vocabulary(_Frozen):
    version: int
    people: People
    agenda: dict[str, tuple[str, ...]]  # agenda class -> titles
    decisions: dict[str, DecisionType]  # decision type -> weight and titles
    priority_metrics: dict[str, tuple[str, ...]]  # priority code -> metric codes

    @model_validator(mode="after")
    def _known_codes(self) -> Vocabulary:
        if set(self.agenda) != set(CLASSES):
            raise ValueError(f"agenda: one list for each class {CLASSES}")
        unknown = set(self.decisions) - {kind.value for kind in Kind}
        if unknown:
            raise ValueError(f"decisions: {sorted(unknown)} are not decision types")
        return self


@cache
def vocabulary() -> Vocabulary:
    """The wording shipped with this version of JoinedUp."""
    import yaml

    text = resources.files("joinedup.demo").joinpath("governance.yaml").read_text("utf-8")
    return Vocabulary.model_validate(yaml.safe_load(text))
