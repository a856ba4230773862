"""The pack's spend pages: what the systems spend in the council's area and on what, each
system the council belongs to, and prevention and pooling against the other systems.

Every figure comes from ``ledger.figures.summary`` or ``ledger.comparison.MeasureTable``; this
module picks them out for the page and passes the populations (counts of people) through
disclosure control.
"""

from __future__ import annotations

from typing import Any

from joinedup.ledger.comparison import Benchmark, MeasureTable
from joinedup.ledger.figures import summary
from joinedup.ledger.measures import Unit, measure
from joinedup.publish.disclosure import Rules, publish_count
from joinedup.publish.reports import charts, words
from joinedup.reference import Council, system, systems
from joinedup.warehouse import Warehouse

# The measures a councillor is asked about (IMPOWER/CCN and the Hewitt review): prevention's
# share and its shift, and pooled budgets; the pack names each in a sentence (its phrase).
PEER_MEASURES = tuple(
    measure(name) for name in ("prevention_share", "prevention_shift_5y_pp", "pooled_per_head")
)
CHARTED = ("prevention_share", "pooled_per_head")
LARGEST = 8  # spending types listed on the page; the rest are in `joinedup ledger summary`
#: The spend per head charted beside England's, each named in the legend by its spend.
PER_HEAD_MEASURES = tuple(
    measure(name)
    for name in ("per_head", "out_of_hospital_per_head", "prevention_per_head", "pooled_per_head")
)


def spend_section(
    warehouse: Warehouse, member: Council, table: MeasureTable, rules: Rules
) -> dict[str, Any]:
    """The council area's spend, each of its systems' spend, and England's, in the year of
    ``table`` (whose headline figures of every system serve for the council's systems)."""
    # The pack shows a public copy of each record: its population a published count.
    area = _public(summary(warehouse, "council", member.code, table.year).model_dump(), rules)
    england = _public(summary(warehouse, "england", "", table.year).model_dump(), rules)
    parts = []
    for membership in member.systems:
        found = system(membership.system_code)
        parts.append(
            {
                "code": found.code,
                "name": found.name,
                "short_name": found.short_name,
                "main": membership.is_main_system,
                "population_share": membership.population_share,
                "people_in_system": publish_count(membership.population, rules),
                "spend": _public(table.figures[found.code], rules),
            }
        )
    return {
        "area": area,
        "england": england,
        "systems": parts,
        "largest": _largest(area["by_spending_type"]),
        "types": sum(1 for row in area["by_spending_type"] if row["headline"]),
        "chart": _per_head_figure(member.name, area, parts, england),
    }


def _public(record: dict[str, Any], rules: Rules) -> dict[str, Any]:
    # Spend is money, not people; the population it is divided by is a count of people.
    return record | {"population": publish_count(record["population"], rules)}


def _largest(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The largest headline spending types (children's social care is reported apart)."""
    headline = [row for row in rows if row["headline"]]
    return sorted(headline, key=lambda row: row["amount"], reverse=True)[:LARGEST]


def _per_head_figure(
    name: str, area: dict[str, Any], parts: list[dict[str, Any]], england: dict[str, Any]
) -> charts.Figure:
    main = next((part for part in parts if part["main"]), parts[0] if parts else None)
    shown = [(name, area)]
    if main is not None:
        shown.append((main["short_name"], main["spend"]))
    shown.append(("England", england))
    rows = [
        {"area": label, "measure": charted.spend, "per_head": record[charted.name]}
        for charted in PER_HEAD_MEASURES
        for label, record in shown
        if record[charted.name] is not None
    ]
    title = f"Spend per head, {area['financial_year']}"
    description = "; ".join(
        f"{label}: "
        + ", ".join(
            f"{charted.spend.lower()} {words.per_head(record[charted.name])}"
            for charted in PER_HEAD_MEASURES
        )
        for label, record in shown
    )
    return charts.figure(charts.per_head_chart(rows, title), title, description + ".")


def peers_section(table: MeasureTable, member: Council) -> dict[str, Any]:
    """Each of the council's systems ranked on the peer measures, across England and among its
    comparable systems, with a ranking chart of each charted measure."""
    names = {found.code: found.short_name for found in systems()}
    # The main system (most of the council's residents) first: the page words it in full.
    memberships = sorted(member.systems, key=lambda membership: not membership.is_main_system)
    own = [membership.system_code for membership in memberships]
    compared = [
        {
            "code": membership.system_code,
            "name": names[membership.system_code],
            "main": membership.is_main_system,
            "measures": [
                _compared(table.compare(membership.system_code, peer.name), names)
                | {"label": peer.phrase, "style": peer.unit}
                for peer in PEER_MEASURES
            ],
        }
        for membership in memberships
    ]
    figures = [_ranking_figure(table, measure, own, names) for measure in CHARTED]
    return {"financial_year": table.year, "systems": compared, "charts": figures}


def _compared(record: Benchmark, names: dict[str, str]) -> dict[str, Any]:
    """The pack's copy of a benchmark, its peers named."""
    return record.model_dump() | {
        "peer_names": [names.get(peer.code, peer.code) for peer in record.peers]
    }


def _ranking_figure(
    table: MeasureTable, name: str, own: list[str], names: dict[str, str]
) -> charts.Figure:
    charted = measure(name)
    label, style = charted.phrase, charted.unit
    ranks = {code: table.compare(code, name) for code in own}
    values = [
        {
            "name": names[code],
            "value": row[name],
            "highlight": own.index(code) if code in own else None,
        }
        for code, row in table.figures.items()
        if row[name] is not None
    ]
    title = f"{label.capitalize()}: every system, {table.year}"
    placed = "; ".join(
        f"{names[code]} {_formatted(record.value, style)}, "
        f"{words.rank_words(record.england_rank.rank, record.england_rank.of)}"
        for code, record in ranks.items()
    )
    first = ranks[own[0]]
    median = _formatted(first.england_median, style)
    description = (
        f"Each of the {len(values)} systems is a mark along one scale. {placed}. "
        f"The median system: {median}."
    )
    axis = ("Share of spend", ".1%") if style == "share" else ("£ per head", ",.0f")
    return charts.figure(
        charts.strip_chart(values, title, axis, first.england_median),
        title,
        description,
    )


def _formatted(amount: float | None, style: Unit) -> str:
    if style == "share":
        return words.percent(amount)
    if style == "points":
        return words.points(amount)
    return words.per_head(amount)
