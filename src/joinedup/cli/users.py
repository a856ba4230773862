"""`joinedup users`: accounts of the web app and API tokens for scripts."""

from __future__ import annotations

from typing import Annotated

import typer

from joinedup.cli.options import Config, Db, Format, output_format, settings
from joinedup.cli.output import Column, emit

app = typer.Typer(
    help="Accounts of the web app, their roles, and API tokens.", no_args_is_help=True
)

ROLE_HELP = "partner_analyst, board_secretary or system_admin."


@app.command()
def add(
    email: Annotated[str, typer.Argument(help="The person's email address (their sign-in).")],
    role: Annotated[str, typer.Option("--role", help=ROLE_HELP)],
    name: Annotated[str, typer.Option("--name", help="The person's name, as pages show it.")],
    org: Annotated[
        str | None,
        typer.Option("--org", help="Their organisation's code (not needed for an admin)."),
    ] = None,
    password_stdin: Annotated[
        bool, typer.Option("--password-stdin", help="Read the password from standard input.")
    ] = False,
    db: Db = None,
    config: Config = None,
) -> None:
    """Create an account. The password is asked for twice (or read from standard input) and
    kept only as an Argon2id hash."""
    from joinedup.users import add_user
    from joinedup.warehouse import Warehouse

    if password_stdin:
        password = typer.get_text_stream("stdin").readline().rstrip("\n")
    else:
        password = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    with Warehouse.open(settings(config, db=db).db, write=True) as warehouse:
        user = add_user(
            warehouse, email, name=name, role=role, organisation_key=org, password=password
        )
    where = f", {user.organisation_code}" if user.organisation_code else ""
    typer.echo(f"Added {user.email} ({user.role}{where}).")


@app.command("list")
def list_(form: Format = None, db: Db = None, config: Config = None) -> None:
    """List the accounts (never their passwords)."""
    from joinedup.users import users
    from joinedup.warehouse import Warehouse

    with Warehouse.open(settings(config, db=db).db) as warehouse:
        rows = [
            {
                "email": u.email,
                "name": u.name,
                "role": u.role,
                "organisation": u.organisation_code,
                "disabled": u.disabled,
            }
            for u in users(warehouse)
        ]
    emit(
        rows,
        [
            Column("email", "Email"),
            Column("name", "Name"),
            Column("role", "Role"),
            Column("organisation", "Organisation", lambda o: o or ""),
            Column("disabled", "Disabled", lambda d: "yes" if d else ""),
        ],
        output_format(form),
    )


@app.command()
def disable(
    email: Annotated[str, typer.Argument(help="The account to disable.")],
    db: Db = None,
    config: Config = None,
) -> None:
    """Disable an account: it can no longer sign in and its API tokens stop working."""
    from joinedup.users import disable_user
    from joinedup.warehouse import Warehouse

    with Warehouse.open(settings(config, db=db).db, write=True) as warehouse:
        user = disable_user(warehouse, email)
    typer.echo(f"Disabled {user.email}.")


@app.command()
def token(
    email: Annotated[str, typer.Argument(help="Whose token.")],
    name: Annotated[str, typer.Option("--name", help="What the token is for.")] = "script",
    db: Db = None,
    config: Config = None,
) -> None:
    """Make an API token for scripts (send it as `Authorization: Bearer TOKEN`). It is shown
    once; only its hash is kept. Its id (for `joinedup users revoke-token`) goes to standard
    error, so standard output is the token alone."""
    from joinedup.users import create_token, token_id
    from joinedup.warehouse import Warehouse

    with Warehouse.open(settings(config, db=db).db, write=True) as warehouse:
        value = create_token(warehouse, email, name)
    typer.echo(value)
    typer.echo(
        f"Token id {token_id(value)}: revoke it with `joinedup users revoke-token`.", err=True
    )


@app.command()
def tokens(
    email: Annotated[
        str | None, typer.Argument(help="Only this account's tokens (all accounts' if omitted).")
    ] = None,
    form: Format = None,
    db: Db = None,
    config: Config = None,
) -> None:
    """List API tokens by id, owner, name and dates (never the tokens, which are not kept)."""
    from joinedup.users import tokens as find_tokens
    from joinedup.warehouse import Warehouse

    with Warehouse.open(settings(config, db=db).db) as warehouse:
        rows = [
            {
                "id": t.id,
                "email": t.email,
                "name": t.name,
                "created_at": t.created_at.isoformat(sep=" "),
                "revoked_at": t.revoked_at.isoformat(sep=" ") if t.revoked_at else None,
            }
            for t in find_tokens(warehouse, email)
        ]
    emit(
        rows,
        [
            Column("id", "Id"),
            Column("email", "Email"),
            Column("name", "Name"),
            Column("created_at", "Created"),
            Column("revoked_at", "Revoked", lambda r: r or ""),
        ],
        output_format(form),
    )


@app.command("revoke-token")
def revoke_token(
    token_id: Annotated[str, typer.Argument(help="The token's id, from `joinedup users tokens`.")],
    db: Db = None,
    config: Config = None,
) -> None:
    """Revoke one API token: it stops working at once; the account's other tokens go on."""
    from joinedup.users import revoke_token as revoke
    from joinedup.warehouse import Warehouse

    with Warehouse.open(settings(config, db=db).db, write=True) as warehouse:
        revoked = revoke(warehouse, token_id)
    typer.echo(f"Revoked token {revoked.id} ({revoked.name}) of {revoked.email}.")
