"""The security review's web findings (issue 14): sign-in limits, redirects, the session key,
sign-out, revocable tokens, security headers and the offline API docs."""

# The sign-in limiter is one per process: these emails and client addresses are used by no other
# test file.

from __future__ import annotations

import os
import re
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from joinedup.cli import app as cli
from joinedup.settings import SettingsError, load_settings
from joinedup.users import add_user, create_token, token_id, tokens
from joinedup.warehouse import Warehouse, init
from joinedup.web.app import create_app
from joinedup.web.auth import (
    FAILURES_PER_ADDRESS,
    FAILURES_PER_EMAIL,
    LoginLimiter,
    SessionKeyError,
    safe_next,
    session_key_file,
    session_secret,
)
from joinedup.web.security import MAX_BODY_BYTES, BodyLimit

PASSWORD = "correct horse battery"
KENT = "E10000016"
EMAIL = "security.analyst@kent.gov.uk"
OTHER = "security.other@kent.gov.uk"


@pytest.fixture
def warehouse(tmp_path: Path) -> Iterator[Warehouse]:
    init(tmp_path / "w.duckdb")
    with Warehouse.open(tmp_path / "w.duckdb", write=True) as opened:
        for email in (EMAIL, OTHER):
            add_user(
                opened,
                email,
                name="Security Analyst",
                role="partner_analyst",
                organisation_key=KENT,
                password=PASSWORD,
            )
        yield opened


def client_from(
    warehouse: Warehouse, address: str = "192.0.2.10", *, secure_cookies: bool = False
) -> TestClient:
    app = create_app(warehouse, secure_cookies=secure_cookies)
    return TestClient(app, client=(address, 50000))


def csrf(client: TestClient, path: str = "/login") -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', client.get(path).text)
    assert found, "every form carries a CSRF token"
    return found[1]


def sign_in(client: TestClient, email: str, password: str = PASSWORD, next: str = "/") -> str:
    """The status code and, for a redirect, where to."""
    response = client.post(
        "/login",
        data={"email": email, "password": password, "csrf": csrf(client), "next": next},
        follow_redirects=False,
    )
    return f"{response.status_code} {response.headers.get('location', '')}".strip()


def submissions(client: TestClient, **headers: str) -> int:
    response = client.get(
        "/api/v1/ledger/submissions", params={"organisation": KENT}, headers=headers
    )
    return response.status_code


# 1. Sign-in limits: the email as typed in any padding, case or Unicode form, and the address.


def test_padded_and_recased_emails_count_against_one_limit(warehouse: Warehouse) -> None:
    client = client_from(warehouse, "192.0.2.11")
    spellings = [
        " Security.Analyst@Kent.gov.uk ",
        "SECURITY.ANALYST@KENT.GOV.UK",
        "\tsecurity.analyst@kent.gov.uk\n",
        # Full-width letters (U+FF41 is a full-width a): the same email after NFKC.
        "".join(chr(ord(c) + 0xFEE0) for c in "security") + ".analyst@kent.gov.uk",
        "Security.Analyst@kent.GOV.uk",
    ]
    assert len(spellings) == FAILURES_PER_EMAIL
    assert [sign_in(client, email, "wrong password!") for email in spellings] == ["401"] * 5
    assert sign_in(client, EMAIL) == "429"
    # The limit is the email's wherever the attempts come from.
    assert sign_in(client_from(warehouse, "192.0.2.12"), EMAIL) == "429"


def test_another_address_is_limited_separately() -> None:
    now = [0.0]
    limiter = LoginLimiter(clock=lambda: now[0])
    for attempt in range(FAILURES_PER_ADDRESS):
        limiter.failed("198.51.100.1", f"guess{attempt}@kent.gov.uk")
    assert limiter.blocked("198.51.100.1", "someone.new@kent.gov.uk")
    assert not limiter.blocked("198.51.100.2", "someone.new@kent.gov.uk")
    # Signing in to one account does not clear what an address tried on others.
    limiter.succeeded("198.51.100.1", "guess0@kent.gov.uk")
    assert limiter.blocked("198.51.100.1", "someone.new@kent.gov.uk")
    now[0] += 15 * 60 + 1
    assert not limiter.blocked("198.51.100.1", "someone.new@kent.gov.uk")


def test_the_email_limit_ends_with_its_window() -> None:
    now = [0.0]
    limiter = LoginLimiter(clock=lambda: now[0])
    for _ in range(FAILURES_PER_EMAIL):
        limiter.failed("198.51.100.3", " Analyst@Kent.gov.uk ")
    assert limiter.blocked("198.51.100.4", "analyst@kent.gov.uk")
    assert not limiter.blocked("198.51.100.4", "other@kent.gov.uk")
    now[0] += 15 * 60 + 1
    assert not limiter.blocked("198.51.100.4", "analyst@kent.gov.uk")


# 2. After signing in, only paths on this site.

HOSTILE = [
    "//evil.example/",
    "//evil.example",
    "https://evil.example",
    "http://evil.example/path",
    "/\\evil.example",
    "/\\/evil.example",
    "\\\\evil.example",
    "%2F%2Fevil.example",
    "javascript:alert(1)",
    "JavaScript:alert(1)",
    "/\t/evil.example",
    "/\n/evil.example",
    " //evil.example",
    "evil.example",
    "",
]


@pytest.mark.parametrize("target", HOSTILE)
def test_a_hostile_next_goes_home(target: str) -> None:
    assert safe_next(target) == "/"


@pytest.mark.parametrize("target", ["/", "/systems/QYG", "/compare/spend/x?system=QYG&year=1"])
def test_a_path_on_this_site_is_kept(target: str) -> None:
    assert safe_next(target) == target


@pytest.mark.parametrize("target", ["//evil.example/", "/\\evil.example", "https://evil.example"])
def test_signing_in_never_redirects_off_site(warehouse: Warehouse, target: str) -> None:
    client = client_from(warehouse, "192.0.2.20")
    assert sign_in(client, OTHER, next=target) == "303 /"
    assert sign_in(client, OTHER, next="/ledger/submit") == "303 /ledger/submit"


# 3. The session-signing key: a setting, or an owner-only file beside the warehouse.


def test_the_key_file_is_owner_only_and_the_warehouse_holds_no_key(warehouse: Warehouse) -> None:
    previous = os.umask(0o022)
    try:
        create_app(warehouse)
    finally:
        os.umask(previous)
    key_file = session_key_file(warehouse.path)
    assert key_file.parent == warehouse.path.parent
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    key = key_file.read_text().strip()
    assert len(key) >= 32
    assert session_secret(warehouse) == key, "the same key after a restart"
    meta = warehouse.query("SELECT key, value FROM joinedup_meta")
    assert not [row for row in meta if "secret" in row["key"] or key in str(row["value"])]


def test_an_old_key_in_the_warehouse_is_ignored(warehouse: Warehouse) -> None:
    with warehouse.transaction():
        warehouse.set_meta("session_secret", "an old key kept in the warehouse, now ignored")
    assert session_secret(warehouse) != "an old key kept in the warehouse, now ignored"


def test_a_set_key_is_used_and_no_file_is_made(warehouse: Warehouse) -> None:
    key = "k" * 40
    assert session_secret(warehouse, key) == key
    create_app(warehouse, secret_key=key)
    assert not session_key_file(warehouse.path).exists()
    with pytest.raises(SessionKeyError):
        session_secret(warehouse, "short")


def test_the_secret_key_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JOINEDUP_SECRET_KEY", "s" * 32)
    found = load_settings().secret_key
    assert found is not None and found.get_secret_value() == "s" * 32
    assert "s" * 32 not in str(load_settings().model_dump(mode="json"))
    monkeypatch.setenv("JOINEDUP_SECRET_KEY", "too short")
    with pytest.raises(SettingsError, match="secret_key"):
        load_settings()


def test_sessions_survive_a_restart(warehouse: Warehouse) -> None:
    first = client_from(warehouse, "192.0.2.30")
    assert sign_in(first, OTHER) == "303 /"
    again = client_from(warehouse, "192.0.2.30")  # a new app: the key comes from the file
    again.cookies = first.cookies
    assert submissions(again) == 200


# 5. Signing out ends the session on the server; tokens are revoked one at a time.


def test_a_copied_session_cookie_stops_working_at_sign_out(warehouse: Warehouse) -> None:
    browser = client_from(warehouse, "192.0.2.40")
    assert sign_in(browser, OTHER) == "303 /"
    thief = client_from(warehouse, "192.0.2.41")
    thief.cookies = dict(browser.cookies)
    assert submissions(thief) == 200
    response = browser.post("/logout", data={"csrf": csrf(browser, "/")}, follow_redirects=False)
    assert response.status_code == 303
    assert submissions(thief) == 401
    assert submissions(browser) == 401
    # Signing in again makes a new session; the copied cookie stays void.
    assert sign_in(browser, OTHER) == "303 /"
    assert submissions(browser) == 200
    assert submissions(thief) == 401


def test_tokens_are_revoked_one_by_one(warehouse: Warehouse) -> None:
    from joinedup.users import revoke_token

    client = client_from(warehouse, "192.0.2.50")
    nightly = create_token(warehouse, OTHER, "nightly")
    weekly = create_token(warehouse, OTHER, "weekly")
    revoked = revoke_token(warehouse, token_id(nightly))
    assert revoked.revoked_at is not None and revoked.name == "nightly"
    assert submissions(client, authorization=f"Bearer {nightly}") == 401
    assert submissions(client, authorization=f"Bearer {weekly}") == 200
    assert [t.revoked_at is None for t in tokens(warehouse, OTHER)].count(True) == 1


def test_the_token_commands(tmp_path: Path) -> None:
    path = tmp_path / "w.duckdb"
    init(path)
    with Warehouse.open(path, write=True) as opened:
        add_user(
            opened, EMAIL, name="A", role="system_admin", organisation_key=None, password=PASSWORD
        )
    runner = CliRunner()
    made = runner.invoke(cli, ["users", "token", EMAIL, "--name", "export", "--db", str(path)])
    token = made.stdout.strip()
    assert token.startswith("ju_") and token_id(token) in made.stderr
    listed = runner.invoke(cli, ["users", "tokens", "--format", "csv", "--db", str(path)])
    assert listed.exit_code == 0, listed.output
    assert f"{token_id(token)},{EMAIL},export," in listed.stdout and token not in listed.stdout
    done = runner.invoke(cli, ["users", "revoke-token", token_id(token), "--db", str(path)])
    assert done.exit_code == 0, done.output
    assert f"Revoked token {token_id(token)} (export)" in done.stdout
    unknown = runner.invoke(cli, ["users", "revoke-token", "0" * 12, "--db", str(path)])
    assert unknown.exit_code != 0 and "no API token" in unknown.output
    with Warehouse.open(path) as opened:
        assert [t.revoked_at is not None for t in tokens(opened)] == [True]


# 6. Security headers on every response.

EXPECTED = {
    "x-content-type-options": "nosniff",
    "referrer-policy": "same-origin",
    "x-frame-options": "DENY",
}


@pytest.mark.parametrize("path", ["/", "/api/v1/about", "/api/v1/systems/NOPE", "/static/x"])
def test_every_response_carries_the_security_headers(warehouse: Warehouse, path: str) -> None:
    response = client_from(warehouse).get(path)
    for name, value in EXPECTED.items():
        assert response.headers[name] == value
    policy = response.headers["content-security-policy"]
    assert "default-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert "script-src 'self';" in policy and "unsafe" not in policy
    assert "camera=()" in response.headers["permissions-policy"]
    assert "strict-transport-security" not in response.headers


def test_hsts_only_with_secure_cookies(warehouse: Warehouse) -> None:
    response = client_from(warehouse, secure_cookies=True).get("/api/v1/about")
    assert response.headers["strict-transport-security"].startswith("max-age=")


def test_pages_need_nothing_the_policy_refuses(demo_client: TestClient) -> None:
    # The policy allows no inline script or style: the pages (charts included) use none.
    for path in ("/", "/systems/QYG", "/compare/spend/prevention_share", "/login"):
        page = demo_client.get(path).text
        assert "<svg" in page or path != "/compare/spend/prevention_share"
        assert not re.search(r"<script|<style|\sstyle=|\son[a-z]+=|javascript:", page), path


# 7. /api/docs needs no outside network.


def test_api_docs_use_only_this_servers_files(warehouse: Warehouse) -> None:
    client = client_from(warehouse)
    response = client.get("/api/docs")
    assert response.status_code == 200
    urls = re.findall(r'(?:src|href)="([^"]+)"', response.text)
    urls += re.findall(r"url: '([^']+)'", response.text)
    assert len(urls) >= 4 and "/api/v1/openapi.json" in urls
    for url in urls:
        assert url.startswith("/") and not url.startswith("//"), url
        assert client.get(url).status_code == 200, url
    assert "http" not in response.text.lower().replace("http-equiv", "")
    # Its one inline script is allowed by hash, not by allowing inline scripts.
    policy = response.headers["content-security-policy"]
    assert "'sha256-" in policy and "unsafe-inline" not in policy


def _echo_length_app(max_bytes: int) -> TestClient:
    """A tiny app behind BodyLimit that reads the whole body and says how long it was."""
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import PlainTextResponse
    from starlette.routing import Route

    async def echo(request: Request) -> PlainTextResponse:
        return PlainTextResponse(str(len(await request.body())))

    inner = Starlette(routes=[Route("/", echo, methods=["POST"])])
    return TestClient(BodyLimit(inner, max_bytes=max_bytes))


def test_a_body_within_the_limit_is_read() -> None:
    assert _echo_length_app(100).post("/", content=b"x" * 100).text == "100"


def test_a_declared_length_over_the_limit_is_refused_unread() -> None:
    response = _echo_length_app(100).post("/", content=b"x" * 101)
    assert response.status_code == 413
    assert "larger than" in response.text


def test_a_streamed_body_is_refused_once_it_passes_the_limit() -> None:
    def chunks() -> Iterator[bytes]:
        for _ in range(50):
            yield b"x" * 10

    response = _echo_length_app(100).post("/", content=chunks())  # chunked: no length
    assert response.status_code == 413


def test_the_app_refuses_an_oversized_upload_before_reading_it(warehouse: Warehouse) -> None:
    client = TestClient(create_app(warehouse))
    response = client.post(
        "/ledger/submit", content=b"x", headers={"content-length": str(MAX_BODY_BYTES + 1)}
    )
    assert response.status_code == 413
    assert response.headers["x-frame-options"] == "DENY"  # still gets the security headers
