"""`joinedup report`: readable packs for councillors and scrutiny committees."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from joinedup.cli.options import Config, Db, settings
from joinedup.cli.output import explained

app = typer.Typer(
    help="Reports for councillors and scrutiny committees, as PDF or HTML.",
    no_args_is_help=True,
)


@app.callback()
def _reports() -> None:
    """Reports for councillors and scrutiny committees, as PDF or HTML."""


@app.command()
def scrutiny(
    council: Annotated[
        str,
        typer.Option("--council", "-c", help="The council: ONS code (E06, E08, E09, E10) or name."),
    ],
    output: Annotated[
        Path,
        typer.Option("--output", "-o", help="The file to write: .pdf or .html.", dir_okay=False),
    ],
    year: Annotated[
        str | None,
        typer.Option(
            "--year", help="Financial year of the spend, e.g. 2024-25 [default: the latest]."
        ),
    ] = None,
    db: Db = None,
    config: Config = None,
) -> None:
    """Write one council's scrutiny pack: spend, results, decisions and board seats.

    A few pages in plain English, against England and comparable systems, with counts of people
    from 1 to the disclosure threshold (7) withheld; the file's suffix chooses the format.
    """
    from joinedup.publish.reports import write_scrutiny_pack
    from joinedup.reference import council as find_council
    from joinedup.warehouse import Warehouse

    chosen = settings(config, db=db)
    with explained():
        member = find_council(council)
        with Warehouse.open(chosen.db) as warehouse:
            written = write_scrutiny_pack(
                warehouse, member.code, output, year, threshold=chosen.disclosure_threshold
            )
    typer.echo(f"Wrote {written}: the scrutiny pack for {member.name} ({member.code}).")
