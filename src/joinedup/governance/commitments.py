"""What a decision commits: pounds by partner (organisation) and financial year.

A decision's value in pounds (:func:`value_gbp`) is the sum of its commitments when it has any,
else the ``value`` it was recorded with (a decision with neither commits nothing known). The
commitments are a register like the others: checked, stored whole, and in the audit log.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from joinedup.core.financial_year import BadFinancialYear, parse_financial_year
from joinedup.records.registers import Batch, Field, Kind, Register, Report, rows
from joinedup.warehouse import Warehouse


def check_commitment(batch: Batch, commitment: dict[str, Any], report: Report) -> None:
    try:
        commitment["year"] = parse_financial_year(commitment["year"])
    except BadFinancialYear as error:
        report("year", str(error))
        return
    twin = batch.warehouse.query(
        "SELECT id FROM governance_decision_commitments WHERE decision_id = ? "
        "AND organisation_code = ? AND financial_year = ? AND id IS DISTINCT FROM ?",
        [commitment["decision"], commitment["organisation"], commitment["year"], commitment["id"]],
    )
    if twin:
        report(
            "year",
            f"decision {commitment['decision']} already commits {commitment['organisation']}'s "
            f"money in {commitment['year']} (commitment {twin[0]['id']}); change that one",
        )


COMMITMENTS = Register(
    "commitments",
    "governance_decision_commitments",
    (
        Field("id", Kind.integer, minimum=1, help="Blank for a new commitment."),
        Field("decision", Kind.integer, column="decision_id", required=True, refers_to="decisions"),
        Field(
            "organisation",
            Kind.text,
            column="organisation_code",
            required=True,
            refers_to="organisations",
            help="The partner whose money it is (organisation code).",
        ),
        Field(
            "year",
            Kind.text,
            column="financial_year",
            required=True,
            max_length=9,
            help="Financial year, e.g. 2025-26.",
        ),
        Field("amount", Kind.money, required=True, help="In pounds."),
    ),
    check=check_commitment,
    description="what decisions commit: pounds by partner and financial year",
)


def commitment_entries(
    decision_id: int | None, commitments: Iterable[Mapping[str, Any]]
) -> list[dict[str, Any]]:
    """Register entries from ``{"organisation", "year", "amount"}`` mappings."""
    return [
        {
            "decision": decision_id,
            "organisation": item["organisation"],
            "year": item["year"],
            "amount": item["amount"],
        }
        for item in commitments
    ]


def parse_commitments(text: str) -> list[dict[str, str]]:
    """Commitments written as ``ORG:YEAR:AMOUNT`` separated by ';' or new lines, as the web
    form and the command line take them; ``ValueError`` says which one is malformed.

    >>> parse_commitments("E10000016:2025-26:250000; QKS:2026-27:1,000")
    [{'organisation': 'E10000016', 'year': '2025-26', 'amount': '250000'}, \
{'organisation': 'QKS', 'year': '2026-27', 'amount': '1,000'}]
    """
    found = []
    for part in text.replace("\n", ";").split(";"):
        if not part.strip():
            continue
        pieces = [piece.strip() for piece in part.split(":")]
        if len(pieces) != 3 or not all(pieces):
            raise ValueError(
                f"{part.strip()!r} is not a commitment: write ORGANISATION:YEAR:AMOUNT, "
                "e.g. E10000016:2025-26:250000"
            )
        found.append({"organisation": pieces[0], "year": pieces[1], "amount": pieces[2]})
    return found


def commitments_of(
    warehouse: Warehouse, decision_ids: Iterable[int] | None = None
) -> dict[int, list[dict[str, Any]]]:
    """Each decision's commitments (all decisions', or only these), by year then partner."""
    wanted = None if decision_ids is None else sorted(set(decision_ids))
    if wanted == []:
        return {}
    where = "" if wanted is None else f"decision_id IN ({', '.join('?' for _ in wanted)})"
    found: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for row in sorted(
        rows(warehouse, COMMITMENTS, where, wanted or []),
        key=lambda row: (row["year"], row["organisation"], row["id"]),
    ):
        found[int(row["decision"])].append(row)
    return dict(found)


def value_gbp(value: Decimal | None, commitments: list[dict[str, Any]]) -> Decimal | None:
    """A decision's pounds: its commitments' sum, else its recorded value (None: not known).

    >>> value_gbp(Decimal(5), [{"amount": Decimal(2)}, {"amount": Decimal(3)}])
    Decimal('5')
    >>> value_gbp(Decimal(7), []), value_gbp(None, [])
    (Decimal('7'), None)
    """
    if commitments:
        return sum((Decimal(item["amount"]) for item in commitments), Decimal(0))
    return value
