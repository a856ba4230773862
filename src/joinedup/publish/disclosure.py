"""Disclosure control: no count of people from 1 to the threshold leaves JoinedUp in public.

Every public figure derived from counts of people (pages, API, exports, reports) passes through
here. The rules, after the ONS and NHS England practice for health statistics:

* **Primary suppression**: a count from 1 to ``threshold`` (7 by default, so 1-7) is withheld.
  Zero is published: it discloses nothing about any person.
* **Secondary suppression**: where cells are published with their total, a single withheld cell
  could be recovered by subtraction; the smallest other non-zero cell is withheld too. A withheld
  total is never recovered from its cells either: if the total is withheld, so is every cell.
* **Rounding** (optional): published counts may be rounded to a base (e.g. 5).
* **Derived figures**: a rate, proportion or cost per person whose count is withheld is withheld.

Withheld values are ``None``; pages show them as ``*`` with a note.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TypeVar

Key = TypeVar("Key", bound=Hashable)

DEFAULT_THRESHOLD = 7
WITHHELD_MARK = "*"


@dataclass(frozen=True, slots=True)
class Rules:
    threshold: int = DEFAULT_THRESHOLD
    rounding: int = 1  # publish counts rounded to this base; 1 leaves them as they are

    def __post_init__(self) -> None:
        if self.threshold < 0 or self.rounding < 1:
            raise ValueError("threshold must be 0 or more and rounding 1 or more")


def is_disclosive(count: float | None, rules: Rules = Rules()) -> bool:
    """True for a count of people that must not be published (1 to the threshold).

    >>> [is_disclosive(n) for n in (0, 1, 7, 8)]
    [False, True, True, False]
    """
    return count is not None and 0 < count <= rules.threshold


def publish_count(count: float | None, rules: Rules = Rules()) -> int | None:
    """A single count as it may be published: withheld (None) if disclosive, else rounded.

    >>> publish_count(3), publish_count(12), publish_count(12, Rules(rounding=5))
    (None, 12, 10)
    """
    if count is None or is_disclosive(count, rules):
        return None
    rounded = int(round(count / rules.rounding) * rules.rounding)
    # Rounding must not bring a count back into the disclosive range.
    return rounded if not is_disclosive(rounded, rules) else None


def publish_derived(
    value: float | None, count: float | None, rules: Rules = Rules()
) -> float | None:
    """A figure derived from a count of people (a rate, a share, a cost per person): withheld
    with its count."""
    return None if count is None or is_disclosive(count, rules) else value


def protect_group(
    cells: Mapping[Key, float | None], total: float | None = None, rules: Rules = Rules()
) -> tuple[dict[Key, int | None], int | None]:
    """Cells of one group and their total, as they may be published together.

    ``total`` defaults to the sum of the cells. Primary suppression withholds disclosive cells;
    if exactly one cell is withheld, the smallest other non-zero cell is withheld too, so that
    neither can be found by subtracting the others from the total. A withheld total withholds
    every cell (each could otherwise be added up to it).
    """
    whole = sum(value or 0 for value in cells.values()) if total is None else total
    published_total = publish_count(whole, rules)
    if published_total is None and whole:
        return {key: None for key in cells}, None
    published = {key: publish_count(value, rules) for key, value in cells.items()}
    # Withheld by the threshold or by rounding into it; zeros give nothing away.
    withheld = {key for key, value in published.items() if value is None and cells[key] != 0}
    if len(withheld) == 1:
        candidates = sorted(
            (value, str(key), key)
            for key, value in published.items()
            if key not in withheld and value
        )
        if candidates:
            withheld.add(candidates[0][2])
    return (
        {key: None if key in withheld else value for key, value in published.items()},
        published_total,
    )


def protect_linked(
    counts: Mapping[Key, float | None],
    sums: Iterable[tuple[Key, Sequence[Key]]],
    rules: Rules = Rules(),
) -> dict[Key, int | None]:
    """Counts published together where some are the sums of others, as they may be published.

    ``sums`` lists each published total with the cells that add up to it (a system's people
    in a segment and the same segment in each of its places; an area's people and its
    segments). A total may be a cell of another sum, so the sums chain across levels. Primary
    suppression withholds disclosive counts; then, until nothing changes, every sum with exactly
    one withheld non-zero member has a second one withheld (the smallest other non-zero cell,
    or the total when every other cell is zero), so no withheld count can be found by
    subtraction within any published sum. Cells missing from ``counts`` are taken as zero.

    Like every cell-by-cell method, it does not stop several sums being solved together from
    narrowing a withheld count to a range.
    """
    published = {key: publish_count(value, rules) for key, value in counts.items()}
    withheld = {key for key, value in published.items() if value is None and counts[key]}
    linked = [(total, tuple(parts)) for total, parts in sums]
    changed = True
    while changed:
        changed = False
        for total, parts in linked:
            members = (total, *parts)
            hidden = [key for key in members if key in withheld]
            if len(hidden) != 1:
                continue
            others = sorted(
                (counts.get(key) or 0, str(key), key)
                for key in parts
                if key not in withheld and counts.get(key)
            )
            if others:
                withheld.add(others[0][2])
            elif hidden[0] != total and counts.get(total):
                withheld.add(total)
            else:
                continue
            changed = True
    return {key: None if key in withheld else value for key, value in published.items()}
