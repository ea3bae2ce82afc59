"""The day's pages through the app: the agenda's one-tap buttons, the badge's "we met" page, refill
offers on the agenda, and the check-in desk confirming a meeting."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from matchmaker.db.models import Attendee, Event, FreedSeat, Meeting, MeetingStatus, RefillOffer
from matchmaker.services.checkin import badge_code
from matchmaker.services.tokens import issue_token
from matchmaker.web.attendee.day_views import action_key
from tests.e2e.organiser_flow import event_running_now
from tests.factories import make_attendee, make_event
from tests.integration.day_support import meet, score
from tests.integration.organiser_client import csrf_token, sign_in
from tests.organiser_data import make_organiser


def _day(db_session: Session) -> tuple[Event, Attendee, str, Attendee, str, Meeting]:
    event = event_running_now(db_session)
    anna, boris = make_attendee(db_session, event), make_attendee(db_session, event)
    tokens = issue_token(anna), issue_token(boris)
    meeting = meet(db_session, event, anna, boris, event.slots[1])  # running now
    db_session.commit()
    return event, anna, tokens[0], boris, tokens[1], meeting


def _key(client: FlaskClient, token: str) -> str:
    """The key the agenda page's buttons carry (the same on every render of the link's page)."""
    assert client.application is not None
    with client.application.test_request_context():
        return action_key(token)


def _post(client: FlaskClient, token: str, path: str) -> str:
    answer = client.post(f"/me/{token}/{path}", data={"key": _key(client, token)}, follow_redirects=True)
    return answer.get_data(as_text=True)


def test_we_met_from_the_agenda_marks_the_meeting_held(client: FlaskClient, db_session: Session) -> None:
    _event, _anna, token, _boris, _other, meeting = _day(db_session)
    page = client.get(f"/me/{token}/agenda").get_data(as_text=True)
    assert f'name="key" value="{_key(client, token)}"' in page
    assert "marked as held" in _post(client, token, f"meetings/{meeting.id}/met")
    db_session.expire_all()
    assert db_session.get_one(Meeting, meeting.id).status == MeetingStatus.HELD


def test_agenda_buttons_without_the_pages_key_change_nothing(
    client: FlaskClient, db_session: Session
) -> None:
    _event, _anna, token, _boris, _other, meeting = _day(db_session)
    assert client.post(f"/me/{token}/meetings/{meeting.id}/met", data={"key": "forged"}).status_code == 400
    db_session.expire_all()
    assert db_session.get_one(Meeting, meeting.id).status == MeetingStatus.SCHEDULED


def test_someone_elses_meeting_cannot_be_confirmed(client: FlaskClient, db_session: Session) -> None:
    event, _anna, _token, _boris, _other, meeting = _day(db_session)
    carla = make_attendee(db_session, event)
    carla_token = issue_token(carla)
    db_session.commit()
    assert "no such meeting" in _post(client, carla_token, f"meetings/{meeting.id}/met")
    db_session.expire_all()
    assert db_session.get_one(Meeting, meeting.id).status == MeetingStatus.SCHEDULED


def test_scanning_the_partners_badge_confirms_with_one_tap(client: FlaskClient, db_session: Session) -> None:
    _event, _anna, token, boris, _other, meeting = _day(db_session)
    code = badge_code("test-secret-key", boris)
    client.get(f"/me/{token}/agenda")  # the phone holds Anna's link
    page = client.get(f"/met/{code}").get_data(as_text=True)
    assert boris.name in page
    done = client.post(f"/met/{code}", data={"csrf_token": csrf_token(client, f"/met/{code}")})
    assert done.status_code == 200 and "marked as held" in done.get_data(as_text=True)
    db_session.expire_all()
    assert db_session.get_one(Meeting, meeting.id).status == MeetingStatus.HELD


def test_a_badge_scanned_without_a_personal_link_asks_for_it(
    client: FlaskClient, db_session: Session
) -> None:
    _event, _anna, _token, boris, _other, meeting = _day(db_session)
    page = client.get(f"/met/{badge_code('test-secret-key', boris)}").get_data(as_text=True)
    assert "Open your personal link" in page
    db_session.expire_all()
    assert db_session.get_one(Meeting, meeting.id).status == MeetingStatus.SCHEDULED


def test_a_refill_offer_shows_on_both_agendas_and_two_yeses_book_it(
    client: FlaskClient, db_session: Session
) -> None:
    event = event_running_now(db_session)
    arrived = datetime.now(UTC) - timedelta(hours=1)
    anna, boris, carla = (make_attendee(db_session, event, checked_in_at=arrived) for _ in range(3))
    tokens = {p.id: issue_token(p) for p in (anna, boris, carla)}
    meeting = meet(db_session, event, anna, boris, event.slots[3])  # an hour from now
    score(db_session, anna, carla, 0.9)
    db_session.commit()
    _post(client, tokens[boris.id], f"meetings/{meeting.id}/decline")
    offer = db_session.scalars(select(RefillOffer)).one()
    assert carla.name in client.get(f"/me/{tokens[anna.id]}/agenda").get_data(as_text=True)
    for person in (anna, carla):
        _post(client, tokens[person.id], f"offers/{offer.id}/yes")
    db_session.expire_all()
    booked = db_session.scalars(
        select(Meeting).where(Meeting.slot_id == event.slots[3].id, Meeting.status == MeetingStatus.SCHEDULED)
    ).one()
    assert {booked.attendee_a_id, booked.attendee_b_id} == {anna.id, carla.id}


def test_the_check_in_desk_confirms_a_meeting_of_the_moment(client: FlaskClient, db_session: Session) -> None:
    event, anna, _token, _boris, _other, meeting = _day(db_session)
    make_organiser(db_session, "org@example.test", event)
    db_session.commit()
    sign_in(client)
    page = client.get(f"/organiser/events/{event.slug}/checkin?q={anna.name}").get_data(as_text=True)
    assert "They met" in page
    token = csrf_token(client, f"/organiser/events/{event.slug}/checkin")
    client.post(
        f"/organiser/events/{event.slug}/meetings/held", data={"meeting_id": meeting.id, "csrf_token": token}
    )
    db_session.expire_all()
    assert db_session.get_one(Meeting, meeting.id).status == MeetingStatus.HELD


def test_a_meeting_under_way_cannot_be_cancelled_from_the_agenda(
    client: FlaskClient, db_session: Session
) -> None:
    _event, _anna, token, _boris, _other, meeting = _day(db_session)
    assert "Only meetings still to come" in _post(client, token, f"meetings/{meeting.id}/decline")
    db_session.expire_all()
    assert db_session.get_one(Meeting, meeting.id).status == MeetingStatus.SCHEDULED


def test_an_offer_another_candidate_won_shows_as_taken_on_the_agenda(
    client: FlaskClient, db_session: Session
) -> None:
    event = event_running_now(db_session)
    arrived = datetime.now(UTC) - timedelta(hours=1)
    anna, boris, carla, dan = (make_attendee(db_session, event, checked_in_at=arrived) for _ in range(4))
    tokens = {p.id: issue_token(p) for p in (anna, boris, carla, dan)}
    meeting = meet(db_session, event, anna, boris, event.slots[3])  # an hour from now
    score(db_session, anna, carla, 0.9)
    score(db_session, anna, dan, 0.8, rank=2)
    db_session.commit()
    _post(client, tokens[boris.id], f"meetings/{meeting.id}/decline")
    offers = {o.candidate_id: o.id for o in db_session.scalars(select(RefillOffer))}
    assert set(offers) == {carla.id, dan.id}  # both asked at once
    for person in (anna, dan):
        _post(client, tokens[person.id], f"offers/{offers[dan.id]}/yes")
    carlas = client.get(f"/me/{tokens[carla.id]}/agenda").get_data(as_text=True)
    assert f"Taken: {anna.name} is meeting someone else then." in carlas
    assert f"offers/{offers[carla.id]}/yes" not in carlas  # nothing left to answer
    assert "Too late" in _post(client, tokens[carla.id], f"offers/{offers[carla.id]}/yes")


def test_find_me_another_partner_from_the_agenda_then_the_partners_yes_books(
    client: FlaskClient, db_session: Session
) -> None:
    event = event_running_now(db_session)
    arrived = datetime.now(UTC) - timedelta(hours=1)
    anna, boris, carla = (make_attendee(db_session, event, checked_in_at=arrived) for _ in range(3))
    tokens = {p.id: issue_token(p) for p in (anna, boris, carla)}
    meeting = meet(db_session, event, anna, boris, event.slots[3])  # an hour from now
    score(db_session, anna, carla, 0.9)
    db_session.commit()
    _post(client, tokens[boris.id], f"meetings/{meeting.id}/decline")
    seat = db_session.scalars(select(FreedSeat)).one()
    agenda = client.get(f"/me/{tokens[anna.id]}/agenda").get_data(as_text=True)
    assert "Your meeting fell through" in agenda and f"seats/{seat.id}/yes" in agenda
    # Only Anna can answer for her seat.
    assert "not yours" in _post(client, tokens[carla.id], f"seats/{seat.id}/yes")
    assert "We are looking" in _post(client, tokens[anna.id], f"seats/{seat.id}/yes")
    agenda = client.get(f"/me/{tokens[anna.id]}/agenda").get_data(as_text=True)
    assert f"seats/{seat.id}/yes" not in agenda  # asked once
    offer = db_session.scalars(select(RefillOffer)).one()
    assert "Booked" in _post(client, tokens[carla.id], f"offers/{offer.id}/yes")
    db_session.expire_all()
    booked = db_session.scalars(
        select(Meeting).where(Meeting.slot_id == event.slots[3].id, Meeting.status == MeetingStatus.SCHEDULED)
    ).one()
    assert {booked.attendee_a_id, booked.attendee_b_id} == {anna.id, carla.id}
    assert "Your meeting fell through" not in client.get(f"/me/{tokens[anna.id]}/agenda").get_data(
        as_text=True
    )


def test_the_seat_question_needs_the_pages_key(client: FlaskClient, db_session: Session) -> None:
    event = event_running_now(db_session)
    arrived = datetime.now(UTC) - timedelta(hours=1)
    anna, boris = (make_attendee(db_session, event, checked_in_at=arrived) for _ in range(2))
    tokens = {p.id: issue_token(p) for p in (anna, boris)}
    meeting = meet(db_session, event, anna, boris, event.slots[3])
    db_session.commit()
    _post(client, tokens[boris.id], f"meetings/{meeting.id}/decline")
    seat = db_session.scalars(select(FreedSeat)).one()
    answer = client.post(f"/me/{tokens[anna.id]}/seats/{seat.id}/no", data={"key": "wrong"})
    assert answer.status_code == 400
    db_session.expire_all()
    assert db_session.get_one(FreedSeat, seat.id).state == "seeking"


def _freed(
    db_session: Session, client: FlaskClient
) -> tuple[Event, dict[int, str], Attendee, Attendee, FreedSeat]:
    """Boris cancels his meeting with Anna an hour from now: Anna's seat asks the question."""
    event = event_running_now(db_session)
    arrived = datetime.now(UTC) - timedelta(hours=1)
    anna, boris, carla = (make_attendee(db_session, event, checked_in_at=arrived) for _ in range(3))
    tokens = {p.id: issue_token(p) for p in (anna, boris, carla)}
    meeting = meet(db_session, event, anna, boris, event.slots[3])
    score(db_session, anna, carla, 0.9)
    db_session.commit()
    _post(client, tokens[boris.id], f"meetings/{meeting.id}/decline")
    seat = db_session.scalars(select(FreedSeat)).one()
    return event, tokens, anna, carla, seat


def _unchanged(db_session: Session, seat: FreedSeat) -> None:
    db_session.expire_all()
    again = db_session.get_one(FreedSeat, seat.id)
    assert (again.state, again.consent_at) == ("seeking", None)
    assert [o.seeker_yes_at for o in db_session.scalars(select(RefillOffer))] == [None]


def test_the_seat_question_refuses_other_links_seats_and_verbs(
    client: FlaskClient, db_session: Session
) -> None:
    event, tokens, anna, carla, seat = _freed(db_session, client)
    other_event = make_event(db_session)
    stranger = make_attendee(db_session, other_event)
    stranger_token = issue_token(stranger)
    make_organiser(db_session, "org@example.test", event)
    db_session.commit()
    # Another attendee's link, of this event or another, with Anna's seat: refused, nothing written.
    for token in (tokens[carla.id], stranger_token):
        answer = client.post(f"/me/{token}/seats/{seat.id}/yes", data={"key": _key(client, token)})
        assert answer.status_code == 302
        assert "not yours" in client.get(answer.headers["Location"]).get_data(as_text=True)
    # A seat that does not exist; a bad verb; a wrong link (an organiser signed in changes nothing).
    assert "not yours" in _post(client, tokens[anna.id], f"seats/{seat.id + 1000}/yes")
    bad_verb = client.post(
        f"/me/{tokens[anna.id]}/seats/{seat.id}/maybe", data={"key": _key(client, tokens[anna.id])}
    )
    assert bad_verb.status_code == 404 and "Traceback" not in bad_verb.get_data(as_text=True)
    sign_in(client)
    wrong_link = client.post(f"/me/not-a-link/seats/{seat.id}/yes", data={"key": _key(client, "not-a-link")})
    assert wrong_link.status_code == 404
    _unchanged(db_session, seat)


def test_the_seat_question_without_a_connection_offers_no_answer(
    client: FlaskClient, db_session: Session
) -> None:
    """Offline, static/js/app.js hides and disables the buttons inside [data-offer-answers] of a card whose
    data-offer-state is open (an answer is a POST the server checks): the seat's buttons are among them."""
    _event, tokens, anna, _carla, seat = _freed(db_session, client)
    page = client.get(f"/me/{tokens[anna.id]}/agenda").get_data(as_text=True)
    card = page[page.index(f'data-seat="{seat.id}"') :]
    card = card[: card.index(f"seats/{seat.id}/no")]
    assert 'data-offer-state="open"' in card and "data-expires-at=" in card
    assert "data-offer-answers" in card and "data-offer-offline hidden" in card


def test_the_seat_question_is_not_asked_once_refill_is_switched_off(
    client: FlaskClient, db_session: Session
) -> None:
    event, tokens, anna, _carla, seat = _freed(db_session, client)
    event.refill_enabled = False  # the organisers switch it off during the day
    db_session.commit()
    page = client.get(f"/me/{tokens[anna.id]}/agenda").get_data(as_text=True)
    assert "Your meeting fell through" not in page and f"seats/{seat.id}/yes" not in page
    assert "no longer looked after" in _post(client, tokens[anna.id], f"seats/{seat.id}/yes")
