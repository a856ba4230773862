"""`joinedup search`: find a system, a council or a place by any part of its name or code.

The same search as the web app's search box and ``/api/v1/search`` (``reference.search``): only
the shipped reference names are searched, so it needs no warehouse.
"""

from __future__ import annotations

from typing import Annotated

import typer

from joinedup.cli.options import Format, output_format
from joinedup.cli.output import Column, emit
from joinedup.reference.search import MAX_QUERY
from joinedup.reference.search import search as find

COLUMNS = [
    Column("kind", "Kind"),
    Column("code", "Code"),
    Column("name", "Name"),
    Column("context", "Where"),
    Column("url", "Page"),
]


def search(
    query: Annotated[
        str, typer.Argument(help=f"Words or a code (at most {MAX_QUERY} characters).")
    ],
    form: Format = None,
) -> None:
    """Find systems, councils and places (local authority districts) whose name or code matches
    QUERY, best first: the whole name or code, then names starting with the words, then names
    containing them. Each comes with the web page that shows it (a place's is its council's)."""
    records = [
        {
            "kind": match.kind,
            "code": match.code,
            "name": match.name,
            "context": match.context,
            "url": match.url,
        }
        for match in find(query)
    ]
    if not records:
        typer.echo(f"Nothing matches {query[:MAX_QUERY]!r}.", err=True)
    emit(records, COLUMNS, output_format(form))
