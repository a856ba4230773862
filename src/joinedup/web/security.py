"""Headers every response carries, and the API's documentation page served without a network.

The pages are server-rendered HTML with our own stylesheet, no script and charts drawn inline as
SVG (presentation attributes, no ``style``), so the policy allows this site's own files only.
The documentation page (Swagger UI) needs its one inline start-up script: it gets its own policy
naming that script by hash, and Swagger UI's files come from the ``fastapi-offline`` package,
served here, so the page works with no outside network (see docs/decisions.md).
"""

from __future__ import annotations

import base64
import hashlib
import re
from importlib import resources
from pathlib import Path

from fastapi import FastAPI
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

DOCS_URL = "/api/docs"
SWAGGER_ASSETS = "/static/swagger-ui"

# Pages: this site's own styles and files; nothing may frame them, post them elsewhere or run
# plugins.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'"
)
HEADERS = {
    "x-content-type-options": "nosniff",
    "referrer-policy": "same-origin",
    "x-frame-options": "DENY",
    "permissions-policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
}
# Only behind TLS (``secure_cookies``): a browser told this over plain HTTP on a developer's
# machine would refuse that host without TLS for a year.
STRICT_TRANSPORT_SECURITY = "max-age=31536000; includeSubDomains"


class SecurityHeaders:
    """Adds the security headers to every response (pages, API, files, errors), keeping a
    ``Content-Security-Policy`` a route set for itself (the documentation page's)."""

    def __init__(self, app: ASGIApp, *, hsts: bool = False) -> None:
        self.app = app
        self.headers = [(name.encode(), value.encode()) for name, value in HEADERS.items()]
        if hsts:
            self.headers.append((b"strict-transport-security", STRICT_TRANSPORT_SECURITY.encode()))

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {name.lower() for name, _ in headers}
                headers.extend(pair for pair in self.headers if pair[0] not in present)
                if b"content-security-policy" not in present:
                    headers.append((b"content-security-policy", CONTENT_SECURITY_POLICY.encode()))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, with_headers)


#: The largest upload (a spend return) is 10 MB; the form around it adds a few hundred bytes.
MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_BODY_BYTES = MAX_UPLOAD_BYTES + 64 * 1024


class BodyLimit:
    """Refuses a request body over ``max_bytes`` with 413 before it is read into memory or onto
    disk: at once when its ``Content-Length`` says so, else as soon as the bytes streamed in
    (chunked, or a length that lies) pass the limit. Without this, the form parser would spool
    a body of any size before the route could look at it."""

    def __init__(self, app: ASGIApp, *, max_bytes: int = MAX_BODY_BYTES) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length", b"0")
        if not declared.isdigit() or int(declared) > self.max_bytes:
            await self._refuse(send)
            return
        received = 0
        over = False
        started = False

        async def counted() -> Message:
            nonlocal received, over
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    over = True
                    return {"type": "http.disconnect"}  # the app stops reading here
            return message

        async def unless_over(message: Message) -> None:
            nonlocal started
            if over and not started:
                return  # the app's answer to a body it never got; ours goes instead
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counted, unless_over)
        except Exception:
            if not over:
                raise
        if over and not started:
            await self._refuse(send)

    async def _refuse(self, send: Send) -> None:
        body = f"The request is larger than {self.max_bytes // (1024 * 1024)} MB.".encode()
        await send(
            {
                "type": "http.response.start",
                "status": 413,
                "headers": [
                    (b"content-type", b"text/plain; charset=utf-8"),
                    (b"content-length", str(len(body)).encode()),
                    (b"connection", b"close"),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})


def swagger_assets() -> Path:
    """Swagger UI's script, stylesheet and icon as the ``fastapi-offline`` package ships them."""
    return Path(str(resources.files("fastapi_offline") / "static"))


def add_api_docs(app: FastAPI, openapi_url: str) -> None:
    """Serve Swagger UI at ``/api/docs`` from this server's own files (FastAPI's default page
    loads it from a CDN, and is blank without the internet). Mount before ``/static``."""
    app.mount(SWAGGER_ASSETS, StaticFiles(directory=swagger_assets()), name="swagger-ui")
    page = get_swagger_ui_html(
        openapi_url=openapi_url,
        title=f"{app.title}: API",
        swagger_js_url=f"{SWAGGER_ASSETS}/swagger-ui-bundle.js",
        swagger_css_url=f"{SWAGGER_ASSETS}/swagger-ui.css",
        swagger_favicon_url=f"{SWAGGER_ASSETS}/favicon.png",
    ).body
    html = bytes(page).decode()
    hashes = " ".join(
        "'sha256-" + base64.b64encode(hashlib.sha256(script.encode()).digest()).decode() + "'"
        for script in re.findall(r"<script>(.*?)</script>", html, flags=re.DOTALL)
    )
    # Swagger UI's own stylesheet uses data: images (icons); its start-up script is allowed by
    # hash, so no other inline script can run on the page.
    policy = (
        f"default-src 'self'; script-src 'self' {hashes}; style-src 'self'; "
        "img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; "
        "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    )

    @app.get(DOCS_URL, include_in_schema=False)
    def api_docs() -> HTMLResponse:
        return HTMLResponse(html, headers={"content-security-policy": policy})


def policy_with_own_styles(html: str) -> str:
    """The pages' policy, also allowing the ``<style>`` elements of ``html`` by hash: the
    scrutiny pack is one self-contained file (its styles inline, for the PDF and for email), and
    without them a browser would show it unstyled."""
    hashes = " ".join(
        "'sha256-" + base64.b64encode(hashlib.sha256(style.encode()).digest()).decode() + "'"
        for style in re.findall(r"<style>(.*?)</style>", html, flags=re.DOTALL)
    )
    return CONTENT_SECURITY_POLICY.replace("style-src 'self'", f"style-src 'self' {hashes}")
