"""`joinedup demo`: the synthetic demonstration warehouse."""

from __future__ import annotations

from typing import Annotated

import typer

from joinedup.cli.options import Config, Db, settings
from joinedup.demo.scale import Scale

app = typer.Typer(help="The synthetic demonstration warehouse.", no_args_is_help=True)


@app.command()
def build(
    seed: Annotated[int, typer.Option(help="Random seed: the same seed gives the same data.")] = 1,
    scale: Annotated[
        Scale,
        typer.Option(help="small (quick, for tests) or full (the size of real systems' records)."),
    ] = Scale.small,
    db: Db = None,
    config: Config = None,
) -> None:
    """Fill the warehouse with synthetic data for all 42 systems on the real structure.

    Refuses a warehouse that holds real data. Everything built is marked synthetic.
    """
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    from joinedup.demo import build as build_demo

    target = settings(config, db=db).db
    with Progress(
        TextColumn("{task.description:<32}"), BarColumn(), TimeElapsedColumn(), transient=False
    ) as progress:
        task = progress.add_task("Building demonstration data", total=None)

        def advance(step: str, done: int, total: int) -> None:
            progress.update(task, description=step, completed=done, total=total)

        summary = build_demo(target, seed=seed, scale=scale, progress=advance)
    typer.echo(
        f"Built synthetic demonstration data in {target} "
        f"(seed {summary.seed}, scale {summary.scale}): "
        + ", ".join(f"{table} {rows:,}" for table, rows in summary.rows.items())
    )
