"""`joinedup init | backup | restore`: the warehouse file itself."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from joinedup.cli.options import Config, Db, settings


def init(db: Db = None, config: Config = None) -> None:
    """Create the warehouse, or upgrade it to this version's schema, and load reference data."""
    from joinedup.warehouse import init as init_warehouse

    result = init_warehouse(settings(config, db=db).db)
    if result.created:
        action = f"Created {result.path} (schema version {result.to_version})"
    elif result.from_version < result.to_version:
        action = (
            f"Upgraded {result.path} from schema version {result.from_version} "
            f"to {result.to_version}"
        )
    else:
        action = f"{result.path} is up to date (schema version {result.to_version})"
    typer.echo(f"{action}; reference data {result.reference_vintage}.")


def backup(
    destination: Annotated[Path, typer.Argument(help="File to write the copy to.", dir_okay=False)],
    force: Annotated[bool, typer.Option("--force", help="Replace the file if it exists.")] = False,
    db: Db = None,
    config: Config = None,
) -> None:
    """Copy the warehouse to FILE as one consistent snapshot (safe while nothing writes)."""
    from joinedup.warehouse import backup as backup_warehouse

    source = settings(config, db=db).db
    written = backup_warehouse(source, destination, overwrite=force)
    typer.echo(f"Backed up {source} to {written}.")


def restore(
    source: Annotated[
        Path, typer.Argument(help="A backup made by `joinedup backup`.", dir_okay=False)
    ],
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")] = False,
    db: Db = None,
    config: Config = None,
) -> None:
    """Replace the warehouse with the backup FILE (run `joinedup init` after an older backup)."""
    from joinedup.warehouse import restore as restore_warehouse

    target = settings(config, db=db).db
    if target.exists() and not yes:
        typer.confirm(f"Replace {target} with {source}?", abort=True)
    restored = restore_warehouse(source, target)
    typer.echo(f"Restored {restored} from {source}.")


def register(app: typer.Typer) -> None:
    app.command()(init)
    app.command()(backup)
    app.command()(restore)
