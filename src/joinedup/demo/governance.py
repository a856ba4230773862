"""Synthetic governance registers for every system (its ICP priorities: :mod:`.priorities`).

``build_governance`` gives each system an ICB board, an ICP, and each council a Health and
Wellbeing Board and a health scrutiny committee, with members over time, two financial years of
meetings and classed agenda items, decisions (some still missing a council's sign-off), declared
interests (some raising conflicts) and the audit log of it all.

People's names are invented (made-up surnames, so no real person is named) and every row is
marked synthetic. The shape follows published evidence where there is some: IMPOWER/CCN found 9
of 91 ICB board members were councillors, so each ICB board has one or two local authority
partner members, most but not all of them councillors.
"""

from __future__ import annotations

import math
from datetime import date, datetime, timedelta
from decimal import Decimal
from random import Random
from typing import Any

from joinedup.demo.context import DemoContext
from joinedup.demo.priorities import FIRST_YEAR, PRIORITY_TABLES
from joinedup.demo.vocabulary import vocabulary
from joinedup.governance.boards import BOARDS
from joinedup.governance.commitments import COMMITMENTS
from joinedup.governance.decisions import DECISIONS, SIGN_OFFS
from joinedup.governance.interests import INTERESTS
from joinedup.governance.meetings import AGENDA_ITEMS, MEETINGS
from joinedup.governance.memberships import MEMBERSHIPS
from joinedup.governance.people import PEOPLE
from joinedup.governance.workbook import REGISTERS
from joinedup.records import audit
from joinedup.records.registers import Register
from joinedup.reference import Council, System, council, councils, systems
from joinedup.warehouse import Warehouse

GENERATOR = "JoinedUp demo generator"
# Invented names, parties, agenda and decision titles are data: demo/governance.yaml.
_WORDING = vocabulary()
FIRST_NAMES = _WORDING.people.first_names
SURNAMES = _WORDING.people.surnames  # invented: no real board member shares a demo name
INITIALS = _WORDING.people.initials
PARTIES = _WORDING.people.parties
ICB_START = date(2022, 7, 1)  # ICBs were established on 1 July 2022
HWB_START = date(2013, 4, 1)  # Health and Wellbeing Boards became statutory in April 2013
COUNCILLOR_PARTNER_SHARE = 0.8  # of ICB local authority partner members who are councillors
MINUTES = (10, 15, 20, 30, 45)
AGENDA = _WORDING.agenda  # titles by class
# Tables of each part, children first: the builder deletes their synthetic rows in this order.
GOVERNANCE_TABLES = (
    "audit_log",
    "governance_sign_offs",
    "governance_decision_commitments",
    "governance_decisions",
    "governance_interests",
    "governance_agenda_items",
    "governance_meetings",
    "governance_memberships",
    "governance_people",
    "governance_boards",
)


class _Registers:
    """Rows of every register by field name, numbered as they are made, written in bulk."""

    def __init__(self, random: Random, seed: int = 1) -> None:
        self.random = random
        self.seed = seed
        self.rows: dict[str, list[dict[str, Any]]] = {r.name: [] for r in REGISTERS}
        self.audit: list[tuple[datetime, audit.Entry]] = []

    def add(self, register: Register, **values: Any) -> int:
        """Add a row; a register numbered by the register gets the next id, which is returned."""
        rows = self.rows[register.name]
        if register.generated:
            values["id"] = len(rows) + 1
        rows.append(values)
        return len(rows)

    def member(
        self, board: str, role: str, organisation: str | None, start: date, *,
        end: date | None = None, voting: bool = True, councillor: bool = False,
    ) -> int:  # fmt: skip
        """A new person on a board; a councillor sits on the council they represent."""
        name = " ".join((self.random.choice(FIRST_NAMES), self.random.choice(INITIALS) + ".",
                         self.random.choice(SURNAMES)))  # fmt: skip
        party = self.random.choice(PARTIES) if councillor else None
        person = self.add(PEOPLE, name=name, party=party,
                          councillor_of=organisation if councillor else None)  # fmt: skip
        self.add(MEMBERSHIPS, board=board, person=person, role=role, organisation=organisation,
                 voting=voting, councillor=councillor, start_date=start, end_date=end)  # fmt: skip
        return person

    def interest(self, person: int, organisation: str, category: str, description: str) -> None:
        self.add(INTERESTS, person=person, organisation=organisation, category=category,
                 description=description, start_date=ICB_START, declared_on=ICB_START)  # fmt: skip


def build_governance(context: DemoContext) -> None:
    """Boards, members, meetings, agendas, decisions, sign-offs and interests for every system."""
    random = context.random
    registers = _Registers(random, context.seed)
    plans = _priority_codes(context.warehouse)
    for found in systems():
        trend = random.uniform(-0.03, 0.05)  # the ICB's drift towards strategic agenda time
        icb = _icb_board(registers, found)
        _icp(registers, found)
        meetings = _meetings(registers, icb, 6, 8, trend)
        _decisions(registers, found, icb, meetings, plans.get(found.code, []))
    for member in councils():
        _council_boards(registers, member)
    _write(context.warehouse, registers)


def _priority_codes(warehouse: Warehouse) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for row in warehouse.query("SELECT system_code, code FROM priorities ORDER BY rank"):
        found.setdefault(row["system_code"], []).append(row["code"])
    return found


def _start(random: Random, founded: date, years: int = 3) -> date:
    """Most members since the board's start; some joined later."""
    if random.random() < 0.6:
        return founded
    return founded + timedelta(days=random.randint(60, 365 * years))


def _main_councils(found: System) -> list[str]:
    """The councils most of whose people live in the system."""
    home = [c for c in found.council_codes if council(c).systems[0].system_code == found.code]
    return home or list(found.council_codes)


def _icb_board(registers: _Registers, found: System) -> str:
    """An ICB board: executives, non-executives, partner members; few councillors."""
    random = registers.random
    code = f"{found.ods_code}-ICB"
    registers.add(BOARDS, code=code, name=f"{found.name} board", kind="icb_board",
                  system=found.code)  # fmt: skip
    executives = ("Chair", "Chief Executive", "Chief Finance Officer", "Chief Medical Officer",
                  "Chief Nursing Officer")  # fmt: skip
    for role in executives + ("Non-executive member",) * random.randint(2, 4):
        _maybe_replaced(registers, code, role, found.code, found)
    trusts = [f"SYN-{found.ods_code}-ACUTE", f"SYN-{found.ods_code}-COMM"]
    for trust in trusts[: random.randint(1, 2)]:
        _maybe_replaced(registers, code, "Partner member (NHS trusts)", trust, found)
    _maybe_replaced(registers, code, "Partner member (primary care)", None, found)
    home = _main_councils(found)
    seats = 1 + (len(home) >= 3 and random.random() < 0.5) + (len(home) >= 6)
    for represented in random.sample(home, min(seats, len(home))):
        councillor = random.random() < COUNCILLOR_PARTNER_SHARE
        person = registers.member(code, "Partner member (local authorities)", represented,
                                  ICB_START, councillor=councillor)  # fmt: skip
        if random.random() < 0.1:  # an interest in the council the member comes from
            post = "Cabinet member" if councillor else "Officer"
            registers.interest(person, represented, "Employment",
                               f"{post}, {council(represented).name} council")  # fmt: skip
    if random.random() < 0.4:
        registers.member(code, "Participant (VCSE alliance)", f"SYN-{found.ods_code}-VCSE",
                         _start(random, ICB_START), voting=False)  # fmt: skip
    return code


def _maybe_replaced(
    registers: _Registers, board: str, role: str, organisation: str | None, found: System
) -> None:
    """A member since the ICB began, or one who left and was replaced; some declare interests."""
    random = registers.random
    start = ICB_START
    if random.random() < 0.2:
        left = ICB_START + timedelta(days=random.randint(200, 700))
        registers.member(board, role, organisation, ICB_START, end=left)
        start = left + timedelta(days=1)
    person = registers.member(board, role, organisation, start)
    if random.random() < 0.04:
        partners = {f"SYN-{found.ods_code}-VCSE": "the system's voluntary sector alliance",
                    f"SYN-{found.ods_code}-ACUTE": "the system's acute trust"}  # fmt: skip
        partners |= {code: f"{council(code).name} council" for code in found.council_codes}
        chosen = random.choice(sorted(partners))
        registers.interest(person, chosen, "Non-financial personal",
                           f"Trustee or governor, {partners[chosen]}")  # fmt: skip


def _icp(registers: _Registers, found: System) -> None:
    """An ICP: a councillor from each council (up to eight) with NHS, care and VCSE leaders."""
    random = registers.random
    code = f"{found.ods_code}-ICP"
    registers.add(BOARDS, code=code, name=f"{found.short_name} Integrated Care Partnership",
                  kind="icp", system=found.code)  # fmt: skip
    for member in found.council_codes[:8]:
        registers.member(code, "Cabinet member for health", member, _start(random, ICB_START),
                         councillor=True)  # fmt: skip
    lead = found.council_codes[0]
    for role, organisation in (("ICB chair", found.code), ("ICB chief executive", found.code),
                               ("Director of public health", lead),
                               ("Director of adult social services", lead),
                               ("Acute trust chief executive", f"SYN-{found.ods_code}-ACUTE"),
                               ("VCSE alliance lead", f"SYN-{found.ods_code}-VCSE"),
                               ("Healthwatch", None)):  # fmt: skip
        registers.member(code, role, organisation, _start(random, ICB_START))


def _council_boards(registers: _Registers, member: Council) -> None:
    """A council's Health and Wellbeing Board and its health scrutiny committee."""
    random = registers.random
    hwb, scrutiny = f"{member.code}-HWB", f"{member.code}-HOSC"
    registers.add(BOARDS, code=hwb, name=f"{member.name} Health and Wellbeing Board", kind="hwb",
                  council=member.code)  # fmt: skip
    registers.add(BOARDS, code=scrutiny, name=f"{member.name} Health Scrutiny Committee",
                  kind="scrutiny", council=member.code)  # fmt: skip
    for role in ("Chair", *["Cabinet member"] * random.randint(2, 4)):
        registers.member(hwb, role, member.code, _start(random, HWB_START, 10), councillor=True)
    for role, organisation in (("Director of public health", member.code),
                               ("Director of adult social services", member.code),
                               ("Director of children's services", member.code),
                               ("ICB place director", member.systems[0].system_code),
                               ("Healthwatch", None), ("VCSE representative", None)):  # fmt: skip
        registers.member(hwb, role, organisation, _start(random, HWB_START, 10))
    for index in range(random.randint(7, 11)):
        role = "Chair" if index == 0 else "Committee member"
        registers.member(scrutiny, role, member.code, _start(random, date(2021, 5, 10)),
                         councillor=True)  # fmt: skip
    _meetings(registers, hwb, 4, 5)
    _meetings(registers, scrutiny, 4, 4)


def _meetings(
    registers: _Registers, board: str, per_year: int, items: int, trend: float | None = None
) -> list[tuple[int, date]]:
    """Meetings over two financial years, each with classed, timed agenda items. ``trend`` is
    an ICB board's drift towards strategic time (None for other boards)."""
    random = registers.random
    held = []
    for year in (FIRST_YEAR, FIRST_YEAR + 1):
        for index in range(per_year):
            month = 4 + round(index * 12 / per_year)  # 13 is January of the next year
            day = date(year + (month - 1) // 12, (month - 1) % 12 + 1, random.randint(3, 26))
            meeting = registers.add(MEETINGS, board=board, date=day, status="confirmed")
            held.append((meeting, day))
            years = (day - date(FIRST_YEAR, 4, 1)).days / 365
            for number in range(1, items + 1):
                kind = "statutory" if number == 1 else _agenda_class(random, years, trend)
                registers.add(AGENDA_ITEMS, meeting=meeting, number=str(number),
                              title=random.choice(AGENDA[kind]), **{"class": kind},
                              minutes=10 if number == 1 else random.choice(MINUTES))  # fmt: skip
    return held


def _agenda_class(random: Random, years: float, trend: float | None) -> str:
    """ICB boards spend most time on operational matters (IMPOWER/CCN recommendation 16); each
    drifts towards strategic items by its own trend."""
    shift = (trend or 0.0) * years * 4
    weights = {"strategic": 0.22 + shift, "transformational": 0.13 + shift / 2,
               "operational": (0.45 if trend is not None else 0.3) - 1.5 * shift,
               "statutory": 0.2}  # fmt: skip
    return random.choices(list(weights), [max(0.02, weight) for weight in weights.values()])[0]


DECISION_KINDS = {kind: found.weight for kind, found in _WORDING.decisions.items()}
TITLES = {kind: found.titles for kind, found in _WORDING.decisions.items()}


def _decisions(
    registers: _Registers, found: System, board: str, meetings: list[tuple[int, date]],
    priorities: list[str],
) -> None:  # fmt: skip
    """Six to nine ICB board decisions; about one in five that needs the councils' sign-off
    is still missing one, and is held as proposed after a refused approval."""
    random = registers.random
    home = _main_councils(found)
    for meeting, day in random.sample(meetings, min(len(meetings), random.randint(6, 9))):
        kind = random.choices(list(DECISION_KINDS), list(DECISION_KINDS.values()))[0]
        value = None
        if kind in ("budget_allocation", "contract", "service_reconfiguration"):
            value = Decimal(round(math.exp(random.uniform(math.log(3e5), math.log(3e7))), -4))
        affected = random.sample(home, random.randint(1, min(3, len(home))))
        if kind == "contract":
            provider = random.choice(("ACUTE", "COMM", "VCSE"))
            affected = [f"SYN-{found.ods_code}-{provider}", *affected[:1]]
        significant = kind == "service_reconfiguration" and random.random() < 0.6
        served = random.sample(priorities, random.randint(1, min(2, len(priorities))))
        if not priorities or random.random() < 0.15:
            served = []  # no regard shown to the strategy
        needs_sign_off = (kind == "budget_allocation" and (value or 0) > 1_000_000) or significant
        councils_affected = [code for code in affected if not code.startswith("SYN-")]
        missing = needs_sign_off and random.random() < 0.2
        signed = councils_affected[:-1] if missing else councils_affected
        status = "proposed" if missing else ("rejected" if random.random() < 0.05 else "approved")
        decision = len(registers.rows[DECISIONS.name]) + 1
        for code in signed if needs_sign_off else []:
            registers.add(SIGN_OFFS, decision=decision, council=code,
                          signed_by=f"Cabinet, {council(code).name} council",
                          signed_on=day - timedelta(days=14),
                          reference=f"CAB/{day.year}/{random.randint(10, 99)}")  # fmt: skip
        proposed = {"board": board, "meeting": meeting, "title": random.choice(TITLES[kind]),
                    "type": kind, "value": value, "significant": significant,
                    "affected": affected, "priorities": served, "date": day,
                    "status": "proposed", "decided_by": None, "decided_on": None}  # fmt: skip
        decided = {"status": status} | ({} if missing else {"decided_by": GENERATOR,
                                                              "decided_on": day})  # fmt: skip
        outcome = _money_and_outcomes(registers, found, decision, day, value, served, affected)
        registers.add(DECISIONS, **(proposed | decided | outcome))
        before = {"id": decision, **proposed, **outcome}
        when = datetime.combine(day, datetime.min.time()) + timedelta(hours=11)
        if missing:
            note = "missing sign-off: " + ", ".join(councils_affected[len(signed) :])
            entry = audit.Entry("approval_refused", DECISIONS.table, str(decision), before,
                                before, note)  # fmt: skip
        else:
            action = "approve" if status == "approved" else "reject"
            entry = audit.Entry(action, DECISIONS.table, str(decision), before,
                                before | decided)  # fmt: skip
        registers.audit.append((when, entry))


# The shared metrics each demonstration priority aims to move.
PRIORITY_METRICS = _WORDING.priority_metrics


def _money_and_outcomes(
    registers: _Registers, found: System, decision: int, day: date, value: Decimal | None,
    served: list[str], affected: list[str],
) -> dict[str, Any]:  # fmt: skip
    """A decision's target metrics, and its value split by partner and financial year (three
    in four of those with a value). A generator of its own, so the draws of the rest of the
    demonstration stay as they were."""
    random = Random(f"{registers.seed}:outcomes:{found.code}:{decision}")
    aimed = [metric for code in served for metric in PRIORITY_METRICS.get(code, ())]
    if not served and random.random() < 0.3:
        aimed = ["discharge_usual_residence"]  # outcomes named, the strategy not
    targets = list(dict.fromkeys(aimed))[: random.randint(1, 2)]
    if value is not None and random.random() < 0.75:
        partners = [found.code, *[code for code in affected if not code.startswith("SYN-")][:1]]
        start = day.year if day.month >= 4 else day.year - 1
        years = [f"{year}-{(year + 1) % 100:02d}" for year in (start, start + 1)]
        cells = [(partner, year) for partner in partners for year in years]
        weights = [random.uniform(0.5, 1.5) for _ in cells]
        left = value
        for index, (partner, year) in enumerate(cells):
            share = Decimal(weights[index] / sum(weights))
            amount = (
                left
                if index == len(cells) - 1
                else (value * share / 1000).quantize(Decimal(1)) * 1000
            )
            left -= amount
            registers.add(COMMITMENTS, decision=decision, organisation=partner, year=year,
                          amount=amount)  # fmt: skip
    return {"target_metrics": targets}


def _write(warehouse: Warehouse, registers: _Registers) -> None:
    """Every register's rows in bulk, and the audit log: one load entry per table, then each
    decision's approval, rejection or refused approval."""
    loaded = datetime(FIRST_YEAR, 4, 1, 9, 0)
    counts = {register.table: len(registers.rows[register.name]) for register in REGISTERS}
    for table in reversed(PRIORITY_TABLES):
        found = warehouse.query(f"SELECT count(*) AS n FROM {table} WHERE synthetic")
        counts[table] = int(found[0]["n"])
    entries = [
        audit.Entry("load", table, "*", None, {"rows": rows}, "synthetic demonstration data")
        for table, rows in counts.items()
    ]
    audit.record(warehouse, entries, who=GENERATOR, when=loaded, synthetic=True)
    dated = sorted(registers.audit, key=lambda item: (item[0], int(item[1].key)))
    audit.record_dated(warehouse, dated, who=GENERATOR, synthetic=True)
    for register in REGISTERS:
        columns = [item.db_column for item in register.fields] + ["synthetic"]
        rows = [[row.get(item.name) for item in register.fields] + [True]
                for row in registers.rows[register.name]]  # fmt: skip
        warehouse.insert_rows(register.table, columns, rows)
