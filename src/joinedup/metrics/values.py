"""Metric values: numerators and denominators per area and period, checked and stored whole.

A file has one row per metric, area and period (and, for age-standardised rates, per age band):
``metric, area, period, numerator, denominator[, value][, age_band]``. Areas are systems, councils
or England, by code or name. A newer load supersedes older values of the same metric, area and
period; the older ones are kept.
"""

from __future__ import annotations

import getpass
import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from joinedup.core.fields import is_blank
from joinedup.core.files import Table, read_table
from joinedup.metrics.catalogue import metrics
from joinedup.metrics.definition import Metric
from joinedup.metrics.period import BadPeriod, Period, parse_period
from joinedup.problems import FileRejected, Problem, RowReport
from joinedup.reference import AGE_BANDS, UnknownCode, age_sex_population, council, system
from joinedup.warehouse import Warehouse

REQUIRED = ("metric", "area", "period")
ENGLAND = ("E92000001", "england")
# A denominator this far from the Census 2021 population of the area is probably the wrong area,
# age group or unit; population estimates rarely move a fifth in a decade.
POPULATION_TOLERANCE = 0.25
VALUE_COLUMNS = (
    "load_id",
    "metric_id",
    "area_type",
    "area_code",
    "period",
    "period_start",
    "age_band",
    "numerator",
    "denominator",
    "value",
    "lower_ci",
    "upper_ci",
    "synthetic",
)


@dataclass(frozen=True, slots=True)
class MetricValue:
    metric_id: str
    area_type: str
    area_code: str
    period: Period
    age_band: str | None
    numerator: float | None
    denominator: float | None
    value: float | None = None
    lower_ci: float | None = None
    upper_ci: float | None = None
    row: int = 0


@dataclass(frozen=True, slots=True)
class LoadResult:
    load_id: int
    rows: int
    metrics: tuple[str, ...]
    areas: int


def area_of(key: str) -> tuple[str, str]:
    """(area type, code) of a system, council or England given by code or name."""
    if key.strip().casefold() in ENGLAND or key.strip().upper() == ENGLAND[0]:
        return "england", ENGLAND[0]
    try:
        return "system", system(key).code
    except UnknownCode as not_a_system:
        try:
            return "council", council(key).code
        except UnknownCode:
            raise not_a_system from None


def _number(value: Any) -> float:
    if isinstance(value, bool):
        raise ValueError(value)
    number = float(str(value).replace(",", "").strip())
    if not math.isfinite(number):
        raise ValueError(value)
    return number


def check_values(
    table: Table, known: dict[str, Metric], today: date | None = None
) -> tuple[list[MetricValue], list[Problem]]:
    """Every value in the table and every problem found, naming file, row and field."""
    problems: list[Problem] = []
    values: list[MetricValue] = []
    seen: dict[tuple[Any, ...], int] = {}
    limit = today or date.today()

    for number, cells in table.rows:
        if all(is_blank(value) for value in cells.values()):
            continue

        problem = RowReport(table.file, number, problems, table.sheet)

        before = len(problems)
        metric_id = str(cells.get("metric") or "").strip()
        definition = known.get(metric_id)
        if definition is None:
            problem("metric", f"unknown metric {metric_id!r}")
        area: tuple[str, str] | None = None
        try:
            area = area_of(str(cells.get("area") or ""))
        except UnknownCode as error:
            problem("area", str(error))
        period: Period | None = None
        try:
            period = parse_period(cells.get("period") or "")
        except BadPeriod as error:
            problem("period", str(error))
        else:
            if definition is not None and period.frequency != definition.frequency:
                problem(
                    "period",
                    f"{metric_id} is {definition.frequency}; "
                    f"{period.label} is a {period.frequency} period",
                )
            if period.start > limit:
                problem("period", f"{period.label} has not started yet")

        amounts: dict[str, float | None] = {}
        for field in ("numerator", "denominator", "value", "lower_ci", "upper_ci"):
            raw = cells.get(field)
            if is_blank(raw):
                amounts[field] = None
                continue
            try:
                amounts[field] = _number(raw)
            except ValueError:
                problem(field, f"{raw!r} is not a number")
                amounts[field] = None
        numerator, denominator = amounts["numerator"], amounts["denominator"]
        for field, amount in (("numerator", numerator), ("denominator", denominator)):
            if amount is not None and amount < 0:
                problem(field, "counts cannot be negative")
        age_band = None if is_blank(cells.get("age_band")) else str(cells.get("age_band")).strip()
        if definition is not None:
            given = {field for field in amounts if not is_blank(cells.get(field))}
            _check_method(definition, given, numerator, denominator, age_band, problem)
        if len(problems) > before or definition is None or area is None or period is None:
            continue
        key = (metric_id, area, period.label, age_band)
        if key in seen:
            problem(None, f"repeats row {seen[key]} (same metric, area, period and age band)")
            continue
        seen[key] = number
        values.append(
            MetricValue(
                metric_id,
                area[0],
                area[1],
                period,
                age_band,
                numerator,
                denominator,
                amounts["value"],
                amounts["lower_ci"],
                amounts["upper_ci"],
                number,
            )
        )
    if not values and not problems:
        problems.append(Problem(table.file, None, None, "there are no values", table.sheet))
    problems += _check_denominators(table, values, known)
    return values, problems


def _check_method(
    definition: Metric,
    given: set[str],
    numerator: float | None,
    denominator: float | None,
    age_band: str | None,
    problem: Any,
) -> None:
    """The columns the metric's method needs (``given``: those not blank in the row)."""
    method = definition.method
    if method == "mean":
        if "value" not in given:
            problem("value", f"{definition.id} is a mean: give its value")
        return
    if "numerator" not in given:
        problem("numerator", "the numerator is missing")
    if method != "count" and "denominator" not in given:
        problem("denominator", "the denominator is missing")
    if method == "proportion" and None not in (numerator, denominator):
        assert numerator is not None and denominator is not None
        if numerator > denominator:
            problem(
                "numerator",
                f"the numerator ({numerator:g}) is larger than the denominator ({denominator:g})",
            )
    if method == "dsr":
        if age_band not in AGE_BANDS:
            problem(
                "age_band",
                f"{definition.id} is age-standardised: give each age band "
                f"({', '.join(AGE_BANDS[:2])}, ..., {AGE_BANDS[-1]}) on its own row",
            )
        elif not _in_age_range(age_band, definition):
            problem(
                "age_band",
                f"{age_band} is outside {definition.id}'s ages "
                f"({definition.age_band.label() if definition.age_band else 'all'})",
            )
    elif age_band is not None:
        problem("age_band", f"{definition.id} is not age-standardised; leave age_band blank")


def _band_range(band: str) -> tuple[int, int]:
    low, _, high = band.replace("+", "-").partition("-")
    return int(low), int(high) if high else 200


def _in_age_range(band: str, definition: Metric) -> bool:
    if definition.age_band is None:
        return True
    low, high = _band_range(band)
    top = definition.age_band.max_age if definition.age_band.max_age is not None else 200
    return low >= definition.age_band.min_age and high <= top


def _check_denominators(
    table: Table, values: list[MetricValue], known: dict[str, Metric]
) -> list[Problem]:
    """Population denominators far from the Census 2021 population of the area and ages."""
    problems = []
    totals: dict[tuple[str, str, str, str], tuple[float, int]] = {}
    for value in values:
        definition = known[value.metric_id]
        if definition.method not in ("crude_rate", "dsr") or value.denominator is None:
            continue
        key = (value.metric_id, value.area_type, value.area_code, value.period.label)
        total, row = totals.get(key, (0.0, value.row))
        totals[key] = (total + value.denominator, row)
    for (metric_id, area_type, code, label), (total, row) in totals.items():
        expected = _population(known[metric_id], area_type, code)
        if expected and abs(total - expected) > POPULATION_TOLERANCE * expected:
            problems.append(
                Problem(
                    table.file,
                    row,
                    "denominator",
                    f"{metric_id} {label}: the denominator {total:,.0f} is far from the "
                    f"Census 2021 population of {code} at these ages ({expected:,.0f})",
                    table.sheet,
                )
            )
    return problems


def _population(definition: Metric, area_type: str, code: str) -> float:
    bands = age_sex_population(area_type, code)
    return float(sum(count for band, count in bands.items() if _in_age_range(band, definition)))


def load_values(
    warehouse: Warehouse, path: Any, *, loaded_by: str | None = None, today: date | None = None
) -> LoadResult:
    """Check a file of metric values and store it whole, or raise :class:`FileRejected`."""
    table = read_table(path, REQUIRED)
    values, problems = check_values(table, metrics(warehouse), today)
    if problems:
        raise FileRejected(table.file, problems)
    return store_values(
        warehouse,
        values,
        source="load",
        file_name=table.file,
        file_sha256=table.sha256,
        loaded_by=loaded_by or getpass.getuser(),
    )


def store_values(
    warehouse: Warehouse,
    values: Iterable[MetricValue],
    *,
    source: str,
    file_name: str | None,
    file_sha256: str | None,
    loaded_by: str,
    synthetic: bool = False,
    loaded_at: datetime | None = None,
) -> LoadResult:
    chosen = list(values)
    when = loaded_at or datetime.now(UTC).replace(tzinfo=None, microsecond=0)
    with warehouse.transaction() as connection:
        found = connection.execute("SELECT coalesce(max(id), 0) + 1 FROM metric_loads").fetchone()
        load_id = int(found[0]) if found else 1
        connection.execute(
            "INSERT INTO metric_loads (id, source, file_name, file_sha256, loaded_by, loaded_at, "
            "row_count, synthetic) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [load_id, source, file_name, file_sha256, loaded_by, when, len(chosen), synthetic],
        )
        warehouse.insert_rows(
            "metric_values",
            VALUE_COLUMNS,
            [
                [
                    load_id,
                    v.metric_id,
                    v.area_type,
                    v.area_code,
                    v.period.label,
                    v.period.start,
                    v.age_band,
                    v.numerator,
                    v.denominator,
                    v.value,
                    v.lower_ci,
                    v.upper_ci,
                    synthetic,
                ]
                for v in chosen
            ],
        )
    return LoadResult(
        load_id,
        len(chosen),
        tuple(sorted({v.metric_id for v in chosen})),
        len({(v.area_type, v.area_code) for v in chosen}),
    )


CURRENT_SQL = """
SELECT metric_id, area_type, area_code, period, period_start, age_band, numerator, denominator,
       value, lower_ci, upper_ci
FROM (
    SELECT *, row_number() OVER (
        PARTITION BY metric_id, area_type, area_code, period, age_band ORDER BY load_id DESC
    ) AS newest
    FROM metric_values WHERE metric_id = ? {areas}
) WHERE newest = 1
ORDER BY area_type, area_code, period_start, age_band
"""


def current_values(
    warehouse: Warehouse, metric_id: str, area_codes: Iterable[str] | None = None
) -> list[dict[str, Any]]:
    """The current values of one metric (for every area, or those with ``area_codes``): every
    period and age band, oldest period first."""
    codes = None if area_codes is None else sorted(set(area_codes))
    if codes is None:
        return warehouse.query(CURRENT_SQL.format(areas=""), [metric_id])
    filter_ = f"AND area_code IN ({', '.join('?' for _ in codes)})" if codes else "AND false"
    return warehouse.query(CURRENT_SQL.format(areas=filter_), [metric_id, *codes])
