"""What a set of Modern.gov responses says, before anything is stored: the feed and its records.

The records hold only what JoinedUp keeps from the web service; the rules here are the ones that
read a record on its own (what kind of board a committee is, whether an attendee sits on it).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from joinedup.errors import JoinedUpError
from joinedup.problems import Problem

NOT_A_MEMBER = ("officer", "substitute", "reserve", "in attendance", "guest", "observer")
TITLES = re.compile(r"^(?:councillor|cllr\.?|county councillor)\s+", re.IGNORECASE)
# Members of the Senedd are listed by the same service with their post-nominal (English "MS",
# Welsh "AS"); upper case only, so a surname such as "Mas" is left alone.
POST_NOMINALS = re.compile(r"\s+(?:MS|AS)$")


class ModernGovError(JoinedUpError):
    pass


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


def is_known_member_type(value: str) -> bool:
    """Whether a ``membertype`` value is one :data:`MEMBER_TYPES` lists (case and spacing aside)."""
    return " ".join(value.split()).casefold() in MEMBER_TYPES


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


def person_name(text: str) -> str:
    """A member's name without the 'Councillor' or 'Cllr' Modern.gov puts before it.

    >>> person_name("Cllr Bob O'Sample")
    "Bob O'Sample"
    """
    return POST_NOMINALS.sub("", TITLES.sub("", text.strip()).strip())


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

    @property
    def is_member(self) -> bool:
        """Sits on the board: officers, substitutes, guests... attend without being members."""
        said = self.kind.member
        if said is not None:
            return said
        role = self.role.casefold()
        return not any(word in role for word in NOT_A_MEMBER)

    @property
    def votes(self) -> bool:
        said = self.kind.voting
        if said is not None:
            return said
        return not re.search(r"non[- ]?voting|co-?opt", self.role, re.IGNORECASE)


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
