"""The map of the 42 systems on the home and comparison pages, and England's headline figures.

The measures are the ones the comparison pages already rank (``ledger.measures.fair_measures``
from the joint ledger, ``web.published.PUBLISHED_MEASURES`` from published returns), keyed here
as ``published:<measure>`` and ``ledger:<measure>``; the values are theirs, through the same
cache keys, so a map costs nothing a comparison page has not already computed. Drawn maps are
cached per data version too.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any

from fastapi import HTTPException, Request

from joinedup.ledger.measures import fair_measures
from joinedup.money import NO_DATA, money, per_head
from joinedup.publish.maps import MapMeasure
from joinedup.warehouse import Warehouse
from joinedup.web.lookups import cached

if TYPE_CHECKING:
    from joinedup.ledger.comparison import Ranking
from joinedup.web.published import PUBLISHED_MEASURES, published_values

DEFAULT_MEASURES = ("published:per_head_gbp", "ledger:per_head")


@dataclass(frozen=True, slots=True)
class Choice:
    """A measure the map can be coloured by."""

    key: str
    label: str
    unit: str
    published: bool


def choices() -> list[Choice]:
    published = [
        Choice(f"published:{key}", label, unit, True)
        for key, (label, unit) in PUBLISHED_MEASURES.items()
    ]
    ledger = [
        Choice(f"ledger:{found.name}", found.label, found.unit_words, False)
        for found in fair_measures()
    ]
    return published + ledger


def value_format(unit: str) -> tuple[Callable[[float | None], str], str]:
    """How a value of this unit reads, and the d3 format of its legend."""
    if unit.startswith("£"):
        return per_head, ",.0f"
    if unit.startswith("share"):
        return (lambda value: NO_DATA if value is None else f"{value:.1%}"), ".1%"
    return (lambda value: NO_DATA if value is None else f"{value:+.2f} points"), "+.1f"


def _values(
    request: Request, db: Warehouse | None, choice: Choice, year: str | None
) -> tuple[dict[str, float | None], str, str, bool]:
    """Each system's value, the year, the source line and whether the figures are synthetic.
    Raises HTTPException when there are none (no warehouse, nothing loaded, no such year)."""
    from joinedup.ledger.comparison import MeasureTable
    from joinedup.web.lookups import warehouse_or_404

    measure = choice.key.partition(":")[2]
    if choice.published:
        england, values = published_values(request, db, measure, year)
        sources = "; ".join(f"{source.publisher}, {source.title}" for source in england.sources)
        return (
            values,
            england.financial_year,
            f"Source: {sources} (published, Open Government Licence v3.0)",
            False,
        )
    warehouse = warehouse_or_404(db)
    record = cached(
        request,
        ("ranking", measure, year),
        lambda: MeasureTable(warehouse, year).ranking(measure),
    )
    values = {row.code: row.value for row in record.systems}
    return values, record.financial_year, ledger_source(record), record.synthetic


def ledger_source(ranking: Ranking) -> str:
    """The source line of a chart or map of a ledger measure."""
    kind = "synthetic demonstration data" if ranking.synthetic else "partners' submitted spend"
    return f"Source: JoinedUp joint ledger ({kind}), {ranking.financial_year}"


def measure_map(
    request: Request,
    db: Warehouse | None,
    key: str | None,
    year: str | None = None,
    chosen: str | None = None,
    peers: Sequence[str] = (),
) -> dict[str, Any]:
    """The map for a page: its SVG, the measure drawn and the choices for the picker.

    ``key`` is a choice's key; an unknown or missing one falls back to the first default
    measure that has figures. Without any figures the map still shows every system, linked.
    """
    from joinedup.publish.maps import map_svg

    available = {choice.key: choice for choice in choices()}
    wanted = [key] if key in available else []
    wanted += [default for default in DEFAULT_MEASURES if default not in wanted]
    for candidate in wanted:
        choice = available[candidate]
        try:
            values, chosen_year, source, synthetic = _values(request, db, choice, year)
        except HTTPException:
            continue
        shown, legend = value_format(choice.unit)
        measure = MapMeasure(choice.label, choice.unit, shown, legend, source, synthetic)
        title = f"{choice.label}, {chosen_year}"
        svg = cached(
            request,
            ("map", choice.key, chosen_year, chosen, tuple(peers)),
            partial(map_svg, values, measure, title, chosen, peers),
        )
        return {"svg": svg, "choice": choice, "choices": list(available.values())}
    empty = MapMeasure("no measure", "no data", lambda value: NO_DATA, ",.0f", "No figures loaded")
    svg = cached(
        request,
        ("map", None, None, chosen, tuple(peers)),
        lambda: map_svg({}, empty, "England's integrated care systems", chosen, peers),
    )
    return {"svg": svg, "choice": None, "choices": list(available.values())}


def headline_figures(request: Request, db: Warehouse | None) -> dict[str, Any]:
    """England's headline figures: published (real) and from the joint ledger (synthetic in a
    demo warehouse), each as label and words, with the year and source kind."""
    from joinedup.web.ledger import optional_summary
    from joinedup.web.published import published_record

    figures: dict[str, Any] = {"published": None, "ledger": None}
    try:
        found = published_record(request, db, "england", "", None)
    except HTTPException:
        found = None
    if found is not None:
        population = found.population
        total = found.total_gbp
        figures["published"] = {
            "financial_year": found.financial_year,
            "items": [
                ("NHS and council money", money(total)),
                ("per resident", per_head(total / population if total and population else None)),
                ("NHS allocations to ICBs", money(found.nhs_gbp)),
                ("Adult social care (councils)", money(found.adult_social_care_gbp)),
                ("Prevention share", _percent(found.prevention_share)),
            ],
        }
    spend = optional_summary(request, db, "england", "")
    if spend is not None:
        figures["ledger"] = {
            "financial_year": spend.financial_year,
            "synthetic": spend.synthetic,
            "items": [
                ("Joint NHS and council spend", money(spend.total_spend)),
                ("per resident", per_head(spend.per_head)),
                ("Out of hospital", _percent(spend.out_of_hospital_share)),
                ("Prevention share", _percent(spend.prevention_share)),
                ("Pooled budgets per resident", per_head(spend.pooled_per_head)),
            ],
        }
    return figures


def _percent(value: float | None) -> str:
    return NO_DATA if value is None else f"{value:.1%}"
