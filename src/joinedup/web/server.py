"""Running the web app: the server process holds the warehouse as its single writer."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from joinedup.settings import Settings


def run(settings: Settings) -> None:
    """Serve until interrupted; the warehouse stays locked for writing while the server runs."""
    import logging

    import uvicorn

    from joinedup.warehouse import Warehouse
    from joinedup.web.app import create_app
    from joinedup.web.operations import AccessLog

    # The server is the writer; readers elsewhere (the command line) read its snapshot.
    with Warehouse.open(settings.db, write=True, keep_snapshot=True) as warehouse:
        key = settings.secret_key.get_secret_value() if settings.secret_key else None
        app = create_app(
            warehouse,
            settings.disclosure_threshold,
            secure_cookies=settings.secure_cookies,
            secret_key=key,
        )
        app.add_middleware(AccessLog)
        logging.basicConfig(level=logging.INFO, format="%(message)s")
        print(f"JoinedUp is serving {settings.db} on http://{settings.host}:{settings.port}")
        # Our access log is structured (JSON lines on stderr); uvicorn's own would repeat it.
        # Behind a reverse proxy, trust its X-Forwarded-For / -Proto only from loopback.
        uvicorn.run(
            app,
            host=settings.host,
            port=settings.port,
            log_level="info",
            access_log=False,
            proxy_headers=True,
            forwarded_allow_ips="127.0.0.1",
        )
