"""Each headline figure of a system ranked across the 42 systems and against its peers."""

from __future__ import annotations

from typing import Any

from joinedup.benchmark import Ranked, compare_with_peers
from joinedup.core.financial_year import parse_financial_year
from joinedup.core.record import Record
from joinedup.ledger.area_spend import years_with_spend
from joinedup.ledger.figures import NoSpend, headline_table
from joinedup.ledger.measures import UnknownMeasure, ranked_measure
from joinedup.reference import system
from joinedup.warehouse import Warehouse

PEERS = 10

__all__ = [
    "PEERS",
    "Benchmark",
    "MeasureTable",
    "PeerValue",
    "Ranking",
    "UnknownMeasure",
    "benchmark",
]


class Ranking(Record):
    """Every system's value of one headline measure, ranked best first (highest first for a
    measure with no better direction: ``higher_is_better`` None), with England's median."""

    measure: str
    higher_is_better: bool | None
    financial_year: str
    england_median: float | None
    systems: list[Ranked]
    synthetic: bool


class PeerValue(Record):
    """A peer system's value of the measure (None: no data)."""

    code: str
    value: float | None


class Benchmark(Record):
    """One system's value of one headline measure: its rank in England and among its nearest
    peers (``peer_group_size`` counts the system itself)."""

    measure: str
    higher_is_better: bool | None
    financial_year: str
    system: str
    value: float | None
    england_rank: Ranked
    england_median: float | None
    peers: list[PeerValue]
    peer_mean: float | None
    peer_median: float | None
    peer_rank: int | None
    peer_group_size: int
    difference_from_peer_mean: float | None
    synthetic: bool


class MeasureTable:
    """Every system's headline figures for one year, computed once and compared many times."""

    def __init__(self, warehouse: Warehouse, year: str | None = None) -> None:
        available = years_with_spend(warehouse)
        if not available:
            raise NoSpend("The ledger holds no spend yet: nothing to benchmark.")
        self.year = parse_financial_year(year) if year else available[-1]
        if self.year not in available:
            # No data is said as no data: a zero for every system, ranked, would be a lie.
            raise NoSpend(
                f"No data for {self.year}: the ledger holds spend for {', '.join(available)}."
            )
        self.synthetic = warehouse.synthetic
        self.figures = {
            code: _or_no_data(figures.model_dump())
            for code, figures in headline_table(warehouse, self.year).items()
        }

    def ranking(self, measure: str) -> Ranking:
        """Every system's value of one measure, ranked best first (highest first for a
        measure with no better direction), with England's median."""
        from joinedup.benchmark import rank

        polarity = ranked_measure(measure).higher_is_better
        values = {area: figures[measure] for area, figures in self.figures.items()}
        ranked = sorted(
            rank(values, polarity).values(),
            key=lambda row: (row.rank is None, row.rank or 0, row.code),
        )
        return Ranking(
            measure=measure,
            higher_is_better=polarity,
            financial_year=self.year,
            england_median=_median(values.values()),
            systems=ranked,
            synthetic=self.synthetic,
        )

    def compare(self, system_key: str, measure: str, peers: int = PEERS) -> Benchmark:
        """One system's value of one measure: its rank in England and among its nearest peers."""
        polarity = ranked_measure(measure).higher_is_better
        code = system(system_key).code
        values = {area: figures[measure] for area, figures in self.figures.items()}
        compared = compare_with_peers(code, values, polarity, peers)
        return Benchmark(
            measure=measure,
            higher_is_better=polarity,
            financial_year=self.year,
            system=code,
            value=compared.value,
            england_rank=compared.england_rank,
            england_median=_median(values.values()),
            peers=[PeerValue(code=peer, value=values.get(peer)) for peer in compared.peers],
            peer_mean=compared.peer_mean,
            peer_median=compared.peer_median,
            peer_rank=compared.peer_rank,
            peer_group_size=len(compared.peers) + 1,
            difference_from_peer_mean=compared.difference_from_peer_mean,
            synthetic=self.synthetic,
        )


def benchmark(
    warehouse: Warehouse, system_key: str, measure: str, year: str | None = None
) -> Benchmark:
    """Rank one system's headline measure across England and against its comparator group."""
    return MeasureTable(warehouse, year).compare(system_key, measure)


def _or_no_data(figures: dict[str, Any]) -> dict[str, Any]:
    """A system with no spend at all in the year has no figures, not zeros: it is shown as
    no data and left unranked, never ranked last (or first) at £0."""
    if figures["total_spend"] or figures["childrens_social_care_spend"]:
        return figures
    return {key: value if key == "population" else None for key, value in figures.items()}


def _median(values: Any) -> float | None:
    import statistics

    present = [value for value in values if value is not None]
    return statistics.median(present) if present else None
