"""The ICP's priorities, their interventions, and each partner's costs and benefits by year.

Over 400 lines: a plan's records, the checks across them and storing the plan whole (with its audit
entry) share one shape; apart, each would restate the others.

A system's *plan* is its short list of priorities (IMPOWER/CCN recommendation 13: "a small set of
achievable priorities"; more than five draws a warning). Each priority has interventions; each
intervention has *flows*: for one partner organisation and one year (0 = the first year), a cost,
a cash-releasing saving, a cost avoided (not cash-releasing), or activity avoided (a quantity,
such as bed days, times a unit cost). So one partner can pay while another gains, and the
appraisal (:mod:`joinedup.priorities.appraisal`) shows both sides.

A plan is stored whole, replacing the system's previous plan; the change is recorded in the
audit log with both plans.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from joinedup.problems import FileRejected, Problem
from joinedup.records import audit
from joinedup.warehouse import Warehouse

FLOW_KINDS = ("cost", "cash_releasing_saving", "cost_avoided", "activity_avoided")
BENEFITS = FLOW_KINDS[1:]
CASH_KINDS = ("cost", "cash_releasing_saving")
MAX_YEAR = 30  # HM Treasury's Green Book discounts at 3.5% for years 0 to 30
MOST_PRIORITIES = 5
LIMIT = Decimal("1e16")  # what DECIMAL(18, 2) holds
QUANTITY_LIMIT = Decimal("1e14")  # what DECIMAL(18, 4) holds
QUANTUM = Decimal("0.0001")


@dataclass(frozen=True, slots=True)
class Origin:
    """Where part of a plan was written: a file's row (CSV, XLSX) or path (YAML), for problems."""

    file: str
    row: int | None = None
    sheet: str | None = None
    path: str = ""  # e.g. "priorities.0.interventions.1.flows.2." in a YAML file

    def problem(self, field_name: str | None, message: str) -> Problem:
        name = f"{self.path}{field_name}" if field_name else (self.path.rstrip(".") or None)
        return Problem(self.file, self.row, name, message, self.sheet)


@dataclass(frozen=True, slots=True)
class Flow:
    organisation: str
    year: int
    kind: str
    amount: Decimal | None = None
    quantity: Decimal | None = None
    unit_cost: Decimal | None = None
    description: str | None = None
    origin: Origin = field(default=Origin("plan"), compare=False)

    @property
    def value(self) -> Decimal:
        """The flow in pounds, exactly: the amount, or quantity x unit cost."""
        if self.kind == "activity_avoided":
            return (self.quantity or Decimal(0)) * (self.unit_cost or Decimal(0))
        return self.amount or Decimal(0)

    @property
    def net(self) -> Decimal:
        """Positive for a benefit to the partner, negative for a cost."""
        return -self.value if self.kind == "cost" else self.value


@dataclass(frozen=True, slots=True)
class Intervention:
    code: str
    name: str
    priority: str
    start_year: str | None = None
    description: str | None = None
    flows: tuple[Flow, ...] = ()
    origin: Origin = field(default=Origin("plan"), compare=False)


@dataclass(frozen=True, slots=True)
class Priority:
    code: str
    title: str
    rank: int
    description: str | None = None
    origin: Origin = field(default=Origin("plan"), compare=False)


@dataclass(frozen=True, slots=True)
class Plan:
    system_code: str
    priorities: tuple[Priority, ...]
    interventions: tuple[Intervention, ...]

    @property
    def warnings(self) -> list[str]:
        count = len(self.priorities)
        if count > MOST_PRIORITIES:
            return [
                f"{count} priorities: IMPOWER/CCN recommend a small set of achievable "
                f"priorities; consider keeping to {MOST_PRIORITIES} or fewer."
            ]
        return []

    def record(self) -> dict[str, Any]:
        """The plan as plain data (for JSON, the audit log and YAML export)."""
        return {
            "system": self.system_code,
            "priorities": [
                {
                    "code": priority.code,
                    "title": priority.title,
                    "rank": priority.rank,
                    "description": priority.description,
                    "interventions": [
                        {
                            "code": item.code,
                            "name": item.name,
                            "start_year": item.start_year,
                            "description": item.description,
                            "flows": [_flow_record(flow) for flow in item.flows],
                        }
                        for item in self.interventions
                        if item.priority == priority.code
                    ],
                }
                for priority in self.priorities
            ],
        }


def _flow_record(flow: Flow) -> dict[str, Any]:
    record: dict[str, Any] = {
        "organisation": flow.organisation,
        "year": flow.year,
        "kind": flow.kind,
    }
    for name in ("amount", "quantity", "unit_cost"):
        value = getattr(flow, name)
        if value is not None:
            record[name] = plain(value)
    if flow.description:
        record["description"] = flow.description
    return record


def plain(number: Decimal) -> str:
    """A number without padding zeros or an exponent, so 120.0000 and 120 read the same.

    >>> plain(Decimal("120.0000")), plain(Decimal("345.50"))
    ('120', '345.5')
    """
    text = format(number.normalize(), "f")
    return "0" if text in ("-0", "") else text


def check_plan(warehouse: Warehouse, plan: Plan) -> list[Problem]:
    """Problems across the plan: repeated codes, flows that do not fit their kind, partners
    that are not the system's."""
    problems: list[Problem] = []
    seen: dict[str, Origin] = {}
    for priority in plan.priorities:
        if priority.code in seen:
            problems.append(
                priority.origin.problem("priority", f"priority {priority.code} is listed twice")
            )
        seen[priority.code] = priority.origin
    if not plan.priorities:
        problems.append(Problem("the plan", None, None, "there are no priorities"))
    codes: set[str] = set()
    partners = partner_codes(warehouse, plan.system_code)
    for item in plan.interventions:
        if item.code in codes:
            problems.append(
                item.origin.problem("intervention", f"intervention {item.code} is listed twice")
            )
        codes.add(item.code)
        if item.priority not in seen:
            problems.append(
                item.origin.problem("priority", f"there is no priority {item.priority}")
            )
        for flow in item.flows:
            problems += _check_flow(flow, partners, plan.system_code)
    return problems


def _check_flow(flow: Flow, partners: dict[str, str], system_code: str) -> list[Problem]:
    problems = []
    origin = flow.origin
    if flow.organisation not in partners:
        problems.append(
            origin.problem(
                "organisation",
                f"{flow.organisation} is not a partner "
                f"of system {system_code} (its ICB, councils, trusts or "
                "VCSE partners)",
            )
        )
    if not 0 <= flow.year <= MAX_YEAR:
        problems.append(
            origin.problem(
                "year", f"year {flow.year} is outside 0 to {MAX_YEAR} (0 is the first year)"
            )
        )
    for name, limit in (("amount", LIMIT), ("quantity", QUANTITY_LIMIT), ("unit_cost", LIMIT)):
        value = getattr(flow, name)
        if value is not None and value < 0:
            problems.append(
                origin.problem(
                    name,
                    f"the {name.replace('_', ' ')} is negative; say "
                    "whether it is a cost or a benefit with the kind",
                )
            )
        elif value is not None and value >= limit:
            problems.append(origin.problem(name, f"the {name.replace('_', ' ')} is too large"))
        elif name == "quantity" and value is not None and value != value.quantize(QUANTUM):
            problems.append(origin.problem(name, "give the quantity to at most 4 decimal places"))
    if flow.kind == "activity_avoided":
        if flow.quantity is None or flow.unit_cost is None:
            missing = "quantity" if flow.quantity is None else "unit_cost"
            problems.append(
                origin.problem(missing, "activity avoided needs a quantity and a unit cost")
            )
        if flow.amount is not None:
            problems.append(
                origin.problem(
                    "amount",
                    "activity avoided is valued as quantity x unit cost; leave the amount blank",
                )
            )
    else:
        if flow.amount is None:
            problems.append(
                origin.problem(
                    "amount", f"a {flow.kind.replace('_', ' ')} needs an amount in pounds"
                )
            )
        if flow.quantity is not None or flow.unit_cost is not None:
            problems.append(
                origin.problem("quantity", "only activity avoided has a quantity and a unit cost")
            )
    return problems


def partner_codes(warehouse: Warehouse, system_code: str) -> dict[str, str]:
    """The system's partner organisations, code to name: its ICB, its councils, and the
    providers registered to it."""
    return {
        row["code"]: row["name"]
        for row in warehouse.query(
            "SELECT code, name FROM organisations WHERE system_code = ? OR (kind = 'council' "
            "AND code IN (SELECT council_code FROM ref_council_systems WHERE system_code = ?))",
            [system_code, system_code],
        )
    }


@dataclass(frozen=True, slots=True)
class Stored:
    system_code: str
    priorities: int
    interventions: int
    flows: int
    changed: bool
    warnings: list[str]


def store_plan(
    warehouse: Warehouse,
    plan: Plan,
    *,
    who: str | None = None,
    when: datetime | None = None,
    synthetic: bool = False,
    file: str = "the plan",
    audited: bool = True,
) -> Stored:
    """Replace the system's plan with this one, after checking it; raises ``FileRejected``.

    The change is recorded in the audit log, unless ``audited`` is false (the demo builder
    records its load of every system's plan as one entry)."""
    problems = check_plan(warehouse, plan)
    if problems:
        raise FileRejected(file, problems)
    before = load_plan(warehouse, plan.system_code)
    flows = sum(len(item.flows) for item in plan.interventions)
    counts = (plan.system_code, len(plan.priorities), len(plan.interventions), flows)
    if before.record() == plan.record():
        return Stored(*counts, changed=False, warnings=plan.warnings)
    with warehouse.transaction() as connection:
        for table in ("priority_flows", "priority_interventions", "priorities"):
            connection.execute(f"DELETE FROM {table} WHERE system_code = ?", [plan.system_code])
        _insert(warehouse, plan, synthetic)
        if not audited:
            return Stored(*counts, changed=True, warnings=plan.warnings)
        entry = audit.Entry(
            "replace",
            "priorities",
            plan.system_code,
            before.record() if before.priorities else None,
            plan.record(),
            file,
        )
        audit.record(warehouse, [entry], who=who, when=when, synthetic=synthetic)
    return Stored(*counts, changed=True, warnings=plan.warnings)


def _insert(warehouse: Warehouse, plan: Plan, synthetic: bool) -> None:
    code = plan.system_code
    warehouse.insert_rows(
        "priorities",
        ("system_code", "code", "rank", "title", "description", "synthetic"),
        [(code, p.code, p.rank, p.title, p.description, synthetic) for p in plan.priorities],
    )
    warehouse.insert_rows(
        "priority_interventions",
        ("system_code", "code", "priority_code", "name", "start_year", "description", "synthetic"),
        [
            (code, i.code, i.priority, i.name, i.start_year, i.description, synthetic)
            for i in plan.interventions
        ],
    )
    warehouse.insert_rows(
        "priority_flows",
        (
            "system_code",
            "intervention_code",
            "line",
            "organisation_code",
            "year",
            "kind",
            "amount",
            "quantity",
            "unit_cost",
            "description",
            "synthetic",
        ),
        [
            (
                code,
                item.code,
                line,
                f.organisation,
                f.year,
                f.kind,
                f.amount,
                f.quantity,
                f.unit_cost,
                f.description,
                synthetic,
            )
            for item in plan.interventions
            for line, f in enumerate(item.flows, start=1)
        ],
    )


def load_plan(warehouse: Warehouse, system_code: str) -> Plan:
    """The system's stored plan (empty if it has none)."""
    priorities = tuple(
        Priority(row["code"], row["title"], int(row["rank"]), row["description"])
        for row in warehouse.query(
            "SELECT code, title, rank, description FROM priorities WHERE system_code = ? "
            "ORDER BY rank, code",
            [system_code],
        )
    )
    flows: dict[str, list[Flow]] = {}
    for row in warehouse.query(
        "SELECT intervention_code, organisation_code, year, kind, amount, quantity, unit_cost, "
        "description FROM priority_flows WHERE system_code = ? ORDER BY intervention_code, line",
        [system_code],
    ):
        flows.setdefault(row["intervention_code"], []).append(
            Flow(
                row["organisation_code"],
                int(row["year"]),
                row["kind"],
                row["amount"],
                row["quantity"],
                row["unit_cost"],
                row["description"],
            )
        )
    rank = {priority.code: priority.rank for priority in priorities}
    interventions = tuple(
        sorted(
            (
                Intervention(
                    row["code"],
                    row["name"],
                    row["priority_code"],
                    row["start_year"],
                    row["description"],
                    tuple(flows.get(row["code"], [])),
                )
                for row in warehouse.query(
                    "SELECT code, name, priority_code, start_year, description "
                    "FROM priority_interventions WHERE system_code = ? ORDER BY code",
                    [system_code],
                )
            ),
            key=lambda item: (rank.get(item.priority, 0), item.code),
        )
    )
    return Plan(system_code, priorities, interventions)


def plans(warehouse: Warehouse) -> list[str]:
    """The systems that have a plan."""
    return [
        row["system_code"]
        for row in warehouse.query("SELECT DISTINCT system_code FROM priorities ORDER BY 1")
    ]
