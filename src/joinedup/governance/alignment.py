"""How much of a system's decided money serves its Integrated Care Strategy, and the regard a
decision shows to the strategy (IMPOWER/CCN recommendation 14), judged from recorded facts.

Alignment (docs/governance.md, "Money aligned to the strategy"):

- *Decided £* is the value (:func:`joinedup.governance.commitments.value_gbp`) of the system's
  decisions that are not rejected (approved, or proposed to the board); a decision with no
  value recorded adds nothing, and is counted in ``decisions_without_value``.
- A decision is *aligned* when it serves at least one priority of the system; ``aligned_share``
  is aligned £ over decided £ (None when nothing is decided).
- ``by_priority``: a decision serving several priorities counts an equal part of its £ to each,
  so the priorities' shares add up to ``aligned_share``.
- ``by_year``: the same by financial year: a decision's commitments in their own years; a
  decision with no commitments in the financial year of its date.

Regard (:func:`regard`), from a decision's value, priorities and target metrics:

- "not needed": its type is not under the oversight rules' ``strategy_regard``;
- "shown": it serves a priority of the system, and either names a shared metric it aims to
  move or commits no money;
- "partly shown": it serves a priority but commits money with no target metric (what it should
  change is not said), or names target metrics but no priority;
- "not shown": it commits money and names neither a priority nor a target metric (flagged
  ``no_regard_to_strategy``);
- "not recorded": no value, no priority and no target metric: nothing shows either way (flagged
  ``regard_not_recorded``, a prompt to record the facts, not a finding).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal
from typing import Any, Final, Literal

from joinedup.warehouse import Warehouse

Regard = Literal["not needed", "shown", "partly shown", "not shown", "not recorded"]
REGARDS: Final[tuple[Regard, ...]] = (
    "not needed",
    "shown",
    "partly shown",
    "not shown",
    "not recorded",
)
#: The flag each regard raises, if any.
REGARD_FLAGS: Final[dict[str, str]] = {
    "not shown": "no_regard_to_strategy",
    "not recorded": "regard_not_recorded",
}


def regard(
    value_gbp: Decimal | float | None,
    priorities: list[str],
    target_metrics: list[str],
    *,
    needed: bool = True,
) -> Regard:
    """The regard a decision shows to the strategy, from its recorded facts.

    >>> regard(1_000_000, ["falls"], ["falls_admissions_65_plus"]), regard(None, ["falls"], [])
    ('shown', 'shown')
    >>> regard(1_000_000, ["falls"], []), regard(None, [], ["falls_admissions_65_plus"])
    ('partly shown', 'partly shown')
    >>> regard(500, [], []), regard(None, [], []), regard(500, [], [], needed=False)
    ('not shown', 'not recorded', 'not needed')
    """
    if not needed:
        return "not needed"
    commits = value_gbp is not None and value_gbp > 0
    if priorities:
        return "shown" if target_metrics or not commits else "partly shown"
    if target_metrics:
        return "partly shown"
    return "not shown" if commits else "not recorded"


def financial_year_of(day: date) -> str:
    """The financial year (April to March) a day falls in.

    >>> financial_year_of(date(2025, 3, 31)), financial_year_of(date(2025, 4, 1))
    ('2024-25', '2025-26')
    """
    start = day.year if day.month >= 4 else day.year - 1
    return f"{start}-{(start + 1) % 100:02d}"


def money_by_year(
    value: Decimal | None, commitments: list[dict[str, Any]], day: date | None
) -> dict[str, Decimal]:
    """A decision's pounds by financial year: its commitments', else its value in its own year."""
    found: dict[str, Decimal] = defaultdict(Decimal)
    if commitments:
        for item in commitments:
            found[item["year"]] += Decimal(item["amount"])
    elif value is not None and day is not None:
        found[financial_year_of(day)] += Decimal(value)
    return dict(found)


def _share(part: Decimal, whole: Decimal) -> float | None:
    return None if not whole else round(float(part / whole), 4)


def _summary(
    decisions: list[dict[str, Any]], priorities: dict[str, str], year: str | None
) -> dict[str, Any]:
    decided, aligned = Decimal(0), Decimal(0)
    by_priority: dict[str, Decimal] = {code: Decimal(0) for code in priorities}
    for decision in decisions:
        amount = decision["by_year"].get(year, Decimal(0)) if year else decision["value_gbp"]
        if amount is None:
            continue
        decided += amount
        served = [code for code in decision["priorities"] if code in priorities]
        if served:
            aligned += amount
            for code in served:
                by_priority[code] += amount / len(served)
    return {
        "decided_gbp": decided,
        "aligned_gbp": aligned,
        "aligned_share": _share(aligned, decided),
        "by_priority": {
            code: {
                "title": priorities[code],
                "gbp": amount.quantize(Decimal("0.01")),
                "share": _share(amount, decided),
            }
            for code, amount in by_priority.items()
        },
    }


def alignment(warehouse: Warehouse, system_key: str) -> dict[str, Any]:
    """The share of a system's decided pounds that serves its strategy: whole, by priority, and
    by financial year."""
    from joinedup.governance.commitments import commitments_of, value_gbp
    from joinedup.governance.decisions import system_decisions
    from joinedup.reference import system

    found = system(system_key)
    priorities = {
        row["code"]: row["title"]
        for row in warehouse.query(
            "SELECT code, title FROM priorities WHERE system_code = ? ORDER BY rank, code",
            [found.code],
        )
    }
    rows = [row for row in system_decisions(warehouse, found.code) if row["status"] != "rejected"]
    committed = commitments_of(warehouse, [row["id"] for row in rows])
    decisions: list[dict[str, Any]] = []
    for row in rows:
        mine = committed.get(row["id"], [])
        decisions.append(
            {
                "priorities": list(row["priorities"]),
                "value_gbp": value_gbp(row["value"], mine),
                "by_year": money_by_year(row["value"], mine, row["date"]),
            }
        )
    years = sorted({year for decision in decisions for year in decision["by_year"]})
    return {
        "system": found.code,
        "name": found.name,
        "synthetic": warehouse.synthetic,
        "decisions": len(decisions),
        "decisions_without_value": sum(1 for d in decisions if d["value_gbp"] is None),
        **_summary(decisions, priorities, None),
        "by_year": [{"year": year, **_summary(decisions, priorities, year)} for year in years],
    }
