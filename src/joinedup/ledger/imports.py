"""Importing national returns into the warehouse: stored whole, or not at all.

ICB allocations go to ``ledger_allocations``; councils' published outturn (Revenue Outturn) to
``council_outturn``, under the council of each year's structure; councils' spend from the adult
social care finance return becomes one submission per council and year, with the return as its
source. Where a partner has submitted its own spend for a year, that submission counts and the
national return's does not (see ``ledger.figures``); both are kept.
"""

from __future__ import annotations

import getpass
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from joinedup.ledger.allocations import store_allocations
from joinedup.ledger.outturn import resolve_councils, store_outturn
from joinedup.ledger.quality import LoadReport, ShrinkingResubmission, load_report, store_report
from joinedup.ledger.returns import read_return
from joinedup.ledger.submission import NewSubmission, SpendLine, store_many
from joinedup.problems import FileRejected
from joinedup.reference import council
from joinedup.warehouse import Warehouse


@dataclass(frozen=True, slots=True)
class ImportResult:
    kind: str
    file: str
    allocations: int
    outturn: int
    submissions: int
    unchanged: int
    lines: int
    total: Decimal
    notes: tuple[str, ...]
    report: LoadReport


def import_return(
    warehouse: Warehouse,
    kind: str,
    path: Path,
    *,
    imported_by: str | None = None,
    replace: bool = False,
) -> ImportResult:
    """Read a national return and store everything in it, or nothing if any row is bad.

    Its data-quality report is kept with the load. A file that would replace published figures
    with ones far smaller (``quality.SHRINK_LIMIT``) is refused unless ``replace`` is true.
    """
    found = read_return(kind, path)
    outturn_rows = resolve_councils(found.outturn, Path(path).name)
    resolved = outturn_rows.rows
    problems = [*found.problems, *outturn_rows.problems]
    if problems:
        raise FileRejected(Path(path).name, problems)
    by = imported_by or getpass.getuser()
    report = load_report(warehouse, found, resolved)
    if report.shrinks and not replace:
        listed = " ".join(finding.message for finding in report.shrinks[:3])
        more = len(report.shrinks) - 3
        raise ShrinkingResubmission(
            f"{Path(path).name} would replace published figures with far smaller ones: {listed}"
            + (f" (and {more} more)" if more > 0 else "")
            + " Nothing was stored; if this is right, load it again with --replace."
        )
    grouped: dict[tuple[str, str], list[SpendLine]] = defaultdict(list)
    for spend in found.spend:
        memberships = council(spend.council_code).systems
        system_code = memberships[0].system_code if len(memberships) == 1 else None
        grouped[spend.council_code, spend.financial_year].append(
            SpendLine(
                0,
                system_code,
                spend.council_code,
                spend.spending_type,
                spend.funding_source,
                False,
                spend.amount,
                "; ".join(spend.source_lines)[:500] or None,
            )
        )
    submissions = [
        NewSubmission(code, year, lines, kind, Path(path).name, found.sha256, by)
        for (code, year), lines in sorted(grouped.items())
    ]
    with warehouse.transaction():
        stored = store_many(warehouse, submissions)
        allocations = store_allocations(
            warehouse,
            [(a.system_code, a.financial_year, a.stream, a.amount) for a in found.allocations],
            file_name=Path(path).name,
            file_sha256=found.sha256,
        )
        outturn = store_outturn(
            warehouse, resolved, file_name=Path(path).name, file_sha256=found.sha256
        )
        store_report(warehouse, report, found.sha256, by)
    return ImportResult(
        kind=kind,
        file=Path(path).name,
        allocations=allocations,
        outturn=outturn,
        submissions=sum(not s.unchanged for s in stored),
        unchanged=sum(s.unchanged for s in stored),
        lines=sum(len(lines) for lines in grouped.values()),
        # Outturn rows nest (totals and their detail lines), so they add nothing to this sum.
        total=sum((s.amount for s in found.spend), Decimal(0))
        + sum((a.amount for a in found.allocations), Decimal(0)),
        notes=(*found.notes, *outturn_rows.notes),
        report=report,
    )
