"""The day itself: badge codes, check-in by search or scan, and which tables are busy right now."""

from __future__ import annotations

import hashlib
import hmac
import re
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import TYPE_CHECKING

from anyascii import anyascii
from sqlalchemy import func, select
from sqlalchemy.orm import Session, joinedload

from matchmaker.db.models import Attendee, Event, Meeting, MeetingStatus, Slot, VenueTable
from matchmaker.db.types import utcnow
from matchmaker.services.tokens import find_attendee_by_token

if TYPE_CHECKING:
    from matchmaker.services.meetings import LinkBuilder

_BADGE = re.compile(r"^MM-(\d+)-([0-9a-f]{12})$")


def badge_code(secret: str, attendee: Attendee) -> str:
    """What the badge's QR code holds: the attendee id, signed so codes can't be guessed or forged."""
    digest = hmac.new(secret.encode(), f"badge:{attendee.event_id}:{attendee.id}".encode(), hashlib.sha256)
    return f"MM-{attendee.id}-{digest.hexdigest()[:12]}"


def attendee_from_badge(session: Session, event: Event, secret: str, code: str) -> Attendee | None:
    """The attendee of this event whose badge carries ``code``; None for a foreign or forged code.

    The badge's QR code holds the "we met" address ending in the code (a partner scanning it confirms
    the meeting, see web/attendee/day_views.py); the check-in scanner reads the code from it. The QR
    code on an attendee's phone (their personal agenda link) is accepted too.
    """
    if "/met/" in code:  # the badge's QR code: the "we met" address holding the badge code
        code = code.strip().rsplit("/met/", 1)[1].split("?", 1)[0].strip("/")
    elif "/me/" in code:
        token = code.strip().split("/me/", 1)[1].split("/", 1)[0]
        attendee = find_attendee_by_token(session, token)
        return attendee if attendee is not None and attendee.event_id == event.id else None
    match = _BADGE.match(code.strip())
    if match is None:
        return None
    attendee = session.get(Attendee, int(match[1]))
    if attendee is None or attendee.event_id != event.id:
        return None
    return attendee if hmac.compare_digest(badge_code(secret, attendee), code.strip()) else None


def folded(text: str) -> str:
    """``text`` as search compares it: transliterated to ASCII and lower-cased, so "wisniewski" finds
    Wiśniewski, "lodz" Łódź and "ivanov" Иванов (and a Cyrillic query finds the Cyrillic name)."""
    return _folded(text) if text else ""


@lru_cache(maxsize=65536)
def _folded(text: str) -> str:
    # Apostrophes go: the soft sign's transliteration (Ольга -> Ol'ga) and O'Brien typed as obrien.
    return str(anyascii(text)).replace("'", "").casefold()


def search_attendees(
    session: Session, event: Event, query: str, limit: int = 25, include_email: bool = True
) -> list[Attendee]:
    """Attendees whose name, company (or e-mail) contains every word of ``query``, by name; letters
    with or without accents (or in another script) count as the same (see :func:`folded`).

    Public screens pass ``include_email=False``: nobody can probe whether an address is registered.
    """
    words = folded(query).split()
    columns = [Attendee.name, Attendee.company] + ([Attendee.email] if include_email else [])
    # SQL can't fold accents the same way on SQLite and PostgreSQL, so the names are read (three short
    # columns; a few milliseconds for thousands of people) and matched here.
    rows = session.execute(select(Attendee.id, *columns).where(Attendee.event_id == event.id))
    found = sorted(
        (_folded(row[1] or ""), row[0])
        for row in rows
        if all(any(word in folded(value or "") for value in row[1:]) for word in words)
    )
    ids = [attendee_id for _name, attendee_id in found[:limit]]
    if not ids:
        return []
    people = {a.id: a for a in session.scalars(select(Attendee).where(Attendee.id.in_(ids)))}
    return [people[i] for i in ids if i in people]


def check_in(
    session: Session, attendee: Attendee, now: datetime | None = None, link_for: LinkBuilder | None = None
) -> bool:
    """Mark the attendee present; returns False when they were already checked in (time kept).

    Someone who arrives can be offered at once to the freed seats that were waiting for a partner like
    them (services/refill.py), not a tick later.
    """
    if attendee.checked_in_at is not None:
        return False
    attendee.checked_in_at = now or utcnow()
    session.flush()
    from matchmaker.services.refill import offer_newcomer

    offer_newcomer(session, attendee, attendee.checked_in_at, link_for)
    return True


def undo_check_in(session: Session, attendee: Attendee) -> None:
    attendee.checked_in_at = None
    session.flush()


def checked_in_count(session: Session, event: Event) -> tuple[int, int]:
    """(checked in, all attendees)."""
    total = session.scalar(select(func.count()).select_from(Attendee).where(Attendee.event_id == event.id))
    present = session.scalar(
        select(func.count())
        .select_from(Attendee)
        .where(Attendee.event_id == event.id, Attendee.checked_in_at.is_not(None))
    )
    return int(present or 0), int(total or 0)


def round_at(event: Event, now: datetime) -> tuple[Slot | None, Slot | None]:
    """(the round running at ``now`` or None, the next round to start or None)."""
    current = next((s for s in event.slots if s.start <= now < s.end), None)
    upcoming = next((s for s in event.slots if s.start > now), None)
    return current, upcoming


@dataclass(frozen=True)
class TableNow:
    table: VenueTable
    meeting: Meeting | None
    present: int  # how many of the two people are checked in


def meetings_by_table(session: Session, slot: Slot) -> dict[int, Meeting]:
    """Each table's meeting in ``slot``: the live one (perhaps a refill) over the no-show it replaced."""
    by_table: dict[int, Meeting] = {}
    meetings = session.scalars(
        select(Meeting)
        .where(Meeting.slot_id == slot.id, Meeting.status != MeetingStatus.CANCELLED)
        .options(joinedload(Meeting.attendee_a), joinedload(Meeting.attendee_b))
        .order_by(Meeting.id)
    ).unique()
    for meeting in meetings:
        shown = by_table.get(meeting.table_id)
        if shown is None or shown.status == MeetingStatus.NO_SHOW:
            by_table[meeting.table_id] = meeting
    return by_table


def present_at(meeting: Meeting | None) -> int:
    """How many of the meeting's two people have checked in (0 for no meeting)."""
    if meeting is None:
        return 0
    return sum(1 for person in (meeting.attendee_a, meeting.attendee_b) if person.checked_in_at is not None)


def live_tables(session: Session, event: Event, slot: Slot | None) -> list[TableNow]:
    """Every table with its meeting in ``slot`` (None when free), in table order."""
    by_table = meetings_by_table(session, slot) if slot is not None else {}
    return [
        TableNow(table, by_table.get(table.id), present_at(by_table.get(table.id))) for table in event.tables
    ]
