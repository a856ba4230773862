"""What each cached figure reads: the data topics (``joinedup.data_topics``) by the first element
of its cache key, in one table.

A figure is recomputed when a write touches a topic it reads (or declares none); writes to other
topics leave it cached, so a sign-in or a register edit does not redraw the metric charts, nor a
ledger upload the governance review. Every figure also reads the reference topic.

The table is conservative: a figure that reads two topics names both, and a chart names what the
record it is drawn from reads (a ``ranking_chart`` is drawn from a ``ranking``). A key not in the
table depends on everything. ``tests/test_figure_topics.py`` checks that every ``cached`` call
of the web app has its key here, and traces the tables each figure's SQL reads on the demo.
"""

from __future__ import annotations

from collections.abc import Hashable

from joinedup.data_topics import EVERYTHING

_LEDGER = frozenset({"ledger"})
_PUBLISHED = frozenset({"published"})
_METRICS = frozenset({"metrics"})
_GOVERNANCE = frozenset({"governance"})

FIGURE_READS: dict[str, frozenset[str]] = {
    # Spend: partners' returns and the national returns, and what is drawn of them.
    "ledger_summary": _LEDGER,
    "spend_chart": _LEDGER,
    "ranking": _LEDGER,
    "ranking_chart": _LEDGER,
    "benchmark": _LEDGER,
    "map": _LEDGER | _PUBLISHED,  # a ledger measure's or a published one's, by system
    # Published figures: allocations and outturn, and the reports of their loads.
    "published": _PUBLISHED,
    "published_returns": _PUBLISHED,
    "published_latest": _PUBLISHED,
    "published_years": _PUBLISHED,
    "published_ranking_chart": _PUBLISHED,
    "load_reports": _PUBLISHED,
    # Shared metrics.
    "metric": _METRICS,
    "metric_chart": _METRICS,
    "area_summary": _METRICS,
    "compare": _METRICS,
    "compare_chart": _METRICS,
    "metric_map": _METRICS,
    # The population model.
    "population": frozenset({"population"}),
    "population_chart": frozenset({"population"}),
    # Boards, their members, meetings and decisions.
    "voice": _GOVERNANCE,
    "overlap": _GOVERNANCE,
    "overlap_chart": _GOVERNANCE,
    "agenda_focus": _GOVERNANCE,
    "agenda_chart": _GOVERNANCE,
    "governance": frozenset({"governance", "priorities"}),  # the review, decisions, appraisal
    "alignment": frozenset({"governance", "priorities"}),
    "alignment_chart": frozenset({"governance", "priorities"}),
    # Decisions judged by the metrics they aim to move.
    "judged_decisions": frozenset({"governance", "metrics"}),
    "decision_detail": frozenset({"governance", "metrics"}),
    "outcome_chart": frozenset({"governance", "metrics"}),
    "feedback": frozenset({"feedback"}),
    "places": frozenset({"places"}),
    # Planning: spend moved between partners, and the room the boards' agendas leave.
    "plan": frozenset({"ledger", "priorities", "population"}),
    "plan_chart": frozenset({"ledger", "priorities", "population"}),
    "headroom": frozenset({"ledger", "governance"}),
    "workforce": frozenset({"workforce", "metrics"}),
    "workforce_chart": frozenset({"workforce", "metrics"}),
    "workforce_pay_chart": frozenset({"workforce", "metrics"}),
    # Boundaries and shares of population come from the reference data alone.
    "council_map": frozenset(),
    # The pack gathers nearly everything; a rendered page shows whatever its route read. Neither
    # shows anything of accounts: a page is cached only for people not signed in (and the key
    # of anything shown to one person would name them).
    "scrutiny_pack": EVERYTHING - {"users"},
    "page": EVERYTHING - {"users"},
}


def reads(key: Hashable) -> frozenset[str] | None:
    """The topics the figure cached under ``key`` reads; None (everything) for a key the table
    does not name."""
    kind = key[0] if isinstance(key, tuple) and key else key
    return FIGURE_READS.get(kind) if isinstance(kind, str) else None
