"""The app's job queue (in-process threads or Redis, chosen by configuration), and in the embedded
setup (no Redis, so no worker) the day tick's timer in the web process itself."""

from __future__ import annotations

from flask import Flask, current_app

from matchmaker.config import Settings
from matchmaker.jobs import JobQueue


def init_app(app: Flask, settings: Settings) -> None:
    """Without Redis, the first request of each web process starts its day-tick thread (a thread
    started before gunicorn forks would not survive the fork); tests and ``MATCHMAKER_TICK_SECONDS=0``
    start none. With Redis the workers tick."""
    if settings.redis_url or not settings.tick_seconds:
        return

    @app.before_request
    def _start_day_ticker() -> None:
        if current_app.testing:
            return
        from matchmaker.jobs.ticker import ensure_embedded_ticker

        ensure_embedded_ticker(settings.tick_seconds, settings.resolved_database_url)


def job_queue() -> JobQueue:
    queue: JobQueue = current_app.extensions["matchmaker.jobs"]
    return queue


def job_database_url() -> str | None:
    """The database URL a job is given: the app's for in-process jobs; None for Redis workers, which
    read their own environment (no password travels via Redis)."""
    settings = current_app.config["MATCHMAKER"]
    return None if settings.redis_url else str(settings.resolved_database_url)


def waiting_for_a_worker() -> bool:
    """Whether jobs enqueued now would wait for a worker that isn't running (Redis up, no worker)."""
    return not job_queue().has_workers()
