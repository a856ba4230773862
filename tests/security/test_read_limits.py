"""Every file read is bounded: hostile workbooks and CSV files are refused, quickly, in little
memory, with one line naming the limit."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import pytest

from joinedup.core.files import FileTooLarge, ReadLimits, read_table, sheet_names
from tests.security.hostile import (
    far_row_workbook,
    inline,
    sheet_xml,
    wide_row_workbook,
    write_xlsx,
)

ROOT = Path(__file__).resolve().parents[2]


def _read_in_a_small_box(path: Path, required: tuple[str, ...]) -> tuple[str, int]:
    """Read ``path`` in a child process limited to 1 GB of address space and 60 s of CPU (a
    reader that trusts the declared size would need over 100 GB), returning what it printed
    and its peak traced allocation in bytes."""
    script = textwrap.dedent(
        f"""
        import resource, sys, tracemalloc
        from pathlib import Path
        resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))
        resource.setrlimit(resource.RLIMIT_CPU, (60, 60))
        import openpyxl  # imported before tracing: only the read is measured
        from joinedup.core.files import UnreadableFile, read_table
        tracemalloc.start()
        try:
            read_table(Path({str(path)!r}), {required!r})
            print("READ")
        except UnreadableFile as error:
            print(error)
        print(tracemalloc.get_traced_memory()[1])
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        timeout=90,
        cwd=ROOT,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": os.pathsep.join(sys.path)},
    )
    assert done.returncode == 0, done.stderr[-2000:]
    message, peak = done.stdout.strip().splitlines()
    return message, int(peak)


def test_a_workbook_declaring_a_million_rows_is_refused_in_little_memory(tmp_path: Path) -> None:
    path = far_row_workbook(tmp_path / "kent.xlsx")
    assert path.stat().st_size < 5_000  # a few kilobytes on disk
    message, peak = _read_in_a_small_box(path, ("amount",))
    assert message == (
        "kent.xlsx: more than 200,000 rows; the limit is 200,000 (JOINEDUP_MAX_ROWS)."
    )
    assert peak < 50_000_000


def test_a_workbook_with_a_cell_in_the_last_column_is_refused(tmp_path: Path) -> None:
    path = wide_row_workbook(tmp_path / "kent.xlsx")
    message, peak = _read_in_a_small_box(path, ("amount",))
    assert message == "kent.xlsx: more than 500 columns; the limit is 500 (JOINEDUP_MAX_COLUMNS)."
    assert peak < 50_000_000


def test_the_declared_dimension_is_not_trusted(tmp_path: Path) -> None:
    """A sheet declaring A1:XFD1048576 but holding three rows reads as three rows."""
    rows = "".join(
        f'<row r="{n}">{inline(f"A{n}", "amount" if n == 1 else str(n))}</row>' for n in (1, 2, 3)
    )
    path = write_xlsx(tmp_path / "small.xlsx", sheet_xml(rows))
    table = read_table(path, ("amount",))
    assert table.rows == [(2, {"amount": "2"}), (3, {"amount": "3"})]


def test_a_workbook_that_unpacks_past_the_byte_limit_is_refused_unopened(tmp_path: Path) -> None:
    padding = " " * 2_000_000  # compresses to a few kilobytes
    path = write_xlsx(
        tmp_path / "bomb.xlsx", sheet_xml(f'<row r="1">{inline("A1", "amount")}</row>', "A1")
    )
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/padding.xml", padding)
    assert path.stat().st_size < 20_000
    limits = ReadLimits(file_bytes=1_000_000)
    with pytest.raises(FileTooLarge, match=r"when unpacked .*\(JOINEDUP_MAX_FILE_BYTES\)"):
        read_table(path, ("amount",), limits=limits)
    with pytest.raises(FileTooLarge, match="JOINEDUP_MAX_FILE_BYTES"):
        sheet_names(path, limits)


def test_a_file_past_the_byte_limit_is_refused_before_it_is_read(tmp_path: Path) -> None:
    path = tmp_path / "big.csv"
    path.write_text("amount\n" + "1\n" * 600)
    with pytest.raises(FileTooLarge) as refused:
        read_table(path, ("amount",), limits=ReadLimits(file_bytes=1000))
    assert str(refused.value) == (
        "big.csv: 1,207 bytes is too large; the limit is 1,000 (JOINEDUP_MAX_FILE_BYTES)."
    )


@pytest.mark.parametrize(
    ("limits", "message"),
    [
        (ReadLimits(rows=10), "more than 10 rows; the limit is 10 (JOINEDUP_MAX_ROWS)"),
        (ReadLimits(columns=3), "more than 3 columns; the limit is 3 (JOINEDUP_MAX_COLUMNS)"),
        (ReadLimits(cells=50), "more than 50 cells; the limit is 50 (JOINEDUP_MAX_CELLS)"),
    ],
)
def test_csv_rows_columns_and_cells_are_bounded(
    tmp_path: Path, limits: ReadLimits, message: str
) -> None:
    path = tmp_path / "kent.csv"
    path.write_text("amount,b\n" + "1,2\n" * 30 + "1,2,3,4,5\n")
    with pytest.raises(FileTooLarge, match=re.escape(message)):
        read_table(path, ("amount",), limits=limits)


def test_blank_cells_past_the_last_value_do_not_count_as_columns(tmp_path: Path) -> None:
    path = tmp_path / "kent.csv"
    path.write_text("amount,b" + "," * 20 + "\n1,2" + "," * 20 + "\n")
    table = read_table(path, ("amount",), limits=ReadLimits(columns=3))
    assert table.rows[0][1]["amount"] == "1"


def test_reading_is_bounded_in_time(tmp_path: Path) -> None:
    path = tmp_path / "slow.csv"
    path.write_text("amount\n" + "1\n" * 3000)
    with pytest.raises(
        FileTooLarge, match=r"took more than 1e-09 s; .*\(JOINEDUP_MAX_READ_SECONDS\)"
    ):
        read_table(path, ("amount",), limits=ReadLimits(seconds=1e-9))


def test_limits_come_from_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JOINEDUP_MAX_ROWS", "5")
    path = tmp_path / "kent.csv"
    path.write_text("amount\n" + "1\n" * 10)
    with pytest.raises(FileTooLarge, match=r"more than 5 rows; the limit is 5 \("):
        read_table(path, ("amount",))


def test_ordinary_files_still_read(tmp_path: Path) -> None:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["Title"])
    sheet.append(["amount", "note"])
    sheet.append([12, None])
    workbook.save(tmp_path / "plain.xlsx")
    table = read_table(tmp_path / "plain.xlsx", ("amount",))
    assert (table.header_row, table.rows) == (2, [(3, {"amount": 12, "note": None})])
