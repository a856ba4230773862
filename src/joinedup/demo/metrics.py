"""Synthetic values of every national metric: five years for every system and council.

Levels follow the national values in ``../shared/reference/CALIBRATION.md`` section B (most are
marked there as secondary or unverified; docs/demo-data.md repeats which). Each area differs from
the national level as real areas do on a funnel plot: by a random effect measured in the area's own
standard errors (an *overdispersed* funnel, Spiegelhalter 2005), leaning with deprivation where need
does. The effect works on the log-odds of a proportion and the log of a rate, so a proportion never
reaches 0% or 100% and a rate never falls below zero; counts are then drawn binomially (proportions)
or from a Poisson distribution (rates). A few series carry a deliberate special cause (a step
change, a trend or an outlier) so that SPC charts have something to find. England's values are the
sums of the systems' counts.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from random import Random

from joinedup.demo.context import DemoContext
from joinedup.metrics.definition import Metric, national_metrics
from joinedup.metrics.period import Period, annual, monthly, quarter_starting
from joinedup.metrics.values import MetricValue, store_values
from joinedup.reference import age_sex_population, councils, systems

FIRST_YEAR = 2020
YEARS = 5


@dataclass(frozen=True, slots=True)
class Level:
    """How a metric's national level is set: the rate, and the denominator per person at risk."""

    rate: float  # a proportion (0..1), or events per person at risk per year
    per_person: float = 1.0  # denominator per person at risk per year (proportions only)
    # How the area's level correlates with its deprivation (-1..1; + higher where more deprived).
    deprivation: float = 0.0


# National levels (CALIBRATION.md B): reablement 82% (7a, secondary); care home admissions about
# 565 and 14.5 per 100,000 (7b/7c, unverified); falls 1,933 per 100,000 aged 65+ (8, secondary);
# chronic ACSC admissions about 800 per 100,000 (9, unverified); discharge to usual residence
# about 92.5% (10, unverified); readmissions 13.8% (11, 2017/18); deaths in usual residence 49.2%
# (12, derived); social care vacancy rate 8.3% (13, 2023-24); social care staff turnover about
# 27%, between 30% in 2022-23 (13, exact) and England's 24.8% in 2023-24 (the LG Inform
# download in ../shared/real/lg-inform). Each metric draws from the part's one generator in this
# order, so a metric added at the end leaves the others' values as they were.
LEVELS: dict[str, Level] = {
    "reablement_at_home_91_days": Level(0.82, per_person=0.0035, deprivation=-0.3),
    "care_home_admissions_65_plus": Level(565e-5, deprivation=0.3),
    "care_home_admissions_18_64": Level(14.5e-5, deprivation=0.3),
    "falls_admissions_65_plus": Level(1933e-5, deprivation=0.3),
    "unplanned_acsc_admissions": Level(800e-5, deprivation=0.6),
    "discharge_usual_residence": Level(0.925, per_person=0.1, deprivation=-0.2),
    "emergency_readmissions_30_days": Level(0.138, per_person=0.1, deprivation=0.4),
    "deaths_usual_residence": Level(0.492, per_person=0.0095, deprivation=-0.3),
    "asc_vacancy_rate": Level(0.083, per_person=0.033, deprivation=0.3),
    "asc_staff_turnover": Level(0.27, per_person=0.029, deprivation=0.2),
}
# Relative risk by age band for the age-standardised rates (falls rise steeply with age).
AGE_GRADIENT = {
    "falls_admissions_65_plus": (0.30, 0.50, 0.95, 1.75, 3.0, 4.7),
    "unplanned_acsc_admissions": (
        0.5,
        0.3,
        0.2,
        0.2,
        0.2,
        0.2,
        0.3,
        0.3,
        0.4,
        0.5,
        0.7,
        0.9,
        1.2,
        1.6,
        2.2,
        3.2,
        4.6,
        6.4,
        8.0,
    ),
}
# A few areas get a deliberate special cause in one metric, so the SPC has something to show.
SIGNAL_SHARE = 0.15
# Spread of the areas' own effects, in standard errors of the area's value. With sampling noise on
# top, the areas' z-scores against England have a standard deviation of sqrt(1 + 1.6**2) = 1.9, an
# overdispersion factor of about 3.6: about 10% of areas then lie outside the 99.8% funnel limits
# and 30% outside the 95% limits, as on the real Fingertips indicators in ../shared/real/
# (5-28% and 21-48% of counties; docs/demo-data.md). The special causes add a few more.
AREA_SPREAD = 1.6


def build_metric_values(context: DemoContext) -> None:
    random = context.random
    values: list[MetricValue] = []
    imd = _deprivation()
    for metric_id, level in LEVELS.items():
        definition = national_metrics()[metric_id]
        periods = _periods(definition)
        england: dict[tuple[str, str | None], list[float]] = defaultdict(lambda: [0.0, 0.0])
        for area_type, code in _areas():
            signal = (
                random.choice(("step", "trend", "outlier"))
                if (random.random() < SIGNAL_SHARE)
                else None
            )
            lean = level.deprivation
            own = AREA_SPREAD * (lean * imd[code] + math.sqrt(1 - lean**2) * random.gauss(0.0, 1.0))
            for index, period in enumerate(periods):
                shift = own + _signal(signal, index, len(periods))
                for value in _values(definition, level, area_type, code, period, shift, random):
                    values.append(value)
                    if area_type == "system":
                        pair = england[period.label, value.age_band]
                        pair[0] += value.numerator or 0.0
                        pair[1] += value.denominator or 0.0
        by_label = {period.label: period for period in periods}
        values += [
            MetricValue(metric_id, "england", "E92000001", by_label[label], band, count, base)
            for (label, band), (count, base) in sorted(
                england.items(), key=lambda item: (by_label[item[0][0]].start, item[0][1] or "")
            )
        ]
    store_values(
        context.warehouse,
        values,
        source="demo",
        file_name=None,
        file_sha256=None,
        loaded_by="JoinedUp demo generator",
        synthetic=True,
        loaded_at=datetime(FIRST_YEAR + YEARS, 7, 31, 9, 0),
    )


def _areas() -> Iterator[tuple[str, str]]:
    for found in systems():
        yield "system", found.code
    for member in councils():
        yield "council", member.code


def _deprivation() -> dict[str, float]:
    """Each area's deprivation as a z-score, so levels lean the same way everywhere."""
    scores = {s.code: s.imd_average_score for s in systems()} | {
        c.code: c.imd_average_score for c in councils()
    }
    mean = sum(scores.values()) / len(scores)
    spread = math.sqrt(sum((v - mean) ** 2 for v in scores.values()) / len(scores))
    return {code: (score - mean) / spread for code, score in scores.items()}


def _periods(definition: Metric) -> list[Period]:
    first = {
        "annual": annual(FIRST_YEAR),
        "quarterly": quarter_starting(FIRST_YEAR, 4),
        "monthly": monthly(FIRST_YEAR, 4),
    }[definition.frequency]
    count = {"annual": 1, "quarterly": 4, "monthly": 12}[definition.frequency] * YEARS
    periods = [first]
    while len(periods) < count:
        periods.append(periods[-1].next())
    return periods


def _signal(kind: str | None, index: int, length: int) -> float:
    """A shift in the area's standard errors: a step up at two-thirds, a steady climb, one spike."""
    if kind == "step":
        return 3.0 if index >= 2 * length // 3 else 0.0
    if kind == "trend":
        return 3.5 * index / max(length - 1, 1)
    if kind == "outlier":
        return 5.0 if index == length // 2 else 0.0
    return 0.0


def _values(
    definition: Metric,
    level: Level,
    area_type: str,
    code: str,
    period: Period,
    shift: float,
    random: Random,
) -> Iterator[MetricValue]:
    """The area's counts for one period, its level ``shift`` standard errors from England's."""
    bands = age_sex_population(area_type, code)
    per_year = {"annual": 1.0, "quarterly": 0.25, "monthly": 1 / 12}[definition.frequency]
    at_risk = {band: float(count) for band, count in bands.items() if _in(band, definition)}
    if definition.method in ("dsr", "crude_rate"):
        gradient = AGE_GRADIENT.get(definition.id, (1.0,) * len(at_risk))
        expected = {
            band: level.rate * relative * at_risk[band] * per_year
            for band, relative in zip(at_risk, gradient, strict=True)
        }
        # A rate's standard error on the log scale is one over the root of the expected count.
        factor = math.exp(shift / math.sqrt(max(sum(expected.values()), 1.0)))
        if definition.method == "crude_rate":
            count = _poisson(sum(expected.values()) * factor, random)
            people = sum(at_risk.values())
            yield MetricValue(definition.id, area_type, code, period, None, count, people)
            return
        for band, mean in expected.items():
            yield MetricValue(
                definition.id,
                area_type,
                code,
                period,
                band,
                _poisson(mean * factor, random),
                at_risk[band],
            )
        return
    people = sum(at_risk.values())
    denominator = max(1, round(people * level.per_person * per_year * random.uniform(0.95, 1.05)))
    # A proportion's standard error on the log-odds scale is 1 / sqrt(n p (1 - p)).
    spread = 1 / math.sqrt(denominator * level.rate * (1 - level.rate))
    chance = 1 / (1 + math.exp(-(_logit(level.rate) + shift * spread)))
    numerator = _binomial(denominator, chance, random)
    yield MetricValue(
        definition.id, area_type, code, period, None, float(numerator), float(denominator)
    )


def _logit(p: float) -> float:
    return math.log(p / (1 - p))


def _binomial(trials: int, chance: float, random: Random) -> int:
    """A binomial draw: exact for small variances, normal beyond (where the two agree closely)."""
    variance = trials * chance * (1 - chance)
    if variance < 30:
        return sum(1 for _ in range(trials) if random.random() < chance)
    return min(trials, max(0, round(random.gauss(trials * chance, math.sqrt(variance)))))


def _in(band: str, definition: Metric) -> bool:
    if definition.age_band is None:
        return True
    low = int(band.rstrip("+").split("-")[0])
    high = 200 if band.endswith("+") else int(band.split("-")[1])
    top = definition.age_band.max_age if definition.age_band.max_age is not None else 200
    return low >= definition.age_band.min_age and high <= top


def _poisson(mean: float, random: Random) -> float:
    """A Poisson draw: exact for small means, normal beyond (where the two agree closely)."""
    if mean < 30:
        limit, count, product = math.exp(-mean), 0, random.random()
        while product > limit:
            count += 1
            product *= random.random()
        return float(count)
    return float(max(0, round(random.gauss(mean, math.sqrt(mean)))))
