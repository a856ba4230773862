"""One system's health and care workforce: social care vacancies and staff turnover (the shared
metrics ``asc_vacancy_rate`` and ``asc_staff_turnover``) beside the NHS trusts' vacancy rate
(``workforce_values``), each against England, with its source and whether it is published or
synthetic, and the pay comparison of ``workforce.pay``.

Where a figure is held for the system itself it is used; social care figures published only for
councils (Skills for Care, LG Inform) are combined into the system's by the councils' residents
in the system, with the share of the system's residents they cover; NHS vacancies published only
for the NHS England region are shown as the region's, and said so.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from joinedup.reference import ENGLAND_CODE, councils_in, system
from joinedup.warehouse import Warehouse
from joinedup.workforce.figures import national_figure, national_figures
from joinedup.workforce.pay import pay_comparison


@dataclass(frozen=True, slots=True)
class Measure:
    id: str
    label: str
    sector: str


MEASURES = (
    Measure("asc_vacancy_rate", "Social care vacancy rate", "social care"),
    Measure("asc_staff_turnover", "Social care staff turnover", "social care"),
    Measure("nhs_vacancy_rate", "NHS vacancy rate", "NHS"),
)

# Both metrics are percentages (multiplier 100): a value loaded as a count and its denominator
# (as the demo stores it) is turned into one here.
METRIC_SQL = """
SELECT area_type, area_code, period, period_start, value, synthetic, source, file_name
FROM (
    SELECT v.area_type, v.area_code, v.period, v.period_start, v.synthetic,
        coalesce(v.value, 100.0 * v.numerator / nullif(v.denominator, 0)) AS value,
        l.source, l.file_name, row_number() OVER (
        PARTITION BY v.area_type, v.area_code, v.period ORDER BY v.load_id DESC
    ) AS newest
    FROM metric_values v JOIN metric_loads l ON l.id = v.load_id
    WHERE v.metric_id = ? AND v.age_band IS NULL
      AND v.area_code IN ({codes})
) WHERE newest = 1 AND value IS NOT NULL
ORDER BY period_start
"""
NHS_SQL = """
SELECT area_type, area_code, period, value, synthetic, source FROM workforce_values
WHERE measure = 'nhs_vacancy_rate' AND area_code IN (?, ?, ?)
ORDER BY period
"""


def system_workforce(warehouse: Warehouse, key: str) -> dict[str, Any]:
    """The workforce record of one system (any key :func:`joinedup.reference.system` accepts)."""
    found = system(key)
    residents = {
        c.code: next(m.population for m in c.systems if m.system_code == found.code)
        for c in councils_in(found.code)
    }
    names = {c.code: c.name for c in councils_in(found.code)}
    measures = [
        _social_care(warehouse, measure, found.code, found.population, residents, names)
        for measure in MEASURES[:2]
    ]
    measures.append(_nhs(warehouse, MEASURES[2], found.code, found.region_code))
    return {
        "system": found.code,
        "name": found.short_name,
        "region": found.region_name,
        "synthetic": warehouse.synthetic,
        "measures": measures,
        "pay": pay_comparison(),
        "national": [figure.as_dict() for figure in national_figures()],
    }


def _source(row: dict[str, Any]) -> str:
    if row["synthetic"]:
        return "JoinedUp demonstration generator (synthetic)"
    return str(row["source"]) + (f", {row['file_name']}" if row.get("file_name") else "")


def _empty(measure: Measure) -> dict[str, Any]:
    return {
        "measure": measure.id,
        "label": measure.label,
        "sector": measure.sector,
        "unit": "%",
        "period": None,
        "value": None,
        "level": None,
        "coverage": None,
        "councils": [],
        "status": "no data",
        "source": None,
        "england": None,
        "england_status": "no data",
        "england_source": None,
        "series": [],
    }


def _status(rows: list[dict[str, Any]]) -> str:
    return "synthetic" if any(row["synthetic"] for row in rows) else "published"


def _with_england(record: dict[str, Any], england: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """England's figure for the same period: the warehouse's, else the packaged published one."""
    period = record["period"]
    row = england.get(period) if period else None
    if row is not None:
        return record | {
            "england": round(row["value"], 2),
            "england_status": _status([row]),
            "england_source": _source(row),
        }
    figure = national_figure(record["measure"], period) if period else None
    if figure is None:
        return record
    return record | {
        "england": figure.value,
        "england_status": "published",
        "england_source": figure.source,
    }


def _social_care(
    warehouse: Warehouse,
    measure: Measure,
    code: str,
    population: int,
    residents: dict[str, int],
    names: dict[str, str],
) -> dict[str, Any]:
    codes = [code, ENGLAND_CODE, *residents]
    rows = warehouse.query(
        METRIC_SQL.format(codes=", ".join("?" for _ in codes)), [measure.id, *codes]
    )
    england = {r["period"]: r for r in rows if r["area_type"] == "england"}
    own = [r for r in rows if r["area_type"] == "system" and r["area_code"] == code]
    record = _empty(measure)
    if own:
        latest = own[-1]
        record |= {
            "period": latest["period"],
            "value": round(latest["value"], 2),
            "level": "system",
            "coverage": 1.0,
            "status": _status([latest]),
            "source": _source(latest),
            "series": [{"period": r["period"], "value": r["value"], "area": "system"} for r in own],
        }
        return _with_england(record, england)
    council_rows = [r for r in rows if r["area_type"] == "council" and r["area_code"] in residents]
    if not council_rows:
        return _with_england(record, england)
    series = []
    for period in dict.fromkeys(r["period"] for r in council_rows):
        found = [r for r in council_rows if r["period"] == period]
        weight = sum(residents[r["area_code"]] for r in found)
        value = sum(r["value"] * residents[r["area_code"]] for r in found) / weight
        series.append((period, value, weight, found))
    period, value, weight, found = series[-1]
    record |= {
        "period": period,
        "value": round(value, 2),
        "level": "councils",
        "coverage": round(weight / population, 4),
        "councils": sorted(names[r["area_code"]] for r in found),
        "status": _status(found),
        "source": _source(found[0]),
        "series": [{"period": p, "value": round(v, 2), "area": "system"} for p, v, _, _ in series],
    }
    return _with_england(record, england)


def _nhs(warehouse: Warehouse, measure: Measure, code: str, region_code: str) -> dict[str, Any]:
    rows = warehouse.query(NHS_SQL, [code, region_code, ENGLAND_CODE])
    england = {r["period"]: r for r in rows if r["area_type"] == "england"}
    record = _empty(measure)
    for level, wanted in (("system", code), ("region", region_code)):
        own = [r for r in rows if r["area_type"] == level and r["area_code"] == wanted]
        if own:
            latest = own[-1]
            record |= {
                "period": latest["period"],
                "value": latest["value"],
                "level": level,
                "coverage": 1.0 if level == "system" else None,
                "status": _status([latest]),
                "source": _source(latest),
                "series": [
                    {"period": r["period"], "value": r["value"], "area": level} for r in own
                ],
            }
            break
    if record["period"] is None:
        latest_england = national_figure(measure.id)
        record["period"] = latest_england.period if latest_england else None
    return _with_england(record, england)
