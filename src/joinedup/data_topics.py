"""The warehouse's tables in a few topics, so that a write says what it changed.

A write transaction may declare the topics it touches (``Warehouse.transaction(touches=...)``);
the warehouse then keeps a version per topic, and a figure that reads only some topics stays
right while others change (a sign-in does not redraw the metric charts). A write that declares
nothing changes every topic, as before topics existed. Every table of the schema belongs to
exactly one topic (``tests/test_figure_topics.py`` checks it against the migrations).

Reference data is a topic too, but every figure reads it (names of areas, whether the data is
synthetic): only ``init`` and the demo build write it, and neither declares anything.
"""

from __future__ import annotations

from collections.abc import Iterable

#: Read by every figure: the reference tables (``ref_*``, rebuilt from the package by
#: ``warehouse.load_reference``), organisations and the warehouse's own bookkeeping.
REFERENCE = "reference"

#: Each topic and the tables it covers.
TOPICS: dict[str, frozenset[str]] = {
    REFERENCE: frozenset({"organisations", "joinedup_meta", "schema_migrations"}),
    # Spend returns: partners' uploads and the national returns stored as submissions.
    "ledger": frozenset({"ledger_submissions", "ledger_lines"}),
    # Published figures: NHS allocations, councils' outturn and the reports of their loads. Apart
    # from the returns so that a partner's upload leaves the published figures drawn.
    "published": frozenset({"ledger_allocations", "council_outturn", "load_reports"}),
    "metrics": frozenset({"metric_definitions", "metric_loads", "metric_values"}),
    "population": frozenset(
        {
            "population_runs",
            "population_segments",
            "population_attribution",
            "population_activity",
            "population_breakdowns",
            "population_person_segments",
            "population_persons",
            "population_events",
            "population_conditions",
        }
    ),
    "governance": frozenset(
        {
            "governance_boards",
            "governance_people",
            "governance_memberships",
            "governance_interests",
            "governance_meetings",
            "governance_agenda_items",
            "governance_decisions",
            "governance_decision_commitments",
            "governance_sign_offs",
        }
    ),
    # Councils' feedback on their system: its own registers, written by councils' users.
    "feedback": frozenset({"feedback_rounds", "feedback_responses"}),
    "priorities": frozenset(
        {
            "priorities",
            "priority_interventions",
            "priority_flows",
            "planning_scenarios",
            "planning_transfers",
        }
    ),
    "places": frozenset({"places", "place_delegations"}),
    "workforce": frozenset({"workforce_values"}),
    "users": frozenset({"users", "api_tokens", "session_generations"}),
    # One log for every register's changes, whatever its topic.
    "audit": frozenset({"audit_log"}),
}

#: Every topic: what a write that declares nothing touches.
EVERYTHING = frozenset(TOPICS)

#: Tables by name prefix: the reference tables are made by ``load_reference``, not a migration.
_PREFIXES = {"ref_": REFERENCE}


class UnknownTopic(ValueError):
    """A name that is not a topic: a mistake in the code that declares it."""


def topic_of(table: str) -> str:
    """The topic a table belongs to; ``KeyError`` for a table no topic covers."""
    for topic, tables in TOPICS.items():
        if table in tables:
            return topic
    for prefix, topic in _PREFIXES.items():
        if table.startswith(prefix):
            return topic
    raise KeyError(f"the table {table!r} belongs to no data topic (joinedup.data_topics)")


def topics_of(*tables: str) -> frozenset[str]:
    """The topics that cover these tables (what a write to them touches)."""
    return frozenset(topic_of(table) for table in tables)


def checked(topics: Iterable[str]) -> frozenset[str]:
    """The topics as a set, refusing a name that is not one."""
    found = frozenset(topics)
    unknown = sorted(found - EVERYTHING)
    if unknown:
        raise UnknownTopic(f"unknown data topics {unknown}; choose from {sorted(EVERYTHING)}")
    return found
