"""The NHS number salt is a setting: from the environment or a config file, never shown."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from joinedup.cli.app import app

SALT = "a-salt-kept-in-the-config-file"
COLUMNS = ("person_id", "age", "sex", "council_code", "nhs_number")


def test_the_salt_comes_from_the_config_file(
    write_population: Any, rows: Any, tmp_path: Path
) -> None:
    source = write_population(
        [rows.person("p1", nhs_number="943 476 5919")],
        [rows.event("p1", "outpatients", 100)],
        person_columns=COLUMNS,
    )
    runner = CliRunner()
    refused = runner.invoke(
        app, ["population", "segment", "--input", str(source), "--format", "json"]
    )
    assert refused.exit_code != 0 and "JOINEDUP_NHS_NUMBER_SALT" in refused.output
    config = tmp_path / "joinedup.toml"
    config.write_text(f'nhs_number_salt = "{SALT}"\n', encoding="utf-8")
    arguments = [
        "population",
        "segment",
        "--input",
        str(source),
        "--format",
        "json",
        "--config",
        str(config),
    ]
    done = runner.invoke(app, arguments)
    assert done.exit_code == 0, done.output
    assert '"people": 1' in done.output


def test_the_salt_is_never_shown(tmp_path: Path) -> None:
    config = tmp_path / "joinedup.toml"
    config.write_text(f'nhs_number_salt = "{SALT}"\n', encoding="utf-8")
    shown = CliRunner().invoke(app, ["settings", "--config", str(config), "--format", "json"])
    assert shown.exit_code == 0, shown.output
    assert "nhs_number_salt" in shown.output and SALT not in shown.output
