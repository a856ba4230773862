"""The scrutiny pack of one council as one record: every section's figures, fetched from the
analysis modules and passed through disclosure control, plus the key messages in words.

The record is what the templates draw (``render``) and what the tests inspect; it is built in
one place so the HTML and the PDF can never disagree.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any

from joinedup import __version__
from joinedup.governance.oversight import OversightRules
from joinedup.ledger.area_spend import years_with_spend
from joinedup.ledger.comparison import MeasureTable
from joinedup.ledger.published import PublishedRecord
from joinedup.publish.disclosure import DEFAULT_THRESHOLD, Rules, publish_count
from joinedup.publish.reports import warm, words
from joinedup.publish.reports.boards import boards_section
from joinedup.publish.reports.decisions import decisions_section
from joinedup.publish.reports.outcomes import SPC_CHARTS, outcomes_section
from joinedup.publish.reports.places import places_section
from joinedup.publish.reports.population import population_section
from joinedup.publish.reports.priorities import priorities_section
from joinedup.publish.reports.spend import peers_section, spend_section
from joinedup.publish.reports.workforce import workforce_section
from joinedup.reference import council, vintage
from joinedup.warehouse import Warehouse

if TYPE_CHECKING:
    from joinedup.publish.population import PublicPopulation


def scrutiny_record(
    warehouse: Warehouse,
    council_key: str,
    year: str | None = None,
    *,
    threshold: int = DEFAULT_THRESHOLD,
    as_of: date | None = None,
    rules: OversightRules | None = None,
    spc_charts: int = SPC_CHARTS,
    population: PublicPopulation | None = None,
) -> dict[str, Any]:
    """Everything the pack of one council shows.

    ``year`` is the ledger's financial year (the latest by default); ``threshold`` withholds
    counts of 1 to it; ``as_of`` dates the board membership (today by default); ``rules`` are the
    oversight rules (the packaged ones by default); ``spc_charts`` how many metrics' SPC charts
    to draw; ``population`` the published population figures at the same threshold, if they
    are at hand (a server keeps them: read for each pack, they were a third of its time). An
    unknown council raises
    :class:`joinedup.reference.UnknownCode` (exit status 2) with the closest matches.
    """
    member = council(council_key)
    warm.chart_engine()
    warm.statistics()
    disclosure = Rules(threshold=threshold)
    # Without a year, an empty ledger leaves the spend pages out rather than failing the pack.
    spend = peers = None
    if year is not None or years_with_spend(warehouse):
        table = MeasureTable(warehouse, year)
        spend = spend_section(warehouse, member, table, disclosure)
        peers = peers_section(table, member)
    record: dict[str, Any] = {
        "council": {
            "code": member.code,
            "name": member.name,
            "type": member.type.replace("_", " "),
            "population": publish_count(member.population, disclosure),
            "systems": [membership.system_code for membership in member.systems],
        },
        "published": published_section(warehouse, member.code),
        "spend": spend,
        "peers": peers,
        "outcomes": outcomes_section(warehouse, member.code, member.name, threshold, spc_charts),
        "population": population_section(warehouse, member, disclosure, population),
        "decisions": decisions_section(warehouse, member, rules),
        "boards": boards_section(warehouse, member, as_of),
        "places": places_section(warehouse, member, as_of),
        "priorities": priorities_section(warehouse, member),
        "workforce": workforce_section(warehouse, member),
        "about": {
            "version": __version__,
            "reference_vintage": vintage(),
            "synthetic": warehouse.synthetic,
            # The day, not the minute: the same data makes the same pack (the same PDF file)
            # all day, so that two can be compared byte for byte and a drawn one kept.
            "generated": datetime.now(UTC).date(),
            "financial_year": None if spend is None else spend["area"]["financial_year"],
            "threshold": threshold,
        },
    }
    record["key_messages"] = key_messages(record)
    record["numbers"] = section_numbers(record)
    return record


def section_numbers(record: dict[str, Any]) -> dict[str, int]:
    """The number of each numbered section the pack holds, in page order: the contents and
    the headings both read them, so they always agree.

    >>> section_numbers({"spend": None, "peers": None, "population": None})
    {'outcomes': 1, 'decisions': 2, 'boards': 3}
    """
    present = [
        key
        for key in ("spend", "peers", "outcomes", "population", "decisions", "boards", "workforce")
        if key not in ("spend", "peers", "population", "workforce") or record.get(key)
    ]
    return {key: number for number, key in enumerate(present, start=1)}


def published_section(warehouse: Warehouse, council_code: str) -> PublishedRecord | None:
    """The council's published figures for the latest year with NHS and council data, if any."""
    from joinedup.ledger.published import latest_complete_year, published_figures

    year = latest_complete_year(warehouse)
    if year is None:
        return None
    return published_figures(warehouse, "council", council_code, year).record()


def key_messages(record: dict[str, Any]) -> list[str]:
    """The front page's few sentences, each naming its figure as the sections give it."""
    name = record["council"]["name"]
    messages = []
    published = record.get("published")
    if published is not None:
        messages.append(published_sentence(name, published))
    spend = record["spend"]
    if spend is not None:
        area = spend["area"]
        messages.append(
            f"The NHS, the council and their partners spent {words.money(area['total_spend'])} "
            "on health and "
            f"care for {name}'s residents in {area['financial_year']}: "
            f"{words.per_head(area['per_head'])} a head, "
            f"{words.percent(area['out_of_hospital_share'])} of it outside hospital."
        )
        messages.append(prevention_sentence(area))
    if record["peers"] is not None:
        main = record["peers"]["systems"][0]
        share = main["measures"][0]
        messages.append(
            f"{main['name']}, the main system {name} belongs to, is "
            f"{words.rank_words(share['england_rank']['rank'], share['england_rank']['of'])} "
            f"for the {share['label']}, and {peer_words(share)}."
        )
    rows = record["outcomes"]["rows"]
    for word, label in (("worse", "Worse than England"), ("better", "Better than England")):
        titles = [row["title"] for row in rows if row["comparison_with_england"] == word]
        if titles:
            messages.append(f"{label}: {'; '.join(titles)}.")
    costliest = (record["population"] or {}).get("costliest")
    if costliest is not None:
        messages.append(
            f"{costliest.label}: {words.percent(costliest.share_of_people)} of the "
            f"residents in the linked records, {words.percent(costliest.share_of_cost)} of "
            "the cost of their care."
        )
    decisions = record["decisions"]
    for key, label in (
        ("without_sign_off", f"Approved without {name}'s sign-off"),
        ("awaiting", f"Awaiting {name}'s sign-off"),
        ("with_conflicts", "Taken with a conflict of interest declared"),
    ):
        if decisions[key]:
            listed = "; ".join(decision["title"] for decision in decisions[key])
            messages.append(f"{label}: {listed}.")
    systems = record["boards"]["systems"]
    # No board registered is not the same as no seat on it: say which it is.
    unregistered = [s["name"] for s in systems if not s.get("has_icb_board", True)]
    silent = [s["name"] for s in systems if s.get("has_icb_board", True) and not s["voice"]]
    if silent:
        messages.append(f"{name} has no member on the ICB board of {words.names(silent)}.")
    if unregistered:
        messages.append(
            f"No ICB board of {words.names(unregistered)} is registered, so {name}'s seats on "
            "it cannot be shown."
        )
    messages += record["places"]["messages"]
    return messages


def published_sentence(name: str, published: PublishedRecord) -> str:
    """The real figures in one sentence, saying plainly when the council's return is missing."""
    year = published.financial_year
    nhs = f"NHS allocations {words.money(published.nhs_gbp)}"
    if published.adult_social_care_gbp is None:
        return f"Published, {year}: {nhs}; {name}'s own spending return was not received."
    return (
        f"Published, {year}: {nhs}; {name} spent "
        f"{words.money(published.adult_social_care_gbp)} on adult social care."
    )


def prevention_sentence(area: dict[str, Any]) -> str:
    """Prevention's share and its five-year shift against the goal of at least one point."""
    share = f"Prevention took {words.percent(area['prevention_share'])} of spend"
    if area["prevention_shift_5y_pp"] is None:
        return (
            f"{share}; the five-year shift cannot be measured without spend for the year "
            "five years before."
        )
    verdict = (
        "meeting the goal of at least 1 percentage point"
        if area["prevention_on_track"]
        else "short of the goal of at least 1 percentage point"
    )
    return (
        f"{share}, {words.points(area['prevention_shift_5y_pp'])} since "
        f"{area['baseline_year']}: {verdict}."
    )


def peer_words(measure: dict[str, Any]) -> str:
    """'4th of its 11 comparable systems' (the group counts the system itself)."""
    if measure["peer_rank"] is None:
        return "is not ranked among its comparable systems"
    rank, size = words.ordinal(measure["peer_rank"]), measure["peer_group_size"]
    return f"{rank} of its {size} comparable systems"
