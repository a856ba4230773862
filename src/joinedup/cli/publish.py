"""`joinedup publish`: open data, disclosure-controlled."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from joinedup.cli.options import Config, Db, settings
from joinedup.cli.output import explained

app = typer.Typer(
    help="Publish open data: the figures as CSV and Parquet with a data package.",
    no_args_is_help=True,
)


@app.callback()
def _publish() -> None:
    """Publish open data: the figures as CSV and Parquet with a data package."""


@app.command()
def export(
    out: Annotated[
        Path,
        typer.Option("--out", help="Folder to write to (made if missing).", file_okay=False),
    ],
    db: Db = None,
    config: Config = None,
) -> None:
    """Write the published figures as CSV and Parquet, with a data dictionary and a
    Frictionless datapackage.json.

    Reference tables, the ledger's headline figures and spend by type, the shared metrics'
    values, and a summary of board decisions; counts of people from 1 to the disclosure
    threshold (7) are withheld.
    """
    from joinedup.publish.export import export as export_tables
    from joinedup.warehouse import Warehouse

    chosen = settings(config, db=db)
    with explained(), Warehouse.open(chosen.db) as warehouse:
        written = export_tables(warehouse, out, threshold=chosen.disclosure_threshold)
    rows = sum(written.tables.values())
    typer.echo(
        f"Wrote {len(written.tables)} tables ({rows:,} rows) as CSV and Parquet, "
        f"data-dictionary.csv, data-dictionary.md and datapackage.json to {written.folder}."
    )
