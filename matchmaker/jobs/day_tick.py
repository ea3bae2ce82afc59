"""The on-the-day tick: every minute or so, for each event that is on today, mark no-shows, expire
refill offers and ask the next candidates, send reminders and digests, and the follow-up mails of
events that are over; for every event, fail the background jobs whose worker died. Each step is safe
to run twice or in two workers at once (see the services); each event commits on its own, so one
event's trouble never holds another's mails.

Run by ``matchmaker tick`` (once, or ``--every 60`` in a loop) or enqueued as
``matchmaker.jobs.day_tick.tick_job`` by a scheduler.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from matchmaker.db.models import Event
from matchmaker.db.types import utcnow
from matchmaker.services import day_outcomes, refill, reminders
from matchmaker.services.data_jobs import sweep_abandoned_data_jobs
from matchmaker.services.meetings import LinkBuilder
from matchmaker.services.scheduling import sweep_abandoned_runs

log = logging.getLogger(__name__)


@dataclass
class TickReport:
    no_shows: int = 0
    expired_offers: int = 0
    offers: int = 0
    reminders: int = 0
    digests: int = 0
    follow_ups: int = 0
    abandoned_jobs: int = 0
    failed_events: list[int] = field(default_factory=list)

    def line(self) -> str:
        return (
            f"{self.no_shows} no-show(s), {self.expired_offers} offer(s) expired, {self.offers} offer(s) "
            f"made, {self.reminders} reminder(s), {self.digests} digest(s), "
            f"{self.follow_ups} follow-up mail(s), {self.abandoned_jobs} abandoned job(s) failed"
        )


def events_on(session: Session, now: datetime) -> list[Event]:
    """Events whose dates (at the venue, which may be a day off UTC) include ``now``."""
    day = now.date()
    candidates = session.scalars(
        select(Event)
        .where(Event.start_date <= day + timedelta(days=1), Event.end_date >= day - timedelta(days=1))
        .order_by(Event.id)
    ).all()
    return [e for e in candidates if e.start_date <= now.astimezone(e.zone).date() <= e.end_date]


def tick_event(
    session: Session, event: Event, now: datetime, report: TickReport, link_for: LinkBuilder | None = None
) -> None:
    """One event's share of the tick (flushes; the caller commits)."""
    refill.lock_slots(session, event, now)
    report.no_shows += len(day_outcomes.mark_no_shows(session, event, now, link_for))
    report.expired_offers += refill.expire_offers(session, event, now, link_for)
    report.offers += refill.seek_again(session, event, now, link_for)
    report.reminders += reminders.send_meeting_reminders(session, event, now)
    report.digests += reminders.send_digests(session, event, now)


def run_tick(
    session: Session,
    now: datetime | None = None,
    link_for: LinkBuilder | None = None,
    lost_link: str | None = None,
) -> TickReport:
    """Everything due at ``now`` for every event on today; commits per event."""
    now = now or utcnow()
    report = TickReport()
    try:  # jobs whose worker died: their pages say so and offer a retry instead of spinning forever
        report.abandoned_jobs = len(sweep_abandoned_runs(session, now)) + len(
            sweep_abandoned_data_jobs(session, now)
        )
        session.commit()
    except Exception:
        session.rollback()
        log.exception("the day tick could not sweep abandoned jobs")
    for event in events_on(session, now):
        try:
            tick_event(session, event, now, report, link_for)
            session.commit()
        except Exception:
            session.rollback()
            log.exception("the day tick failed for event #%s", event.id)
            report.failed_events.append(event.id)
    if lost_link is not None:
        from matchmaker.jobs.follow_up import send_due_follow_up_mails

        report.follow_ups = send_due_follow_up_mails(session, lost_link, now)
    return report


def tick_job(database_url: str | None = None) -> str:
    """The tick as a queue job (``matchmaker worker`` runs it): settings and a session of its own."""
    from matchmaker.jobs.follow_up import lost_link_url
    from matchmaker.jobs.runtime import _settings, job_session

    settings = _settings()
    base = settings.base_url.rstrip("/")
    with job_session(database_url) as session:
        return run_tick(
            session, link_for=lambda token: f"{base}/me/{token}", lost_link=lost_link_url(settings)
        ).line()
