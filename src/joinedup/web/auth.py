"""Who is asking: signed session cookies for people, bearer tokens for scripts, CSRF on forms,
and a limit on failed sign-ins."""

from __future__ import annotations

import hmac
import secrets
import time
from collections import defaultdict, deque
from typing import TYPE_CHECKING

from fastapi import HTTPException, Request

from joinedup.users import User, user_by_id, user_for_token

if TYPE_CHECKING:
    from joinedup.warehouse import Warehouse

SESSION_SECRET_KEY = "session_secret"
FAILURES_ALLOWED = 5
FAILURE_WINDOW_SECONDS = 15 * 60


def session_secret(warehouse: Warehouse | None) -> str:
    """The key that signs session cookies: kept in the warehouse (never in the repository), so
    sessions survive a restart; made on first use."""
    if warehouse is None:
        return secrets.token_hex(32)
    stored = warehouse.meta(SESSION_SECRET_KEY)
    if stored:
        return stored
    secret = secrets.token_hex(32)
    if warehouse.writable:
        with warehouse.transaction():
            warehouse.set_meta(SESSION_SECRET_KEY, secret)
    return secret


def current_user(request: Request, warehouse: Warehouse | None) -> User | None:
    """The signed-in user (session) or the token's owner (``Authorization: Bearer``), if any."""
    if warehouse is None:
        return None
    header = request.headers.get("authorization", "")
    if header.lower().startswith("bearer "):
        user = user_for_token(warehouse, header[7:].strip())
        if user is None:
            raise HTTPException(status_code=401, detail="The API token is not valid.")
        return user
    user_id = request.session.get("user_id")
    if isinstance(user_id, int):
        return user_by_id(warehouse, user_id)
    return None


def require_user(user: User | None) -> User:
    if user is None:
        raise HTTPException(status_code=401, detail="Sign in to see this.")
    return user


def require_organisation(user: User | None, organisation_code: str | None) -> User:
    """The user, if they may see this organisation's unpublished data; 403 otherwise."""
    found = require_user(user)
    if not found.may_see(organisation_code):
        raise HTTPException(status_code=403, detail="This is another organisation's data.")
    return found


def csrf_token(request: Request) -> str:
    """The session's CSRF token, made on first use; every form carries it."""
    token = request.session.get("csrf")
    if not isinstance(token, str):
        token = secrets.token_urlsafe(32)
        request.session["csrf"] = token
    return token


def check_csrf(request: Request, submitted: str | None) -> None:
    expected = request.session.get("csrf")
    if (
        not isinstance(expected, str)
        or not submitted
        or not hmac.compare_digest(expected, submitted)
    ):
        raise HTTPException(status_code=403, detail="The form has expired; reload and try again.")


class LoginLimiter:
    """Failed sign-ins per address and email: after five in fifteen minutes, wait."""

    def __init__(self) -> None:
        self._failures: dict[tuple[str, str], deque[float]] = defaultdict(deque)

    def _recent(self, key: tuple[str, str]) -> deque[float]:
        failures = self._failures[key]
        while failures and failures[0] < time.monotonic() - FAILURE_WINDOW_SECONDS:
            failures.popleft()
        return failures

    def blocked(self, address: str, email: str) -> bool:
        return len(self._recent((address, email.lower()))) >= FAILURES_ALLOWED

    def failed(self, address: str, email: str) -> None:
        self._recent((address, email.lower())).append(time.monotonic())

    def succeeded(self, address: str, email: str) -> None:
        self._failures.pop((address, email.lower()), None)
