"""A council's sign-off is recorded by that council's people (or an administrator) only."""

from __future__ import annotations

from datetime import date

import pytest

from joinedup.governance.decisions import add_decision, sign_off, sign_offs
from joinedup.permissions import NotPermitted
from joinedup.records.audit import history
from joinedup.users import User, add_user
from joinedup.warehouse import Warehouse

from .governance_support import KENT, KM, MEDWAY

PASSWORD = "correct horse battery"


def account(warehouse: Warehouse, email: str, role: str, organisation: str | None) -> User:
    return add_user(warehouse, email, name=email, role=role, organisation_key=organisation,
                    password=PASSWORD)  # fmt: skip


@pytest.fixture
def decision(warehouse: Warehouse, icb_board: str) -> int:
    found = add_decision(warehouse, icb_board, "Winter fund", "budget_allocation",
                         on=date(2024, 10, 1), affected=[KENT, MEDWAY])  # fmt: skip
    return int(found["id"])


@pytest.mark.parametrize(
    ("role", "organisation"),
    [
        ("board_secretary", KM),  # the ICB's secretary, whose board proposed it
        ("board_secretary", MEDWAY),  # another affected council's
        ("partner_analyst", KENT),  # Kent's, but not a role that signs off
    ],
)
def test_no_one_else_records_a_councils_sign_off(
    warehouse: Warehouse, decision: int, role: str, organisation: str
) -> None:
    user = account(warehouse, "someone@example.org", role, organisation)
    with pytest.raises(NotPermitted, match=f"council {KENT}'s board secretaries"):
        sign_off(warehouse, decision, KENT, "Kent cabinet", user=user)
    with pytest.raises(NotPermitted):
        sign_off(warehouse, decision, "Kent", "Kent cabinet", user=user)  # by its name too
    assert sign_offs(warehouse) == []
    assert history(warehouse, table="governance_sign_offs") == []


def test_the_councils_secretary_or_an_administrator_records_it(
    warehouse: Warehouse, decision: int
) -> None:
    secretary = account(warehouse, "secretary@kent.gov.uk", "board_secretary", KENT)
    administrator = account(warehouse, "admin@example.org", "system_admin", None)
    sign_off(warehouse, decision, "Kent", "Kent cabinet", user=secretary)
    sign_off(warehouse, decision, MEDWAY, "Medway cabinet", user=administrator)
    assert [(row["council"], row["signed_by"]) for row in sign_offs(warehouse, decision)] == [
        (KENT, "Kent cabinet"),
        (MEDWAY, "Medway cabinet"),
    ]
    logged = history(warehouse, table="governance_sign_offs")
    assert sorted(entry["who"] for entry in logged) == [
        "admin@example.org",
        "secretary@kent.gov.uk",
    ]
