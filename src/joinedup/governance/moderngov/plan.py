"""Turning a Modern.gov feed into rows of the governance registers, matched to earlier imports.

A row that an earlier import stored (found by its ``external_ref``) is updated, not added again;
memberships start at the first meeting an attendee is seen at; interests that have gone from a
re-imported register are given an end date. Nothing is stored here: the rows go to a batch.
"""

from __future__ import annotations

import hashlib
import re
from datetime import date
from typing import Any

from joinedup.governance.boards import BOARDS
from joinedup.governance.interests import INTERESTS
from joinedup.governance.meetings import AGENDA_ITEMS, MEETINGS
from joinedup.governance.memberships import MEMBERSHIPS
from joinedup.governance.moderngov.feed import Attendee, Feed
from joinedup.governance.people import PEOPLE
from joinedup.problems import Problem
from joinedup.records.registers import Batch, Register, Where
from joinedup.warehouse import Warehouse

REGISTERS = (BOARDS, PEOPLE, MEMBERSHIPS, MEETINGS, AGENDA_ITEMS, INTERESTS)
Rows = list[tuple[Where, dict[str, Any]]]


class Plan:
    """Turns a feed into rows of the registers, finding rows stored by an earlier import."""

    def __init__(self, batch: Batch, feed: Feed, council: str) -> None:
        self.batch = batch
        self.feed = feed
        self.council = council
        self.boards: dict[str, str] = {}  # committee id -> board code
        self.people: dict[str, int] = {}  # member id -> person id
        self.meetings: dict[str, int] = {}  # meeting id -> meeting id in the register
        self.notes: list[str] = []

    def ref(self, kind: str, key: str) -> str:
        # Modern.gov ids are unique within one council's install: the council names it, so a
        # file saved from the service and the service itself give the same keys.
        return f"moderngov:{self.council}:{kind}:{key}"

    def existing(self, register: Register, ref: str) -> Any:
        found = self.batch.warehouse.query(
            f"SELECT {register.key.db_column} AS key FROM {register.table} "
            "WHERE external_ref = ? ORDER BY 1 LIMIT 1",
            [ref],
        )
        return found[0]["key"] if found else None

    def where(self, what: str) -> Where:
        return Where(f"Modern.gov {what}")

    def steps(self) -> list[tuple[Register, Any]]:
        return [
            (BOARDS, self.board_rows),
            (PEOPLE, self.people_rows),
            (MEETINGS, self.meeting_rows),
            (AGENDA_ITEMS, self.item_rows),
            (MEMBERSHIPS, self.membership_rows),
            (INTERESTS, self.interest_rows),
        ]

    def board_rows(self) -> Rows:
        rows: Rows = []
        for committee in self.feed.committees.values():
            if committee.kind is None or committee.deleted or committee.expired:
                continue
            ref = self.ref("committee", committee.id)
            code = self.existing(BOARDS, ref) or f"MG-{self.council}-{committee.id}"
            self.boards[committee.id] = code
            rows.append(
                (
                    self.where(f"committee {committee.id}"),
                    {
                        "code": code,
                        "name": committee.title,
                        "kind": committee.kind,
                        "council": self.council,
                        "external_ref": ref,
                    },
                )
            )
        return rows

    def committee_of(self, meeting_id: str) -> str | None:
        meeting = self.feed.meetings.get(meeting_id)
        return meeting.committee_id if meeting else self.feed.meeting_committees.get(meeting_id)

    def people_rows(self) -> Rows:
        named: dict[str, tuple[str, str | None, bool]] = {
            member_id: (found.name, found.party, True)
            for member_id, found in self.feed.councillors.items()
        }
        left_out: dict[str, str] = {}
        for attendee in self.feed.attendees:
            if attendee.member_id in named:
                continue
            committee = self.committee_of(attendee.meeting_id)
            if committee not in self.boards:
                # Someone seen only at committees the plan skips is nobody JoinedUp keeps.
                title = self.feed.committees.get(committee or "")
                where = (
                    f"committee {title.title} ({committee}), which is not imported"
                    if title
                    else "a meeting no GetMeetings response places in an imported committee"
                )
                left_out.setdefault(attendee.member_id, f"{attendee.name}: only seen at {where}")
            elif not attendee.is_member:
                left_out[attendee.member_id] = (
                    f"{attendee.name}: {attendee.role} ({attendee.kind.meaning}) is not a member"
                )
            else:
                named[attendee.member_id] = (
                    attendee.name,
                    attendee.party if attendee.is_councillor else None,
                    attendee.is_councillor,
                )
                left_out.pop(attendee.member_id, None)
        for member_id, why in left_out.items():
            if member_id not in named:
                self.notes.append(f"member {member_id} not added: {why}")
        for member_id in self.feed.declarations:
            if member_id in left_out and member_id not in named:
                self.notes.append(
                    f"mgRofI_{member_id}.html: register of interests not used, member "
                    f"{member_id} is not added"
                )
            elif member_id not in named:
                self.batch.problems.append(
                    Problem(
                        f"mgRofI_{member_id}.html",
                        None,
                        "UID",
                        f"no councillor or member {member_id} in the other responses",
                    )
                )
        rows: Rows = []
        for member_id, (name, party, councillor) in named.items():
            ref = self.ref("member", member_id)
            entry: dict[str, Any] = {"name": name, "external_ref": ref}
            if councillor:
                entry |= {"party": party, "councillor_of": self.council}
            existing = self.existing(PEOPLE, ref)
            if existing is not None:
                entry["id"] = existing
            rows.append((self.where(f"member {member_id}"), entry))
        return rows

    def meeting_rows(self) -> Rows:
        self.people = self._keys(PEOPLE, "member")
        rows: Rows = []
        for meeting in self.feed.meetings.values():
            board = self.boards.get(meeting.committee_id)
            if board is None:
                title = self.feed.committees.get(meeting.committee_id)
                self.notes.append(
                    f"meeting {meeting.id} ({meeting.date.isoformat()}) not added: committee "
                    f"{title.title if title else '?'} ({meeting.committee_id}) is not imported"
                )
                continue
            ref = self.ref("meeting", meeting.id)
            entry: dict[str, Any] = {
                "board": board,
                "date": meeting.date,
                "title": meeting.title,
                "status": meeting.status,
                "external_ref": ref,
            }
            existing = self.existing(MEETINGS, ref)
            if existing is not None:
                entry["id"] = existing
            rows.append((self.where(f"meeting {meeting.id}"), entry))
        return rows

    def item_rows(self) -> Rows:
        self.meetings = self._keys(MEETINGS, "meeting")
        rows: Rows = []
        for item in self.feed.agenda_items.values():
            meeting = self.meetings.get(item.meeting_id)
            if meeting is None:
                self.notes.append(
                    f"agenda item {item.id} not added: meeting {item.meeting_id} is not imported"
                )
                continue
            ref = self.ref("agenda-item", item.id)
            entry: dict[str, Any] = {
                "meeting": meeting,
                "number": item.number,
                "title": item.title,
                "external_ref": ref,
            }
            existing = self.existing(AGENDA_ITEMS, ref)
            if existing is not None:
                entry["id"] = existing
            rows.append((self.where(f"agenda item {item.id}"), entry))
        return rows

    def membership_rows(self) -> Rows:
        first_seen: dict[tuple[str, int], tuple[date, Attendee]] = {}
        for attendee in self.feed.attendees:
            meeting = self.feed.meetings.get(attendee.meeting_id)
            board = self.boards.get(self.committee_of(attendee.meeting_id) or "")
            person = self.people.get(attendee.member_id)
            if board is None or person is None or meeting is None or not attendee.is_member:
                continue
            key = (board, person)
            if key not in first_seen or meeting.date < first_seen[key][0]:
                first_seen[key] = (meeting.date, attendee)
        rows: Rows = []
        for (board, person), (day, attendee) in sorted(first_seen.items()):
            if self.batch.warehouse.query(
                "SELECT 1 AS found FROM governance_memberships WHERE board_code = ? "
                "AND person_id = ? AND (end_date IS NULL OR end_date >= ?) LIMIT 1",
                [board, person, day],
            ):
                continue
            councillor = attendee.member_id in self.feed.councillors or attendee.is_councillor
            role = attendee.role
            voting = attendee.votes
            rows.append(
                (
                    self.where(f"attendee {attendee.member_id}"),
                    {
                        "board": board,
                        "person": person,
                        "role": role,
                        "organisation": self.council if councillor else None,
                        "voting": voting,
                        "councillor": councillor,
                        "start_date": day,
                    },
                )
            )
        return rows

    def interest_rows(self) -> Rows:
        rows: Rows = []
        names = _organisation_patterns(self.batch.warehouse)
        today = date.today()
        for member_id, declarations in self.feed.declarations.items():
            person = self.people.get(member_id)
            if person is None:
                continue
            current: set[str] = set()
            for declaration in declarations:
                digest = hashlib.sha256(
                    f"{declaration.category}|{declaration.whose}|{declaration.description}".encode()
                ).hexdigest()[:16]
                ref = self.ref("interest", f"{member_id}:{digest}")
                current.add(ref)
                description = declaration.description
                if declaration.whose.casefold() not in ("me", "you", "member", "yourself"):
                    description = f"{description} ({declaration.whose.lower()})"
                entry: dict[str, Any] = {
                    "person": person,
                    "category": declaration.category,
                    "description": description,
                    "external_ref": ref,
                    "organisation": _named_organisation(declaration.description, names),
                }
                existing = self.existing(INTERESTS, ref)
                if existing is None:
                    entry["declared_on"] = declaration.published or today
                else:
                    entry["id"] = existing
                rows.append((self.where(f"interest of member {member_id}"), entry))
            prefix = self.ref("interest", f"{member_id}:")
            for gone in self.batch.warehouse.query(
                "SELECT id FROM governance_interests WHERE starts_with(external_ref, ?) "
                "AND end_date IS NULL ORDER BY id",
                [prefix],
            ):
                found = self.batch.row(INTERESTS, gone["id"])
                if found and found["external_ref"] not in current:
                    rows.append(
                        (
                            self.where(f"interest of member {member_id}"),
                            {"id": gone["id"], "end_date": today},
                        )
                    )
        return rows

    def _keys(self, register: Register, kind: str) -> dict[str, int]:
        prefix = self.ref(kind, "")
        return {
            row["external_ref"][len(prefix) :]: row["key"]
            for row in self.batch.warehouse.query(
                f"SELECT {register.key.db_column} AS key, external_ref FROM {register.table} "
                "WHERE starts_with(external_ref, ?)",
                [prefix],
            )
        }


def _organisation_patterns(warehouse: Warehouse) -> list[tuple[re.Pattern[str], str]]:
    """Ways an organisation is named in full: a council as 'Kent County Council' or 'London
    Borough of Barnet'; any other by its registered name."""
    patterns = []
    for row in warehouse.query("SELECT code, name, kind FROM organisations ORDER BY code"):
        name = re.escape(row["name"].casefold())
        if row["kind"] == "council":
            text = (
                rf"\b{name}\s+(?:county\s+|city\s+|borough\s+|metropolitan\s+borough\s+)?"
                rf"council\b|\b(?:london\s+borough|royal\s+borough|city)\s+of\s+{name}\b"
            )
        else:
            text = rf"\b{name}\b"
        patterns.append((re.compile(text), row["code"]))
    return patterns


def _named_organisation(text: str, patterns: list[tuple[re.Pattern[str], str]]) -> str | None:
    folded = text.casefold()
    found = [code for pattern, code in patterns if pattern.search(folded)]
    return found[0] if len(found) == 1 else None
