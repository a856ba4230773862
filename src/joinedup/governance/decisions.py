"""Decisions of boards, the councils' sign-offs, and approving or rejecting a decision.

Over 400 lines: the decision and sign-off registers and the rule that binds them (no approval
without the affected councils' sign-offs) are enforced on every path in, so they stay together.

A decision has a type, a value in pounds, the organisations it affects and the strategy
priorities it serves. Under the oversight rules (:mod:`joinedup.governance.oversight`) some need
a recorded sign-off from every affected council before they can be approved: :func:`decide`
refuses otherwise, naming the missing ones, and records the refusal in the audit log. The same
rule holds for a decision imported as approved.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from joinedup.errors import JoinedUpError
from joinedup.governance.dates import check_decision_dates, check_sign_off_dates
from joinedup.governance.oversight import (
    CheckedDecision,
    DecisionConflict,
    DecisionType,
    OversightRules,
    load_rules,
    oversee,
)
from joinedup.permissions import require_sign_off
from joinedup.problems import Problem
from joinedup.records import audit
from joinedup.records.registers import (
    Batch,
    Change,
    Field,
    Kind,
    Register,
    Report,
    Where,
    get,
    rows,
    store,
)
from joinedup.users import User
from joinedup.warehouse import Warehouse

TYPES = tuple(kind.value for kind in DecisionType)
STATUSES = ("proposed", "approved", "rejected")


class MissingSignOffs(JoinedUpError):
    """Approval refused: councils the decision affects have not signed it off."""

    def __init__(self, decision_id: int, missing: list[tuple[str, str]], rules: list[str]):
        self.decision_id = decision_id
        self.missing = missing
        self.rules = rules
        names = ", ".join(f"{name} ({code})" for code, name in missing)
        super().__init__(
            f"Decision {decision_id} cannot be approved: no sign-off recorded from {names} "
            f"(oversight rule {', '.join(rules)}); record each with `joinedup governance "
            f"sign-off {decision_id} --council CODE --by NAME`, then approve it."
        )


class AlreadyDecided(JoinedUpError):
    pass


def _system_codes(batch: Batch, board: str) -> list[str]:
    """The systems a board serves: its own, else those of its council."""
    found = batch.warehouse.query(
        "SELECT coalesce(b.system_code, s.system_code) AS system_code "
        "FROM governance_boards b LEFT JOIN ref_council_systems s "
        "ON b.system_code IS NULL AND s.council_code = b.council_code WHERE b.code = ?",
        [board],
    )
    return [row["system_code"] for row in found if row["system_code"]]


def check_decision(batch: Batch, decision: dict[str, Any], report: Report) -> None:
    meeting = decision["meeting"]
    if meeting is not None:
        found = batch.warehouse.query(
            "SELECT board_code, meeting_date FROM governance_meetings WHERE id = ?", [meeting]
        )
        if found and found[0]["board_code"] != decision["board"]:
            report(
                "meeting",
                f"meeting {meeting} is of board {found[0]['board_code']}, not {decision['board']}",
            )
        if found and decision["date"] is None:
            decision["date"] = found[0]["meeting_date"]
    if decision["date"] is None:
        report("date", "the date is missing (or give the meeting that took the decision)")
    if decision["priorities"]:
        systems = _system_codes(batch, decision["board"])
        placeholders = ", ".join("?" for _ in systems) or "NULL"
        known = {
            row["code"]
            for row in batch.warehouse.query(
                f"SELECT code FROM priorities WHERE system_code IN ({placeholders})", systems
            )
        }
        unknown = [code for code in decision["priorities"] if code not in known]
        if unknown:
            listed = ", ".join(sorted(known)) or "none are loaded"
            report(
                "priorities",
                f"{', '.join(unknown)} {'is' if len(unknown) == 1 else 'are'} "
                f"not a priority of the board's system ({listed})",
            )
    if decision["target_metrics"]:
        _check_targets(batch, decision, report)
    if decision["status"] == "proposed":
        decision["decided_by"] = decision["decided_on"] = None
    check_decision_dates(decision, report)


def _check_targets(batch: Batch, decision: dict[str, Any], report: Report) -> None:
    """Target metrics must be shared metrics (national, or local to the board's system) with
    a better direction: a verdict on a metric with none could not say improved or worse."""
    from joinedup.metrics.catalogue import metrics

    systems = set(_system_codes(batch, decision["board"]))
    known = {
        found.id: found
        for found in metrics(batch.warehouse).values()
        if found.set == "national" or found.set in systems
    }
    unknown = [code for code in decision["target_metrics"] if code not in known]
    if unknown:
        report(
            "target_metrics",
            f"{', '.join(unknown)} {'is' if len(unknown) == 1 else 'are'} not a shared metric "
            f"of the board's system (list them with `joinedup metrics list`)",
        )
        return
    neutral = [
        code for code in decision["target_metrics"] if known[code].polarity == "no_judgement"
    ]
    if neutral:
        report(
            "target_metrics",
            f"{', '.join(neutral)} has no better direction (polarity no_judgement), so no "
            "decision can be judged on moving it",
        )


def check_approvals(batch: Batch, changes: Sequence[Change]) -> list[Problem]:
    """A decision stored as approved must have every sign-off its oversight rules need."""
    places: dict[int, Where] = {}
    for change in changes:
        after, before = change.after, change.before or {}
        if after["status"] != "approved" or change.action == "unchanged":
            continue
        if all(after[name] == before.get(name) for name in _APPROVAL_INPUTS):
            continue  # approved before, and nothing the rules look at has changed
        places[int(change.key)] = change.where
    return _approval_problems(batch, places)


def check_signed_decisions(batch: Batch, changes: Sequence[Change]) -> list[Problem]:
    """A change to a sign-off must not leave an approved decision without one it needs."""
    places: dict[int, Where] = {}
    for change in changes:
        for row in (change.before, change.after):
            if row is not None and change.action != "unchanged":
                places.setdefault(int(row["decision"]), change.where)
    approved = {
        int(row["id"])
        for row in batch.warehouse.query(
            "SELECT id FROM governance_decisions WHERE status = 'approved' AND id IN "
            f"({', '.join('?' for _ in places) or 'NULL'})",
            list(places),
        )
    }
    return _approval_problems(batch, {key: places[key] for key in approved})


_APPROVAL_INPUTS = ("type", "value", "significant", "affected", "status")


def _approval_problems(batch: Batch, places: dict[int, Where]) -> list[Problem]:
    rules = batch.options.get("oversight_rules") or load_rules()
    problems = []
    for decision_id, verdict in oversee(batch.warehouse, list(places), rules).items():
        if verdict.missing_sign_offs:
            problems.append(
                places[decision_id].problem(
                    "status",
                    f"decision {decision_id} cannot be approved without a sign-off from "
                    f"{', '.join(verdict.missing_sign_offs)} (oversight rule "
                    f"{', '.join(verdict.rules)})",
                )
            )
    return problems


DECISIONS = Register(
    "decisions",
    "governance_decisions",
    (
        Field("id", Kind.integer, minimum=1, help="Blank for a new decision."),
        Field("board", Kind.text, column="board_code", required=True, refers_to="boards"),
        Field("meeting", Kind.integer, column="meeting_id", refers_to="meetings"),
        Field("title", Kind.text, required=True),
        Field(
            "type",
            Kind.choice,
            column="decision_type",
            required=True,
            choices=TYPES,
            help=", ".join(TYPES) + ".",
        ),
        Field("value", Kind.money, help="In pounds."),
        Field(
            "significant",
            Kind.boolean,
            default=False,
            help="A significant service reconfiguration (yes/no).",
        ),
        Field(
            "affected",
            Kind.codes,
            refers_to="organisations",
            default=[],
            help="Codes of the organisations it affects, ';'-separated.",
        ),
        Field(
            "priorities",
            Kind.slugs,
            default=[],
            help="Codes of the strategy priorities it serves, ';'-separated.",
        ),
        Field(
            "target_metrics",
            Kind.slugs,
            default=[],
            help="Ids of the shared metrics it aims to move, ';'-separated.",
        ),
        Field(
            "date",
            Kind.date,
            column="decision_date",
            help="When it is (to be) taken; blank for the meeting's date.",
        ),
        Field(
            "status",
            Kind.choice,
            choices=STATUSES,
            default="proposed",
            help="proposed, approved or rejected.",
        ),
        Field("decided_by", Kind.text),
        Field("decided_on", Kind.date),
    ),
    check=check_decision,
    final_check=check_approvals,
    description="decisions: type, value, affected organisations, priorities served",
)


def check_sign_off(batch: Batch, sign_off: dict[str, Any], report: Report) -> None:
    found = batch.warehouse.query(
        "SELECT affected FROM governance_decisions WHERE id = ?", [sign_off["decision"]]
    )
    if found and sign_off["council"] not in found[0]["affected"]:
        affected = ", ".join(found[0]["affected"]) or "none"
        report(
            "council",
            f"decision {sign_off['decision']} does not affect council "
            f"{sign_off['council']} (it affects: {affected})",
        )
        return
    twin = batch.warehouse.query(
        "SELECT id FROM governance_sign_offs WHERE decision_id = ? AND council_code = ? "
        "AND id IS DISTINCT FROM ?",
        [sign_off["decision"], sign_off["council"], sign_off.get("id")],
    )
    if twin:
        report(
            "council",
            f"council {sign_off['council']} has signed off decision "
            f"{sign_off['decision']} already (sign-off {twin[0]['id']})",
        )
    check_sign_off_dates(sign_off, report)


SIGN_OFFS = Register(
    "sign_offs",
    "governance_sign_offs",
    (
        Field("id", Kind.integer, minimum=1, help="Blank for a new sign-off."),
        Field("decision", Kind.integer, column="decision_id", required=True, refers_to="decisions"),
        Field("council", Kind.text, column="council_code", required=True, refers_to="councils"),
        Field(
            "signed_by",
            Kind.text,
            required=True,
            help="Who signed it off for the council, e.g. Cabinet, or a name.",
        ),
        Field("signed_on", Kind.date, required=True),
        Field("reference", Kind.text, help="e.g. the cabinet minute."),
    ),
    check=check_sign_off,
    final_check=check_signed_decisions,
    description="councils' sign-offs of decisions",
)


@dataclass(frozen=True, slots=True)
class Decided:
    decision: dict[str, Any]
    audit_id: int | None


def add_decision(
    warehouse: Warehouse,
    board: str,
    title: str,
    decision_type: str,
    *,
    on: date | None = None,
    meeting: int | None = None,
    value: Any = None,
    significant: bool = False,
    affected: Sequence[str] = (),
    priorities: Sequence[str] = (),
    target_metrics: Sequence[str] = (),
    commitments: Sequence[Mapping[str, Any]] = (),
    who: str | None = None,
) -> dict[str, Any]:
    """Record a proposed decision, with what it commits by partner and financial year
    (``{"organisation", "year", "amount"}`` mappings), all or nothing; returns it with its id.
    """
    from joinedup.governance.commitments import COMMITMENTS, commitment_entries

    entry = {
        "board": board,
        "title": title,
        "type": decision_type,
        "date": on,
        "meeting": meeting,
        "value": value,
        "significant": significant,
        "affected": list(affected),
        "priorities": list(priorities),
        "target_metrics": list(target_metrics),
    }
    with warehouse.transaction(touches=DECISIONS.touches | COMMITMENTS.touches):
        batch = Batch(warehouse, who)
        stored = batch.apply(DECISIONS, [(Where("the decision"), entry)])
        if stored and commitments:
            decision_id = stored[0].after["id"]
            batch.apply(
                COMMITMENTS,
                [
                    (Where(f"commitment {number}"), item)
                    for number, item in enumerate(
                        commitment_entries(decision_id, commitments), start=1
                    )
                ],
            )
        batch.finish([DECISIONS, COMMITMENTS], "the decision")
    return stored[0].after


def sign_off(
    warehouse: Warehouse,
    decision_id: int,
    council: str,
    signed_by: str,
    *,
    on: date | None = None,
    reference: str | None = None,
    who: str | None = None,
    user: User | None = None,
) -> dict[str, Any]:
    """Record a council's sign-off of a decision (it must be one the decision affects).

    ``user`` is the account recording it: only the council's own board secretaries and
    administrators may (:func:`joinedup.permissions.may_sign_off`); anyone else gets
    :class:`~joinedup.permissions.NotPermitted` and nothing is stored. None is the operator of
    the warehouse file itself (the command line without ``--as``, a script), who can write the
    file anyway, so there is no account to check.
    """
    if user is not None:
        require_sign_off(user, _council_code(warehouse, council))
        who = who or user.email
    get(warehouse, DECISIONS, decision_id)
    entry = {
        "decision": decision_id,
        "council": council,
        "signed_by": signed_by,
        "signed_on": on or date.today(),
        "reference": reference,
    }
    return store(warehouse, SIGN_OFFS, [entry], who=who)[0].after


def _council_code(warehouse: Warehouse, council: str) -> str:
    """The code of a council named by any key it answers to; an unknown one as typed (the
    register reports it, once the user is known to be allowed to hear that)."""
    from joinedup.organisations import UnknownOrganisation, organisation

    try:
        return organisation(warehouse, council).code
    except UnknownOrganisation:
        return council.strip().upper()


def decide(
    warehouse: Warehouse,
    decision_id: int,
    *,
    approve: bool,
    who: str | None = None,
    on: date | None = None,
    rules: OversightRules | None = None,
) -> Decided:
    """Approve or reject a proposed decision, recording it in the audit log.

    Approval is refused with :class:`MissingSignOffs` when the oversight rules need sign-offs
    that are not recorded; the refusal itself is recorded in the audit log first.
    """
    rules = rules or load_rules()
    decision = get(warehouse, DECISIONS, decision_id)
    if decision["status"] != "proposed":
        raise AlreadyDecided(
            f"Decision {decision_id} was {decision['status']} on {decision['decided_on']} "
            f"by {decision['decided_by']}; a decision is decided once."
        )
    if approve:
        verdict = oversee(warehouse, [decision_id], rules)[decision_id]
        if verdict.missing_sign_offs:
            names = _names(warehouse, verdict.missing_sign_offs)
            note = "missing sign-off: " + ", ".join(verdict.missing_sign_offs)
            with warehouse.transaction(touches=("audit",)):
                entry = audit.Entry(
                    "approval_refused", DECISIONS.table, str(decision_id), decision, decision, note
                )
                audit.record(warehouse, [entry], who=who)
            raise MissingSignOffs(decision_id, list(names.items()), verdict.rules)
    status = "approved" if approve else "rejected"
    change = {
        "id": decision_id,
        "status": status,
        "decided_by": audit.user(who),
        "decided_on": on or date.today(),
    }
    with warehouse.transaction(touches=DECISIONS.touches):
        batch = Batch(warehouse, who, options={"oversight_rules": rules})
        applied = batch.apply(
            DECISIONS,
            [(Where(f"decision {decision_id}"), change)],
            action="approve" if approve else "reject",
        )
        batch.finish([DECISIONS], f"decision {decision_id}")
    found = audit.history(warehouse, table=DECISIONS.table, key=str(decision_id), limit=1)
    return Decided(applied[0].after, found[0]["id"] if found else None)


def _names(warehouse: Warehouse, codes: list[str]) -> dict[str, str]:
    placeholders = ", ".join("?" for _ in codes)
    found = {
        row["code"]: row["name"]
        for row in warehouse.query(
            f"SELECT code, name FROM organisations WHERE code IN ({placeholders})", codes
        )
    }
    return {code: found.get(code, code) for code in codes}


def decisions(warehouse: Warehouse, board: str | None = None) -> list[dict[str, Any]]:
    if board is None:
        return rows(warehouse, DECISIONS)
    return rows(warehouse, DECISIONS, "board_code = ?", [board])


def system_decisions(warehouse: Warehouse, system_code: str) -> list[dict[str, Any]]:
    """The decisions of a system's boards (its own, and its councils' boards), in id order."""
    return rows(
        warehouse,
        DECISIONS,
        "board_code IN (SELECT code FROM governance_boards WHERE system_code = ? OR "
        "(system_code IS NULL AND council_code IN "
        "(SELECT council_code FROM ref_council_systems WHERE system_code = ?)))",
        [system_code, system_code],
    )


def sign_offs(warehouse: Warehouse, decision_id: int | None = None) -> list[dict[str, Any]]:
    if decision_id is None:
        return rows(warehouse, SIGN_OFFS)
    return rows(warehouse, SIGN_OFFS, "decision_id = ?", [decision_id])


def check_decisions(
    warehouse: Warehouse,
    *,
    system: str | None = None,
    decision: int | None = None,
    rules: OversightRules | None = None,
    flagged_only: bool = False,
) -> list[CheckedDecision]:
    """Each decision (of a system's boards, or one) with what the oversight rules say of it:
    the rules covering it, missing sign-offs, conflicts of interest, regard to the strategy."""
    where, parameters = "", list[Any]()
    if decision is not None:
        get(warehouse, DECISIONS, decision)
        where, parameters = "d.id = ?", [decision]
    elif system is not None:
        from joinedup.reference import system as find_system

        code = find_system(system).code
        where = (
            "b.system_code = ? OR (b.system_code IS NULL AND b.council_code IN "
            "(SELECT council_code FROM ref_council_systems WHERE system_code = ?))"
        )
        parameters = [code, code]
    found = warehouse.query(
        "SELECT d.id AS decision, d.board_code AS board, d.title, d.decision_type AS type, "
        "d.value, d.decision_date AS date, d.status, d.affected, d.priorities, "
        "coalesce(d.target_metrics, []) AS target_metrics "
        "FROM governance_decisions d JOIN governance_boards b ON b.code = d.board_code"
        + (f" WHERE {where}" if where else "")
        + " ORDER BY d.id",
        parameters,
    )
    verdicts = oversee(warehouse, [row["decision"] for row in found], rules)
    records = []
    for row in found:
        verdict = verdicts[row["decision"]]
        if row["status"] == "rejected":  # nothing to sign off once a decision is turned down
            verdict = replace(verdict, missing_sign_offs=[])
        checked = CheckedDecision(
            **row,
            rules=verdict.rules,
            affected_councils=verdict.affected_councils,
            signed_off=verdict.signed_off,
            missing_sign_offs=verdict.missing_sign_offs,
            conflicts=[
                DecisionConflict(
                    person=c.person_id,
                    name=c.name,
                    role=c.role,
                    organisation=c.organisation_code,
                    interest=c.interest_id,
                    description=c.description,
                )
                for c in verdict.conflicts
            ],
            regard=verdict.regard,
            shows_regard=verdict.shows_regard,
            flags=verdict.flags,
        )
        if checked.flags or not flagged_only:
            records.append(checked)
    return records
