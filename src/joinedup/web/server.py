"""Running the web app: the server process holds the warehouse as its single writer."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from joinedup.settings import Settings


def run(settings: Settings) -> None:
    """Serve until interrupted; the warehouse stays locked for writing while the server runs."""
    import uvicorn

    from joinedup.warehouse import Warehouse
    from joinedup.web.app import create_app

    # The server is the writer; readers elsewhere (the command line) read its snapshot.
    with Warehouse.open(settings.db, write=True, keep_snapshot=True) as warehouse:
        app = create_app(
            warehouse, settings.disclosure_threshold, secure_cookies=settings.secure_cookies
        )
        print(f"JoinedUp is serving {settings.db} on http://{settings.host}:{settings.port}")
        uvicorn.run(app, host=settings.host, port=settings.port, log_level="info")
