"""The prevention-shift planner: what +1 percentage point of spend on prevention means in £.

Hewitt asks systems to move at least 1 percentage point of their spend into prevention over five
years. For a system the planner gives (docs/priorities.md, "Planner"):

* today's **prevention share** of total joint spend, in the ledger's latest year, by the ledger's
  own definition (:func:`joinedup.ledger.figures.headline`: prevention spending types over the
  headline total, councils' system-wide spend shared by population, children's social care out);
* ``gbp_for_1pp``: 1% of that total, to the penny: the £ that must move into prevention for the
  share to rise by one percentage point, holding the total as it is;
* the **path**: the five financial years after the latest, each a fifth of the way, with the £
  in prevention each year needs and the £ to move that year (the steps add up exactly);
* the system's **scenarios** of transfers (:mod:`joinedup.priorities.scenarios`), each appraised
  partner by partner by the appraisal engine (the partners' NPVs add up to the total exactly),
  with the prevention £ it moves and the population segments it reaches.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from joinedup.core.financial_year import shift
from joinedup.ledger.area_spend import AreaSpend, spend_by_area, years_with_spend
from joinedup.ledger.figures import NoSpend, area, headline
from joinedup.ledger.taxonomy import spending_types
from joinedup.priorities.appraisal import GREEN_BOOK_RATE, appraise_intervention, to_penny
from joinedup.priorities.interventions import Intervention, partner_codes
from joinedup.priorities.scenarios import Scenario, Transfer, load_scenarios
from joinedup.reference import system
from joinedup.warehouse import Warehouse

PATH_YEARS = 5
GOAL_PP = Decimal(1)


def plan(
    warehouse: Warehouse,
    system_key: str,
    *,
    what_if: tuple[Transfer, ...] = (),
    rate: Decimal = GREEN_BOOK_RATE,
) -> dict[str, Any]:
    """The system's planner: today's share, the £ for +1pp, the path, and its saved scenarios
    (plus, if ``what_if`` transfers are given, an unsaved scenario named ``what if``)."""
    found = system(system_key)
    years = years_with_spend(warehouse)
    if not years:
        raise NoSpend(
            "The ledger holds no spend yet, so there is no share to plan from: submit some with "
            "`joinedup ledger submit` or build the demonstration data with `joinedup demo build`."
        )
    latest = years[-1]
    spend = spend_by_area(warehouse, [latest], only=("system", found.code)).get(
        ("system", found.code, latest), AreaSpend()
    )
    measures = headline(spend, None, area("system", found.code)[2])
    types = spending_types()
    total = spend.total()
    prevention = spend.total(where=lambda cell: types[cell.spending_type].prevention)
    gbp_for_1pp = to_penny(total / 100)
    scenarios = load_scenarios(warehouse, found.code)
    if what_if:
        scenarios.append(Scenario(found.code, "what if", what_if, "not saved"))
    context = _Context(warehouse, found.code, shift(latest, 1), gbp_for_1pp, total, rate)
    return {
        "system": found.code,
        "name": found.name,
        "synthetic": warehouse.synthetic,
        "financial_year": latest,
        "total_spend": to_penny(total),
        "prevention_spend": to_penny(prevention),
        "prevention_share": measures.prevention_share,
        "gbp_for_1pp": gbp_for_1pp,
        "goal_pp": GOAL_PP,
        "path": five_year_path(latest, total, prevention, gbp_for_1pp),
        "discount_rate": rate,
        "scenarios": [context.appraise(scenario) for scenario in scenarios],
    }


def five_year_path(
    latest: str, total: Decimal, prevention: Decimal, gbp_for_1pp: Decimal
) -> list[dict[str, Any]]:
    """Each of the five years after ``latest``: the share it aims at, the £ in prevention that
    needs (with the total held), the £ above today and the £ to move that year."""
    rows, moved = [], Decimal("0.00")
    for step in range(1, PATH_YEARS + 1):
        above = to_penny(gbp_for_1pp * step / PATH_YEARS)
        target = prevention + above
        rows.append(
            {
                "financial_year": shift(latest, step),
                "target_share": float(round(target / total, 6)) if total else None,
                "prevention_gbp": to_penny(target),
                "above_today_gbp": above,
                "move_this_year_gbp": above - moved,
            }
        )
        moved = above
    return rows


class _Context:
    """What every scenario of one plan is appraised against."""

    def __init__(
        self,
        warehouse: Warehouse,
        system_code: str,
        first_year: str,
        gbp_for_1pp: Decimal,
        total: Decimal,
        rate: Decimal,
    ) -> None:
        self.first_year = first_year
        self.gbp_for_1pp = gbp_for_1pp
        self.total = total
        self.rate = rate
        self.names = partner_codes(warehouse, system_code)
        self.segments = segments_by_setting(warehouse, system_code)

    def appraise(self, scenario: Scenario) -> dict[str, Any]:
        transfers = [self._transfer(item) for item in scenario.transfers]
        whole = self._appraisal(scenario.name, [f for t in scenario.transfers for f in t.flows()])
        prevention = sum((item.prevention_effect() for item in scenario.transfers), Decimal(0))
        reached = {
            row["code"]: {"code": row["code"], "label": row["label"]}
            for transfer in transfers
            for row in transfer["segments"]
        }
        return {
            "name": scenario.name,
            "description": scenario.description,
            "saved": scenario.saved_at is not None,
            "saved_by": scenario.saved_by,
            "saved_at": scenario.saved_at,
            "first_year": self.first_year,
            "transfers": transfers,
            "partners": whole["partners"],
            "npv": whole["npv"],
            "payback_year": whole["payback_year"],
            "pays": whole["pays"],
            "gains": whole["gains"],
            "prevention_gbp_per_year": to_penny(prevention),
            "prevention_shift_pp": self._points(prevention),
            "share_of_goal": (
                float(round(prevention / self.gbp_for_1pp, 4)) if self.gbp_for_1pp else None
            ),
            "segments": [reached[code] for code in sorted(reached)],
        }

    def _transfer(self, item: Transfer) -> dict[str, Any]:
        types = spending_types()
        appraisal = self._appraisal("transfer", item.flows())
        reached = self.segments.get(item.to_type, [])
        basis = "the service funded"
        if not reached:
            reached, basis = self.segments.get(item.from_type, []), "the service it comes from"
        return {
            **item.record(),
            "from_partner_name": self.names.get(item.from_partner, item.from_partner),
            "to_partner_name": self.names.get(item.to_partner, item.to_partner),
            "from_type_label": types[item.from_type].label,
            "to_type_label": types[item.to_type].label,
            "prevention_gbp_per_year": item.prevention_effect(),
            "prevention_shift_pp": self._points(item.prevention_effect()),
            "partners": appraisal["partners"],
            "npv": appraisal["npv"],
            "segments": reached,
            "segments_basis": basis if reached else None,
        }

    def _appraisal(self, name: str, flows: list[Any]) -> dict[str, Any]:
        item = Intervention(name, name, "planner", self.first_year, None, tuple(flows))
        record = appraise_intervention(item, self.names, self.rate)
        return {
            "npv": record.npv,
            "payback_year": record.payback_year,
            "pays": record.pays,
            "gains": record.gains,
            "partners": [
                partner.model_dump(include={"organisation", "name", "npv", "role", "payback_year"})
                for partner in record.partners
            ],
        }

    def _points(self, gbp: Decimal) -> float | None:
        return float(round(gbp / self.total * 100, 4)) if self.total else None


def segments_by_setting(warehouse: Warehouse, system_code: str) -> dict[str, list[dict[str, Any]]]:
    """For each setting (a spending type), the population segments of the system's current
    population run that use it, most events per 1,000 people first (rates only: no counts)."""
    rows = warehouse.query(
        "SELECT a.setting, a.segment, any_value(s.label) AS label, "
        "round(any_value(a.per_1000), 1) AS per_1000 FROM population_activity a "
        "JOIN population_runs r ON r.id = a.run_id AND r.superseded_at IS NULL "
        "JOIN population_segments s ON s.run_id = a.run_id AND s.code = a.segment "
        "WHERE a.level = 'system' AND a.system_code = ? AND a.events > 0 "
        "GROUP BY a.setting, a.segment ORDER BY a.setting, per_1000 DESC, a.segment",
        [system_code],
    )
    found: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        found.setdefault(row.pop("setting"), []).append(
            {"code": row["segment"], "label": row["label"], "per_1000": row["per_1000"]}
        )
    return found
