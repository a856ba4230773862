"""Importing from Modern.gov: recorded responses in the web service's real layout.

The fixtures in fixtures/moderngov follow the element names recorded in
shared/reference/LAYOUTS.md section 1 (GetCommittees, GetCouncillorsByWard, GetMeetings,
GetMeeting, and the mgRofI.aspx register of interests page), with made-up values and the quirks
listed there: double-encoded entities, 'unspecified' term ends, a placeholder ward, deleted and
expired committees, and a home address that must never be stored.
"""

from __future__ import annotations

import shutil
import threading
from collections.abc import Iterator
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from joinedup.cli.governance import app
from joinedup.governance.moderngov import (
    ModernGovError,
    committee_kind,
    import_moderngov,
    read_source,
    service_url,
)
from joinedup.warehouse import Warehouse

from .governance_support import KENT, run

FIXTURES = Path(__file__).parent / "fixtures" / "moderngov"


def test_a_folder_of_responses_fills_the_registers(warehouse: Warehouse) -> None:
    imported = import_moderngov(warehouse, str(FIXTURES), "Kent", who="secretary")
    assert imported.council == KENT
    assert imported.counts["boards"] == {"insert": 2}
    assert imported.skipped_committees == [
        "Planning Committee (12)",
        "Shadow Health and Wellbeing Board (101)",
        "Health Overview and Scrutiny Committee (to 2019) (150)",
    ]
    boards = warehouse.query("SELECT code, name, kind, council_code FROM governance_boards")
    assert boards == [
        {"code": f"MG-{KENT}-272", "name": "Health and Wellbeing Board", "kind": "hwb",
         "council_code": KENT},
        {"code": f"MG-{KENT}-273", "name": "Adult Social Care & Health Scrutiny Committee",
         "kind": "scrutiny", "council_code": KENT},
    ]  # fmt: skip
    people = warehouse.query("SELECT name, party, councillor_of FROM governance_people ORDER BY id")
    assert people == [
        {"name": "Ann Example", "party": "Example Party", "councillor_of": KENT},
        {"name": "Bob O'Sample", "party": "Independent", "councillor_of": KENT},
        {"name": "Carol Placeholder", "party": "Another Party", "councillor_of": KENT},
        {"name": "Dr Dana Fictional", "party": None, "councillor_of": None},
    ]
    everything = repr(warehouse.connection.execute("SELECT * FROM governance_people").fetchall())
    assert "Private Lane" not in everything and "07000" not in everything
    meetings = warehouse.query("SELECT meeting_date, status FROM governance_meetings ORDER BY 1")
    assert [row["meeting_date"] for row in meetings] == [date(2024, 3, 14), date(2024, 7, 11)]
    items = warehouse.query("SELECT number, title, class FROM governance_agenda_items ORDER BY id")
    assert items[1] == {"number": "4", "title": "Joint Local Health and Wellbeing Strategy "
                        "2024'29", "class": None}  # fmt: skip
    members = warehouse.query(
        "SELECT p.name, m.role, m.voting, m.councillor, m.start_date FROM governance_memberships m "
        "JOIN governance_people p ON p.id = m.person_id ORDER BY m.id"
    )
    assert [(m["name"], m["role"], m["voting"], m["councillor"]) for m in members] == [
        ("Ann Example", "Chair", True, True),
        ("Bob O'Sample", "Committee Member", True, True),
        ("Dr Dana Fictional", "Director of Public Health (non-voting)", False, False),
    ]  # the democratic services officer is not a member
    interests = warehouse.query(
        "SELECT organisation_code, category, description, declared_on FROM governance_interests "
        "ORDER BY id"
    )
    assert interests == [
        {"organisation_code": None, "category": "Employment, office, trade, profession or "
         "vocation", "description": "Trustee, Kent and Medway Carers' Trust",
         "declared_on": date(2024, 5, 14)},
        {"organisation_code": KENT, "category": "Employment, office, trade, profession or "
         "vocation", "description": "Nurse, Kent County Council (partner)",
         "declared_on": date(2024, 5, 14)},
        {"organisation_code": None, "category": "Land", "description": "Home, Riverside",
         "declared_on": date(2024, 5, 14)},
    ]  # fmt: skip
    audited = warehouse.query("SELECT DISTINCT who FROM audit_log")
    assert audited == [{"who": "secretary"}]


def test_importing_again_changes_nothing_and_ends_withdrawn_interests(
    warehouse: Warehouse, tmp_path: Path
) -> None:
    folder = tmp_path / "responses"
    shutil.copytree(FIXTURES, folder)
    import_moderngov(warehouse, str(folder), KENT)
    logged = warehouse.query("SELECT count(*) AS n FROM audit_log")
    again = import_moderngov(warehouse, str(folder), KENT)
    assert all(set(counts) <= {"unchanged"} for counts in again.counts.values())
    assert warehouse.query("SELECT count(*) AS n FROM audit_log") == logged

    page = folder / "mgRofI_1101.html"
    page.write_text(page.read_text(encoding="utf-8").replace("Home, Riverside", "None"), "utf-8")
    import_moderngov(warehouse, str(folder), KENT)
    ended = warehouse.query(
        "SELECT description FROM governance_interests WHERE end_date IS NOT NULL"
    )
    assert ended == [{"description": "Home, Riverside"}]


def test_one_saved_response_imports_on_its_own(warehouse: Warehouse) -> None:
    imported = import_moderngov(warehouse, str(FIXTURES / "GetCommittees.xml"), KENT)
    assert imported.counts["boards"] == {"insert": 2}
    assert imported.counts["people"] == {}


def test_what_is_not_the_web_services_xml_is_refused(warehouse: Warehouse, tmp_path: Path) -> None:
    page = tmp_path / "GetCommittees.xml"
    page.write_text("<!DOCTYPE html><html><body>Service unavailable</body></html>", "utf-8")
    with pytest.raises(ModernGovError, match=r"not Modern\.gov web service XML"):
        import_moderngov(warehouse, str(page), KENT)
    page.write_text("<committees><committee>", "utf-8")
    with pytest.raises(ModernGovError, match="not well-formed XML"):
        import_moderngov(warehouse, str(page), KENT)
    page.write_text("<electionresults/>", "utf-8")
    with pytest.raises(ModernGovError, match="<electionresults> response is not one"):
        import_moderngov(warehouse, str(page), KENT)
    page.write_text(
        "<getmeetings><committee><committeeid>272</committeeid><committeetitle>Health and "
        "Wellbeing Board</committeetitle><committeemeetings><meeting><meetingid>9</meetingid>"
        "<meetingdate>31/02/2024</meetingdate></meeting></committeemeetings></committee>"
        "</getmeetings>",
        "utf-8",
    )
    code, _, err = run(app, "import-moderngov", str(page), "--council", KENT, "--db",
                       str(warehouse.path))  # fmt: skip
    assert code == 1
    assert "field 'meeting 9 meetingdate': '31/02/2024' is not a date on the calendar" in err
    assert warehouse.query("SELECT count(*) AS n FROM governance_boards") == [{"n": 0}]


@pytest.mark.parametrize(
    ("title", "kind"),
    [
        ("Health and Wellbeing Board", "hwb"),
        ("Health & Well-being Board", "hwb"),
        ("Health and Wellbeing Scrutiny Committee", "scrutiny"),
        ("Adult Social Care and Health Overview and Scrutiny Committee", "scrutiny"),
        ("Integrated Care Partnership Joint Committee", "icp"),
        ("Children's Services Scrutiny Panel", None),
        ("Planning Committee", None),
    ],
)
def test_committee_kinds_come_from_titles(title: str, kind: str | None) -> None:
    assert committee_kind(title) == kind


def test_service_addresses() -> None:
    assert service_url("https://democracy.example.gov.uk/mgWebService.asmx/GetCommittees?x=1") \
        == "https://democracy.example.gov.uk/mgWebService.asmx"  # fmt: skip
    assert service_url("https://example.gov.uk/democracy/mgCommitteeDetails.aspx?ID=272") == (
        "https://example.gov.uk/democracy/mgWebService.asmx"
    )


NO_MEETINGS = (
    "<getmeetings><committee><committeeid>273</committeeid><committeetitle>Scrutiny"
    "</committeetitle><meetingscount>0</meetingscount></committee></getmeetings>"
)
NOT_PUBLISHED = (
    "<meeting><meetingid>5002</meetingid><agendapublished>False</agendapublished></meeting>"
)


class _Recorded(BaseHTTPRequestHandler):
    """Answers each operation with its recorded response, as the web service would."""

    def do_GET(self) -> None:
        name = self.path.split("?")[0].rsplit("/", 1)[-1]
        query = self.path.split("?", 1)[1] if "?" in self.path else ""
        answers = {
            ("GetCommittees", ""): "GetCommittees.xml",
            ("GetCouncillorsByWard", ""): "GetCouncillorsByWard.xml",
            ("GetMeetings", "lCommitteeId=272"): "GetMeetings_272.xml",
            ("GetMeetings", "lCommitteeId=273"): NO_MEETINGS,
            ("GetMeeting", "lMeetingId=5001"): "GetMeeting_5001.xml",
            ("GetMeeting", "lMeetingId=5002"): NOT_PUBLISHED,
            ("mgRofI.aspx", "UID=1101"): "mgRofI_1101.html",
        }
        found = next((answer for (operation, wanted), answer in answers.items()
                      if operation == name and wanted in query), None)  # fmt: skip
        if found is None or "missing" in self.path:
            self.send_error(404)
            return
        body = (FIXTURES / found).read_bytes() if found.endswith(("xml", "html")) else (
            found.encode()
        )  # fmt: skip
        self.send_response(200)
        self.send_header("Content-Type", "text/xml; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def service() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Recorded)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


def test_a_web_address_is_fetched_operation_by_operation(service: str) -> None:
    feed = read_source(service, from_date=date(2024, 1, 1), to_date=date(2024, 12, 31))
    assert sorted(feed.committees) == ["101", "12", "150", "272", "273"]
    assert sorted(feed.meetings) == ["5001", "5002"]
    assert sorted(feed.declarations) == ["1101"]
    assert any("sFromDate=01%2F01%2F2024" in source for source in feed.sources)
    with pytest.raises(ModernGovError, match="answered HTTP 404"):
        read_source(service + "missing/mgWebService.asmx/")


# --- real responses ---------------------------------------------------------------------------

REAL = FIXTURES / "real"
MANCHESTER = "E08000003"


@pytest.mark.parametrize("response", sorted(REAL.glob("*.xml")), ids=lambda path: path.name)
def test_every_real_response_is_read_without_a_problem(response: Path) -> None:
    feed = read_source(str(response))
    assert feed.problems == []
    assert feed.committees or feed.councillors or feed.meetings or feed.attendees


def test_real_manchester_responses_add_nothing_for_a_committee_the_plan_skips(
    warehouse: Warehouse, tmp_path: Path
) -> None:
    folder = tmp_path / "manchester"
    folder.mkdir()
    for response in REAL.glob("manchester_*.xml"):
        shutil.copy(response, folder)
    imported = import_moderngov(warehouse, str(folder), "Manchester")
    assert imported.skipped_committees == [
        "Appointment Sub Committee for Director of Adult Social Services (312)",
        "Art Galleries Committee (163)",
        "Audit Committee (144)",
    ]
    # Councillor Curley attended only the Audit Committee, which is skipped: nobody is added.
    assert warehouse.query("SELECT count(*) AS n FROM governance_people") == [{"n": 0}]
    assert warehouse.query("SELECT count(*) AS n FROM governance_meetings") == [{"n": 0}]
    assert imported.notes == [
        "member 192 not added: Basil Curley: only seen at committee Audit Committee (144), "
        "which is not imported",
        "meeting 4966 (2026-01-13) not added: committee Audit Committee (144) is not imported",
        "meeting 4967 (2026-02-10) not added: committee Audit Committee (144) is not imported",
        "agenda item 18831 not added: meeting 4967 is not imported",
        "agenda item 18833 not added: meeting 4967 is not imported",
    ]


def test_a_member_of_type_u_at_an_imported_committee_is_a_voting_councillor(
    warehouse: Warehouse, tmp_path: Path
) -> None:
    folder = tmp_path / "manchester"
    folder.mkdir()
    shutil.copy(REAL / "manchester_GetMeeting_4967.xml", folder)
    # Made up: the real meeting 4967 placed in a health scrutiny committee, so that its real
    # attendee (membertype "U") is at a committee JoinedUp imports.
    (folder / "GetMeetings_999.xml").write_text(
        "<getmeetings><committee><committeeid>999</committeeid><committeetitle>Health Scrutiny "
        "Committee</committeetitle><committeemeetings><meeting><meetingid>4967</meetingid>"
        "<meetingdate>10/02/2026</meetingdate></meeting></committeemeetings></committee>"
        "</getmeetings>",
        "utf-8",
    )
    imported = import_moderngov(warehouse, str(folder), MANCHESTER)
    assert imported.notes == []
    people = warehouse.query("SELECT name, party, councillor_of FROM governance_people")
    assert people == [{"name": "Basil Curley", "party": "LAB", "councillor_of": MANCHESTER}]
    members = warehouse.query(
        "SELECT board_code, role, organisation_code, voting, councillor, start_date "
        "FROM governance_memberships"
    )
    assert members == [
        {"board_code": f"MG-{MANCHESTER}-999", "role": "Committee Member",
         "organisation_code": MANCHESTER, "voting": True, "councillor": True,
         "start_date": date(2026, 2, 10)},
    ]  # fmt: skip
    items = warehouse.query("SELECT number, title FROM governance_agenda_items ORDER BY id")
    assert items == [
        {"number": "1", "title": "Minutes"},
        {"number": "9", "title": "Work Programme"},
    ]


@pytest.mark.parametrize(
    ("membertype", "role", "name", "ward", "member", "councillor", "voting"),
    [
        ("U", "Committee Member", "Councillor Basil Curley", "Charlestown", True, True, True),
        ("U", "Committee Member", "Dr A Person", None, True, False, True),
        ("U", "Co-opted Member (non-voting)", "A Person", None, True, False, False),
        ("U", "Substitute", "Cllr A Person", "Hulme", False, True, True),
        ("U", "Officer", "A Person", None, False, False, True),
        ("", "Chair", "Cllr A Person", None, True, True, True),
        ("Committee Member", "Vice-Chair", "A Person", None, True, False, True),
        ("Councillor", "Member", "A Person", None, True, True, True),
        ("Co-optee", "Member", "A Person", None, True, False, False),
        ("Officer", "Clerk", "A Person", None, False, False, False),
        ("Something New", "Member", "A Person", None, True, False, True),
    ],
)
def test_membertype_values_map_to_member_roles(
    tmp_path: Path,
    membertype: str,
    role: str,
    name: str,
    ward: str | None,
    member: bool,
    councillor: bool,
    voting: bool,
) -> None:
    ward_attribute = f' ward="{ward}"' if ward else ""
    response = tmp_path / "GetMeeting_1.xml"
    response.write_text(
        f'<meeting><meetingid>1</meetingid><attendees><attendee membertype="{membertype}" '
        f'memberid="7" name="{name}" roledescription="{role}"{ward_attribute}/></attendees>'
        "</meeting>",
        "utf-8",
    )
    feed = read_source(str(response))
    [attendee] = feed.attendees
    assert (attendee.is_member, attendee.is_councillor, attendee.votes) == (
        member,
        councillor,
        voting,
    )
    known = membertype != "Something New"
    assert (feed.notes == []) is known


def test_senedd_members_lose_their_post_nominals_and_home_addresses(tmp_path: Path) -> None:
    feed = read_source(str(REAL / "senedd_2020_GetCouncillorsByWard_en.xml"))
    assert {c.name for c in feed.councillors.values()} == {
        "Vaughan Gething", "Andrew RT Davies", "David Melding", "Neil McEvoy", "Gareth Bennett",
    }  # fmt: skip
    assert feed.councillors["249"].party == "Welsh Labour"
    assert "Pantbach" not in repr(feed) and "029 2062" not in repr(feed)
    welsh = read_source(str(REAL / "senedd_2026_GetCouncillorsByWard_cy.xml"))
    assert welsh.councillors["3425"].name == "Owen McDonald"
    assert welsh.councillors["3425"].party == "Plaid Cymru"


def test_a_response_declaring_entities_is_refused(tmp_path: Path) -> None:
    response = tmp_path / "GetCommittees.xml"
    response.write_text(
        '<?xml version="1.0"?><!DOCTYPE committees [<!ENTITY a "aaaa">]>'
        "<committees><committee><committeeid>1</committeeid><committeetitle>&a;"
        "</committeetitle></committee></committees>",
        "utf-8",
    )
    with pytest.raises(ModernGovError, match=r"declares a DTD \(entities\)"):
        read_source(str(response))


BILLION_LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE committees [<!ENTITY lol "lol">'
    + "".join(f'<!ENTITY lol{n} "{("&lol" + str(n - 1 or "") + ";") * 10}">' for n in range(1, 10))
    + "]><committees><committee><committeeid>1</committeeid>"
    "<committeetitle>&lol9;</committeetitle></committee></committees>"
)
EXTERNAL_ENTITY = (
    '<?xml version="1.0"?><!DOCTYPE committees [<!ENTITY secret SYSTEM "file:///etc/passwd">]>'
    "<committees><committee><committeeid>1</committeeid><committeetitle>&secret;"
    "</committeetitle></committee></committees>"
)
EXTERNAL_DTD = (
    '<?xml version="1.0"?><!DOCTYPE committees SYSTEM "http://127.0.0.1:9/evil.dtd"><committees/>'
)


@pytest.mark.parametrize(
    "attack",
    [BILLION_LAUGHS, EXTERNAL_ENTITY, EXTERNAL_DTD],
    ids=["billion-laughs", "external-entity", "external-dtd"],
)
def test_entity_attacks_from_a_councils_server_are_refused_unread(
    warehouse: Warehouse, tmp_path: Path, attack: str
) -> None:
    response = tmp_path / "GetCommittees.xml"
    response.write_text(attack, "utf-8")
    with pytest.raises(ModernGovError, match=r"declares a DTD \(entities\).*refused unread"):
        read_source(str(response))
    code, _, err = run(app, "import-moderngov", str(response), "--council", KENT, "--db",
                       str(warehouse.path))  # fmt: skip
    assert code == 1
    assert "declares a DTD" in err
    assert warehouse.query("SELECT count(*) AS n FROM governance_boards") == [{"n": 0}]


# The project's copy of real published data, beside the checkout (../shared/real); the Manchester
# responses in fixtures/moderngov/real are copies of these.
SHARED_REAL = Path(__file__).resolve().parents[3] / "shared" / "real" / "moderngov"


@pytest.mark.skipif(not SHARED_REAL.is_dir(), reason="shared/real is not beside this checkout")
def test_the_shared_real_moderngov_responses_are_read_as_the_fixtures_are() -> None:
    shared = read_source(str(SHARED_REAL))
    assert shared.problems == []
    assert sorted(shared.committees) == ["144", "163", "312"]
    assert sorted(shared.meetings) == ["4966", "4967"]
    assert {(a.meeting_id, a.name, a.role) for a in shared.attendees} == {
        ("4966", "Basil Curley", "Committee Member"),
        ("4967", "Basil Curley", "Committee Member"),
    }
