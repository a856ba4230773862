"""Figures recomputed only when what they read changes: through ``lookups.cached`` as the
routes ask (a write during a computation, a page drawn from a previous figure), between worker
processes, and through the web app (a sign-out recomputes nothing, an upload only the spend)."""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Hashable, Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from joinedup.warehouse import Warehouse
from joinedup.web.cache import FigureCache
from tests.demo_cache import copy_demo

PASSWORD = "correct horse battery"
KENT = "E10000016"
ANALYST = "versions.analyst@kent.gov.uk"
CSV = (
    "financial_year,system,council,spending_type,funding_source,pooled,amount,description\n"
    ",,,asc_home_care,council_core,,{amount},\n"
)


# The cache, as the web app asks it -----------------------------------------------------------


def request_for(warehouse: Warehouse, figures: FigureCache) -> Any:
    """What ``lookups.cached`` reads of a request: the app's cache and this request's view of
    the warehouse, with the versions it began at (as ``dependencies.warehouse_connection``)."""
    return SimpleNamespace(
        app=SimpleNamespace(state=SimpleNamespace(warehouse=warehouse, figures=figures)),
        state=SimpleNamespace(warehouse=warehouse, versions=warehouse.versions()),
    )


class Counting:
    """A computation that counts its runs; ``during`` runs inside the first (a write)."""

    def __init__(self, during: Callable[[], None] | None = None) -> None:
        self.runs = 0
        self.during = during

    def __call__(self) -> int:
        self.runs += 1
        if self.during is not None and self.runs == 1:
            self.during()
        return self.runs


@pytest.fixture
def warehouse(fresh_warehouse: Path) -> Iterator[Warehouse]:
    with Warehouse.open(fresh_warehouse, write=True) as opened:
        yield opened


def write(warehouse: Warehouse, touches: list[str] | None) -> Callable[[], None]:
    def run() -> None:
        with warehouse.transaction(touches=touches):
            warehouse.set_meta("note", f"a write touching {touches}")

    return run


def test_a_figure_computed_during_a_write_to_its_topic_is_not_kept(
    warehouse: Warehouse,
) -> None:
    from joinedup.web.lookups import cached

    figures = FigureCache()
    chart = Counting(during=write(warehouse, ["metrics"]))
    assert cached(request_for(warehouse, figures), ("metric_chart", "X"), chart) == 1
    assert cached(request_for(warehouse, figures), ("metric_chart", "X"), chart) == 2
    assert cached(request_for(warehouse, figures), ("metric_chart", "X"), chart) == 2  # kept


def test_a_figure_computed_during_a_write_to_another_topic_is_kept(
    warehouse: Warehouse,
) -> None:
    from joinedup.web.lookups import cached

    figures = FigureCache()
    chart = Counting(during=write(warehouse, ["users"]))
    assert cached(request_for(warehouse, figures), ("metric_chart", "X"), chart) == 1
    assert cached(request_for(warehouse, figures), ("metric_chart", "X"), chart) == 1


def test_only_writes_to_what_a_figure_reads_recompute_it(warehouse: Warehouse) -> None:
    from joinedup.web.lookups import cached

    figures = FigureCache()
    chart, spend, published = Counting(), Counting(), Counting()

    def ask() -> tuple[int, int, int]:
        request = request_for(warehouse, figures)
        return (
            cached(request, ("metric_chart", "X"), chart),
            cached(request, ("ledger_summary", "X"), spend),
            cached(request, ("published", "system", "X", "2024-25"), published),
        )

    assert ask() == (1, 1, 1)
    write(warehouse, ["users"])()  # signing out
    assert ask() == (1, 1, 1)
    write(warehouse, ["ledger"])()  # an upload: the published figures stay
    assert ask() == (1, 2, 1)
    write(warehouse, ["published"])()  # a load of NHS allocations or outturn
    assert ask() == (1, 2, 2)
    write(warehouse, None)()  # a write that declares nothing
    assert ask() == (2, 3, 3)


def test_a_page_drawn_from_a_previous_figure_is_not_kept(warehouse: Warehouse) -> None:
    """While one request recomputes a figure, another gets the previous one: a page (or a
    chart) it draws from that is served, not kept as the new version's."""
    from joinedup.web.lookups import cached

    figures = FigureCache()
    request = request_for(warehouse, figures)
    assert cached(request, ("metric_chart", "X"), lambda: "old chart") == "old chart"
    write(warehouse, ["metrics"])()
    started, release = threading.Event(), threading.Event()

    def slow() -> str:
        started.set()
        release.wait(5)
        return "new chart"

    first = threading.Thread(
        target=lambda: cached(request_for(warehouse, figures), ("metric_chart", "X"), slow)
    )
    first.start()
    assert started.wait(5)
    reader = request_for(warehouse, figures)
    chart = cached(reader, ("metric_chart", "X"), lambda: "computed twice")
    assert chart == "old chart"
    assert cached(reader, ("page", "system.html"), lambda: f"page with {chart}") == (
        "page with old chart"
    )
    # Not drawn from it: a figure of another topic computed by the same request is kept.
    assert cached(reader, ("ledger_summary", "X"), lambda: "spend") == "spend"
    release.set()
    first.join(5)
    fresh = request_for(warehouse, figures)
    assert cached(fresh, ("ledger_summary", "X"), lambda: "spend again") == "spend"
    chart = cached(fresh, ("metric_chart", "X"), lambda: "computed again")
    assert chart == "new chart"
    assert cached(fresh, ("page", "system.html"), lambda: f"page with {chart}") == (
        "page with new chart"
    )


def test_a_figure_read_before_a_write_is_not_kept_as_drawn_after_it(
    warehouse: Warehouse,
) -> None:
    """A route reads a record, a write comes, then the route draws its chart: the chart is
    drawn from the data before the write, so it is not kept as the newer version's."""
    from joinedup.web.lookups import cached

    figures = FigureCache()
    request = request_for(warehouse, figures)  # the request begins
    record = cached(request, ("ranking", "m"), lambda: "spend before")
    write(warehouse, ["ledger"])()
    assert cached(request, ("ranking_chart", "m"), lambda: f"chart of {record}") == (
        "chart of spend before"
    )
    later = request_for(warehouse, figures)
    record = cached(later, ("ranking", "m"), lambda: "spend after")
    assert cached(later, ("ranking_chart", "m"), lambda: f"chart of {record}") == (
        "chart of spend after"
    )


def test_a_request_begun_before_a_write_is_served_the_figure_from_before_it(
    warehouse: Warehouse,
) -> None:
    """The requests under way when an upload is stored are answered as if just before it:
    none draws again a figure it could not keep (50 of them once did, in turn, after each
    upload); the first request begun after the write draws it, and keeps it."""
    from joinedup.web.lookups import cached

    figures = FigureCache()
    assert cached(request_for(warehouse, figures), ("ledger_summary", "X"), lambda: 0) == 0
    under_way = [request_for(warehouse, figures) for _ in range(3)]
    write(warehouse, ["ledger"])()
    drawn = Counting()
    assert [cached(request, ("ledger_summary", "X"), drawn) for request in under_way] == [0] * 3
    assert drawn.runs == 0
    assert cached(request_for(warehouse, figures), ("ledger_summary", "X"), drawn) == 1
    assert cached(under_way[0], ("ledger_summary", "X"), drawn) == 1  # kept: now the newest
    assert drawn.runs == 1


# Worker processes ----------------------------------------------------------------------------


@pytest.fixture
def served(fresh_warehouse: Path) -> Iterator[Path]:
    from joinedup.shared_warehouse import serving

    with Warehouse.open(fresh_warehouse, write=True, keep_snapshot=True):
        pass  # as the server does before starting its workers
    with serving(fresh_warehouse):
        yield fresh_warehouse


def test_workers_keep_the_figures_another_worker_did_not_touch(served: Path) -> None:
    from joinedup.shared_warehouse import SharedWarehouse

    first, second = SharedWarehouse.open_shared(served), SharedWarehouse.open_shared(served)
    metrics, users = frozenset({"metrics"}), frozenset({"users"})
    before = second.for_thread()
    with first.transaction(touches=["users"]):
        first.set_meta("note", "a sign-out, say")
    after = second.for_thread()
    assert after.data_version > before.data_version  # it reads the new snapshot
    assert after.version_of(metrics) == before.version_of(metrics)
    assert after.version_of(users) != before.version_of(users)
    with first.transaction(touches=["metrics"]), first.transaction(touches=["ledger"]):
        first.set_meta("note", "a load")
    latest = second.for_thread()
    assert latest.version_of(metrics) != after.version_of(metrics)
    assert latest.version_of(users) == after.version_of(users)
    # A worker that missed snapshots (idle while others wrote) follows the chain of them.
    for topic in ("users", "feedback"):
        with first.transaction(touches=[topic]):
            first.set_meta("note", f"a write to {topic}")
    last = second.for_thread()
    assert last.version_of(metrics) == latest.version_of(metrics)
    assert last.version_of(users) != latest.version_of(users)
    for opened in (first, second, before, after, latest, last):
        opened.close()


def test_a_command_line_write_beside_workers_changes_every_topic(served: Path) -> None:
    from joinedup.shared_warehouse import SharedWarehouse

    worker = SharedWarehouse.open_shared(served)
    metrics = frozenset({"metrics"})
    before = worker.for_thread()
    # The command line records nothing of what it touched, declared or not.
    with (
        Warehouse.open(served, write=True) as command_line,
        command_line.transaction(touches=["users"]),
    ):
        command_line.set_meta("note", "written by the command line")
    after = worker.for_thread()
    assert after.version_of(metrics) != before.version_of(metrics)
    # A worker's next write records it, and the workers go on by topic from there.
    with worker.transaction(touches=["users"]):
        worker.set_meta("note", "a worker's write")
    settled = worker.for_thread()
    with worker.transaction(touches=["users"]):
        worker.set_meta("note", "another")
    assert worker.for_thread().version_of(metrics) == settled.version_of(metrics)
    for opened in (worker, before, after, settled):
        opened.close()


# Through the web app -------------------------------------------------------------------------


class Computed(FigureCache):
    """A figure cache that notes the kind of every figure it computes."""

    def __init__(self) -> None:
        super().__init__()
        self.kinds: list[str] = []

    def get(
        self,
        key: Hashable,
        compute: Callable[[], Any],
        version: Hashable,
        keep: Callable[[], bool] | None = None,
        on_previous: Callable[[], None] | None = None,
        *,
        previous_will_do: bool = False,
    ) -> Any:
        def noted() -> Any:
            self.kinds.append(key[0] if isinstance(key, tuple) else str(key))
            return compute()

        return super().get(
            key, noted, version, keep, on_previous, previous_will_do=previous_will_do
        )


@pytest.fixture
def kent_app(
    demo_client: Any, demo_figures: FigureCache, demo_warehouse: Path, tmp_path: Path
) -> Iterator[tuple[Any, Warehouse, Computed]]:
    """The app on a copy of the demo with a partner account, its figure cache holding the
    Kent council page's figures as the session's demo app drew them (the same data, at the
    same versions: an account is of no figure's topic)."""
    from joinedup.users import add_user
    from joinedup.web.app import create_app

    assert demo_client.get(f"/councils/{KENT}").status_code == 200
    path = copy_demo(demo_warehouse, tmp_path / "demo.duckdb")
    with Warehouse.open(path, write=True) as warehouse:
        add_user(warehouse, ANALYST, name="Analyst", role="partner_analyst",
                 organisation_key=KENT, password=PASSWORD)  # fmt: skip
        app = create_app(warehouse)
        figures = Computed()
        figures._values = dict(demo_figures._values)
        app.state.figures = figures
        yield app, warehouse, figures


def _sign_in(client: Any) -> str:
    page = client.get("/login").text
    token = re.search(r'name="csrf" value="([^"]+)"', page)
    assert token
    data = {"email": ANALYST, "password": PASSWORD, "csrf": token[1]}
    assert client.post("/login", data=data, follow_redirects=False).status_code == 303
    token = re.search(r'name="csrf" value="([^"]+)"', client.get("/ledger/submit").text)
    assert token
    return token[1]


def test_signing_in_and_out_recompute_nothing_and_an_upload_only_the_spend(
    kent_app: tuple[Any, Warehouse, Computed],
) -> None:
    from fastapi.testclient import TestClient

    app, _, figures = kent_app
    public, partner = TestClient(app), TestClient(app)
    assert public.get(f"/councils/{KENT}").status_code == 200
    assert figures.kinds == []  # all drawn already, an account added meanwhile
    csrf = _sign_in(partner)
    signed_out = partner.post("/logout", data={"csrf": csrf}, follow_redirects=False)
    assert signed_out.status_code == 303
    page = public.get(f"/councils/{KENT}")
    assert page.status_code == 200
    assert figures.kinds == []  # signing out stored a new session generation: no figure's topic
    csrf = _sign_in(partner)
    upload = partner.post(
        "/ledger/submit",
        data={"year": "2024-25", "csrf": csrf},
        files={"file": ("kent.csv", CSV.format(amount=98765432), "text/csv")},
    )
    assert upload.status_code == 200 and "98,765,432" in upload.text
    figures.kinds.clear()
    after = public.get(f"/councils/{KENT}")
    assert after.status_code == 200 and after.text != page.text
    recomputed = set(figures.kinds)
    assert {"ledger_summary", "spend_chart", "page"} <= recomputed
    assert not recomputed & {"metric_chart", "area_summary", "population", "council_map"}


def test_an_undeclared_write_recomputes_every_figure(
    kent_app: tuple[Any, Warehouse, Computed],
) -> None:
    from fastapi.testclient import TestClient

    app, warehouse, figures = kent_app
    public = TestClient(app)
    with warehouse.transaction():
        warehouse.set_meta("note", "a write that says nothing of what it touched")
    assert public.get(f"/councils/{KENT}").status_code == 200
    assert {"ledger_summary", "metric_chart", "area_summary", "council_map", "page"} <= set(
        figures.kinds
    )


def test_every_figure_is_drawn_afresh_on_a_new_day(
    kent_app: tuple[Any, Warehouse, Computed], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Some figures count from today (long service, what is current, the last twelve months of
    agendas): a new day redraws them, though nothing was written."""
    import datetime

    from fastapi.testclient import TestClient

    from joinedup.web import lookups

    app, _warehouse, figures = kent_app
    public = TestClient(app)
    assert public.get(f"/councils/{KENT}").status_code == 200
    figures.kinds.clear()
    assert public.get(f"/councils/{KENT}").status_code == 200
    assert figures.kinds == []  # the same day: all kept

    class Tomorrow(datetime.date):
        @classmethod
        def today(cls) -> Tomorrow:
            return cls.fromordinal(datetime.date.today().toordinal() + 1)

    monkeypatch.setattr(lookups, "date", Tomorrow)
    assert public.get(f"/councils/{KENT}").status_code == 200
    assert {"metric_chart", "area_summary", "page"} <= set(figures.kinds)
