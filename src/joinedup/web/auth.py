"""Who is asking: signed session cookies for people, bearer tokens for scripts, CSRF on forms,
and a limit on failed sign-ins."""

from __future__ import annotations

import hmac
import os
import secrets
import stat
import threading
import time
import unicodedata
from collections import defaultdict, deque
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from fastapi import HTTPException, Request

from joinedup.errors import JoinedUpError
from joinedup.users import User, end_sessions, session_generation, user_by_id, user_for_token

if TYPE_CHECKING:
    from joinedup.warehouse import Warehouse

FAILURES_PER_EMAIL = 5
FAILURES_PER_ADDRESS = 20
FAILURE_WINDOW_SECONDS = 15 * 60
MINIMUM_KEY_LENGTH = 32
KEY_FILE_SUFFIX = ".session-key"


class SessionKeyError(JoinedUpError):
    """The session-signing key could not be read or made."""


def session_key_file(warehouse_path: Path) -> Path:
    """Where the session-signing key is kept when no ``secret_key`` is set: beside the
    warehouse (``<file>.session-key``), never inside it, so a backup or snapshot of the warehouse
    cannot be used to forge sessions."""
    return warehouse_path.with_name(warehouse_path.name + KEY_FILE_SUFFIX)


def session_secret(warehouse: Warehouse | None, configured: str | None = None) -> str:
    """The key that signs session cookies: the ``secret_key`` setting, else the key file beside
    the warehouse (made owner-only on first use, so sessions survive a restart), else (no
    warehouse: nobody can sign in) a key for this process only."""
    if configured is not None:
        if len(configured) < MINIMUM_KEY_LENGTH:
            raise SessionKeyError(
                f"The secret_key setting needs at least {MINIMUM_KEY_LENGTH} characters."
            )
        return configured
    if warehouse is None:
        return secrets.token_urlsafe(32)
    return _key_from_file(session_key_file(warehouse.path))


def _key_from_file(path: Path) -> str:
    try:
        # O_EXCL: of two processes starting at once, one makes the key and the other reads it.
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        pass
    except OSError as error:
        raise SessionKeyError(
            f"Could not make the session key file {path} ({error.strerror}); set "
            "JOINEDUP_SECRET_KEY or make its folder writable."
        ) from None
    else:
        key = secrets.token_urlsafe(32)
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write(key + "\n")
        return key
    if stat.S_IMODE(path.stat().st_mode) & 0o077:
        path.chmod(0o600)  # a copied or hand-made key file: keep it the owner's alone
    key = path.read_text(encoding="utf-8").strip()
    if len(key) < MINIMUM_KEY_LENGTH:
        raise SessionKeyError(
            f"The session key file {path} holds fewer than {MINIMUM_KEY_LENGTH} characters; "
            "delete it to make a new one (everyone signs in again)."
        )
    return key


def start_session(request: Request, warehouse: Warehouse | None, user: User) -> None:
    """Sign ``user`` in: a new session (so an old cookie cannot be fixed on us) bound to the
    user's current session generation, which signing out moves on."""
    request.session.clear()
    request.session["user_id"] = user.id
    request.session["generation"] = (
        session_generation(warehouse, user.id) if warehouse is not None else 0
    )


def end_session(request: Request, warehouse: Warehouse | None) -> None:
    """Sign out: the user's sessions stop being accepted on the server, so a copy of the cookie
    taken before is worthless, and this browser's session is emptied."""
    # Imported here: dependencies imports this module.
    from joinedup.web.dependencies import write_lock

    user_id = request.session.get("user_id")
    if isinstance(user_id, int) and warehouse is not None and warehouse.writable:
        with write_lock:  # one change at a time in this process, like every other write
            end_sessions(warehouse, user_id)
    request.session.clear()


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
    generation = request.session.get("generation")
    # A cookie counts only while its generation is the user's current one: signing out moves
    # the generation on, so the cookie (and any copy of it) stops working.
    if (
        isinstance(user_id, int)
        and isinstance(generation, int)
        and generation == session_generation(warehouse, user_id)
    ):
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


def safe_next(target: str | None) -> str:
    """Where to go after signing in: a path on this site, else the home page.

    Only a path with one leading ``/`` not followed by ``/`` or ``\\`` (browsers read ``//host``
    and ``/\\host`` as another site), with no scheme or host, and nothing a browser would drop
    or bend (control characters, backslashes) to turn it into one.
    """
    if not target or not target.startswith("/") or target[1:2] in ("/", "\\"):
        return "/"
    if "\\" in target or any(ord(character) < 0x21 or character == "\x7f" for character in target):
        return "/"
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return "/"
    return target


def normalise_email(email: str) -> str:
    """One spelling of an email for counting sign-in attempts, whatever its padding, case or
    Unicode form (so `` Analyst@Kent.gov.uk `` counts as ``analyst@kent.gov.uk``)."""
    folded = unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", email).casefold())
    return folded.strip()


class LoginLimiter:
    """Failed sign-ins, counted per email (from any address) and per address (for any email):
    five for one email, or twenty from one address, in fifteen minutes, and that email or address
    waits. Per email stops guessing one account's password from many addresses; per address stops
    one address trying a few passwords on many accounts."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._failures: dict[tuple[str, str], deque[float]] = defaultdict(deque)
        self._clock = clock
        self._lock = threading.Lock()  # sign-ins are handled on several threads at once

    def _recent(self, key: tuple[str, str]) -> deque[float]:
        failures = self._failures[key]
        while failures and failures[0] < self._clock() - FAILURE_WINDOW_SECONDS:
            failures.popleft()
        return failures

    def _keys(self, address: str, email: str) -> tuple[tuple[str, str], tuple[str, str]]:
        return ("email", normalise_email(email)), ("address", address)

    def blocked(self, address: str, email: str) -> bool:
        by_email, by_address = self._keys(address, email)
        with self._lock:
            return (
                len(self._recent(by_email)) >= FAILURES_PER_EMAIL
                or len(self._recent(by_address)) >= FAILURES_PER_ADDRESS
            )

    def failed(self, address: str, email: str) -> None:
        with self._lock:
            for key in self._keys(address, email):
                self._recent(key).append(self._clock())
            if len(self._failures) > 10_000:
                # Many made-up emails must not grow memory without end: drop the expired ones.
                for key in list(self._failures):
                    if not self._recent(key):
                        del self._failures[key]

    def succeeded(self, address: str, email: str) -> None:
        # Only the email's count: the right password for one account says nothing about the
        # other accounts an address may have been trying.
        by_email, _ = self._keys(address, email)
        with self._lock:
            self._failures.pop(by_email, None)
