"""Snapshots of the main pages and of the main commands' JSON, on the session's demo warehouse:
a change to a figure, a heading or a link shows as a diff of a file under tests/snapshots/.
Rewrite them with JOINEDUP_UPDATE_SNAPSHOTS=1 when a change is meant (see tests/snapshot.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from joinedup.cli.app import app
from tests.snapshot import assert_snapshot, json_text, page_text

PAGES = {
    "page-england.txt": "/",
    "page-system.txt": "/systems/E54000008",
    "page-council.txt": "/councils/E10000012",
    "page-compare-spend.txt": "/compare/spend/prevention_share?system=QYG",
    "page-compare-metric.txt": "/compare/metrics/discharge_usual_residence?system=QYG",
}

COMMANDS = {
    "cli-ledger-summary.json": ["ledger", "summary", "--system", "QYG", "--year", "2024-25"],
    "cli-ledger-published.json": ["ledger", "published", "--system", "QYG", "--year", "2024-25"],
    "cli-governance-decisions.json": ["governance", "list", "decisions", "--system", "QYG"],
    "cli-priorities-plan.json": ["priorities", "plan", "--system", "QYG"],
}


@pytest.mark.parametrize(("name", "url"), PAGES.items(), ids=list(PAGES))
def test_page(demo_client: TestClient, name: str, url: str) -> None:
    response = demo_client.get(url)
    assert response.status_code == 200
    assert_snapshot(name, page_text(response.text))


@pytest.mark.parametrize(("name", "command"), COMMANDS.items(), ids=list(COMMANDS))
def test_command_json(demo_warehouse: Path, name: str, command: list[str]) -> None:
    result = CliRunner().invoke(app, [*command, "--format", "json", "--db", str(demo_warehouse)])
    assert result.exit_code == 0, result.output
    assert_snapshot(name, json_text(json.loads(result.stdout)))


def test_a_change_shows_as_a_diff(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from tests import snapshot

    monkeypatch.setattr(snapshot, "SNAPSHOTS", tmp_path)
    monkeypatch.setattr(snapshot, "UPDATE", False)
    (tmp_path / "kept.txt").write_text("Total\n£7.7bn\n", encoding="utf-8")
    assert_snapshot("kept.txt", "Total\n£7.7bn")
    with pytest.raises(AssertionError, match=r"(?s)-£7\.7bn.*\+£7\.8bn"):
        assert_snapshot("kept.txt", "Total\n£7.8bn")


def test_volatile_parts_are_normalised() -> None:
    from datetime import date

    from joinedup import __version__
    from tests.snapshot import normalise

    today = date.today()
    text = (
        f"JoinedUp {__version__}, {today.isoformat()}, 12:34 UTC, "
        'name="csrf" value="abcdefghijklmnopqrstuvwx", /tmp/pytest-of-root/x.duckdb'
    )
    assert normalise(text) == (
        'JoinedUp <version>, <today>, <time> UTC, name="csrf" value="<csrf>", <tmp>'
    )
