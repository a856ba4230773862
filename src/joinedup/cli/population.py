"""`joinedup population`: person-level segmentation and cost attribution."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from joinedup.cli.options import Config, Db, Format, OutputFormat, System, output_format, settings
from joinedup.cli.output import Column, emit, percent, thousands
from joinedup.money import money, per_head

if TYPE_CHECKING:
    from rich.progress import Progress

app = typer.Typer(
    help="Population health: segment people, and attribute cost and activity to segments.",
    no_args_is_help=True,
)


class EngineName(StrEnum):
    duckdb = "duckdb"
    spark = "spark"


Year = Annotated[
    str, typer.Option("--year", help="Financial year the events fall in (April to March).")
]
Input = Annotated[
    Path,
    typer.Option(
        "--input",
        "-i",
        help="Directory with persons, events and conditions as Parquet or CSV files.",
        file_okay=False,
    ),
]


@contextmanager
def _progress() -> Iterator[Progress]:
    """A progress display on stderr, so JSON and CSV on stdout stay clean."""
    from rich.console import Console
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(
        TextColumn("{task.description:<32}"),
        BarColumn(),
        TimeElapsedColumn(),
        console=Console(stderr=True),
        transient=True,
    ) as progress:
        yield progress


def _pounds(value: Any) -> str:
    return money(value)  # one money format in every table


@app.command()
def generate(
    system: System,
    people: Annotated[int, typer.Option("--people", help="How many people.", min=1)],
    out: Annotated[Path, typer.Option("--out", "-o", help="Directory to write.", file_okay=False)],
    seed: Annotated[int, typer.Option(help="Random seed: the same seed gives the same files.")] = 1,
    year: Year = "2024-25",
) -> None:
    """Write a synthetic population for one system: persons.parquet, events.parquet and
    conditions.parquet, with the system's real age and sex structure, calibrated condition
    prevalence and unit costs. Streamed in chunks, so any size fits in memory."""
    from joinedup.population.generator import generate as write_population

    with _progress() as progress:
        task = progress.add_task("Generating people", total=people)
        written = write_population(
            system,
            people,
            seed,
            out,
            year=year,
            progress=lambda done, total: progress.update(task, completed=done),
        )
    typer.echo(
        f"Wrote {written.people:,} people, {written.events:,} events and "
        f"{written.conditions:,} condition records for {written.system_code} to {out} "
        f"(seed {seed}; synthetic)."
    )


@app.command()
def check(input_dir: Input, year: Year = "2024-25") -> None:
    """Check every row of a population directory without segmenting it; list what is wrong."""
    from joinedup.population.loading import PopulationRejected, load_population

    try:
        with _progress() as progress:
            progress.add_task("Checking", total=None)
            with load_population(input_dir, year=year) as loaded:
                pass
    except PopulationRejected as rejected:
        _report_rejected(rejected)
        raise typer.Exit(1) from None
    typer.echo(
        f"All rows accepted: {loaded.people:,} people, {loaded.events:,} events, "
        f"{loaded.conditions:,} condition records."
    )


@app.command()
def segment(
    input_dir: Input,
    engine: Annotated[
        EngineName, typer.Option("--engine", help="Where to run: duckdb (here) or spark.")
    ] = EngineName.duckdb,
    rules: Annotated[
        Path | None,
        typer.Option(
            "--rules",
            help="Segmentation rules (YAML) [default: the Bridges to Health rules shipped; "
            "see `joinedup population rules`].",
            dir_okay=False,
            show_default=False,
        ),
    ] = None,
    year: Year = "2024-25",
    skip_invalid: Annotated[
        bool,
        typer.Option(
            "--skip-invalid", help="Leave rejected rows out rather than refusing the whole input."
        ),
    ] = False,
    into_warehouse: Annotated[
        bool,
        typer.Option("--into-warehouse", help="Store the results in the warehouse (see --db)."),
    ] = False,
    form: Format = None,
    db: Db = None,
    config: Config = None,
) -> None:
    """Segment every person and attribute people, cost and activity to each system, place and
    segment. Prints one row per (system, council, segment).

    Rows are checked first; if any is rejected nothing is analysed (unless --skip-invalid) and
    the rejected rows are counted by reason on stderr. NHS numbers, if supplied, are replaced by
    a salted hash (the nhs_number_salt setting: $JOINEDUP_NHS_NUMBER_SALT or joinedup.toml).
    """
    from joinedup.population.loading import PopulationRejected
    from joinedup.population.results import store_segmentation
    from joinedup.population.runs import segment_population

    chosen = settings(config, db=db)
    target = chosen.db if into_warehouse else None
    salt = chosen.nhs_number_salt.get_secret_value() if chosen.nhs_number_salt else None
    try:
        with _progress() as progress:
            task = progress.add_task("Starting", total=None)
            result = segment_population(
                input_dir,
                engine_name=engine.value,
                rules_path=rules,
                year=year,
                salt=salt,
                skip_invalid=skip_invalid,
                progress=lambda step: progress.update(task, description=step),
            )
            if target is not None:
                from joinedup.warehouse import Warehouse

                progress.update(task, description="Storing in the warehouse")
                with Warehouse.open(target, write=True) as warehouse:
                    stored = store_segmentation(warehouse, result, source=str(input_dir))
    except PopulationRejected as rejected:
        _report_rejected(rejected)
        raise typer.Exit(1) from None
    for line in result.load.lines():
        typer.echo(f"Left out: {line}", err=True)
    if target is not None:
        typer.echo(f"Stored run #{stored.id} in {target}.", err=True)
    _emit(result.records(), result.settings, output_format(form))


def _emit(records: list[dict[str, Any]], settings_used: list[str], form: OutputFormat) -> None:
    if form is OutputFormat.csv:
        flat = [
            {key: value for key, value in record.items() if key != "activity_per_1000"}
            | {f"per_1000_{s}": record["activity_per_1000"][s] for s in settings_used}
            for record in records
        ]
        emit(flat, [Column(key, key) for key in (flat[0] if flat else {})], form)
        return
    emit(
        records,
        [
            Column("system", "System"),
            Column("council", "Council"),
            Column("segment", "Segment"),
            Column("people", "People", thousands, "right"),
            Column("share_of_people", "% people", percent, "right"),
            Column("cost_in_hospital", "In hospital", _pounds, "right"),
            Column("cost_out_of_hospital", "Out of hospital", _pounds, "right"),
            Column("share_of_cost", "% cost", lambda v: "" if v is None else percent(v), "right"),
            Column("cost_per_head", "Per head", per_head, "right"),
        ],
        form,
    )


def _report_rejected(rejected: Any) -> None:
    report = rejected.report
    for line in report.lines():
        typer.echo(line, err=True)
    for problem in report.examples:
        typer.echo(f"  e.g. {problem}", err=True)
    typer.echo(
        f"Nothing was loaded: {report.rejected_rows:,} row(s) rejected in {rejected.source}.",
        err=True,
    )


@app.command("rules")
def show_rules() -> None:
    """Print the default segmentation rules (YAML), to copy, adjust and pass with --rules."""
    from joinedup.population.rules import default_rules_text

    typer.echo(default_rules_text(), nl=False)
