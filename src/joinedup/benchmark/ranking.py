"""Ranking areas on a figure, and comparing an area with its nearest neighbours.

Ranks are "competition" ranks: rank 1 is the best value, equal values share the smallest rank
they cover, and the next rank skips (1, 2, 2, 4). Missing values (``None`` or NaN) are not
ranked and are left out of ``of``, the number of areas ranked.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Mapping
from dataclasses import dataclass

from .neighbours import BenchmarkError, _areas, comparator_group, resolve

__all__ = ["PeerComparison", "Ranked", "compare_with_peers", "rank"]

QUINTILES = 5


@dataclass(frozen=True, slots=True)
class Ranked:
    """One area's place among the areas ranked.

    ``value`` is the area's value (``None`` when missing or NaN, and then ``rank``,
    ``quintile`` and ``percentile`` are ``None`` too). ``rank`` runs from 1 (best) to ``of``;
    ``quintile`` from 1 (best fifth) to 5; ``percentile`` from 100 (best) to 0 (worst): the
    share of the other ranked areas ranked below this one.
    """

    code: str
    value: float | None
    rank: int | None
    of: int
    quintile: int | None
    percentile: float | None


def _present(value: float | None) -> float | None:
    if value is None:
        return None
    number = float(value)
    return None if math.isnan(number) else number


def quintile(position: int, of: int) -> int:
    """The quintile (1 = best fifth) of competition rank ``position`` among ``of`` areas.

    The rank is placed on a 0..1 scale, ``(position - 1) / (of - 1)``, and cut into five equal
    intervals, each closed below; the best and worst areas are always in quintiles 1 and 5.
    With 42 areas the quintiles hold 9, 8, 8, 8 and 9 ranks; with 5, one each; with 10, two
    each. A single area is in quintile 1.
    """
    if not 1 <= position <= of:
        raise BenchmarkError(f"rank {position} is not between 1 and {of}")
    if of == 1:
        return 1
    # Integer arithmetic, so the cut points do not depend on floating-point rounding.
    return min(QUINTILES, 1 + (QUINTILES * (position - 1)) // (of - 1))


def rank(
    values: Mapping[str, float | None], higher_is_better: bool | None = True
) -> dict[str, Ranked]:
    """Rank every area in ``values`` (area code to value), best first.

    ``higher_is_better`` is the figure's polarity: ``True`` ranks the highest value 1,
    ``False`` the lowest. ``None`` means the figure has no good direction (e.g. spend per head,
    which is neither good nor bad in itself); the ranks are then **ordered from the highest
    value** (rank 1 = highest, quintile 1 = the highest fifth, percentile 100 = the highest),
    and they describe position, not performance.

    Equal values get the same, smallest, rank (competition ranking: 1, 2, 2, 4). ``None`` and
    NaN values are unranked and excluded from ``of``. Returns one :class:`Ranked` per key of
    ``values``, in the same order.
    """
    present = {code: _present(value) for code, value in values.items()}
    known: list[tuple[str, float]] = [
        (code, value) for code, value in present.items() if value is not None
    ]
    descending = higher_is_better is not False
    known.sort(key=lambda item: -item[1] if descending else item[1])
    of = len(known)
    places: dict[str, int] = {}
    previous: float | None = None
    place = 0
    for index, (code, number) in enumerate(known, start=1):
        if number != previous:
            place, previous = index, number
        places[code] = place
    result: dict[str, Ranked] = {}
    for code, value in present.items():
        position = places.get(code)
        result[code] = Ranked(
            code=code,
            value=value,
            rank=position,
            of=of,
            quintile=None if position is None else quintile(position, of),
            percentile=None
            if position is None
            else (100.0 if of == 1 else 100.0 * (of - position) / (of - 1)),
        )
    return result


@dataclass(frozen=True, slots=True)
class PeerComparison:
    """An area's value against England (all areas of its type) and its comparator group.

    ``peers`` are the nearest neighbours' codes, nearest first. ``peer_mean`` and
    ``peer_median`` are over the peers with a value (the area itself excluded), ``None`` if
    none has one. ``peer_rank`` is the area's competition rank among itself and its peers with
    values (1 = best, by the same polarity as ``england_rank``). ``difference_from_peer_mean``
    is ``value - peer_mean``: positive means higher, whichever direction is better.
    """

    code: str
    value: float | None
    england_rank: Ranked
    peers: list[str]
    peer_mean: float | None
    peer_median: float | None
    peer_rank: int | None
    difference_from_peer_mean: float | None


def _check_keys(values: Mapping[str, float | None], area_type: str) -> None:
    known = _areas(area_type).position
    unknown = sorted(code for code in values if code not in known)
    if unknown:
        shown = ", ".join(map(repr, unknown[:3])) + (" ..." if len(unknown) > 3 else "")
        raise BenchmarkError(
            f"{len(unknown)} key(s) of values are not current {area_type} codes: {shown}. "
            f"Key values by current code (joinedup.reference.{area_type}(key).code)."
        )


def compare_with_peers(
    code: str,
    values: Mapping[str, float | None],
    higher_is_better: bool | None = True,
    n: int = 10,
    area_type: str = "system",
) -> PeerComparison:
    """Compare area ``code``'s value in ``values`` with all areas and with its ``n`` peers.

    ``code`` is any key the reference lookups accept; ``values`` maps **current** area codes
    (``System.code`` / ``Council.code``) to values, and may leave areas out or give ``None``:
    they are treated as missing. A key that is not a current code of ``area_type`` raises
    :class:`BenchmarkError`. The England rank is over every area in ``values``; see
    :func:`rank` for the meaning of ``higher_is_better``, including ``None``.
    """
    own = resolve(code, area_type)
    _check_keys(values, area_type)
    # An area missing from values is still reported, unranked.
    england_rank = rank({**values, own: values.get(own)}, higher_is_better)[own]
    value = england_rank.value
    peers = comparator_group(own, n, area_type)
    peer_values = [v for v in (_present(values.get(peer)) for peer in peers) if v is not None]
    peer_mean = statistics.fmean(peer_values) if peer_values else None
    peer_median = statistics.median(peer_values) if peer_values else None
    peer_rank: int | None = None
    if value is not None:
        group = {peer: values.get(peer) for peer in peers}
        group[own] = value
        peer_rank = rank(group, higher_is_better)[own].rank
    return PeerComparison(
        code=own,
        value=value,
        england_rank=england_rank,
        peers=peers,
        peer_mean=peer_mean,
        peer_median=peer_median,
        peer_rank=peer_rank,
        difference_from_peer_mean=None if value is None or peer_mean is None else value - peer_mean,
    )
