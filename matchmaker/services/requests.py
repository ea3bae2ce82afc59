"""Meeting requests between attendees: send, accept, decline, cancel, expire.

Rules: an attendee has at most ``Event.request_cap`` outgoing requests open (waiting or accepted);
an unanswered request expires after ``Event.request_expiry_hours``; a request to someone who already
asked you is an acceptance of their request. Accepting does not book a slot: the organiser's scheduler
places accepted requests as required meetings.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum

from sqlalchemy import ColumnElement, and_, func, or_, select, update
from sqlalchemy.orm import Session

from matchmaker.db.models import (
    Attendee,
    Exclusion,
    Meeting,
    MeetingRequest,
    MeetingStatus,
    RequestStatus,
    ScheduleRun,
)
from matchmaker.services.contact_sharing import sharing_partner_ids
from matchmaker.services.mail import send_mail
from matchmaker.services.translations import translations

OPEN_STATUSES = (RequestStatus.REQUESTED, RequestStatus.ACCEPTED)
MAX_MESSAGE_CHARS = 500
# Where a mail sends its reader: the personal page itself can't be linked (only its hash is stored).
PageLink = Callable[[Attendee], str]


class RequestProblem(StrEnum):
    """Why a request action was refused; the web layer words each one for people."""

    SELF = "self"
    UNKNOWN_PERSON = "unknown_person"
    NOT_AVAILABLE = "not_available"
    ALREADY_REQUESTED = "already_requested"
    ALREADY_AGREED = "already_agreed"
    CAP_REACHED = "cap_reached"
    NOT_FOUND = "not_found"
    NOT_OPEN = "not_open"
    # The organisers open requests only once the schedule is published (Event.requests_before_schedule).
    REQUESTS_CLOSED = "requests_closed"


class RequestError(ValueError):
    def __init__(self, problem: RequestProblem, cap: int = 0) -> None:
        super().__init__(problem.value)
        self.problem = problem
        self.cap = cap


@dataclass(frozen=True)
class SendOutcome:
    request: MeetingRequest
    # True when the other person had already asked: their request was accepted instead.
    became_acceptance: bool


def expire_overdue(session: Session, event_id: int, now: datetime | None = None) -> int:
    """Mark every unanswered request of the event past its expiry as expired (flushes); returns how many."""
    now = now or datetime.now(UTC)
    result = session.execute(
        update(MeetingRequest)
        .where(
            MeetingRequest.event_id == event_id,
            MeetingRequest.status == RequestStatus.REQUESTED,
            MeetingRequest.expires_at.is_not(None),
            MeetingRequest.expires_at <= now,
        )
        .values(status=RequestStatus.EXPIRED)
        .execution_options(synchronize_session="fetch")
    )
    session.flush()
    return int(getattr(result, "rowcount", 0) or 0)


def is_open(now: datetime) -> ColumnElement[bool]:
    """A request open at ``now``: accepted, or waiting and not past its expiry. Reads use this instead of
    writing the expiry first, so an overdue request is expired for them before any write records it
    (:func:`expire_overdue`, run by every request action)."""
    waiting = and_(
        MeetingRequest.status == RequestStatus.REQUESTED,
        or_(MeetingRequest.expires_at.is_(None), MeetingRequest.expires_at > now),
    )
    return or_(MeetingRequest.status == RequestStatus.ACCEPTED, waiting)


def status_at(request: MeetingRequest, now: datetime) -> str:
    """The request's status as of ``now``: a waiting request past its expiry reads "expired"."""
    overdue = request.expires_at is not None and request.expires_at <= now
    return RequestStatus.EXPIRED if request.status == RequestStatus.REQUESTED and overdue else request.status


def open_outgoing_count(session: Session, attendee: Attendee, now: datetime | None = None) -> int:
    return int(
        session.scalar(
            select(func.count())
            .select_from(MeetingRequest)
            .where(MeetingRequest.from_attendee_id == attendee.id, is_open(now or datetime.now(UTC)))
        )
        or 0
    )


def open_requests_with(
    session: Session, attendee: Attendee, now: datetime | None = None
) -> tuple[dict[int, MeetingRequest], dict[int, MeetingRequest]]:
    """The attendee's open requests, (sent, received), each by the other person's id."""
    rows = session.scalars(
        select(MeetingRequest).where(
            is_open(now or datetime.now(UTC)),
            or_(MeetingRequest.from_attendee_id == attendee.id, MeetingRequest.to_attendee_id == attendee.id),
        )
    )
    sent, received = {}, {}
    for row in rows:
        if row.from_attendee_id == attendee.id:
            sent[row.to_attendee_id] = row
        else:
            received[row.from_attendee_id] = row
    return sent, received


def _open_request(session: Session, sender_id: int, recipient_id: int) -> MeetingRequest | None:
    return session.scalar(
        select(MeetingRequest).where(
            MeetingRequest.from_attendee_id == sender_id,
            MeetingRequest.to_attendee_id == recipient_id,
            MeetingRequest.status.in_(OPEN_STATUSES),
        )
    )


def _live_meeting_exists(session: Session, a: int, b: int) -> bool:
    low, high = sorted((a, b))
    return (
        session.scalar(
            select(Meeting.id).where(
                Meeting.attendee_a_id == low,
                Meeting.attendee_b_id == high,
                Meeting.status != MeetingStatus.CANCELLED,
            )
        )
        is not None
    )


def _blocked(session: Session, sender: Attendee, recipient: Attendee) -> bool:
    """True when either side asked not to be matched with the other (person or company)."""

    def by(owner: Attendee, other: Attendee) -> ColumnElement[bool]:
        # No company, no company rule to hit: an empty name must not be compared (nor stood in for).
        company = (other.company or "").strip().lower()
        target = Exclusion.excluded_attendee_id == other.id
        if company:
            target = or_(target, func.lower(Exclusion.excluded_company) == company)
        return and_(Exclusion.attendee_id == owner.id, target)

    query = select(Exclusion.id).where(or_(by(sender, recipient), by(recipient, sender))).limit(1)
    return session.scalar(query) is not None


def _lock_people(session: Session, *attendee_ids: int) -> None:
    """Lock both people's rows (PostgreSQL; SQLite has one writer anyway) until the request commits.

    Serialises every send between the two and every send by the sender: A->B and B->A at the same
    moment become an agreement, identical requests see "already requested", and the open-request cap
    counts requests the other transactions are adding. Ids in order, so two sends never deadlock.
    """
    session.execute(
        select(Attendee.id)
        .where(Attendee.id.in_(sorted(set(attendee_ids))))
        .order_by(Attendee.id)
        .with_for_update(key_share=True)
    )


def requests_open(session: Session, attendee: Attendee) -> bool:
    """Whether the event takes new requests now: always, or only after a schedule is published."""
    if attendee.event.requests_before_schedule:
        return True
    published = (
        select(ScheduleRun.id)
        .where(ScheduleRun.event_id == attendee.event_id, ScheduleRun.published_at.is_not(None))
        .limit(1)
    )
    return session.scalar(published) is not None


def send_request(
    session: Session,
    sender: Attendee,
    recipient_id: int,
    message: str,
    page_link: PageLink,
    now: datetime | None = None,
) -> SendOutcome:
    """Ask ``recipient_id`` for a meeting (flushes) and tell them by mail.

    Raises :class:`RequestError` when not allowed. A request to someone whose own request to the sender
    is waiting accepts that request instead of creating a second one.
    """
    now = now or datetime.now(UTC)
    _lock_people(session, sender.id, recipient_id)
    expire_overdue(session, sender.event_id, now)
    recipient = session.get(Attendee, recipient_id)
    if recipient_id == sender.id:
        raise RequestError(RequestProblem.SELF)
    if recipient is None or recipient.event_id != sender.event_id:
        raise RequestError(RequestProblem.UNKNOWN_PERSON)
    if not requests_open(session, sender):
        raise RequestError(RequestProblem.REQUESTS_CLOSED)
    if _blocked(session, sender, recipient):
        raise RequestError(RequestProblem.NOT_AVAILABLE)
    theirs = _open_request(session, recipient.id, sender.id)
    if theirs is not None and theirs.status == RequestStatus.REQUESTED:
        accept(session, sender, theirs.id, page_link, now)
        return SendOutcome(theirs, became_acceptance=True)
    mine = _open_request(session, sender.id, recipient.id)
    if mine is not None and mine.status == RequestStatus.REQUESTED:
        raise RequestError(RequestProblem.ALREADY_REQUESTED)
    if mine is not None or theirs is not None or _live_meeting_exists(session, sender.id, recipient.id):
        raise RequestError(RequestProblem.ALREADY_AGREED)
    cap = sender.event.request_cap
    if open_outgoing_count(session, sender) >= cap:
        raise RequestError(RequestProblem.CAP_REACHED, cap=cap)
    request = MeetingRequest(
        event_id=sender.event_id,
        from_attendee_id=sender.id,
        to_attendee_id=recipient.id,
        message=message.strip()[:MAX_MESSAGE_CHARS],
        status=RequestStatus.REQUESTED,
        created_at=now,
        expires_at=now + timedelta(hours=sender.event.request_expiry_hours),
    )
    session.add(request)
    session.flush()
    _notify_request_received(session, request, sender, recipient, page_link)
    return SendOutcome(request, became_acceptance=False)


def _addressed_to(session: Session, attendee: Attendee, request_id: int, now: datetime) -> MeetingRequest:
    # Lock the request first: an accept and a cancel arriving together must not both succeed (each
    # would read "requested" and write its own answer). The second waits, then sees it closed.
    session.get(MeetingRequest, request_id, with_for_update=True, populate_existing=True)
    expire_overdue(session, attendee.event_id, now)
    # Locked (and re-read) so an accept racing a decline or a cancel sees the other's outcome.
    request = session.scalar(
        select(MeetingRequest)
        .where(MeetingRequest.id == request_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    if request is None or attendee.id not in (request.from_attendee_id, request.to_attendee_id):
        raise RequestError(RequestProblem.NOT_FOUND)
    return request


def accept(
    session: Session, attendee: Attendee, request_id: int, page_link: PageLink, now: datetime | None = None
) -> MeetingRequest:
    """Accept a waiting request addressed to ``attendee`` (flushes) and tell the sender."""
    return _answer(session, attendee, request_id, page_link, now, accepted=True)


def decline(
    session: Session, attendee: Attendee, request_id: int, page_link: PageLink, now: datetime | None = None
) -> MeetingRequest:
    """Decline a waiting request addressed to ``attendee`` (flushes) and tell the sender."""
    return _answer(session, attendee, request_id, page_link, now, accepted=False)


def _answer(
    session: Session,
    attendee: Attendee,
    request_id: int,
    page_link: PageLink,
    now: datetime | None,
    *,
    accepted: bool,
) -> MeetingRequest:
    now = now or datetime.now(UTC)
    request = _addressed_to(session, attendee, request_id, now)
    if request.to_attendee_id != attendee.id:
        raise RequestError(RequestProblem.NOT_FOUND)
    if request.status != RequestStatus.REQUESTED:
        raise RequestError(RequestProblem.NOT_OPEN)
    request.status = RequestStatus.ACCEPTED if accepted else RequestStatus.DECLINED
    request.responded_at = now
    session.flush()
    _notify_answer(session, request, accepted=accepted, page_link=page_link)
    return request


def cancel(
    session: Session, attendee: Attendee, request_id: int, now: datetime | None = None
) -> MeetingRequest:
    """Withdraw a request ``attendee`` sent, waiting or accepted (flushes)."""
    now = now or datetime.now(UTC)
    request = _addressed_to(session, attendee, request_id, now)
    if request.from_attendee_id != attendee.id:
        raise RequestError(RequestProblem.NOT_FOUND)
    if request.status not in OPEN_STATUSES:
        raise RequestError(RequestProblem.NOT_OPEN)
    request.status = RequestStatus.CANCELLED
    request.responded_at = now
    session.flush()
    return request


@dataclass(frozen=True)
class RequestLists:
    incoming: list[MeetingRequest]
    outgoing: list[MeetingRequest]
    open_outgoing: int
    cap: int
    now: datetime

    def status_of(self, request: MeetingRequest) -> str:
        """What to show as the request's status (an overdue one reads "expired")."""
        return status_at(request, self.now)


def requests_of(session: Session, attendee: Attendee, now: datetime | None = None) -> RequestLists:
    """The attendee's incoming and outgoing requests, newest first; reads only (overdue ones read as
    expired through :meth:`RequestLists.status_of`)."""
    now = now or datetime.now(UTC)
    newest = (MeetingRequest.created_at.desc(), MeetingRequest.id.desc())
    incoming = list(
        session.scalars(
            select(MeetingRequest).where(MeetingRequest.to_attendee_id == attendee.id).order_by(*newest)
        )
    )
    outgoing = list(
        session.scalars(
            select(MeetingRequest).where(MeetingRequest.from_attendee_id == attendee.id).order_by(*newest)
        )
    )
    open_count = open_outgoing_count(session, attendee, now)
    return RequestLists(incoming, outgoing, open_count, attendee.event.request_cap, now)


def agreed_partner_ids(session: Session, attendee: Attendee) -> set[int]:
    """People who agreed with ``attendee`` to be in touch, so each may see the other's address (the rule:
    :mod:`matchmaker.services.contact_sharing`; a meeting the scheduler placed is not an agreement)."""
    return sharing_partner_ids(session, attendee.id)


def _notify_request_received(
    session: Session, request: MeetingRequest, sender: Attendee, recipient: Attendee, page_link: PageLink
) -> None:
    if not recipient.email:
        return
    t = translations(recipient.locale)
    who = f"{sender.name} ({sender.company})" if sender.company else sender.name
    subject = t.gettext("%(who)s would like to meet you") % {"who": who}
    note = (t.gettext("Their message: %(message)s") % {"message": request.message}) if request.message else ""
    body = t.gettext(
        "Hello %(name)s,\n\n%(who)s would like to meet you at %(event)s.\n%(note)s\n\n"
        "Accept or decline on your personal page (the link in your registration e-mail). "
        "Lost it? Get it again here:\n%(link)s"
    ) % {
        "name": recipient.name,
        "who": who,
        "event": recipient.event.name,
        "note": note,
        "link": page_link(recipient),
    }
    send_mail(session, recipient.email, subject, body, event_id=request.event_id, kind="request_received")


def _notify_answer(session: Session, request: MeetingRequest, accepted: bool, page_link: PageLink) -> None:
    sender, recipient = request.from_attendee, request.to_attendee
    if not sender.email:
        return
    t = translations(sender.locale)
    values = {
        "name": sender.name,
        "who": recipient.name,
        "event": sender.event.name,
        "link": page_link(sender),
    }
    if accepted:
        subject = t.gettext("%(who)s accepted your meeting request") % values
        body = (
            t.gettext(
                "Hello %(name)s,\n\n%(who)s agreed to meet you at %(event)s. The meeting appears in your "
                "agenda once the organisers place it in the schedule. Their e-mail address is now on your "
                "personal page.\n\nLost your personal link? %(link)s"
            )
            % values
        )
    else:
        subject = t.gettext("%(who)s declined your meeting request") % values
        body = (
            t.gettext(
                "Hello %(name)s,\n\n%(who)s can't meet you at %(event)s this time. Your personal page has more "  # noqa: E501
                "people worth meeting.\n\nLost your personal link? %(link)s"
            )
            % values
        )
    send_mail(
        session,
        sender.email,
        subject,
        body,
        event_id=request.event_id,
        kind="request_accepted" if accepted else "request_declined",
    )
