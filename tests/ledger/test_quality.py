"""The data-quality report of a load: missing returns, outliers, and a shrinking resubmission."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest
from typer.testing import CliRunner

from joinedup.cli import app
from joinedup.ledger import imports
from joinedup.ledger.imports import import_return
from joinedup.ledger.quality import ShrinkingResubmission, load_reports
from joinedup.ledger.returns import ReturnFile, read_return
from joinedup.warehouse import Warehouse, init

REAL = Path(__file__).resolve().parents[3] / "shared" / "real" / "revenue-outturn"
RSX = REAL / "RSX_LA_Data_2024-25_data_by_LA.ods"
pytestmark = pytest.mark.skipif(not REAL.exists(), reason="../shared/real not beside the repo")


@pytest.fixture(scope="module")
def rsx() -> ReturnFile:
    return read_return("revenue-outturn", RSX)


def _shrunk(found: ReturnFile, council: str, factor: str) -> ReturnFile:
    """The same file with one council's figures cut to a fraction, as a bad resubmission."""
    rows = tuple(
        replace(row, amount=row.amount * Decimal(factor))
        if row.council_code == council and row.amount is not None
        else row
        for row in found.outturn
    )
    return replace(found, outturn=rows)


def test_a_load_reports_missing_returns_and_councils_far_from_their_peers(
    tmp_path: Path, rsx: ReturnFile
) -> None:
    init(tmp_path / "w.duckdb")
    with Warehouse.open(tmp_path / "w.duckdb", write=True) as warehouse:
        result = import_return(warehouse, "revenue-outturn", RSX)
        [stored] = load_reports(warehouse)
    missing = {item.code for item in result.report.missing_returns}
    assert missing == {"E08000025", "E06000039", "E06000063"}  # Birmingham, Slough, Cumberland
    peers = {f.name for f in result.report.findings if f.kind == "outlier_peers"}
    assert "City of London" in peers and "Kent" not in peers
    assert stored.file_name == RSX.name and len(stored.missing_returns) == 3


@pytest.fixture
def loaded(tmp_path: Path) -> Iterator[Warehouse]:
    """A warehouse holding the real 2024-25 RSX, open for writing."""
    init(tmp_path / "w.duckdb")
    with Warehouse.open(tmp_path / "w.duckdb", write=True) as warehouse:
        import_return(warehouse, "revenue-outturn", RSX)
        yield warehouse


def _resubmit(monkeypatch: pytest.MonkeyPatch, found: ReturnFile) -> None:
    monkeypatch.setattr(imports, "read_return", lambda kind, path: found)


def test_a_resubmission_far_smaller_is_refused_without_replace(
    loaded: Warehouse, rsx: ReturnFile, monkeypatch: pytest.MonkeyPatch
) -> None:
    _resubmit(monkeypatch, _shrunk(rsx, "E10000016", "0.1"))
    with pytest.raises(ShrinkingResubmission, match=r"Kent CC.s RSX 2024-25 .* would fall"):
        import_return(loaded, "revenue-outturn", RSX)
    assert len(load_reports(loaded)) == 1  # nothing stored, not even a report
    kept = import_return(loaded, "revenue-outturn", RSX, replace=True)
    assert [f.organisation for f in kept.report.shrinks] == ["E10000016"]


def test_a_modest_resubmission_needs_no_replace(
    loaded: Warehouse, rsx: ReturnFile, monkeypatch: pytest.MonkeyPatch
) -> None:
    _resubmit(monkeypatch, _shrunk(rsx, "E10000016", "0.9"))
    assert import_return(loaded, "revenue-outturn", RSX).report.shrinks == []


def test_the_command_prints_the_report_and_lists_it_later(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    init(db)
    loaded = CliRunner().invoke(
        app, ["ledger", "import", "revenue-outturn", str(RSX), "--db", str(db)]
    )
    assert loaded.exit_code == 0, loaded.stderr
    assert "Missing return: Birmingham (E08000025), 2024-25: not received." in loaded.stdout
    listed = CliRunner().invoke(app, ["ledger", "quality", "--format", "table", "--db", str(db)])
    assert listed.exit_code == 0 and "Missing return: Birmingham (E08000025)" in listed.stdout


def test_a_resubmission_that_leaves_a_council_without_figures_needs_replace(
    loaded: Warehouse, rsx: ReturnFile, monkeypatch: pytest.MonkeyPatch
) -> None:
    wiped = tuple(
        replace(row, amount=None, status="not_received") if row.council_code == "E10000016" else row
        for row in rsx.outturn
    )
    _resubmit(monkeypatch, replace(rsx, outturn=wiped))
    with pytest.raises(ShrinkingResubmission, match="Kent CC"):
        import_return(loaded, "revenue-outturn", RSX)


def test_an_allocations_file_of_some_icbs_is_compared_only_with_theirs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    workbook = REAL.parent / "icb-allocations" / "nhs_allocations_2025_26.xlsx"
    full = read_return("icb-allocations", workbook)
    init(tmp_path / "w.duckdb")
    with Warehouse.open(tmp_path / "w.duckdb", write=True) as warehouse:
        import_return(warehouse, "icb-allocations", workbook)
        some = tuple(a for a in full.allocations if a.system_code < "E54000030")
        _resubmit(monkeypatch, replace(full, allocations=some))
        assert import_return(warehouse, "icb-allocations", workbook).report.shrinks == []
        halved = tuple(replace(a, amount=a.amount / 3) for a in some)
        _resubmit(monkeypatch, replace(full, allocations=halved))
        with pytest.raises(ShrinkingResubmission, match="core_services 2025-26"):
            import_return(warehouse, "icb-allocations", workbook)


def test_a_limit_below_one_is_a_usage_error(tmp_path: Path) -> None:
    init(tmp_path / "w.duckdb")
    result = CliRunner().invoke(
        app, ["ledger", "quality", "--limit", "0", "--db", str(tmp_path / "w.duckdb")]
    )
    assert result.exit_code == 2
