"""The packaged national figures and the pay comparison CCN asks for: a care worker's median pay
per hour against NHS Agenda for Change bands 2 and 3, from the published figures."""

from __future__ import annotations

import pytest

from joinedup.workforce import HOURS_A_YEAR, national_figures, pay_comparison
from joinedup.workforce.figures import national_figure


def test_the_packaged_figures_are_the_published_ones() -> None:
    figures = {(f.measure, f.period): f for f in national_figures()}
    # NHS Health Careers, Agenda for Change pay rates from April 2024.
    assert figures["afc_band_2_annual", "2024-25"].value == 23_615
    assert figures["afc_band_3_entry_annual", "2024-25"].value == 24_071
    assert figures["afc_band_3_top_annual", "2024-25"].value == 25_674
    # CALIBRATION.md item 13 (Skills for Care) and the LG Inform download.
    assert figures["asc_vacancy_rate", "2023-24"].value == 8.3
    assert figures["asc_staff_turnover", "2023-24"].value == 24.8
    assert figures["nhs_vacancy_rate", "2024-25"].value == 7.5
    assert all(f.source and f.url.startswith("https://") for f in figures.values())
    assert {f.confidence for f in figures.values()} <= {"exact", "secondary"}
    assert national_figure("care_worker_hourly_pay") == figures["care_worker_hourly_pay", "2024-25"]


def test_a_care_worker_earns_less_an_hour_than_every_band() -> None:
    pay = pay_comparison()
    assert pay is not None and pay["period"] == "2024-25"
    assert pay["care_worker_hourly_gbp"] == 12.00
    assert round(HOURS_A_YEAR, 3) == 1955.357
    bands = {band["band"]: band for band in pay["bands"]}
    # 23,615 / 1,955.36 = 12.077; 24,071 -> 12.31; 25,674 -> 13.13.
    assert [b["hourly_gbp"] for b in bands.values()] == [12.08, 12.31, 13.13]
    assert bands["NHS band 3, top"]["more_than_care_worker_per_hour_gbp"] == 1.13
    assert bands["NHS band 2"]["care_worker_share"] == pytest.approx(
        12.00 / (23_615 / 1955.357), abs=1e-4
    )
    assert all(b["more_than_care_worker_per_hour_gbp"] > 0 for b in bands.values())
