"""Nobody can break another attendee's personal link by knowing their address: registering again with it,
or asking for a lost link, mails the owner the link they already have and changes nothing else. The
page says the same whether or not the address was registered."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from matchmaker.db.models import Attendee, Event, Meeting, MeetingSource
from matchmaker.services.calendar_links import calendar_token
from tests.integration.attendee_support import (
    csrf_client,
    event_with_interests,
    link_in,
    mails_to,
    path_of,
    registration_form,
    wait_for_jobs,
)


def _registered(app: Flask, session: Session) -> tuple[FlaskClient, str, str, str]:
    """Anna registered, with a meeting: (client, event slug, her page, her calendar feed)."""
    event = event_with_interests(session)
    other = Attendee(event=event, name="Boris", email="boris@example.test", offers="Beans", seeks="Cups")
    session.add(other)
    session.commit()
    client = csrf_client(app)
    client.post(f"/e/{event.slug}/register", data=registration_form(event))
    wait_for_jobs(app)
    [mail] = mails_to(session, "anna@example.test")
    anna = session.scalars(select(Attendee).where(Attendee.email == "anna@example.test")).one()
    session.add(
        Meeting.between(
            anna.id,
            other.id,
            event_id=event.id,
            slot_id=event.slots[1].id,
            table_id=event.tables[0].id,
            source=MeetingSource.AUTO,
        )
    )
    feed = f"/calendar/{calendar_token(session, anna, str(app.config['SECRET_KEY']))}.ics"
    session.commit()
    return client, event.slug, path_of(link_in(mail)), feed


def test_registering_again_with_someones_address_keeps_their_link_and_calendar(
    app: Flask, db_session: Session
) -> None:
    client, slug, page, feed = _registered(app, db_session)
    before = (client.get(f"{page}/agenda.ics").data, client.get(feed).data)

    stranger = csrf_client(app)
    response = stranger.post(
        f"/e/{slug}/register",
        data=registration_form(
            event=_event(db_session, slug), name="Mallory", email="ANNA@example.test", offers="Spam"
        ),
    )
    wait_for_jobs(app)

    assert response.status_code == 302
    assert client.get(page).status_code == 200
    assert client.get(f"{page}/agenda.ics").status_code == 200
    assert client.get(feed).status_code == 200
    assert client.get(feed).data.count(b"BEGIN:VEVENT") == before[1].count(b"BEGIN:VEVENT") == 1
    assert client.get(f"{page}/agenda.ics").data.count(b"BEGIN:VEVENT") == before[0].count(b"BEGIN:VEVENT")
    _first, second = mails_to(db_session, "anna@example.test")
    assert path_of(link_in(second)) == page
    db_session.expire_all()
    anna = db_session.scalars(select(Attendee).where(Attendee.email == "anna@example.test")).one()
    assert anna.name == "Anna Kowalska"
    assert anna.offers == registration_form(_event(db_session, slug))["offers"]


def test_asking_for_a_lost_link_with_someones_address_keeps_their_link(
    app: Flask, db_session: Session
) -> None:
    client, _slug, page, feed = _registered(app, db_session)

    csrf_client(app).post("/lost-link", data={"email": "anna@example.test"})

    assert client.get(page).status_code == 200
    assert client.get(feed).status_code == 200
    assert path_of(link_in(mails_to(db_session, "anna@example.test")[-1])) == page


def test_the_page_after_registering_does_not_say_whether_the_address_was_known(
    app: Flask, db_session: Session
) -> None:
    client, slug, _page, _feed = _registered(app, db_session)
    event = _event(db_session, slug)

    known = client.post(f"/e/{slug}/register", data=registration_form(event), follow_redirects=True)
    new = client.post(
        f"/e/{slug}/register", data=registration_form(event, email="new@example.test"), follow_redirects=True
    )
    wait_for_jobs(app)

    assert known.status_code == new.status_code == 200
    assert known.get_data(as_text=True) == new.get_data(as_text=True)


def test_a_link_that_cant_be_sent_again_is_kept_and_not_replaced(app: Flask, db_session: Session) -> None:
    client, slug, page, _feed = _registered(app, db_session)
    anna = db_session.scalars(select(Attendee).where(Attendee.email == "anna@example.test")).one()
    anna.token_nonce = None  # a link made before links could be recovered
    db_session.commit()

    csrf_client(app).post(f"/e/{slug}/register", data=registration_form(_event(db_session, slug)))

    assert client.get(page).status_code == 200
    mail = mails_to(db_session, "anna@example.test")[-1]
    assert "/me/" not in mail.body
    assert "keeps working" in mail.body


def _event(session: Session, slug: str) -> Event:
    return session.scalars(select(Event).where(Event.slug == slug)).one()
