"""The rows of each table, from the analysis modules, every count of people through
``publish.disclosure``."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import TYPE_CHECKING, Any

from joinedup.ledger.measures import MEASURES
from joinedup.ledger.returns.icb_allocations import STREAMS
from joinedup.publish.disclosure import Rules, publish_count
from joinedup.publish.export.files import Row, col
from joinedup.warehouse import Warehouse

if TYPE_CHECKING:
    from joinedup.ledger.figures import Headline


def system_rows(warehouse: Warehouse, rules: Rules) -> Iterator[Row]:
    from joinedup.reference import systems

    for found in systems():
        yield {
            "code": found.code,
            "ods_code": found.ods_code,
            "name": found.name,
            "short_name": found.short_name,
            "region_code": found.region_code,
            "region_name": found.region_name,
            "population": publish_count(found.population, rules),
            "aged_65_plus_share": found.aged_65_plus_share,
            "imd_average_score": found.imd_average_score,
            "rural_population_share": found.rural_population_share,
        }


def council_rows(warehouse: Warehouse, rules: Rules) -> Iterator[Row]:
    from joinedup.reference import councils

    for found in councils():
        yield {
            "code": found.code,
            "name": found.name,
            "type": found.type,
            "population": publish_count(found.population, rules),
            "aged_65_plus_share": found.aged_65_plus_share,
            "imd_average_score": found.imd_average_score,
            "imd_rank_average_score": found.imd_rank_average_score,
            "rural_population_share": found.rural_population_share,
        }


def council_system_rows(warehouse: Warehouse, rules: Rules) -> Iterator[Row]:
    from joinedup.reference import councils

    for found in councils():
        for membership in found.systems:
            yield {
                "council_code": found.code,
                "system_code": membership.system_code,
                "population": publish_count(membership.population, rules),
                "population_share": membership.population_share,
                "is_main_system": membership.is_main_system,
            }


HEADLINES = tuple(col(found.name, found.data_type, found.computed) for found in MEASURES)


def headline_rows(warehouse: Warehouse, rules: Rules) -> Iterator[Row]:
    from joinedup.ledger.area_spend import years_with_spend
    from joinedup.ledger.figures import headline_table, summary
    from joinedup.reference import council, system

    names = {"system": lambda code: system(code).name, "council": lambda code: council(code).name}
    for year in years_with_spend(warehouse):
        for area_type in ("system", "council"):
            for code, figures in headline_table(warehouse, year, area_type).items():
                yield _headline(year, area_type, code, names[area_type](code), figures, rules)
        england = summary(warehouse, "england", "", year)
        yield _headline(year, "england", england.code, "England", england, rules)


def _headline(
    year: str, area_type: str, code: str, name: str, figures: Headline, rules: Rules
) -> Row:
    return {
        "financial_year": year,
        "area_type": area_type,
        "area_code": code,
        "area_name": name,
        "population": publish_count(figures.population, rules),
        **{column.name: figures.value(column.name) for column in HEADLINES},
    }


def spend_type_rows(warehouse: Warehouse, rules: Rules) -> Iterator[Row]:
    from joinedup.ledger.area_spend import AreaSpend, spend_by_area
    from joinedup.ledger.area_spend import years_with_spend as years
    from joinedup.ledger.figures import area, breakdowns
    from joinedup.reference import ENGLAND_CODE, systems

    chosen = years(warehouse)
    spend = spend_by_area(warehouse, chosen, area_types=["system", "england"])
    areas = [("system", found.code) for found in systems()] + [("england", ENGLAND_CODE)]
    for year in chosen:
        for area_type, code in areas:
            _, name, population = area(area_type, code)
            found = spend.get((area_type, code, year), AreaSpend())
            for row in breakdowns(found, population).by_spending_type:
                yield {
                    "financial_year": year,
                    "area_type": area_type,
                    "area_code": code,
                    "area_name": name,
                    "spending_type": row.code,
                    **row.model_dump(exclude={"code"}),
                }


def metric_rows(warehouse: Warehouse, rules: Rules) -> Iterator[Row]:
    from joinedup.metrics.catalogue import metrics

    for found in metrics(warehouse).values():
        yield {
            "metric": found.id,
            "title": found.title,
            "description": found.description.strip(),
            "set": found.set,
            "unit": found.unit,
            "method": found.method,
            "multiplier": found.multiplier,
            "polarity": found.polarity,
            "frequency": found.frequency,
            "numerator": found.numerator.description,
            "denominator": None if found.denominator is None else found.denominator.description,
            "source_publisher": found.source.publisher,
            "source_dataset": found.source.dataset,
            "source_url": found.source.url,
            "disclosure_threshold": rules.threshold
            if found.disclosure_threshold is None
            else found.disclosure_threshold,
        }


def metric_value_rows(warehouse: Warehouse, rules: Rules) -> Iterator[Row]:
    from joinedup.metrics.catalogue import metrics
    from joinedup.metrics.results import ENGLAND, all_series
    from joinedup.publish.figures import metric_rules, public_point

    for definition in metrics(warehouse).values():
        chosen = metric_rules(definition.disclosure_threshold, rules.threshold)
        proportion = definition.method == "proportion"
        series = all_series(warehouse, definition)
        england = {
            point.period: public_point(_point(point), chosen, proportion=proportion)["value"]
            for point in series.get(ENGLAND, [])
        }
        for (area_type, code), points in sorted(series.items()):
            name = _area_name(area_type, code)
            for point in points:
                public = public_point(_point(point), chosen, proportion=proportion)
                yield public | {
                    "metric": definition.id,
                    "area_type": area_type,
                    "area_code": code,
                    "area_name": name,
                    "england_value": england.get(point.period),
                }


def _point(point: Any) -> Row:
    return {
        "period": point.period,
        "period_start": date.fromisoformat(point.period_start[:10]),
        "numerator": point.numerator,
        "denominator": point.denominator,
        "value": point.value,
        "lower_95": point.lower,
        "upper_95": point.upper,
    }


def _area_name(area_type: str, code: str) -> str:
    from joinedup.reference import council, system

    if area_type == "system":
        return system(code).name
    return council(code).name if area_type == "council" else "England"


def decision_rows(warehouse: Warehouse, rules: Rules) -> Iterator[Row]:
    """Decisions and what the oversight rules say of them; no person is named (who decided,
    who signed off and members' interests stay in the registers)."""
    from joinedup.governance.boards import boards
    from joinedup.governance.decisions import check_decisions, decisions

    board = {row["code"]: row for row in boards(warehouse)}
    significant = {row["id"]: row["significant"] for row in decisions(warehouse)}
    for row in check_decisions(warehouse):
        deciding = board[row.board]
        yield {
            "decision_id": row.decision,
            "board_code": row.board,
            "board_name": deciding["name"],
            "board_kind": deciding["kind"],
            "system_code": deciding["system"],
            "council_code": deciding["council"],
            "decision_date": row.date,
            "title": row.title,
            "decision_type": row.type,
            "value": row.value,
            "significant": significant.get(row.decision),
            "status": row.status,
            "affected_organisations": row.affected,
            "priorities": row.priorities,
            "oversight_rules": row.rules,
            "councils_signed_off": row.signed_off,
            "councils_missing_sign_off": row.missing_sign_offs,
            "approved_without_sign_off": row.status == "approved" and bool(row.missing_sign_offs),
            "conflict_of_interest": bool(row.conflicts),
            "shows_regard_to_strategy": row.shows_regard,
        }


def population_rows(warehouse: Warehouse, rules: Rules) -> Iterator[Row]:
    """Each area's people and cost by population segment, with its total as segment '*', as
    ``publish.population`` publishes them (protected across every level at once)."""
    from joinedup.publish.population import ALL, public_population

    public = public_population(warehouse, rules)
    year = public.runs[0]["financial_year"] if public.runs else None
    for _, area in sorted(public.areas.items()):
        keys = {
            "level": area.level,
            "system_code": area.system_code,
            "council_code": area.council_code,
            "financial_year": year,
        }
        for segment in area.segments:
            yield (
                keys
                | {key: getattr(segment, key) for key in POPULATION_FIELDS}
                | {
                    "segment": segment.segment,
                    "segment_label": segment.label,
                }
            )
        yield keys | {
            "segment": ALL,
            "segment_label": "All segments",
            "people": area.people,
            "cost_per_head": area.cost_per_head,
            "withheld": area.people is None,
        }


POPULATION_FIELDS = (
    "people",
    "share_of_people",
    "cost_in_hospital",
    "cost_out_of_hospital",
    "share_of_cost",
    "cost_per_head",
    "events_in_hospital",
    "events_out_of_hospital",
    "conditions_per_person",
    "withheld",
)


def published_rows(warehouse: Warehouse, rules: Rules) -> Iterator[Row]:
    """The published joint figures of every system, council (of each year) and England."""
    from joinedup.ledger.published import published_figures, published_years, year_returns
    from joinedup.reference import councils_in_year, systems

    for year in published_years(warehouse):
        areas = [("system", s.code) for s in systems()]
        areas += [("council", c.code) for c in councils_in_year(year)]
        returns = year_returns(warehouse, year)
        for scope, code in [*areas, ("england", "")]:
            record = published_figures(warehouse, scope, code, year, returns=returns).record()
            yield {
                "financial_year": year,
                "area_type": scope,
                "area_code": record.code,
                "area_name": record.name,
                "population": record.population,
                "population_estimate": record.population_estimate,
                "nhs_gbp": record.nhs_gbp,
                **{f"{stream}_gbp": record.streams.get(stream) for stream in STREAMS},
                "adult_social_care_gbp": record.adult_social_care_gbp,
                "children_social_care_gbp": record.children_social_care_gbp,
                "public_health_gbp": record.public_health_gbp,
                "total_gbp": record.total_gbp,
                "per_head_gbp": record.per_head_gbp,
                "prevention_gbp": record.prevention_gbp,
                "missing_returns": ";".join(item.code for item in record.missing),
                "sources": "; ".join(source.file for source in record.sources),
            }
