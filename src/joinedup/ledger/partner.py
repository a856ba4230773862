"""What a partner sees of its own data: its submissions to the joint ledger, newest first, and
what the data-quality reports of the national returns loaded say about it.

The web page (``/ledger/submissions``) and the command line (``ledger history``,
``ledger quality``) read the same records; only the organisation's own users and administrators
may ask for them (the web app checks, ``joinedup.permissions``)."""

from __future__ import annotations

from typing import Any

from joinedup.ledger.quality import load_reports
from joinedup.ledger.submission import history
from joinedup.organisations import organisation
from joinedup.warehouse import Warehouse


def quality_about(reports: list[dict[str, Any]], code: str) -> list[dict[str, Any]]:
    """The loads whose reports name the organisation, each with only what concerns it: its
    missing returns and the findings (outliers, a shrinking return) about its figures.

    >>> reports = [{"id": 1, "file_name": "RO.ods", "missing_returns": [{"code": "E1"}],
    ...             "findings": [{"organisation": "E2", "message": "far from peers"}]}]
    >>> quality_about(reports, "E2")[0]["findings"], quality_about(reports, "E3")
    ([{'organisation': 'E2', 'message': 'far from peers'}], [])
    """
    found = []
    for report in reports:
        missing = [item for item in report.get("missing_returns", []) if item.get("code") == code]
        findings = [item for item in report.get("findings", []) if item.get("organisation") == code]
        if missing or findings:
            found.append(report | {"missing_returns": missing, "findings": findings})
    return found


def partner_record(warehouse: Warehouse, organisation_key: str) -> dict[str, Any]:
    """An organisation's submissions (newest first, current and superseded) and the quality
    findings about it in the latest loads of national returns."""
    owner = organisation(warehouse, organisation_key)
    submissions = sorted(
        history(warehouse, owner.code), key=lambda row: (row["submitted_at"], row["id"])
    )
    submissions.reverse()
    return {
        "code": owner.code,
        "name": owner.name,
        "kind": owner.kind,
        "submissions": submissions,
        "quality": quality_about(load_reports(warehouse), owner.code),
    }
