from __future__ import annotations

from pathlib import Path

import pytest

from joinedup.settings import Settings, SettingsError, describe, load_settings


def test_defaults() -> None:
    settings = load_settings()
    assert settings.db == Path("joinedup.duckdb")
    assert (settings.host, settings.port, settings.disclosure_threshold) == ("127.0.0.1", 8000, 7)


def test_flag_beats_environment_beats_file_beats_default(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = tmp_path / "joinedup.toml"
    config.write_text('db = "from-file.duckdb"\nport = 9001\nhost = "0.0.0.0"\n')
    monkeypatch.setenv("JOINEDUP_PORT", "9002")
    monkeypatch.setenv("JOINEDUP_DB", "from-env.duckdb")

    settings = load_settings(config, db=Path("from-flag.duckdb"))

    assert settings.db == Path("from-flag.duckdb")
    assert settings.port == 9002
    assert settings.host == "0.0.0.0"
    assert settings.disclosure_threshold == 7


def test_config_file_found_in_working_directory_and_from_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    Path("joinedup.toml").write_text("port = 8100\n")
    assert load_settings().port == 8100
    elsewhere = tmp_path / "other.toml"
    elsewhere.write_text("port = 8200\n")
    monkeypatch.setenv("JOINEDUP_CONFIG", str(elsewhere))
    assert load_settings().port == 8200


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("colour = 'blue'\n", "unknown setting(s) colour"),
        ("port = 'eighty'\n", "port"),
        ("port = 70000\n", "port"),
        ("port = \n", "not valid TOML"),
    ],
)
def test_bad_config_file_is_named(tmp_path: Path, content: str, expected: str) -> None:
    config = tmp_path / "bad.toml"
    config.write_text(content)
    with pytest.raises(SettingsError, match=r"bad\.toml") as raised:
        load_settings(config)
    assert expected in str(raised.value)


def test_missing_explicit_config_file(tmp_path: Path) -> None:
    with pytest.raises(SettingsError, match="does not exist"):
        load_settings(tmp_path / "absent.toml")


def test_bad_environment_value(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JOINEDUP_PORT", "not-a-port")
    with pytest.raises(SettingsError, match="port"):
        load_settings()


def test_every_setting_is_documented() -> None:
    rows = describe()
    assert [row["name"] for row in rows] == list(Settings.model_fields)
    assert all(row["description"] for row in rows)
