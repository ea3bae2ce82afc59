"""Starting background work from a use case: the job is enqueued once the rows it reads are committed.

The queue is the caller's (the web app's, a command's): services don't import :mod:`matchmaker.jobs`,
they name the job function by its path, as the queue does.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from sqlalchemy.orm import Session

from matchmaker.db.unit_of_work import when_committed


class JobQueue(Protocol):
    def enqueue(self, function_path: str, *args: Any) -> str: ...


def enqueue_after_commit(
    session: Session,
    queue: JobQueue,
    function_path: str,
    args: tuple[Any, ...],
    record_id: Callable[[str], None] | None = None,
) -> None:
    """Enqueue ``function_path(*args)`` right after ``session``'s work is committed (never, if it is
    rolled back); ``record_id`` is given the queue's job id (what it writes on a row is committed too)."""

    def enqueue() -> None:
        job_id = queue.enqueue(function_path, *args)
        if record_id is not None:
            record_id(job_id)

    when_committed(session, enqueue)


def job_args(first: Any, database_url: str | None) -> tuple[Any, ...]:
    """A job's arguments: in-process jobs get the database URL, Redis workers (None) read their own."""
    return (first,) if database_url is None else (first, database_url)
