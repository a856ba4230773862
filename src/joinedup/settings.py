"""Settings: declared once, typed, each with a default and a line of documentation.

A value is taken from, in order: a command-line flag, the environment (``JOINEDUP_<NAME>``),
the config file, then the default below. The config file is ``--config PATH``, else
``$JOINEDUP_CONFIG``, else ``./joinedup.toml`` if it exists; it holds the same names as keys::

    db = "/srv/joinedup/warehouse.duckdb"
    port = 8080
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path
from typing import Any

from pydantic import Field, SecretStr, ValidationError
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
)

from joinedup.errors import JoinedUpError

ENV_PREFIX = "JOINEDUP_"
DEFAULT_CONFIG_FILE = Path("joinedup.toml")


class SettingsError(JoinedUpError):
    """A setting could not be read; the message names where it came from."""


class Settings(BaseSettings):
    """Every setting JoinedUp reads. ``docs/settings.md`` is generated from these fields."""

    model_config = SettingsConfigDict(env_prefix=ENV_PREFIX, extra="forbid", frozen=True)

    db: Path = Field(
        default=Path("joinedup.duckdb"),
        description="Path of the warehouse (a DuckDB file).",
    )
    host: str = Field(default="127.0.0.1", description="Address `joinedup serve` listens on.")
    port: int = Field(default=8000, ge=1, le=65535, description="Port `joinedup serve` uses.")
    workers: int = Field(
        default=1,
        ge=1,
        le=64,
        description=(
            "Worker processes `joinedup serve` runs. With more than one, each reads the "
            "warehouse's snapshot and writes take turns (see docs/decisions.md)."
        ),
    )
    disclosure_threshold: int = Field(
        default=7,
        ge=0,
        description=(
            "Public outputs suppress counts of people from 1 up to this value "
            "(metrics may set their own)."
        ),
    )

    nhs_number_salt: SecretStr | None = Field(
        default=None,
        description=(
            "Secret that NHS numbers are hashed with at load (at least 16 characters); the same "
            "salt links a system's loads. Keep it out of the repository: set it in the "
            "environment or a config file only its owner can read."
        ),
    )
    secure_cookies: bool = Field(
        default=False,
        description="Send the session cookie only over HTTPS: set it when serving behind TLS.",
    )
    secret_key: SecretStr | None = Field(
        default=None,
        min_length=32,
        description=(
            "Key that signs the web app's session cookies (at least 32 characters). Unset, a "
            "random key is made on first use in `<db>.session-key` beside the warehouse, "
            "readable by its owner only. Never kept in the warehouse or the repository; "
            "changing it signs everyone out."
        ),
    )

    warehouse_threads: int | None = Field(
        default=None,
        ge=1,
        # DuckDB starts every thread it is given: 100,000 took 1.5 GB and nine minutes for one
        # command.
        le=256,
        description=(
            "Threads DuckDB may use for each query on the warehouse. Unset: one per core. "
            "Where processes share the cores (`serve --workers`, other work on the machine), "
            "1 spends less CPU on a page's many small queries; a large population run is "
            "faster with more."
        ),
    )
    drawing_cache: Path | None = Field(
        default=None,
        description=(
            "Folder where drawn charts and PDF packs are kept, shared by every process that "
            "draws (serve's workers, a server started again, reports). Unset, each process "
            "keeps its own charts in memory. It may be emptied at any time."
        ),
    )

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        # Flags arrive as init arguments; the config file is merged by load_settings, so
        # only flags and environment are sources here.
        return (init_settings, env_settings)


def config_file(explicit: Path | None = None) -> Path | None:
    """The config file in use, or None when there is none."""
    if explicit is not None:
        return explicit
    from_env = os.environ.get(f"{ENV_PREFIX}CONFIG")
    if from_env:
        return Path(from_env)
    return DEFAULT_CONFIG_FILE if DEFAULT_CONFIG_FILE.exists() else None


def read_config_file(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            values = tomllib.load(handle)
    except FileNotFoundError:
        raise SettingsError(f"Config file {path} does not exist.") from None
    except tomllib.TOMLDecodeError as error:
        raise SettingsError(f"Config file {path} is not valid TOML: {error}.") from None
    unknown = sorted(set(values) - set(Settings.model_fields))
    if unknown:
        known = ", ".join(Settings.model_fields)
        raise SettingsError(
            f"Config file {path} has unknown setting(s) {', '.join(unknown)}; known: {known}."
        )
    return values


def load_settings(config: Path | None = None, **flags: Any) -> Settings:
    """Settings from flags (None means "not given"), environment, config file and defaults."""
    given = {name: value for name, value in flags.items() if value is not None}
    path = config_file(config)
    from_file = read_config_file(path) if path is not None else {}
    from_env = {
        name for name in Settings.model_fields if f"{ENV_PREFIX}{name.upper()}" in os.environ
    }
    # The file sits below the environment, so it only fills what flags and env left open.
    merged = {name: value for name, value in from_file.items() if name not in from_env} | given
    try:
        return Settings(**merged)
    except ValidationError as error:
        problems = "; ".join(
            f"{'.'.join(str(part) for part in issue['loc'])}: {issue['msg']}"
            for issue in error.errors()
        )
        origin = f" (config file {path})" if path is not None else ""
        raise SettingsError(f"Invalid setting{origin}: {problems}.") from None


def describe() -> list[dict[str, str]]:
    """One row per setting: name, environment variable, default and description."""
    return [
        {
            "name": name,
            "environment": f"{ENV_PREFIX}{name.upper()}",
            "default": str(field.default),
            "description": field.description or "",
        }
        for name, field in Settings.model_fields.items()
    ]
