"""`joinedup metrics`: shared metrics, their values, quality and statistics."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from joinedup.cli.options import Config, Db, Format, output_format, settings
from joinedup.cli.output import Column, emit

app = typer.Typer(
    help="Shared metrics: definitions, values, quality assurance, comparisons and SPC.",
    no_args_is_help=True,
)


@app.command("list")
def list_(
    system: Annotated[
        str | None, typer.Option("--system", help="Also a system's local metrics.")
    ] = None,
    form: Format = None,
    db: Db = None,
    config: Config = None,
) -> None:
    """List the national metrics (and a system's local ones) with method and polarity."""
    from joinedup.metrics.catalogue import metrics
    from joinedup.reference import system as find_system
    from joinedup.warehouse import Warehouse

    code = find_system(system).code if system else None
    with Warehouse.open(settings(config, db=db).db) as warehouse:
        found = metrics(warehouse, code)
    rows = [
        {
            "id": m.id,
            "title": m.title,
            "set": m.set,
            "method": m.method,
            "unit": m.unit,
            "polarity": m.polarity,
            "frequency": m.frequency,
            "source": m.source.reference or m.source.dataset,
        }
        for m in found.values()
        if code is None or m.set in ("national", code)
    ]
    columns = [
        Column("id", "Metric"),
        Column("title", "Title"),
        Column("set", "Set"),
        Column("method", "Method"),
        Column("polarity", "Polarity", lambda p: p.replace("_", " ")),
        Column("frequency", "Frequency"),
    ]
    emit(rows, columns, output_format(form))


@app.command()
def add(
    file: Annotated[Path, typer.Argument(help="A metric definition in YAML.", dir_okay=False)],
    system: Annotated[str, typer.Option("--system", help="The system the metric belongs to.")],
    db: Db = None,
    config: Config = None,
) -> None:
    """Add a system's local metric from a YAML definition (see docs/metrics.md for the fields)."""
    from joinedup.metrics.catalogue import add_local_metric
    from joinedup.warehouse import Warehouse

    with Warehouse.open(settings(config, db=db).db, write=True) as warehouse:
        added = add_local_metric(warehouse, file, system)
    typer.echo(f"Added local metric {added.id} ({added.title}) for {added.set}.")


@app.command()
def load(
    file: Annotated[Path, typer.Argument(help="A .csv or .xlsx of values.", dir_okay=False)],
    db: Db = None,
    config: Config = None,
) -> None:
    """Check and store metric values: columns metric, area, period, numerator, denominator
    (and value, lower_ci, upper_ci, age_band where they apply). A bad row is named with its
    file, row and field, and nothing is stored."""
    from joinedup.ledger.problems import FileRejected
    from joinedup.metrics.values import load_values
    from joinedup.warehouse import Warehouse

    with Warehouse.open(settings(config, db=db).db, write=True) as warehouse:
        try:
            result = load_values(warehouse, file)
        except FileRejected as rejected:
            for problem in rejected.problems:
                typer.echo(str(problem), err=True)
            typer.echo(
                f"Nothing was stored: {len(rejected.problems)} problem(s) in {file}.", err=True
            )
            raise typer.Exit(1) from None
    typer.echo(
        f"Stored load #{result.load_id}: {result.rows} values of {', '.join(result.metrics)} "
        f"for {result.areas} areas."
    )


@app.command("import")
def import_(
    kind: Annotated[str, typer.Argument(help="fingertips or skills-for-care.")],
    file: Annotated[Path, typer.Argument(help="The file as downloaded.", dir_okay=False)],
    map_: Annotated[
        list[str] | None,
        typer.Option(
            "--map",
            help="Fingertips indicator to metric, ID=METRIC (repeatable); replaces the default "
            "map (22401=falls_admissions_65_plus).",
        ),
    ] = None,
    period: Annotated[
        str | None,
        typer.Option(help="Skills for Care: the year the file is for, when it does not say."),
    ] = None,
    db: Db = None,
    config: Config = None,
) -> None:
    """Import values from a Fingertips download or a Skills for Care workforce file. Every row is
    checked first; a bad row is named and nothing is stored."""
    from joinedup.ledger.problems import FileRejected
    from joinedup.metrics.values import import_values
    from joinedup.warehouse import Warehouse

    indicator_map = None
    if map_:
        pairs = [item.partition("=") for item in map_]
        if any(not sep or not key or not value for key, sep, value in pairs):
            raise typer.BadParameter("write each --map as INDICATOR_ID=METRIC_ID")
        indicator_map = {key.strip(): value.strip() for key, _, value in pairs}
    with Warehouse.open(settings(config, db=db).db, write=True) as warehouse:
        try:
            result, notes = import_values(
                warehouse, kind, file, indicator_map=indicator_map, period=period
            )
        except FileRejected as rejected:
            for problem in rejected.problems:
                typer.echo(str(problem), err=True)
            typer.echo(
                f"Nothing was stored: {len(rejected.problems)} problem(s) in {file}.", err=True
            )
            raise typer.Exit(1) from None
    for note in notes:
        typer.echo(f"Note: {note}")
    typer.echo(
        f"Stored load #{result.load_id}: {result.rows} values of {', '.join(result.metrics)} "
        f"for {result.areas} areas."
    )
