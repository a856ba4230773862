"""The data-quality report of each load of a national return: what was reconciled, what is
missing, what looks wrong against last year and against peers, and whether it shrinks a return.

A report is computed before anything is stored, so that a resubmission which would replace a
return with one far smaller is refused unless the person loading it says ``--replace``; it is
then kept in ``load_reports`` with the load, for the CLI, the web app and the pack to show.
"""

from __future__ import annotations

import getpass
import json
import statistics
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from joinedup.core.record import Record
from joinedup.errors import JoinedUpError
from joinedup.ledger.returns.records import Allocation, Outturn, ReturnFile
from joinedup.money import money
from joinedup.money import per_head as a_head
from joinedup.reference import council_in_year
from joinedup.warehouse import Warehouse

__all__ = [
    "PEER_LIMIT",
    "SHRINK_LIMIT",
    "YEAR_LIMIT",
    "Finding",
    "LoadReport",
    "ReturnNotReceived",
    "ShrinkingResubmission",
    "StoredReport",
    "load_report",
    "load_reports",
    "store_report",
]

#: A figure that changes by more than this share from the year before is flagged.
YEAR_LIMIT = 0.25
#: A council's per-head figure this many robust standard deviations from the median is flagged.
PEER_LIMIT = 3.5
#: A resubmission whose total is below this share of the return it replaces needs --replace.
SHRINK_LIMIT = 0.5
_TOTALS = ("adult_social_care", "children_social_care", "public_health")


class ShrinkingResubmission(JoinedUpError):
    """A load that would replace published figures with far smaller ones, without --replace."""


@dataclass(frozen=True, slots=True)
class Finding:
    """One thing worth a person's eye: ``kind`` is outlier_year, outlier_peers or shrinks."""

    kind: str
    organisation: str
    name: str
    item: str
    financial_year: str
    message: str


class ReturnNotReceived(Record):
    """A council in a file loaded whose return for a year was not received."""

    code: str
    name: str
    financial_year: str
    status: str


@dataclass(slots=True)
class LoadReport:
    kind: str
    file_name: str
    reconciled: list[str] = field(default_factory=list)
    missing_returns: list[ReturnNotReceived] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)

    @property
    def shrinks(self) -> list[Finding]:
        return [finding for finding in self.findings if finding.kind == "shrinks"]

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "file_name": self.file_name,
            "reconciled": self.reconciled,
            "missing_returns": [item.model_dump() for item in self.missing_returns],
            "findings": [asdict(finding) for finding in self.findings],
        }

    def lines(self) -> list[str]:
        """The report as lines for a terminal or a page."""
        found = [f"Reconciled: {line}" for line in self.reconciled]
        found += [
            f"Missing return: {item.name} ({item.code}), {item.financial_year}: "
            f"{item.status.replace('_', ' ')}."
            for item in self.missing_returns
        ]
        found += [f"Check: {finding.message}" for finding in self.findings]
        return found or ["Nothing to report."]


def _previous(year: str) -> str:
    start = int(year[:4]) - 1
    return f"{start}-{(start + 1) % 100:02d}"


def _change(new: Decimal, old: Decimal) -> float | None:
    return None if old == 0 else float((new - old) / abs(old))


Stored = dict[tuple[str, str, str], Decimal]


def _stored_allocations(warehouse: Warehouse, years: set[str]) -> Stored:
    marks = ", ".join("?" for _ in years)
    rows = warehouse.query(
        "SELECT system_code, financial_year, stream, amount FROM ledger_allocations "
        f"WHERE NOT synthetic AND superseded_at IS NULL AND financial_year IN ({marks})",
        sorted(years),
    )
    return {
        (r["system_code"], r["financial_year"], r["stream"]): Decimal(r["amount"]) for r in rows
    }


def _stored_outturn(warehouse: Warehouse, years: set[str]) -> Stored:
    marks = ", ".join("?" for _ in years)
    rows = warehouse.query(
        "SELECT council_code, financial_year, form, sum(amount) AS amount FROM council_outturn "
        f"WHERE superseded_at IS NULL AND amount IS NOT NULL AND financial_year IN ({marks}) "
        "AND service IN ('adult_social_care', 'children_social_care', 'public_health') "
        "GROUP BY ALL",
        sorted(years),
    )
    return {(r["council_code"], r["financial_year"], r["form"]): Decimal(r["amount"]) for r in rows}


def _allocation_findings(warehouse: Warehouse, allocations: Sequence[Allocation]) -> list[Finding]:
    if not allocations:
        return []
    years = {a.financial_year for a in allocations}
    stored = _stored_allocations(warehouse, years | {_previous(y) for y in years})
    findings: list[Finding] = []
    totals: dict[tuple[str, str], Decimal] = defaultdict(Decimal)
    covered: dict[tuple[str, str], set[str]] = defaultdict(set)
    for item in allocations:
        totals[item.financial_year, item.stream] += item.amount
        covered[item.financial_year, item.stream].add(item.system_code)
        before = stored.get((item.system_code, _previous(item.financial_year), item.stream))
        change = None if before is None else _change(item.amount, before)
        if change is not None and abs(change) > YEAR_LIMIT:
            findings.append(
                Finding(
                    "outlier_year",
                    item.system_code,
                    item.system_code,
                    item.stream,
                    item.financial_year,
                    f"{item.system_code} {item.stream} {item.financial_year} is {change:+.0%} "
                    f"on {_previous(item.financial_year)}.",
                )
            )
    for (year, stream), total in sorted(totals.items()):
        # Only what this file replaces: a file of some ICBs replaces only theirs.
        replaced = sum(
            (stored.get((code, year, stream), Decimal(0)) for code in covered[year, stream]),
            Decimal(0),
        )
        if replaced and total < replaced * Decimal(repr(SHRINK_LIMIT)):
            findings.append(
                Finding(
                    "shrinks",
                    "England",
                    "England",
                    stream,
                    year,
                    f"{stream} {year} would fall from {money(replaced)} to {money(total)} "
                    f"({float(total / replaced):.0%} of the figures it replaces).",
                )
            )
    return findings


def _outturn_findings(warehouse: Warehouse, rows: Sequence[tuple[str, Outturn]]) -> list[Finding]:
    if not rows:
        return []
    years = {row.financial_year for _, row in rows}
    stored = _stored_outturn(warehouse, years | {_previous(y) for y in years})
    names = {code: row.council_name for code, row in rows}
    new: dict[tuple[str, str, str], Decimal] = defaultdict(Decimal)
    by_service: dict[tuple[str, str, str], Decimal] = {}
    for code, row in rows:
        if row.service not in _TOTALS:
            continue
        # A council in the file with no figures (its return now "not received") counts as 0,
        # so that a resubmission cannot wipe a council's figures unnoticed.
        new[code, row.financial_year, row.form] += row.amount or Decimal(0)
        if row.amount is not None:
            by_service[code, row.financial_year, row.service] = row.amount
    findings: list[Finding] = []
    for (code, year, form), total in sorted(new.items()):
        replaced = stored.get((code, year, form))
        if replaced and total < replaced * Decimal(repr(SHRINK_LIMIT)):
            findings.append(
                Finding(
                    "shrinks",
                    code,
                    names[code],
                    form,
                    year,
                    f"{names[code]}'s {form} {year} social care and public health would fall "
                    f"from {money(replaced)} to {money(total)}.",
                )
            )
        before = stored.get((code, _previous(year), form))
        change = None if before is None or not total else _change(total, before)
        if change is not None and abs(change) > YEAR_LIMIT:
            findings.append(
                Finding(
                    "outlier_year",
                    code,
                    names[code],
                    form,
                    year,
                    f"{names[code]}'s social care and public health {year} ({form}) are "
                    f"{change:+.0%} on {_previous(year)}.",
                )
            )
    findings += _peer_findings(by_service, names)
    return findings


def _peer_findings(
    by_service: dict[tuple[str, str, str], Decimal], names: dict[str, str]
) -> list[Finding]:
    """Councils far from the others per head: median and MAD, robust to the outliers sought."""
    groups: dict[tuple[str, str], dict[str, float]] = defaultdict(dict)
    for (code, year, service), amount in by_service.items():
        population = council_in_year(code, year).population
        if population:
            groups[year, service][code] = float(amount) / population
    findings: list[Finding] = []
    for (year, service), per_head in sorted(groups.items()):
        if len(per_head) < 10:
            continue
        middle = statistics.median(per_head.values())
        spread = statistics.median(abs(v - middle) for v in per_head.values()) * 1.4826
        if spread == 0:
            continue
        for code, value in sorted(per_head.items()):
            score = (value - middle) / spread
            if abs(score) > PEER_LIMIT:
                findings.append(
                    Finding(
                        "outlier_peers",
                        code,
                        names[code],
                        service,
                        year,
                        f"{names[code]}'s {service.replace('_', ' ')} {year} is {a_head(value)} "
                        f"a head against a median of {a_head(middle)} for councils.",
                    )
                )
    return findings


def load_report(
    warehouse: Warehouse, found: ReturnFile, outturn: Sequence[tuple[str, Outturn]]
) -> LoadReport:
    """The data-quality report of a file about to be loaded (nothing is stored here)."""
    report = LoadReport(found.kind, found.path.name)
    report.reconciled = [note for note in found.notes if "agree" in note]
    seen: set[tuple[str, str]] = set()
    for code, row in outturn:
        if row.status == "not_received" and (code, row.financial_year) not in seen:
            seen.add((code, row.financial_year))
            report.missing_returns.append(
                ReturnNotReceived(
                    code=code,
                    name=row.council_name,
                    financial_year=row.financial_year,
                    status=row.status,
                )
            )
    report.findings = _allocation_findings(warehouse, found.allocations) + _outturn_findings(
        warehouse, outturn
    )
    return report


def store_report(warehouse: Warehouse, report: LoadReport, sha256: str, by: str | None) -> int:
    with warehouse.transaction() as connection:
        row = connection.execute("SELECT coalesce(max(id), 0) + 1 FROM load_reports").fetchone()
        new_id = int(row[0]) if row else 1
        connection.execute(
            "INSERT INTO load_reports VALUES (?, ?, ?, ?, ?, ?, ?)",
            [
                new_id,
                report.kind,
                report.file_name,
                sha256,
                datetime.now(UTC).replace(tzinfo=None, microsecond=0),
                by or getpass.getuser(),
                json.dumps(report.as_dict()),
            ],
        )
    return new_id


class StoredReport(Record):
    """The data-quality report of one load as stored with it: who loaded which file when
    (``loaded_at`` in ISO 8601), and what the report found."""

    id: int
    kind: str
    file_name: str
    loaded_by: str
    loaded_at: str
    reconciled: list[str]
    missing_returns: list[ReturnNotReceived]
    findings: list[Finding]


def load_reports(warehouse: Warehouse, limit: int = 20) -> list[StoredReport]:
    """The latest loads' reports, newest first."""
    rows = warehouse.query(
        "SELECT id, kind, file_name, loaded_at, loaded_by, report FROM load_reports "
        "ORDER BY id DESC LIMIT ?",
        [limit],
    )
    return [
        StoredReport.model_validate(
            {
                **{k: row[k] for k in ("id", "kind", "file_name", "loaded_by")},
                "loaded_at": row["loaded_at"].isoformat(),
                **json.loads(row["report"]),
            }
        )
        for row in rows
    ]
