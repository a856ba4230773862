"""The headline measures of the joint ledger, each defined once: its name, what it is called,
its unit, which way is better and how it is computed.

``ledger.figures.headline`` computes them; the comparison (``ledger.comparison``), the command
line, the web pages and map, the scrutiny pack and the open data all take their words, units and
polarity from here. To add a measure, compute it in ``ledger.figures.headline`` under its name
and add it to ``MEASURES`` below; every place that lists the measures then lists it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from joinedup.errors import JoinedUpError

#: money: pounds (an amount); per_head: pounds per resident; share: a fraction of total spend
#: (0 to 1); points: a change in percentage points; yes_no: a judgement of the figures.
Unit = Literal["money", "per_head", "share", "points", "yes_no"]

#: How each unit is named beside a measure on a page.
UNIT_WORDS: dict[Unit, str] = {
    "money": "£",
    "per_head": "£ per resident",
    "share": "share of spend",
    "points": "percentage points",
    "yes_no": "yes or no",
}
#: The type of each unit's column in the open data (``publish.export``).
DATA_TYPES: dict[Unit, str] = {
    "money": "money",
    "per_head": "number",
    "share": "number",
    "points": "number",
    "yes_no": "boolean",
}


class UnknownMeasure(JoinedUpError):
    exit_code = 2


@dataclass(frozen=True, slots=True)
class Measure:
    """One headline figure of an area's spend in a year."""

    name: str  # its key in the ledger's records, the API, the CLI and the open data
    label: str  # its title on a page, a chart or the map
    short_label: str  # its row in the table of an area's figures (``joinedup ledger summary``)
    phrase: str  # how a sentence of the pack names it
    spend: str  # which spend it is of, for a chart's legend
    unit: Unit
    higher_is_better: bool | None  # None: no judgement (the policy asks for no direction)
    computed: str  # how it is computed, as the open data's dictionary says
    ranked: bool = True  # ranked across the 42 systems (``ledger.comparison``)
    in_summary: bool = True  # a row of the command line's table of an area's figures

    @property
    def unit_words(self) -> str:
        return UNIT_WORDS[self.unit]

    @property
    def data_type(self) -> str:
        return DATA_TYPES[self.unit]

    @property
    def fair_between_systems(self) -> bool:
        """Ranked, and not an amount: systems of different sizes compare fairly only per head,
        as a share or as a shift, so these are the measures the comparison pages offer."""
        return self.ranked and self.unit != "money"


# Which way is better: the policy asks for more out-of-hospital care, more prevention and more
# pooling; total spend and spend per head carry no judgement, nor do the amounts themselves.
MEASURES: tuple[Measure, ...] = (
    Measure(
        "total_spend",
        "Total spend",
        "Total spend",
        "total spend",
        "All spend",
        "money",
        None,
        "All headline spend, £ (children's social care apart).",
    ),
    Measure(
        "per_head",
        "Total spend per head",
        "Spend per head",
        "spend per head",
        "All spend",
        "per_head",
        None,
        "Total spend per resident, £.",
    ),
    Measure(
        "in_hospital_spend",
        "In-hospital spend",
        "In hospital",
        "spend in hospital",
        "In hospital",
        "money",
        None,
        "Spend on hospital-based care, £.",
        ranked=False,
    ),
    Measure(
        "out_of_hospital_spend",
        "Out-of-hospital spend",
        "Out of hospital",
        "spend out of hospital",
        "Out of hospital",
        "money",
        None,
        "Spend outside hospital, £.",
    ),
    Measure(
        "out_of_hospital_per_head",
        "Out-of-hospital spend per head",
        "Out of hospital per head",
        "out-of-hospital spend per head",
        "Out of hospital",
        "per_head",
        True,
        "Out-of-hospital spend per resident, £.",
    ),
    Measure(
        "out_of_hospital_share",
        "Out-of-hospital share of spend",
        "Out-of-hospital share",
        "share of spend out of hospital",
        "Out of hospital",
        "share",
        True,
        "Out-of-hospital share of total spend (0 to 1).",
    ),
    Measure(
        "prevention_spend",
        "Prevention spend",
        "Prevention",
        "spend on prevention",
        "Prevention",
        "money",
        None,
        "Spend on prevention types, £.",
    ),
    Measure(
        "prevention_per_head",
        "Prevention spend per head",
        "Prevention per head",
        "prevention spend per head",
        "Prevention",
        "per_head",
        True,
        "Prevention spend per resident, £.",
        in_summary=False,
    ),
    Measure(
        "prevention_share",
        "Prevention share of spend",
        "Prevention share",
        "share of spend on prevention",
        "Prevention",
        "share",
        True,
        "Prevention share of total spend (0 to 1).",
    ),
    Measure(
        "prevention_shift_5y_pp",
        "Prevention shift over five years",
        "Prevention shift over 5 years (points)",
        "five-year shift of spend to prevention",
        "Prevention",
        "points",
        True,
        "Change in prevention share since four years before, percentage points.",
    ),
    Measure(
        "prevention_on_track",
        "Prevention on track",
        "On track for +1 point",
        "prevention on track for a shift of one point",
        "Prevention",
        "yes_no",
        None,
        "Whether the shift meets the goal of 1 point or more.",
        ranked=False,
    ),
    Measure(
        "pooled_spend",
        "Pooled budgets",
        "Pooled budgets",
        "pooled budgets",
        "Pooled budgets",
        "money",
        None,
        "Spend from pooled budgets (Better Care Fund, section 75), £.",
    ),
    Measure(
        "pooled_per_head",
        "Pooled budgets per head",
        "Pooled per head",
        "pooled budgets per head",
        "Pooled budgets",
        "per_head",
        True,
        "Pooled spend per resident, £.",
    ),
    Measure(
        "childrens_social_care_spend",
        "Children's social care spend",
        "Children's social care (outside totals)",
        "spend on children's social care",
        "Children's social care",
        "money",
        None,
        "Children's social care, £, reported apart.",
        ranked=False,
    ),
)

_BY_NAME = {found.name: found for found in MEASURES}


def measure(name: str) -> Measure:
    """The headline measure of this name (KeyError when there is none)."""
    return _BY_NAME[name]


def ranked_measure(name: str) -> Measure:
    """The ranked measure of this name; UnknownMeasure, naming the ones there are, when none."""
    found = _BY_NAME.get(name)
    if found is None or not found.ranked:
        raise UnknownMeasure(
            f"Unknown measure {name!r}; choose one of {', '.join(ranked_names())}."
        )
    return found


def ranked_measures() -> tuple[Measure, ...]:
    """The measures ranked across the 42 systems, in the catalogue's order."""
    return tuple(found for found in MEASURES if found.ranked)


def ranked_names() -> tuple[str, ...]:
    return tuple(found.name for found in ranked_measures())


def fair_measures() -> tuple[Measure, ...]:
    """The ranked measures fair between systems of different sizes (per head, share, shift)."""
    return tuple(found for found in MEASURES if found.fair_between_systems)
