"""The spending-type taxonomy: groups, spending types and funding sources, read from YAML.

The data lives in ``taxonomy.yaml`` so that analysts can read and change it; this module checks it
(unique codes, known settings) and answers the questions the ledger asks of it.
"""

from __future__ import annotations

from collections import Counter
from functools import cache
from importlib import resources
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

Setting = Literal["in_hospital", "out_of_hospital"]


class SpendingType(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    code: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    label: str
    setting: Setting
    prevention: bool
    maps_from: dict[str, list[str]] = Field(default_factory=dict)
    # A type outside the headline totals (or in a group outside them) is reported apart.
    headline: bool = True
    group: str = Field(default="", exclude=True)  # filled from the group it sits in


class Group(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    code: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    label: str
    headline: bool = True
    types: list[SpendingType] = Field(min_length=1)


class FundingSource(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    code: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    label: str
    pooled: bool


class Taxonomy(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    version: int
    groups: list[Group]
    funding_sources: list[FundingSource]

    @model_validator(mode="after")
    def _codes_are_unique(self) -> Taxonomy:
        codes = Counter(t.code for g in self.groups for t in g.types)
        codes.update(g.code for g in self.groups if g.code not in codes)
        repeated = sorted(code for code, count in codes.items() if count > 1)
        sources = Counter(source.code for source in self.funding_sources)
        repeated += sorted(code for code, count in sources.items() if count > 1)
        if repeated:
            raise ValueError(f"codes used more than once: {', '.join(repeated)}")
        return self

    @property
    def spending_types(self) -> dict[str, SpendingType]:
        """Every spending type by code, carrying its group and whether it is in the headlines."""
        return {
            kind.code: kind.model_copy(
                update={"group": group.code, "headline": group.headline and kind.headline}
            )
            for group in self.groups
            for kind in group.types
        }

    @property
    def funding(self) -> dict[str, FundingSource]:
        return {source.code: source for source in self.funding_sources}


@cache
def taxonomy() -> Taxonomy:
    """The taxonomy shipped with this version of JoinedUp."""
    import yaml

    text = resources.files("joinedup.ledger").joinpath("taxonomy.yaml").read_text("utf-8")
    return Taxonomy.model_validate(yaml.safe_load(text))


@cache
def spending_types() -> dict[str, SpendingType]:
    return taxonomy().spending_types


@cache
def funding_sources() -> dict[str, FundingSource]:
    return taxonomy().funding
