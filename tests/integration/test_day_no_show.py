"""Did the meeting happen: "we met", "they did not come", and the no-show rule of the tick."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from matchmaker.db.models import FreedSeat, MeetingStatus
from matchmaker.services import day_outcomes
from tests.integration.day_support import before, fair, meet, present


def test_partner_not_checked_in_ten_minutes_before_is_a_no_show(db_session: Session) -> None:
    event, (anna, boris, *_rest) = fair(db_session)
    slot = event.slots[1]
    meeting = meet(db_session, event, anna, boris, slot)
    present(db_session, anna, at=before(slot, 60))
    assert day_outcomes.mark_no_shows(db_session, event, before(slot, 11)) == []
    marked = day_outcomes.mark_no_shows(db_session, event, before(slot, 10))
    assert [m.id for m in marked] == [meeting.id]
    assert (meeting.status, meeting.absent_attendee_id) == (MeetingStatus.NO_SHOW, boris.id)
    seats = db_session.scalars(select(FreedSeat)).all()
    assert [(s.attendee_id, s.reason) for s in seats] == [(anna.id, "no_show")]


def test_the_event_sets_how_many_minutes_before(db_session: Session) -> None:
    event, (anna, boris, *_rest) = fair(db_session)
    event.no_show_minutes = 3
    slot = event.slots[1]
    meeting = meet(db_session, event, anna, boris, slot)
    present(db_session, anna, at=before(slot, 60))
    assert day_outcomes.mark_no_shows(db_session, event, before(slot, 5)) == []
    assert day_outcomes.mark_no_shows(db_session, event, before(slot, 3)) == [meeting]


def test_both_present_is_no_no_show(db_session: Session) -> None:
    event, (anna, boris, *_rest) = fair(db_session)
    slot = event.slots[1]
    meeting = meet(db_session, event, anna, boris, slot)
    present(db_session, anna, boris, at=before(slot, 30))
    assert day_outcomes.mark_no_shows(db_session, event, before(slot, 5)) == []
    assert meeting.status == MeetingStatus.SCHEDULED


def test_nobody_came_frees_no_seat(db_session: Session) -> None:
    event, (anna, boris, *_rest) = fair(db_session)
    slot = event.slots[1]
    meeting = meet(db_session, event, anna, boris, slot)
    day_outcomes.mark_no_shows(db_session, event, before(slot, 5))
    assert (meeting.status, meeting.absent_attendee_id) == (MeetingStatus.NO_SHOW, None)
    assert db_session.scalars(select(FreedSeat)).all() == []


def test_the_other_side_reporting_absent_makes_a_no_show(db_session: Session) -> None:
    event, (anna, boris, *_rest) = fair(db_session)
    slot = event.slots[1]
    meeting = meet(db_session, event, anna, boris, slot)
    present(db_session, anna, boris, at=before(slot, 30))
    outcome = day_outcomes.report_absent(db_session, anna, meeting.id, before(slot, 2))
    assert outcome.changed
    assert (meeting.status, meeting.absent_attendee_id) == (MeetingStatus.NO_SHOW, boris.id)


def test_reporting_absent_hours_ahead_is_refused(db_session: Session) -> None:
    event, (anna, boris, *_rest) = fair(db_session)
    slot = event.slots[1]
    meeting = meet(db_session, event, anna, boris, slot)
    with pytest.raises(day_outcomes.OutcomeError) as refused:
        day_outcomes.report_absent(db_session, anna, meeting.id, before(slot, 120))
    assert refused.value.code == "too_early"
    assert meeting.status == MeetingStatus.SCHEDULED


def test_we_met_marks_held_and_someone_else_cannot(db_session: Session) -> None:
    event, (anna, boris, carla, *_rest) = fair(db_session)
    slot = event.slots[1]
    meeting = meet(db_session, event, anna, boris, slot)
    with pytest.raises(day_outcomes.OutcomeError):
        day_outcomes.confirm_met(db_session, carla, meeting.id, slot.start)
    assert day_outcomes.confirm_met(db_session, boris, meeting.id, slot.start + timedelta(minutes=3)).changed
    assert meeting.status == MeetingStatus.HELD
    assert not day_outcomes.confirm_met(db_session, anna, meeting.id, slot.start).changed


def test_scanning_the_partners_badge_confirms_the_meeting_of_the_moment(db_session: Session) -> None:
    event, (anna, boris, *_rest) = fair(db_session)
    early = event.slots[0]
    meet(db_session, event, anna, boris, early)
    with pytest.raises(day_outcomes.OutcomeError) as refused:
        day_outcomes.confirm_by_badge(db_session, anna, boris, early.start - timedelta(hours=1))
    assert refused.value.code == "no_meeting_now"
    outcome = day_outcomes.confirm_by_badge(db_session, anna, boris, early.start + timedelta(minutes=1))
    assert outcome.meeting.status == MeetingStatus.HELD


def test_scanning_someone_you_do_not_meet_confirms_nothing(db_session: Session) -> None:
    event, (anna, boris, carla, *_rest) = fair(db_session)
    slot = event.slots[0]
    meeting = meet(db_session, event, anna, boris, slot)
    with pytest.raises(day_outcomes.OutcomeError) as refused:
        day_outcomes.confirm_by_badge(db_session, anna, carla, slot.start)
    assert refused.value.code == "no_meeting_now"
    assert meeting.status == MeetingStatus.SCHEDULED
