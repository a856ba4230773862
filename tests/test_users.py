from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from joinedup.cli import app
from joinedup.users import (
    UserError,
    add_user,
    authenticate,
    create_token,
    disable_user,
    user_for_token,
    users,
)
from joinedup.warehouse import Warehouse, init

PASSWORD = "correct horse battery"


@pytest.fixture
def warehouse(tmp_path: Path) -> Iterator[Warehouse]:
    init(tmp_path / "w.duckdb")
    with Warehouse.open(tmp_path / "w.duckdb", write=True) as opened:
        yield opened


def test_accounts_sign_in_with_their_password_only(warehouse: Warehouse) -> None:
    user = add_user(
        warehouse,
        "Analyst@Kent.gov.uk",
        name="A. Analyst",
        role="partner_analyst",
        organisation_key="E10000016",
        password=PASSWORD,
    )
    assert user.email == "analyst@kent.gov.uk" and user.organisation_code == "E10000016"
    assert authenticate(warehouse, "analyst@kent.gov.uk", PASSWORD) == user
    assert authenticate(warehouse, "analyst@kent.gov.uk", PASSWORD + "!") is None
    assert authenticate(warehouse, "nobody@kent.gov.uk", PASSWORD) is None
    stored = warehouse.query("SELECT password_hash FROM users")[0]["password_hash"]
    assert stored.startswith("$argon2id$") and PASSWORD not in stored
    assert user.may_see("E10000016") and not user.may_see("E10000012")


def test_passwords_are_hashed_at_argon2s_recommended_cost(
    warehouse: Warehouse, real_password_hashing: None
) -> None:
    """The real hasher (the other tests use a cheap one; see tests/conftest.py): Argon2id with
    argon2-cffi's defaults, RFC 9106's second recommended option (64 MiB, 3 passes, 4 lanes)."""
    add_user(warehouse, "a@kent.gov.uk", name="A", role="partner_analyst",
             organisation_key="E10000016", password=PASSWORD)  # fmt: skip
    stored = warehouse.query("SELECT password_hash FROM users")[0]["password_hash"]
    assert stored.startswith("$argon2id$v=19$m=65536,t=3,p=4$")
    assert authenticate(warehouse, "a@kent.gov.uk", PASSWORD) is not None


def test_tokens_and_disabling(warehouse: Warehouse) -> None:
    add_user(
        warehouse,
        "admin@ics.nhs.uk",
        name="Admin",
        role="system_admin",
        organisation_key=None,
        password=PASSWORD,
    )
    token = create_token(warehouse, "admin@ics.nhs.uk", "nightly export")
    found = user_for_token(warehouse, token)
    assert found is not None and found.is_admin and found.may_see("E10000012")
    assert token not in repr(warehouse.query("SELECT * FROM api_tokens"))
    disable_user(warehouse, "admin@ics.nhs.uk")
    assert user_for_token(warehouse, token) is None
    assert authenticate(warehouse, "admin@ics.nhs.uk", PASSWORD) is None


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"email": "not-an-email"}, "not an email"),
        ({"role": "king"}, "Unknown role"),
        ({"organisation_key": None}, "give --org"),
        ({"password": "short"}, "at least 12"),
    ],
)
def test_bad_accounts_are_refused(
    warehouse: Warehouse, changes: dict[str, object], message: str
) -> None:
    arguments: dict[str, object] = {
        "email": "x@y.org",
        "name": "X",
        "role": "partner_analyst",
        "organisation_key": "E10000016",
        "password": PASSWORD,
    }
    arguments |= changes
    with pytest.raises(UserError, match=message):
        add_user(warehouse, **arguments)  # type: ignore[arg-type]


@settings(max_examples=8, deadline=None)
@given(st.text(min_size=12, max_size=40))
def test_any_password_round_trips(tmp_path_factory: pytest.TempPathFactory, password: str) -> None:
    # One warehouse for every example: Argon2 is slow on purpose, so keep the examples few.
    path = tmp_path_factory.getbasetemp() / "passwords.duckdb"
    if not path.exists():
        init(path)
    email = f"p{abs(hash(password))}@q.org"
    with Warehouse.open(path, write=True) as warehouse:
        if not warehouse.query("SELECT 1 FROM users WHERE email = ?", [email]):
            add_user(
                warehouse,
                email,
                name="P",
                role="system_admin",
                organisation_key=None,
                password=password,
            )
        assert authenticate(warehouse, email, password) is not None
        assert authenticate(warehouse, email, password + "x") is None


def test_the_commands(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    init(db)
    runner = CliRunner()
    result = runner.invoke(
        app,
        [
            "users",
            "add",
            "sec@icb.nhs.uk",
            "--role",
            "board_secretary",
            "--name",
            "Secretary",
            "--org",
            "QYG",
            "--password-stdin",
            "--db",
            str(db),
        ],
        input=PASSWORD + "\n",
    )
    assert result.exit_code == 0, result.stderr
    listed = runner.invoke(app, ["users", "list", "--format", "csv", "--db", str(db)])
    assert "sec@icb.nhs.uk,Secretary,board_secretary,E54000008," in listed.stdout
    made = runner.invoke(app, ["users", "token", "sec@icb.nhs.uk", "--db", str(db)])
    assert made.stdout.startswith("ju_")
    with Warehouse.open(db) as warehouse:
        assert [u.email for u in users(warehouse)] == ["sec@icb.nhs.uk"]
