"""The API's collections as queries: what each list holds, filtered as asked, in a stable order (one
page of it with the total: :func:`matchmaker.services.paging.page_of`). The views parse the filters and
turn rows into JSON; no query is built in ``web/``."""

from __future__ import annotations

from sqlalchemy import Select, or_, select

from matchmaker.db.models import (
    Attendee,
    Event,
    Meeting,
    MeetingRequest,
    Organiser,
    ScheduleRun,
    Slot,
    VenueTable,
)


def events_of_organiser(organiser_id: int, search: str | None) -> Select[Event]:
    query = select(Event).where(Event.organisers.any(Organiser.id == organiser_id))
    if search is not None:
        query = query.where(Event.name.ilike(f"%{search}%"))
    return query.order_by(Event.start_date, Event.id)


def slots_of(event: Event) -> Select[Slot]:
    return select(Slot).where(Slot.event_id == event.id).order_by(Slot.start)


def tables_of(event: Event) -> Select[VenueTable]:
    return (
        select(VenueTable).where(VenueTable.event_id == event.id).order_by(VenueTable.position, VenueTable.id)
    )


def attendees_of(
    event: Event, search: str | None, company: str | None, checked_in: bool | None
) -> Select[Attendee]:
    """``search``: name, company or e-mail contains (any case); ``company``: exactly."""
    query = select(Attendee).where(Attendee.event_id == event.id)
    if search is not None:
        pattern = f"%{search.lower()}%"
        query = query.where(
            or_(Attendee.name.ilike(pattern), Attendee.company.ilike(pattern), Attendee.email.ilike(pattern))
        )
    if company is not None:
        query = query.where(Attendee.company == company)
    if checked_in is not None:
        column = Attendee.checked_in_at
        query = query.where(column.is_not(None) if checked_in else column.is_(None))
    return query.order_by(Attendee.name, Attendee.id)


def requests_of_event(event: Event, status: str | None, person: int | None) -> Select[MeetingRequest]:
    """``person``: sent or received by that attendee."""
    query = select(MeetingRequest).where(MeetingRequest.event_id == event.id)
    if status is not None:
        query = query.where(MeetingRequest.status == status)
    if person is not None:
        query = query.where(
            or_(MeetingRequest.from_attendee_id == person, MeetingRequest.to_attendee_id == person)
        )
    return query.order_by(MeetingRequest.created_at.desc(), MeetingRequest.id.desc())


def meetings_of_event(
    event: Event, status: str | None, slot_id: int | None, person: int | None
) -> Select[Meeting]:
    query = select(Meeting).join(Slot, Slot.id == Meeting.slot_id).where(Meeting.event_id == event.id)
    if status is not None:
        query = query.where(Meeting.status == status)
    if slot_id is not None:
        query = query.where(Meeting.slot_id == slot_id)
    if person is not None:
        query = query.where(or_(Meeting.attendee_a_id == person, Meeting.attendee_b_id == person))
    return query.order_by(Slot.start, Meeting.table_id, Meeting.id)


def runs_of_event(event: Event, status: str | None) -> Select[ScheduleRun]:
    query = select(ScheduleRun).where(ScheduleRun.event_id == event.id)
    if status is not None:
        query = query.where(ScheduleRun.status == status)
    return query.order_by(ScheduleRun.id.desc())
