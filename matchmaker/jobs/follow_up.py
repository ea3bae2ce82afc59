"""The after-event follow-up mails as a periodic task: what the on-the-day tick runs every few minutes
(``PeriodicTask("follow_up.mails", timedelta(minutes=10), "matchmaker.jobs.follow_up.send_due")``)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Protocol

from sqlalchemy.orm import Session

from matchmaker.config import Settings
from matchmaker.db.unit_of_work import commit
from matchmaker.services.follow_up import events_due_for_follow_up, send_follow_up_mails


class Tick(Protocol):
    """What a periodic task is given: the time it runs at and the settings."""

    @property
    def now(self) -> datetime: ...

    @property
    def settings(self) -> Settings: ...


def lost_link_url(settings: Settings) -> str:
    """Where a mail sends a reader for their personal link (only its hash is stored)."""
    return settings.base_url.rstrip("/") + "/lost-link"


def send_due_follow_up_mails(session: Session, lost_link: str, now: datetime | None = None) -> int:
    """The follow-up mails of every event whose follow-ups are due, committed after each event so that
    one event's mails never wait on another's; how many were written."""
    now = now or datetime.now(UTC)
    sent = 0
    for event in events_due_for_follow_up(session, now):
        sent += send_follow_up_mails(session, event, lost_link, now)
        commit(session)
    return sent


def send_due(session: Session, tick: Tick) -> int:
    """Follow-up mails of every event that is over (commits per event); how many were written."""
    return send_due_follow_up_mails(session, lost_link_url(tick.settings), tick.now)
