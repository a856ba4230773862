"""Figures are invalidated only by writes to what they read: every table is in one data topic,
writers declare the topics they write (and write nothing else), and each cached figure names
the topics it reads (``tests/test_figure_versions.py``: the cache recomputes a figure only
when one of them changed)."""

from __future__ import annotations

import ast
import re
import threading
from collections.abc import Callable, Hashable
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from joinedup.data_topics import EVERYTHING, TOPICS, UnknownTopic, topic_of
from joinedup.warehouse import Warehouse
from joinedup.web.cache import FigureCache
from joinedup.web.figure_reads import FIGURE_READS, reads
from tests.demo_cache import connection_digests, copy_demo

WEB = Path(__file__).resolve().parents[1] / "src" / "joinedup" / "web"
PASSWORD = "correct horse battery"
KENT = "E10000016"
ANALYST = "topics.analyst@kent.gov.uk"
CSV = (
    "financial_year,system,council,spending_type,funding_source,pooled,amount,description\n"
    ",,,asc_home_care,council_core,,{amount},\n"
)


def tables(warehouse: Warehouse) -> set[str]:
    return {
        row["table_name"]
        for row in warehouse.query(
            "SELECT table_name FROM information_schema.tables "
            "WHERE table_schema = 'main' AND table_type = 'BASE TABLE'"
        )
    }


def signatures(warehouse: Warehouse) -> dict[str, str]:
    """Each table's digest, its bookkeeping tables' too (``demo_cache.connection_digests``)."""
    return connection_digests(warehouse.connection, bookkeeping=True)


# The schema and the tables of figures --------------------------------------------------------


def test_every_table_of_the_schema_belongs_to_one_topic(empty_warehouse: Path) -> None:
    with Warehouse.open(empty_warehouse) as warehouse:
        found = tables(warehouse)
    named = [table for covered in TOPICS.values() for table in covered]
    assert len(named) == len(set(named)), "a table is in two topics"
    assert set(named) <= found, "a topic names a table the schema does not have"
    homeless = [table for table in found if not _has_topic(table)]
    assert homeless == []
    assert topic_of("ref_systems") == "reference" and topic_of("audit_log") == "audit"


def _has_topic(table: str) -> bool:
    try:
        topic_of(table)
    except KeyError:
        return False
    return True


def cached_keys() -> dict[str, str]:
    """The first element of the key of every ``cached(request, key, ...)`` call of the web app,
    with where it is (a key held in a variable is found by its assignment in the function)."""
    found: dict[str, str] = {}
    for path in sorted(WEB.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for function in ast.walk(tree):
            if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            assigned = {
                target.id: node.value
                for node in ast.walk(function)
                if isinstance(node, ast.Assign)
                for target in node.targets
                if isinstance(target, ast.Name)
            }
            for call in ast.walk(function):
                if not (
                    isinstance(call, ast.Call)
                    and isinstance(call.func, ast.Name)
                    and call.func.id == "cached"
                ):
                    continue
                key = call.args[1]
                if isinstance(key, ast.Name):
                    key = assigned[key.id]
                assert isinstance(key, ast.Tuple), f"{path.name}:{call.lineno}: key not a tuple"
                first = key.elts[0]
                assert isinstance(first, ast.Constant) and isinstance(first.value, str)
                found[first.value] = f"{path.name}:{call.lineno}"
    return found


def test_every_cached_figure_names_the_topics_it_reads() -> None:
    found = cached_keys()
    assert {"metric_chart", "ledger_summary", "page", "scrutiny_pack"} <= found.keys()
    unnamed = {kind: where for kind, where in found.items() if kind not in FIGURE_READS}
    assert unnamed == {}, "add these figures to web.figure_reads.FIGURE_READS"
    assert sorted(FIGURE_READS.keys() - found.keys()) == [], "no figure is cached under these"
    for topics in FIGURE_READS.values():
        assert topics <= EVERYTHING
    assert "users" not in FIGURE_READS["page"]
    assert reads(("a figure nobody named", 1)) is None  # depends on everything


#: Pages and API routes of the demo that compute every kind of figure a trace can see (charts
#: drawn from a record run no SQL of their own).
TRACED = (
    f"/councils/{KENT}",
    "/",
    "/compare/spend/prevention_share",
    "/systems/E54000032/governance",
    "/systems/E54000032/plan",
    "/systems/E54000032/places",
    "/systems/E54000032/overlap",
    "/systems/E54000032/feedback",
    "/api/v1/systems/E54000032/agenda-focus",
    "/api/v1/systems/E54000032/headroom",
    "/api/v1/systems/E54000032/workforce",
    "/api/v1/ledger/loads",
    "/api/v1/places/voice?system=E54000032",
)
TABLE_READ = re.compile(r'\b(?:from|join)\s+"?([a-z_][a-z0-9_]*)', re.IGNORECASE)


class Traced:
    """A connection that notes the tables each statement reads, for the figures being
    computed on this thread."""

    def __init__(self, inner: Any, reading: threading.local, seen: dict[str, set[str]]) -> None:
        self._inner, self._reading, self._seen = inner, reading, seen

    def __getattr__(self, name: str) -> Any:
        found = getattr(self._inner, name)
        if name == "cursor":
            return lambda: Traced(self._inner.cursor(), self._reading, self._seen)
        if name not in ("execute", "sql", "query"):
            return found

        def noted(*args: Any, **kwargs: Any) -> Any:
            if args and isinstance(args[0], str):
                for kind in getattr(self._reading, "kinds", ()):
                    self._seen[kind] |= {table.lower() for table in TABLE_READ.findall(args[0])}
            return found(*args, **kwargs)

        return noted


def test_each_figure_reads_only_the_topics_it_names(
    demo_warehouse: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from fastapi.testclient import TestClient

    from joinedup.web.app import create_app

    reading, seen = threading.local(), dict[str, set[str]]()

    class Tracing(FigureCache):
        def get(self, key: Hashable, compute: Callable[[], Any], *args: Any, **options: Any) -> Any:
            kind = key[0] if isinstance(key, tuple) else str(key)
            seen.setdefault(kind, set())

            def traced() -> Any:
                outer = getattr(reading, "kinds", ())
                reading.kinds = (*outer, kind)  # a figure drawn inside another: both read it
                try:
                    return compute()
                finally:
                    reading.kinds = outer

            return super().get(key, traced, *args, **options)

    real = Warehouse.for_thread

    def for_thread(self: Warehouse) -> Warehouse:
        view = real(self)
        view.connection = Traced(view.connection, reading, seen)  # type: ignore[assignment]
        return view

    monkeypatch.setattr(Warehouse, "for_thread", for_thread)
    with Warehouse.open(demo_warehouse) as warehouse:
        names = tables(warehouse)
        app = create_app(warehouse)
        app.state.figures = Tracing()  # a fresh cache: every figure is computed
        client = TestClient(app)
        for url in TRACED:
            assert client.get(url).status_code == 200, url
    assert {"metric_chart", "ledger_summary", "governance", "plan", "workforce"} <= seen.keys()
    wrong = {}
    for kind, read in sorted(seen.items()):
        topics = {topic_of(table) for table in read & names} - {"reference"}
        named = reads((kind,))
        if named is not None and not topics <= named:
            wrong[kind] = sorted(topics - named)
    assert wrong == {}, "these figures read topics web.figure_reads does not name"


# Versions by topic ---------------------------------------------------------------------------


def test_a_declared_write_changes_only_its_topics_versions(fresh_warehouse: Path) -> None:
    with Warehouse.open(fresh_warehouse, write=True) as warehouse:
        metrics, ledger = frozenset({"metrics"}), frozenset({"ledger"})
        before = (warehouse.version_of(metrics), warehouse.version_of(ledger))
        everything = warehouse.version_of(None)
        with warehouse.transaction(touches=["ledger"]):
            warehouse.set_meta("note", "a ledger write, as far as versions know")
        assert warehouse.version_of(metrics) == before[0]
        assert warehouse.version_of(ledger) != before[1]
        assert warehouse.version_of(None) != everything  # the data version counts every write
        # A part that declares nothing makes the whole write undeclared: every topic changes.
        middle = warehouse.version_of(metrics)
        with warehouse.transaction(touches=["users"]), warehouse.transaction():
            warehouse.set_meta("note", "undeclared inside")
        assert warehouse.version_of(metrics) != middle
        with pytest.raises(UnknownTopic), warehouse.transaction(touches=["metrics", "nonsense"]):
            pass


# Writers write only what they declare ---------------------------------------------------------


def _writers(tmp_path: Path) -> list[tuple[str, Callable[[Warehouse], Any]]]:
    """The writes a running server makes, each as a call on the warehouse."""
    from joinedup.governance.decisions import add_decision, decide, decisions, sign_off
    from joinedup.governance.feedback import QUESTIONS
    from joinedup.governance.feedback import submit as give_feedback
    from joinedup.governance.meetings import add_meeting
    from joinedup.ledger.submission import submit
    from joinedup.places.delegations import remove_delegation
    from joinedup.places.places import remove_place
    from joinedup.priorities.scenarios import load_scenarios, remove_scenario, save_scenario
    from joinedup.users import add_user, create_token, disable_user, end_sessions, revoke_token
    from joinedup.users import token_id as id_of

    upload = tmp_path / "kent.csv"
    upload.write_text(CSV.format(amount=123456), encoding="utf-8")
    made: dict[str, Any] = {}

    def new_decision(warehouse: Warehouse) -> None:
        made["decision"] = add_decision(
            warehouse,
            "QKS-ICB",
            "Topics test",
            "strategy",
            on=date(2025, 2, 1),
            affected=[KENT],
            who=ANALYST,
        )["id"]

    def copied_scenario(warehouse: Warehouse) -> None:
        first = load_scenarios(warehouse, "E54000008")[0]
        save_scenario(warehouse, replace(first, name="Topics test"), who=ANALYST)

    def token(warehouse: Warehouse) -> None:
        made["token"] = create_token(warehouse, ANALYST, "topics test")

    def refused(warehouse: Warehouse) -> None:
        from joinedup.governance.decisions import MissingSignOffs

        proposed = [row for row in decisions(warehouse) if row["status"] == "proposed"]
        for row in proposed:
            try:
                decide(warehouse, row["id"], approve=True, who=ANALYST)
            except MissingSignOffs:
                return  # the refusal is in the audit log
        pytest.fail("no proposed decision of the demo lacks a sign-off")

    return [
        ("add an account", lambda w: add_user(w, ANALYST, name="Analyst", role="partner_analyst",
                                             organisation_key=KENT, password=PASSWORD)),
        ("create a token", token),
        ("revoke a token", lambda w: revoke_token(w, id_of(made["token"]))),
        ("sign out", lambda w: end_sessions(w, 1)),
        ("upload a spend return", lambda w: submit(w, upload, KENT, "2024-25",
                                                   submitted_by=ANALYST)),
        ("add a meeting", lambda w: add_meeting(w, "QKS-ICB", date(2025, 1, 15), who=ANALYST)),
        ("add a decision", new_decision),
        ("sign a decision off", lambda w: sign_off(w, made["decision"], KENT, "A. Councillor",
                                                   who=ANALYST)),
        ("reject a decision", lambda w: decide(w, made["decision"], approve=False, who=ANALYST)),
        ("refuse an approval", refused),
        ("give feedback", lambda w: give_feedback(w, 1, "E06000006", dict.fromkeys(QUESTIONS, 4),
                                                  on=date(2024, 3, 1), who=ANALYST)),
        ("save a scenario", copied_scenario),
        ("remove a scenario", lambda w: remove_scenario(w, "E54000008", "Topics test")),
        ("remove a delegation", lambda w: remove_delegation(w, 1)),
        ("remove a place", lambda w: remove_place(w, "QYG-E06000007")),
        ("disable an account", lambda w: disable_user(w, ANALYST)),
    ]  # fmt: skip


def test_each_declared_writer_writes_only_the_topics_it_declares(
    demo_warehouse: Path, tmp_path: Path
) -> None:
    path = copy_demo(demo_warehouse, tmp_path / "demo.duckdb")
    with Warehouse.open(path, write=True) as warehouse:
        before = signatures(warehouse)
        for name, write in _writers(tmp_path):
            versions = warehouse.versions()
            write(warehouse)
            after = signatures(warehouse)
            now = warehouse.versions()
            assert now.count > versions.count, f"{name}: wrote nothing"
            assert now.undeclared == versions.undeclared, f"{name}: declared no topics"
            declared = {
                topic
                for topic in EVERYTHING
                if now.of(frozenset({topic})) != versions.of(frozenset({topic}))
            }
            changed = {table for table in after if after[table] != before.get(table)}
            assert changed, f"{name}: changed no table"
            outside = {table: topic_of(table) for table in changed}
            outside = {table: topic for table, topic in outside.items() if topic not in declared}
            assert outside == {}, f"{name} declared {sorted(declared)} but wrote {outside}"
            before = after
