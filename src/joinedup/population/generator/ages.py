"""People by single year of age: England's, and within the five-year bands the Census gives."""

from __future__ import annotations

from functools import cache

from joinedup.reference import age_sex_population

OLDEST = 105


def band_ages(band: str) -> tuple[int, int]:
    if band.endswith("+"):
        return int(band[:-1]), OLDEST
    first, last = band.split("-")
    return int(first), int(last)


@cache
def england_ages() -> tuple[tuple[float, ...], tuple[float, ...]]:
    """England's share of people at each single year of age 0..OLDEST, (female, male)."""
    shares = []
    for sex in ("female", "male"):
        by_age = [0.0] * (OLDEST + 1)
        for band, count in age_sex_population("england", "E92000001", sex).items():
            first, last = band_ages(band)
            for age in range(first, last + 1):
                by_age[age] += count * _within_band(age, first, last)
        shares.append(by_age)
    total = sum(sum(values) for values in shares)
    return tuple(v / total for v in shares[0]), tuple(v / total for v in shares[1])


def _within_band(age: int, first: int, last: int) -> float:
    """The share of a band's people at one age: even, except the open top band, which thins out."""
    if last != OLDEST:
        return 1 / (last - first + 1)
    weights = [0.75**offset for offset in range(last - first + 1)]
    return weights[age - first] / sum(weights)
