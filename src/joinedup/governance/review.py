"""The membership review of a system's boards, compared with the other systems, and the focus of
its ICB board's agendas (IMPOWER/CCN recommendations 11 and 16).

Everything counts memberships current on the review date (``as_of``, default today): a board's
``members`` are its current memberships (a person holds one at a time per board), its
``councillors`` those marked councillor, and ``councillor_share`` is exactly one over the other.
A council has a *voice* on the ICB board when a current member represents it, and a *vote* when
such a member votes.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any

from joinedup.core.record import Record
from joinedup.governance.meetings import CLASSES
from joinedup.reference import councils_in, system
from joinedup.warehouse import Warehouse

LONG_SERVICE_YEARS = 6  # the NHS Code of Governance asks for rigorous review after six years
QUARTERS = 8
UNCLASSIFIED = "unclassified"


class BoardSeats(Record):
    """A board's current members: how many, how many are councillors, and how many vote.
    ``councillor_share`` is None for a board with no current members."""

    board: str
    name: str
    kind: str
    system: str | None
    council: str | None
    members: int
    councillors: int
    voting_members: int
    voting_councillors: int
    councillor_share: float | None


class CouncilNamed(Record):
    code: str
    name: str


class LongServing(Record):
    """A member in post since before the review's long-service line."""

    board: str
    person_id: int
    name: str
    role: str
    start_date: date
    years: float


class SystemComparison(Record):
    """The system's ICB board councillor share beside the other systems' (rank 1 = highest)."""

    icb_councillor_share: float | None
    rank: int | None
    of: int
    england_councillor_share: float | None
    median_councillor_share: float | None


class AgendaQuarter(Record):
    quarter: str
    minutes: int
    shares: dict[str, float]


class AgendaFocus(Record):
    """Share of the ICB board's agenda minutes by class per quarter, and the trend."""

    boards: list[str]
    quarters: list[AgendaQuarter]
    shares: dict[str, float]
    trend_pp_per_quarter: dict[str, float | None]
    england_shares: dict[str, float]


class Review(Record):
    """The membership review of a system's boards on a day (``as_of``)."""

    system: str
    name: str
    as_of: date
    synthetic: bool
    boards: list[BoardSeats]
    icb_boards: list[str]
    councils: list[str]
    councils_without_voice: list[CouncilNamed]
    councils_without_vote: list[CouncilNamed]
    long_service_years: int
    long_serving: list[LongServing]
    comparison: SystemComparison
    agenda_focus: AgendaFocus
    notes: list[str]


def review(
    warehouse: Warehouse,
    system_key: str,
    *,
    as_of: date | None = None,
    long_service_years: int = LONG_SERVICE_YEARS,
    quarters: int = QUARTERS,
) -> Review:
    """The review as one record: boards, councils without a voice or a vote, long service,
    the comparison with other systems, and the ICB board's agenda focus."""
    found = system(system_key)
    day = as_of or date.today()
    boards = _board_counts(warehouse, found.code, day)
    icb_boards = [
        board.board for board in boards if board.kind == "icb_board" and board.system == found.code
    ]
    members_of_system = [member for member in councils_in(found.code)]
    voices, votes = _council_voices(warehouse, icb_boards, day)
    notes = []
    if not icb_boards:
        notes.append(f"No ICB board is registered for {found.short_name}.")
    comparison = compare_systems(warehouse, day)
    mine = next((row for row in comparison["systems"] if row["system"] == found.code), None)
    return Review(
        system=found.code,
        name=found.name,
        as_of=day,
        synthetic=warehouse.synthetic,
        boards=boards,
        icb_boards=icb_boards,
        councils=[member.code for member in members_of_system],
        councils_without_voice=[
            CouncilNamed(code=member.code, name=member.name)
            for member in members_of_system
            if member.code not in voices
        ],
        councils_without_vote=[
            CouncilNamed(code=member.code, name=member.name)
            for member in members_of_system
            if member.code not in votes
        ],
        long_service_years=long_service_years,
        long_serving=_long_serving(warehouse, [b.board for b in boards], day, long_service_years),
        comparison=SystemComparison(
            icb_councillor_share=None if mine is None else mine["councillor_share"],
            rank=None if mine is None else mine["rank"],
            of=len(comparison["systems"]),
            england_councillor_share=comparison["england_councillor_share"],
            median_councillor_share=comparison["median_councillor_share"],
        ),
        agenda_focus=agenda_focus(warehouse, icb_boards, day, quarters),
        notes=notes,
    )


def _board_counts(warehouse: Warehouse, system_code: str, day: date) -> list[BoardSeats]:
    rows = warehouse.query(
        "SELECT b.code AS board, b.name, b.kind, b.system_code AS system, "
        "b.council_code AS council, count(m.id) AS members, "
        "count(m.id) FILTER (WHERE m.councillor) AS councillors, "
        "count(m.id) FILTER (WHERE m.voting) AS voting_members, "
        "count(m.id) FILTER (WHERE m.voting AND m.councillor) AS voting_councillors "
        "FROM governance_boards b LEFT JOIN governance_memberships m ON m.board_code = b.code "
        "AND m.start_date <= ? AND (m.end_date IS NULL OR m.end_date >= ?) "
        "WHERE b.system_code = ? OR (b.system_code IS NULL AND b.council_code IN "
        "(SELECT council_code FROM ref_council_systems WHERE system_code = ?)) "
        "GROUP BY b.code, b.name, b.kind, b.system_code, b.council_code "
        "ORDER BY CASE b.kind WHEN 'icb_board' THEN 0 WHEN 'icp' THEN 1 "
        "WHEN 'place_board' THEN 2 WHEN 'hwb' THEN 3 ELSE 4 END, b.code",
        [day, day, system_code, system_code],
    )
    return [
        BoardSeats(**row, councillor_share=_share(row["councillors"], row["members"]))
        for row in rows
    ]


def _share(part: int, whole: int) -> float | None:
    return None if not whole else part / whole


def _council_voices(
    warehouse: Warehouse, boards: list[str], day: date
) -> tuple[set[str], set[str]]:
    if not boards:
        return set(), set()
    placeholders = ", ".join("?" for _ in boards)
    rows = warehouse.query(
        "SELECT organisation_code, bool_or(voting) AS votes FROM governance_memberships "
        f"WHERE board_code IN ({placeholders}) AND organisation_code IS NOT NULL "
        "AND start_date <= ? AND (end_date IS NULL OR end_date >= ?) GROUP BY 1",
        [*boards, day, day],
    )
    return (
        {row["organisation_code"] for row in rows},
        {row["organisation_code"] for row in rows if row["votes"]},
    )


def _long_serving(
    warehouse: Warehouse, boards: list[str], day: date, years: int
) -> list[LongServing]:
    if not boards:
        return []
    since = _years_before(day, years)
    placeholders = ", ".join("?" for _ in boards)
    rows = warehouse.query(
        "SELECT m.board_code AS board, m.person_id, p.name, m.role, m.start_date "
        "FROM governance_memberships m JOIN governance_people p ON p.id = m.person_id "
        f"WHERE m.board_code IN ({placeholders}) AND m.start_date <= ? "
        "AND (m.end_date IS NULL OR m.end_date >= ?) ORDER BY m.start_date, m.board_code, p.name",
        [*boards, since, day],
    )
    return [
        LongServing(**row, years=round((day - row["start_date"]).days / 365.25, 1)) for row in rows
    ]


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def compare_systems(warehouse: Warehouse, day: date) -> dict[str, Any]:
    """Each system's ICB board councillor share on a day, ranked (1 = the highest share)."""
    rows = warehouse.query(
        "SELECT b.system_code AS system, count(m.id) AS members, "
        "count(m.id) FILTER (WHERE m.councillor) AS councillors "
        "FROM governance_boards b LEFT JOIN governance_memberships m ON m.board_code = b.code "
        "AND m.start_date <= ? AND (m.end_date IS NULL OR m.end_date >= ?) "
        "WHERE b.kind = 'icb_board' AND b.system_code IS NOT NULL GROUP BY 1 ORDER BY 1",
        [day, day],
    )
    for row in rows:
        row["councillor_share"] = _share(row["councillors"], row["members"])
    shares = sorted(
        (row["councillor_share"] for row in rows if row["councillor_share"] is not None),
        reverse=True,
    )
    for row in rows:
        share = row["councillor_share"]
        row["rank"] = None if share is None else 1 + sum(1 for other in shares if other > share)
    members = sum(row["members"] for row in rows)
    return {
        "systems": rows,
        "england_councillor_share": _share(sum(row["councillors"] for row in rows), members),
        "median_councillor_share": _median(shares),
    }


def _median(values: list[float]) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle]) / 2


def financial_quarter(day: date) -> str:
    """The financial year and quarter of a day: April to June is Q1.

    >>> financial_quarter(date(2025, 2, 3))
    '2024-25 Q4'
    """
    start = day.year if day.month >= 4 else day.year - 1
    quarter = ((day.month - 4) % 12) // 3 + 1
    return f"{start}-{(start + 1) % 100:02d} Q{quarter}"


def agenda_focus(
    warehouse: Warehouse, boards: list[str], day: date, quarters: int = QUARTERS
) -> AgendaFocus:
    """Share of the boards' agenda minutes by class per quarter, over the last ``quarters``
    quarters with meetings up to ``day``, the trend of each share (percentage points a quarter,
    by least squares), and England's shares over the same quarters for comparison."""
    mine = _minutes_by_quarter(warehouse, boards, day) if boards else {}
    chosen = sorted(mine)[-quarters:]
    rows = [_quarter_record(label, mine[label]) for label in chosen]
    england = _minutes_by_quarter(warehouse, None, day)
    pooled: dict[str, int] = defaultdict(int)
    for label in chosen:
        for kind, minutes in england.get(label, {}).items():
            pooled[kind] += minutes
    total_mine: dict[str, int] = defaultdict(int)
    for label in chosen:
        for kind, minutes in mine[label].items():
            total_mine[kind] += minutes
    return AgendaFocus(
        boards=boards,
        quarters=rows,
        shares=_shares(total_mine),
        trend_pp_per_quarter={kind: _slope([row.shares[kind] for row in rows]) for kind in CLASSES},
        england_shares=_shares(pooled),
    )


def _minutes_by_quarter(
    warehouse: Warehouse, boards: list[str] | None, day: date
) -> dict[str, dict[str, int]]:
    where = "b.kind = 'icb_board'"
    parameters: list[Any] = []
    if boards is not None:
        where = f"b.code IN ({', '.join('?' for _ in boards)})"
        parameters = list(boards)
    rows = warehouse.query(
        "SELECT g.meeting_date, coalesce(a.class, ?) AS class, sum(a.minutes) AS minutes "
        "FROM governance_agenda_items a JOIN governance_meetings g ON g.id = a.meeting_id "
        f"JOIN governance_boards b ON b.code = g.board_code WHERE {where} "
        "AND g.meeting_date <= ? AND a.minutes IS NOT NULL GROUP BY ALL",
        [UNCLASSIFIED, *parameters, day],
    )
    found: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for row in rows:
        found[financial_quarter(row["meeting_date"])][row["class"]] += int(row["minutes"])
    return found


def _quarter_record(label: str, minutes: dict[str, int]) -> AgendaQuarter:
    return AgendaQuarter(quarter=label, minutes=sum(minutes.values()), shares=_shares(minutes))


def _shares(minutes: dict[str, int]) -> dict[str, float]:
    total = sum(minutes.values())
    kinds = (*CLASSES, UNCLASSIFIED)
    return {kind: (round(minutes.get(kind, 0) / total, 4) if total else 0.0) for kind in kinds}


def _slope(values: list[float]) -> float | None:
    """Least-squares slope of shares over equally spaced quarters, in percentage points.

    >>> _slope([0.2, 0.3, 0.4])
    10.0
    """
    count = len(values)
    if count < 2:
        return None
    mean_x = (count - 1) / 2
    mean_y = sum(values) / count
    numerator = sum((index - mean_x) * (value - mean_y) for index, value in enumerate(values))
    denominator = sum((index - mean_x) ** 2 for index in range(count))
    return round(100 * numerator / denominator, 2)
