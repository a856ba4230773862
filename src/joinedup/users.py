"""Users, their roles and API tokens.

Roles: ``partner_analyst`` (submits and sees their own organisation's unpublished data),
``board_secretary`` (keeps the governance registers of their organisation's boards) and
``system_admin`` (everything). Anyone without an account is the public: published figures only.
Passwords are hashed with Argon2id; API tokens are random and stored only as their SHA-256.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from joinedup.errors import JoinedUpError
from joinedup.organisations import organisation
from joinedup.warehouse import Warehouse

ROLES = ("partner_analyst", "board_secretary", "system_admin")
MINIMUM_PASSWORD = 12
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class UserError(JoinedUpError):
    pass


@dataclass(frozen=True, slots=True)
class User:
    id: int
    email: str
    name: str
    role: str
    organisation_code: str | None
    disabled: bool

    @property
    def is_admin(self) -> bool:
        return self.role == "system_admin"

    def may_see(self, organisation_code: str | None) -> bool:
        """Whether this user may see an organisation's unpublished data."""
        return self.is_admin or (
            organisation_code is not None and organisation_code == self.organisation_code
        )


def _hasher() -> Any:
    from argon2 import PasswordHasher

    return PasswordHasher()


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None, microsecond=0)


def _user(row: dict[str, Any]) -> User:
    return User(
        row["id"], row["email"], row["name"], row["role"], row["organisation_code"], row["disabled"]
    )


USER_COLUMNS = "id, email, name, role, organisation_code, disabled"


def add_user(
    warehouse: Warehouse,
    email: str,
    *,
    name: str,
    role: str,
    organisation_key: str | None,
    password: str,
) -> User:
    """Create an account; the password is kept only as its Argon2id hash."""
    email = email.strip().lower()
    if not EMAIL.match(email):
        raise UserError(f"{email!r} is not an email address.")
    if role not in ROLES:
        raise UserError(f"Unknown role {role!r}; choose one of {', '.join(ROLES)}.")
    code = organisation(warehouse, organisation_key).code if organisation_key else None
    if code is None and role != "system_admin":
        raise UserError(f"A {role.replace('_', ' ')} belongs to an organisation: give --org.")
    if len(password) < MINIMUM_PASSWORD:
        raise UserError(f"Passwords need at least {MINIMUM_PASSWORD} characters.")
    if warehouse.query("SELECT id FROM users WHERE email = ?", [email]):
        raise UserError(f"There is already an account for {email}.")
    with warehouse.transaction() as connection:
        found = connection.execute("SELECT coalesce(max(id), 0) + 1 FROM users").fetchone()
        new_id = int(found[0]) if found else 1
        connection.execute(
            "INSERT INTO users (id, email, name, role, organisation_code, password_hash, "
            "disabled, created_at) VALUES (?, ?, ?, ?, ?, ?, false, ?)",
            [new_id, email, name, role, code, _hasher().hash(password), _now()],
        )
    return User(new_id, email, name, role, code, False)


def users(warehouse: Warehouse) -> list[User]:
    rows = warehouse.query(f"SELECT {USER_COLUMNS} FROM users ORDER BY email")
    return [_user(row) for row in rows]


def user_by_id(warehouse: Warehouse, user_id: int) -> User | None:
    rows = warehouse.query(f"SELECT {USER_COLUMNS} FROM users WHERE id = ?", [user_id])
    return _user(rows[0]) if rows and not rows[0]["disabled"] else None


def disable_user(warehouse: Warehouse, email: str) -> User:
    """Disable an account: it can no longer sign in, and its tokens stop working."""
    email = email.strip().lower()
    with warehouse.transaction() as connection:
        connection.execute("UPDATE users SET disabled = true WHERE email = ?", [email])
    found = warehouse.query(f"SELECT {USER_COLUMNS} FROM users WHERE email = ?", [email])
    if not found:
        raise UserError(f"There is no account for {email}.")
    return _user(found[0])


def authenticate(warehouse: Warehouse, email: str, password: str) -> User | None:
    """The user with this email and password, or None (the same answer whatever was wrong)."""
    from argon2.exceptions import VerifyMismatchError

    rows = warehouse.query(
        f"SELECT {USER_COLUMNS}, password_hash FROM users WHERE email = ?", [email.strip().lower()]
    )
    hasher = _hasher()
    if not rows:
        # Hash anyway so an unknown email takes as long as a wrong password.
        hasher.hash(password)
        return None
    try:
        hasher.verify(rows[0]["password_hash"], password)
    except VerifyMismatchError:
        return None
    user = _user(rows[0])
    return None if user.disabled else user


def create_token(warehouse: Warehouse, email: str, name: str) -> str:
    """A new API token for a user, shown once: only its SHA-256 is stored."""
    found = warehouse.query("SELECT id, disabled FROM users WHERE email = ?", [email.lower()])
    if not found or found[0]["disabled"]:
        raise UserError(f"There is no active account for {email}.")
    token = "ju_" + secrets.token_urlsafe(32)
    with warehouse.transaction() as connection:
        connection.execute(
            "INSERT INTO api_tokens (token_sha256, user_id, name, created_at) VALUES (?, ?, ?, ?)",
            [_digest(token), found[0]["id"], name, _now()],
        )
    return token


def user_for_token(warehouse: Warehouse, token: str) -> User | None:
    rows = warehouse.query(
        f"SELECT u.{USER_COLUMNS.replace(', ', ', u.')} FROM api_tokens AS t "
        "JOIN users AS u ON u.id = t.user_id WHERE t.token_sha256 = ? AND t.revoked_at IS NULL",
        [_digest(token)],
    )
    return _user(rows[0]) if rows and not rows[0]["disabled"] else None


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
