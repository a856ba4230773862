"""Memberships: who sits on which board, in what role, for whom, from when to when.

A membership is current on a day when it has started and has not ended (``end_date`` is the last
day in post). A person holds at most one membership of a board at a time, so a board's members
on a day are its current memberships.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from joinedup.records.registers import (
    Batch,
    Field,
    Kind,
    Register,
    Report,
    rows,
    store,
)
from joinedup.warehouse import Warehouse


def check_membership(batch: Batch, membership: dict[str, Any], report: Report) -> None:
    start, end = membership["start_date"], membership["end_date"]
    if end is not None and end < start:
        report("end_date", f"the membership ends ({end}) before it starts ({start})")
        return
    overlapping = batch.warehouse.query(
        "SELECT id, start_date, end_date FROM governance_memberships "
        "WHERE board_code = ? AND person_id = ? AND id IS DISTINCT FROM ? "
        "AND start_date <= coalesce(?::DATE, DATE '9999-12-31') "
        "AND coalesce(end_date, DATE '9999-12-31') >= ? ORDER BY id LIMIT 1",
        [membership["board"], membership["person"], membership.get("id"), end, start],
    )
    if overlapping:
        other = overlapping[0]
        report(
            "start_date",
            f"person {membership['person']} already sits on board {membership['board']} "
            f"from {other['start_date']} (membership {other['id']}); end that one first",
        )


MEMBERSHIPS = Register(
    "memberships",
    "governance_memberships",
    (
        Field("id", Kind.integer, minimum=1, help="Blank for a new membership."),
        Field("board", Kind.text, column="board_code", required=True, refers_to="boards"),
        Field("person", Kind.integer, column="person_id", required=True, refers_to="people"),
        Field("role", Kind.text, required=True, help="e.g. Chair, Partner member (LA)."),
        Field(
            "organisation",
            Kind.text,
            column="organisation_code",
            refers_to="organisations",
            help="The organisation the member represents.",
        ),
        Field("voting", Kind.boolean, required=True),
        Field(
            "councillor",
            Kind.boolean,
            required=True,
            help="Whether the member sits as an elected councillor.",
        ),
        Field("start_date", Kind.date, required=True),
        Field("end_date", Kind.date, help="The last day in post; blank while in post."),
    ),
    check=check_membership,
    description="who sits on which board, in what role, from when to when",
)


def add_membership(
    warehouse: Warehouse,
    board: str,
    person: int,
    role: str,
    *,
    start_date: date,
    voting: bool,
    councillor: bool,
    organisation: str | None = None,
    end_date: date | None = None,
    who: str | None = None,
) -> dict[str, Any]:
    """Record that a person sits on a board; returns the membership with its id."""
    entry = {
        "board": board,
        "person": person,
        "role": role,
        "organisation": organisation,
        "voting": voting,
        "councillor": councillor,
        "start_date": start_date,
        "end_date": end_date,
    }
    return store(warehouse, MEMBERSHIPS, [entry], who=who)[0].after


def end_membership(
    warehouse: Warehouse, membership_id: int, end_date: date, *, who: str | None = None
) -> dict[str, Any]:
    """Record the last day a member was in post."""
    return store(warehouse, MEMBERSHIPS, [{"id": membership_id, "end_date": end_date}], who=who)[
        0
    ].after


def current_members(warehouse: Warehouse, board: str, on: date) -> list[dict[str, Any]]:
    """The board's memberships in force on a day, with each member's name."""
    return warehouse.query(
        "SELECT m.id, m.person_id, p.name, m.role, m.organisation_code, m.voting, m.councillor, "
        "m.start_date, m.end_date FROM governance_memberships m "
        "JOIN governance_people p ON p.id = m.person_id "
        "WHERE m.board_code = ? AND m.start_date <= ? AND (m.end_date IS NULL OR m.end_date >= ?) "
        "ORDER BY m.id",
        [board, on, on],
    )


def memberships(warehouse: Warehouse, board: str | None = None) -> list[dict[str, Any]]:
    if board is None:
        return rows(warehouse, MEMBERSHIPS)
    return rows(warehouse, MEMBERSHIPS, "board_code = ?", [board])
