"""A system's and a council's page: each shared metric's SPC chart with a text alternative, the
Making Data Count icons as images with text alternatives, its target, and spend by type as a
chart beside its table."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from joinedup.publish.area_charts import ASSURANCE_ICONS, VARIATION_ICONS


def _metric_rows(page: str) -> int:
    table = page[page.index('id="metrics-heading"') : page.index('id="metric-charts-heading"')]
    return table.count("<tr>") - 1  # less the header row


def test_system_page_has_an_spc_chart_per_metric(demo_client: TestClient) -> None:
    page = demo_client.get("/systems/E54000032").text
    figures = re.findall(r'<figure class="metric-chart"[^>]*>(.*?)</figure>', page, re.S)
    assert len(figures) == _metric_rows(page) >= 10
    for figure in figures:
        label = re.search(r'<svg[^>]*role="img"[^>]*aria-label="([^"]+)"', figure)
        assert label, "every chart has a text alternative"
        assert "chart of" in label.group(1) and "Kent and Medway" in label.group(1)
        assert "Target: England&#39;s latest value" in figure or "Target: England's" in figure
        assert "Source: " in figure  # the source line inside the chart


def test_spc_icons_are_images_with_text_alternatives(demo_client: TestClient) -> None:
    page = demo_client.get("/systems/E54000032").text
    images = re.findall(r'<img src="(/static/spc-[^"]+)" alt="([^"]+)"', page)
    assert images, "the monthly metrics carry icons"
    known = {
        f"/static/{file}": alt
        for file, alt in (*VARIATION_ICONS.values(), *ASSURANCE_ICONS.values())
    }
    for src, alt in images:
        assert known[src] == alt
        icon = demo_client.get(src)
        assert icon.status_code == 200 and icon.headers["content-type"].startswith("image/svg")
        assert "<title>" in icon.text


def test_council_page_has_charts_and_spend_beside_its_table(demo_client: TestClient) -> None:
    page = demo_client.get("/councils/E10000016").text
    assert page.count('<figure class="metric-chart"') == _metric_rows(page)
    beside = page[page.index('<div class="beside">') :]
    assert beside.index('<figure class="spend-chart">') < beside.index('id="spend-caption"')
    chart = re.search(r'<figure class="spend-chart">(.*?)</figure>', page, re.S)
    assert chart is not None
    svg = chart.group(1)
    assert re.search(r'aria-label="Spend per head by type, 20\d\d-\d\d: Kent\. Bar chart', svg)
    assert "£ per resident" in svg and "Spending type" in svg  # both axes titled
    assert "Source: JoinedUp joint ledger (synthetic demonstration data)" in svg


def test_charts_are_cached_per_data_version(demo_client: TestClient) -> None:
    demo_client.get("/systems/E54000032")
    figures = demo_client.app.state.figures  # type: ignore[attr-defined]
    keys = [key for key in figures._values if key[0] == "metric_chart"]
    assert any(key[1] == "E54000032" for key in keys)
