"""`joinedup search`: the web's search on the command line."""

from __future__ import annotations

import csv
import io
import json

import pytest
from typer.testing import CliRunner

from joinedup.cli import app
from joinedup.web.search import results

runner = CliRunner(env={"COLUMNS": "200"})


def test_a_place_leads_to_its_council_page() -> None:
    result = runner.invoke(app, ["search", "Maidstone", "--format", "json"])
    assert result.exit_code == 0
    assert json.loads(result.stdout) == [
        {
            "kind": "place",
            "code": "E07000110",
            "name": "Maidstone",
            "context": "Kent",
            "url": "/councils/E10000016",
        }
    ]


@pytest.mark.parametrize("query", ["cheshire", "E54000008", "north", "QYG", "Kent"])
def test_same_results_as_the_web_search(query: str) -> None:
    result = runner.invoke(app, ["search", query, "--format", "json"])
    assert result.exit_code == 0
    found = json.loads(result.stdout)
    assert found, query
    assert found == [item.model_dump() for item in results(query)]


def test_the_whole_name_comes_first_in_csv() -> None:
    result = runner.invoke(app, ["search", "cheshire and merseyside", "--format", "csv"])
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [(row["kind"], row["code"], row["url"]) for row in rows] == [
        ("system", "E54000008", "/systems/E54000008")
    ]


def test_the_table_names_each_result_and_its_page() -> None:
    result = runner.invoke(app, ["search", "Stockport", "--format", "table"])
    assert result.exit_code == 0
    assert "Stockport" in result.stdout
    assert "/councils/E08000007" in result.stdout


def test_nothing_found_is_said_and_the_json_is_empty() -> None:
    result = runner.invoke(app, ["search", "zzzz-nowhere", "--format", "json"])
    assert result.exit_code == 0
    assert json.loads(result.stdout) == []
    assert "Nothing matches" in result.stderr
