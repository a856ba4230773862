"""What-if scenarios of the prevention-shift planner: transfers of money, saved by name.

A *transfer* moves a sum a year from one partner's spending type to another's (or to another type
of the same partner, or the same type of another partner) for some years. Its flows, for the
appraisal engine (:mod:`joinedup.priorities.appraisal`), are (docs/priorities.md, "Planner"):

* the partner the money comes from: a cost of the sum, each year it moves;
* the partner it goes to: the sum received and the same sum spent on the new service (net zero:
  the money changes hands, it is not made or lost);
* if the scenario assumes a return (``benefit_per_pound`` > 0): a cost avoided of the sum times
  the return, to the partner the money comes from (whose service sees less demand),
  ``benefit_lag`` years after each year's money is spent, up to the Green Book horizon.

A scenario is stored whole under its name, replacing one of the same name; every save and
removal is in the audit log with the scenario before and after.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from joinedup.core.fields import LONG_TEXT, SHORT_TEXT, check_text, parse_money
from joinedup.data_topics import topics_of
from joinedup.errors import JoinedUpError
from joinedup.ledger.taxonomy import spending_types
from joinedup.priorities.interventions import MAX_YEAR, Flow, partner_codes, plain
from joinedup.records import audit
from joinedup.warehouse import Warehouse

TABLE = "planning_scenarios"
#: What saving or removing a scenario writes (``joinedup.data_topics``).
TOUCHES = topics_of(TABLE, "planning_transfers", "audit_log")
MOST_TRANSFERS = 20
LONGEST_LAG = 10
HIGHEST_RETURN = Decimal(100)


class BadScenario(JoinedUpError):
    pass


class NoScenario(JoinedUpError):
    pass


@dataclass(frozen=True, slots=True)
class Transfer:
    from_partner: str
    from_type: str
    to_partner: str
    to_type: str
    gbp_per_year: Decimal
    years: int
    start_year: int = 0
    benefit_per_pound: Decimal = Decimal(0)
    benefit_lag: int = 1

    def flows(self) -> list[Flow]:
        """The transfer as the appraisal's flows (see the module's docstring)."""
        moved = [self.start_year + year for year in range(self.years)]
        found = [Flow(self.from_partner, year, "cost", self.gbp_per_year) for year in moved]
        for year in moved:
            found.append(Flow(self.to_partner, year, "cash_releasing_saving", self.gbp_per_year))
            found.append(Flow(self.to_partner, year, "cost", self.gbp_per_year))
        if self.benefit_per_pound > 0:
            avoided = self.gbp_per_year * self.benefit_per_pound
            found += [
                Flow(self.from_partner, year + self.benefit_lag, "cost_avoided", avoided)
                for year in moved
                if year + self.benefit_lag <= MAX_YEAR
            ]
        return found

    def prevention_effect(self) -> Decimal:
        """£ a year the transfer adds to prevention spend (negative: takes from it)."""
        types = spending_types()
        into, out_of = types[self.to_type].prevention, types[self.from_type].prevention
        return self.gbp_per_year * (int(into) - int(out_of))

    def record(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class Scenario:
    system_code: str
    name: str
    transfers: tuple[Transfer, ...]
    description: str | None = None
    saved_by: str | None = None
    saved_at: datetime | None = None

    def record(self) -> dict[str, Any]:
        return {
            "system": self.system_code,
            "name": self.name,
            "description": self.description,
            "transfers": [
                {key: plain(v) if isinstance(v, Decimal) else v for key, v in t.record().items()}
                for t in self.transfers
            ],
        }


_KEYS = {"from", "to", "gbp", "years", "start", "return", "lag"}


def parse_transfer(text: str) -> Transfer:
    """A transfer as typed on the command line: ``key=value`` words, e.g.
    ``from=E54000032:acute_non_elective to=E10000016:asc_reablement gbp=2000000 years=5``, with
    optional ``start=`` (years after the first), ``return=`` (£ avoided per £ moved) and
    ``lag=``. ``to=`` may give only a type (same partner) or only a partner (same type).

    >>> parse_transfer("from=E54000032:acute_elective to=nhs_prevention gbp=1.5m years=3")
    ... # doctest: +ELLIPSIS
    Transfer(from_partner='E54000032', from_type='acute_elective', to_partner='E54000032', ...)
    """
    given: dict[str, str] = {}
    for word in text.split():
        key, sep, value = word.partition("=")
        if not sep or key not in _KEYS or not value:
            raise BadScenario(
                f"{word!r} in the transfer {text!r}: write key=value, with keys "
                "from, to, gbp, years (and start, return, lag)"
            )
        given[key] = value
    for key in ("from", "to", "gbp", "years"):
        if key not in given:
            raise BadScenario(f"The transfer {text!r} has no {key}=.")
    from_partner, _, from_type = given["from"].partition(":")
    if not from_type:
        raise BadScenario(f"from={given['from']}: give the partner and type, PARTNER:TYPE.")
    to_partner, to_type = _end(given["to"], from_partner, from_type)
    return Transfer(
        from_partner.upper(),
        from_type,
        to_partner.upper(),
        to_type,
        _money(given["gbp"]),
        _whole(given["years"], "years"),
        _whole(given.get("start", "0"), "start"),
        _decimal(given.get("return", "0"), "return"),
        _whole(given.get("lag", "1"), "lag"),
    )


def _end(text: str, partner: str, kind: str) -> tuple[str, str]:
    if ":" in text:
        found_partner, _, found_type = text.partition(":")
        return found_partner, found_type
    return (partner, text) if text in spending_types() else (text, kind)


def _money(text: str) -> Decimal:
    scale = {"k": Decimal(1_000), "m": Decimal(1_000_000), "bn": Decimal(1_000_000_000)}
    lowered = text.strip().lower().lstrip("£").replace(",", "")
    factor = Decimal(1)
    for suffix, size in sorted(scale.items(), key=lambda item: -len(item[0])):
        if lowered.endswith(suffix):
            lowered, factor = lowered[: -len(suffix)], size
            break
    try:
        return parse_money(_decimal(lowered, "gbp") * factor)
    except ValueError as error:
        raise BadScenario(f"gbp={text}: {error}") from None


def _decimal(text: str, key: str) -> Decimal:
    try:
        number = Decimal(text)
    except ArithmeticError:
        number = Decimal("NaN")
    if not number.is_finite():
        raise BadScenario(f"{key}={text} is not a number.")
    return number


def _whole(text: str, key: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise BadScenario(f"{key}={text} is not a whole number.") from None


def check_scenario(warehouse: Warehouse, scenario: Scenario) -> None:
    """Raise ``BadScenario`` naming the first thing wrong: the name, a partner that is not the
    system's, a type outside the headline taxonomy, a sum or a span out of range."""
    try:
        check_text(scenario.name, SHORT_TEXT)
        if scenario.description:
            check_text(scenario.description, LONG_TEXT)
    except ValueError as error:
        raise BadScenario(f"The scenario's name or description {error}.") from None
    if not scenario.name.strip():
        raise BadScenario("A scenario needs a name.")
    if not scenario.transfers:
        raise BadScenario("A scenario needs at least one transfer.")
    if len(scenario.transfers) > MOST_TRANSFERS:
        raise BadScenario(f"A scenario has at most {MOST_TRANSFERS} transfers.")
    partners, types = partner_codes(warehouse, scenario.system_code), spending_types()
    for number, item in enumerate(scenario.transfers, start=1):
        where = f"Transfer {number}"
        for partner in (item.from_partner, item.to_partner):
            if partner not in partners:
                raise BadScenario(f"{where}: {partner} is not a partner of {scenario.system_code}.")
        for kind in (item.from_type, item.to_type):
            if kind not in types or not types[kind].headline:
                raise BadScenario(f"{where}: {kind!r} is not a spending type of the headlines.")
        if (item.from_partner, item.from_type) == (item.to_partner, item.to_type):
            raise BadScenario(f"{where} moves money from {item.from_type} to itself.")
        if item.gbp_per_year <= 0:
            raise BadScenario(f"{where}: the sum a year must be above £0.")
        if item.years < 1 or item.start_year < 0 or item.start_year + item.years > MAX_YEAR:
            raise BadScenario(f"{where}: its years must lie within years 0 to {MAX_YEAR - 1}.")
        if not 0 <= item.benefit_lag <= LONGEST_LAG:
            raise BadScenario(f"{where}: the lag is 0 to {LONGEST_LAG} years.")
        if not 0 <= item.benefit_per_pound <= HIGHEST_RETURN:
            raise BadScenario(f"{where}: the return is 0 to {HIGHEST_RETURN} per pound.")


def save_scenario(
    warehouse: Warehouse,
    scenario: Scenario,
    *,
    who: str | None = None,
    when: datetime | None = None,
    synthetic: bool = False,
) -> Scenario:
    """Store the scenario, replacing one of the same name, and log the change."""
    check_scenario(warehouse, scenario)
    before = next(
        (s for s in load_scenarios(warehouse, scenario.system_code) if s.name == scenario.name),
        None,
    )
    stamp, by = when or audit.now(), audit.user(who)
    with warehouse.transaction(touches=TOUCHES):
        _delete(warehouse, scenario.system_code, scenario.name)
        warehouse.insert_rows(
            TABLE,
            ("system_code", "name", "description", "saved_by", "saved_at", "synthetic"),
            [[scenario.system_code, scenario.name, scenario.description, by, stamp, synthetic]],
        )
        warehouse.insert_rows(
            "planning_transfers",
            ("system_code", "scenario", "line", *TRANSFER_COLUMNS, "synthetic"),
            [
                [scenario.system_code, scenario.name, line, *_values(item), synthetic]
                for line, item in enumerate(scenario.transfers, start=1)
            ],
        )
        entry = audit.Entry(
            "replace" if before else "insert",
            TABLE,
            f"{scenario.system_code}/{scenario.name}",
            before.record() if before else None,
            scenario.record(),
        )
        audit.record(warehouse, [entry], who=by, when=stamp, synthetic=synthetic)
    return Scenario(
        scenario.system_code, scenario.name, scenario.transfers, scenario.description, by, stamp
    )


def load_demo_scenarios(
    warehouse: Warehouse, scenarios: list[Scenario], *, who: str, when: datetime
) -> None:
    """Store synthetic scenarios in bulk (the demo builder, into empty tables), checked one by
    one, with one audit entry for the load."""
    for scenario in scenarios:
        check_scenario(warehouse, scenario)
    with warehouse.transaction():
        warehouse.insert_rows(
            TABLE,
            ("system_code", "name", "description", "saved_by", "saved_at", "synthetic"),
            [[s.system_code, s.name, s.description, who, when, True] for s in scenarios],
        )
        warehouse.insert_rows(
            "planning_transfers",
            ("system_code", "scenario", "line", *TRANSFER_COLUMNS, "synthetic"),
            [
                [scenario.system_code, scenario.name, line, *_values(item), True]
                for scenario in scenarios
                for line, item in enumerate(scenario.transfers, start=1)
            ],
        )
        entry = audit.Entry(
            "load", TABLE, "*", None, {"rows": len(scenarios)}, "synthetic demonstration data"
        )
        audit.record(warehouse, [entry], who=who, when=when, synthetic=True)


def remove_scenario(
    warehouse: Warehouse, system_code: str, name: str, *, who: str | None = None
) -> None:
    """Remove a saved scenario (the audit log keeps it)."""
    before = next((s for s in load_scenarios(warehouse, system_code) if s.name == name), None)
    if before is None:
        raise NoScenario(f"{system_code} has no saved scenario named {name!r}.")
    with warehouse.transaction(touches=TOUCHES):
        _delete(warehouse, system_code, name)
        entry = audit.Entry("remove", TABLE, f"{system_code}/{name}", before.record(), None)
        audit.record(warehouse, [entry], who=who)


def _delete(warehouse: Warehouse, system_code: str, name: str) -> None:
    for table, column in ((TABLE, "name"), ("planning_transfers", "scenario")):
        warehouse.connection.execute(
            f"DELETE FROM {table} WHERE system_code = ? AND {column} = ?", [system_code, name]
        )


TRANSFER_COLUMNS = (
    "from_partner",
    "from_type",
    "to_partner",
    "to_type",
    "gbp_per_year",
    "years",
    "start_year",
    "benefit_per_pound",
    "benefit_lag",
)


def _values(item: Transfer) -> list[Any]:
    return [getattr(item, column) for column in TRANSFER_COLUMNS]


def load_scenarios(warehouse: Warehouse, system_code: str) -> list[Scenario]:
    """The system's saved scenarios, by name."""
    transfers: dict[str, list[Transfer]] = {}
    for row in warehouse.query(
        f"SELECT scenario, {', '.join(TRANSFER_COLUMNS)} FROM planning_transfers "
        "WHERE system_code = ? ORDER BY scenario, line",
        [system_code],
    ):
        name = row.pop("scenario")
        transfers.setdefault(name, []).append(Transfer(**row))
    return [
        Scenario(
            system_code,
            row["name"],
            tuple(transfers.get(row["name"], [])),
            row["description"],
            row["saved_by"],
            row["saved_at"],
        )
        for row in warehouse.query(
            f"SELECT name, description, saved_by, saved_at FROM {TABLE} WHERE system_code = ? "
            "ORDER BY name",
            [system_code],
        )
    ]
