"""Refilling freed slots: whom the attendee left alone is offered, and how an offer becomes a meeting."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from matchmaker.db.models import (
    Exclusion,
    FreedSeat,
    Meeting,
    MeetingStatus,
    OfferStatus,
    OutboxMail,
    RecommendationDismissal,
    RefillOffer,
    SeatState,
)
from matchmaker.services import meetings as meeting_service
from matchmaker.services import refill
from tests.integration.day_support import before, fair, meet, present, score


def _cancelled_day(db_session: Session, people: int = 5):  # type: ignore[no-untyped-def]
    """Anna's meeting with Boris in slot 2 is cancelled an hour before; everyone else is at the venue."""
    event, crowd = fair(db_session, people=people)
    slot = event.slots[2]
    now = before(slot, 60)
    present(db_session, *crowd, at=now - timedelta(minutes=30))
    meeting = meet(db_session, event, crowd[0], crowd[1], slot)
    return event, crowd, slot, meeting, now


def _offers(db_session: Session) -> list[RefillOffer]:
    return list(db_session.scalars(select(RefillOffer).order_by(RefillOffer.id)))


def test_cancelling_offers_each_side_its_best_partner_above_the_floor(db_session: Session) -> None:
    event, (anna, boris, carla, dan, eva), _slot, meeting, now = _cancelled_day(db_session)
    event.match_floor = 0.5
    score(db_session, anna, carla, 0.9)
    score(db_session, anna, dan, 0.95, rank=2)
    score(db_session, dan, anna, 0.2)  # the best of both directions counts
    score(db_session, boris, eva, 0.45)  # below the floor
    meeting_service.cancel_meeting(db_session, event, meeting, now=now)
    offers = _offers(db_session)
    # Both eligible partners are asked at once, best first; Boris has nobody above the floor.
    assert [(o.seeker_id, o.candidate_id, o.score) for o in offers] == [
        (anna.id, dan.id, 0.95),
        (anna.id, carla.id, 0.9),
    ]
    boris_seat = db_session.scalar(select(FreedSeat).where(FreedSeat.attendee_id == boris.id))
    assert boris_seat is not None and boris_seat.state == SeatState.SEEKING and not boris_seat.had_candidate
    mails = db_session.execute(
        select(OutboxMail.to_address, OutboxMail.body).where(OutboxMail.kind == "refill_offer")
    ).all()
    assert sorted(to for to, _body in mails) == sorted([anna.email, carla.email, dan.email])
    to_anna = next(body for to, body in mails if to == anna.email)
    assert dan.name in to_anna and carla.name in to_anna


def test_excluded_dismissed_and_full_people_are_skipped(db_session: Session) -> None:
    event, (anna, boris, carla, dan, eva), _slot, meeting, now = _cancelled_day(db_session)
    for rank, (person, value) in enumerate(((carla, 0.99), (dan, 0.98), (eva, 0.97), (boris, 0.96)), 1):
        score(db_session, anna, person, value, rank=rank)
    db_session.add(Exclusion(event_id=event.id, attendee_id=carla.id, excluded_attendee_id=anna.id))
    db_session.add(RecommendationDismissal(attendee_id=anna.id, candidate_id=dan.id))
    eva.max_meetings = 1
    meet(db_session, event, eva, boris, event.slots[0])
    db_session.flush()
    meeting_service.cancel_meeting(db_session, event, meeting, now=now)
    # Carla excluded Anna, Anna dismissed Dan, Eva is at her cap, and Boris cancelled on her.
    assert [o.seeker_id for o in _offers(db_session)] == []


def test_someone_not_at_the_venue_or_busy_then_is_not_offered(db_session: Session) -> None:
    event, (anna, _boris, carla, dan, eva, fred), _slot, meeting, now = _cancelled_day(db_session, people=6)
    score(db_session, anna, carla, 0.9)
    score(db_session, anna, dan, 0.8, rank=2)
    score(db_session, anna, eva, 0.7, rank=3)
    carla.checked_in_at = None
    meet(db_session, event, dan, fred, event.slots[2], table=1)
    meeting_service.cancel_meeting(db_session, event, meeting, now=now)
    # Carla is not at the venue and Dan is busy then.
    assert [o.candidate_id for o in _offers(db_session) if o.seeker_id == anna.id] == [eva.id]


def test_no_offer_for_a_slot_that_has_started(db_session: Session) -> None:
    event, (anna, _boris, carla, *_rest), slot, meeting, _now = _cancelled_day(db_session)
    score(db_session, anna, carla, 0.9)
    meeting.status = MeetingStatus.CANCELLED
    db_session.flush()
    seats = refill.free_seats(db_session, event, meeting, "cancelled", [anna.id], slot.start)
    assert seats == [] and _offers(db_session) == []


def test_refill_switched_off_frees_no_seat(db_session: Session) -> None:
    event, (anna, _boris, carla, *_rest), _slot, meeting, now = _cancelled_day(db_session)
    event.refill_enabled = False
    score(db_session, anna, carla, 0.9)
    meeting_service.cancel_meeting(db_session, event, meeting, now=now)
    assert db_session.scalars(select(FreedSeat)).all() == [] and _offers(db_session) == []


def test_both_saying_yes_books_the_freed_table(db_session: Session) -> None:
    event, (anna, boris, carla, *_rest), slot, meeting, now = _cancelled_day(db_session)
    score(db_session, anna, carla, 0.9)
    meeting_service.decline_meeting(db_session, event, meeting, boris.id, now=now)
    offer = _offers(db_session)[0]
    assert refill.answer_offer(db_session, carla, offer.id, True, now).state == "waiting"
    answer = refill.answer_offer(db_session, anna, offer.id, True, now + timedelta(seconds=30))
    assert answer.state == "booked"
    booked = db_session.get_one(Meeting, offer.meeting_id)
    assert (booked.slot_id, booked.table_id, booked.status) == (slot.id, meeting.table_id, "scheduled")
    assert {booked.attendee_a_id, booked.attendee_b_id} == {anna.id, carla.id}
    seat = db_session.get_one(FreedSeat, offer.seat_id)
    assert (seat.state, seat.refilled_at) == (SeatState.REFILLED, now + timedelta(seconds=30))


def test_an_expired_offer_goes_to_the_next_candidate(db_session: Session) -> None:
    event, (anna, boris, carla, dan, eva, fred), _slot, meeting, now = _cancelled_day(db_session, people=6)
    for rank, (person, value) in enumerate(((carla, 0.9), (dan, 0.8), (eva, 0.7), (fred, 0.6)), 1):
        score(db_session, anna, person, value, rank=rank)
    meeting_service.decline_meeting(db_session, event, meeting, boris.id, now=now)
    first = _offers(db_session)
    assert [o.candidate_id for o in first] == [carla.id, dan.id, eva.id]
    assert first[0].expires_at == now + timedelta(minutes=event.refill_offer_minutes)
    later = first[0].expires_at
    assert refill.expire_offers(db_session, event, later) == 3
    assert refill.seek_again(db_session, event, later) == 1
    assert [(o.candidate_id, o.status) for o in _offers(db_session)] == [
        (carla.id, OfferStatus.EXPIRED),
        (dan.id, OfferStatus.EXPIRED),
        (eva.id, OfferStatus.EXPIRED),
        (fred.id, OfferStatus.OPEN),
    ]
    # Too late to answer the first one.
    assert refill.answer_offer(db_session, carla, first[0].id, True, later).state == "closed"


def test_the_first_candidate_to_complete_both_sides_books_and_the_others_are_taken(
    db_session: Session,
) -> None:
    event, (anna, boris, carla, dan, eva), slot, meeting, now = _cancelled_day(db_session)
    for rank, (person, value) in enumerate(((carla, 0.9), (dan, 0.8), (eva, 0.7)), 1):
        score(db_session, anna, person, value, rank=rank)
    meeting_service.decline_meeting(db_session, event, meeting, boris.id, now=now)
    to_carla, to_dan, to_eva = _offers(db_session)
    assert refill.answer_offer(db_session, anna, to_carla.id, True, now).state == "waiting"
    assert refill.answer_offer(db_session, anna, to_dan.id, True, now).state == "waiting"
    later = now + timedelta(seconds=20)
    assert refill.answer_offer(db_session, dan, to_dan.id, True, later).state == "booked"
    assert (to_carla.status, to_eva.status) == (OfferStatus.WITHDRAWN, OfferStatus.WITHDRAWN)
    assert refill.answer_offer(db_session, carla, to_carla.id, True, later).state == "taken"
    live = db_session.scalars(
        select(Meeting).where(Meeting.slot_id == slot.id, Meeting.status == MeetingStatus.SCHEDULED)
    ).all()
    assert [{m.attendee_a_id, m.attendee_b_id} for m in live] == [{anna.id, dan.id}]


def test_the_seeker_saying_no_to_everyone_offered_stops_seeking(db_session: Session) -> None:
    event, (anna, boris, carla, dan, *_rest), _slot, meeting, now = _cancelled_day(db_session)
    score(db_session, anna, carla, 0.9)
    score(db_session, anna, dan, 0.8, rank=2)
    meeting_service.decline_meeting(db_session, event, meeting, boris.id, now=now)
    to_carla, to_dan = _offers(db_session)
    refill.answer_offer(db_session, anna, to_carla.id, False, now)
    seat = db_session.get_one(FreedSeat, to_dan.seat_id)
    assert seat.state == SeatState.SEEKING  # Dan is still asked
    refill.answer_offer(db_session, anna, to_dan.id, False, now)
    assert seat.state == SeatState.GAVE_UP
    assert refill.seek_again(db_session, event, now) == 0


def test_someone_checking_in_is_offered_at_once_to_a_seat_waiting_for_them(db_session: Session) -> None:
    from matchmaker.services import checkin

    event, (anna, boris, carla, *_rest), _slot, meeting, now = _cancelled_day(db_session)
    score(db_session, carla, anna, 0.9)  # scored in Carla's direction only
    carla.checked_in_at = None
    meeting_service.decline_meeting(db_session, event, meeting, boris.id, now=now)
    assert _offers(db_session) == []
    assert checkin.check_in(db_session, carla, now + timedelta(minutes=3))
    assert [(o.seeker_id, o.candidate_id) for o in _offers(db_session)] == [(anna.id, carla.id)]


def test_a_seeker_not_yet_at_the_venue_is_asked_until_the_no_show_deadline(db_session: Session) -> None:
    event, (anna, boris, carla, *_rest), slot, meeting, now = _cancelled_day(db_session)
    score(db_session, anna, carla, 0.9)
    anna.checked_in_at = None
    meeting_service.decline_meeting(db_session, event, meeting, boris.id, now=now)
    assert [o.candidate_id for o in _offers(db_session)] == [carla.id]
    seat = db_session.scalars(select(FreedSeat)).one()
    too_late = slot.start - timedelta(minutes=event.no_show_minutes)
    refill.expire_offers(db_session, event, too_late)
    assert refill.seek_again(db_session, event, too_late) == 0 and seat.state == SeatState.SEEKING


def test_an_organiser_marking_a_no_show_offers_whoever_came_a_partner(db_session: Session) -> None:
    _event, (anna, boris, carla, *_rest), slot, meeting, _now = _cancelled_day(db_session)
    score(db_session, anna, carla, 0.9)
    boris.checked_in_at = None
    meeting_service.mark_outcome(db_session, meeting, MeetingStatus.NO_SHOW, now=before(slot, 5))
    assert [(o.seeker_id, o.candidate_id) for o in _offers(db_session)] == [(anna.id, carla.id)]
    # Undone (Boris came after all): the seat stops seeking and its offer is withdrawn.
    meeting_service.mark_outcome(db_session, meeting, MeetingStatus.HELD, now=before(slot, 4))
    assert [o.status for o in _offers(db_session)] == [OfferStatus.WITHDRAWN]
    assert db_session.scalars(select(FreedSeat.state)).all() == [SeatState.GAVE_UP]


def test_a_candidate_saying_no_asks_the_next_and_the_seeker_saying_no_stops(db_session: Session) -> None:
    event, (anna, boris, carla, dan, *_rest), _slot, meeting, now = _cancelled_day(db_session)
    score(db_session, anna, carla, 0.9)
    score(db_session, anna, dan, 0.8, rank=2)
    meeting_service.decline_meeting(db_session, event, meeting, boris.id, now=now)
    first = _offers(db_session)[0]
    assert refill.answer_offer(db_session, carla, first.id, False, now).state == "declined"
    second = _offers(db_session)[1]
    assert second.candidate_id == dan.id
    refill.answer_offer(db_session, anna, second.id, False, now)
    seat = db_session.get_one(FreedSeat, second.seat_id)
    assert seat.state == SeatState.GAVE_UP
    assert refill.seek_again(db_session, event, now) == 0


def test_an_offer_never_outlives_the_slot_start(db_session: Session) -> None:
    event, (anna, _boris, carla, *_rest), slot, meeting, _now = _cancelled_day(db_session)
    score(db_session, anna, carla, 0.9)
    meeting.status = MeetingStatus.CANCELLED
    db_session.flush()
    refill.free_seats(db_session, event, meeting, "cancelled", [anna.id], before(slot, 2))
    offer = _offers(db_session)[0]
    assert offer.expires_at == slot.start
    assert refill.answer_offer(db_session, anna, offer.id, True, before(slot, 1)).state == "waiting"
    assert refill.answer_offer(db_session, carla, offer.id, True, slot.start).state == "expired"
    assert (
        db_session.scalars(
            select(Meeting).where(Meeting.slot_id == slot.id, Meeting.status == "scheduled")
        ).all()
        == []
    )


def test_a_no_show_refills_with_someone_who_is_also_alone(db_session: Session) -> None:
    from matchmaker.services import day_outcomes

    event, crowd = fair(db_session, people=4)
    anna, boris, carla, dan = crowd
    slot = event.slots[1]
    present(db_session, anna, carla, at=before(slot, 60))
    meet(db_session, event, anna, boris, slot, table=0)
    meet(db_session, event, carla, dan, slot, table=1)
    score(db_session, anna, carla, 0.7)
    marked = day_outcomes.mark_no_shows(db_session, event, before(slot, 10))
    assert len(marked) == 2
    offer = _offers(db_session)[0]
    refill.answer_offer(db_session, anna, offer.id, True, before(slot, 10) + timedelta(seconds=30))
    assert refill.answer_offer(db_session, carla, offer.id, True, before(slot, 9)).state == "booked"
    seats = db_session.scalars(select(FreedSeat).order_by(FreedSeat.id)).all()
    assert [s.state for s in seats] == [SeatState.REFILLED, SeatState.REFILLED]


def test_the_events_fan_out_is_how_many_are_asked_at_once(db_session: Session) -> None:
    event, (anna, boris, carla, dan, eva, fred), _slot, meeting, now = _cancelled_day(db_session, people=6)
    for rank, (person, value) in enumerate(((carla, 0.9), (dan, 0.8), (eva, 0.7), (fred, 0.6)), 1):
        score(db_session, anna, person, value, rank=rank)
    event.refill_fan_out = 2
    meeting_service.decline_meeting(db_session, event, meeting, boris.id, now=now)
    assert [o.candidate_id for o in _offers(db_session)] == [carla.id, dan.id]
    event.refill_fan_out = 4  # raised during the day: the next tick tops the seat up once one closes
    refill.answer_offer(db_session, carla, _offers(db_session)[0].id, False, now + timedelta(seconds=20))
    assert [o.candidate_id for o in _offers(db_session) if o.status == OfferStatus.OPEN] == [
        dan.id,
        eva.id,
        fred.id,
    ]


def test_a_seat_waiting_for_a_partner_asks_as_soon_as_someone_in_its_slot_is_left_alone(
    db_session: Session,
) -> None:
    event, (anna, boris, carla, dan, _eva), slot, meeting, now = _cancelled_day(db_session)
    score(db_session, anna, carla, 0.9)
    meet(db_session, event, carla, dan, slot, table=1)  # Carla is busy in the slot
    meeting_service.decline_meeting(db_session, event, meeting, boris.id, now=now)
    seat = db_session.scalars(select(FreedSeat).where(FreedSeat.attendee_id == anna.id)).one()
    assert _offers(db_session) == [] and seat.state == SeatState.SEEKING
    # Carla's own meeting goes: she is free then, and the two left alone are paired at once (her new
    # seat asks Anna), not at the next tick.
    carlas = db_session.scalars(select(Meeting).where(Meeting.attendee_a_id.in_([carla.id, dan.id]))).one()
    meeting_service.decline_meeting(db_session, event, carlas, dan.id, now=now + timedelta(minutes=1))
    assert {frozenset((o.seeker_id, o.candidate_id)) for o in _offers(db_session)} == {
        frozenset((anna.id, carla.id))
    }


def test_a_candidate_freed_by_a_no_elsewhere_is_asked_at_once_by_the_slots_waiting_seat(
    db_session: Session,
) -> None:
    event, (anna, boris, carla, dan, eva), slot, meeting, now = _cancelled_day(db_session)
    score(db_session, anna, carla, 0.9)
    score(db_session, eva, carla, 0.8)
    eva_meeting = meet(db_session, event, eva, dan, slot, table=1)
    meeting_service.decline_meeting(db_session, event, eva_meeting, dan.id, now=now)  # Eva asks Carla
    (to_carla,) = _offers(db_session)
    meeting_service.decline_meeting(db_session, event, meeting, boris.id, now=now)  # Carla is taken
    anna_seat = db_session.scalars(select(FreedSeat).where(FreedSeat.attendee_id == anna.id)).one()
    assert [o for o in _offers(db_session) if o.seat_id == anna_seat.id] == []
    # Eva says no to Carla: Carla is free to be asked about the slot, and Anna's seat asks her at once.
    refill.answer_offer(db_session, eva, to_carla.id, False, now + timedelta(seconds=30))
    assert [o.candidate_id for o in _offers(db_session) if o.seat_id == anna_seat.id] == [carla.id]


def test_a_seeker_arriving_after_the_no_show_deadline_is_offered_at_check_in(db_session: Session) -> None:
    from matchmaker.services import checkin

    event, (anna, boris, carla, *_rest), slot, meeting, _now = _cancelled_day(db_session)
    score(db_session, anna, carla, 0.9)
    anna.checked_in_at = None
    late = slot.start - timedelta(minutes=event.no_show_minutes - 2)
    meeting_service.decline_meeting(db_session, event, meeting, boris.id, now=late)
    assert _offers(db_session) == []  # not at the venue, too late to arrive in time
    assert checkin.check_in(db_session, anna, late + timedelta(minutes=1))
    assert [(o.seeker_id, o.candidate_id) for o in _offers(db_session)] == [(anna.id, carla.id)]


def _seat_of(db_session: Session, person_id: int) -> FreedSeat:
    return db_session.scalars(select(FreedSeat).where(FreedSeat.attendee_id == person_id)).one()


def test_find_me_another_partner_is_the_seekers_yes_on_every_offer_of_the_seat(db_session: Session) -> None:
    event, (anna, boris, carla, dan, eva, fred), slot, meeting, now = _cancelled_day(db_session, people=6)
    for rank, (person, value) in enumerate(((carla, 0.9), (dan, 0.8), (eva, 0.7), (fred, 0.6)), 1):
        score(db_session, anna, person, value, rank=rank)
    meeting_service.decline_meeting(db_session, event, meeting, boris.id, now=now)
    seat = _seat_of(db_session, anna.id)
    later = now + timedelta(seconds=30)
    answer = refill.answer_seat(db_session, anna, seat.id, True, later)
    assert (answer.state, seat.consent_at) == ("standing", later)
    # The offers already out now wait only for their partner ...
    assert [o.seeker_yes_at for o in _offers(db_session)] == [later] * 3
    # ... and so does one made afterwards: Carla says no, Fred is asked with Anna's yes already given.
    assert refill.answer_offer(db_session, carla, _offers(db_session)[0].id, False, later).state == "declined"
    to_fred = _offers(db_session)[-1]
    assert (to_fred.candidate_id, to_fred.seeker_yes_at) == (fred.id, later)
    # The first partner's yes books, the seat's other offers are withdrawn.
    assert (
        refill.answer_offer(db_session, fred, to_fred.id, True, later + timedelta(seconds=5)).state
        == "booked"
    )
    assert seat.state == SeatState.REFILLED
    assert sorted(o.status for o in _offers(db_session)) == sorted(
        [OfferStatus.DECLINED, OfferStatus.WITHDRAWN, OfferStatus.WITHDRAWN, OfferStatus.BOOKED]
    )
    live = db_session.scalars(
        select(Meeting).where(Meeting.slot_id == slot.id, Meeting.status == MeetingStatus.SCHEDULED)
    ).all()
    assert [{m.attendee_a_id, m.attendee_b_id} for m in live] == [{anna.id, fred.id}]
    # Anna was told whom we asked, not asked again.
    to_anna = db_session.scalars(
        select(OutboxMail.body)
        .where(OutboxMail.kind == "refill_offer", OutboxMail.to_address == anna.email)
        .order_by(OutboxMail.id)
    ).all()
    assert "you asked us to find you another partner" in to_anna[-1] and fred.name in to_anna[-1]


def test_a_standing_yes_books_a_partner_who_already_said_yes_at_once(db_session: Session) -> None:
    event, (anna, boris, carla, dan, *_rest), _slot, meeting, now = _cancelled_day(db_session)
    score(db_session, anna, carla, 0.9)
    score(db_session, anna, dan, 0.8, rank=2)
    meeting_service.decline_meeting(db_session, event, meeting, boris.id, now=now)
    to_carla, to_dan = _offers(db_session)
    assert refill.answer_offer(db_session, dan, to_dan.id, True, now).state == "waiting"
    assert (
        refill.answer_offer(db_session, carla, to_carla.id, True, now + timedelta(seconds=1)).state
        == "waiting"
    )
    seat = _seat_of(db_session, anna.id)
    assert refill.answer_seat(db_session, anna, seat.id, True, now + timedelta(seconds=9)).state == "booked"
    # Dan said yes first: he meets her; Carla's offer is taken.
    assert (to_dan.status, to_carla.status) == (OfferStatus.BOOKED, OfferStatus.WITHDRAWN)
    # Answering again changes nothing.
    assert refill.answer_seat(db_session, anna, seat.id, True, now + timedelta(seconds=10)).state == "closed"


def test_with_a_standing_yes_a_no_to_one_partner_keeps_the_seat_seeking(db_session: Session) -> None:
    event, (anna, boris, carla, *_rest), _slot, meeting, now = _cancelled_day(db_session)
    score(db_session, anna, carla, 0.9)
    meeting_service.decline_meeting(db_session, event, meeting, boris.id, now=now)
    seat = _seat_of(db_session, anna.id)
    refill.answer_seat(db_session, anna, seat.id, True, now)
    assert refill.answer_offer(db_session, anna, _offers(db_session)[0].id, False, now).state == "declined"
    assert seat.state == SeatState.SEEKING  # not Carla, but someone else, later


def test_keep_it_free_stops_the_seat_and_frees_the_partners_asked(db_session: Session) -> None:
    event, (anna, boris, carla, dan, *_rest), _slot, meeting, now = _cancelled_day(db_session)
    score(db_session, anna, carla, 0.9)
    score(db_session, anna, dan, 0.8, rank=2)
    meeting_service.decline_meeting(db_session, event, meeting, boris.id, now=now)
    seat = _seat_of(db_session, anna.id)
    assert refill.answer_seat(db_session, anna, seat.id, False, now).state == "declined"
    assert seat.state == SeatState.GAVE_UP
    assert [o.status for o in _offers(db_session)] == [OfferStatus.DECLINED, OfferStatus.DECLINED]
    assert refill.seek_again(db_session, event, now) == 0


def test_the_seat_question_is_only_its_owners_and_not_after_the_slot_started(db_session: Session) -> None:
    event, (anna, boris, carla, *_rest), slot, meeting, now = _cancelled_day(db_session)
    score(db_session, anna, carla, 0.9)
    meeting_service.decline_meeting(db_session, event, meeting, boris.id, now=now)
    seat = _seat_of(db_session, anna.id)
    try:
        refill.answer_seat(db_session, carla, seat.id, True, now)
    except refill.OfferError as refused:
        assert refused.code == "not_yours"
    else:
        raise AssertionError("Carla answered Anna's seat")
    assert refill.answer_seat(db_session, anna, seat.id, True, slot.start).state == "expired"
    assert seat.consent_at is None and seat.state == SeatState.GAVE_UP


def _mails_to(db_session: Session, address: str | None) -> list[OutboxMail]:
    mails = select(OutboxMail).where(OutboxMail.to_address == address, OutboxMail.kind == "refill_offer")
    return list(db_session.scalars(mails.order_by(OutboxMail.id)))


def test_the_seat_question_after_refill_was_switched_off_looks_for_nobody(db_session: Session) -> None:
    event, (anna, boris, carla, *_rest), _slot, meeting, now = _cancelled_day(db_session)
    meeting_service.decline_meeting(db_session, event, meeting, boris.id, now=now)  # nobody to ask yet
    seat = _seat_of(db_session, anna.id)
    event.refill_enabled = False  # the organisers switch it off during the day
    score(db_session, anna, carla, 0.9)
    answer = refill.answer_seat(db_session, anna, seat.id, True, now)
    assert (answer.state, seat.state, seat.consent_at) == ("closed", SeatState.GAVE_UP, None)
    assert _offers(db_session) == []


def test_the_seat_question_answered_twice(db_session: Session) -> None:
    event, (anna, boris, carla, *_rest), _slot, meeting, now = _cancelled_day(db_session)
    score(db_session, anna, carla, 0.9)
    meeting_service.decline_meeting(db_session, event, meeting, boris.id, now=now)
    seat = _seat_of(db_session, anna.id)
    # Yes, then yes again: nothing new is written or sent.
    assert refill.answer_seat(db_session, anna, seat.id, True, now).state == "standing"
    mails = len(db_session.scalars(select(OutboxMail)).all())
    later = now + timedelta(seconds=20)
    assert refill.answer_seat(db_session, anna, seat.id, True, later).state == "standing"
    assert seat.consent_at == now and [o.seeker_yes_at for o in _offers(db_session)] == [now]
    assert len(db_session.scalars(select(OutboxMail)).all()) == mails
    # Yes, then no: the seat stops seeking and Carla's offer is withdrawn; then yes: closed.
    assert refill.answer_seat(db_session, anna, seat.id, False, later).state == "declined"
    assert [o.status for o in _offers(db_session)] == [OfferStatus.DECLINED]
    assert refill.answer_seat(db_session, anna, seat.id, True, later).state == "closed"
    assert seat.state == SeatState.GAVE_UP and _offers(db_session)[0].status == OfferStatus.DECLINED


def test_the_seat_question_after_the_slot_started_withdraws_its_open_offers(db_session: Session) -> None:
    event, (anna, boris, carla, *_rest), slot, meeting, now = _cancelled_day(db_session)
    score(db_session, anna, carla, 0.9)
    meeting_service.decline_meeting(db_session, event, meeting, boris.id, now=now)
    seat = _seat_of(db_session, anna.id)
    assert refill.answer_seat(db_session, anna, seat.id, True, slot.start).state == "expired"
    assert [o.status for o in _offers(db_session)] == [OfferStatus.EXPIRED]


def test_the_seat_mails_speak_the_seekers_language(db_session: Session) -> None:
    event, (anna, boris, carla, dan, *_rest), _slot, meeting, now = _cancelled_day(db_session)
    anna.locale = "pl"
    score(db_session, anna, carla, 0.9)
    meeting_service.decline_meeting(db_session, event, meeting, boris.id, now=now)
    # One partner asked: Anna's mail about Carla also says she may ask for anyone (as with several).
    (first,) = _mails_to(db_session, anna.email)
    assert refill._find_anyone(refill.translations("pl").gettext) in first.body
    seat = _seat_of(db_session, anna.id)
    refill.answer_seat(db_session, anna, seat.id, True, now)
    score(db_session, anna, dan, 0.8, rank=2)
    refill.answer_offer(db_session, carla, _offers(db_session)[0].id, False, now)
    standing = _mails_to(db_session, anna.email)[-1]
    pl = refill.translations("pl").gettext
    subject = pl("A partner for your free slot at %(event)s: we have asked %(count)d people")
    assert standing.subject == subject % {"event": event.name, "count": 1}
    assert dan.name in standing.body and len(_mails_to(db_session, anna.email)) == 2


def test_a_partner_who_stayed_silent_is_asked_again_once_after_the_cool_down(db_session: Session) -> None:
    event, (anna, boris, carla, *_rest), slot, meeting, now = _cancelled_day(db_session)
    score(db_session, anna, carla, 0.9)
    meeting_service.decline_meeting(db_session, event, meeting, boris.id, now=now)
    seat = _seat_of(db_session, anna.id)
    refill.answer_seat(db_session, anna, seat.id, True, now + timedelta(seconds=20))
    first = _offers(db_session)[0]
    expired = first.expires_at
    assert refill.expire_offers(db_session, event, expired) == 1
    # Silence is not a no, but Carla is not pinged again the moment her offer expired ...
    assert refill.seek_again(db_session, event, expired) == 0
    cooled = expired + timedelta(minutes=event.refill_offer_minutes)
    assert refill.seek_again(db_session, event, cooled - timedelta(seconds=1)) == 0
    # ... only once the cool-down is over, with Anna's standing yes on it, and never past the slot start.
    assert refill.seek_again(db_session, event, cooled) == 1
    again = _offers(db_session)[-1]
    assert (again.candidate_id, again.status, again.seeker_yes_at) == (
        carla.id,
        OfferStatus.OPEN,
        seat.consent_at,
    )
    assert again.expires_at == min(cooled + timedelta(minutes=event.refill_offer_minutes), slot.start)
    assert (
        refill.answer_offer(db_session, carla, again.id, True, cooled + timedelta(seconds=40)).state
        == "booked"
    )
    assert seat.state == SeatState.REFILLED


def test_a_partner_silent_twice_is_not_asked_a_third_time(db_session: Session) -> None:
    event, (anna, boris, carla, *_rest), _slot, meeting, now = _cancelled_day(db_session)
    score(db_session, anna, carla, 0.9)
    meeting_service.decline_meeting(db_session, event, meeting, boris.id, now=now)
    moment = now
    for _ask in range(2):
        moment = _offers(db_session)[-1].expires_at
        refill.expire_offers(db_session, event, moment)
        moment += timedelta(minutes=event.refill_offer_minutes)
        refill.seek_again(db_session, event, moment)
    assert [(o.candidate_id, o.status) for o in _offers(db_session)] == [(carla.id, OfferStatus.EXPIRED)] * 2
    assert refill.seek_again(db_session, event, moment + timedelta(minutes=10)) == 0


def test_a_partner_who_said_no_is_never_asked_again_for_the_seat(db_session: Session) -> None:
    event, (anna, boris, carla, dan, *_rest), _slot, meeting, now = _cancelled_day(db_session)
    score(db_session, anna, carla, 0.9)
    score(db_session, anna, dan, 0.8, rank=2)
    meeting_service.decline_meeting(db_session, event, meeting, boris.id, now=now)
    seat = _seat_of(db_session, anna.id)
    refill.answer_seat(db_session, anna, seat.id, True, now)
    to_carla, to_dan = _offers(db_session)
    assert refill.answer_offer(db_session, carla, to_carla.id, False, now).state == "declined"
    refill.expire_offers(db_session, event, to_dan.expires_at)  # Dan stays silent
    later = to_dan.expires_at + timedelta(minutes=30)
    assert refill.seek_again(db_session, event, later) == 1
    # Dan's silence is asked again; Carla's no stands for the rest of the seat's life.
    assert [o.candidate_id for o in _offers(db_session)] == [carla.id, dan.id, dan.id]
    refill.answer_offer(db_session, dan, _offers(db_session)[-1].id, False, later)
    assert refill.seek_again(db_session, event, later + timedelta(minutes=10)) == 0
    assert seat.state == SeatState.SEEKING and len(_offers(db_session)) == 3


def test_a_partner_the_seeker_said_no_to_is_never_asked_again_for_the_seat(db_session: Session) -> None:
    event, (anna, boris, carla, dan, *_rest), _slot, meeting, now = _cancelled_day(db_session)
    score(db_session, anna, carla, 0.9)
    score(db_session, anna, dan, 0.8, rank=2)
    meeting_service.decline_meeting(db_session, event, meeting, boris.id, now=now)
    to_carla, to_dan = _offers(db_session)
    refill.answer_offer(db_session, anna, to_carla.id, False, now)  # not Carla; Dan is still asked
    refill.expire_offers(db_session, event, to_dan.expires_at)  # and nobody answers Dan's offer
    assert refill.seek_again(db_session, event, to_dan.expires_at + timedelta(minutes=30)) == 1
    assert [o.candidate_id for o in _offers(db_session)] == [carla.id, dan.id, dan.id]


def test_a_partner_asked_again_comes_after_someone_not_asked_yet(db_session: Session) -> None:
    from matchmaker.services import checkin

    event, (anna, boris, carla, dan, *_rest), _slot, meeting, now = _cancelled_day(db_session)
    score(db_session, anna, carla, 0.9)
    score(db_session, anna, dan, 0.5, rank=2)
    dan.checked_in_at = None
    meeting_service.decline_meeting(db_session, event, meeting, boris.id, now=now)
    refill.expire_offers(db_session, event, _offers(db_session)[0].expires_at)
    later = now + timedelta(minutes=30)
    assert checkin.check_in(db_session, dan, later)  # Dan scores lower, but was never asked
    assert [o.candidate_id for o in _offers(db_session)] == [carla.id, dan.id, carla.id]


def test_a_partner_who_said_yes_to_an_expired_offer_is_asked_again_at_the_standing_yes(
    db_session: Session,
) -> None:
    event, (anna, boris, carla, dan, *_rest), _slot, meeting, now = _cancelled_day(db_session)
    score(db_session, anna, dan, 0.95)
    score(db_session, anna, carla, 0.9, rank=2)
    event.refill_fan_out = 1
    meeting_service.decline_meeting(db_session, event, meeting, boris.id, now=now)
    to_dan = _offers(db_session)[0]
    assert (
        refill.answer_offer(db_session, dan, to_dan.id, True, now + timedelta(seconds=30)).state == "waiting"
    )
    refill.expire_offers(db_session, event, to_dan.expires_at)  # Anna did not answer in time
    refill.seek_again(db_session, event, to_dan.expires_at)
    to_carla = _offers(db_session)[-1]
    refill.answer_offer(db_session, carla, to_carla.id, False, to_dan.expires_at)
    seat = _seat_of(db_session, anna.id)
    back = to_dan.expires_at + timedelta(seconds=20)  # well inside the cool-down
    assert refill.answer_seat(db_session, anna, seat.id, True, back).state == "standing"
    again = _offers(db_session)[-1]
    # Dan, who wanted to meet her, is asked again at once; his yes alone now books.
    assert (again.candidate_id, again.created_at, again.seeker_yes_at) == (dan.id, back, back)
    assert (
        refill.answer_offer(db_session, dan, again.id, True, back + timedelta(seconds=30)).state == "booked"
    )
