"""Refill races on PostgreSQL, with real parallel threads: two pairs saying yes for the last free table
at the same instant, and both sides of one offer saying yes at once. Never a double booking, never a
lost booking, and each loser gets a clear outcome."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from matchmaker.config import Settings
from matchmaker.db.engine import make_session_factory
from matchmaker.db.models import Attendee, Event, Meeting, MeetingStatus, OfferStatus, RefillOffer
from matchmaker.services import meetings as meeting_service
from matchmaker.services import refill
from matchmaker.services.tokens import issue_token
from matchmaker.web.attendee.day_views import action_key
from tests.e2e.organiser_flow import event_running_now
from tests.factories import make_attendee
from tests.integration.concurrency_support import race
from tests.integration.day_support import before, fair, meet, present, score

ROUNDS = 4


@pytest.fixture(autouse=True)
def _postgresql_only(settings: Settings) -> None:
    if settings.uses_sqlite:
        pytest.skip("SQLite runs one writer at a time: races need PostgreSQL (MATCHMAKER_TEST_DATABASE_URL)")


def _race(engine: Engine, calls: list[Callable[[Session], str]]) -> list[str]:
    barrier = threading.Barrier(len(calls))
    results = [""] * len(calls)
    factory = make_session_factory(engine)

    def run(index: int) -> None:
        with factory() as session:
            barrier.wait()
            results[index] = calls[index](session)
            session.commit()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(calls))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def _yes(attendee_id: int, offer_id: int, now: object) -> Callable[[Session], str]:
    def call(session: Session) -> str:
        attendee = session.get_one(Attendee, attendee_id)
        return refill.answer_offer(session, attendee, offer_id, True, now).state  # type: ignore[arg-type]

    return call


def _standing(attendee_id: int, seat_id: int, now: datetime) -> Callable[[Session], str]:
    def call(session: Session) -> str:
        attendee = session.get_one(Attendee, attendee_id)
        return f"seat {refill.answer_seat(session, attendee, seat_id, True, now).state}"

    return call


def _live_in(session: Session, slot_id: int) -> int:
    return int(
        session.scalar(
            select(func.count())
            .select_from(Meeting)
            .where(Meeting.slot_id == slot_id, Meeting.status == MeetingStatus.SCHEDULED)
        )
        or 0
    )


def test_two_pairs_racing_for_the_last_table_book_it_once(engine: Engine, db_session: Session) -> None:
    for _round in range(ROUNDS):
        event, (anna, boris, carla, dan) = fair(db_session, people=4, tables=1)
        slot = event.slots[2]
        now = before(slot, 30)
        present(db_session, anna, boris, carla, dan, at=now - timedelta(minutes=20))
        meeting = meet(db_session, event, anna, boris, slot)
        score(db_session, anna, carla, 0.9)
        score(db_session, boris, dan, 0.9)
        meeting_service.cancel_meeting(db_session, event, meeting, now=now)
        offers = {o.seeker_id: o for o in db_session.scalars(select(RefillOffer))}
        refill.answer_offer(db_session, carla, offers[anna.id].id, True, now)
        refill.answer_offer(db_session, dan, offers[boris.id].id, True, now)
        db_session.commit()
        later = now + timedelta(seconds=20)
        outcomes = _race(
            engine, [_yes(anna.id, offers[anna.id].id, later), _yes(boris.id, offers[boris.id].id, later)]
        )
        db_session.expire_all()
        assert sorted(outcomes) == ["booked", "taken"]
        assert _live_in(db_session, slot.id) == 1


def test_both_sides_saying_yes_at_once_book_exactly_one_meeting(engine: Engine, db_session: Session) -> None:
    for _round in range(ROUNDS):
        event, (anna, boris, carla) = fair(db_session, people=3, tables=2)
        slot = event.slots[2]
        now = before(slot, 30)
        present(db_session, anna, boris, carla, at=now - timedelta(minutes=20))
        meeting = meet(db_session, event, anna, boris, slot)
        score(db_session, anna, carla, 0.9)
        meeting_service.decline_meeting(db_session, event, meeting, boris.id, now=now)
        offer = db_session.scalars(select(RefillOffer)).one()
        db_session.commit()
        later = now + timedelta(seconds=20)
        outcomes = _race(engine, [_yes(anna.id, offer.id, later), _yes(carla.id, offer.id, later)])
        db_session.expire_all()
        # The offer row is locked while answering: the second answer sees the first's yes and books.
        assert sorted(outcomes) == ["booked", "waiting"]
        assert _live_in(db_session, slot.id) == 1
        db_session.execute(RefillOffer.__table__.delete())
        db_session.commit()


def _accept(app: Flask, token: str, offer_id: int) -> Callable[[FlaskClient], tuple[int, str]]:
    """Tap "yes" on the agenda, then read the agenda with its message."""
    with app.test_request_context():
        key = action_key(token)

    def call(client: FlaskClient) -> tuple[int, str]:
        answer = client.post(f"/me/{token}/offers/{offer_id}/yes", data={"key": key})
        page = client.get(f"/me/{token}/agenda")
        return answer.status_code, page.get_data(as_text=True)

    return call


def test_two_candidates_accepting_competing_offers_of_one_seat_at_once_book_it_once(
    app: Flask, db_session: Session
) -> None:
    """Real parallel requests: the seeker said yes to two of the people offered, and both of them tap
    "yes" at the same instant. One meeting; the other hears "taken"; no error page."""
    for _round in range(ROUNDS):
        event = event_running_now(db_session)
        arrived = datetime.now(UTC) - timedelta(hours=1)
        anna, boris, carla, dan = (make_attendee(db_session, event, checked_in_at=arrived) for _ in range(4))
        tokens = {p.id: issue_token(p) for p in (anna, boris, carla, dan)}
        slot = event.slots[3]  # an hour from now
        meeting = meet(db_session, event, anna, boris, slot)
        score(db_session, anna, carla, 0.9)
        score(db_session, anna, dan, 0.8, rank=2)
        meeting_service.decline_meeting(db_session, event, meeting, boris.id)
        offers = {o.candidate_id: o.id for o in db_session.scalars(select(RefillOffer))}
        for offer_id in offers.values():
            refill.answer_offer(db_session, anna, offer_id, True)
        db_session.commit()

        results = race(
            app,
            [_accept(app, tokens[carla.id], offers[carla.id]), _accept(app, tokens[dan.id], offers[dan.id])],
        )
        db_session.expire_all()
        assert [status for status, _page in results] == [302, 302]
        assert sum("Booked: the meeting is in your agenda." in page for _status, page in results) == 1
        assert sum("Too late" in page for _status, page in results) == 1
        assert _live_in(db_session, slot.id) == 1
        statuses = sorted(db_session.scalars(select(RefillOffer.status)).all())
        assert statuses == [OfferStatus.BOOKED, OfferStatus.WITHDRAWN]
        db_session.execute(RefillOffer.__table__.delete())
        db_session.execute(Event.__table__.delete())
        db_session.commit()


def test_a_standing_yes_and_two_partners_yes_at_once_book_one_meeting(
    engine: Engine, db_session: Session
) -> None:
    """The one left alone says "find me another partner" at the instant two of those asked say yes:
    exactly one meeting, whichever order the slot's lock lets them in."""
    for _round in range(ROUNDS):
        event, (anna, boris, carla, dan) = fair(db_session, people=4, tables=2)
        slot = event.slots[2]
        now = before(slot, 30)
        present(db_session, anna, boris, carla, dan, at=now - timedelta(minutes=20))
        meeting = meet(db_session, event, anna, boris, slot)
        score(db_session, anna, carla, 0.9)
        score(db_session, anna, dan, 0.8, rank=2)
        meeting_service.decline_meeting(db_session, event, meeting, boris.id, now=now)
        offers = {o.candidate_id: o.id for o in db_session.scalars(select(RefillOffer))}
        seat_id = db_session.scalars(select(RefillOffer.seat_id)).first()
        assert seat_id is not None
        db_session.commit()
        later = now + timedelta(seconds=20)
        calls = [
            _standing(anna.id, seat_id, later),
            _yes(carla.id, offers[carla.id], later),
            _yes(dan.id, offers[dan.id], later),
        ]
        outcomes = _race(engine, calls)
        db_session.expire_all()
        assert outcomes.count("booked") + outcomes.count("seat booked") == 1, outcomes
        assert _live_in(db_session, slot.id) == 1
        db_session.execute(RefillOffer.__table__.delete())
        db_session.commit()


def _seek_again(event_id: int, now: datetime) -> Callable[[Session], str]:
    def call(session: Session) -> str:
        return str(refill.seek_again(session, session.get_one(Event, event_id), now))

    return call


def _silent_then_cooled(db_session: Session, people: int) -> tuple[Event, list[Attendee], int, datetime]:
    """Anna's seat (standing yes) asked Carla, who stayed silent; her cool-down is just over."""
    event, crowd = fair(db_session, people=people, tables=2)
    anna, boris, carla = crowd[:3]
    slot = event.slots[2]
    now = before(slot, 30)
    present(db_session, *crowd, at=now - timedelta(minutes=20))
    meeting = meet(db_session, event, anna, boris, slot)
    score(db_session, anna, carla, 0.9)
    meeting_service.decline_meeting(db_session, event, meeting, boris.id, now=now)
    seat_id = db_session.scalars(select(RefillOffer.seat_id)).one()
    refill.answer_seat(db_session, anna, seat_id, True, now)
    expired = db_session.scalars(select(RefillOffer.expires_at)).one()
    refill.expire_offers(db_session, event, expired)
    db_session.commit()
    return event, crowd, slot.id, expired + timedelta(minutes=event.refill_offer_minutes)


def _clear(db_session: Session) -> None:
    db_session.execute(RefillOffer.__table__.delete())
    db_session.commit()


def test_two_looks_asking_again_at_one_instant_make_one_open_offer_to_the_silent_partner(
    engine: Engine, db_session: Session
) -> None:
    """The tick and a second worker both find Carla's cool-down over: she gets one new offer, not two."""
    for _round in range(ROUNDS):
        event, (_anna, _boris, carla), _slot_id, cooled = _silent_then_cooled(db_session, people=3)
        outcomes = _race(engine, [_seek_again(event.id, cooled), _seek_again(event.id, cooled)])
        db_session.expire_all()
        assert sorted(outcomes) == ["0", "1"]
        offers = db_session.execute(select(RefillOffer.candidate_id, RefillOffer.status)).all()
        assert sorted(offers) == [(carla.id, OfferStatus.EXPIRED), (carla.id, OfferStatus.OPEN)]
        _clear(db_session)


def test_a_partner_asked_again_and_a_new_partner_saying_yes_at_once_book_one_meeting(
    engine: Engine, db_session: Session
) -> None:
    for _round in range(ROUNDS):
        event, (anna, _boris, carla, dan), slot_id, cooled = _silent_then_cooled(db_session, people=4)
        score(db_session, anna, dan, 0.8, rank=2)  # scored after Carla's first offer: never asked yet
        db_session.commit()
        assert refill.seek_again(db_session, event, cooled) == 2
        is_open = RefillOffer.status == OfferStatus.OPEN
        offers = {o.candidate_id: o.id for o in db_session.scalars(select(RefillOffer).where(is_open))}
        assert set(offers) == {carla.id, dan.id}
        db_session.commit()
        later = cooled + timedelta(seconds=20)
        outcomes = _race(
            engine, [_yes(carla.id, offers[carla.id], later), _yes(dan.id, offers[dan.id], later)]
        )
        db_session.expire_all()
        assert sorted(outcomes) == ["booked", "taken"]
        assert _live_in(db_session, slot_id) == 1
        _clear(db_session)
