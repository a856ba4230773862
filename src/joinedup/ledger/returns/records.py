"""What the national-return loaders hand back, and the errors they raise."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from joinedup.errors import JoinedUpError
from joinedup.problems import Problem

__all__ = [
    "Allocation",
    "Outturn",
    "ReturnFile",
    "ReturnSpend",
    "UnknownReturnKind",
    "UnreadableReturn",
]


@dataclass(frozen=True, slots=True)
class Allocation:
    """One ICB's allocation for one financial year and stream, in pounds.

    ``stream`` is one of ``ledger.returns.STREAMS`` (``core_services``, ``primary_medical_care``,
    ``other_primary_care``, ``delegated_specialised``, …); ``row`` is the row Excel shows on
    ``sheet``.
    """

    system_code: str
    financial_year: str
    stream: str
    amount: Decimal
    row: int
    sheet: str


@dataclass(frozen=True, slots=True)
class Outturn:
    """One council's published net current expenditure on one service in one year, in pounds.

    ``council_code`` is the ONS code as the file prints it (either vintage: the import maps it to
    an organisation). ``service`` is a key such as ``adult_social_care`` or
    ``public_health.sexual_health`` (see ``ledger/returns/revenue_outturn.py``). ``amount`` is
    None when the return was not received (``status`` ``not_received``: ``[x]``, ``M``) or the
    line is not collected from that council (``not_collected``: ``[z]``); never 0 for those.
    """

    council_code: str
    council_name: str
    financial_year: str
    service: str
    amount: Decimal | None
    status: str
    form: str
    row: int


@dataclass(frozen=True, slots=True)
class ReturnSpend:
    """One council's spend on one spending type in one financial year, in pounds.

    ``amount`` is the sum of the return lines named in ``source_lines`` (their descriptors, as
    matched against the taxonomy's ``maps_from``), over every client group, age band and provider.
    """

    council_code: str
    financial_year: str
    spending_type: str
    funding_source: str
    amount: Decimal
    source_lines: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ReturnFile:
    """Everything read from one published file.

    ``problems`` are rows that could not be read (each names file, sheet, row and field);
    ``notes`` say, for the user, what was read and what was skipped on purpose and why.
    """

    kind: str
    path: Path
    sha256: str
    allocations: tuple[Allocation, ...]
    spend: tuple[ReturnSpend, ...]
    problems: tuple[Problem, ...]
    notes: tuple[str, ...]
    outturn: tuple[Outturn, ...] = ()


class UnknownReturnKind(JoinedUpError):
    """A kind of national return that JoinedUp has no loader for."""

    exit_code = 2  # a usage error, like an unknown code


class UnreadableReturn(JoinedUpError):
    """A file that is not the expected kind of return: wrong format, missing sheet or header."""
