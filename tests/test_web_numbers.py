"""Numbers that never mislead, on the web, in the API and on the command line: a year with no
data says "no data" (never £0 or a rank), money in one format, flags in words, lists in date
order."""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from joinedup.cli.app import app

NOT_MONEY = re.compile(r"£-|£\d[\d,]*\.\d{3}|-£")


def text_of(page: str) -> str:
    page = re.sub(r"<svg.*?</svg>", " ", page, flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def test_a_year_with_no_spend_says_no_data_and_ranks_nobody(demo_client: Any) -> None:
    response = demo_client.get("/compare/spend/per_head", params={"year": "1999-00"})
    shown = text_of(response.text)
    assert response.status_code == 404
    assert "No data for 1999-00" in shown and "<h1>No data</h1>" in response.text
    assert "£0" not in shown and "1st" not in shown and "Rank" not in shown
    api = demo_client.get(
        "/api/v1/ledger/benchmark",
        params={"system": "E54000008", "measure": "per_head", "year": "1999-00"},
    )
    assert api.status_code == 404 and api.json()["detail"].startswith("No data for 1999-00")


def test_a_period_with_no_metric_values_says_no_data(demo_client: Any) -> None:
    page = demo_client.get(
        "/compare/metrics/emergency_readmissions_30_days", params={"period": "1999"}
    )
    assert page.status_code == 404 and "<h1>No data</h1>" in page.text
    assert "not compared" not in page.text
    api = demo_client.get(
        "/api/v1/metrics/emergency_readmissions_30_days/compare", params={"period": "1999"}
    )
    assert api.status_code == 404 and "No data" in api.json()["detail"]


def test_a_system_with_no_spend_in_a_year_is_no_data_and_unranked() -> None:
    from joinedup.ledger.comparison import _or_no_data

    empty = {"population": 10, "total_spend": 0.0, "childrens_social_care_spend": 0.0,
             "per_head": 0.0, "prevention_share": None}  # fmt: skip
    assert _or_no_data(empty) == {"population": 10, "total_spend": None,
                                  "childrens_social_care_spend": None, "per_head": None,
                                  "prevention_share": None}  # fmt: skip


def test_the_cli_says_no_data_for_a_year_with_none(demo_warehouse: Path) -> None:
    result = CliRunner().invoke(
        app,
        ["ledger", "benchmark", "--system", "E54000008", "--measure", "per_head",
         "--year", "1999-00", "--db", str(demo_warehouse)],
    )  # fmt: skip
    assert result.exit_code == 1
    assert "No data for 1999-00" in result.output and "£0" not in result.output


def test_money_is_in_one_format_on_the_pages(demo_client: Any) -> None:
    for url in (
        "/systems/E54000008",
        "/systems/E54000008/governance",
        "/compare/spend/per_head?system=E54000008",
        "/compare/spend/pooled_per_head",
    ):
        page = demo_client.get(url)
        assert page.status_code == 200, url
        shown = text_of(page.text)
        assert not NOT_MONEY.search(shown), (url, NOT_MONEY.search(shown))
    governance = text_of(demo_client.get("/systems/E54000008/governance").text)
    # Net present values, shortened, negatives with a true minus sign.
    assert re.search(r"\u2212£\d[\d.,]*(m|k|bn)? \(pays\)", governance)
    system = text_of(demo_client.get("/systems/E54000008").text)
    assert re.search(r"Total NHS and council spend £\d+\.\dbn \(£\d,\d{3} per head\)", system)


def test_governance_shows_flags_in_words_and_decisions_newest_first(demo_client: Any) -> None:
    page = demo_client.get("/systems/E54000008/governance").text
    for code in ("no_regard_to_strategy", "regard_not_recorded", "missing_sign_offs",
                 "conflict_of_interest"):  # fmt: skip
        assert code not in page
    table = page.split("Decisions of the system's boards", 1)[1].split("</table>", 1)[0]
    dates = re.findall(r"<tr><td>(\d{4}-\d{2}-\d{2})</td>", table)
    assert len(dates) > 3 and dates == sorted(dates, reverse=True)


def test_cli_show_outputs_are_rounded_and_say_no_data(demo_warehouse: Path) -> None:
    env = {"COLUMNS": "200"}
    shown = CliRunner().invoke(
        app,
        ["metrics", "show", "emergency_readmissions_30_days", "--system", "E54000008",
         "--db", str(demo_warehouse), "--format", "table"],
        env=env,
    ).output  # fmt: skip
    assert "None" not in shown
    values = re.findall(r"│ (?:value|lower 95|upper 95|england)\s+│ ([^│]+?)\s+│", shown)
    assert len(values) == 4 and all(re.fullmatch(r"\d+\.\d", value) for value in values)
    system = (
        CliRunner()
        .invoke(app, ["systems", "show", "E54000008", "--format", "table"], env=env)
        .output
    )
    assert re.search(r"aged 65 plus share\s+│ \d+\.\d%", system)
    assert re.search(r"population\s+│ \d{1,3}(,\d{3})+ ", system)
    summary = CliRunner().invoke(
        app,
        ["ledger", "summary", "--system", "E54000008", "--db", str(demo_warehouse),
         "--format", "table"],
        env=env,
    ).output  # fmt: skip
    assert re.search(r"Total spend\s+│\s+£\d+\.\dbn", summary)
    assert not NOT_MONEY.search(summary)
