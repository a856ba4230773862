"""Each headline figure of a system ranked across the 42 systems and against its peers."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from joinedup.benchmark import compare_with_peers
from joinedup.errors import JoinedUpError
from joinedup.ledger.figures import NoSpend, headline_table, years_with_spend
from joinedup.ledger.financial_year import parse_financial_year
from joinedup.reference import system
from joinedup.warehouse import Warehouse

# Which way is better for each measure: the policy asks for more out-of-hospital care, more
# prevention and more pooling; total spend and spend per head carry no judgement.
MEASURES: dict[str, bool | None] = {
    "total_spend": None,
    "per_head": None,
    "out_of_hospital_spend": None,
    "out_of_hospital_per_head": True,
    "out_of_hospital_share": True,
    "prevention_spend": None,
    "prevention_per_head": True,
    "prevention_share": True,
    "prevention_shift_5y_pp": True,
    "pooled_spend": None,
    "pooled_per_head": True,
}
PEERS = 10


class UnknownMeasure(JoinedUpError):
    exit_code = 2


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
            code: _or_no_data(figures)
            for code, figures in headline_table(warehouse, self.year).items()
        }

    def ranking(self, measure: str) -> dict[str, Any]:
        """Every system's value of one measure, ranked best first (highest first for a
        measure with no better direction), with England's median."""
        from joinedup.benchmark import rank

        _check_measure(measure)
        values = {area: figures[measure] for area, figures in self.figures.items()}
        ranked = sorted(
            (asdict(found) for found in rank(values, MEASURES[measure]).values()),
            key=lambda row: (row["rank"] is None, row["rank"] or 0, row["code"]),
        )
        return {
            "measure": measure,
            "higher_is_better": MEASURES[measure],
            "financial_year": self.year,
            "england_median": _median(values.values()),
            "systems": ranked,
            "synthetic": self.synthetic,
        }

    def compare(self, system_key: str, measure: str, peers: int = PEERS) -> dict[str, Any]:
        """One system's value of one measure: its rank in England and among its nearest peers."""
        _check_measure(measure)
        code = system(system_key).code
        values = {area: figures[measure] for area, figures in self.figures.items()}
        compared = compare_with_peers(code, values, MEASURES[measure], peers)
        return {
            "measure": measure,
            "higher_is_better": MEASURES[measure],
            "financial_year": self.year,
            "system": code,
            "value": compared.value,
            "england_rank": asdict(compared.england_rank),
            "england_median": _median(values.values()),
            "peers": [{"code": peer, "value": values.get(peer)} for peer in compared.peers],
            "peer_mean": compared.peer_mean,
            "peer_median": compared.peer_median,
            "peer_rank": compared.peer_rank,
            "peer_group_size": len(compared.peers) + 1,
            "difference_from_peer_mean": compared.difference_from_peer_mean,
            "synthetic": self.synthetic,
        }


def _check_measure(measure: str) -> None:
    if measure not in MEASURES:
        raise UnknownMeasure(f"Unknown measure {measure!r}; choose one of {', '.join(MEASURES)}.")


def benchmark(
    warehouse: Warehouse, system_key: str, measure: str, year: str | None = None
) -> dict[str, Any]:
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
