"""Reading and writing a system's plan as a file: YAML, or a CSV / XLSX table of flows.

The table has one row per flow, naming its priority and intervention::

    priority,priority_title,intervention,intervention_name,organisation,year,kind,amount,...
    falls,Fewer falls,falls-service,Community falls service,E10000016,0,cost,120000,...
    falls,,falls-service,,E54000032,1,activity_avoided,,...  (quantity 300, unit_cost 345.50)

(other columns: priority_description, start_year, intervention_description, quantity,
unit_cost, description).

Titles and names are needed on the first row of a priority or intervention only; priorities
rank in the order they first appear. A row with a priority and no intervention declares a
priority with none yet. YAML nests the same (see docs/priorities.md). Every problem is reported
with its file, row (or YAML path) and field, and nothing is stored unless the file is right.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from joinedup.core.fields import (
    is_blank,
    parse_choice,
    parse_decimal,
    parse_integer,
    parse_money,
    parse_slug,
    parse_text,
)
from joinedup.core.files import Table, UnreadableFile, read_table
from joinedup.priorities.interventions import (
    FLOW_KINDS,
    Flow,
    Intervention,
    Origin,
    Plan,
    Priority,
    plain,
)
from joinedup.problems import FileRejected, Problem
from joinedup.textsafety import neutralise_row

COLUMNS = (
    "priority",
    "priority_title",
    "priority_description",
    "intervention",
    "intervention_name",
    "start_year",
    "intervention_description",
    "organisation",
    "year",
    "kind",
    "amount",
    "quantity",
    "unit_cost",
    "description",
)
REQUIRED = ("priority", "intervention", "organisation", "year", "kind")


def read_plan(path: Path, system_code: str) -> Plan:
    """The plan in a .yaml/.yml, .csv or .xlsx file; raises ``FileRejected`` with every problem."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in (".yaml", ".yml"):
        return _read_yaml(path, system_code)
    if suffix in (".csv", ".xlsx", ".xlsm"):
        table = read_table(path, REQUIRED)
        return _read_table(table, system_code)
    raise UnreadableFile(
        f"{path.name}: expected a .yaml, .csv or .xlsx file, not {suffix or 'none'}."
    )


@dataclass
class _Builder:
    """Collects priorities, interventions and flows, in the order they first appear."""

    system_code: str
    problems: list[Problem] = field(default_factory=list)
    priorities: dict[str, Priority] = field(default_factory=dict)
    interventions: dict[str, dict[str, Any]] = field(default_factory=dict)

    def read(
        self,
        origin: Origin,
        cells: dict[str, Any],
        name: str,
        parse: Callable[[Any], Any],
        required: bool = False,
    ) -> Any:
        value = cells.get(name)
        if is_blank(value):
            if required:
                self.problems.append(
                    origin.problem(name, f"the {name.replace('_', ' ')} is missing")
                )
            return None
        try:
            return parse(value)
        except ValueError as error:
            self.problems.append(origin.problem(name, str(error)))
            return None

    def priority(
        self, origin: Origin, code: str, title: str | None, description: str | None
    ) -> None:
        known = self.priorities.get(code)
        if known is None:
            if title is None:
                field, where = _first_mention(origin, "title", "priority_title")
                self.problems.append(origin.problem(field, f"priority {code} needs a title{where}"))
            self.priorities[code] = Priority(
                code, title or code, len(self.priorities) + 1, description, origin
            )
        elif title is not None and title != known.title:
            self.problems.append(
                origin.problem(
                    "priority_title",
                    f"priority {code} is titled {known.title!r} earlier in the file",
                )
            )

    def intervention(
        self, origin: Origin, code: str, priority: str, values: dict[str, Any]
    ) -> dict[str, Any]:
        known = self.interventions.get(code)
        if known is None:
            if values.get("name") is None:
                field, where = _first_mention(origin, "name", "intervention_name")
                self.problems.append(
                    origin.problem(field, f"intervention {code} needs a name{where}")
                )
            known = {
                "code": code,
                "priority": priority,
                "name": values.get("name") or code,
                "start_year": values.get("start_year"),
                "description": values.get("description"),
                "flows": [],
                "origin": origin,
            }
            self.interventions[code] = known
        elif known["priority"] != priority:
            self.problems.append(
                origin.problem(
                    "priority",
                    f"intervention {code} belongs to "
                    f"priority {known['priority']} earlier in the file",
                )
            )
        return known

    def plan(self) -> Plan:
        interventions = tuple(
            Intervention(
                item["code"],
                item["name"],
                item["priority"],
                item["start_year"],
                item["description"],
                tuple(item["flows"]),
                item["origin"],
            )
            for item in self.interventions.values()
        )
        return Plan(self.system_code, tuple(self.priorities.values()), interventions)


def _first_mention(origin: Origin, yaml_field: str, table_field: str) -> tuple[str, str]:
    """The field to name, and where it belongs: in a table, on the first row of its code."""
    if origin.path:
        return yaml_field, ""
    return table_field, " on its first row"


def _read_table(table: Table, system_code: str) -> Plan:
    builder = _Builder(system_code)
    for number, cells in table.rows:
        if all(is_blank(value) for value in cells.values()):
            continue
        origin = Origin(table.file, number, table.sheet)
        before = len(builder.problems)
        code = builder.read(origin, cells, "priority", parse_slug, required=True)
        title = builder.read(origin, cells, "priority_title", parse_text)
        described = builder.read(origin, cells, "priority_description", parse_text)
        if code is None:
            continue
        builder.priority(origin, code, title, described)
        intervention = builder.read(origin, cells, "intervention", parse_slug)
        if intervention is None:
            continue
        values = {
            "name": builder.read(origin, cells, "intervention_name", parse_text),
            "start_year": builder.read(origin, cells, "start_year", parse_text),
            "description": builder.read(origin, cells, "intervention_description", parse_text),
        }
        known = builder.intervention(origin, intervention, code, values)
        if all(is_blank(cells.get(name)) for name in ("organisation", "year", "kind")):
            continue  # an intervention with no flows on this row
        flow = _flow(builder, origin, cells)
        if flow is not None and len(builder.problems) == before:
            known["flows"].append(flow)
    if not table.rows and not builder.problems:
        builder.problems.append(Problem(table.file, None, None, "there are no rows", table.sheet))
    if builder.problems:
        raise FileRejected(table.file, builder.problems)
    return builder.plan()


def _flow(builder: _Builder, origin: Origin, cells: dict[str, Any]) -> Flow | None:
    organisation = builder.read(origin, cells, "organisation", _organisation, required=True)
    year = builder.read(origin, cells, "year", lambda v: parse_integer(v, 0), required=True)
    kind = builder.read(origin, cells, "kind", lambda v: parse_choice(v, FLOW_KINDS), True)
    amount = builder.read(origin, cells, "amount", parse_money)
    quantity = builder.read(origin, cells, "quantity", parse_decimal)
    unit_cost = builder.read(origin, cells, "unit_cost", parse_money)
    description = builder.read(origin, cells, "description", parse_text)
    if organisation is None or year is None or kind is None:
        return None
    return Flow(organisation, year, kind, amount, quantity, unit_cost, description, origin)


def _organisation(value: Any) -> str:
    text = parse_text(value)
    if text is None:
        raise ValueError("the organisation is missing")
    return text.upper()


def _read_yaml(path: Path, system_code: str) -> Plan:
    import yaml

    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark is not None else None
        problem = Problem(path.name, None, where, "this is not valid YAML")
        raise FileRejected(path.name, [problem]) from None
    except (OSError, UnicodeDecodeError) as error:
        raise UnreadableFile(f"Cannot read {path}: {error}.") from None
    builder = _Builder(system_code)
    priorities = data.get("priorities") if isinstance(data, dict) else None
    if not isinstance(priorities, list):
        message = "the file needs a list under 'priorities:'"
        raise FileRejected(path.name, [Problem(path.name, None, "priorities", message)])
    for index, priority in enumerate(priorities):
        origin = Origin(path.name, path=f"priorities.{index}.")
        if not isinstance(priority, dict):
            builder.problems.append(origin.problem(None, "expected code, title, interventions"))
            continue
        code = builder.read(origin, priority, "code", parse_slug, required=True)
        title = builder.read(origin, priority, "title", parse_text)
        described = builder.read(origin, priority, "description", parse_text)
        if code is None:
            continue
        builder.priority(origin, code, title, described)
        for number, item in enumerate(priority.get("interventions") or []):
            inner = Origin(path.name, path=f"{origin.path}interventions.{number}.")
            if not isinstance(item, dict):
                builder.problems.append(inner.problem(None, "expected code, name and flows"))
                continue
            intervention = builder.read(inner, item, "code", parse_slug, required=True)
            values = {
                name: builder.read(inner, item, name, parse_text)
                for name in ("name", "start_year", "description")
            }
            if intervention is None:
                continue
            known = builder.intervention(inner, intervention, code, values)
            for line, cells in enumerate(item.get("flows") or []):
                place = Origin(path.name, path=f"{inner.path}flows.{line}.")
                if not isinstance(cells, dict):
                    builder.problems.append(place.problem(None, "expected organisation, year..."))
                    continue
                before = len(builder.problems)
                flow = _flow(builder, place, cells)
                if flow is not None and len(builder.problems) == before:
                    known["flows"].append(flow)
    if builder.problems:
        raise FileRejected(path.name, builder.problems)
    return builder.plan()


def write_plan(plan: Plan, path: Path) -> Path:
    """Write a plan as YAML, CSV or XLSX, in the layout :func:`read_plan` reads."""
    path = Path(path)
    suffix = path.suffix.lower()
    path.parent.mkdir(parents=True, exist_ok=True)
    if suffix in (".yaml", ".yml"):
        import yaml

        record = plan.record()
        record.pop("system")
        path.write_text(yaml.safe_dump(record, sort_keys=False, allow_unicode=True), "utf-8")
        return path
    # Plan text is typed by people: a spreadsheet must not run it as a formula.
    rows = [neutralise_row(row) for row in _table_rows(plan)]
    if suffix == ".csv":
        import csv

        with path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(COLUMNS)
            writer.writerows([["" if cell is None else cell for cell in row] for row in rows])
        return path
    if suffix == ".xlsx":
        from openpyxl import Workbook

        workbook = Workbook()
        sheet = workbook.active
        assert sheet is not None
        sheet.title = "Flows"
        sheet.append(list(COLUMNS))
        for row in rows:
            sheet.append(row)
        workbook.save(path)
        return path
    raise UnreadableFile(f"{path.name}: write a .yaml, .csv or .xlsx file, not {suffix or 'none'}.")


def _table_rows(plan: Plan) -> list[list[Any]]:
    rows: list[list[Any]] = []
    for priority in plan.priorities:
        first_priority = True
        items = [item for item in plan.interventions if item.priority == priority.code]
        if not items:
            rows.append([priority.code, priority.title, priority.description] + [None] * 11)
        for item in items:
            first_item = True
            for flow in item.flows or (None,):
                head = (
                    [priority.code, priority.title, priority.description]
                    if first_priority
                    else [priority.code, None, None]
                )
                middle = (
                    [item.code, item.name, item.start_year, item.description]
                    if first_item
                    else [item.code, None, None, None]
                )
                first_priority = first_item = False
                if flow is None:
                    rows.append(head + middle + [None] * 7)
                    continue
                rows.append(
                    head
                    + middle
                    + [
                        flow.organisation,
                        flow.year,
                        flow.kind,
                        _text(flow.amount),
                        _text(flow.quantity),
                        _text(flow.unit_cost),
                        flow.description,
                    ]
                )
    return rows


def _text(value: Decimal | None) -> str | None:
    return None if value is None else plain(value)
