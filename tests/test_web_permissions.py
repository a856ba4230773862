"""Every write route of the web app, tried by every role: who may change what.

The table below is the contract. A write route missing from it fails
``test_every_write_route_is_in_the_table``, so a new route cannot ship without saying who may
use it (and being tried by everyone who may not).
"""

# The sign-in limiter is one per process: these emails are used by no other test file.

from __future__ import annotations

import re
import shutil
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any
from uuid import uuid4

import pytest
from fastapi import FastAPI
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

from joinedup.governance.boards import add_board
from joinedup.governance.decisions import add_decision, sign_offs
from joinedup.governance.feedback import open_round
from joinedup.users import add_user
from joinedup.warehouse import Warehouse, init
from joinedup.web.app import create_app
from joinedup.web.cache import FigureCache
from joinedup.web.drawn_pages import DrawnAddresses

PASSWORD = "correct horse battery"
KENT, ESSEX, KENT_AND_MEDWAY = "E10000016", "E10000012", "E54000032"
HWB, ICB_BOARD = "PERM-KENT-HWB", "PERM-KM-ICB"
HWB_DECISION, ICB_DECISION = 1, 2
CSV = (
    "financial_year,system,council,spending_type,funding_source,pooled,amount,description\n"
    ",,,asc_home_care,council_core,,1000,\n"
)

# Who is asking: an email (None: nobody signed in), by role and organisation.
ROLES: dict[str, tuple[str, str | None] | None] = {
    "anonymous": None,
    "kent analyst": ("partner_analyst", KENT),
    "essex analyst": ("partner_analyst", ESSEX),
    "kent secretary": ("board_secretary", KENT),
    "essex secretary": ("board_secretary", ESSEX),
    "icb secretary": ("board_secretary", KENT_AND_MEDWAY),
    "administrator": ("system_admin", None),
}


def email(role: str) -> str:
    return role.replace(" ", ".") + "@permissions.example.org"


@dataclass(frozen=True)
class Write:
    """One write to try: the form it posts, and what each role gets."""

    post: Callable[[TestClient, str], Any]
    allowed: dict[str, int]  # role -> status; every other role gets ``refused``
    anonymous: int = 401
    refused: int = 403

    def expected(self, role: str) -> int:
        if role in self.allowed:
            return self.allowed[role]
        return self.anonymous if role == "anonymous" else self.refused


def csrf(client: TestClient) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', client.get("/login").text)
    assert found
    return found[1]


def submit_for(organisation: str) -> Callable[[TestClient, str], Any]:
    def post(client: TestClient, token: str) -> Any:
        return client.post(
            "/ledger/submit",
            data={"year": "2024-25", "csrf": token, "organisation": organisation},
            files={"file": ("spend.csv", CSV, "text/csv")},
            follow_redirects=False,
        )

    return post


def register(board: str, form: str, **fields: str) -> Callable[[TestClient, str], Any]:
    def post(client: TestClient, token: str) -> Any:
        return client.post(
            f"/registers/boards/{board}/{form}",
            data={"csrf": token, **fields},
            follow_redirects=False,
        )

    return post


MEETING = {"on": "2025-03-31", "title": "March"}
DECISION = {"title": "Pool reablement", "decision_type": "other", "on": "2025-03-31"}
SIGNED = {"council": KENT, "signed_by": "Kent cabinet", "on": "2025-04-02"}
PUBLIC = dict.fromkeys(ROLES, 303)
SCENARIO = {
    "name": "Permissions",
    "from_partner": KENT_AND_MEDWAY,
    "from_type": "acute_elective",
    "to_partner": KENT,
    "to_type": "ph_other",
    "gbp_per_year": "1000",
    "years": "1",
}
RATINGS = {"engagement": "3", "listening": "4", "priorities": "2", "overall": "3"}
WRITE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}


def feedback_for(council: str, *missing: str) -> Callable[[TestClient, str], Any]:
    """A council's answers to round 1, on Kent and Medway's ICB chair."""
    ratings = {key: value for key, value in RATINGS.items() if key not in missing}

    def post(client: TestClient, token: str) -> Any:
        return client.post(
            "/feedback/rounds/1",
            data={"csrf": token, "council": council, **ratings},
            follow_redirects=False,
        )

    return post


# path template -> the writes tried on it
TABLE: dict[str, dict[str, Write]] = {
    "/login": {
        "sign in": Write(
            lambda client, token: client.post(
                "/login",
                data={"email": f"{uuid4()}@example.org", "password": "wrong", "csrf": token},
                follow_redirects=False,
            ),
            dict.fromkeys(ROLES, 401),  # anyone may try; a wrong password is refused alike
        )
    },
    "/logout": {
        "sign out": Write(
            lambda client, token: client.post(
                "/logout", data={"csrf": token}, follow_redirects=False
            ),
            PUBLIC,
        )
    },
    "/ledger/submit": {
        "own organisation's spend": Write(
            submit_for(KENT), {"kent analyst": 200, "administrator": 200}
        ),
        "another organisation's spend": Write(
            submit_for(ESSEX), {"essex analyst": 200, "administrator": 200}
        ),
    },
    "/registers/boards/{code}/meetings": {
        "a council's board": Write(
            register(HWB, "meetings", **MEETING), {"kent secretary": 303, "administrator": 303}
        ),
        "a system's board": Write(
            register(ICB_BOARD, "meetings", **MEETING),
            {"icb secretary": 303, "administrator": 303},
        ),
    },
    "/registers/boards/{code}/decisions": {
        "a council's board": Write(
            register(HWB, "decisions", **DECISION), {"kent secretary": 303, "administrator": 303}
        ),
        "a system's board": Write(
            register(ICB_BOARD, "decisions", **DECISION),
            {"icb secretary": 303, "administrator": 303},
        ),
    },
    "/registers/boards/{code}/sign-offs": {
        # The council signs off, whoever keeps the deciding board.
        "Kent's, of its own board's decision": Write(
            register(HWB, "sign-offs", decision=str(HWB_DECISION), **SIGNED),
            {"kent secretary": 303, "administrator": 303},
        ),
        "Kent's, of the ICB board's decision": Write(
            register(ICB_BOARD, "sign-offs", decision=str(ICB_DECISION), **SIGNED),
            {"kent secretary": 303, "administrator": 303},
        ),
    },
    "/systems/{code}/plan/scenarios": {
        # Analysts of the system's partners (Kent is one of Kent and Medway's; Essex is not).
        "a planner scenario": Write(
            lambda client, token: client.post(
                f"/systems/{KENT_AND_MEDWAY}/plan/scenarios",
                data={"csrf": token, **SCENARIO},
                follow_redirects=False,
            ),
            {"kent analyst": 303, "administrator": 303},
        ),
    },
    "/feedback/rounds/{round_id}": {
        # A council's own secretaries give its feedback; Essex is not in Kent and Medway.
        "Kent's feedback on the ICB chair": Write(
            feedback_for(KENT), {"kent secretary": 303, "administrator": 303}
        ),
        "Essex's, to another system's round": Write(feedback_for(ESSEX), {}),
        "Kent's, with a rating missing": Write(
            feedback_for(KENT, "overall"), {"kent secretary": 422, "administrator": 422}
        ),
    },
}
CASES = [
    pytest.param(path, name, role, id=f"{path} {name} by {role}")
    for path, writes in TABLE.items()
    for name in writes
    for role in ROLES
]


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Boards, decisions and an account for each role, built once and copied for each case."""
    path = tmp_path_factory.mktemp("permissions") / "w.duckdb"
    init(path)
    with Warehouse.open(path, write=True) as opened:
        add_board(opened, HWB, "Kent Health and Wellbeing Board", "hwb", council=KENT)
        add_board(opened, ICB_BOARD, "Kent and Medway ICB board", "icb_board", system="QKS")
        for board in (HWB, ICB_BOARD):
            add_decision(opened, board, f"Decision of {board}", "other",
                         on=date(2025, 3, 1), affected=[KENT])  # fmt: skip
        open_round(opened, "QKS", "2024-25", "icb_chair")
        for role, account in ROLES.items():
            if account is not None:
                add_user(opened, email(role), name=role, role=account[0],
                         organisation_key=account[1], password=PASSWORD)  # fmt: skip
    return path


@pytest.fixture
def warehouse(template: Path, tmp_path: Path) -> Iterator[Warehouse]:
    path = tmp_path / "w.duckdb"
    shutil.copy(template, path)
    with Warehouse.open(path, write=True) as opened:
        yield opened


@pytest.fixture(scope="module")
def table_app(template: Path) -> FastAPI:
    """One app for the whole table, given each case's fresh warehouse by ``client``. Made anew
    for each of the table's hundred cases, FastAPI built its route models and Jinja its
    templates again each time (some 10 s of the suite's CPU); what the app keeps of a warehouse
    is in its state, all of it replaced."""
    with Warehouse.open(template) as opened:
        return create_app(opened, secret_key="signs the permission table's sessions only")


@pytest.fixture
def client(table_app: FastAPI, warehouse: Warehouse) -> TestClient:
    """A client of the table's app, reading and writing this case's own warehouse."""
    table_app.state.warehouse = warehouse
    table_app.state.figures = FigureCache()
    table_app.state.drawn_addresses = DrawnAddresses()
    return TestClient(table_app)


def test_the_table_app_keeps_nothing_of_a_warehouse_but_its_state(
    template: Path, table_app: FastAPI
) -> None:
    """What ``client`` replaces is all a new app holds of its warehouse: the state of an app
    made on a copy differs from the table app's in those attributes only (and each its own)."""
    with Warehouse.open(template) as opened:
        made = create_app(opened, secret_key="signs the permission table's sessions only")
    state = vars(made.state)["_state"]
    table_state = vars(table_app.state)["_state"]
    assert set(state) == set(table_state)
    differing = {name for name in state if state[name] is not table_state[name]}
    assert differing == {"warehouse", "figures", "drawn_addresses", "templates"}


def test_every_write_route_is_in_the_table(template: Path) -> None:
    with Warehouse.open(template) as opened:
        app = create_app(opened)
    writes = {
        route.path
        for route in _routes(app.routes)
        if isinstance(route, APIRoute) and (route.methods or set()) & WRITE_METHODS
    }
    assert writes, "the routes were not found: has FastAPI changed how it keeps them?"
    assert writes == set(TABLE), "say in TABLE who may use each write route"


def _routes(routes: Iterable[Any]) -> Iterator[Any]:
    """Every route, including those of included routers (FastAPI keeps an included router
    as one entry; the app adds every router without a prefix, so paths need no joining)."""
    for route in routes:
        included = getattr(route, "original_router", None)
        if included is not None:
            assert not included.prefix, "a router with a prefix: join it to the paths here"
            yield from _routes(included.routes)
        else:
            yield route


@pytest.mark.parametrize(("path", "name", "role"), CASES)
def test_who_may_write_what(client: TestClient, path: str, name: str, role: str) -> None:
    write = TABLE[path][name]
    if ROLES[role] is not None:
        data = {"email": email(role), "password": PASSWORD, "csrf": csrf(client)}
        assert client.post("/login", data=data, follow_redirects=False).status_code == 303
    response = write.post(client, csrf(client))
    assert response.status_code == write.expected(role), response.text[:500]


@pytest.mark.parametrize("role", ["icb secretary", "essex secretary", "kent analyst"])
def test_a_refused_sign_off_stores_nothing(warehouse: Warehouse, role: str) -> None:
    client = TestClient(create_app(warehouse))
    data = {"email": email(role), "password": PASSWORD, "csrf": csrf(client)}
    client.post("/login", data=data, follow_redirects=False)
    post = register(ICB_BOARD, "sign-offs", decision=str(ICB_DECISION), **SIGNED)
    assert post(client, csrf(client)).status_code == 403
    assert sign_offs(warehouse) == []
