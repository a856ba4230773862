"""Every table of the export, declared once: its columns, their types and descriptions, and
which columns count people."""

from __future__ import annotations

from joinedup.ledger.returns.icb_allocations import STREAMS
from joinedup.publish.export.files import Table, col
from joinedup.publish.export.rows import (
    HEADLINES,
    council_rows,
    council_system_rows,
    decision_rows,
    headline_rows,
    metric_rows,
    metric_value_rows,
    population_rows,
    published_rows,
    spend_type_rows,
    system_rows,
)

AREA = (
    col("area_type", "string", "system, council or england."),
    col("area_code", "string", "ONS code of the system (E54), council or England (E92000001)."),
    col("area_name", "string", "Name of the area."),
)
PEOPLE = "Census 2021 usual residents (a count of people; withheld if 1 to the threshold)."
TABLES: tuple[Table, ...] = (
    Table(
        "systems",
        "Integrated care systems",
        "The 42 integrated care systems of England, one per ICB, with their region.",
        (
            col("code", "string", "ONS code of the ICB (E54)."),
            col("ods_code", "string", "NHS ODS code of the ICB."),
            col("name", "string", "Name of the ICB."),
            col("short_name", "string", "Short name of the system."),
            col("region_code", "string", "ONS code of the NHS region (E40)."),
            col("region_name", "string", "Name of the NHS region."),
            col("population", "integer", PEOPLE, people=True),
            col("aged_65_plus_share", "number", "Share of residents aged 65 and over (0 to 1)."),
            col(
                "imd_average_score", "number", "Index of Multiple Deprivation 2019, average score."
            ),
            col("rural_population_share", "number", "Share of residents in rural areas (0 to 1)."),
        ),
        system_rows,
        ("code",),
        reference=True,
    ),
    Table(
        "councils",
        "Upper-tier councils",
        "The 153 upper-tier councils (social care and public health authorities) of England.",
        (
            col("code", "string", "ONS code of the council (E06, E08, E09 or E10)."),
            col("name", "string", "Name of the council."),
            col(
                "type",
                "string",
                "county, unitary, metropolitan_borough, london_borough or sui_generis.",
            ),
            col("population", "integer", PEOPLE, people=True),
            col("aged_65_plus_share", "number", "Share of residents aged 65 and over (0 to 1)."),
            col(
                "imd_average_score", "number", "Index of Multiple Deprivation 2019, average score."
            ),
            col(
                "imd_rank_average_score",
                "integer",
                "Rank of the average score (1 = most deprived).",
            ),
            col("rural_population_share", "number", "Share of residents in rural areas (0 to 1)."),
        ),
        council_rows,
        ("code",),
        reference=True,
    ),
    Table(
        "council_systems",
        "Councils in systems",
        "Each council's residents in each system it belongs to: some councils are in several.",
        (
            col("council_code", "string", "ONS code of the council."),
            col("system_code", "string", "ONS code of the system (E54)."),
            col(
                "population",
                "integer",
                f"The council's residents in the system. {PEOPLE}",
                people=True,
            ),
            col("population_share", "number", "Share of the council's residents in the system."),
            col("is_main_system", "boolean", "Whether the system holds most of its residents."),
        ),
        council_system_rows,
        ("council_code", "system_code"),
        reference=True,
    ),
    Table(
        "ledger_headlines",
        "Joint spend: headline figures",
        "NHS and council spend per system, council area and England per financial year: "
        "totals, per head, out of hospital, prevention and its five-year shift, pooled budgets.",
        (
            col("financial_year", "string", "Financial year, April to March, e.g. 2024-25."),
            *AREA,
            col("population", "integer", PEOPLE, people=True),
            *HEADLINES,
        ),
        headline_rows,
        ("financial_year", "area_type", "area_code"),
    ),
    Table(
        "spend_by_type",
        "Joint spend by spending type",
        "Spend of each system (and England) per financial year on each spending type.",
        (
            col("financial_year", "string", "Financial year, April to March, e.g. 2024-25."),
            *AREA,
            col("spending_type", "string", "Code of the spending type (docs/ledger-taxonomy.md)."),
            col("label", "string", "Name of the spending type."),
            col("group", "string", "Code of the group the spending type belongs to."),
            col("setting", "string", "in_hospital or out_of_hospital."),
            col("prevention", "boolean", "Whether the spending type is prevention."),
            col("headline", "boolean", "Whether it counts in the headline totals."),
            col("amount", "money", "Spend, £."),
            col("per_head", "number", "Spend per resident, £."),
            col("share", "number", "Share of the area's headline spend (0 to 1)."),
        ),
        spend_type_rows,
        ("financial_year", "area_type", "area_code", "spending_type"),
    ),
    Table(
        "metrics",
        "Shared metrics",
        "The definition of each shared metric: the national set and systems' local metrics.",
        (
            col("metric", "string", "Identifier of the metric."),
            col("title", "string", "Title of the metric."),
            col("description", "string", "What the metric measures."),
            col("set", "string", "national, or the E54 code of the system that owns it."),
            col("unit", "string", "Unit of the values."),
            col("method", "string", "proportion, crude_rate, dsr, mean or count."),
            col("multiplier", "integer", "Values are per this many (100 for a percentage)."),
            col("polarity", "string", "higher_is_better, lower_is_better or no_judgement."),
            col("frequency", "string", "monthly, quarterly or annual."),
            col("numerator", "string", "What the numerator counts."),
            col("denominator", "string", "What the denominator counts."),
            col("source_publisher", "string", "Who publishes the source data."),
            col("source_dataset", "string", "The source dataset."),
            col("source_url", "string", "Where the source is published."),
            col("disclosure_threshold", "integer", "Counts from 1 to this are withheld."),
        ),
        metric_rows,
        ("metric",),
    ),
    Table(
        "metric_values",
        "Shared metric values",
        "Every area's value of every shared metric per period, with its 95% confidence "
        "interval and England's value. Where a count is from 1 to the threshold (or, for a "
        "proportion, the people not counted are), the counts and every figure derived from "
        "them are withheld: empty, with withheld = true.",
        (
            col("metric", "string", "Identifier of the metric (see metrics)."),
            *AREA,
            col("period", "string", "The period, e.g. 2024-25, 2024-25 Q4 or Mar 2025."),
            col("period_start", "date", "First day of the period."),
            col(
                "numerator",
                "integer",
                "The count the value is made from (a count of people; "
                "withheld if 1 to the threshold).",
                people=True,
            ),
            col(
                "denominator",
                "integer",
                "The population or count the numerator is out of (a "
                "count of people; withheld if 1 to the threshold).",
                people=True,
            ),
            col("value", "number", "The value, in the metric's unit."),
            col("lower_95", "number", "Lower 95% confidence limit."),
            col("upper_95", "number", "Upper 95% confidence limit."),
            col("england_value", "number", "England's value for the same period."),
            col("withheld", "boolean", "Whether the counts and values are withheld."),
        ),
        metric_value_rows,
        ("metric", "area_type", "area_code", "period"),
    ),
    Table(
        "population_segments",
        "Population segments: people and cost of care",
        "People in the linked person-level records of each system, place (a system's part of "
        "a council) and council by population segment (Bridges to Health), with their cost of "
        "care in and out of hospital. Counts are protected across every level at once, so no "
        "withheld count is any published total less the others.",
        (
            col("level", "string", "system, place or council."),
            col("system_code", "string", "ONS code of the system (E54); empty for a council."),
            col("council_code", "string", "ONS code of the council; empty for a system."),
            col("financial_year", "string", "The financial year of the records."),
            col("segment", "string", "The segment's code; '*' for all segments together."),
            col("segment_label", "string", "The segment's name."),
            col(
                "people",
                "integer",
                "People in the segment (a count of people; withheld if 1 to the threshold or "
                "if the totals would give it away).",
                people=True,
            ),
            col("share_of_people", "number", "Share of the area's people (0 to 1)."),
            col("cost_in_hospital", "money", "Cost of their care in hospital, £."),
            col("cost_out_of_hospital", "money", "Cost of their care out of hospital, £."),
            col("share_of_cost", "number", "Share of the area's cost (0 to 1)."),
            col("cost_per_head", "number", "Cost per person, £."),
            col("events_in_hospital", "integer", "Activity events in hospital."),
            col("events_out_of_hospital", "integer", "Activity events out of hospital."),
            col("conditions_per_person", "number", "Long-term conditions per person."),
            col("withheld", "boolean", "Whether the segment's figures are withheld."),
        ),
        population_rows,
        ("level", "system_code", "council_code", "segment"),
    ),
    Table(
        "decisions",
        "Board decisions and their oversight",
        "Decisions of ICB boards, partnerships and council boards, with what the oversight "
        "rules say of them. No person is named: the registers hold who decided, who signed "
        "off and members' declared interests.",
        (
            col("decision_id", "integer", "Identifier of the decision."),
            col("board_code", "string", "Code of the board that took it."),
            col("board_name", "string", "Name of the board."),
            col("board_kind", "string", "icb_board, icp, hwb, place_board or scrutiny."),
            col("system_code", "string", "The board's system (E54), if it has one."),
            col("council_code", "string", "The board's council, if it has one."),
            col("decision_date", "date", "When it was (or is to be) taken."),
            col("title", "string", "What was decided."),
            col(
                "decision_type",
                "string",
                "budget_allocation, service_reconfiguration, strategy, contract or other.",
            ),
            col("value", "money", "Its value, £, where recorded."),
            col("significant", "boolean", "Whether it is a significant service reconfiguration."),
            col("status", "string", "proposed, approved or rejected."),
            col(
                "affected_organisations",
                "string",
                "Codes of the organisations it affects, ';'-separated.",
            ),
            col(
                "priorities", "string", "Codes of the strategy priorities it serves, ';'-separated."
            ),
            col("oversight_rules", "string", "The oversight rules covering it, ';'-separated."),
            col("councils_signed_off", "string", "Councils that signed it off, ';'-separated."),
            col(
                "councils_missing_sign_off",
                "string",
                "Councils whose required sign-off is not recorded, ';'-separated.",
            ),
            col(
                "approved_without_sign_off",
                "boolean",
                "Approved while a required council sign-off is missing.",
            ),
            col(
                "conflict_of_interest",
                "boolean",
                "Whether a member of the board had a declared "
                "interest in an organisation it affects.",
            ),
            col(
                "shows_regard_to_strategy",
                "boolean",
                "Whether it names a priority of the "
                "integrated care strategy (where the rules ask it to).",
            ),
        ),
        decision_rows,
        ("decision_id",),
    ),
    Table(
        "published_figures",
        "Published joint figures",
        "Real, published figures (not synthetic): NHS England's ICB allocations by stream and "
        "councils' Revenue Outturn net current expenditure (MHCLG), for every system, council of "
        "the year's structure and England. Council figures count in a system by population "
        "share; a council whose return was not received is listed in missing_returns and adds "
        "nothing. Empty means no data, never zero.",
        (
            col("financial_year", "string", "Financial year, e.g. 2024-25."),
            *AREA,
            col("population", "integer", "ONS mid-year estimate nearest the year."),
            col("population_estimate", "string", "Which ONS estimate the population is."),
            col("nhs_gbp", "money", "NHS England ICB allocations (all streams), £."),
            *(
                col(f"{stream}_gbp", "money", f"ICB allocation stream {stream}, £.")
                for stream in STREAMS
            ),
            col("adult_social_care_gbp", "money", "Councils' adult social care, £ (net)."),
            col("children_social_care_gbp", "money", "Councils' children's social care, £ (net)."),
            col("public_health_gbp", "money", "Councils' public health, £ (net)."),
            col("total_gbp", "money", "NHS allocations plus the three council services, £."),
            col("per_head_gbp", "money", "Total per head of population, £."),
            col(
                "prevention_gbp",
                "money",
                "Public health plus ASC information and early intervention, £.",
            ),
            col("missing_returns", "string", "Councils whose return was not received, ';'."),
            col("sources", "string", "The published files the figures come from."),
        ),
        published_rows,
        ("financial_year", "area_type", "area_code"),
        reference=True,
    ),
)
