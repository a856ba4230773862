"""Running the web app: one process that holds the warehouse as its writer, or several worker
processes that read its snapshot and take turns to write (``joinedup.shared_warehouse``)."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from fastapi import FastAPI

    from joinedup.settings import Settings
    from joinedup.warehouse import Warehouse

#: Where a worker process finds the settings the server was started with.
SETTINGS_VARIABLE = "JOINEDUP_SERVE_SETTINGS"


def run(settings: Settings) -> None:
    """Serve until interrupted."""
    import logging

    from joinedup.warehouse import Warehouse

    logging.basicConfig(level=logging.INFO, format="%(message)s")
    print(f"JoinedUp is serving {settings.db} on http://{settings.host}:{settings.port}")
    if settings.workers > 1:
        _run_workers(settings)
        return
    # The server is the writer; readers elsewhere (the command line) read its snapshot.
    with Warehouse.open(settings.db, write=True, keep_snapshot=True) as warehouse:
        _uvicorn(_app(warehouse, settings), settings)


def _run_workers(settings: Settings) -> None:
    from joinedup.shared_warehouse import serving
    from joinedup.warehouse import Warehouse

    # Checked once here (a wrong schema is refused before any worker starts), leaving the
    # snapshot the workers read.
    with Warehouse.open(settings.db, write=True, keep_snapshot=True):
        pass
    os.environ[SETTINGS_VARIABLE] = _settings_json(settings)
    with serving(settings.db):
        _uvicorn("joinedup.web.server:worker_app", settings, factory=True)


def _settings_json(settings: Settings) -> str:
    """The settings as the workers get them: secrets in full (the environment of a child
    process, not a file or a log)."""
    import json

    from pydantic import SecretStr

    from joinedup.jsonable import jsonable

    values = {
        name: value.get_secret_value() if isinstance(value, SecretStr) else value
        for name, value in settings.model_dump().items()
    }
    return json.dumps(jsonable(values))


def worker_app() -> FastAPI:
    """The app in one worker process: the settings come from the server that started it."""
    import logging

    from joinedup.settings import Settings
    from joinedup.shared_warehouse import SharedWarehouse

    logging.basicConfig(level=logging.INFO, format="%(message)s")
    settings = Settings.model_validate_json(os.environ[SETTINGS_VARIABLE])
    _this_process(settings)  # before the warehouse is opened: its connections take the threads
    return _app(SharedWarehouse.open_shared(settings.db), settings)


def _this_process(settings: Settings) -> None:
    """What the settings say of the process itself (a worker process's own, as the command
    line's are applied by ``cli.options.settings``)."""
    from joinedup.publish.drawings import keep_on_disk
    from joinedup.warehouse import use_threads

    if settings.drawing_cache is not None:
        keep_on_disk(settings.drawing_cache)
    if settings.warehouse_threads is not None:
        use_threads(settings.warehouse_threads)


def _app(warehouse: Warehouse, settings: Settings) -> FastAPI:
    from joinedup.web.app import create_app
    from joinedup.web.operations import AccessLog
    from joinedup.web.warm_up import warmed

    _this_process(settings)

    key = settings.secret_key.get_secret_value() if settings.secret_key else None
    app = create_app(
        warehouse,
        settings.disclosure_threshold,
        secure_cookies=settings.secure_cookies,
        secret_key=key,
    )
    app.add_middleware(AccessLog)
    app.router.lifespan_context = warmed
    return app


def _uvicorn(app: Any, settings: Settings, *, factory: bool = False) -> None:
    import uvicorn

    # Our access log is structured (JSON lines on stderr); uvicorn's own would repeat it.
    # Behind a reverse proxy, trust its X-Forwarded-For / -Proto only from loopback.
    uvicorn.run(
        app,
        host=settings.host,
        port=settings.port,
        workers=settings.workers if factory else None,
        factory=factory,
        log_level="info",
        access_log=False,
        proxy_headers=True,
        forwarded_allow_ips="127.0.0.1",
    )
