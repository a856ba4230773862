"""Problems found in an input file, each naming the file, sheet, row and field."""

from __future__ import annotations

from dataclasses import dataclass

from joinedup.errors import JoinedUpError


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with one cell (or row) of an input file.

    ``row`` is the row number a person sees in their spreadsheet or text editor (the header is
    row 1 in a CSV); ``sheet`` is None for CSV files.
    """

    file: str
    row: int | None
    field: str | None
    message: str
    sheet: str | None = None

    def __str__(self) -> str:
        where = [self.file]
        if self.sheet:
            where.append(f"sheet {self.sheet!r}")
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.field:
            where.append(f"field {self.field!r}")
        return f"{', '.join(where)}: {self.message}"


@dataclass(frozen=True, slots=True)
class RowReport:
    """Records problems of one row of a file into the list of the whole file's problems:
    ``report(field, message)``."""

    file: str
    row: int
    problems: list[Problem]
    sheet: str | None = None

    def __call__(self, field: str | None, message: str) -> None:
        self.problems.append(Problem(self.file, self.row, field, message, self.sheet))


class FileRejected(JoinedUpError):
    """A file with problems: nothing from it was stored. Carries every problem found."""

    def __init__(self, file: str, problems: list[Problem]) -> None:
        self.file = file
        self.problems = problems
        count = len(problems)
        super().__init__(
            f"{file} was not stored: {count} problem{'s' if count != 1 else ''} found "
            f"(first: {problems[0]})"
        )
