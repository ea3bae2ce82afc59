"""The app's job queue (in-process threads or Redis, chosen by configuration)."""

from __future__ import annotations

from flask import current_app

from matchmaker.jobs import JobQueue


def job_queue() -> JobQueue:
    queue: JobQueue = current_app.extensions["matchmaker.jobs"]
    return queue


def job_database_url() -> str | None:
    """The database URL a job is given: the app's for in-process jobs; None for Redis workers, which
    read their own environment (no password travels via Redis)."""
    settings = current_app.config["MATCHMAKER"]
    return None if settings.redis_url else str(settings.resolved_database_url)
