"""Importing a council's boards, councillors, meetings and interests from Modern.gov.

Councils running Civica Modern.gov publish a web service, ``mgWebService.asmx``, returning XML
(the layouts are recorded in ``shared/reference/LAYOUTS.md`` section 1), and each councillor's
register of interests as an HTML page, ``mgRofI.aspx?UID=<id>``. :func:`import_moderngov` reads
them from a URL (fetched with urllib), from one saved response, or from a folder of them:

* ``GetCommittees``: committees whose title marks them as a Health and Wellbeing Board, an ICP or
  a health (or adult care) scrutiny committee become boards of the council; deleted and expired
  committees, and all others, are skipped and listed.
* ``GetCouncillorsByWard``: councillors become people (name, party, council). Home addresses and
  phone numbers are never read.
* ``GetMeetings``: the meetings of those committees. ``GetMeeting``: a meeting's agenda items
  (unclassified: classify them by exporting, editing and importing the register) and attendees,
  whose committee roles become memberships from the first meeting seen. An attendee's
  ``membertype`` is read with :data:`MEMBER_TYPES`; people seen only at skipped committees are
  not added.
* ``mgRofI.aspx`` pages: each entry becomes a declaration of interest; an organisation named in it
  in full ("Kent County Council", a registered trust's name) is recorded, so conflicts can be
  found. Entries that have gone from a re-imported register are given an end date.

What is read but not stored is listed, one line each, in the result's ``notes``. Everything is
checked first and stored in one transaction; importing the same responses again
changes nothing. Keys from Modern.gov are kept in ``external_ref`` as
``moderngov:<council code>:<kind>:<id>``.

The package reads in three steps: :mod:`~joinedup.governance.moderngov.fetch` (where the responses
come from), :mod:`~joinedup.governance.moderngov.parse` (one response into the
:class:`~joinedup.governance.moderngov.feed.Feed`, XML through defusedxml) and
:mod:`~joinedup.governance.moderngov.plan` (the feed into register rows); :func:`import_moderngov`
runs them and stores the rows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from joinedup.governance.moderngov.feed import (
    MEMBER_TYPES,
    AgendaItem,
    Attendee,
    Committee,
    Councillor,
    Declaration,
    Feed,
    Meeting,
    MemberType,
    ModernGovError,
    committee_kind,
    member_type,
    person_name,
)
from joinedup.governance.moderngov.fetch import read_source, service_url
from joinedup.governance.moderngov.parse import read_response
from joinedup.governance.moderngov.plan import REGISTERS, Plan
from joinedup.problems import FileRejected
from joinedup.records.registers import Batch
from joinedup.warehouse import Warehouse

__all__ = [
    "MEMBER_TYPES",
    "AgendaItem",
    "Attendee",
    "Committee",
    "Councillor",
    "Declaration",
    "Feed",
    "Meeting",
    "MemberType",
    "ModernGovError",
    "ModernGovImport",
    "committee_kind",
    "import_moderngov",
    "member_type",
    "person_name",
    "read_response",
    "read_source",
    "service_url",
]


@dataclass(frozen=True, slots=True)
class ModernGovImport:
    council: str
    host: str
    sources: list[str]
    counts: dict[str, dict[str, int]]
    skipped_committees: list[str]
    notes: list[str] = field(default_factory=list)


def import_moderngov(
    warehouse: Warehouse,
    source: str,
    council: str,
    *,
    who: str | None = None,
    from_date: date | None = None,
    to_date: date | None = None,
) -> ModernGovImport:
    """Read the source and store what it says for the council, whole or not at all."""
    from joinedup.reference import council as find_council

    council_code = find_council(council).code
    feed = read_source(source, from_date=from_date, to_date=to_date)
    if feed.problems:
        raise FileRejected(source, feed.problems)
    counts: dict[str, dict[str, int]] = {}
    with warehouse.transaction():
        batch = Batch(warehouse, who)
        plan = Plan(batch, feed, council_code)
        for register, rows in plan.steps():
            changes = batch.apply(register, rows())
            tally = counts.setdefault(register.name, {})
            for change in changes:
                tally[change.action] = tally.get(change.action, 0) + 1
        batch.finish(list(REGISTERS), source)
    skipped = [
        f"{committee.title} ({committee.id})"
        for committee in feed.committees.values()
        if committee.id not in plan.boards
    ]
    return ModernGovImport(
        council_code, feed.host, feed.sources, counts, skipped, feed.notes + plan.notes
    )
