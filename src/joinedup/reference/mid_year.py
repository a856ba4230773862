"""ONS mid-year population estimates: the denominators of published per-head figures.

Census 2021 counts give the shape of each system (which councils, what share of each); a figure
for a financial year is divided by the estimate nearest that year. ``estimates/`` holds the
districts' and England's estimates as ONS published them, converted by
``scripts/build_published.py`` (see ``estimates/README.md`` for sources and licence).
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

from .code_changes import recoded
from .council_history import CouncilInYear
from .files import read_table
from .populations import ENGLAND_CODE

__all__ = ["ESTIMATES", "Estimate", "estimate_for", "population_of"]

#: The estimates shipped, oldest first.
ESTIMATES: tuple[str, ...] = ("mid-2022", "mid-2024")

_SOURCE = {
    "mid-2022": "ONS, Mid-2022 population estimates for the UK (MYE2 persons), released 2024",
    "mid-2024": "ONS, Mid-2024 population estimates for England and Wales (MYE2 persons)",
}


@dataclass(frozen=True, slots=True)
class Estimate:
    """A population and the estimate it comes from, so that every per-head figure says which."""

    population: int
    estimate: str
    source: str


@cache
def _districts() -> dict[str, dict[str, int]]:
    """Estimate -> district code (as JoinedUp's reference data has it) -> persons."""
    resource = files(__name__.rpartition(".")[0]).joinpath("estimates/mid_year_estimates.csv")
    text = resource.read_bytes().decode("utf-8")
    aliases = recoded()
    known = {row["code"] for row in read_table("districts")} | {ENGLAND_CODE}
    found: dict[str, dict[str, int]] = defaultdict(dict)
    for row in csv.DictReader(io.StringIO(text, newline="")):
        code = row["area_code"]
        if code not in known and aliases.get(code) in known:
            code = aliases[code]  # a district re-coded after the reference vintage
        found[row["estimate"]][code] = int(row["population"])
    return dict(found)


def estimate_for(financial_year: str) -> str:
    """The shipped estimate nearest the middle of a financial year's first calendar year.

    ``2023-24`` is as near mid-2022 as mid-2024; the later estimate wins a tie, being on the
    newer geography and methods.
    """
    start = int(financial_year[:4])
    return min(ESTIMATES, key=lambda name: (abs(int(name[-4:]) - start), -int(name[-4:])))


def _system_shares() -> dict[str, list[tuple[str, float]]]:
    shares: dict[str, list[tuple[str, float]]] = defaultdict(list)
    for row in read_table("districts"):
        shares[row["system_code"]].append((row["code"], float(row["population_share"])))
    return shares


def _council_districts() -> dict[str, set[str]]:
    districts: dict[str, set[str]] = defaultdict(set)
    for row in read_table("districts"):
        districts[row["council_code"]].add(row["code"])
    return districts


def _retired_system(system_code: str, financial_year: str, districts: dict[str, int]) -> float:
    """An ICB merged away since: each council's estimate times its share of residents in it."""
    from .council_registry import council
    from .system_history import system_in_year

    wanted = _council_districts()
    return sum(
        sum(districts[code] for code in wanted[council_code])
        * people
        / council(council_code).population
        for council_code, people in system_in_year(system_code, financial_year).residents
    )


def population_of(
    *,
    financial_year: str,
    system_code: str | None = None,
    council: CouncilInYear | None = None,
) -> Estimate:
    """The population of a system, a council (of that year's structure) or England.

    A system's is the sum of its districts' estimates, each times the district's Census 2021
    share in the system; a council's, the sum of the districts of today's councils covering its
    area. With neither argument, England's.
    """
    name = estimate_for(financial_year)
    districts = _districts()[name]
    if system_code is not None and system_code in _system_shares():
        total = sum(districts[code] * share for code, share in _system_shares()[system_code])
    elif system_code is not None:
        total = _retired_system(system_code, financial_year, districts)
    elif council is not None:
        wanted = _council_districts()
        total = sum(districts[code] for s in council.successors for code in wanted[s])
    else:
        total = districts[ENGLAND_CODE]
    return Estimate(round(total), name, _SOURCE[name])
