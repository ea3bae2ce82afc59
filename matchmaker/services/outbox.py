"""Reading an event's outbox: what was mailed to whom, whether it went out, and why not."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session

from matchmaker.db.models import Attendee, Event, MailStatus, OutboxMail
from matchmaker.services.invitations import LINK_KINDS
from matchmaker.services.paging import page_of

PAGE_SIZE = 50


@dataclass(frozen=True)
class OutboxFilter:
    query: str = ""  # words found in the address or the subject
    status: str = ""  # a MailStatus, or "" for all
    page: int = 1


@dataclass(frozen=True)
class OutboxPage:
    mails: list[OutboxMail]
    total: int
    pages: int
    by_status: dict[str, int]


def _filtered(event: Event, wanted: OutboxFilter) -> Select[OutboxMail]:
    statement = select(OutboxMail).where(OutboxMail.event_id == event.id)
    for word in wanted.query.lower().split():
        pattern = f"%{word}%"
        statement = statement.where(
            or_(func.lower(OutboxMail.to_address).like(pattern), func.lower(OutboxMail.subject).like(pattern))
        )
    if wanted.status in set(MailStatus):
        statement = statement.where(OutboxMail.status == wanted.status)
    return statement


def find_mails(session: Session, event: Event, wanted: OutboxFilter) -> OutboxPage:
    """One page of the event's mails matching the filter, newest first, with counts by status."""
    statement = _filtered(event, wanted)
    page = max(1, wanted.page)
    newest_first = statement.order_by(OutboxMail.id.desc())
    rows, total = page_of(session, newest_first, PAGE_SIZE, (page - 1) * PAGE_SIZE)
    mails = list(rows)
    by_status = {
        str(status): int(count)
        for status, count in session.execute(
            select(OutboxMail.status, func.count())
            .where(OutboxMail.event_id == event.id)
            .group_by(OutboxMail.status)
        )
    }
    return OutboxPage(mails, total, max(1, -(-total // PAGE_SIZE)), by_status)


def mail_of(session: Session, event: Event, mail_id: int) -> OutboxMail | None:
    mail = session.get(OutboxMail, mail_id)
    return mail if mail is not None and mail.event_id == event.id else None


def recipient_of(session: Session, event: Event, mail: OutboxMail) -> Attendee | None:
    return session.scalar(
        select(Attendee).where(Attendee.event_id == event.id, Attendee.email == mail.to_address)
    )


def mails_to(session: Session, event: Event, address: str | None, limit: int = 20) -> list[OutboxMail]:
    """The latest mails of the event to ``address``, newest first."""
    if not address:
        return []
    return list(
        session.scalars(
            select(OutboxMail)
            .where(OutboxMail.event_id == event.id, OutboxMail.to_address == address)
            .order_by(OutboxMail.id.desc())
            .limit(limit)
        )
    )


def latest_link_mails(session: Session, event: Event, addresses: list[str]) -> dict[str, OutboxMail]:
    """For each address, the latest mail that carried its personal link (for the attendee list)."""
    if not addresses:
        return {}
    latest = (
        select(func.max(OutboxMail.id))
        .where(
            OutboxMail.event_id == event.id,
            OutboxMail.to_address.in_(addresses),
            OutboxMail.kind.in_(LINK_KINDS),
        )
        .group_by(OutboxMail.to_address)
    )
    mails = session.scalars(select(OutboxMail).where(OutboxMail.id.in_(latest)))
    return {mail.to_address: mail for mail in mails}


def mail_counts(session: Session, event_ids: list[int]) -> dict[int, dict[str, int]]:
    """{event id: {status: count}} for the dashboard."""
    counts: dict[int, dict[str, int]] = {}
    if not event_ids:
        return counts
    rows = session.execute(
        select(OutboxMail.event_id, OutboxMail.status, func.count())
        .where(OutboxMail.event_id.in_(event_ids))
        .group_by(OutboxMail.event_id, OutboxMail.status)
    )
    for event_id, status, count in rows:
        counts.setdefault(int(event_id or 0), {})[str(status)] = int(count)
    return counts
