"""An attendee's agenda as the page and the API show it, read straight from a personal link.

This is the hottest read of a fair's morning (every attendee, on a phone, again before each meeting),
so it is a read model rather than ORM objects: two plain queries on the tables, the first finding the
attendee by the hash of their link in the same round trip, and rows turned into small frozen records.
Loading the same data as ORM objects cost three times as much.

``Agenda.fingerprint`` is a digest of every row the agenda was made from: equal fingerprints mean
an equal agenda, so it serves as the API's ETag and as the key of the page's render cache.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Connection, and_, bindparam, case, exists, null, or_, select
from sqlalchemy.orm import Session

from matchmaker.db.models import (
    Attendee,
    Event,
    FreedSeat,
    Meeting,
    MeetingFeedback,
    MeetingParticipant,
    MeetingRequest,
    MeetingStatus,
    OfferStatus,
    Recommendation,
    RefillOffer,
    RequestStatus,
    SeatState,
    Slot,
    VenueTable,
)
from matchmaker.db.types import utcnow
from matchmaker.services.contact_sharing import agreed_to_share
from matchmaker.services.tokens import hash_token, plausible_token


@dataclass(frozen=True)
class AgendaEvent:
    id: int
    slug: str
    name: str
    timezone: str
    # The event's interest tags with their labels per language: reasons name shared interests by them.
    interests: tuple[dict[str, str], ...] = ()

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)


@dataclass(frozen=True)
class AgendaOwner:
    """The attendee whose agenda it is."""

    id: int
    name: str
    company: str
    locale: str
    event: AgendaEvent


@dataclass(frozen=True)
class Partner:
    """Someone the owner meets: their public profile and, where both agreed to share it, their e-mail
    (see :mod:`matchmaker.services.contact_sharing`)."""

    id: int
    name: str
    company: str
    job_title: str
    sector: str
    country: str
    languages: list[str]
    offers: str
    seeks: str
    interests: list[str]
    email: str | None


@dataclass(frozen=True)
class AgendaItem:
    meeting_id: int
    status: str
    slot_code: str
    start: datetime
    end: datetime
    table_name: str
    table_zone: str
    partner: Partner
    reasons: tuple[dict[str, Any], ...]  # structured, as stored (see matchmaker.core.matching.Reason)
    has_feedback: bool


@dataclass(frozen=True)
class AgendaDay:
    day: date
    items: list[AgendaItem]


@dataclass(frozen=True)
class PendingMeeting:
    """Both agreed (an accepted request) but the organisers' schedule has not placed it yet."""

    request_id: int
    partner: Partner
    reasons: tuple[dict[str, Any], ...]


@dataclass(frozen=True)
class RefillOfferItem:
    """A freed slot offered to the owner with someone: open until ``expires_at``."""

    offer_id: int
    start: datetime
    expires_at: datetime
    partner_name: str
    partner_company: str
    partner_job_title: str
    said_yes: bool  # the owner
    partner_said_yes: bool
    # Withdrawn or failed: another pair was booked, or the partner or the table went (shown as "taken"
    # until the slot).
    taken: bool = False
    # Expired without both yeses (shown for a while: a phone offline meanwhile learns it).
    expired: bool = False

    @property
    def state(self) -> str:
        """open, taken or expired (the page's data-offer-state)."""
        return "taken" if self.taken else "expired" if self.expired else "open"


@dataclass(frozen=True)
class FreedSeatItem:
    """The owner's meeting in this slot fell through and the slot is being refilled: ``standing`` once
    they said "find me another partner" (each partner's yes then books), else they may say it."""

    seat_id: int
    start: datetime
    standing: bool


@dataclass(frozen=True)
class Agenda:
    owner: AgendaOwner
    days: list[AgendaDay]
    to_be_scheduled: list[PendingMeeting]
    fingerprint: str
    offers: list[RefillOfferItem] = field(default_factory=list)
    seats: list[FreedSeatItem] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not self.days and not self.to_be_scheduled


_me, _partner, _events = Attendee.__table__.alias("me"), Attendee.__table__.alias("partner"), Event.__table__
_meetings, _slots, _tables = Meeting.__table__, Slot.__table__, VenueTable.__table__
_requests, _reasons, _feedback = MeetingRequest.__table__, Recommendation.__table__, MeetingFeedback.__table__


def _partner_columns(owner_id: Any) -> list[Any]:
    """The partner's columns, the e-mail address only where both agreed to share it."""
    email = case((agreed_to_share(owner_id, _partner.c.id), _partner.c.email), else_=null()).label("email")
    return [email if name == "email" else _partner.c[name] for name in Partner.__dataclass_fields__]


_PARTNER_COLUMNS = _partner_columns(_me.c.id)


def _other(side_a: Any, side_b: Any) -> Any:
    """The partner's id: side B when the owner is side A, else side A."""
    return case((side_a == _me.c.id, side_b), else_=side_a)


def _reasons_for(owner_id: Any) -> Any:
    return and_(_reasons.c.attendee_id == owner_id, _reasons.c.candidate_id == _partner.c.id)


def _waiting_for_a_slot(owner_id: Any) -> Any:
    """Accepted requests of the owner whose pair has no live meeting yet."""
    live_meeting_of_the_pair = exists().where(
        _live.c.status != MeetingStatus.CANCELLED.value,
        or_(
            and_(
                _live.c.attendee_a_id == _requests.c.from_attendee_id,
                _live.c.attendee_b_id == _requests.c.to_attendee_id,
            ),
            and_(
                _live.c.attendee_a_id == _requests.c.to_attendee_id,
                _live.c.attendee_b_id == _requests.c.from_attendee_id,
            ),
        ),
    )
    return and_(
        _requests.c.status == RequestStatus.ACCEPTED.value,
        or_(_requests.c.from_attendee_id == owner_id, _requests.c.to_attendee_id == owner_id),
        ~live_meeting_of_the_pair,
    )


_live = Meeting.__table__.alias("live")
# Built once: building a statement cost about as much as running it. The first query also says whether
# the second is needed at all: once the schedule is out, agreed meetings are rarely still unplaced.
_OWNER_AND_MEETINGS = (
    select(
        _me.c.id.label("owner_id"),
        _me.c.name.label("owner_name"),
        _me.c.company.label("owner_company"),
        _me.c.locale.label("owner_locale"),
        _events.c.id.label("event_id"),
        _events.c.slug.label("event_slug"),
        _events.c.name.label("event_name"),
        _events.c.timezone.label("event_timezone"),
        _events.c.interests.label("event_interests"),
        exists().where(_waiting_for_a_slot(_me.c.id)).label("has_pending"),
        _meetings.c.id.label("meeting_id"),
        _meetings.c.status.label("meeting_status"),
        _slots.c.code.label("slot_code"),
        _slots.c.start.label("slot_start"),
        _slots.c.end.label("slot_end"),
        _tables.c.name.label("table_name"),
        _tables.c.zone.label("table_zone"),
        _reasons.c.reasons.label("reasons"),
        _feedback.c.id.label("feedback_id"),
        *_PARTNER_COLUMNS,  # last: see _partner_from
    )
    .select_from(_me)
    .join(_events, _events.c.id == _me.c.event_id)
    .outerjoin(
        _meetings,
        and_(
            or_(_meetings.c.attendee_a_id == _me.c.id, _meetings.c.attendee_b_id == _me.c.id),
            _meetings.c.status != MeetingStatus.CANCELLED.value,
        ),
    )
    .outerjoin(_slots, _slots.c.id == _meetings.c.slot_id)
    .outerjoin(_tables, _tables.c.id == _meetings.c.table_id)
    .outerjoin(_partner, _partner.c.id == _other(_meetings.c.attendee_a_id, _meetings.c.attendee_b_id))
    .outerjoin(_reasons, _reasons_for(_me.c.id))
    .outerjoin(_feedback, and_(_feedback.c.meeting_id == _meetings.c.id, _feedback.c.attendee_id == _me.c.id))
    .where(_me.c.token_hash == bindparam("token_hash"))
    .order_by(_slots.c.start, _meetings.c.id)
)
_PENDING_REQUESTS = (
    select(
        _requests.c.id.label("request_id"),
        _reasons.c.reasons.label("reasons"),
        *_partner_columns(bindparam("owner")),
    )
    .select_from(_requests)
    .join(
        _partner,
        _partner.c.id
        == case(
            (_requests.c.from_attendee_id == bindparam("owner"), _requests.c.to_attendee_id),
            else_=_requests.c.from_attendee_id,
        ),
    )
    .outerjoin(_reasons, _reasons_for(bindparam("owner")))
    .where(_waiting_for_a_slot(bindparam("owner")))
    .order_by(_requests.c.responded_at, _requests.c.id)
)


_offers = RefillOffer.__table__
_busy = MeetingParticipant.__table__
_OPEN_OFFERS = (
    select(
        _offers.c.id,
        _slots.c.start,
        _offers.c.expires_at,
        _partner.c.name,
        _partner.c.company,
        _partner.c.job_title,
        _offers.c.seeker_id,
        _offers.c.seeker_yes_at,
        _offers.c.candidate_yes_at,
        _offers.c.status,
    )
    .select_from(_offers)
    .join(_slots, _slots.c.id == _offers.c.slot_id)
    .join(
        _partner,
        _partner.c.id
        == case(
            (_offers.c.seeker_id == bindparam("owner"), _offers.c.candidate_id), else_=_offers.c.seeker_id
        ),
    )
    .where(
        or_(
            and_(
                _offers.c.status == OfferStatus.OPEN.value,
                _offers.c.expires_at > bindparam("now"),
                or_(_offers.c.seeker_id == bindparam("owner"), _offers.c.candidate_id == bindparam("owner")),
            ),
            # Closed without the owner's "no", until the slot starts, unless the owner was booked then:
            # withdrawn or failed (another pair was booked, the partner or the table went: "taken"), or
            # expired a short while ago. A phone that was offline meanwhile learns it here.
            and_(
                or_(
                    _offers.c.status.in_([OfferStatus.WITHDRAWN.value, OfferStatus.FAILED.value]),
                    and_(
                        _offers.c.status == OfferStatus.EXPIRED.value,
                        _offers.c.closed_at > bindparam("expired_since"),
                    ),
                    and_(  # its time is up, the tick has not closed it yet
                        _offers.c.status == OfferStatus.OPEN.value,
                        _offers.c.expires_at <= bindparam("now"),
                        _offers.c.expires_at > bindparam("expired_since"),
                    ),
                ),
                or_(_offers.c.seeker_id == bindparam("owner"), _offers.c.candidate_id == bindparam("owner")),
                _slots.c.start > bindparam("now"),
                ~exists().where(
                    _busy.c.attendee_id == bindparam("owner"),
                    _busy.c.slot_id == _offers.c.slot_id,
                    _busy.c.status.in_([MeetingStatus.SCHEDULED.value, MeetingStatus.HELD.value]),
                ),
            ),
        )
    )
    .order_by(_slots.c.start, _offers.c.id)
)


_seats = FreedSeat.__table__
_seat_events = Event.__table__
# Not once the organisers switched refill off: nobody would be looked for (refill.answer_seat says so).
_SEEKING_SEATS = (
    select(_seats.c.id, _slots.c.start, _seats.c.consent_at)
    .select_from(_seats)
    .join(_slots, _slots.c.id == _seats.c.slot_id)
    .join(_seat_events, _seat_events.c.id == _seats.c.event_id)
    .where(
        _seats.c.attendee_id == bindparam("owner"),
        _seats.c.state == SeatState.SEEKING.value,
        _slots.c.start > bindparam("now"),
        _seat_events.c.refill_enabled.is_(True),
    )
    .order_by(_slots.c.start, _seats.c.id)
)


# How long an expired offer stays on the agenda, marked expired.
EXPIRED_SHOWN = timedelta(minutes=30)


def _offer_items(session: Session | Connection, owner_id: int, now: datetime) -> list[Any]:
    values = {"owner": owner_id, "now": now, "expired_since": now - EXPIRED_SHOWN}
    return list(session.execute(_OPEN_OFFERS, values).all())


def agenda_for_token(session: Session | Connection, token: str, now: datetime | None = None) -> Agenda | None:
    """The agenda of the attendee whose personal link carries ``token`` (None for a wrong link), with
    the refill offers open at ``now``."""
    if not plausible_token(token):
        return None
    rows = session.execute(_OWNER_AND_MEETINGS, {"token_hash": hash_token(token)}).all()
    if not rows:
        return None
    first = rows[0]
    event = AgendaEvent(
        first.event_id,
        first.event_slug,
        first.event_name,
        first.event_timezone,
        tuple(first.event_interests or ()),
    )
    owner = AgendaOwner(first.owner_id, first.owner_name, first.owner_company, first.owner_locale, event)
    requests = session.execute(_PENDING_REQUESTS, {"owner": owner.id}).all() if first.has_pending else []
    zone = event.zone
    days: dict[date, list[AgendaItem]] = {}
    for row in rows:
        if row.meeting_id is None:  # the outer join's one row for an attendee without meetings
            continue
        item = AgendaItem(
            row.meeting_id,
            row.meeting_status,
            row.slot_code,
            row.slot_start,
            row.slot_end,
            row.table_name,
            row.table_zone,
            _partner_from(row),
            tuple(row.reasons or ()),
            row.feedback_id is not None,
        )
        days.setdefault(item.start.astimezone(zone).date(), []).append(item)
    pending = [
        PendingMeeting(row.request_id, _partner_from(row), tuple(row.reasons or ())) for row in requests
    ]
    now = now or utcnow()
    offer_rows = _offer_items(session, owner.id, now)
    offers = [
        RefillOfferItem(
            row.id,
            row.start,
            row.expires_at,
            row.name,
            row.company,
            row.job_title,
            (row.seeker_yes_at if row.seeker_id == owner.id else row.candidate_yes_at) is not None,
            (row.candidate_yes_at if row.seeker_id == owner.id else row.seeker_yes_at) is not None,
            row.status in (OfferStatus.WITHDRAWN.value, OfferStatus.FAILED.value),
            row.status == OfferStatus.EXPIRED.value
            or (row.status == OfferStatus.OPEN.value and row.expires_at <= now),
        )
        for row in offer_rows
    ]
    seat_rows = list(session.execute(_SEEKING_SEATS, {"owner": owner.id, "now": now}).all())
    seats = [FreedSeatItem(row.id, row.start, row.consent_at is not None) for row in seat_rows]
    return Agenda(
        owner,
        [AgendaDay(day, items) for day, items in sorted(days.items())],
        pending,
        _fingerprint(rows, requests, offer_rows, seat_rows),
        offers,
        seats,
    )


def _partner_from(row: Sequence[Any]) -> Partner:
    # The partner's columns come last in both queries.
    return Partner(*row[-len(_PARTNER_COLUMNS) :])


def _fingerprint(*row_sets: Sequence[Sequence[Any]]) -> str:
    # The rows' repr covers every value shown (datetimes, lists and None included), in order.
    digest = hashlib.blake2b(digest_size=16)
    for rows in row_sets:
        for row in rows:
            digest.update(repr(tuple(row)).encode("utf-8"))
        digest.update(b"|")
    return digest.hexdigest()
