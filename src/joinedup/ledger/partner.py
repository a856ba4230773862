"""What a partner sees of its own data: its submissions to the joint ledger, newest first, and
what the data-quality reports of the national returns loaded say about it.

The web page (``/ledger/submissions``) and the command line (``ledger history``,
``ledger quality``) read the same records; only the organisation's own users and administrators
may ask for them (the web app checks, ``joinedup.permissions``)."""

from __future__ import annotations

from joinedup.core.record import Record
from joinedup.ledger.quality import StoredReport, load_reports
from joinedup.ledger.submission import SubmissionRecord, history
from joinedup.organisations import organisation
from joinedup.warehouse import Warehouse


class PartnerRecord(Record):
    """An organisation's submissions (newest first) and what the latest loads of national
    returns say about it."""

    code: str
    name: str
    kind: str
    submissions: list[SubmissionRecord]
    quality: list[StoredReport]


def quality_about(reports: list[StoredReport], code: str) -> list[StoredReport]:
    """The loads whose reports name the organisation, each with only what concerns it: its
    missing returns and the findings (outliers, a shrinking return) about its figures.

    >>> from joinedup.ledger.quality import Finding
    >>> far = Finding("outlier_peers", "E2", "Two", "RSX", "2024-25", "far from peers")
    >>> reports = [StoredReport(id=1, kind="revenue-outturn", file_name="RO.ods",
    ...     loaded_by="me", loaded_at="2025-06-30T09:00:00", reconciled=[],
    ...     missing_returns=[], findings=[far])]
    >>> [f.message for f in quality_about(reports, "E2")[0].findings], quality_about(reports, "E3")
    (['far from peers'], [])
    """
    found = []
    for report in reports:
        missing = [item for item in report.missing_returns if item.code == code]
        findings = [item for item in report.findings if item.organisation == code]
        if missing or findings:
            found.append(
                report.model_copy(update={"missing_returns": missing, "findings": findings})
            )
    return found


def partner_record(warehouse: Warehouse, organisation_key: str) -> PartnerRecord:
    """An organisation's submissions (newest first, current and superseded) and the quality
    findings about it in the latest loads of national returns."""
    owner = organisation(warehouse, organisation_key)
    submissions = sorted(history(warehouse, owner.code), key=lambda row: (row.submitted_at, row.id))
    submissions.reverse()
    return PartnerRecord(
        code=owner.code,
        name=owner.name,
        kind=owner.kind,
        submissions=submissions,
        quality=quality_about(load_reports(warehouse), owner.code),
    )
