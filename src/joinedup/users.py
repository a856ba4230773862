"""Users, their roles and API tokens.

Roles: ``partner_analyst`` (submits and sees their own organisation's unpublished data),
``board_secretary`` (keeps the governance registers of their organisation's boards) and
``system_admin`` (everything). Anyone without an account is the public: published figures only.
Passwords are hashed with Argon2id; API tokens are random and stored only as their SHA-256
(a token's id, to list and revoke it by, is the start of that hash).
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
#: What every change to accounts, tokens and sessions touches: no figure reads it, so signing
#: out or adding a token leaves every cached figure and page as it was (``joinedup.data_topics``).
ACCOUNTS = ("users",)


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
    with warehouse.transaction(touches=ACCOUNTS) as connection:
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
    with warehouse.transaction(touches=ACCOUNTS) as connection:
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


def session_generation(warehouse: Warehouse, user_id: int) -> int:
    """The user's current session generation: a session made in an earlier one has ended."""
    rows = warehouse.query(
        "SELECT generation FROM session_generations WHERE user_id = ?", [user_id]
    )
    return int(rows[0]["generation"]) if rows else 0


def end_sessions(warehouse: Warehouse, user_id: int) -> int:
    """End every session of the user (signing out): the generation moves on. Returns the new
    one."""
    with warehouse.transaction(touches=ACCOUNTS) as connection:
        found = connection.execute(
            "SELECT generation FROM session_generations WHERE user_id = ?", [user_id]
        ).fetchone()
        generation = (int(found[0]) if found else 0) + 1
        connection.execute(
            "INSERT OR REPLACE INTO session_generations (user_id, generation, changed_at) "
            "VALUES (?, ?, ?)",
            [user_id, generation, _now()],
        )
    return generation


def create_token(warehouse: Warehouse, email: str, name: str) -> str:
    """A new API token for a user, shown once: only its SHA-256 is stored."""
    found = warehouse.query("SELECT id, disabled FROM users WHERE email = ?", [email.lower()])
    if not found or found[0]["disabled"]:
        raise UserError(f"There is no active account for {email}.")
    token = "ju_" + secrets.token_urlsafe(32)
    with warehouse.transaction(touches=ACCOUNTS) as connection:
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


TOKEN_ID_LENGTH = 12


@dataclass(frozen=True, slots=True)
class Token:
    """An API token as it can be shown: never the token, only its id (the start of its hash)."""

    id: str
    email: str
    name: str
    created_at: datetime
    revoked_at: datetime | None


def token_id(token: str) -> str:
    """The id a token is listed and revoked by: the first characters of its SHA-256, which is
    all that is stored, so it gives nothing away about the token."""
    return _digest(token)[:TOKEN_ID_LENGTH]


def tokens(warehouse: Warehouse, email: str | None = None) -> list[Token]:
    """The API tokens (of one account, or all), newest first, revoked ones included."""
    where, parameters = ("WHERE u.email = ?", [email.strip().lower()]) if email else ("", [])
    rows = warehouse.query(
        "SELECT t.token_sha256, u.email, t.name, t.created_at, t.revoked_at FROM api_tokens AS t "
        f"JOIN users AS u ON u.id = t.user_id {where} "
        "ORDER BY t.created_at DESC, t.token_sha256",
        parameters,
    )
    return [
        Token(
            row["token_sha256"][:TOKEN_ID_LENGTH],
            row["email"],
            row["name"],
            row["created_at"],
            row["revoked_at"],
        )
        for row in rows
    ]


def revoke_token(warehouse: Warehouse, identifier: str) -> Token:
    """Revoke one API token by its id (from ``tokens``); it stops working at once."""
    identifier = identifier.strip().lower()
    if not re.fullmatch(rf"[0-9a-f]{{{TOKEN_ID_LENGTH}}}", identifier):
        raise UserError(
            f"{identifier!r} is not a token id ({TOKEN_ID_LENGTH} characters from "
            "`joinedup users tokens`)."
        )
    matching = [found for found in tokens(warehouse) if found.id == identifier]
    if len(matching) != 1:
        raise UserError(f"There is no API token with id {identifier}.")
    with warehouse.transaction(touches=ACCOUNTS) as connection:
        connection.execute(
            "UPDATE api_tokens SET revoked_at = ? "
            "WHERE starts_with(token_sha256, ?) AND revoked_at IS NULL",
            [_now(), identifier],
        )
    return next(found for found in tokens(warehouse) if found.id == identifier)
