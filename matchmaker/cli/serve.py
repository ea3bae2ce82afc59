"""`matchmaker serve`: check settings and database, then run the app under gunicorn."""

from __future__ import annotations

import os
import re
from typing import Any

import click
from flask import Flask
from gunicorn.app.base import BaseApplication
from gunicorn.glogging import Logger

from matchmaker.cli.context import migrated_session
from matchmaker.config import load_settings
from matchmaker.web.app import create_app

# Personal links and kiosk boards carry their secret in the path: access logs must not keep it.
# (The JSON API takes its tokens in headers, so its /api/v1/me and /api/v1/kiosk paths hold none.)
_SECRET_PATHS = re.compile(r"(?<!/api/v1)(/me/|/kiosk/[^/\s]+/)[^/\s?]+")


def mask_secrets(text: str) -> str:
    """``text`` with the token part of personal and kiosk links replaced by ``***``."""
    return _SECRET_PATHS.sub(r"\1***", text)


class MaskingLogger(Logger):  # type: ignore[misc]
    """Gunicorn's access log with tokens masked in the request line, path and referrer."""

    def atoms(self, resp: Any, req: Any, environ: dict[str, Any], request_time: Any) -> dict[str, Any]:
        atoms: dict[str, Any] = super().atoms(resp, req, environ, request_time)
        for key in ("r", "U", "f"):
            if isinstance(atoms.get(key), str):
                atoms[key] = mask_secrets(atoms[key])
        return atoms


class _Gunicorn(BaseApplication):  # type: ignore[misc]
    """Gunicorn embedded, so a bad setting is reported in one line before any worker starts."""

    def __init__(self, app: Flask, options: dict[str, Any]) -> None:
        self._app = app
        self._options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self._options.items():
            self.cfg.set(key, value)

    def load(self) -> Flask:
        return self._app


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.option(
    "--workers",
    default=lambda: int(os.environ.get("WEB_CONCURRENCY", "2")),
    show_default="2",
    type=click.IntRange(1, 64),
    help="Worker processes.",
)
@click.option(
    "--threads",
    default=8,
    show_default=True,
    type=click.IntRange(1, 256),
    help="Threads per worker (requests mostly wait on the database).",
)
def serve(host: str, port: int, workers: int, threads: int) -> None:
    """Serve the web app with gunicorn (the schema must be up to date)."""
    settings = load_settings()
    with migrated_session(settings):
        pass  # fails with one line if the database is unreachable or not migrated
    app = create_app(settings)
    click.echo(f"matchmaker serving on http://{host}:{port}/ ({workers} workers x {threads} threads)")
    _Gunicorn(
        app,
        {
            "bind": f"{host}:{port}",
            "workers": workers,
            "threads": threads,
            "worker_class": "gthread",
            "accesslog": "-",
            "logger_class": MaskingLogger,
            "timeout": 60,
            "graceful_timeout": 20,
        },
    ).run()
