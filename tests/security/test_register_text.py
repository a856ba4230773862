"""Register text is bounded in length and free of control and bidirectional-override
characters, wherever it is typed: the library, files, and the web forms."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from hypothesis import given
from hypothesis import strategies as st

from joinedup.core.fields import LONG_TEXT, SHORT_TEXT, parse_text
from joinedup.governance.boards import add_board
from joinedup.governance.meetings import meetings
from joinedup.governance.workbook import import_file
from joinedup.problems import FileRejected
from joinedup.textsafety import restore
from joinedup.users import add_user
from joinedup.warehouse import Warehouse, init
from joinedup.web.app import create_app

KENT, BOARD, PASSWORD = "E10000016", "KENT-HWB", "correct horse battery"
EMAIL = "register.limits@kent.gov.uk"  # the sign-in limiter is per process: used nowhere else
BIDI = "".join(map(chr, [*range(0x202A, 0x202F), *range(0x2066, 0x206A)]))
CONTROLS = "".join(chr(c) for c in [*range(0x20), *range(0x7F, 0xA0)] if chr(c) not in "\t\n\r")
FORBIDDEN = CONTROLS + BIDI
ORDINARY = st.characters(
    blacklist_categories=("Cc", "Cs"), blacklist_characters=BIDI
) | st.sampled_from("\t\n\r ")


@given(st.text(ORDINARY), st.sampled_from(FORBIDDEN), st.text(ORDINARY))
def test_a_control_or_bidi_character_is_never_accepted(
    before: str, forbidden: str, after: str
) -> None:
    with pytest.raises(ValueError, match=f"U\\+{ord(forbidden):04X}, which is not allowed"):
        parse_text(before + forbidden + after)


@given(st.text(ORDINARY, max_size=SHORT_TEXT))
def test_ordinary_text_up_to_the_limit_is_accepted(text: str) -> None:
    found = parse_text(text, SHORT_TEXT)
    collapsed = " ".join(text.split())
    assert found == (restore(collapsed) if collapsed else None)


@given(st.text(st.characters(blacklist_categories=("Cc", "Cs", "Zs", "Zl", "Zp"),
                             blacklist_characters=BIDI), min_size=SHORT_TEXT + 1))  # fmt: skip
def test_text_over_the_limit_is_refused(text: str) -> None:
    with pytest.raises(ValueError, match=f"the limit is {SHORT_TEXT}"):
        parse_text(text, SHORT_TEXT)


@pytest.fixture
def warehouse(tmp_path: Path) -> Iterator[Warehouse]:
    init(tmp_path / "w.duckdb")
    with Warehouse.open(tmp_path / "w.duckdb", write=True) as opened:
        add_board(opened, BOARD, "Kent Health and Wellbeing Board", "hwb", council=KENT)
        yield opened


@pytest.mark.parametrize(
    ("name", "message"),
    [
        (
            "x" * (SHORT_TEXT + 1),
            f"field 'name': is 201 characters long; the limit is {SHORT_TEXT}",
        ),
        ("Kent\u202eBCI", "field 'name': contains the control character U+202E"),
        ("Kent\x00", "field 'name': contains the control character U+0000"),
    ],
)
def test_the_library_names_the_field(warehouse: Warehouse, name: str, message: str) -> None:
    with pytest.raises(FileRejected) as rejected:
        add_board(warehouse, "KENT-ICP", name, "icp", council=KENT)
    assert message in str(rejected.value.problems[0])


def test_titles_and_descriptions_may_be_a_paragraph(warehouse: Warehouse) -> None:
    from joinedup.governance.meetings import add_meeting

    add_meeting(warehouse, BOARD, date(2025, 3, 31), title="t" * LONG_TEXT)
    with pytest.raises(FileRejected, match=f"the limit is {LONG_TEXT:,}"):
        add_meeting(warehouse, BOARD, date(2025, 4, 30), title="t" * (LONG_TEXT + 1))


def test_a_register_file_with_a_bidi_override_is_refused(
    warehouse: Warehouse, tmp_path: Path
) -> None:
    path = tmp_path / "people.csv"
    path.write_text("id,name\n,Ann \u2066Smith\n", encoding="utf-8")
    with pytest.raises(FileRejected) as rejected:
        import_file(warehouse, path)
    assert str(rejected.value.problems[0]) == (
        "people.csv, row 2, field 'name': contains the control character U+2066, "
        "which is not allowed"
    )


def test_the_web_form_shows_the_field_and_stores_nothing(warehouse: Warehouse) -> None:
    add_user(warehouse, EMAIL, name="limits", role="board_secretary",
             organisation_key=KENT, password=PASSWORD)  # fmt: skip
    client = TestClient(create_app(warehouse))

    def token(path: str) -> str:
        found = re.search(r'name="csrf" value="([^"]+)"', client.get(path).text)
        assert found
        return found[1]

    data = {"email": EMAIL, "password": PASSWORD, "csrf": token("/login")}
    assert client.post("/login", data=data, follow_redirects=False).status_code == 303
    form = {"csrf": token(f"/registers/boards/{BOARD}"), "on": "2025-03-31",
            "title": "March \x1b[2J meeting"}  # fmt: skip
    response = client.post(f"/registers/boards/{BOARD}/meetings", data=form)
    assert response.status_code == 422
    assert "title: contains the control character U+001B, which is not allowed" in response.text
    assert meetings(warehouse, BOARD) == []
