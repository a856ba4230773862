"""Did a decision move the shared metrics it aimed to move? An SPC verdict per target metric.

The rule (docs/governance.md, "Outcomes of decisions"), after NHS England's Making Data Count:

- The system's series of the metric is split at the decision date: a period that starts on or
  after the date is *after* it; the period in which the decision was taken is *before* it.
- The *baseline* is the points before: their mean and process limits
  (:func:`joinedup.metrics.stats.spc`) need :data:`MINIMUM_BEFORE` (12) of them.
- Each point after is tested against the baseline's mean and limits with the four Making Data
  Count rules (:func:`joinedup.metrics.stats.spc_rules.special_cause_signals`: a point outside
  the limits, a trend or a shift of 7 points, two of three points close to a limit), counting
  only runs wholly after the decision. A signal on the metric's better side (its polarity) is
  an improvement, on the other a concern.
- Verdict: fewer than 12 points before or :data:`MINIMUM_AFTER` (7, the length of a shift)
  after: **too few points**. Otherwise improvement signals and no concern: **improved**;
  concern and no improvement: **worse**; both: the latest signal decides; neither: **no change
  yet**.
- A decision's ``outcome`` is worst-first over its judged metrics: **worse** if any is worse
  (a harm is never hidden by a gain elsewhere), else **improved** if any improved, else **no
  change yet** if any was judged, else **too few points**.

The chart of each metric draws the limits recalculated from the decision date (the baseline
before it, new limits after it, on at least 7 points) with the decision marked.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from typing import Any, Final, Literal

import numpy as np

from joinedup.metrics import stats
from joinedup.metrics.results import IMPROVEMENT, Point, all_series
from joinedup.metrics.stats.spc_rules import special_cause_signals
from joinedup.warehouse import Warehouse

Verdict = Literal["improved", "no change yet", "worse", "too few points"]
VERDICTS: Final[tuple[Verdict, ...]] = ("improved", "no change yet", "worse", "too few points")
#: Points before the decision the baseline limits need (Making Data Count's 12).
MINIMUM_BEFORE: Final = stats.MINIMUM_POINTS
#: Points after the decision a verdict needs: the length of a shift or a trend.
MINIMUM_AFTER: Final = 7
RUN_LENGTH: Final = 7


@dataclass(frozen=True, slots=True)
class Judgement:
    """The verdict on one series, with the baseline it was judged against.

    ``signals`` has one entry per point after the decision: "improvement", "concern" or
    "none" (empty when there were too few points to judge)."""

    verdict: Verdict
    before: int
    after: int
    mean: float | None = None
    lower_limit: float | None = None
    upper_limit: float | None = None
    signals: tuple[str, ...] = ()

    @property
    def reason(self) -> str:
        if self.verdict == "too few points":
            return (
                f"{self.before} points before the decision and {self.after} after; a verdict "
                f"needs {MINIMUM_BEFORE} before and {MINIMUM_AFTER} after"
            )
        improvements, concerns = self.signals.count("improvement"), self.signals.count("concern")
        if not improvements and not concerns:
            return f"no special cause in {self.after} points after the decision"
        return (
            f"{improvements} point(s) after the decision signal improvement and {concerns} "
            f"concern, against the limits of the {self.before} points before it"
        )


def judge(
    before: list[float],
    after: list[float],
    improvement: stats.Improvement,
    *,
    minimum_before: int = MINIMUM_BEFORE,
    minimum_after: int = MINIMUM_AFTER,
) -> Judgement:
    """The verdict on a series split at a decision: ``before`` and ``after`` in time order,
    ``improvement`` the metric's better direction ("increase" or "decrease")."""
    direction = {"increase": 1, "decrease": -1}.get(improvement or "", 0)
    if direction == 0:
        raise ValueError("a verdict needs a better direction: 'increase' or 'decrease'")
    if len(before) < minimum_before or len(after) < minimum_after:
        return Judgement("too few points", len(before), len(after))
    baseline = stats.spc(before, improvement=improvement, minimum_points=minimum_before)[0]
    if baseline.mean is None or baseline.lower_limit is None or baseline.upper_limit is None:
        return Judgement("too few points", len(before), len(after))
    found = special_cause_signals(
        np.asarray(after, dtype=float),
        baseline.mean,
        baseline.lower_limit,
        baseline.upper_limit,
        RUN_LENGTH,
    )
    signals = tuple(
        "none" if side == 0 else ("improvement" if side == direction else "concern")
        for side in (int(value) for value in found.direction)
    )
    flagged = [signal for signal in signals if signal != "none"]
    verdict: Verdict = "no change yet"
    if flagged:
        if "concern" not in flagged:
            verdict = "improved"
        elif "improvement" not in flagged:
            verdict = "worse"
        else:
            verdict = "improved" if flagged[-1] == "improvement" else "worse"
    return Judgement(
        verdict,
        len(before),
        len(after),
        baseline.mean,
        baseline.lower_limit,
        baseline.upper_limit,
        signals,
    )


def overall(verdicts: list[Verdict]) -> Verdict | None:
    """A decision's outcome from its metrics' verdicts, worst first (None: nothing to judge).

    >>> overall(["improved", "worse"]), overall(["too few points", "no change yet"])
    ('worse', 'no change yet')
    """
    if not verdicts:
        return None
    order: tuple[Verdict, ...] = ("worse", "improved", "no change yet")
    for verdict in order:
        if verdict in verdicts:
            return verdict
    return "too few points"


def split(points: list[Point], day: date) -> tuple[list[Point], list[Point]]:
    """The points with values before a decision (periods starting before its date) and after."""
    known = [point for point in points if point.value is not None]
    cut = day.isoformat()
    return (
        [point for point in known if point.period_start < cut],
        [point for point in known if point.period_start >= cut],
    )


class Series:
    """Each metric's series for one area, read once however many decisions ask."""

    def __init__(self, warehouse: Warehouse, area_code: str) -> None:
        from joinedup.metrics.values import area_of

        self.warehouse = warehouse
        self.area = area_of(area_code)
        self._found: dict[str, list[Point]] = {}

    def __call__(self, metric_id: str) -> list[Point]:
        if metric_id not in self._found:
            from joinedup.metrics.catalogue import metric

            definition = metric(self.warehouse, metric_id)
            found = all_series(self.warehouse, definition, {self.area})
            self._found[metric_id] = found.get(self.area, [])
        return self._found[metric_id]


def metric_outcome(
    warehouse: Warehouse, metric_id: str, day: date, series: Series, *, chart: bool = False
) -> dict[str, Any]:
    """One target metric's verdict for a decision taken on ``day`` (and, with ``chart``, the
    points of its SPC chart with limits recalculated from the decision)."""
    from joinedup.metrics.catalogue import metric

    definition = metric(warehouse, metric_id)
    improvement = IMPROVEMENT[definition.polarity]
    before, after = split(series(metric_id), day)
    judgement = judge(
        [p.value for p in before if p.value is not None],
        [p.value for p in after if p.value is not None],
        improvement,
    )
    record: dict[str, Any] = {
        "metric": definition.id,
        "title": definition.title,
        "unit": definition.unit,
        "polarity": definition.polarity,
        "area": series.area[1],
        "verdict": judgement.verdict,
        "reason": judgement.reason,
        "points_before": judgement.before,
        "points_after": judgement.after,
        "baseline_mean": judgement.mean,
        "baseline_lower_limit": judgement.lower_limit,
        "baseline_upper_limit": judgement.upper_limit,
        "first_period_after": after[0].period if after else None,
    }
    if chart:
        record["points"] = _chart_points(before, after, judgement, improvement)
    return record


def _chart_points(
    before: list[Point], after: list[Point], judgement: Judgement, improvement: stats.Improvement
) -> list[dict[str, Any]]:
    """Every point with the limits recalculated from the decision, coloured by its special
    cause: the baseline's own before it, the verdict's signals after it."""
    values = [p.value for p in [*before, *after] if p.value is not None]
    drawn = stats.spc(
        values,
        improvement=improvement,
        recalculate_at=[len(before)] if before and after else None,
        minimum_points=MINIMUM_AFTER,
    )
    signals = list(judgement.signals) or ["none"] * len(after)
    points = []
    for index, (point, spc_point) in enumerate(zip([*before, *after], drawn, strict=True)):
        is_after = index >= len(before)
        special = signals[index - len(before)] if is_after else spc_point.special_cause
        points.append(
            {
                "period": point.period,
                "value": point.value,
                "phase": "after" if is_after else "before",
                "mean": _finite(spc_point.mean),
                "lower_limit": _finite(spc_point.lower_limit),
                "upper_limit": _finite(spc_point.upper_limit),
                "special_cause": special,
            }
        )
    return points


def _finite(number: float | None) -> float | None:
    return None if number is None or not math.isfinite(number) else number


def decision_outcomes(
    warehouse: Warehouse,
    decision: dict[str, Any],
    series: Series,
    *,
    chart: bool = False,
) -> dict[str, Any]:
    """A decision's ``outcome`` and each target metric's verdict (``outcomes``). A rejected
    decision, or one with no target metric, is not judged (outcome None)."""
    targets = list(decision.get("target_metrics") or [])
    if decision.get("status") == "rejected" or not targets or decision.get("date") is None:
        return {"outcome": None, "outcomes": []}
    found = [
        metric_outcome(warehouse, metric_id, decision["date"], series, chart=chart)
        for metric_id in targets
    ]
    return {"outcome": overall([item["verdict"] for item in found]), "outcomes": found}


def judged_decisions(
    warehouse: Warehouse, system_key: str, *, chart: bool = False
) -> list[dict[str, Any]]:
    """A system's decisions with their money, priorities, targets, regard and outcome: each
    register row with ``value_gbp``, ``commitments``, ``regard``, ``flags``, ``outcome`` (None
    where not judged) and ``outcomes`` (each target metric's verdict)."""
    from joinedup.governance.commitments import commitments_of, value_gbp
    from joinedup.governance.decisions import system_decisions
    from joinedup.governance.oversight import oversee
    from joinedup.reference import system

    code = system(system_key).code
    found = system_decisions(warehouse, code)
    committed = commitments_of(warehouse, [row["id"] for row in found])
    verdicts = oversee(warehouse, [row["id"] for row in found])
    series = Series(warehouse, code)
    records = []
    for row in found:
        mine = committed.get(row["id"], [])
        verdict = verdicts[row["id"]]
        row |= {
            "system": code,
            "priorities": list(row["priorities"]),
            "target_metrics": list(row["target_metrics"] or []),
            "value_gbp": value_gbp(row["value"], mine),
            "commitments": [
                {"organisation": c["organisation"], "year": c["year"], "amount": c["amount"]}
                for c in mine
            ],
            "regard": verdict.regard,
            "flags": verdict.flags,
        }
        records.append(row | decision_outcomes(warehouse, row, series, chart=chart))
    return records


def decision_outcome(
    warehouse: Warehouse, decision_id: int, system_key: str | None = None, *, chart: bool = False
) -> dict[str, Any]:
    """One decision with its target metrics' verdicts, judged in ``system_key`` (default: the
    first system of the deciding board)."""
    from joinedup.governance.decisions import DECISIONS
    from joinedup.records.registers import get
    from joinedup.reference import system

    decision = get(warehouse, DECISIONS, decision_id)
    if system_key is not None:
        code = system(system_key).code
    else:
        found = warehouse.query(
            "SELECT coalesce(b.system_code, s.system_code) AS code FROM governance_boards b "
            "LEFT JOIN ref_council_systems s ON b.system_code IS NULL "
            "AND s.council_code = b.council_code WHERE b.code = ? ORDER BY s.population DESC",
            [decision["board"]],
        )
        code = found[0]["code"]
    decision |= {"system": code, "target_metrics": list(decision["target_metrics"] or [])}
    return decision | decision_outcomes(warehouse, decision, Series(warehouse, code), chart=chart)
