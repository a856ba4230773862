"""Plain English for the figures in a pack: money, shares, ranks and judgements as words.

Money and per-head figures are joinedup.money's, the one format of every page and table.

These only format what the analysis modules computed; none of them works out a figure.
"""

from __future__ import annotations

from decimal import Decimal

from joinedup.money import NO_DATA
from joinedup.money import money as money  # the pack's, as every page's
from joinedup.money import per_head as per_head  # the pack's, as every page's

Number = float | int | Decimal

# What Fingertips-style comparisons (metrics.stats.compare_with_benchmark) mean in a sentence.
COMPARISON_WORDS = {
    "better": "better than England",
    "similar": "similar to England",
    "worse": "worse than England",
    "higher": "higher than England",
    "lower": "lower than England",
    "not compared": "not compared with England",
}
# What the SPC variation icons (NHSRplotthedots' names, metrics.stats.spc) mean for the reader.
VARIATION_WORDS = {
    "common_cause": "no significant change",
    "improvement_high": "improving",
    "improvement_low": "improving",
    "concern_high": "getting worse",
    "concern_low": "getting worse",
    "neutral_high": "significantly higher than usual",
    "neutral_low": "significantly lower than usual",
}
NOT_ASSESSED = "too few points to judge"
NONE_SHOWN = "\u2013"  # an en dash: no value to show
DECISION_TYPES = {
    "budget_allocation": "budget allocation",
    "service_reconfiguration": "service change",
    "strategy": "strategy",
    "contract": "contract",
    "other": "other",
}


def ordinal(number: int) -> str:
    """A rank as a word: 1st, 2nd, 3rd.

    >>> [ordinal(n) for n in (1, 2, 3, 4, 11, 12, 13, 21, 42, 103)]
    ['1st', '2nd', '3rd', '4th', '11th', '12th', '13th', '21st', '42nd', '103rd']
    """
    if 10 <= number % 100 <= 20:
        suffix = "th"
    else:
        suffix = {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


def rank_words(rank: int | None, of: int, noun: str = "systems") -> str:
    """A rank among all ranked, in words.

    >>> rank_words(7, 42), rank_words(None, 42)
    ('7th of 42 systems', 'not ranked')
    """
    return "not ranked" if rank is None else f"{ordinal(rank)} of {of} {noun}"


def percent(share: Number | None, places: int = 1) -> str:
    """A share (0.0575) as a percentage.

    >>> percent(0.057547), percent(None)
    ('5.8%', 'no data')
    """
    return NO_DATA if share is None else f"{float(share):.{places}%}"


def points(change: Number | None) -> str:
    """A change in percentage points, with its direction.

    >>> points(0.9627), points(-0.25), points(1)
    ('up 0.96 percentage points', 'down 0.25 percentage points', 'up 1.00 percentage point')
    """
    if change is None:
        return NO_DATA
    value = float(change)
    direction = "up" if value >= 0 else "down"
    unit = "percentage point" if abs(value) == 1 else "percentage points"
    return f"{direction} {abs(value):.2f} {unit}"


def net_value(role: str, amount: Number | None) -> str:
    """A partner's net present value as who pays and who gains.

    >>> net_value("pays", -66471.84), net_value("gains", 1200), net_value("neutral", 0)
    ('pays £66k', 'gains £1,200', 'breaks even')
    """
    if amount is None or role == "neutral":
        return "breaks even"
    return f"{role} {money(abs(float(amount)))}"


def net(amount: Number | None) -> str:
    """A net present value of all partners together.

    >>> net(-91918.3), net(451402.1), net(0)
    ('net cost £92k', 'net gain £451k', 'breaks even')
    """
    if amount is None or float(amount) == 0:
        return "breaks even"
    side = "net cost" if float(amount) < 0 else "net gain"
    return f"{side} {money(abs(float(amount)))}"


def count(number: int | None) -> str:
    """A count of people as published; None is a withheld count.

    >>> count(12568), count(None)
    ('12,568', '*')
    """
    return "*" if number is None else f"{number:,}"


def value(number: Number | None, places: int = 1) -> str:
    """A metric value to one decimal place; a dash when there is none.

    >>> value(535.6566), value(None)
    ('535.7', '\u2013')
    """
    return NONE_SHOWN if number is None else f"{float(number):,.{places}f}"


def comparison(word: str | None) -> str:
    return COMPARISON_WORDS.get(word or "not compared", word or "not compared with England")


def variation(icon: str | None) -> str:
    """What the SPC variation icon of the latest point means.

    >>> variation("improvement_low"), variation(None)
    ('improving', 'too few points to judge')
    """
    return NOT_ASSESSED if icon is None else VARIATION_WORDS.get(icon, icon.replace("_", " "))


def decision_type(code: str) -> str:
    return DECISION_TYPES.get(code, code.replace("_", " "))


def names(items: list[str]) -> str:
    """Names joined as a sentence does.

    >>> names(["Kent"]), names(["Kent", "Medway"]), names(["A", "B", "C"])
    ('Kent', 'Kent and Medway', 'A, B and C')
    """
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} and {items[-1]}"
