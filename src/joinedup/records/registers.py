"""Registers: tables people keep (boards, people, memberships...), changed only through here.

Over 400 lines: a Register's fields, its checks and the Batch that applies rows are one contract
(every change checked, stored whole and audited), read in one place.

A :class:`Register` declares its fields once: how each cell is read, what it must refer to, and
the checks across fields. :class:`Batch` applies rows to registers inside one transaction,
checking every row before anything is kept, recording each change in the audit log, and raising
:class:`~joinedup.problems.FileRejected` (so nothing is stored) if any row is wrong. The
Python API, file imports and the Modern.gov import all go through it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any

from joinedup.core.fields import (
    LONG_TEXT,
    SHORT_TEXT,
    is_blank,
    parse_boolean,
    parse_choice,
    parse_codes,
    parse_date,
    parse_integer,
    parse_money,
    parse_text,
)
from joinedup.data_topics import topics_of
from joinedup.errors import JoinedUpError
from joinedup.problems import FileRejected, Problem
from joinedup.records import audit
from joinedup.warehouse import Warehouse


class Kind(StrEnum):
    text = "text"
    integer = "integer"
    date = "date"
    boolean = "boolean"
    money = "money"
    choice = "choice"
    codes = "codes"  # organisation codes, upper case
    slugs = "slugs"  # codes people choose, lower case


# Fields whose text may run to a paragraph; every other text field is a line.
LONG_TEXT_FIELDS = frozenset({"title", "description"})


class UnknownEntry(JoinedUpError):
    exit_code = 2


@dataclass(frozen=True, slots=True)
class Field:
    """A column of a register: its name in files and the API, and how a cell is read."""

    name: str
    kind: Kind
    column: str = ""  # the table's column, when it differs from the name
    required: bool = False
    choices: tuple[str, ...] = ()
    refers_to: str | None = None  # a register's name, or "organisations", "councils", "systems"
    default: Any = None
    minimum: int | None = None
    help: str = ""
    max_length: int | None = None  # of text; by default LONG_TEXT for titles and descriptions

    @property
    def text_limit(self) -> int:
        """The most characters a text cell may hold (see docs/web.md, Files in and out)."""
        if self.max_length is not None:
            return self.max_length
        return LONG_TEXT if self.name in LONG_TEXT_FIELDS else SHORT_TEXT

    @property
    def db_column(self) -> str:
        return self.column or self.name

    def parse(self, value: object) -> Any:
        """The typed value of a cell; ``ValueError`` says what is wrong with it."""
        if self.kind in (Kind.codes, Kind.slugs):
            return list(parse_codes(value, upper=self.kind is Kind.codes))
        if is_blank(value):
            return None
        match self.kind:
            case Kind.integer:
                return parse_integer(value, self.minimum)
            case Kind.date:
                return parse_date(value)
            case Kind.boolean:
                return parse_boolean(value)
            case Kind.money:
                amount = parse_money(value)
                if amount < 0:
                    raise ValueError("amounts cannot be negative")
                return amount
            case Kind.choice:
                return parse_choice(value, self.choices)
            case Kind.text if self.refers_to in ("organisations", "councils", "systems"):
                text = parse_text(value, self.text_limit)
                return None if text is None else text.upper()
            case _:
                return parse_text(value, self.text_limit)


Report = Callable[[str | None, str], None]
RowCheck = Callable[["Batch", dict[str, Any], Report], None]
FinalCheck = Callable[["Batch", Sequence["Change"]], list[Problem]]


@dataclass(frozen=True, slots=True)
class Register:
    """A table people keep. ``key`` is the first field: a code people give, or a number the
    register assigns when the cell is blank (``generated``)."""

    name: str
    table: str
    fields: tuple[Field, ...]
    generated: bool = True
    check: RowCheck | None = None
    final_check: FinalCheck | None = None
    description: str = ""

    @property
    def key(self) -> Field:
        return self.fields[0]

    @property
    def touches(self) -> frozenset[str]:
        """The data topics a change to the register writes: its table's and the audit log's."""
        return topics_of(self.table, "audit_log")

    def field(self, name: str) -> Field:
        for candidate in self.fields:
            if candidate.name == name:
                return candidate
        raise KeyError(name)

    def select(self) -> str:
        """SELECT of the register's fields under their names, in key order."""
        columns = ", ".join(
            f"{item.db_column} AS {item.name}" if item.column else item.name for item in self.fields
        )
        return f"SELECT {columns} FROM {self.table}"


@dataclass(frozen=True, slots=True)
class Where:
    """Where a row came from, for problems: a file's row, or an entry made through the API."""

    file: str
    row: int | None = None
    sheet: str | None = None

    def problem(self, field_name: str | None, message: str) -> Problem:
        return Problem(self.file, self.row, field_name, message, self.sheet)


@dataclass(frozen=True, slots=True)
class Change:
    register: str
    key: Any
    action: str  # insert | update | unchanged
    before: dict[str, Any] | None
    after: dict[str, Any]
    where: Where


@dataclass
class Batch:
    """Changes to one or more registers, checked and stored together in the caller's
    transaction. Call :meth:`finish` at the end: it runs the checks that need every register's
    rows in place, and raises ``FileRejected`` (rolling the transaction back) on any problem."""

    warehouse: Warehouse
    who: str | None = None
    when: datetime | None = None
    synthetic: bool = False
    # Options for registers' checks, such as the oversight rules in force ("oversight_rules").
    options: dict[str, Any] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    _known: dict[tuple[str, Any], bool] = field(default_factory=dict)

    def apply(
        self,
        register: Register,
        rows: Iterable[tuple[Where, Mapping[str, Any]]],
        *,
        action: str | None = None,
        note: str | None = None,
    ) -> list[Change]:
        """Check and store rows of raw cells (by field name); a missing name keeps the stored
        value on an update and takes the default on an insert. ``action`` names an update in
        the audit log (such as "approve"); ``note`` is recorded with each entry."""
        applied: list[Change] = []
        seen: dict[Any, Where] = {}
        entries: list[audit.Entry] = []
        for where, cells in rows:
            change = self._apply_row(register, where, cells, seen)
            if change is None:
                continue
            applied.append(change)
            if change.action != "unchanged":
                key = str(change.key)
                label = action if action and change.action == "update" else change.action
                entries.append(
                    audit.Entry(label, register.table, key, change.before, change.after, note)
                )
        audit.record(
            self.warehouse, entries, who=self.who, when=self.when, synthetic=self.synthetic
        )
        self.changes += applied
        return applied

    def _apply_row(
        self,
        register: Register,
        where: Where,
        cells: Mapping[str, Any],
        seen: dict[Any, Where],
    ) -> Change | None:
        before_count = len(self.problems)

        def report(field_name: str | None, message: str) -> None:
            self.problems.append(where.problem(field_name, message))

        unknown = [name for name in cells if name not in {f.name for f in register.fields}]
        if unknown:
            report(unknown[0], f"{register.name} have no field {unknown[0]!r}")
            return None
        key_field = register.key
        key = None
        if key_field.name in cells:
            try:
                key = key_field.parse(cells[key_field.name])
            except ValueError as error:
                report(key_field.name, str(error))
                return None
        if key is None and not register.generated:
            report(key_field.name, f"the {key_field.name} is missing")
            return None
        if key is not None:
            if key in seen:
                report(key_field.name, f"{key_field.name} {key} is also on {_place(seen[key])}")
                return None
            seen[key] = where
        existing = None if key is None else self.row(register, key)

        values: dict[str, Any] = {} if existing is None else dict(existing)
        if existing is None:
            values |= {item.name: item.default for item in register.fields}
        for item in register.fields[1:]:
            if item.name not in cells:
                continue
            try:
                values[item.name] = item.parse(cells[item.name])
            except ValueError as error:
                report(item.name, str(error))
        reported = {problem.field for problem in self.problems[before_count:]}
        for item in register.fields[1:]:
            if item.required and values.get(item.name) is None and item.name not in reported:
                report(item.name, f"the {item.name.replace('_', ' ')} is missing")
        if len(self.problems) > before_count:
            return None
        for item in register.fields[1:]:
            if item.refers_to and values.get(item.name) not in (None, []):
                values[item.name] = self._resolve(item, values[item.name], report)
        if len(self.problems) > before_count:
            return None
        if register.check is not None:
            register.check(self, values, report)
            if len(self.problems) > before_count:
                return None

        if existing is not None:
            if values == existing:
                return Change(register.name, key, "unchanged", existing, values, where)
            self._update(register, key, values)
            return Change(register.name, key, "update", existing, values, where)
        if key is None:
            key = self._next_key(register)
        values[key_field.name] = key
        self._insert(register, values)
        self._known[(register.name, key)] = True
        return Change(register.name, key, "insert", None, values, where)

    def row(self, register: Register, key: Any) -> dict[str, Any] | None:
        """The stored row with this key, by field name, or None."""
        rows = self.warehouse.query(
            f"{register.select()} WHERE {register.key.db_column} = ?", [key]
        )
        if not rows:
            return None
        return {
            name: list(value) if isinstance(value, list) else value
            for name, value in rows[0].items()
        }

    def exists(self, register_name: str, key: Any) -> bool:
        """Whether a row of a register (or an organisation, council or system) exists."""
        known = self._known.get((register_name, key))
        if known is not None:
            return known
        table, column, extra = _REFERENCE_TABLES[register_name]
        found = self.warehouse.query(
            f"SELECT 1 AS found FROM {table} WHERE {column} = ?{extra} LIMIT 1", [key]
        )
        self._known[(register_name, key)] = bool(found)
        return bool(found)

    def _resolve(self, item: Field, value: Any, report: Report) -> Any:
        target = item.refers_to or ""
        values = value if isinstance(value, list) else [value]
        resolved = []
        for one in values:
            code = self._organisation_code(target, one) if target in _ORGANISATIONS else one
            if code is None or not self.exists(target, code):
                report(item.name, _unknown(target, one))
                continue
            resolved.append(code)
        return resolved if isinstance(value, list) else (resolved[0] if resolved else None)

    def _organisation_code(self, target: str, key: str) -> str | None:
        """Any key an organisation answers to (an ICB's ODS code or name) as its code."""
        from joinedup.organisations import UnknownOrganisation, organisation

        if target == "systems":
            from joinedup.reference import UnknownCode, system

            try:
                return system(key).code
            except UnknownCode:
                return None
        try:
            return organisation(self.warehouse, key).code
        except UnknownOrganisation:
            return None

    def _next_key(self, register: Register) -> int:
        column = register.key.db_column
        found = self.warehouse.connection.execute(
            f"SELECT coalesce(max({column}), 0) FROM {register.table}"
        ).fetchone()
        return (int(found[0]) if found else 0) + 1

    def _insert(self, register: Register, values: Mapping[str, Any]) -> None:
        columns = [item.db_column for item in register.fields] + ["synthetic"]
        parameters = [values.get(item.name) for item in register.fields] + [self.synthetic]
        placeholders = ", ".join("?" for _ in columns)
        self.warehouse.connection.execute(
            f"INSERT INTO {register.table} ({', '.join(columns)}) VALUES ({placeholders})",
            parameters,
        )

    def _update(self, register: Register, key: Any, values: Mapping[str, Any]) -> None:
        items = register.fields[1:]
        assignments = ", ".join(f"{item.db_column} = ?" for item in items)
        self.warehouse.connection.execute(
            f"UPDATE {register.table} SET {assignments} WHERE {register.key.db_column} = ?",
            [values.get(item.name) for item in items] + [key],
        )

    def finish(self, registers: Sequence[Register], file: str = "the entries") -> None:
        """Run each register's whole-batch checks, then raise if anything was wrong."""
        for register in registers:
            if register.final_check is not None and not self.problems:
                mine = [change for change in self.changes if change.register == register.name]
                self.problems += register.final_check(self, mine)
        if self.problems:
            raise FileRejected(file, self.problems)


_ORGANISATIONS = ("organisations", "councils", "systems")
# What ``Field.refers_to`` may name: a table, its key column, and any condition on the row.
_REFERENCE_TABLES: dict[str, tuple[str, str, str]] = {
    "organisations": ("organisations", "code", ""),
    "councils": ("organisations", "code", " AND kind = 'council'"),
    "systems": ("ref_systems", "code", ""),
    "boards": ("governance_boards", "code", ""),
    "people": ("governance_people", "id", ""),
    "meetings": ("governance_meetings", "id", ""),
    "decisions": ("governance_decisions", "id", ""),
}


def _unknown(target: str, value: Any) -> str:
    noun = {
        "organisations": "organisation",
        "councils": "council",
        "systems": "system",
        "people": "person",
    }.get(target, target.removesuffix("s").replace("_", " "))
    return f"there is no {noun} {value!r}"


def _place(where: Where) -> str:
    return f"row {where.row}" if where.row is not None else "another entry"


def store(
    warehouse: Warehouse,
    register: Register,
    entries: Sequence[Mapping[str, Any]],
    *,
    who: str | None = None,
    when: datetime | None = None,
    synthetic: bool = False,
) -> list[Change]:
    """Add or change entries of one register through the API, all or none of them."""
    with warehouse.transaction(touches=register.touches):
        batch = Batch(warehouse, who, when, synthetic)
        changes = batch.apply(
            register, [(Where(f"{register.name} entry"), entry) for entry in entries]
        )
        batch.finish([register], f"{register.name} entries")
    return changes


def rows(
    warehouse: Warehouse, register: Register, where: str = "", parameters: Sequence[Any] = ()
) -> list[dict[str, Any]]:
    """The register's rows by field name, in key order; ``where`` is a parameterised filter."""
    sql = register.select() + (f" WHERE {where}" if where else "")
    return warehouse.query(f"{sql} ORDER BY {register.key.db_column}", list(parameters))


def get(warehouse: Warehouse, register: Register, key: Any) -> dict[str, Any]:
    """One row by its key, or :class:`UnknownEntry`."""
    found = rows(warehouse, register, f"{register.key.db_column} = ?", [key])
    if not found:
        noun = register.name.removesuffix("s").replace("_", " ")
        raise UnknownEntry(
            f"There is no {noun} {key!r}; list them with `joinedup governance list "
            f"{register.name.replace('_', '-')}`."
        )
    return found[0]
