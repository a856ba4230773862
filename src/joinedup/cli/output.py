"""Writing records as a table, CSV or JSON; the verbs decide what the records are."""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeAlias

from joinedup.cli.display import shown
from joinedup.cli.options import OutputFormat
from joinedup.jsonable import jsonable
from joinedup.textsafety import neutralise

if TYPE_CHECKING:
    from pydantic import BaseModel

    from joinedup.problems import FileRejected

#: A record to write: a mapping, or a typed record (a pydantic model) read by its fields.
Record: TypeAlias = "Mapping[str, Any] | BaseModel"


def fields_of(record: Record) -> Mapping[str, Any]:
    """A record's fields by name, their values as they are (JSON goes through ``jsonable``).
    Pydantic is not imported to ask: ``--help`` stays light (a model iterates as its fields)."""
    return record if isinstance(record, Mapping) else dict(record)


@dataclass(frozen=True, slots=True)
class Column:
    """A column of the table and CSV forms; JSON always carries the whole record."""

    key: str
    header: str
    render: Callable[[Any], str] = str
    justify: str = "left"


def thousands(value: Any) -> str:
    return f"{value:,}"


def percent(value: Any) -> str:
    return f"{value:.1%}"


def emit(records: Sequence[Record], columns: Sequence[Column], form: OutputFormat) -> None:
    if form is OutputFormat.json:
        json.dump(jsonable(list(records)), sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
    elif form is OutputFormat.csv:
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow([column.key for column in columns])
        writer.writerows(
            [_csv_cell(fields_of(record)[column.key]) for column in columns] for record in records
        )
    else:
        from rich.console import Console
        from rich.table import Table

        table = Table(show_lines=False, header_style="bold")
        for column in columns:
            table.add_column(column.header, justify=column.justify)  # type: ignore[arg-type]
        for record in records:
            fields = fields_of(record)
            table.add_row(*(column.render(fields[column.key]) for column in columns))
        Console().print(table)


def emit_one(record: Record, form: OutputFormat, title: str) -> None:
    """A single object: JSON object, CSV of one row, or a two-column table."""
    if form is OutputFormat.json:
        json.dump(jsonable(record), sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
        return
    fields = fields_of(record)
    scalar = {key: value for key, value in fields.items() if not isinstance(value, list)}
    if form is OutputFormat.csv:
        emit([fields], [Column(key, key) for key in fields], form)
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(title=title, show_header=False)
    table.add_column(style="bold")
    table.add_column()
    for key, value in scalar.items():
        table.add_row(key.replace("_", " "), shown(key, value))
    Console().print(table)


def _csv_cell(value: Any) -> Any:
    # Lists (a system's councils, a council's systems) go in one cell, ';'-separated, so the CSV
    # stays one row per record; JSON keeps their structure.
    # Text that a spreadsheet would run as a formula is quoted (joinedup.textsafety).
    if isinstance(value, list):
        return neutralise(";".join(_csv_item(item) for item in value))
    return "" if value is None else neutralise(value)


def _csv_item(item: Any) -> str:
    # Asked of the class: pydantic deprecates reading ``model_fields`` from an instance.
    if isinstance(item, Mapping) or hasattr(type(item), "model_fields"):
        return ":".join(str(part) for part in fields_of(item).values())
    return str(item)


@contextmanager
def explained() -> Iterator[None]:
    """A user's error (``JoinedUpError``) as one line on stderr and its exit status; a rejected
    file's every problem, one per line. Every verb runs inside it (``cli.app.JoinedUpGroup``);
    a sub-command group run on its own (as the tests do) wraps its verbs in it too."""
    import typer

    from joinedup.errors import JoinedUpError
    from joinedup.problems import FileRejected

    try:
        yield
    except FileRejected as rejected:
        print_rejected(rejected)
        raise typer.Exit(rejected.exit_code) from None
    except JoinedUpError as error:
        typer.echo(f"Error: {error}", err=True)
        raise typer.Exit(error.exit_code) from None


def print_rejected(rejected: FileRejected) -> None:
    """Every problem of a rejected file, one line each naming file, sheet, row and field, then
    that nothing was stored."""
    import typer

    for problem in rejected.problems:
        typer.echo(str(problem), err=True)
    count = len(rejected.problems)
    typer.echo(
        f"Nothing was stored: {count} problem{'s' if count != 1 else ''} in {rejected.file}.",
        err=True,
    )
