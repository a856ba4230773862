"""Reading one Modern.gov response into the feed: the web service's XML or an interests page.

The XML comes from a council's server, so it is untrusted: it is parsed with defusedxml, which
refuses a DTD (and with it entity expansion and external entities) before anything is expanded.
The service never sends a DTD, so nothing real is lost.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from datetime import date, datetime
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import Element

from defusedxml import DefusedXmlException, DTDForbidden
from defusedxml.ElementTree import ParseError, fromstring

from joinedup.core.fields import parse_date
from joinedup.governance.moderngov.feed import (
    TITLES,
    AgendaItem,
    Attendee,
    Committee,
    Councillor,
    Declaration,
    Feed,
    Meeting,
    ModernGovError,
    is_known_member_type,
    person_name,
)
from joinedup.problems import Problem

EMPTY_ENTRIES = {"", "none", "nil", "n/a", "na", "-", "no", "not applicable"}


def clean(text: str | None) -> str | None:
    """Element text with entities decoded twice (Modern.gov double-encodes) and spaces tidied."""
    if text is None:
        return None
    decoded = html.unescape(html.unescape(text))
    tidy = " ".join(decoded.split())
    return tidy or None


def read_response(feed: Feed, name: str, text: str) -> None:
    """Add what one response (XML from the web service, or a register of interests page) says."""
    feed.sources.append(name)
    stripped = text.lstrip("\ufeff \t\r\n")
    if "mgInterestsTable" in stripped:
        _read_interests(feed, name, stripped)
        return
    if not stripped.startswith("<") or re.match(r"<(!doctype\s+)?html", stripped, re.I):
        raise ModernGovError(
            f"{name} is not Modern.gov web service XML (an HTML page or an error?); check the "
            "address, or whether the council has switched the service off."
        )
    root = _parse_xml(name, stripped)
    reader = _READERS.get(root.tag.casefold())
    if reader is None:
        raise ModernGovError(
            f"{name}: a <{root.tag}> response is not one JoinedUp reads (it reads "
            "GetCommittees, GetCouncillorsByWard, GetMeetings, GetAllMeetingsByDate, GetMeeting)."
        )
    reader(feed, name, root)


def _parse_xml(name: str, text: str) -> Element:
    try:
        root: Element = fromstring(text, forbid_dtd=True)
    except DTDForbidden:
        # A DTD in a response from a council's server could only be an entity-expansion or
        # external-entity attack on the parser.
        raise ModernGovError(
            f"{name} declares a DTD (entities), which Modern.gov never sends; refused unread."
        ) from None
    except DefusedXmlException as error:
        raise ModernGovError(f"{name} is refused: {error}.") from None
    except ParseError as error:
        raise ModernGovError(f"{name} is not well-formed XML ({error}).") from None
    return root


def _text(element: Element, tag: str) -> str | None:
    return clean(element.findtext(tag))


def _flag(element: Element, tag: str) -> bool:
    return (_text(element, tag) or "").casefold() == "true"


def _date(feed: Feed, name: str, what: str, value: str | None) -> date | None:
    try:
        return parse_date(value or "")
    except ValueError as error:
        feed.problems.append(Problem(name, None, what, str(error)))
        return None


def _read_committees(feed: Feed, name: str, root: Element) -> None:
    for element in root.iter("committee"):
        committee_id = _text(element, "committeeid")
        title = _text(element, "committeetitle")
        if not committee_id or not title:
            feed.problems.append(Problem(name, None, "committee", "a committee has no id or title"))
            continue
        feed.committees[committee_id] = Committee(
            committee_id,
            title,
            _flag(element, "committeedeleted"),
            _flag(element, "committeeexpired"),
        )


def _read_councillors(feed: Feed, name: str, root: Element) -> None:
    for ward in root.iter("ward"):
        ward_title = _text(ward, "wardtitle")
        for element in ward.iter("councillor"):
            councillor_id = _text(element, "councillorid")
            full_name = _text(element, "fullusername")
            if not councillor_id or not full_name:
                feed.problems.append(
                    Problem(name, None, "councillor", "a councillor has no id or name")
                )
                continue
            party = _text(element, "politicalpartytitle") or _text(element, "politicalgrouptitle")
            feed.councillors[councillor_id] = Councillor(
                councillor_id, person_name(full_name), party, ward_title
            )


def _read_meetings(feed: Feed, name: str, root: Element) -> None:
    for committee in root.iter("committee"):
        committee_id = _text(committee, "committeeid")
        title = _text(committee, "committeetitle")
        if committee_id and title and committee_id not in feed.committees:
            feed.committees[committee_id] = Committee(committee_id, title, False, False)
        for element in committee.iter("meeting"):
            _add_meeting(feed, name, element, committee_id, title)


def _read_meetings_by_date(feed: Feed, name: str, root: Element) -> None:
    for element in root.iter("meeting"):
        committee_id = _text(element, "committeeid")
        title = _text(element, "committeetitle")
        if committee_id and title and committee_id not in feed.committees:
            feed.committees[committee_id] = Committee(committee_id, title, False, False)
        _add_meeting(feed, name, element, committee_id, title)


def _add_meeting(
    feed: Feed,
    name: str,
    element: Element,
    committee_id: str | None,
    title: str | None,
) -> None:
    meeting_id = _text(element, "meetingid")
    if not meeting_id or not committee_id:
        feed.problems.append(Problem(name, None, "meeting", "a meeting has no id or committee"))
        return
    day = _date(feed, name, f"meeting {meeting_id} meetingdate", _text(element, "meetingdate"))
    if day is not None:
        status = _text(element, "meetingstatus")
        feed.meetings[meeting_id] = Meeting(meeting_id, committee_id, day, status, title)


def _read_meeting(feed: Feed, name: str, root: Element) -> None:
    meeting_id = _text(root, "meetingid")
    if not meeting_id:
        feed.problems.append(Problem(name, None, "meetingid", "the meeting has no id"))
        return
    committee_id = _text(root, "committeeid")
    if committee_id:
        feed.meeting_committees[meeting_id] = committee_id
    for element in root.iter("agendaitem"):
        item_id = _text(element, "agendaitemid")
        title = _text(element, "agendaitemtitle")
        if not item_id or not title:
            feed.problems.append(
                Problem(name, None, "agendaitem", f"an item of meeting {meeting_id} has no title")
            )
            continue
        number = _text(element, "fulldisplaynumberformat") or _text(element, "agendaitemnumber")
        feed.agenda_items[item_id] = AgendaItem(
            item_id, meeting_id, None if number is None else number.rstrip("."), title
        )
    for element in root.iter("attendee"):
        member_id = clean(element.get("memberid"))
        member_name = clean(element.get("name"))
        if not member_id or not member_name:
            feed.notes.append(f"{name}: an attendee without a member id or name is not used")
            continue
        kind = clean(element.get("membertype")) or ""
        if not is_known_member_type(kind):
            feed.notes.append(
                f"{name}: member {member_id} has membertype {kind!r}, which JoinedUp does not "
                "know; read as neutral (judged by role, title and ward)"
            )
        feed.attendees.append(
            Attendee(
                meeting_id,
                member_id,
                person_name(member_name),
                clean(element.get("roledescription")) or "Member",
                kind,
                clean(element.get("politicalparty")),
                clean(element.get("ward")),
                TITLES.match(member_name.strip()) is not None,
            )
        )


_READERS: dict[str, Callable[[Feed, str, Element], None]] = {
    "committees": _read_committees,
    "councillorsbyward": _read_councillors,
    "councillorsbywardid": _read_councillors,
    "councillorsbypostcode": _read_councillors,
    "getmeetings": _read_meetings,
    "getmeetingsbydate": _read_meetings_by_date,
    "meeting": _read_meeting,
}


class _InterestsPage(HTMLParser):
    """The mgInterestsTable tables of a register of interests page: caption, headers, cells."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[dict[str, Any]] = []
        self.text: list[str] = []
        self.uid: str | None = None
        self._cell: list[str] | None = None
        self._row: list[str] | None = None
        self._in_caption = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "table" and "mgInterestsTable" in (values.get("class") or ""):
            self.tables.append({"caption": "", "headers": [], "rows": []})
        elif not self.tables or self.tables[-1].get("closed"):
            if tag == "a" and self.uid is None:
                match = re.search(r"mgUserInfo\.aspx\?UID=(\d+)", values.get("href") or "")
                self.uid = match[1] if match else None
            return
        elif tag == "caption":
            self._in_caption = True
        elif tag == "tr":
            self._row = []
        elif tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if not self.tables or self.tables[-1].get("closed"):
            return
        table = self.tables[-1]
        if tag == "caption":
            self._in_caption = False
        elif tag in ("td", "th") and self._cell is not None and self._row is not None:
            self._row.append(" ".join("".join(self._cell).split()))
            if tag == "th":
                table["headers"].append(self._row.pop())
            self._cell = None
        elif tag == "tr" and self._row is not None:
            if self._row:
                table["rows"].append(self._row)
            self._row = None
        elif tag == "table":
            table["closed"] = True

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self._in_caption and self.tables:
            self.tables[-1]["caption"] += data
        elif self._cell is not None:
            self._cell.append(data)


def _read_interests(feed: Feed, name: str, text: str) -> None:
    page = _InterestsPage()
    page.feed(text)
    match = re.search(r"UID[=_-]?(\d+)|(\d+)", Path(name).name)
    uid = (match[1] or match[2]) if match else page.uid
    if uid is None:
        raise ModernGovError(
            f"{name}: cannot tell whose register of interests this is; save it with the "
            "councillor's id in the name (mgRofI_1101.html)."
        )
    published = None
    stamp = re.search(r"published on\s+\w+,\s+(\d{1,2} \w+ \d{4})", " ".join(page.text))
    if stamp:
        try:
            published = datetime.strptime(stamp[1], "%d %B %Y").date()
        except ValueError:
            published = None
    entries = feed.declarations.setdefault(uid, [])
    for table in page.tables:
        category = re.sub(r"^\s*\d+[.)]\s*", "", " ".join(table["caption"].split())) or None
        headers = table["headers"]
        for cells in table["rows"]:
            subject, values = (cells[0], cells[1:]) if len(cells) > 1 else ("", cells)
            columns = headers[1:] if len(headers) == len(cells) else ["Me"] * len(values)
            for whose, value in zip(columns, values, strict=False):
                if value.strip().casefold() in EMPTY_ENTRIES:
                    continue
                entries.append(
                    Declaration(uid, category or subject, value.strip(), whose, published)
                )
