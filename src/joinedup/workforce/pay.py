"""What a care worker is paid against NHS Agenda for Change bands 2 and 3, per hour.

Agenda for Change pay is an annual salary for a 37.5-hour week; an hourly rate divides it by the
hours of a year of such weeks (37.5 x 365 / 7 = 1,955.4 hours), as NHS Employers' hourly rates
do. The comparison is of basic pay: the NHS's unsocial-hours enhancements, pension and sick pay,
which care workers mostly lack, would widen the gap.
"""

from __future__ import annotations

from typing import Any

from joinedup.workforce.figures import national_figure, national_figures

HOURS_A_YEAR = 37.5 * 365 / 7
BANDS = (
    ("afc_band_2_annual", "NHS band 2"),
    ("afc_band_3_entry_annual", "NHS band 3, entry"),
    ("afc_band_3_top_annual", "NHS band 3, top"),
)


def hourly(annual: float) -> float:
    """An Agenda for Change salary as pay per hour.

    >>> round(hourly(23_615), 2)
    12.08
    """
    return annual / HOURS_A_YEAR


def pay_comparison() -> dict[str, Any] | None:
    """The latest year with both a care worker's median pay and the NHS bands: each band's hourly
    rate, how much more it pays per hour than a care worker and the care worker's pay as a share
    of it. None when no year has both."""
    care_years = {f.period for f in national_figures() if f.measure == "care_worker_hourly_pay"}
    band_years = {f.period for f in national_figures() if f.measure == BANDS[0][0]}
    years = sorted(care_years & band_years)
    if not years:
        return None
    year = years[-1]
    care = national_figure("care_worker_hourly_pay", year)
    assert care is not None
    bands = []
    for measure, label in BANDS:
        band = national_figure(measure, year)
        if band is None:
            continue
        rate = hourly(band.value)
        bands.append(
            {
                "band": label,
                "annual_gbp": band.value,
                "hourly_gbp": round(rate, 2),
                "more_than_care_worker_per_hour_gbp": round(rate - care.value, 2),
                "care_worker_share": round(care.value / rate, 4),
                "source": band.source,
                "url": band.url,
            }
        )
    return {
        "period": year,
        "care_worker_hourly_gbp": care.value,
        "care_worker_label": care.label,
        "care_worker_source": care.source,
        "bands": bands,
        "basis": (
            "Basic pay per hour: Agenda for Change salaries divided by 1,955.4 hours "
            "(37.5 hours a week); NHS unsocial-hours pay, pension and sick pay are left out."
        ),
        "status": "published",
    }
