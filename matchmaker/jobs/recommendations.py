"""Background refresh of recommendations after an attendee registers or edits their profile.

The web request only enqueues; the job embeds the new texts and rewrites the event's lists. Refreshes
of one event are serialised in this process (two concurrent rewrites of the same lists would collide)
and coalesced: while one refresh waits for the lock, further requests for that event are dropped,
because the waiting refresh will read their changes anyway.
"""

from __future__ import annotations

import logging
import threading

from sqlalchemy.exc import IntegrityError

from matchmaker.jobs.runtime import job_session

log = logging.getLogger(__name__)
_locks: dict[int, threading.Lock] = {}
_waiting: set[int] = set()
_guard = threading.Lock()


def _event_lock(event_id: int) -> threading.Lock:
    with _guard:
        return _locks.setdefault(event_id, threading.Lock())


def refresh_for_attendee(
    attendee_id: int,
    event_id: int,
    database_url: str | None = None,
    model: str | None = None,
    top_k: int = 30,
) -> bool:
    """Recompute the recommendations of ``attendee_id``'s event; returns False when coalesced away.

    ``database_url`` is given by in-process queues (tests, the embedded setup); workers read their own
    settings when it is None.
    """
    with _guard:
        if event_id in _waiting:
            log.info("recommendations for event %s: a refresh is already waiting; skipped", event_id)
            return False
        _waiting.add(event_id)
    lock = _event_lock(event_id)
    with lock:
        with _guard:
            _waiting.discard(event_id)
        _refresh(attendee_id, database_url, model, top_k)
    return True


def _refresh(attendee_id: int, database_url: str | None, model: str | None, top_k: int) -> None:
    from matchmaker.ml import get_embedder
    from matchmaker.services.recommendations import refresh_after_attendee_change

    embedder = get_embedder(model) if model else None
    for attempt in (1, 2):
        with job_session(database_url) as session:
            try:
                result = refresh_after_attendee_change(
                    session, attendee_id, embedder=embedder, top_k=top_k, after_embedding=session.commit
                )
                session.commit()
            except LookupError:
                log.info("recommendations: attendee %s was deleted meanwhile; nothing to do", attendee_id)
                return
            except IntegrityError:
                # Another process rewrote the same lists at the same moment: read again and redo.
                session.rollback()
                if attempt == 2:
                    raise
                continue
        log.info(
            "recommendations refreshed after attendee %s: %s lists rewritten, %s texts embedded",
            attendee_id,
            result.lists_rewritten,
            result.texts_embedded,
        )
        return
