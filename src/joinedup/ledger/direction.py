"""National direction: whether a spend line or an agenda item is nationally directed or local.

The rule table is data (``direction.yaml`` beside this module; the rule in words is in
docs/ledger.md): ledger lines are judged by funding source and spending type (ring-fenced grants,
mandated schemes, national contracts and spending targets are national), agenda items by class and
title words (statutory business, national targets, schemes and assurance are national). The first
rule that matches decides. A line or an item whose own ``direction`` column is set is not judged:
that column is the explicit override.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

Direction = Literal["national", "local"]
DIRECTIONS: tuple[Direction, ...] = ("national", "local")


class LedgerRule(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    funding_source: str | None = None
    spending_type: str | None = None
    direction: Direction
    reason: str

    def matches(self, funding_source: str, spending_type: str) -> bool:
        return self.funding_source in (None, funding_source) and self.spending_type in (
            None,
            spending_type,
        )


class AgendaRule(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    item_class: str | None = Field(default=None, alias="class")
    title_any: tuple[str, ...] = ()
    direction: Direction
    reason: str

    def matches(self, title: str, item_class: str | None) -> bool:
        if self.item_class is not None and self.item_class != item_class:
            return False
        if not self.title_any:
            return True
        return any(_words(phrase).search(title) for phrase in self.title_any)


@cache
def _words(phrase: str) -> re.Pattern[str]:
    """A phrase matched as whole words, case ignored ('bcf' in 'BCF plan', not in 'abcf')."""
    return re.compile(rf"\b{re.escape(phrase)}\b", re.IGNORECASE)


class DirectionRules(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    version: int
    ledger: tuple[LedgerRule, ...] = Field(min_length=1)
    agenda: tuple[AgendaRule, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _each_list_ends_with_a_catch_all(self) -> DirectionRules:
        last_line, last_item = self.ledger[-1], self.agenda[-1]
        if last_line.funding_source or last_line.spending_type:
            raise ValueError("the last ledger rule must match every line (no conditions)")
        if last_item.item_class or last_item.title_any:
            raise ValueError("the last agenda rule must match every item (no conditions)")
        return self

    def line(
        self, funding_source: str, spending_type: str, override: str | None = None
    ) -> tuple[Direction, str]:
        """A spend line's direction and why."""
        if override in DIRECTIONS:
            return override, "set on the line"
        rule = next(r for r in self.ledger if r.matches(funding_source, spending_type))
        return rule.direction, rule.reason

    def item(
        self, title: str, item_class: str | None, override: str | None = None
    ) -> tuple[Direction, str]:
        """An agenda item's direction and why."""
        if override in DIRECTIONS:
            return override, "set on the item"
        rule = next(r for r in self.agenda if r.matches(title, item_class))
        return rule.direction, rule.reason


@cache
def direction_rules() -> DirectionRules:
    """The rule table shipped with this version of JoinedUp."""
    import yaml

    text = resources.files("joinedup.ledger").joinpath("direction.yaml").read_text("utf-8")
    return DirectionRules.model_validate(yaml.safe_load(text))
