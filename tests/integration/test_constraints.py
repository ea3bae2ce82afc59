"""The database itself refuses double bookings and inconsistent rows (not only Python)."""

from __future__ import annotations

import pytest
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from matchmaker.db.models import (
    Attendee,
    Exclusion,
    Meeting,
    MeetingFeedback,
    MeetingParticipant,
    MeetingRequest,
    MeetingStatus,
)
from tests.factories import make_attendee, make_event


def _meeting(a: Attendee, b: Attendee, slot_index: int, table_index: int) -> Meeting:
    event = a.event
    return Meeting.between(
        a.id,
        b.id,
        event_id=event.id,
        slot_id=event.slots[slot_index].id,
        table_id=event.tables[table_index].id,
    )


def test_attendee_in_two_live_meetings_in_one_slot_is_refused(db_session: Session) -> None:
    event = make_event(db_session)
    anna, ben, carla = (make_attendee(db_session, event) for _ in range(3))
    db_session.add(_meeting(anna, ben, slot_index=0, table_index=0))
    db_session.flush()

    db_session.add(_meeting(carla, anna, slot_index=0, table_index=1))
    with pytest.raises(IntegrityError):
        db_session.flush()


def test_table_with_two_live_meetings_in_one_slot_is_refused(db_session: Session) -> None:
    event = make_event(db_session)
    people = [make_attendee(db_session, event) for _ in range(4)]
    db_session.add(_meeting(people[0], people[1], slot_index=0, table_index=0))
    db_session.flush()

    db_session.add(_meeting(people[2], people[3], slot_index=0, table_index=0))
    with pytest.raises(IntegrityError):
        db_session.flush()


def test_pair_with_two_live_meetings_is_refused(db_session: Session) -> None:
    event = make_event(db_session)
    anna, ben = make_attendee(db_session, event), make_attendee(db_session, event)
    db_session.add(_meeting(anna, ben, slot_index=0, table_index=0))
    db_session.flush()

    db_session.add(_meeting(ben, anna, slot_index=2, table_index=1))
    with pytest.raises(IntegrityError):
        db_session.flush()


def test_cancelled_meeting_frees_the_slot_the_table_and_the_pair(db_session: Session) -> None:
    event = make_event(db_session)
    anna, ben = make_attendee(db_session, event), make_attendee(db_session, event)
    first = _meeting(anna, ben, slot_index=0, table_index=0)
    db_session.add(first)
    db_session.flush()

    first.status = MeetingStatus.CANCELLED
    db_session.flush()
    db_session.add(_meeting(anna, ben, slot_index=0, table_index=0))
    db_session.flush()

    live = [m for m in db_session.query(Meeting).all() if m.status != MeetingStatus.CANCELLED]
    assert len(live) == 1


def test_moving_a_meeting_moves_its_participants_and_still_forbids_clashes(db_session: Session) -> None:
    event = make_event(db_session)
    anna, ben, carla, dan = (make_attendee(db_session, event) for _ in range(4))
    moving = _meeting(anna, ben, slot_index=0, table_index=0)
    db_session.add_all([moving, _meeting(anna, carla, slot_index=1, table_index=0)])
    db_session.flush()

    moving.slot_id = event.slots[2].id
    db_session.flush()
    db_session.expire_all()
    slots_of_participants = {
        p.slot_id for p in db_session.query(MeetingParticipant).filter_by(meeting_id=moving.id)
    }
    assert slots_of_participants == {event.slots[2].id}

    # Anna now has meetings in slots 1 and 2: moving a meeting of hers into slot 1 at another table clashes.
    clash = _meeting(anna, dan, slot_index=3, table_index=1)
    db_session.add(clash)
    db_session.flush()
    clash.slot_id = event.slots[1].id
    with pytest.raises(IntegrityError):
        db_session.flush()


def test_meeting_with_a_slot_of_another_event_is_refused(db_session: Session) -> None:
    event, other_event = make_event(db_session), make_event(db_session)
    anna, ben = make_attendee(db_session, event), make_attendee(db_session, event)

    db_session.add(
        Meeting.between(
            anna.id, ben.id, event_id=event.id, slot_id=other_event.slots[0].id, table_id=event.tables[0].id
        )
    )
    with pytest.raises(IntegrityError):
        db_session.flush()


def test_same_email_twice_in_one_event_is_refused_but_allowed_in_another(db_session: Session) -> None:
    event, other_event = make_event(db_session), make_event(db_session)
    make_attendee(db_session, event, email="anna@ekopak.example")
    make_attendee(db_session, other_event, email="anna@ekopak.example")

    with pytest.raises(IntegrityError):
        make_attendee(db_session, event, email="anna@ekopak.example")


def test_exclusion_names_exactly_one_target(db_session: Session) -> None:
    event = make_event(db_session)
    anna, ben = make_attendee(db_session, event), make_attendee(db_session, event)

    db_session.add(
        Exclusion(
            event_id=event.id, attendee_id=anna.id, excluded_attendee_id=ben.id, excluded_company="Globex"
        )
    )
    with pytest.raises(IntegrityError):
        db_session.flush()


def test_feedback_rating_outside_one_to_five_is_refused(db_session: Session) -> None:
    event = make_event(db_session)
    anna, ben = make_attendee(db_session, event), make_attendee(db_session, event)
    meeting = _meeting(anna, ben, slot_index=0, table_index=0)
    db_session.add(meeting)
    db_session.flush()

    db_session.add(MeetingFeedback(meeting_id=meeting.id, attendee_id=anna.id, rating=6))
    with pytest.raises(IntegrityError):
        db_session.flush()


def test_feedback_from_someone_not_in_the_meeting_is_refused(db_session: Session) -> None:
    event = make_event(db_session)
    anna, ben, carla = (make_attendee(db_session, event) for _ in range(3))
    meeting = _meeting(anna, ben, slot_index=0, table_index=0)
    db_session.add(meeting)
    db_session.flush()

    db_session.add(MeetingFeedback(meeting_id=meeting.id, attendee_id=carla.id, rating=4))
    with pytest.raises(IntegrityError):
        db_session.flush()


def test_second_open_request_in_the_same_direction_is_refused(db_session: Session) -> None:
    event = make_event(db_session)
    anna, ben = make_attendee(db_session, event), make_attendee(db_session, event)
    db_session.add(MeetingRequest(event_id=event.id, from_attendee_id=anna.id, to_attendee_id=ben.id))
    db_session.flush()

    db_session.add(MeetingRequest(event_id=event.id, from_attendee_id=anna.id, to_attendee_id=ben.id))
    with pytest.raises(IntegrityError):
        db_session.flush()


def test_unavailability_in_another_events_slot_is_refused(db_session: Session) -> None:
    event, other_event = make_event(db_session), make_event(db_session)
    anna = make_attendee(db_session, event)

    anna.set_unavailable_slots([other_event.slots[0]])
    anna.unavailability[0].event_id = event.id
    with pytest.raises(IntegrityError):
        db_session.flush()
