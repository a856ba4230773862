"""Submissions: a partner's spend for a financial year, checked row by row, stored whole.

Over 400 lines: checking a submission row by row and storing it whole (superseding the current one)
are one transaction with one report of problems.

A resubmission supersedes the current one for the same organisation, year and source; both stay
in the warehouse with who sent them, when, and the file's SHA-256.
"""

from __future__ import annotations

import getpass
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from difflib import get_close_matches
from pathlib import Path
from typing import Any

from joinedup.core.fields import is_blank
from joinedup.core.files import Table, read_table
from joinedup.core.financial_year import BadFinancialYear, parse_financial_year
from joinedup.core.record import Money, Record
from joinedup.ledger.taxonomy import funding_sources, spending_types
from joinedup.money import money_exact
from joinedup.organisations import Organisation, organisation
from joinedup.problems import FileRejected, Problem, RowReport
from joinedup.reference import UnknownCode, council, system
from joinedup.warehouse import Warehouse

COLUMNS = (
    "financial_year",
    "system",
    "council",
    "spending_type",
    "funding_source",
    "pooled",
    "amount",
    "description",
)
REQUIRED = ("spending_type", "funding_source", "amount")
SHEET = "Spend"
TOTAL_MARK = "total"
PENNY = Decimal("0.01")
YES = {"yes", "y", "true", "1", "pooled"}
NO = {"no", "n", "false", "0", "not pooled"}


@dataclass(frozen=True, slots=True)
class SpendLine:
    row: int
    system_code: str | None
    council_code: str | None
    spending_type: str
    funding_source: str
    pooled: bool
    amount: Decimal
    description: str | None = None
    # 'national' or 'local' when the line says so (an optional column), overriding the rules of
    # joinedup.ledger.direction; None: judged by them.
    direction: str | None = None


@dataclass(frozen=True, slots=True)
class Submission:
    id: int
    organisation_code: str
    financial_year: str
    line_count: int
    total: Decimal
    superseded: list[int]
    unchanged: bool = False


def amount_in_pounds(value: object) -> Decimal:
    """An amount as people type it: 1234.5, '1,234.50', '£1,234'. Raises ValueError otherwise.

    >>> amount_in_pounds("£1,234.505")
    Decimal('1234.51')
    """
    if isinstance(value, bool):
        raise ValueError(value)
    text = str(value).strip().replace(",", "").replace("£", "").replace(" ", "")
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise ValueError(value) from None
    if not number.is_finite():
        raise ValueError(value)
    return number.quantize(PENNY, rounding=ROUND_HALF_UP)


def check_lines(
    table: Table, owner: Organisation, year: str
) -> tuple[list[SpendLine], Decimal | None, list[Problem]]:
    """Every spend line of the table, the stated total if any, and every problem found."""
    lines: list[SpendLine] = []
    problems: list[Problem] = []
    stated: tuple[int, Decimal] | None = None
    seen: dict[tuple[Any, ...], int] = {}

    for number, cells in table.rows:
        if all(is_blank(value) for value in cells.values()):
            continue
        problem = RowReport(table.file, number, problems, table.sheet)
        if str(cells.get("spending_type") or "").strip().casefold() == TOTAL_MARK:
            if stated is not None:
                problem("spending_type", f"a second TOTAL row (the first is row {stated[0]})")
            try:
                stated = (number, amount_in_pounds(cells.get("amount")))
            except ValueError:
                problem("amount", f"the TOTAL row's amount {cells.get('amount')!r} is not a number")
            continue
        line = _check_row(cells, owner, year, problem)
        if line is None:
            continue
        key = (
            line.system_code,
            line.council_code,
            line.spending_type,
            line.funding_source,
            line.pooled,
        )
        if key in seen:
            problem(
                None,
                f"duplicates row {seen[key]} (same system, council, spending type, "
                "funding source and pooled flag); add the amounts into one line",
            )
            continue
        seen[key] = number
        lines.append(line)

    if not lines and not problems:
        problems.append(Problem(table.file, None, None, "there are no spend lines", table.sheet))
    total = sum((line.amount for line in lines), Decimal("0"))
    if stated is not None and not problems and stated[1] != total:
        problems.append(
            Problem(
                table.file,
                stated[0],
                "amount",
                f"the lines add up to {money_exact(total)} but the stated total is "
                f"{money_exact(stated[1])} (difference {money_exact(stated[1] - total)})",
                table.sheet,
            )
        )
    return lines, (stated[1] if stated else None), problems


def _check_row(
    cells: dict[str, Any], owner: Organisation, year: str, problem: RowReport
) -> SpendLine | None:
    before = len(problem.problems)
    kind = str(cells.get("spending_type") or "").strip()
    types = spending_types()
    if not kind:
        problem("spending_type", "the spending type is missing")
    elif kind not in types:
        problem("spending_type", f"unknown spending type {kind!r}{_did_you_mean(kind, types)}")
    source = str(cells.get("funding_source") or "").strip()
    sources = funding_sources()
    if not source:
        problem("funding_source", "the funding source is missing")
    elif source not in sources:
        problem(
            "funding_source", f"unknown funding source {source!r}{_did_you_mean(source, sources)}"
        )

    amount: Decimal | None = None
    raw = cells.get("amount")
    if is_blank(raw):
        problem("amount", "the amount is missing")
    else:
        try:
            amount = amount_in_pounds(raw)
        except ValueError:
            problem("amount", f"{raw!r} is not an amount in pounds")
        else:
            if amount < 0:
                problem("amount", "amounts are gross spend and cannot be negative")

    given_year = cells.get("financial_year")
    if not is_blank(given_year):
        try:
            if parse_financial_year(str(given_year)) != year:
                problem(
                    "financial_year", f"the row is for {given_year}; this submission is for {year}"
                )
        except BadFinancialYear as error:
            problem("financial_year", str(error))

    pooled_text = str(cells.get("pooled") or "").strip().casefold()
    pooled = sources[source].pooled if source in sources else False
    if pooled_text in YES:
        pooled = True
    elif pooled_text in NO:
        pooled = False
    elif pooled_text:
        problem("pooled", f"{cells.get('pooled')!r} is not yes or no")

    direction = str(cells.get("direction") or "").strip().casefold() or None
    if direction not in (None, "national", "local"):
        problem("direction", f"{cells.get('direction')!r} is not national or local")

    system_code, council_code = _place(cells, owner, problem)
    if len(problem.problems) > before or amount is None:
        return None
    description = cells.get("description")
    return SpendLine(
        problem.row,
        system_code,
        council_code,
        kind,
        source,
        pooled,
        amount,
        None if is_blank(description) else str(description).strip(),
        direction,
    )


def _place(
    cells: dict[str, Any], owner: Organisation, problem: RowReport
) -> tuple[str | None, str | None]:
    """The system and council a line is for, checked against who is submitting it."""
    system_code: str | None = None
    council_code: str | None = None
    given_system = str(cells.get("system") or "").strip()
    given_council = str(cells.get("council") or "").strip()
    if given_system:
        try:
            system_code = system(given_system).code
        except UnknownCode as error:
            problem("system", str(error))
            return None, None
    if given_council:
        try:
            council_code = council(given_council).code
        except UnknownCode as error:
            problem("council", str(error))
            return None, None

    if owner.kind == "council":
        if council_code not in (None, owner.code):
            problem("council", f"{owner.name} can only submit spend for its own area")
        council_code = owner.code
        memberships = [m.system_code for m in council(owner.code).systems]
        if system_code is not None and system_code not in memberships:
            problem("system", f"{owner.name} is not in system {system_code}")
        if system_code is None and len(memberships) == 1:
            system_code = memberships[0]
        return system_code, council_code

    home = owner.system_code
    if system_code is not None and system_code != home:
        problem("system", f"{owner.name} reports for system {home}, not {system_code}")
    system_code = home
    if council_code is not None and system_code not in [
        m.system_code for m in council(council_code).systems
    ]:
        problem("council", f"council {council_code} is not in system {system_code}")
    return system_code, council_code


def _did_you_mean(given: str, known: dict[str, Any]) -> str:
    close = get_close_matches(given.lower(), list(known), n=2, cutoff=0.5)
    return f"; did you mean {' or '.join(close)}?" if close else ""


def submit(
    warehouse: Warehouse,
    path: Path,
    organisation_key: str,
    year: str,
    *,
    submitted_by: str | None = None,
    source: str = "submission",
) -> Submission:
    """Check the file and store it as the organisation's spend for the year, superseding the last.

    Raises :class:`FileRejected` with every problem found, having stored nothing.
    """
    year = parse_financial_year(year)
    owner = organisation(warehouse, organisation_key)
    table = read_table(path, REQUIRED, sheet=None)
    lines, stated, problems = check_lines(table, owner, year)
    if problems:
        raise FileRejected(table.file, problems)
    return store(
        warehouse,
        owner.code,
        year,
        lines,
        source=source,
        file_name=table.file,
        file_sha256=table.sha256,
        submitted_by=submitted_by or getpass.getuser(),
        stated_total=stated,
    )


@dataclass(frozen=True, slots=True)
class NewSubmission:
    """Checked lines ready to store as one organisation's spend for one year."""

    organisation_code: str
    financial_year: str
    lines: list[SpendLine]
    source: str
    file_name: str | None
    file_sha256: str | None
    submitted_by: str
    stated_total: Decimal | None = None
    submitted_at: datetime | None = None


def store(
    warehouse: Warehouse,
    organisation_code: str,
    year: str,
    lines: list[SpendLine],
    *,
    source: str,
    file_name: str | None,
    file_sha256: str | None,
    submitted_by: str,
    stated_total: Decimal | None = None,
) -> Submission:
    """Store checked lines as one submission, in one transaction, superseding the current one."""
    new = NewSubmission(
        organisation_code, year, lines, source, file_name, file_sha256, submitted_by, stated_total
    )
    return store_many(warehouse, [new])[0]


def store_many(
    warehouse: Warehouse, submissions: list[NewSubmission], *, synthetic: bool = False
) -> list[Submission]:
    """Store many submissions in one transaction (an import, the demo), each superseding the
    organisation's current one for its year and source. A file identical to the current
    submission changes nothing."""
    now = datetime.now(UTC).replace(tzinfo=None, microsecond=0)
    results: list[Submission] = []
    # Only the ledger's tables: the metric charts, the governance pages... stay cached.
    with warehouse.transaction(touches=("ledger",)) as connection:
        current: dict[tuple[str, str, str], list[tuple[int, str | None]]] = {}
        for sid, org, year, source, sha in connection.execute(
            "SELECT id, organisation_code, financial_year, source, file_sha256 "
            "FROM ledger_submissions WHERE superseded_by IS NULL"
        ).fetchall():
            current.setdefault((org, year, source), []).append((int(sid), sha))
        found = connection.execute("SELECT coalesce(max(id), 0) FROM ledger_submissions")
        row = found.fetchone()
        next_id = int(row[0]) if row else 0
        headers: list[list[Any]] = []
        lines: list[list[Any]] = []
        supersede: list[list[Any]] = []
        for new in submissions:
            total = sum((line.amount for line in new.lines), Decimal("0"))
            key = (new.organisation_code, new.financial_year, new.source)
            earlier = current.get(key, [])
            if new.file_sha256 is not None and [sha for _, sha in earlier] == [new.file_sha256]:
                results.append(
                    Submission(
                        earlier[0][0], key[0], key[1], len(new.lines), total, [], unchanged=True
                    )
                )
                continue
            next_id += 1
            when = new.submitted_at or now
            headers.append(
                [
                    next_id,
                    key[0],
                    key[1],
                    key[2],
                    new.file_name,
                    new.file_sha256,
                    new.submitted_by,
                    when,
                    new.stated_total,
                    len(new.lines),
                    total,
                    synthetic,
                ]
            )
            lines += [
                [
                    next_id,
                    index,
                    line.system_code,
                    line.council_code,
                    line.spending_type,
                    line.funding_source,
                    line.pooled,
                    line.amount,
                    line.description,
                    synthetic,
                    line.direction,
                ]
                for index, line in enumerate(new.lines, start=1)
            ]
            supersede += [[next_id, when, sid] for sid, _ in earlier]
            current[key] = [(next_id, new.file_sha256)]
            results.append(
                Submission(
                    next_id, key[0], key[1], len(new.lines), total, [sid for sid, _ in earlier]
                )
            )
        warehouse.insert_rows("ledger_submissions", SUBMISSION_COLUMNS, headers)
        warehouse.insert_rows("ledger_lines", LINE_COLUMNS, lines)
        for new_id, when, old_id in supersede:
            connection.execute(
                "UPDATE ledger_submissions SET superseded_by = ?, superseded_at = ? WHERE id = ?",
                [new_id, when, old_id],
            )
    return results


SUBMISSION_COLUMNS = (
    "id",
    "organisation_code",
    "financial_year",
    "source",
    "file_name",
    "file_sha256",
    "submitted_by",
    "submitted_at",
    "stated_total",
    "line_count",
    "total",
    "synthetic",
)
LINE_COLUMNS = (
    "submission_id",
    "line_number",
    "system_code",
    "council_code",
    "spending_type",
    "funding_source",
    "pooled",
    "amount",
    "description",
    "synthetic",
    "direction",
)


class SubmissionRecord(Record):
    """One submission of an organisation to the joint ledger: its file, who sent it and when,
    its total (and the total the file stated), and whether a later one superseded it."""

    id: int
    financial_year: str
    source: str
    file_name: str | None
    file_sha256: str | None
    submitted_by: str
    submitted_at: datetime
    line_count: int
    total: Money
    stated_total: Money | None
    current: bool
    superseded_by: int | None
    superseded_at: datetime | None


def history(warehouse: Warehouse, organisation_key: str) -> list[SubmissionRecord]:
    """Every submission of an organisation, newest first, current and superseded."""
    owner = organisation(warehouse, organisation_key)
    rows = warehouse.query(
        "SELECT id, financial_year, source, file_name, file_sha256, submitted_by, submitted_at, "
        "line_count, total, stated_total, superseded_by IS NULL AS current, superseded_by, "
        "superseded_at FROM ledger_submissions WHERE organisation_code = ? "
        "ORDER BY financial_year DESC, id DESC",
        [owner.code],
    )
    return [SubmissionRecord.model_validate(row) for row in rows]
