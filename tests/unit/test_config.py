from __future__ import annotations

from pathlib import Path

import pytest

from matchmaker.config import ConfigError, load_settings


def test_settings_without_secret_key_outside_debug_names_the_setting() -> None:
    with pytest.raises(ConfigError, match="MATCHMAKER_SECRET_KEY is not set"):
        load_settings({})


def test_settings_in_debug_mode_need_no_secret_key() -> None:
    settings = load_settings({"MATCHMAKER_DEBUG": "1"})

    assert settings.debug is True


def test_settings_default_database_is_sqlite_under_instance() -> None:
    settings = load_settings({"MATCHMAKER_SECRET_KEY": "k"})

    assert settings.uses_sqlite
    assert settings.resolved_database_url.endswith("instance/matchmaker.sqlite3")


def test_settings_read_every_variable(tmp_path: Path) -> None:
    settings = load_settings(
        {
            "MATCHMAKER_SECRET_KEY": "k",
            "MATCHMAKER_DATABASE_URL": "postgresql+psycopg://u@db/x",
            "MATCHMAKER_REDIS_URL": "redis://127.0.0.1:6379/0",
            "MATCHMAKER_TOP_K": "40",
            "MATCHMAKER_INSTANCE_PATH": str(tmp_path),
            "MATCHMAKER_LOG_LEVEL": "warning",
        }
    )

    assert settings.database_url == "postgresql+psycopg://u@db/x"
    assert settings.redis_url == "redis://127.0.0.1:6379/0"
    assert settings.top_k == 40
    assert settings.instance_path == tmp_path
    assert settings.log_level == "WARNING"


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("MATCHMAKER_DEBUG", "maybe", "MATCHMAKER_DEBUG='maybe' is not a yes/no value"),
        ("MATCHMAKER_DATABASE_URL", "mysql://x/y", "MATCHMAKER_DATABASE_URL has unsupported scheme"),
        ("MATCHMAKER_TOP_K", "many", "MATCHMAKER_TOP_K='many' is not a whole number"),
        ("MATCHMAKER_TOP_K", "0", "MATCHMAKER_TOP_K='0' must be at least 1"),
        (
            "MATCHMAKER_TICK_SECONDS",
            "99999999999999999999",
            "MATCHMAKER_TICK_SECONDS='99999999999999999999' must be at most 86400",
        ),
        ("MATCHMAKER_REDIS_URL", "http://x", "MATCHMAKER_REDIS_URL must start with"),
        ("MATCHMAKER_LOG_LEVEL", "LOUD", "MATCHMAKER_LOG_LEVEL='LOUD' is not one of"),
    ],
)
def test_settings_with_unusable_value_name_the_setting(variable: str, value: str, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        load_settings({"MATCHMAKER_SECRET_KEY": "k", variable: value})


def test_settings_warn_about_a_misspelt_variable() -> None:
    with pytest.warns(UserWarning, match="MATCHMAKER_DATABSE_URL is not a matchmaker setting"):
        load_settings({"MATCHMAKER_SECRET_KEY": "k", "MATCHMAKER_DATABSE_URL": "sqlite://"})
