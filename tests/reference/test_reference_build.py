"""The packaged data is exactly what scripts/build_reference.py makes from shared/reference."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import joinedup.reference
from joinedup.reference import TABLES, data_files, vintage

REPO = Path(__file__).resolve().parents[2]
SCRIPT = REPO / "scripts" / "build_reference.py"
DATA = REPO / "src" / "joinedup" / "reference" / "data"
SHARED = REPO.parent / "shared" / "reference"
needs_shared = pytest.mark.skipif(
    not SHARED.exists(), reason="../shared/reference not beside the repository"
)


def run_build(source: Path, out: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(SCRIPT), "--source", str(source), "--out", str(out)],
        capture_output=True,
        text=True,
        check=False,
    )


@needs_shared
def test_rebuild_is_byte_identical_to_committed_data(tmp_path: Path) -> None:
    result = run_build(SHARED, tmp_path)
    assert result.returncode == 0, result.stderr
    built = sorted(p.name for p in tmp_path.iterdir())
    assert built == sorted(p.name for p in DATA.iterdir() if p.is_file())
    for name in built:
        assert (tmp_path / name).read_bytes() == (DATA / name).read_bytes(), name


def _copy_shared(tmp_path: Path) -> Path:
    source = tmp_path / "source"
    shutil.copytree(SHARED, source)
    for path in source.iterdir():
        path.chmod(0o644)
    return source


@needs_shared
def test_broken_shares_fail_naming_file_and_lines(tmp_path: Path) -> None:
    source = _copy_shared(tmp_path)
    path = source / "utla_to_icb.csv"
    text = path.read_text(encoding="utf-8")
    # Essex's Mid and South Essex share: nudge it so the council no longer sums to 1.
    old = "0.5605940686251688"
    assert text.count(old) == 1
    path.write_text(text.replace(old, "0.5605950686251688"), encoding="utf-8")
    result = run_build(source, tmp_path / "out")
    assert result.returncode != 0
    assert "utla_to_icb.csv lines" in result.stderr
    assert "E10000012 Essex" in result.stderr
    assert not (tmp_path / "out").exists()


@needs_shared
def test_bad_number_fails_naming_file_line_and_field(tmp_path: Path) -> None:
    source = _copy_shared(tmp_path)
    path = source / "icb.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[3] = lines[3].replace("509149.0", "lots")
    path.write_text("".join(lines), encoding="utf-8")
    result = run_build(source, tmp_path / "out")
    assert result.returncode == 1
    assert "icb.csv line 4, field 'population_census2021'" in result.stderr


def test_data_files_are_real_paths() -> None:
    files = data_files()
    assert list(files) == list(TABLES)
    for name, path in files.items():
        assert path.is_absolute()
        assert path.is_file()
        assert path.name == f"{name}.csv"
        assert path.read_text(encoding="utf-8").count("\n") > 40


def test_vintage_and_provenance_ship_with_the_data() -> None:
    assert vintage() == "census2021;lad23;icb2023;imd2019;ruc2021;wp2024-25"
    sources = (DATA / "SOURCES.md").read_text(encoding="utf-8")
    assert "Open Government Licence v3.0" in sources
    assert "Contains OS data © Crown copyright and database right" in sources
    assert "NHS England" in sources


def test_import_is_light() -> None:
    src = Path(joinedup.reference.__file__).resolve().parents[2]
    code = (
        "import sys, joinedup.reference as r; r.systems(); r.councils(); "
        "heavy = {'pandas', 'duckdb', 'pydantic', 'numpy', 'polars', 'pyarrow'}; "
        "print(sorted(heavy & {m.split('.')[0] for m in sys.modules}))"
    )
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(src), os.environ.get("PYTHONPATH", "")]),
    }
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env
    )
    assert result.stdout.strip() == "[]"
