"""Oversight rules: which decisions need the affected councils' sign-off, and the checks on a
decision (missing sign-offs, conflicts of interest, regard to the strategy: the rule is in
:mod:`joinedup.governance.alignment`).

The rules are data (``oversight.yaml``, or a file of the same shape), validated on loading.
A rule covers a decision of one of its types whose value is above its threshold (a covered type
with no value recorded is covered: nobody can show it is below) and, if the rule says
``significant_only``, that is marked significant.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from importlib import resources
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from joinedup.core.record import Money, Record
from joinedup.errors import JoinedUpError
from joinedup.governance.interests import Conflict, conflicts
from joinedup.warehouse import Warehouse


class RulesInvalid(JoinedUpError):
    pass


class DecisionType(StrEnum):
    budget_allocation = "budget_allocation"
    service_reconfiguration = "service_reconfiguration"
    strategy = "strategy"
    contract = "contract"
    other = "other"


class Rule(BaseModel):
    """Decisions of these types (above the value, significant if so marked) need sign-offs."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(pattern=r"^[a-z0-9][a-z0-9\-]{0,62}$")
    description: str = Field(min_length=1)
    decision_types: tuple[DecisionType, ...] = Field(min_length=1)
    above_value: Decimal | None = Field(default=None, ge=0, max_digits=18, decimal_places=2)
    significant_only: bool = False
    requires: Literal["council_sign_off"] = "council_sign_off"

    def covers(self, decision_type: str, value: Decimal | None, significant: bool) -> bool:
        if decision_type not in self.decision_types:
            return False
        if self.significant_only and not significant:
            return False
        return self.above_value is None or value is None or value > self.above_value


class StrategyRegard(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    decision_types: tuple[DecisionType, ...] = tuple(DecisionType)


class OversightRules(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    version: Literal[1]
    rules: tuple[Rule, ...] = ()
    strategy_regard: StrategyRegard = StrategyRegard()

    @field_validator("rules")
    @classmethod
    def _names_unique(cls, rules: tuple[Rule, ...]) -> tuple[Rule, ...]:
        names = [rule.name for rule in rules]
        repeated = sorted({name for name in names if names.count(name) > 1})
        if repeated:
            raise ValueError(f"rule names must be unique; repeated: {', '.join(repeated)}")
        return rules

    def covering(self, decision_type: str, value: Decimal | None, significant: bool) -> list[Rule]:
        return [rule for rule in self.rules if rule.covers(decision_type, value, significant)]


DEFAULT_RULES = "oversight.yaml"


def load_rules(path: Path | None = None) -> OversightRules:
    """The rules in a YAML file, or the packaged ones; a bad file is refused in one line."""
    import yaml

    if path is None:
        text = resources.files("joinedup.governance").joinpath(DEFAULT_RULES).read_text("utf-8")
        name = DEFAULT_RULES
    else:
        path = Path(path)
        name = path.name
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as error:
            raise RulesInvalid(
                f"Cannot read the oversight rules {path}: {error.strerror}."
            ) from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        raise RulesInvalid(f"{name} is not valid YAML{where}.") from None
    return rules_from(data, name)


def rules_from(data: Any, name: str = "the rules") -> OversightRules:
    try:
        return OversightRules.model_validate(data)
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "the top level"
        count = error.error_count()
        more = f" (and {count - 1} more problem{'s' if count > 2 else ''})" if count > 1 else ""
        raise RulesInvalid(f"{name}, field {where!r}: {first['msg']}{more}.") from None


@dataclass(frozen=True, slots=True)
class Oversight:
    """What the rules say about one decision."""

    decision_id: int
    rules: list[str]  # the names of the rules covering it
    affected_councils: list[str]
    signed_off: list[str]
    missing_sign_offs: list[str]
    conflicts: list[Conflict] = field(default_factory=list)
    # Judged from the decision's value, priorities and target metrics (governance.alignment).
    regard: str = "not needed"

    @property
    def shows_regard(self) -> bool | None:
        """True when regard is shown (or partly, or not needed), False when money is committed
        with no priority or target metric, None when nothing is recorded either way."""
        if self.regard == "not recorded":
            return None
        return self.regard != "not shown"

    @property
    def flags(self) -> list[str]:
        from joinedup.governance.alignment import REGARD_FLAGS

        found = []
        if self.missing_sign_offs:
            found.append("missing_sign_offs")
        if self.conflicts:
            found.append("conflict_of_interest")
        if self.regard in REGARD_FLAGS:
            found.append(REGARD_FLAGS[self.regard])
        return found


class DecisionConflict(Record):
    """A member of the deciding board with a declared interest in an organisation the decision
    affects (``interest`` is the declaration's id)."""

    person: int
    name: str
    role: str
    organisation: str
    interest: int
    description: str


class CheckedDecision(Record):
    """A decision with what the oversight rules say of it: the rules covering it, the affected
    councils' sign-offs (missing ones are none once it is rejected), conflicts of interest,
    its regard to the strategy and the flags these raise."""

    decision: int
    board: str
    title: str
    type: str
    value: Money | None
    date: datetime.date
    status: str
    affected: list[str]
    priorities: list[str]
    target_metrics: list[str]
    rules: list[str]
    affected_councils: list[str]
    signed_off: list[str]
    missing_sign_offs: list[str]
    conflicts: list[DecisionConflict]
    regard: str
    shows_regard: bool | None
    flags: list[str]


def oversee(
    warehouse: Warehouse, decision_ids: list[int], rules: OversightRules | None = None
) -> dict[int, Oversight]:
    """The rules' verdict on each decision: sign-offs missing, conflicts, regard to strategy."""
    from joinedup.governance.alignment import regard

    rules = rules or load_rules()
    if not decision_ids:
        return {}
    placeholders = ", ".join("?" for _ in decision_ids)
    decisions = warehouse.query(
        "SELECT d.id, d.decision_type, d.value, d.significant, d.affected, d.priorities, "
        "coalesce(d.target_metrics, []) AS target_metrics, c.committed "
        "FROM governance_decisions d LEFT JOIN (SELECT decision_id, sum(amount) AS committed "
        "FROM governance_decision_commitments GROUP BY 1) c ON c.decision_id = d.id "
        f"WHERE d.id IN ({placeholders}) ORDER BY d.id",
        list(decision_ids),
    )
    councils = {
        row["code"]
        for row in warehouse.query("SELECT code FROM organisations WHERE kind = 'council'")
    }
    signed: dict[int, set[str]] = {}
    for row in warehouse.query(
        "SELECT decision_id, council_code FROM governance_sign_offs "
        f"WHERE decision_id IN ({placeholders})",
        list(decision_ids),
    ):
        signed.setdefault(int(row["decision_id"]), set()).add(row["council_code"])
    found_conflicts = conflicts(warehouse, [int(row["id"]) for row in decisions])
    verdicts = {}
    for row in decisions:
        decision_id = int(row["id"])
        covering = rules.covering(row["decision_type"], row["value"], row["significant"])
        affected = [code for code in row["affected"] if code in councils]
        done = signed.get(decision_id, set())
        needs_regard = row["decision_type"] in rules.strategy_regard.decision_types
        verdicts[decision_id] = Oversight(
            decision_id=decision_id,
            rules=[rule.name for rule in covering],
            affected_councils=affected,
            signed_off=sorted(done & set(affected)),
            missing_sign_offs=[code for code in affected if code not in done] if covering else [],
            conflicts=found_conflicts[decision_id],
            regard=regard(
                row["value"] if row["committed"] is None else row["committed"],
                list(row["priorities"]),
                list(row["target_metrics"]),
                needed=needs_regard,
            ),
        )
    return verdicts
