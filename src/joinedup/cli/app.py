"""The top-level command group and the handling of errors meant for the user."""

from __future__ import annotations

from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from joinedup import __version__
from joinedup.cli import (
    board_review,
    councils,
    decisions,
    demo,
    feedback,
    governance,
    ledger,
    metrics,
    oversight,
    places,
    population,
    priorities,
    publish,
    report,
    search,
    serve,
    settings,
    systems,
    users,
    warehouse,
    workforce,
)
from joinedup.cli.output import explained


class JoinedUpGroup(TyperGroup):
    """Turns a :class:`JoinedUpError` from any verb into one line on stderr and its exit code."""

    def invoke(self, ctx: Any) -> Any:
        from joinedup import warehouse

        # A read while the server holds the warehouse reads its snapshot: say so, on stderr.
        warehouse.on_snapshot_read = lambda note: typer.echo(f"Note: {note}", err=True)
        with explained():
            return super().invoke(ctx)


app = typer.Typer(
    cls=JoinedUpGroup,
    name="joinedup",
    help="JoinedUp: joint reporting, benchmarking and governance for Integrated Care Systems.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


def _print_version(value: bool) -> None:
    if value:
        typer.echo(f"joinedup {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_print_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
) -> None:
    """JoinedUp: joint reporting, benchmarking and governance for Integrated Care Systems.

    Settings come from flags, then JOINEDUP_* environment variables, then joinedup.toml
    (see `joinedup settings`).
    """


warehouse.register(app)
app.add_typer(systems.app, name="systems")
app.add_typer(councils.app, name="councils")
app.add_typer(ledger.app, name="ledger")
app.add_typer(metrics.app, name="metrics")
decisions.register(governance.app)
oversight.register(governance.app)
board_review.register(governance.app)
app.add_typer(governance.app, name="governance")
app.add_typer(places.app, name="places")
app.add_typer(feedback.app, name="feedback")
app.add_typer(priorities.app, name="priorities")
app.add_typer(population.app, name="population")
app.add_typer(workforce.app, name="workforce")
app.add_typer(report.app, name="report")
app.add_typer(publish.app, name="publish")
app.add_typer(users.app, name="users")
app.add_typer(demo.app, name="demo")
app.command("settings")(settings.show)
app.command()(search.search)
app.command()(serve.serve)
