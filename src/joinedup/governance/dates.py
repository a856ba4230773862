"""The dates of a decision and its sign-offs, checked where they are recorded.

- A decision is decided (approved or rejected, ``decided_on``) on or after its date
  (``date``: when it was proposed to be taken), never before.
- Nothing is decided or signed off in the future.

A council's sign-off usually comes *before* the board's date (the rules ask for it before
approval), so a sign-off dated before the decision is normal and allowed. The same rules are
refused on entry (web forms, ``joinedup governance`` verbs, workbook imports: every write goes
through the registers' row checks) and warned of, for rows stored before they were checked, by
``joinedup governance check``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import date
from typing import TYPE_CHECKING, Any, TypeVar

from joinedup.warehouse import Warehouse

if TYPE_CHECKING:
    from joinedup.core.record import Record

#: Called with the field and the problem (``records.registers.Report``).
Report = Callable[[str | None, str], None]

#: A row of a register (a mapping) or a typed record (governance.oversight.CheckedDecision).
Row = TypeVar("Row", bound="Mapping[str, Any] | Record")


def _day(value: date) -> str:
    return f"{value.day} {value:%B %Y}"


def decision_date_problems(
    decision: Mapping[str, Any], today: date | None = None
) -> list[tuple[str, str]]:
    """What is wrong with a decision's dates, as ``(field, problem)`` pairs.

    >>> decision_date_problems(
    ...     {"date": date(2024, 5, 1), "decided_on": date(2019, 5, 1)}, today=date(2025, 1, 1)
    ... )
    [('decided_on', 'decided on 1 May 2019, before its date 1 May 2024: it cannot be decided before it is proposed')]
    """  # noqa: E501
    today = today or date.today()
    proposed, decided = decision.get("date"), decision.get("decided_on")
    problems = []
    if decided is not None and proposed is not None and decided < proposed:
        problems.append(
            (
                "decided_on",
                f"decided on {_day(decided)}, before its date {_day(proposed)}: it cannot be "
                "decided before it is proposed",
            )
        )
    if decided is not None and decided > today:
        problems.append(("decided_on", f"decided on {_day(decided)}, which is in the future"))
    return problems


def sign_off_date_problems(
    sign_off: Mapping[str, Any], today: date | None = None
) -> list[tuple[str, str]]:
    """What is wrong with a sign-off's date: it is not in the future.

    >>> sign_off_date_problems({"signed_on": date(2030, 1, 1)}, today=date(2025, 1, 1))
    [('signed_on', 'signed off on 1 January 2030, which is in the future')]
    """
    today = today or date.today()
    signed = sign_off.get("signed_on")
    if signed is not None and signed > today:
        return [("signed_on", f"signed off on {_day(signed)}, which is in the future")]
    return []


def check_decision_dates(decision: Mapping[str, Any], report: Report) -> None:
    """The register's row check: refuse a decision whose dates are out of order."""
    for field, problem in decision_date_problems(decision):
        report(field, problem)


def check_sign_off_dates(sign_off: Mapping[str, Any], report: Report) -> None:
    """The register's row check: refuse a sign-off dated in the future."""
    for field, problem in sign_off_date_problems(sign_off):
        report(field, problem)


def date_warnings(
    warehouse: Warehouse, decision_ids: Iterable[int], today: date | None = None
) -> dict[int, list[str]]:
    """For rows stored before their dates were checked: each decision's date problems, and
    its sign-offs', as sentences, by decision id (only those with a problem)."""
    ids = list(decision_ids)
    if not ids:
        return {}
    placeholders = ", ".join("?" for _ in ids)
    found: dict[int, list[str]] = {}
    for row in warehouse.query(
        "SELECT id, decision_date AS date, decided_on FROM governance_decisions "
        f"WHERE id IN ({placeholders}) ORDER BY id",
        ids,
    ):
        for _, problem in decision_date_problems(row, today):
            found.setdefault(int(row["id"]), []).append(f"Decision {problem}.")
    for row in warehouse.query(
        "SELECT decision_id, council_code, signed_on FROM governance_sign_offs "
        f"WHERE decision_id IN ({placeholders}) ORDER BY decision_id, council_code",
        ids,
    ):
        for _, problem in sign_off_date_problems(row, today):
            found.setdefault(int(row["decision_id"]), []).append(
                f"{row['council_code']} {problem}."
            )
    return found


def newest_first(rows: Iterable[Row], key: str = "date") -> list[Row]:
    """Rows (mappings or typed records) in date order, newest first (undated last): how every
    list of decisions, meetings and submissions is shown; the same date in order of ``id``.

    >>> [row["id"] for row in newest_first(
    ...     [{"id": 1, "date": date(2023, 1, 1)}, {"id": 2, "date": None},
    ...      {"id": 3, "date": date(2024, 1, 1)}]
    ... )]
    [3, 1, 2]
    """
    listed = list(rows)
    dated = sorted(
        (row for row in listed if _field(row, key) is not None),
        key=lambda row: (str(_field(row, key)), _field(row, "id") or 0),
        reverse=True,
    )
    return dated + [row for row in listed if _field(row, key) is None]


def _field(row: Mapping[str, Any] | Record, name: str) -> Any:
    return row.get(name) if isinstance(row, Mapping) else getattr(row, name, None)
