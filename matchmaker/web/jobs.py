"""The app's job queue (in-process threads or Redis, chosen by configuration)."""

from __future__ import annotations

from flask import current_app

from matchmaker.jobs import JobQueue


def job_queue() -> JobQueue:
    queue: JobQueue = current_app.extensions["matchmaker.jobs"]
    return queue
