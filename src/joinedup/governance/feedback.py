"""Councils' structured feedback on their system's leadership: the ICB chair first (IMPOWER/CCN
recommendation 10), and any other subject in :data:`SUBJECTS`.

A *round* asks each council of one system about one subject for one financial year. A council
answers with a short form: four ratings from 1 (very poor) to 5 (very good), :data:`QUESTIONS`,
and comments (free text within the registers' limits). Every submission is kept, in the table
and the audit log; a council that answers again adds a submission, and its latest one counts.

Results by system give each question's mean and how many councils responded, but only where at
least :data:`MINIMUM_RESPONSES` did: from fewer, a council's rating could be told (or worked out
by the others who answered), so nothing but the count is shown and the record says why.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from joinedup.core.fields import LONG_TEXT
from joinedup.records import audit
from joinedup.records.registers import (
    Batch,
    Field,
    Kind,
    Register,
    Report,
    UnknownEntry,
    rows,
    store,
)
from joinedup.reference import councils_in, system
from joinedup.users import User
from joinedup.warehouse import Warehouse

SUBJECTS = {
    "icb_chair": "the ICB chair",
    "icb_board": "the ICB board",
    "icp": "the Integrated Care Partnership",
    "place": "place arrangements",
}
QUESTIONS = {
    "engagement": "Engages the council as an equal partner",
    "listening": "Listens to the council and acts on what it hears",
    "priorities": "Reflects the council's and its residents' priorities",
    "overall": "Overall effectiveness",
}
SCALE = (1, 5)
MINIMUM_RESPONSES = 3
SUPPRESSED_NOTE = (
    f"Fewer than {MINIMUM_RESPONSES} councils responded, so the ratings are not shown: from so "
    "few, one council's rating could be told."
)


def check_round(batch: Batch, found: dict[str, Any], report: Report) -> None:
    from joinedup.core.financial_year import BadFinancialYear, parse_financial_year

    try:
        found["financial_year"] = parse_financial_year(found["financial_year"])
    except BadFinancialYear as error:
        report("financial_year", str(error))
        return
    same = batch.warehouse.query(
        "SELECT id FROM feedback_rounds WHERE system_code = ? AND financial_year = ? "
        "AND subject = ? AND id IS DISTINCT FROM ?",
        [found["system"], found["financial_year"], found["subject"], found.get("id")],
    )
    if same:
        report("subject", f"round {same[0]['id']} already asks this system about it that year")


ROUNDS = Register(
    "feedback_rounds",
    "feedback_rounds",
    (
        Field("id", Kind.integer, minimum=1, help="Blank for a new round."),
        Field("system", Kind.text, column="system_code", required=True, refers_to="systems"),
        Field("financial_year", Kind.text, required=True, help="e.g. 2024-25."),
        Field("subject", Kind.choice, required=True, choices=tuple(SUBJECTS)),
        Field("closes", Kind.date, help="The last day councils may respond; blank: open."),
    ),
    check=check_round,
    description="rounds of councils' feedback on a system's leadership",
)


def check_response(batch: Batch, response: dict[str, Any], report: Report) -> None:
    """The round exists and is open on the day; the council has residents in its system; each
    rating is on the scale."""
    for question in QUESTIONS:
        value = response[question]
        if value is not None and not SCALE[0] <= value <= SCALE[1]:
            report(question, f"rate from {SCALE[0]} to {SCALE[1]}, not {value}")
    found = batch.warehouse.query(
        "SELECT system_code, closes FROM feedback_rounds WHERE id = ?", [response["round"]]
    )
    if not found:
        report("round", f"there is no feedback round {response['round']}")
        return
    closes = found[0]["closes"]
    if closes is not None and response["submitted_on"] > closes:
        report("round", f"round {response['round']} closed on {closes}")
    if response["council"] not in {item.code for item in councils_in(found[0]["system_code"])}:
        report("council", f"council {response['council']} is not in this round's system")


RESPONSES = Register(
    "feedback_responses",
    "feedback_responses",
    (
        Field("id", Kind.integer, minimum=1, help="Blank: every submission is a new one."),
        Field("round", Kind.integer, column="round_id", required=True, minimum=1),
        Field("council", Kind.text, column="council_code", required=True, refers_to="councils"),
        *(
            Field(name, Kind.integer, required=True, minimum=1, help=text)
            for name, text in QUESTIONS.items()
        ),
        Field("comments", Kind.text, max_length=LONG_TEXT, help="Free text: what would help."),
        Field("submitted_by", Kind.text, help="Who submitted it."),
        Field("submitted_on", Kind.date, required=True),
    ),
    check=check_response,
    description="councils' answers to feedback rounds, every submission kept",
)


def open_round(
    warehouse: Warehouse,
    system_key: str,
    financial_year: str,
    subject: str = "icb_chair",
    *,
    closes: date | None = None,
    who: str | None = None,
) -> dict[str, Any]:
    """Ask a system's councils about a subject for a financial year; returns the round."""
    entry = {"system": system_key, "financial_year": financial_year, "subject": subject,
             "closes": closes}  # fmt: skip
    return store(warehouse, ROUNDS, [entry], who=who)[0].after


def rounds(warehouse: Warehouse, system_key: str | None = None) -> list[dict[str, Any]]:
    """Rounds, newest year first, each with its subject in words."""
    found = (
        rows(warehouse, ROUNDS)
        if system_key is None
        else rows(warehouse, ROUNDS, "system_code = ?", [system(system_key).code])
    )
    found.sort(key=lambda row: (row["financial_year"], row["id"]), reverse=True)
    return [row | {"subject_label": SUBJECTS[row["subject"]]} for row in found]


def round_row(warehouse: Warehouse, round_id: int) -> dict[str, Any]:
    found = rows(warehouse, ROUNDS, "id = ?", [round_id])
    if not found:
        raise UnknownEntry(
            f"There is no feedback round {round_id}; list them with `joinedup feedback rounds`."
        )
    return found[0] | {"subject_label": SUBJECTS[found[0]["subject"]]}


def submit(
    warehouse: Warehouse,
    round_id: int,
    council_key: str,
    ratings: Mapping[str, object],
    comments: str | None = None,
    *,
    on: date | None = None,
    who: str | None = None,
    user: User | None = None,
) -> dict[str, Any]:
    """Record a council's answers to a round (a new submission; earlier ones are kept).

    ``user`` is the account submitting: only the council's own board secretaries and
    administrators may (:func:`joinedup.permissions.may_give_feedback`); None is the operator of
    the warehouse file (the command line), who has no account to check.
    """
    from joinedup.organisations import UnknownOrganisation, organisation
    from joinedup.permissions import require_give_feedback

    try:
        code = organisation(warehouse, council_key).code
    except UnknownOrganisation:
        code = council_key.strip().upper()  # the register names it, once the user may hear
    if user is not None:
        require_give_feedback(user, code)
        who = who or user.email
    who = audit.user(who)
    round_row(warehouse, round_id)
    unknown = sorted(set(ratings) - set(QUESTIONS))
    if unknown:
        known = ", ".join(QUESTIONS)
        raise UnknownEntry(f"No question {unknown[0]!r}; the questions are {known}.")
    entry = {"round": round_id, "council": code, **{q: ratings.get(q) for q in QUESTIONS}}
    entry |= {"comments": comments, "submitted_by": who, "submitted_on": on or date.today()}
    return store(warehouse, RESPONSES, [entry], who=who)[0].after


def submissions(
    warehouse: Warehouse, round_id: int, council_code: str | None = None
) -> list[dict[str, Any]]:
    """Every submission to a round (or one council's), oldest first: not for publication."""
    if council_code is None:
        return rows(warehouse, RESPONSES, "round_id = ?", [round_id])
    return rows(warehouse, RESPONSES, "round_id = ? AND council_code = ?", [round_id, council_code])


def latest(warehouse: Warehouse, round_id: int) -> list[dict[str, Any]]:
    """Each council's latest submission to a round."""
    chosen: dict[str, dict[str, Any]] = {}
    for row in submissions(warehouse, round_id):
        chosen[row["council"]] = row  # in id order, so the last one stays
    return [chosen[code] for code in sorted(chosen)]


def results(warehouse: Warehouse, system_key: str) -> dict[str, Any]:
    """A system's rounds with, for each, the councils asked and responding and each question's
    mean rating (None, with ``suppressed`` and a note, where fewer than three responded)."""
    found = system(system_key)
    eligible = len(councils_in(found.code))
    return {
        "system": found.code,
        "name": found.name,
        "synthetic": warehouse.synthetic,
        "minimum_responses": MINIMUM_RESPONSES,
        "questions": [{"key": key, "text": text} for key, text in QUESTIONS.items()],
        "scale": {"lowest": SCALE[0], "highest": SCALE[1]},
        "rounds": [
            round_result(item, latest(warehouse, item["id"]), eligible)
            for item in rounds(warehouse, found.code)
        ],
    }


def round_result(
    item: Mapping[str, Any], answers: list[dict[str, Any]], eligible: int
) -> dict[str, Any]:
    """One round's figures from each council's latest answers.

    >>> shown = round_result({"id": 1, "financial_year": "2024-25", "subject": "icb_chair",
    ...     "closes": None}, [{q: 4 for q in QUESTIONS} | {"comments": None}] * 2, 5)
    >>> shown["suppressed"], shown["means"]["overall"], shown["responded"]
    (True, None, 2)
    """
    responded = len(answers)
    suppressed = responded < MINIMUM_RESPONSES
    means: dict[str, float | None] = {
        question: None
        if suppressed
        else round(sum(int(answer[question]) for answer in answers) / responded, 2)
        for question in QUESTIONS
    }
    comments = [] if suppressed else sorted(a["comments"] for a in answers if a["comments"])
    return {
        "id": item["id"],
        "financial_year": item["financial_year"],
        "subject": item["subject"],
        "subject_label": SUBJECTS[item["subject"]],
        "closes": item["closes"],
        "councils_asked": eligible,
        "responded": responded,
        "suppressed": suppressed,
        "note": SUPPRESSED_NOTE if suppressed else None,
        "means": means,
        "comments": comments,
    }
