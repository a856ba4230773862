"""Reports: the scrutiny pack of one council, as accessible HTML or an A4 PDF.

``render_scrutiny_pack`` returns the pack; ``write_scrutiny_pack`` writes it to a file chosen by
its suffix. Both read the figures through the analysis modules (``scrutiny_record``) and never
compute one themselves; every count of people passes through ``publish.disclosure``.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Literal, overload

from joinedup.errors import JoinedUpError
from joinedup.governance.oversight import OversightRules
from joinedup.publish.disclosure import DEFAULT_THRESHOLD
from joinedup.warehouse import Warehouse

if TYPE_CHECKING:
    from joinedup.publish.population import PublicPopulation

__all__ = ["FORMATS", "BadReportPath", "render_scrutiny_pack", "write_scrutiny_pack"]

FORMATS = {".pdf": "pdf", ".html": "html", ".htm": "html"}
Format = Literal["pdf", "html"]


class BadReportPath(JoinedUpError):
    exit_code = 2  # a usage error, like any other bad argument


@overload
def render_scrutiny_pack(
    warehouse: Warehouse,
    council_key: str,
    year: str | None = ...,
    format: Literal["pdf"] = ...,
    *,
    threshold: int = ...,
    as_of: date | None = ...,
    rules: OversightRules | None = ...,
    spc_charts: int = ...,
    population: PublicPopulation | None = ...,
) -> bytes: ...
@overload
def render_scrutiny_pack(
    warehouse: Warehouse,
    council_key: str,
    year: str | None = ...,
    format: Literal["html"] = ...,
    *,
    threshold: int = ...,
    as_of: date | None = ...,
    rules: OversightRules | None = ...,
    spc_charts: int = ...,
    population: PublicPopulation | None = ...,
) -> str: ...
def render_scrutiny_pack(
    warehouse: Warehouse,
    council_key: str,
    year: str | None = None,
    format: Format = "pdf",
    *,
    threshold: int = DEFAULT_THRESHOLD,
    as_of: date | None = None,
    rules: OversightRules | None = None,
    spc_charts: int = 0,
    population: PublicPopulation | None = None,
) -> bytes | str:
    """The scrutiny pack of one council: PDF bytes, or the HTML page as text.

    See :func:`joinedup.publish.reports.pack.scrutiny_record` for the arguments.
    """
    from joinedup.publish.reports import warm

    if format == "pdf":
        warm.pdf_engine()
    from joinedup.publish.reports.pack import scrutiny_record
    from joinedup.publish.reports.render import render_html, render_pdf

    record = scrutiny_record(
        warehouse,
        council_key,
        year,
        threshold=threshold,
        as_of=as_of,
        rules=rules,
        spc_charts=spc_charts,
        population=population,
    )
    page = render_html(record)
    return render_pdf(page) if format == "pdf" else page


def write_scrutiny_pack(
    warehouse: Warehouse,
    council_key: str,
    path: Path,
    year: str | None = None,
    *,
    threshold: int = DEFAULT_THRESHOLD,
    as_of: date | None = None,
    rules: OversightRules | None = None,
) -> Path:
    """Write the pack to ``path``: a PDF for ``.pdf``, the HTML page for ``.html``."""
    path = Path(path)
    chosen = FORMATS.get(path.suffix.lower())
    if chosen is None:
        raise BadReportPath(f"{path.name}: write the pack to a .pdf or an .html file.")
    if not path.parent.is_dir():
        raise BadReportPath(f"{path.parent} is not a folder; make it first, or choose another.")
    if chosen == "pdf":
        pdf = render_scrutiny_pack(
            warehouse, council_key, year, "pdf", threshold=threshold, as_of=as_of, rules=rules
        )
        path.write_bytes(pdf)
    else:
        page = render_scrutiny_pack(
            warehouse, council_key, year, "html", threshold=threshold, as_of=as_of, rules=rules
        )
        path.write_text(page, encoding="utf-8")
    return path
