"""Reference data: England's integrated care systems, councils and populations.

Real ONS / NHS England codes, names, the council-system mapping with population shares, and
Census 2021 populations, shipped inside the package (see ``data/SOURCES.md``) so they work
offline. Only the standard library is imported here; tables are parsed on first use and cached.
"""

from __future__ import annotations

from .code_changes import CodeChange, code_changes
from .council_history import (
    EARLIEST_YEAR,
    CouncilInYear,
    NotInYear,
    council_in_year,
    councils_in_year,
)
from .council_registry import (
    COUNCIL_TYPES,
    Council,
    Membership,
    council,
    councils,
    councils_in,
    england_population,
)
from .files import TABLES, data_files, vintage
from .lookup import UnknownCode
from .populations import (
    AGE_BANDS,
    AREA_TYPES,
    ENGLAND_CODE,
    SEXES,
    age_sex_population,
    all_ages_population,
)
from .system_registry import System, system, systems

__all__ = [
    "AGE_BANDS",
    "AREA_TYPES",
    "COUNCIL_TYPES",
    "EARLIEST_YEAR",
    "ENGLAND_CODE",
    "SEXES",
    "TABLES",
    "CodeChange",
    "Council",
    "CouncilInYear",
    "Membership",
    "NotInYear",
    "System",
    "UnknownCode",
    "age_sex_population",
    "all_ages_population",
    "code_changes",
    "council",
    "council_in_year",
    "councils",
    "councils_in",
    "councils_in_year",
    "data_files",
    "england_population",
    "system",
    "systems",
    "vintage",
]
