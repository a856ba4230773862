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
"""

from __future__ import annotations

import hashlib
import html
import re
import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass, field
from datetime import date, timedelta
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

from joinedup.errors import JoinedUpError
from joinedup.governance.boards import BOARDS
from joinedup.governance.fields import parse_date
from joinedup.governance.interests import INTERESTS
from joinedup.governance.meetings import AGENDA_ITEMS, MEETINGS
from joinedup.governance.memberships import MEMBERSHIPS
from joinedup.governance.people import PEOPLE
from joinedup.governance.register import Batch, Register, Where
from joinedup.problems import FileRejected, Problem
from joinedup.warehouse import Warehouse

TIMEOUT_SECONDS = 30
NOT_A_MEMBER = ("officer", "substitute", "reserve", "in attendance", "guest", "observer")
EMPTY_ENTRIES = {"", "none", "nil", "n/a", "na", "-", "no", "not applicable"}
TITLES = re.compile(r"^(?:councillor|cllr\.?|county councillor)\s+", re.IGNORECASE)
# Members of the Senedd are listed by the same service with their post-nominal (English "MS",
# Welsh "AS"); upper case only, so a surname such as "Mas" is left alone.
POST_NOMINALS = re.compile(r"\s+(?:MS|AS)$")


@dataclass(frozen=True, slots=True)
class MemberType:
    """What an attendee's ``membertype`` says about them; None leaves it to the role and name."""

    meaning: str
    member: bool | None  # sits on the board (False: officer, substitute...)
    councillor: bool | None
    voting: bool | None


_NEUTRAL = MemberType("not established: judged by the role, name and ward", None, None, None)

# Every membertype value seen in a response, real or in this project's fixtures. Real responses
# (Manchester City Council, 2026) hold only "U"; no public documentation or response found says
# what it stands for (perhaps a Modern.gov "user", someone with a mgUserInfo.aspx page), so it is
# neutral: whether the attendee is a member, a councillor and votes is read from the role
# description, a "Councillor"/"Cllr" title and the ward attribute, as for a missing value.
# Any other value is read the same neutral way and listed in the import's notes.
MEMBER_TYPES: dict[str, MemberType] = {
    "u": _NEUTRAL,
    "": _NEUTRAL,
    "member": MemberType("a member of the committee", True, None, None),
    "committee member": MemberType("a member of the committee", True, None, None),
    "councillor": MemberType("a councillor member", True, True, None),
    "co-optee": MemberType("a co-opted member, without a vote", True, False, False),
    "co-opted member": MemberType("a co-opted member, without a vote", True, False, False),
    "officer": MemberType("an officer: not a member", False, False, False),
    "substitute": MemberType("a substitute: not a member", False, None, None),
    "reserve": MemberType("a reserve: not a member", False, None, None),
    "guest": MemberType("a guest: not a member", False, None, None),
    "observer": MemberType("an observer: not a member", False, None, None),
    "in attendance": MemberType("in attendance: not a member", False, None, None),
}


def member_type(value: str) -> MemberType:
    """The meaning of a ``membertype`` value; unknown values are read as neutral.

    >>> member_type("U").member is None
    True
    """
    return MEMBER_TYPES.get(" ".join(value.split()).casefold(), _NEUTRAL)


class ModernGovError(JoinedUpError):
    pass


@dataclass(frozen=True, slots=True)
class Committee:
    id: str
    title: str
    deleted: bool
    expired: bool

    @property
    def kind(self) -> str | None:
        return committee_kind(self.title)


@dataclass(frozen=True, slots=True)
class Councillor:
    id: str
    name: str
    party: str | None
    ward: str | None


@dataclass(frozen=True, slots=True)
class Meeting:
    id: str
    committee_id: str
    date: date
    status: str | None
    title: str | None


@dataclass(frozen=True, slots=True)
class AgendaItem:
    id: str
    meeting_id: str
    number: str | None
    title: str


@dataclass(frozen=True, slots=True)
class Attendee:
    meeting_id: str
    member_id: str
    name: str
    role: str
    member_type: str
    party: str | None = None
    ward: str | None = None
    titled: bool = False  # the name came with "Councillor" or "Cllr"

    @property
    def kind(self) -> MemberType:
        return member_type(self.member_type)

    @property
    def is_councillor(self) -> bool:
        said = self.kind.councillor
        if said is not None:
            return said
        return self.titled or self.ward is not None


@dataclass(frozen=True, slots=True)
class Declaration:
    member_id: str
    category: str
    description: str
    whose: str  # the column: "Me", "Partner"...
    published: date | None


@dataclass
class Feed:
    """What a set of Modern.gov responses says, before anything is stored."""

    host: str
    committees: dict[str, Committee] = field(default_factory=dict)
    councillors: dict[str, Councillor] = field(default_factory=dict)
    meetings: dict[str, Meeting] = field(default_factory=dict)
    agenda_items: dict[str, AgendaItem] = field(default_factory=dict)
    attendees: list[Attendee] = field(default_factory=list)
    declarations: dict[str, list[Declaration]] = field(default_factory=dict)
    meeting_committees: dict[str, str] = field(default_factory=dict)  # from GetMeeting files
    problems: list[Problem] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # one line for each thing read but not used


@dataclass(frozen=True, slots=True)
class ModernGovImport:
    council: str
    host: str
    sources: list[str]
    counts: dict[str, dict[str, int]]
    skipped_committees: list[str]
    notes: list[str] = field(default_factory=list)


def committee_kind(title: str) -> str | None:
    """The kind of board a committee is, from its title; None for committees JoinedUp skips.

    >>> committee_kind("Adult Social Care & Health Scrutiny Committee")
    'scrutiny'
    """
    text = title.casefold().replace("&", "and").replace("well-being", "wellbeing")
    if "health and wellbeing" in text and "scrutiny" not in text:
        return "hwb"
    if "integrated care partnership" in text:
        return "icp"
    if "scrutiny" in text and any(word in text for word in ("health", "care", "wellbeing")):
        return "scrutiny"
    return None


def clean(text: str | None) -> str | None:
    """Element text with entities decoded twice (Modern.gov double-encodes) and spaces tidied."""
    if text is None:
        return None
    decoded = html.unescape(html.unescape(text))
    tidy = " ".join(decoded.split())
    return tidy or None


def person_name(text: str) -> str:
    """A member's name without the 'Councillor' or 'Cllr' Modern.gov puts before it.

    >>> person_name("Cllr Bob O'Sample")
    "Bob O'Sample"
    """
    return POST_NOMINALS.sub("", TITLES.sub("", text.strip()).strip())


# --- reading responses -------------------------------------------------------------------------


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
    if re.match(r"(?:\s|<\?.*?\?>|<!--.*?-->)*<!DOCTYPE", stripped, re.IGNORECASE | re.DOTALL):
        # The service never sends a DTD; one in a response from a council's server could only
        # be an entity-expansion attack on the parser, so it is refused before parsing.
        raise ModernGovError(f"{name} declares a DTD (entities), which Modern.gov never sends.")
    try:
        root = ElementTree.fromstring(stripped)
    except ElementTree.ParseError as error:
        raise ModernGovError(f"{name} is not well-formed XML ({error}).") from None
    readers = {
        "committees": _read_committees,
        "councillorsbyward": _read_councillors,
        "councillorsbywardid": _read_councillors,
        "councillorsbypostcode": _read_councillors,
        "getmeetings": _read_meetings,
        "getmeetingsbydate": _read_meetings_by_date,
        "meeting": _read_meeting,
    }
    reader = readers.get(root.tag.casefold())
    if reader is None:
        raise ModernGovError(
            f"{name}: a <{root.tag}> response is not one JoinedUp reads (it reads "
            "GetCommittees, GetCouncillorsByWard, GetMeetings, GetAllMeetingsByDate, GetMeeting)."
        )
    reader(feed, name, root)


def _text(element: ElementTree.Element, tag: str) -> str | None:
    return clean(element.findtext(tag))


def _flag(element: ElementTree.Element, tag: str) -> bool:
    return (_text(element, tag) or "").casefold() == "true"


def _date(feed: Feed, name: str, what: str, value: str | None) -> date | None:
    try:
        return parse_date(value or "")
    except ValueError as error:
        feed.problems.append(Problem(name, None, what, str(error)))
        return None


def _read_committees(feed: Feed, name: str, root: ElementTree.Element) -> None:
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


def _read_councillors(feed: Feed, name: str, root: ElementTree.Element) -> None:
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


def _read_meetings(feed: Feed, name: str, root: ElementTree.Element) -> None:
    for committee in root.iter("committee"):
        committee_id = _text(committee, "committeeid")
        title = _text(committee, "committeetitle")
        if committee_id and title and committee_id not in feed.committees:
            feed.committees[committee_id] = Committee(committee_id, title, False, False)
        for element in committee.iter("meeting"):
            _add_meeting(feed, name, element, committee_id, title)


def _read_meetings_by_date(feed: Feed, name: str, root: ElementTree.Element) -> None:
    for element in root.iter("meeting"):
        committee_id = _text(element, "committeeid")
        title = _text(element, "committeetitle")
        if committee_id and title and committee_id not in feed.committees:
            feed.committees[committee_id] = Committee(committee_id, title, False, False)
        _add_meeting(feed, name, element, committee_id, title)


def _add_meeting(
    feed: Feed,
    name: str,
    element: ElementTree.Element,
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


def _read_meeting(feed: Feed, name: str, root: ElementTree.Element) -> None:
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
        if " ".join(kind.split()).casefold() not in MEMBER_TYPES:
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
        from datetime import datetime

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


# --- sources: a URL, a file, a folder ----------------------------------------------------------


def read_source(source: str, *, from_date: date | None = None, to_date: date | None = None) -> Feed:
    """Read a Modern.gov URL (fetching the operations JoinedUp needs), a file or a folder."""
    if re.match(r"https?://", source, re.IGNORECASE):
        return _fetch_all(source, from_date, to_date)
    path = Path(source)
    if path.is_dir():
        files = sorted(p for p in path.iterdir() if p.suffix.lower() in (".xml", ".html", ".htm"))
        if not files:
            raise ModernGovError(f"{path} holds no .xml or .html files from Modern.gov.")
    elif path.exists():
        files = [path]
    else:
        raise ModernGovError(f"{source} is neither a web address nor a file or folder.")
    feed = Feed(host="file")
    for file in files:
        read_response(feed, file.name, file.read_text(encoding="utf-8-sig", errors="replace"))
    return feed


def service_url(address: str) -> str:
    """The web service's address from a council's Modern.gov address.

    >>> service_url("https://democracy.example.gov.uk/")
    'https://democracy.example.gov.uk/mgWebService.asmx'
    """
    address = address.split("?")[0]
    service = re.match(r"(.*?\.asmx)", address, re.IGNORECASE)
    if service:
        return service[1]
    address = address.rstrip("/")
    if address.lower().endswith(".aspx"):
        address = address.rsplit("/", 1)[0]
    return f"{address}/mgWebService.asmx"


def _fetch(url: str, *, missing_ok: bool = False) -> str | None:
    from urllib.error import HTTPError, URLError
    from urllib.request import Request, urlopen

    request = Request(url, headers={"User-Agent": "JoinedUp (governance registers)"})
    try:
        with urlopen(
            request, timeout=TIMEOUT_SECONDS
        ) as response:  # only http(s) addresses reach here
            body: bytes = response.read()
    except HTTPError as error:
        if missing_ok and error.code == 404:
            return None
        raise ModernGovError(
            f"{url} answered HTTP {error.code}; the council may block "
            "scripted access or have switched the service off."
        ) from None
    except (URLError, TimeoutError) as error:
        reason = getattr(error, "reason", error)
        raise ModernGovError(f"Cannot reach {url}: {reason}.") from None
    return body.decode("utf-8-sig", errors="replace")


def _fetch_all(address: str, from_date: date | None, to_date: date | None) -> Feed:
    service = service_url(address)
    site = service.rsplit("/", 1)[0]
    feed = Feed(host=urlsplit(service).netloc.lower())
    today = date.today()
    start = from_date or today - timedelta(days=730)
    end = to_date or today + timedelta(days=365)

    def get(operation: str, **parameters: Any) -> None:
        url = f"{service}/{operation}" + (f"?{urlencode(parameters)}" if parameters else "")
        read_response(feed, url, _fetch(url) or "")

    get("GetCommittees", lDummy=0)
    get("GetCouncillorsByWard")
    for committee in list(feed.committees.values()):
        if committee.kind and not (committee.deleted or committee.expired):
            get(
                "GetMeetings",
                lCommitteeId=committee.id,
                sFromDate=start.strftime("%d/%m/%Y"),
                sToDate=end.strftime("%d/%m/%Y"),
            )
    for meeting_id in sorted(feed.meetings):
        get("GetMeeting", lMeetingId=meeting_id)
    for member_id in sorted({a.member_id for a in feed.attendees if _is_member(a)}):
        url = f"{site}/mgRofI.aspx?UID={member_id}"
        page = _fetch(url, missing_ok=True)  # not every member has a published register
        if page and "mgInterestsTable" in page:
            read_response(feed, f"mgRofI_{member_id}.html", page)
    return feed


# --- storing -----------------------------------------------------------------------------------


def _is_member(attendee: Attendee) -> bool:
    said = attendee.kind.member
    if said is not None:
        return said
    role = attendee.role.casefold()
    return not any(word in role for word in NOT_A_MEMBER)


def _votes(attendee: Attendee) -> bool:
    said = attendee.kind.voting
    if said is not None:
        return said
    return not re.search(r"non[- ]?voting|co-?opt", attendee.role, re.IGNORECASE)


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
        plan = _Plan(batch, feed, council_code)
        for register, rows in plan.steps():
            changes = batch.apply(register, rows())
            tally = counts.setdefault(register.name, {})
            for change in changes:
                tally[change.action] = tally.get(change.action, 0) + 1
        batch.finish(list(_REGISTERS), source)
    skipped = [
        f"{committee.title} ({committee.id})"
        for committee in feed.committees.values()
        if committee.id not in plan.boards
    ]
    return ModernGovImport(
        council_code, feed.host, feed.sources, counts, skipped, feed.notes + plan.notes
    )


_REGISTERS = (BOARDS, PEOPLE, MEMBERSHIPS, MEETINGS, AGENDA_ITEMS, INTERESTS)
Rows = list[tuple[Where, dict[str, Any]]]


class _Plan:
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
            elif not _is_member(attendee):
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
            if board is None or person is None or meeting is None or not _is_member(attendee):
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
            voting = _votes(attendee)
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
