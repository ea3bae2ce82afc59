"""An attendee's meetings, and the same as an iCalendar file (RFC 5545) that calendar apps update
rather than duplicate: a download, or a subscription feed (its address: :mod:`calendar_links`).
The agenda page's read model is :mod:`matchmaker.services.agenda_view`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from icalendar import Calendar, vDuration
from icalendar import Event as CalendarEvent
from sqlalchemy import or_, select
from sqlalchemy.orm import Session, contains_eager, joinedload

from matchmaker.db.models import (
    Attendee,
    Meeting,
    MeetingStatus,
    Slot,
)
from matchmaker.services.contact_sharing import sharing_partner_ids
from matchmaker.services.translations import table_in_words, translations


def meetings_of(session: Session, attendee: Attendee, include_cancelled: bool = False) -> list[Meeting]:
    """The attendee's meetings in time order (live only unless ``include_cancelled``)."""
    # Slot, table and both people in the same round trip: an agenda page is the hottest read.
    query = (
        select(Meeting)
        .join(Slot, Slot.id == Meeting.slot_id)
        .options(
            contains_eager(Meeting.slot),
            joinedload(Meeting.table),
            joinedload(Meeting.attendee_a),
            joinedload(Meeting.attendee_b),
        )
        .where(or_(Meeting.attendee_a_id == attendee.id, Meeting.attendee_b_id == attendee.id))
    )
    if not include_cancelled:
        query = query.where(Meeting.status != MeetingStatus.CANCELLED)
    return list(session.scalars(query.order_by(Slot.start, Meeting.id)))


def meeting_uid(meeting: Meeting, domain: str) -> str:
    """A UID that stays the same for a meeting forever, so a re-imported calendar updates the entry."""
    return f"meeting-{meeting.id}-event-{meeting.event_id}@{domain}"


@dataclass(frozen=True)
class CalendarEntry:
    """One meeting as a calendar event: plain data, so the iCalendar writer needs no database."""

    uid: str
    start: datetime
    end: datetime
    summary: str
    location: str
    description: str
    cancelled: bool
    sequence: int
    last_modified: datetime


# How often a subscribed calendar app should fetch the feed again. Apps treat it as a hint (Google's
# web calendar refreshes subscriptions every few hours whatever the feed says).
SUBSCRIPTION_REFRESH = timedelta(minutes=15)
# Meetings a subscription shows. A cancelled meeting or a no-show (whose slot may be refilled with
# someone else) leaves the feed: subscribed apps mirror the feed, so what is absent is removed.
_SUBSCRIBED_STATUSES = frozenset({MeetingStatus.SCHEDULED, MeetingStatus.HELD})


def write_calendar(
    entries: list[CalendarEntry], timezone: str, name: str, now: datetime, refresh: timedelta | None = None
) -> bytes:
    """An RFC 5545 calendar of ``entries``, times in ``timezone`` with its VTIMEZONE definition.

    Cancelled entries are kept with ``STATUS:CANCELLED`` so calendar apps remove them on re-import, and
    ``SEQUENCE`` grows with each change so an update wins over an older copy. ``refresh`` makes it a
    subscription feed: how often apps should fetch it again (RFC 7986, and Microsoft's and Apple's
    ``X-PUBLISHED-TTL``).
    """
    zone = ZoneInfo(timezone)
    calendar = Calendar()
    calendar.add("prodid", "-//matchmaker//attendee agenda//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", timezone)
    if refresh is not None:
        calendar.add("name", name)
        calendar.add("refresh-interval", refresh, parameters={"VALUE": "DURATION"})
        calendar.add("x-published-ttl", vDuration(refresh))
    for item in entries:
        entry = CalendarEvent()
        entry.add("uid", item.uid)
        entry.add("dtstamp", now.astimezone(UTC))
        entry.add("dtstart", item.start.astimezone(zone))
        entry.add("dtend", item.end.astimezone(zone))
        entry.add("last-modified", item.last_modified.astimezone(UTC))
        entry.add("sequence", item.sequence)
        entry.add("summary", item.summary)
        entry.add("location", item.location)
        if item.description:
            entry.add("description", item.description)
        entry.add("status", "CANCELLED" if item.cancelled else "CONFIRMED")
        entry.add("transp", "OPAQUE")
        calendar.add_component(entry)
    calendar.add_missing_timezones()
    return bytes(calendar.to_ical())


def agenda_calendar(
    session: Session,
    attendee: Attendee,
    domain: str,
    now: datetime | None = None,
    *,
    subscription: bool = False,
) -> bytes:
    """The attendee's meetings (cancelled ones included, marked so) as an iCalendar file.

    A ``subscription`` feed holds only the meetings still on (see ``_SUBSCRIBED_STATUSES``) and no
    contact details: calendar services fetch and keep it on their own servers. The download shows a
    partner's address only where both agreed to share it, and never on a cancelled meeting. Neither
    carries the personal link: a calendar file is copied and shared far more freely than the link.
    """
    event = attendee.event
    t = translations(attendee.locale)
    entries = []
    meetings = meetings_of(session, attendee, include_cancelled=True)
    sharing = (
        set()
        if subscription
        else sharing_partner_ids(session, attendee.id, {meeting.other(attendee.id) for meeting in meetings})
    )
    for meeting in meetings:
        if subscription and meeting.status not in _SUBSCRIBED_STATUSES:
            continue
        partner = meeting.attendee_b if meeting.attendee_a_id == attendee.id else meeting.attendee_a
        cancelled = meeting.status == MeetingStatus.CANCELLED
        email = partner.email if partner.id in sharing and not cancelled else None
        who = f"{partner.name} ({partner.company})" if partner.company else partner.name
        table = table_in_words(meeting.table.name, t.gettext)
        table += f" ({meeting.table.zone})" if meeting.table.zone else ""
        where = t.gettext("Table %(table)s") % {"table": table}
        entries.append(
            CalendarEntry(
                uid=meeting_uid(meeting, domain),
                start=meeting.slot.start,
                end=meeting.slot.end,
                summary=t.gettext("Meeting with %(who)s") % {"who": who},
                location=f"{where}, {event.venue}" if event.venue else where,
                description="\n".join(x for x in (partner.job_title, email) if x),
                cancelled=cancelled,
                sequence=meeting.revision,
                last_modified=meeting.updated_at,
            )
        )
    name = t.gettext("Meetings at %(event)s") % {"event": event.name}
    return write_calendar(
        entries,
        event.timezone,
        name,
        now or datetime.now(UTC),
        refresh=SUBSCRIPTION_REFRESH if subscription else None,
    )
