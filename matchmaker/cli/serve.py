"""`matchmaker serve`: check settings and database, then run the app under gunicorn."""

from __future__ import annotations

import os
import re
import socket
from typing import Any

import click
from flask import Flask
from gunicorn.app.base import BaseApplication
from gunicorn.glogging import Logger

from matchmaker.cli.context import migrated_session
from matchmaker.cli.errors import CliError
from matchmaker.config import load_settings
from matchmaker.jobs.queue import redis_problem
from matchmaker.web.app import create_app

# Personal links, calendar subscriptions and kiosk boards carry their secret in the path: access logs
# must not keep it. (The JSON API takes its tokens in headers, so its /api/v1/me and /api/v1/kiosk
# paths hold none.)
_SECRET_PATHS = re.compile(r"(?<!/api/v1)(/me/|/calendar/|/kiosk/[^/\s]+/)[^/\s?]+")


def mask_secrets(text: str) -> str:
    """``text`` with the token part of personal, calendar and kiosk links replaced by ``***``."""
    return _SECRET_PATHS.sub(r"\1***", text)


class MaskingLogger(Logger):  # type: ignore[misc]
    """Gunicorn's access log with tokens masked in the request line, path and referrer."""

    def atoms(self, resp: Any, req: Any, environ: dict[str, Any], request_time: Any) -> dict[str, Any]:
        atoms: dict[str, Any] = super().atoms(resp, req, environ, request_time)
        for key in ("r", "U", "f"):
            if isinstance(atoms.get(key), str):
                atoms[key] = mask_secrets(atoms[key])
        return atoms


class GunicornServer(BaseApplication):  # type: ignore[misc]
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


DEFAULT_THREADS = 2


def usable_cores() -> int:
    """The CPU cores this process may run on (a CPU quota of a container is not seen: set WEB_CONCURRENCY)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def gunicorn_options(host: str, port: int, workers: int, threads: int) -> dict[str, Any]:
    """How the app is served; the load benchmark serves it the same way.

    Why this model (figures in the README's performance section):
    - gthread: a thread per request in flight, idle keep-alive connections (kiosks, phones between
      clicks) wait in the worker's poller without holding a thread.
    - Few threads: a request here is mostly Python work (~2 ms) around short database round trips,
      so more threads in one process only queue for its interpreter lock; each request in flight
      then takes longer, and the slowest ones much longer.
    - ``reuse_port``: each worker listens on its own socket and the kernel spreads new connections
      over them. With one shared socket, whichever worker woke first took most of a burst of
      connections and, with keep-alive, kept them: one process saturated while the others idled.
    """
    return {
        "bind": f"{host}:{port}",
        "workers": workers,
        "threads": threads,
        "worker_class": "gthread",
        "reuse_port": True,
        "accesslog": "-",
        "logger_class": MaskingLogger,
        "timeout": 60,
        "graceful_timeout": 20,
    }


def port_is_free(host: str, port: int) -> bool:
    """Whether nothing listens on ``host:port``, checked with a plain bind. With ``reuse_port`` the
    workers could share a port with another server started by mistake; a plain bind still fails."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # a closed server's TIME_WAIT is fine
        try:
            probe.bind((host, port))
        except OSError:
            return False
    return True


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.option(
    "--workers",
    default=lambda: int(os.environ.get("WEB_CONCURRENCY", "0")) or usable_cores(),
    show_default="WEB_CONCURRENCY, else one per CPU core",
    type=click.IntRange(1, 64),
    help="Worker processes.",
)
@click.option(
    "--threads",
    default=DEFAULT_THREADS,
    show_default=True,
    type=click.IntRange(1, 256),
    help="Threads per worker.",
)
def serve(host: str, port: int, workers: int, threads: int) -> None:
    """Serve the web app with gunicorn (the schema must be up to date)."""
    settings = load_settings()
    with migrated_session(settings):
        pass  # fails with one line if the database is unreachable or not migrated
    if not port_is_free(host, port):
        raise CliError(f"{host}:{port} is already in use (is matchmaker already running?)")
    if settings.redis_url and (problem := redis_problem(settings.redis_url)) is not None:
        # A warning, not a refusal: the app degrades (limits and jobs in-process) and recovers by itself.
        click.echo(
            f"warning: cannot reach Redis at MATCHMAKER_REDIS_URL ({problem}): rate limits count "
            "per process and jobs run inside the web workers until it is back",
            err=True,
        )
    app = create_app(settings)
    click.echo(f"matchmaker serving on http://{host}:{port}/ ({workers} workers x {threads} threads)")
    GunicornServer(app, gunicorn_options(host, port, workers, threads)).run()
