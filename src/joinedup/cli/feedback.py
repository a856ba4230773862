"""`joinedup feedback`: councils' feedback on their system's ICB chair and other subjects."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from joinedup.cli.options import (
    By,
    Config,
    Db,
    Format,
    OutputFormat,
    System,
    output_format,
    settings,
)
from joinedup.cli.output import Column, emit, emit_one, explained
from joinedup.jsonable import jsonable

app = typer.Typer(
    help="Councils' feedback on their system's leadership (the ICB chair...), by round.",
    no_args_is_help=True,
)
Rating = Annotated[int, typer.Option(min=1, max=5, help="1 (very poor) to 5 (very good).")]
Round = Annotated[int, typer.Argument(help="The round's id (see `joinedup feedback rounds`).")]


def _mean(value: Any) -> str:
    return "withheld" if value is None else f"{value:.2f}"


@app.command("open")
def open_(
    system: System,
    year: Annotated[str, typer.Option("--year", help="The financial year, e.g. 2024-25.")],
    subject: Annotated[
        str, typer.Option("--subject", help="icb_chair, icb_board, icp or place.")
    ] = "icb_chair",
    closes: Annotated[
        str | None, typer.Option("--closes", help="The last day to respond [default: open].")
    ] = None,
    by: By = None,
    db: Db = None,
    config: Config = None,
) -> None:
    """Open a round: ask each council of a system about a subject for a financial year."""
    from joinedup.cli.places import day_option
    from joinedup.governance.feedback import open_round
    from joinedup.warehouse import Warehouse

    last = day_option(closes, "--closes")
    with explained(), Warehouse.open(settings(config, db=db).db, write=True) as warehouse:
        stored = open_round(warehouse, system, year, subject, closes=last, who=by)
    typer.echo(
        f"Round {stored['id']}: {stored['subject']} in {stored['system']}, "
        f"{stored['financial_year']}."
    )


@app.command()
def rounds(
    system: Annotated[str | None, typer.Option("--system", help="Only this system's.")] = None,
    form: Format = None,
    db: Db = None,
    config: Config = None,
) -> None:
    """List the feedback rounds, newest year first."""
    from joinedup.governance.feedback import rounds as find
    from joinedup.warehouse import Warehouse

    with explained(), Warehouse.open(settings(config, db=db).db) as warehouse:
        found = find(warehouse, system)
    columns = [
        Column("id", "#", justify="right"),
        Column("system", "System"),
        Column("financial_year", "Year"),
        Column("subject_label", "About"),
        Column("closes", "Closes", lambda day: "open" if day is None else str(day)),
    ]
    emit([jsonable(row) for row in found], columns, output_format(form))


@app.command()
def submit(
    round_id: Round,
    council: Annotated[str, typer.Option("--council", help="The council answering.")],
    engagement: Rating,
    listening: Rating,
    priorities: Rating,
    overall: Rating,
    comments: Annotated[
        str | None, typer.Option("--comments", help="Free text (up to 2,000 characters).")
    ] = None,
    by: By = None,
    db: Db = None,
    config: Config = None,
) -> None:
    """Record a council's answers to a round. Earlier answers are kept; the latest counts.

    The questions: engagement (engages the council as an equal partner), listening (listens
    and acts on what it hears), priorities (reflects the council's and residents' priorities),
    overall (overall effectiveness).
    """
    from joinedup.governance.feedback import submit as record
    from joinedup.warehouse import Warehouse

    ratings = {"engagement": engagement, "listening": listening, "priorities": priorities,
               "overall": overall}  # fmt: skip
    with explained(), Warehouse.open(settings(config, db=db).db, write=True) as warehouse:
        stored = record(warehouse, round_id, council, ratings, comments, who=by)
    typer.echo(f"Submission {stored['id']} from {stored['council']} to round {round_id}.")


@app.command()
def results(system: System, form: Format = None, db: Db = None, config: Config = None) -> None:
    """A system's rounds: councils asked and responding, and each question's mean rating. A
    round with fewer than 3 responses shows only the count (one council's rating could be
    told from it)."""
    from joinedup.governance.feedback import QUESTIONS
    from joinedup.governance.feedback import results as find
    from joinedup.warehouse import Warehouse

    with explained(), Warehouse.open(settings(config, db=db).db) as warehouse:
        record = jsonable(find(warehouse, system))
    shown = output_format(form)
    if shown is OutputFormat.json:
        emit_one(record, shown, record["name"])
        return
    rows = [
        row | {f"mean_{key}": row["means"][key] for key in QUESTIONS} for row in record["rounds"]
    ]
    columns = [
        Column("id", "#", justify="right"),
        Column("financial_year", "Year"),
        Column("subject_label", "About"),
        Column("responded", "Councils responding", justify="right"),
        Column("councils_asked", "Asked", justify="right"),
        *(Column(f"mean_{key}", key.capitalize(), _mean, "right") for key in QUESTIONS),
    ]
    emit(rows, columns, shown)
    if shown is OutputFormat.table and any(row["suppressed"] for row in rows):
        from joinedup.governance.feedback import SUPPRESSED_NOTE

        typer.echo(f"withheld: {SUPPRESSED_NOTE}")


@app.command()
def submissions(
    round_id: Round,
    council: Annotated[str | None, typer.Option("--council", help="Only this council's.")] = None,
    form: Format = None,
    db: Db = None,
    config: Config = None,
) -> None:
    """Every submission to a round, oldest first, with who made it: for the warehouse's
    operator, not for publication (results by system are the published form)."""
    from joinedup.governance.feedback import QUESTIONS
    from joinedup.governance.feedback import submissions as find
    from joinedup.warehouse import Warehouse

    with explained(), Warehouse.open(settings(config, db=db).db) as warehouse:
        found = find(warehouse, round_id, council.upper() if council else None)
    columns = [
        Column("id", "#", justify="right"),
        Column("council", "Council"),
        *(Column(key, key.capitalize(), justify="right") for key in QUESTIONS),
        Column("submitted_on", "On", str),
        Column("submitted_by", "By", lambda who: who or ""),
        Column("comments", "Comments", lambda text: text or ""),
    ]
    emit([jsonable(row) for row in found], columns, output_format(form))
