from __future__ import annotations

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from matchmaker.db.models import Attendee, Event, Meeting, MeetingParticipant, MeetingStatus, OutboxMail
from matchmaker.services.meetings import (
    MeetingConflict,
    Placement,
    add_meeting,
    move_meeting,
    swap_meetings,
)
from tests.factories import make_attendee, make_event
from tests.integration.organiser_client import csrf_token, sign_in
from tests.organiser_data import make_organiser


def _meet(session: Session, event: Event, a: Attendee, b: Attendee, slot: int, table: int) -> Meeting:
    meeting = Meeting.between(
        a.id, b.id, event_id=event.id, slot_id=event.slots[slot].id, table_id=event.tables[table].id
    )
    session.add(meeting)
    session.flush()
    return meeting


def _mails_to(session: Session, address: str | None) -> int:
    return len(session.scalars(select(OutboxMail).where(OutboxMail.to_address == address)).all())


def test_move_to_a_free_place_moves_both_people_and_tells_them(db_session: Session) -> None:
    event = make_event(db_session)
    anna, john = make_attendee(db_session, event), make_attendee(db_session, event)
    meeting = _meet(db_session, event, anna, john, 0, 0)

    move_meeting(db_session, event, meeting, Placement(event.slots[2], event.tables[1]))

    slots = set(
        db_session.scalars(
            select(MeetingParticipant.slot_id).where(MeetingParticipant.meeting_id == meeting.id)
        )
    )
    assert slots == {event.slots[2].id}
    assert _mails_to(db_session, anna.email) == _mails_to(db_session, john.email) == 1


def test_move_onto_a_taken_table_names_who_is_there(db_session: Session) -> None:
    event = make_event(db_session)
    anna, john = make_attendee(db_session, event, name="Anna"), make_attendee(db_session, event, name="John")
    eve, max_ = (
        make_attendee(db_session, event, name="Eve", company="Evil"),
        make_attendee(db_session, event, name="Max", company="Maxima"),
    )
    meeting = _meet(db_session, event, anna, john, 0, 0)
    _meet(db_session, event, eve, max_, 1, 0)

    with pytest.raises(MeetingConflict) as conflict:
        move_meeting(db_session, event, meeting, Placement(event.slots[1], event.tables[0]))

    assert conflict.value.reasons == ["T01 is taken at 09:20 (d1-02) by Eve (Evil) and Max (Maxima)"]


def test_move_into_a_slot_where_a_person_is_busy_says_with_whom(db_session: Session) -> None:
    event = make_event(db_session)
    anna, john, eve = (make_attendee(db_session, event, name=n, company="") for n in ("Anna", "John", "Eve"))
    meeting = _meet(db_session, event, anna, john, 0, 0)
    _meet(db_session, event, anna, eve, 1, 1)

    with pytest.raises(MeetingConflict) as conflict:
        move_meeting(db_session, event, meeting, Placement(event.slots[1], event.tables[0]))

    assert conflict.value.reasons == ["Anna already meets Eve at 09:20 (d1-02)"]


def test_move_into_an_unavailable_slot_is_refused(db_session: Session) -> None:
    event = make_event(db_session)
    anna, john = make_attendee(db_session, event, name="Anna", company=""), make_attendee(db_session, event)
    anna.set_unavailable_slots([event.slots[3]])
    meeting = _meet(db_session, event, anna, john, 0, 0)

    with pytest.raises(MeetingConflict) as conflict:
        move_meeting(db_session, event, meeting, Placement(event.slots[3], event.tables[0]))

    assert conflict.value.reasons == ["Anna is not available at 10:00 (d1-04)"]


def test_swap_exchanges_places(db_session: Session) -> None:
    event = make_event(db_session)
    people = [make_attendee(db_session, event) for _ in range(4)]
    first = _meet(db_session, event, people[0], people[1], 0, 0)
    second = _meet(db_session, event, people[2], people[3], 1, 1)

    swap_meetings(db_session, event, first, second)
    db_session.commit()
    db_session.expire_all()

    assert (first.slot_id, first.table_id, first.status) == (
        event.slots[1].id,
        event.tables[1].id,
        "scheduled",
    )
    assert (second.slot_id, second.table_id) == (event.slots[0].id, event.tables[0].id)


def test_add_refuses_a_pair_that_already_meets(db_session: Session) -> None:
    event = make_event(db_session)
    anna, john = (
        make_attendee(db_session, event, name="Anna", company=""),
        make_attendee(db_session, event, name="John", company=""),
    )
    _meet(db_session, event, anna, john, 0, 0)

    with pytest.raises(MeetingConflict) as conflict:
        add_meeting(db_session, event, anna.id, john.id, Placement(event.slots[1], event.tables[0]))

    assert conflict.value.reasons == ["Anna and John already meet at 09:00 at T01"]


def test_added_meeting_is_locked(db_session: Session) -> None:
    event = make_event(db_session)
    anna, john = make_attendee(db_session, event), make_attendee(db_session, event)

    meeting = add_meeting(db_session, event, anna.id, john.id, Placement(event.slots[1], event.tables[0]))

    assert (meeting.locked, meeting.source) == (True, "manual")


def test_meetings_page_shows_the_conflict_message(client: FlaskClient, db_session: Session) -> None:
    event = make_event(db_session)
    anna, john = (
        make_attendee(db_session, event, name="Anna", company=""),
        make_attendee(db_session, event, name="John", company=""),
    )
    eve, max_ = (
        make_attendee(db_session, event, name="Eve", company=""),
        make_attendee(db_session, event, name="Max", company=""),
    )
    meeting = _meet(db_session, event, anna, john, 0, 0)
    _meet(db_session, event, eve, max_, 1, 0)
    make_organiser(db_session, "org@example.test", event)
    db_session.commit()
    sign_in(client)
    page = f"/organiser/events/{event.slug}/meetings"

    response = client.post(
        page + "/move",
        data={
            "csrf_token": csrf_token(client, page),
            "meeting_id": meeting.id,
            "slot_id": event.slots[1].id,
            "table_id": event.tables[0].id,
        },
    )

    assert response.status_code == 409
    assert "T01 is taken at 09:20 (d1-02) by Eve and Max" in response.get_data(as_text=True)


def test_marking_held_and_no_show(client: FlaskClient, db_session: Session) -> None:
    event = make_event(db_session)
    held = _meet(db_session, event, make_attendee(db_session, event), make_attendee(db_session, event), 0, 0)
    missed = _meet(
        db_session, event, make_attendee(db_session, event), make_attendee(db_session, event), 0, 1
    )
    make_organiser(db_session, "org@example.test", event)
    db_session.commit()
    sign_in(client)
    page = f"/organiser/events/{event.slug}/meetings"

    client.post(page + "/held", data={"csrf_token": csrf_token(client, page), "meeting_id": held.id})
    client.post(page + "/no_show", data={"csrf_token": csrf_token(client, page), "meeting_id": missed.id})

    db_session.expire_all()
    assert (held.status, missed.status) == (MeetingStatus.HELD, MeetingStatus.NO_SHOW)
