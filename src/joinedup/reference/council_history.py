"""Upper-tier councils through time: which councils existed in a financial year, under which codes.

The packaged reference data holds today's 153 councils. Published returns name the councils of
their own year: Cumbria County Council until March 2023, Barnsley as E08000016 or E08000038.
``history/council_changes.csv`` records each change; from it and today's councils this module
rebuilds the structure of any financial year since 2019-20. A council that has since become a
unitary or been split covers the same area as its successors, so its share of population in
each system is the sum of theirs (Census 2021 populations).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from functools import cache

from .code_changes import CodeChange, code_changes
from .council_registry import Council, Membership, councils
from .lookup import NotInYear, UnknownCode, normalise, suggest
from .system_history import retired_memberships

__all__ = [
    "EARLIEST_YEAR",
    "CodeChange",
    "CouncilInYear",
    "NotInYear",
    "code_changes",
    "council_in_year",
    "councils_in_year",
]

#: The first financial year whose structure can be rebuilt (the 2019 Dorset reorganisation
#: redrew areas, so earlier councils' shares are not the sum of today's).
EARLIEST_YEAR = "2019-20"


@dataclass(frozen=True, slots=True)
class CouncilInYear:
    """A council as it was in one financial year.

    ``code`` is the council's code in JoinedUp's reference data when the council still exists
    (Barnsley stays E08000016 whatever its code that year), else its own retired code.
    ``codes`` holds every code that names it; ``successors`` today's councils covering its area.
    """

    code: str
    name: str
    type: str
    financial_year: str
    codes: tuple[str, ...]
    population: int
    systems: tuple[Membership, ...]
    successors: tuple[str, ...]

    @property
    def is_current(self) -> bool:
        return self.successors == (self.code,)


def _year_start(financial_year: str) -> date:
    return date(int(financial_year[:4]), 4, 1)


def _from_today(item: Council, year: str) -> CouncilInYear:
    return CouncilInYear(
        code=item.code,
        name=item.name,
        type=item.type,
        financial_year=year,
        codes=(item.code,),
        population=item.population,
        systems=item.systems,
        successors=(item.code,),
    )


def _memberships(people: dict[str, int], population: int) -> tuple[Membership, ...]:
    """Memberships from residents per system: largest first, the largest the main system."""
    main = max(people, key=lambda code: (people[code], code))
    return tuple(
        Membership(code, count, count / population, code == main)
        for code, count in sorted(people.items(), key=lambda pair: (-pair[1], pair[0]))
    )


def _merged(change: CodeChange, parts: list[CouncilInYear], year: str) -> CouncilInYear:
    """The council before a change, covering the areas of the councils that followed it."""
    shares: dict[str, int] = {}
    for part in parts:
        for membership in part.systems:
            shares[membership.system_code] = shares.get(membership.system_code, 0) + (
                membership.population
            )
    population = sum(part.population for part in parts)
    systems = _memberships(shares, population)
    return CouncilInYear(
        code=change.code,
        name=change.name,
        type=change.type,
        financial_year=year,
        codes=(change.code,),
        population=population,
        systems=systems,
        successors=tuple(s for part in parts for s in part.successors),
    )


@cache
def councils_in_year(financial_year: str) -> tuple[CouncilInYear, ...]:
    """The upper-tier councils of a financial year (``2022-23``), sorted by code.

    Raises :class:`NotInYear` for years before :data:`EARLIEST_YEAR`.
    """
    if financial_year < EARLIEST_YEAR:
        raise NotInYear(
            f"JoinedUp holds council structure from {EARLIEST_YEAR} on; {financial_year} "
            "came before the 2019 Dorset reorganisation redrew council areas."
        )
    start = _year_start(financial_year)
    by_code = {item.code: _from_today(item, financial_year) for item in councils()}
    # Undo changes newest first, so a chain (county -> unitary -> recoded) unwinds in order.
    for change in reversed(code_changes()):
        if change.kind == "recoded":
            holder = by_code.get(change.code) or next(
                (by_code[s] for s in change.successors if s in by_code), None
            )
            if holder is not None:
                codes = tuple(dict.fromkeys((*holder.codes, change.code, *change.successors)))
                by_code[holder.code] = replace(holder, codes=codes)
            continue
        if change.ended <= start or change.kind == "reorganised":
            continue
        parts = [by_code.pop(code) for code in change.successors if code in by_code]
        if parts:
            by_code[change.code] = _merged(change, parts, financial_year)
    retired = retired_memberships(financial_year)
    found = (_in_systems_of_year(item, retired) for item in by_code.values())
    return tuple(sorted(found, key=lambda item: item.code))


def _in_systems_of_year(
    item: CouncilInYear, retired: dict[tuple[str, str], dict[str, int]]
) -> CouncilInYear:
    """A council's memberships with any ICB formed after the year put back into its parts."""
    if not retired:
        return item
    people: dict[str, int] = {}
    for membership in item.systems:
        parts = {
            system_code: count
            for successor in item.successors
            for system_code, count in retired.get((successor, membership.system_code), {}).items()
        }
        for system_code, count in (
            parts or {membership.system_code: membership.population}
        ).items():
            people[system_code] = people.get(system_code, 0) + count
    systems = _memberships(people, item.population)
    return replace(item, systems=systems)


def _keys(item: CouncilInYear) -> tuple[str, ...]:
    return (*item.codes, item.name)


@cache
def _by_key(financial_year: str) -> dict[str, CouncilInYear]:
    """The councils of a year by each of their codes and names, normalised: a loader asks once
    a row, and a scan of every council's keys a time cost a demo build half a second."""
    found: dict[str, CouncilInYear] = {}
    for item in councils_in_year(financial_year):
        for key in _keys(item):
            found.setdefault(normalise(key), item)
    return found


def council_in_year(key: str, financial_year: str) -> CouncilInYear:
    """The council a code or name (of any vintage) means in a financial year.

    A council that became a unitary answers for its successor's code and the other way round
    (the same area); a code of a council that did not exist that year raises :class:`NotInYear`
    saying what it was part of or became; anything else raises :class:`UnknownCode`.
    """
    wanted = normalise(key)
    present = councils_in_year(financial_year)
    if wanted in _by_key(financial_year):
        return _by_key(financial_year)[wanted]
    today = {item.code: item.name for item in councils()}
    for change in code_changes():
        if wanted not in (normalise(change.code), normalise(change.name)) and not any(
            wanted in (normalise(s), normalise(today.get(s, s))) for s in change.successors
        ):
            continue
        same_area = change.kind == "became_unitary"
        for item in present:
            if same_area and (item.code == change.code or item.code in change.successors):
                return item
        _explain(wanted, change, present, financial_year, today)
    raise UnknownCode(
        "council",
        key,
        suggest(key, ((item.code, item.name, _keys(item)) for item in present)),
    )


def _explain(
    wanted: str,
    change: CodeChange,
    present: tuple[CouncilInYear, ...],
    year: str,
    today: dict[str, str],
) -> None:
    """Raise :class:`NotInYear` saying what became of a council, or what it was part of."""
    named = {item.code: f"{item.name} ({item.code})" for item in present}
    if wanted in (normalise(change.code), normalise(change.name)):
        if change.first_year_after <= year:
            after = " and ".join(named.get(code, code) for code in change.successors)
            raise NotInYear(
                f"{change.name} ({change.code}) ended on {change.ended:%-d %B %Y}, when it "
                f"was {change.note}. In {year} ask for {after}."
            )
        return
    holder = next((item for item in present if change.code in item.codes), None)
    code = next(
        s for s in change.successors if wanted in (normalise(s), normalise(today.get(s, s)))
    )
    if holder is not None:
        raise NotInYear(
            f"{today.get(code, code)} ({code}) did not exist in {year}: it began on "
            f"{change.ended:%-d %B %Y}, when {change.name} was {change.note}. In {year} its "
            f"area was part of {holder.name} ({holder.code})."
        )
