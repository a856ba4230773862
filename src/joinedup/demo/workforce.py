"""Synthetic NHS vacancy rates for every system, three financial years (2022-23 to 2024-25).

NHS Digital publishes NHS vacancy rates for England and the seven NHS England regions only, so a
demonstration of the workforce view by system needs invented ones. England's level follows the
published figures (``workforce/published.csv``): 9.7% in June 2022 (2022-23) and 7.5% in
September 2024 (2024-25), with 2023-24 between them (derived). Regions lean as the published
contrasts do: London highest (12.5% against England's 9.7% in June 2022) and the South West lowest
(5.3% in September 2021, when England's was about 8%); each system then differs by about 12%
of its level and each year by about 5% more. England's rows are the systems' mean weighted by
population, so the system figures and England's agree.
"""

from __future__ import annotations

import math

from joinedup.demo.context import DemoContext
from joinedup.reference import ENGLAND_CODE, systems

ENGLAND_LEVEL = {"2022-23": 9.7, "2023-24": 8.6, "2024-25": 7.5}
REGION_LEAN = {"London": 1.25, "South West": 0.7}
SOURCE = "JoinedUp demonstration generator (synthetic)"
TABLES = ("workforce_values",)


def build_workforce(context: DemoContext) -> None:
    random = context.random
    rows: list[tuple[str, str, str, str, float, str, bool]] = []
    totals = dict.fromkeys(ENGLAND_LEVEL, 0.0)
    people = 0
    # Leans are relative to England: scaled so that their population-weighted mean is 1.
    everyone = sum(found.population for found in systems())
    mean_lean = (
        sum(REGION_LEAN.get(found.region_name, 1.0) * found.population for found in systems())
        / everyone
    )
    for found in systems():
        own = math.exp(random.gauss(0.0, 0.12))
        lean = REGION_LEAN.get(found.region_name, 1.0) / mean_lean
        people += found.population
        for period, level in ENGLAND_LEVEL.items():
            value = round(level * lean * own * math.exp(random.gauss(0.0, 0.05)), 1)
            totals[period] += value * found.population
            rows.append(("system", found.code, "nhs_vacancy_rate", period, value, SOURCE, True))
    rows += [
        (
            "england",
            ENGLAND_CODE,
            "nhs_vacancy_rate",
            period,
            round(total / people, 1),
            SOURCE,
            True,
        )
        for period, total in totals.items()
    ]
    with context.warehouse.transaction() as connection:
        connection.executemany(
            "INSERT INTO workforce_values "
            "(area_type, area_code, measure, period, value, source, synthetic) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
