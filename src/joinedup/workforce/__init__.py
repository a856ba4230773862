"""A joined health and care workforce view: social care vacancies and turnover beside the NHS
vacancy rate for each system, and what a care worker is paid against NHS Agenda for Change
bands 2 and 3 (the comparison the County Councils Network asks for). Real published figures
where they exist, labelled with their source; synthetic figures only in a demonstration
warehouse, labelled so (docs/workforce.md)."""

from joinedup.workforce.figures import NationalFigure, national_figures
from joinedup.workforce.pay import HOURS_A_YEAR, pay_comparison
from joinedup.workforce.view import MEASURES, system_workforce

__all__ = [
    "HOURS_A_YEAR",
    "MEASURES",
    "NationalFigure",
    "national_figures",
    "pay_comparison",
    "system_workforce",
]
