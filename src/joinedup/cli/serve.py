"""`joinedup serve`: the web app and its API."""

from __future__ import annotations

from typing import Annotated

import typer

from joinedup.cli.options import Config, Db, settings


def serve(
    host: Annotated[
        str | None,
        typer.Option(help="Address to listen on [default: 127.0.0.1].", show_default=False),
    ] = None,
    port: Annotated[
        int | None, typer.Option(help="Port to listen on [default: 8000].", show_default=False)
    ] = None,
    workers: Annotated[
        int | None,
        typer.Option(
            help="Worker processes [default: 1]. More than one serve more people at once.",
            show_default=False,
        ),
    ] = None,
    db: Db = None,
    config: Config = None,
) -> None:
    """Serve the web app and the API until Ctrl-C. The command line can read while it serves."""
    from joinedup.web.server import run

    chosen = settings(config, db=db, host=host, port=port, workers=workers)
    run(chosen)
