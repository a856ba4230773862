"""The scrutiny pack: content, disclosure control, accessibility, the PDF's pages, the command."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import numpy as np
import pypdfium2 as pdfium
import pytest
from typer.testing import CliRunner

from joinedup.cli.report import app
from joinedup.governance.decisions import check_decisions
from joinedup.governance.oversight import rules_from
from joinedup.publish.disclosure import is_disclosive
from joinedup.publish.reports import BadReportPath, render_scrutiny_pack, write_scrutiny_pack
from joinedup.publish.reports.pack import scrutiny_record
from joinedup.publish.reports.render import render_html
from joinedup.reference import council, system
from joinedup.warehouse import Warehouse, init
from tests.publish import essex_pack
from tests.publish.essex_pack import AS_OF, ESSEX, essex_record
from tests.snapshot import assert_snapshot

SCILLY = "E06000053"  # Scilly has tiny counts; Essex (ESSEX) is in three systems
BANNER = "Synthetic demonstration data"
A4_POINTS = (595.28, 841.89)


@pytest.fixture(scope="module")
def warehouse(demo_warehouse: Path) -> Any:
    with Warehouse.open(demo_warehouse) as opened:
        yield opened


@pytest.fixture(scope="module")
def scilly_record(warehouse: Warehouse) -> dict[str, Any]:
    """What the Isles of Scilly's pack shows, made once for the tests that read it."""
    return scrutiny_record(warehouse, SCILLY, as_of=AS_OF)


@pytest.fixture(scope="module")
def essex_html(demo_warehouse: Path) -> str:
    return essex_pack.essex_html(demo_warehouse)


@pytest.fixture(scope="module")
def essex_pdf(demo_warehouse: Path) -> pdfium.PdfDocument:
    return pdfium.PdfDocument(essex_pack.essex_pdf(demo_warehouse))


def page_texts(document: pdfium.PdfDocument) -> list[str]:
    return [document[index].get_textpage().get_text_range() for index in range(len(document))]


def sections(page: str) -> list[str]:
    return page.split('<section class="page"')[1:]


def test_the_pack_names_every_system_of_a_council_in_three(
    essex_html: str, essex_pdf: pdfium.PdfDocument
) -> None:
    memberships = council(ESSEX).systems
    assert len(memberships) == 3
    text = " ".join(page_texts(essex_pdf))
    for membership in memberships:
        found = system(membership.system_code)
        assert found.name in essex_html
        assert found.short_name in " ".join(text.split())  # PDF lines break anywhere
    assert "Health and care in Essex" in essex_html


def test_the_synthetic_banner_heads_every_page(
    essex_html: str, essex_pdf: pdfium.PdfDocument
) -> None:
    parts = sections(essex_html)
    assert len(parts) >= 6
    assert all(BANNER in part for part in parts)
    pages = page_texts(essex_pdf)
    assert all(BANNER in page for page in pages), [
        i for i, p in enumerate(pages) if BANNER not in p
    ]


def test_a_real_warehouse_has_no_banner(tmp_path: Path) -> None:
    init(tmp_path / "empty.duckdb")
    with Warehouse.open(tmp_path / "empty.duckdb") as empty:
        page = render_scrutiny_pack(empty, ESSEX, format="html", as_of=AS_OF)
    assert BANNER not in page
    assert "No spend is recorded in the joint ledger yet" in page
    assert 'id="spend"' not in page


def test_no_count_of_one_to_seven_people_is_shown(scilly_record: dict[str, Any]) -> None:
    record = scilly_record
    rows = record["outcomes"]["rows"]
    assert rows and all("withheld" in row for row in rows), "every row passes public_point"
    for row in rows:
        assert not is_disclosive(row["numerator"]) and not is_disclosive(row["denominator"])
        if row["withheld"]:
            assert row["value"] is None and row["lower_95"] is None
            assert row["comparison_with_england"] is None
    withheld = [row["metric"] for row in rows if row["withheld"]]
    assert withheld, "the Isles of Scilly should have counts of 1 to 7 people"
    assert record["council"]["population"] == council(SCILLY).population  # over 7: shown
    page = render_html(record)  # what render_scrutiny_pack(..., format="html") gives
    for metric in withheld:
        cells = re.search(rf'<tr data-metric="{metric}">(.*?)</tr>', page, re.S)
        assert cells is not None and "withheld" in cells.group(1)
        assert '<td class="num">* ' in cells.group(1)
        assert not re.search(r"\d[\d,]* of \d", cells.group(1)), "no counts beside a withheld value"
    # Every count pair shown in the metrics table ("3,877 of 49,864") is 0 or over 7.
    table = page[page.index('class="metrics"') : page.index("</table>", page.index("metrics"))]
    for pair in re.findall(r"([\d,]+) of ([\d,]+)", table):
        assert not any(is_disclosive(int(count.replace(",", ""))) for count in pair), pair


class _Images(HTMLParser):
    """Every <svg> and <img> with its attributes, and whether a <title> opens each svg."""

    def __init__(self) -> None:
        super().__init__()
        self.images: list[dict[str, Any]] = []
        self._last: dict[str, Any] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if (
            self._last is not None
            and self._last["tag"] == "svg"
            and "first_child" not in self._last
        ):
            self._last["first_child"] = tag
        if tag in ("svg", "img"):
            self._last = {"tag": tag, **dict(attrs)}
            self.images.append(self._last)


def test_every_chart_has_a_text_alternative(essex_html: str) -> None:
    parser = _Images()
    parser.feed(essex_html)
    charts = [image for image in parser.images if image["tag"] == "svg"]
    assert len(charts) >= 3
    for image in parser.images:
        if image["tag"] == "img":
            assert image.get("alt"), image
            continue
        assert image.get("role") == "img"
        assert len(image.get("aria-label") or "") > 20
        assert image.get("first_child") == "title"
    assert '<html lang="en-GB">' in essex_html
    assert essex_html.count("<caption") >= 4
    assert essex_html.count("<h1") == 1


def test_pdf_pages_are_a4_readable_and_not_blank(essex_pdf: pdfium.PdfDocument) -> None:
    assert 4 <= len(essex_pdf) <= 12, "a few pages"
    for index in range(len(essex_pdf)):
        page = essex_pdf[index]
        width, height = page.get_size()
        assert abs(width - A4_POINTS[0]) < 1 and abs(height - A4_POINTS[1]) < 1
        pixels = np.asarray(page.render(scale=1).to_pil().convert("L"), dtype=float)
        assert pixels.shape == (842, 596) or pixels.shape == (842, 595)
        assert pixels.std() > 10, f"page {index + 1} looks blank"
        assert (pixels < 128).mean() > 0.005, f"page {index + 1} has almost no text"


def test_the_packs_text_is_its_snapshot(essex_pdf: pdfium.PdfDocument) -> None:
    """Essex's pack as pdfium reads it, page by page: a changed figure, heading or sentence shows
    as a diff of tests/snapshots/pack-essex.txt (JOINEDUP_UPDATE_SNAPSHOTS=1 rewrites it)."""
    pages = [
        f"--- page {number} ---\n{text.replace(chr(13), '').strip()}"
        for number, text in enumerate(page_texts(essex_pdf), start=1)
    ]
    assert_snapshot("pack-essex.txt", "\n".join(pages))


def test_spc_charts_are_drawn_only_where_no_period_is_withheld(warehouse: Warehouse) -> None:
    from joinedup.metrics.catalogue import metric
    from joinedup.metrics.results import all_series
    from joinedup.publish.figures import metric_rules, public_point

    outcomes = scrutiny_record(warehouse, ESSEX, as_of=AS_OF, spc_charts=2)["outcomes"]
    assert outcomes["charts"], "Essex has metrics with SPC variation and nothing withheld"
    for chart in outcomes["charts"]:
        assert chart.svg.startswith("<svg") and 'role="img"' in chart.svg
        assert "Essex" in chart.title and "periods from" in chart.description
    titles = {row["title"]: row for row in outcomes["rows"]}
    for title in outcomes["charts_withheld"]:
        definition = metric(warehouse, titles[title]["metric"])
        points = all_series(warehouse, definition, {("council", ESSEX)})[("council", ESSEX)]
        rules = metric_rules(definition.disclosure_threshold, 7)
        proportion = definition.method == "proportion"
        assert any(
            public_point(
                {"numerator": p.numerator, "denominator": p.denominator},
                rules,
                proportion=proportion,
            )["withheld"]
            for p in points
        )


def test_major_decisions_show_the_councils_sign_off(essex_html: str) -> None:
    assert "Signed off</span> by" in essex_html
    assert "Major decisions and Essex" in essex_html


def test_approval_without_the_councils_sign_off_is_flagged(warehouse: Warehouse) -> None:
    # Under stricter rules than the ones it was approved under, an approved decision affecting
    # Essex without Essex's sign-off is exactly what a scrutiny committee must see.
    main = council(ESSEX).systems[0].system_code
    unsigned = next(
        row
        for row in check_decisions(warehouse, system=main)
        if row.status == "approved"
        and ESSEX in row.affected_councils
        and ESSEX not in row.signed_off
    )
    strict = rules_from(
        {
            "version": 1,
            "rules": [
                {
                    "name": "all-of-type",
                    "description": "Every decision of this type needs sign-off.",
                    "decision_types": [unsigned.type],
                }
            ],
        }
    )
    record = scrutiny_record(warehouse, ESSEX, as_of=AS_OF, rules=strict)
    assert unsigned.title in [d["title"] for d in record["decisions"]["without_sign_off"]]
    assert any("Approved without Essex's sign-off" in line for line in record["key_messages"])
    page = render_html(record)
    assert "Flag: approved without Essex's sign-off" in page


def test_conflicts_of_interest_are_flagged_by_role_not_name(warehouse: Warehouse) -> None:
    found = next(
        (row, code)
        for row in check_decisions(warehouse)
        if row.conflicts
        for code in row.affected_councils
        if any(
            other.decision == row.decision
            for membership in council(code).systems
            for other in check_decisions(warehouse, system=membership.system_code)
        )
    )
    decision, code = found
    page = render_scrutiny_pack(warehouse, code, format="html", as_of=AS_OF)
    assert "Flag: conflict of interest" in page
    for conflict in decision.conflicts:
        assert conflict.role in page
        assert conflict.name not in page, "the pack names roles, not people"


def test_board_seats_and_voice(essex_html: str, demo_warehouse: Path) -> None:
    record = essex_record(demo_warehouse)
    systems = record["boards"]["systems"]
    assert [item["code"] for item in systems] == record["council"]["systems"]
    assert any(item["voice"] for item in systems)
    assert "Councillor share" in essex_html


def test_peers_in_words(essex_html: str) -> None:
    assert re.search(r"It is <strong>\d+(st|nd|rd|th) of 42 systems</strong>", essex_html)
    assert re.search(r"\d+(st|nd|rd|th) of its 11</strong> comparable systems", essex_html)


def test_write_chooses_the_format_by_suffix(warehouse: Warehouse, tmp_path: Path) -> None:
    written = write_scrutiny_pack(warehouse, ESSEX, tmp_path / "pack.HTML")
    assert written.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    with pytest.raises(BadReportPath) as refused:
        write_scrutiny_pack(warehouse, ESSEX, tmp_path / "pack.docx")
    assert refused.value.exit_code == 2
    assert not (tmp_path / "pack.docx").exists()


def run(*args: str) -> Any:
    return CliRunner().invoke(app, list(args), env={"COLUMNS": "200"})


def test_the_command_writes_a_pdf(demo_warehouse: Path, tmp_path: Path) -> None:
    target = tmp_path / "essex.pdf"
    result = run("scrutiny", "--council", "Essex", "-o", str(target), "--db", str(demo_warehouse))
    assert result.exit_code == 0, result.stderr
    assert "the scrutiny pack for Essex (E10000012)" in result.stdout
    assert target.read_bytes().startswith(b"%PDF")


def test_an_unknown_council_exits_2_with_suggestions(demo_warehouse: Path, tmp_path: Path) -> None:
    target = tmp_path / "pack.pdf"
    result = run("scrutiny", "--council", "Esex", "-o", str(target), "--db", str(demo_warehouse))
    assert result.exit_code == 2
    assert "Unknown council 'Esex'" in result.stderr
    assert "Did you mean" in result.stderr and "E10000012 (Essex)" in result.stderr
    assert not target.exists()


def test_the_population_page_gives_segments_with_small_counts_withheld(
    scilly_record: dict[str, Any], essex_html: str, demo_warehouse: Path
) -> None:
    record = scilly_record
    population = record["population"]
    assert population is not None and population["synthetic"]
    segments = population["area"].segments
    assert segments and any(segment.withheld for segment in segments)
    for segment in segments:
        assert not is_disclosive(segment.people)
        if segment.withheld:
            assert segment.share_of_cost is None and segment.cost_per_head is None
    page = essex_html[essex_html.index('id="population-title"') :]
    assert "4. Who uses what care" in page and "5. Major decisions" in essex_html
    for name in ("Mid and South Essex", "Suffolk and North East Essex", "Hertfordshire"):
        assert name in page
    essex = essex_record(demo_warehouse)
    costliest = essex["population"]["costliest"]
    assert costliest.share_of_cost > costliest.share_of_people
    assert any(message.startswith(costliest.label) for message in essex["key_messages"])
