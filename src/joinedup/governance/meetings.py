"""Meetings of boards and the items on their agendas.

Each agenda item may be classed as strategic, transformational, operational or statutory, with
the minutes allotted to it, so a board can see where its time goes (IMPOWER/CCN recommendation
16: ICB time should focus on strategic and transformational issues, not operational ones).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from joinedup.records.registers import Field, Kind, Register, rows, store
from joinedup.warehouse import Warehouse

CLASSES = ("strategic", "transformational", "operational", "statutory")

MEETINGS = Register(
    "meetings",
    "governance_meetings",
    (
        Field("id", Kind.integer, minimum=1, help="Blank for a new meeting."),
        Field("board", Kind.text, column="board_code", required=True, refers_to="boards"),
        Field("date", Kind.date, column="meeting_date", required=True),
        Field("title", Kind.text),
        Field("status", Kind.text, help="Free text, e.g. confirmed, cancelled."),
        Field("external_ref", Kind.text, help="Where it was imported from, if it was."),
    ),
    description="meetings of boards",
)

AGENDA_ITEMS = Register(
    "agenda_items",
    "governance_agenda_items",
    (
        Field("id", Kind.integer, minimum=1, help="Blank for a new item."),
        Field("meeting", Kind.integer, column="meeting_id", required=True, refers_to="meetings"),
        Field("number", Kind.text, help="As printed on the agenda, e.g. 4 or 4a."),
        Field("title", Kind.text, required=True),
        Field(
            "class",
            Kind.choice,
            choices=CLASSES,
            help="strategic, transformational, operational or statutory.",
        ),
        Field("minutes", Kind.integer, minimum=0, help="Minutes allotted on the agenda."),
        Field(
            "direction",
            Kind.choice,
            choices=("national", "local"),
            help="national or local: overrides the rules of joinedup/ledger/direction.yaml.",
        ),
        Field("external_ref", Kind.text, help="Where it was imported from, if it was."),
    ),
    description="items on meetings' agendas, classed, with the minutes allotted",
)


def add_meeting(
    warehouse: Warehouse,
    board: str,
    on: date,
    *,
    title: str | None = None,
    status: str | None = None,
    who: str | None = None,
) -> dict[str, Any]:
    entry = {"board": board, "date": on, "title": title, "status": status}
    return store(warehouse, MEETINGS, [entry], who=who)[0].after


def add_agenda_item(
    warehouse: Warehouse,
    meeting: int,
    title: str,
    *,
    item_class: str | None = None,
    minutes: int | None = None,
    number: str | None = None,
    who: str | None = None,
) -> dict[str, Any]:
    entry = {
        "meeting": meeting,
        "title": title,
        "class": item_class,
        "minutes": minutes,
        "number": number,
    }
    return store(warehouse, AGENDA_ITEMS, [entry], who=who)[0].after


def meetings(warehouse: Warehouse, board: str | None = None) -> list[dict[str, Any]]:
    if board is None:
        return rows(warehouse, MEETINGS)
    return rows(warehouse, MEETINGS, "board_code = ?", [board])


def agenda_items(warehouse: Warehouse, meeting: int | None = None) -> list[dict[str, Any]]:
    if meeting is None:
        return rows(warehouse, AGENDA_ITEMS)
    return rows(warehouse, AGENDA_ITEMS, "meeting_id = ?", [meeting])
