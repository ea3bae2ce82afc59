"""Kiosk boards: tokens that open one event's board, and the board's data, cached per round.

Fifty screens polling every few seconds must cost almost nothing: the board of a round is computed
once per process and reused until the round changes or :data:`BOARD_TTL` passes (so a manual change
shows within that time). Responses carry an ETag, so an unchanged board costs a 304 and no body.
"""

from __future__ import annotations

import hashlib
import json
import secrets
import threading
import time
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from babel import Locale
from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from matchmaker.db.models import (
    Attendee,
    Event,
    FreedSeat,
    KioskToken,
    Meeting,
    MeetingStatus,
    OfferStatus,
    RefillOffer,
    Slot,
    VenueTable,
)
from matchmaker.db.types import utcnow
from matchmaker.services.tokens import hash_token
from matchmaker.services.venue_time import babel_locale, weekday_and_time

BOARD_TTL = 15.0
TOKEN_TTL = 60.0
POLL_SECONDS = 10
# Open refill offers the board lists, soonest first (a screen has room for a few lines).
MAX_OFFERS = 8


@dataclass(frozen=True)
class Board:
    payload: dict[str, Any]
    etag: str
    round_key: str
    # The payload serialised once: a cached board is sent without encoding it again.
    body: bytes = b""


@dataclass(frozen=True)
class _Timeline:
    """An event's round times, cached so that a cached board costs no query at all."""

    slots: tuple[tuple[int, datetime, datetime], ...]

    def rounds_at(self, now: datetime) -> tuple[int | None, int | None, datetime | None]:
        """(running slot id, next slot id, the next moment either changes)."""
        current = next((i for i, start, end in self.slots if start <= now < end), None)
        upcoming = next((i for i, start, _ in self.slots if start > now), None)
        moments = [m for _, start, end in self.slots for m in (start, end) if m > now]
        return current, upcoming, min(moments, default=None)


def issue_kiosk_token(session: Session, event: Event, label: str = "") -> str:
    """A new board link's secret (only its hash is stored); returned once, to show the organiser."""
    token = secrets.token_urlsafe(24)
    session.add(KioskToken(event_id=event.id, token_hash=hash_token(token), label=label.strip()[:80]))
    session.flush()
    return token


def revoke_kiosk_token(session: Session, event: Event, token_id: int) -> None:
    token = session.get(KioskToken, token_id)
    if token is not None and token.event_id == event.id and token.revoked_at is None:
        token.revoked_at = utcnow()
        session.flush()
    _token_cache.clear()


def kiosk_tokens(session: Session, event: Event) -> list[KioskToken]:
    return list(
        session.scalars(
            select(KioskToken)
            .where(KioskToken.event_id == event.id, KioskToken.revoked_at.is_(None))
            .order_by(KioskToken.id)
        )
    )


class _TimedCache:
    """Values that expire; an expired value stays readable as ``stale`` until it is replaced."""

    def __init__(self) -> None:
        self._items: dict[Any, tuple[float, Any]] = {}
        self._lock = threading.Lock()
        self._fill_locks: dict[Any, threading.Lock] = {}

    def get(self, key: Any, stale: bool = False) -> Any | None:
        with self._lock:
            item = self._items.get(key)
        if item is None:
            return None
        return item[1] if stale or item[0] > time.monotonic() else None

    def put(self, key: Any, value: Any, ttl: float) -> None:
        with self._lock:
            if len(self._items) > 1000:
                self._items.clear()
            self._items[key] = (time.monotonic() + ttl, value)

    def fill_lock(self, key: Any) -> threading.Lock:
        """The lock held by the one thread that computes ``key`` while others wait or use the stale value."""
        with self._lock:
            if len(self._fill_locks) > 1000:
                self._fill_locks.clear()
            return self._fill_locks.setdefault(key, threading.Lock())

    def clear(self) -> None:
        with self._lock:
            self._items.clear()


_token_cache = _TimedCache()
_board_cache = _TimedCache()


def event_for_kiosk(session: Session, slug: str, token: str) -> int | None:
    """The event id the kiosk token opens, if it belongs to the event ``slug`` and isn't revoked."""
    if not token or len(token) > 100:
        return None
    key = (slug, hash_token(token))
    cached = _token_cache.get(key)
    if cached is not None:
        return int(cached) if cached > 0 else None
    event_id = session.scalar(
        select(Event.id)
        .join(KioskToken, KioskToken.event_id == Event.id)
        .where(Event.slug == slug, KioskToken.token_hash == key[1], KioskToken.revoked_at.is_(None))
    )
    _token_cache.put(key, event_id or -1, TOKEN_TTL)
    return event_id


def _person(attendee: Attendee) -> dict[str, str]:
    return {"name": attendee.name, "company": attendee.company}


def _round(session: Session, event: Event, slot_id: int | None) -> dict[str, Any] | None:
    if slot_id is None:
        return None
    slot = session.get_one(Slot, slot_id)
    meetings = session.scalars(
        select(Meeting)
        # A no-show's table is free again: the board shows the refill booked there, if any.
        .where(Meeting.slot_id == slot.id, Meeting.status.in_([MeetingStatus.SCHEDULED, MeetingStatus.HELD]))
        .options(joinedload(Meeting.table), joinedload(Meeting.attendee_a), joinedload(Meeting.attendee_b))
    )
    order = {table.id: table.position for table in event.tables}
    rows = sorted(meetings, key=lambda m: (order.get(m.table_id, 0), m.table_id))
    zone = event.zone
    return {
        "code": slot.code,
        "start": slot.start.isoformat(),
        "end": slot.end.isoformat(),
        "label": f"{slot.start.astimezone(zone):%H:%M}–{slot.end.astimezone(zone):%H:%M}",
        "meetings": [
            {
                "table": m.table.name,
                "zone": m.table.zone,
                "a": _person(m.attendee_a),
                "b": _person(m.attendee_b),
            }
            for m in rows
        ],
    }


def _offers(session: Session, event: Event, now: datetime) -> list[dict[str, Any]]:
    """The event's refill offers waiting for answers: the freed seat's table, the time, both people
    (names and companies, as the board shows them; never an address)."""
    seeker, candidate = Attendee.__table__.alias("seeker"), Attendee.__table__.alias("candidate")
    rows = session.execute(
        select(
            Slot.start,
            VenueTable.name,
            seeker.c.name,
            seeker.c.company,
            candidate.c.name,
            candidate.c.company,
        )
        .select_from(RefillOffer)
        .join(Slot, Slot.id == RefillOffer.slot_id)
        .join(FreedSeat, FreedSeat.id == RefillOffer.seat_id)
        .join(Meeting, Meeting.id == FreedSeat.meeting_id)
        .join(VenueTable, VenueTable.id == Meeting.table_id)
        .join(seeker, seeker.c.id == RefillOffer.seeker_id)
        .join(candidate, candidate.c.id == RefillOffer.candidate_id)
        .where(
            RefillOffer.event_id == event.id,
            RefillOffer.status == OfferStatus.OPEN,
            RefillOffer.expires_at > now,
            Slot.start > now,
        )
        .order_by(Slot.start, VenueTable.position, RefillOffer.id)
        .limit(MAX_OFFERS)
    ).all()
    zone = event.zone
    return [
        {
            "table": table,
            "time": f"{start.astimezone(zone):%H:%M}",
            "start": start.isoformat(),
            "a": {"name": a_name, "company": a_company},
            "b": {"name": b_name, "company": b_company},
        }
        for start, table, a_name, a_company, b_name, b_company in rows
    ]


def _timeline(session: Session, event_id: int) -> _Timeline:
    cached = _board_cache.get((event_id, "timeline"))
    if isinstance(cached, _Timeline):
        return cached
    rows = session.execute(
        select(Slot.id, Slot.start, Slot.end).where(Slot.event_id == event_id).order_by(Slot.start)
    )
    timeline = _Timeline(tuple((row.id, row.start, row.end) for row in rows))
    _board_cache.put((event_id, "timeline"), timeline, BOARD_TTL)
    return timeline


def board_for(session: Session, event_id: int, now: datetime | None = None) -> Board:
    """The board at ``now``: the current and next round with their meetings, cached per round.

    A cached board is reused until the round changes or :data:`BOARD_TTL` passes, whichever is first.
    """
    now = now or utcnow()
    current, upcoming, change = _timeline(session, event_id).rounds_at(now)
    key = (event_id, f"{current or 0}-{upcoming or 0}")
    cached = _board_cache.get(key)
    if isinstance(cached, Board):
        return cached
    # One thread per process computes a board (a big fair's board takes a noticeable moment); while
    # it does, the others answer with the expired board of the same round, or wait for the new round's.
    # Before, every thread of a worker recomputed it at once, and all their screens waited seconds.
    fill = _board_cache.fill_lock(key)
    stale = _board_cache.get(key, stale=True)
    if isinstance(stale, Board) and not fill.acquire(blocking=False):
        return stale
    if not isinstance(stale, Board):
        fill.acquire()
    try:
        cached = _board_cache.get(key)
        if isinstance(cached, Board):
            return cached
        board = _compute_board(session, event_id, current, upcoming, key[1], now)
        ttl = BOARD_TTL if change is None else min(BOARD_TTL, max(0.5, (change - now).total_seconds()))
        _board_cache.put(key, board, ttl)
        return board
    finally:
        fill.release()


def _compute_board(
    session: Session, event_id: int, current: int | None, upcoming: int | None, round_key: str, now: datetime
) -> Board:
    event = session.get_one(Event, event_id)
    first = _timeline(session, event_id).slots[:1]
    payload = {
        "event": {
            "name": event.name,
            "venue": event.venue,
            "timezone": event.timezone,
            # Before the event the board shows when its first round starts (date and time).
            "first_start": first[0][1].isoformat() if first else None,
        },
        "current": _round(session, event, current),
        "next": _round(session, event, upcoming),
        "offers": _offers(session, event, now),
        "poll_seconds": POLL_SECONDS,
    }
    body = json.dumps(payload, sort_keys=True, ensure_ascii=False).encode()
    return Board(payload, hashlib.sha256(body).hexdigest()[:20], round_key, body)


def clear_board_cache() -> None:
    _board_cache.clear()
    _token_cache.clear()


def find_meetings(
    session: Session, event_id: int, attendees: list[Attendee], locale: Locale | None = None
) -> list[dict[str, Any]]:
    """Each attendee's live meetings (time, table, partner): what "find my meetings" shows, with each
    time as a weekday and time at the venue in the screen's language."""
    event = session.get_one(Event, event_id)
    zone = event.zone
    locale = locale or babel_locale("en")
    found = []
    for attendee in attendees:
        meetings = session.scalars(
            select(Meeting).where(
                Meeting.event_id == event_id,
                Meeting.status != MeetingStatus.CANCELLED,
                (Meeting.attendee_a_id == attendee.id) | (Meeting.attendee_b_id == attendee.id),
            )
        )
        rows = sorted(meetings, key=lambda m: m.slot.start)
        found.append(
            {
                "person": _person(attendee),
                "meetings": [
                    {
                        "time": weekday_and_time(m.slot.start, zone, locale),
                        "start": m.slot.start.isoformat(),
                        "table": m.table.name,
                        "zone": m.table.zone,
                        "with": _person(m.attendee_b if m.attendee_a_id == attendee.id else m.attendee_a),
                    }
                    for m in rows
                ],
            }
        )
    return found
