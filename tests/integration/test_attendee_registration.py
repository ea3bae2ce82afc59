from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from matchmaker.db.models import Attendee, Exclusion
from tests.integration.attendee_support import (
    csrf_client,
    event_with_interests,
    link_in,
    mails_to,
    path_of,
    registration_form,
    wait_for_jobs,
)


def test_registration_page_offers_every_field_in_a_form(client: FlaskClient, db_session: Session) -> None:
    event = event_with_interests(db_session)
    db_session.commit()

    page = client.get(f"/e/{event.slug}/register").get_data(as_text=True)

    for name in (
        "name",
        "email",
        "company",
        "job_title",
        "sector",
        "country",
        "languages",
        "offers",
        "seeks",
        "interests",
        "free_tags",
        "intents",
        "available_slots",
        "max_meetings",
        "dont_match",
        "consent",
        "csrf_token",
    ):
        assert f'name="{name}"' in page, name
    assert "Packaging" in page
    assert "Who sees what" in page


def test_registration_creates_profile_and_mails_personal_link(app: Flask, db_session: Session) -> None:
    event = event_with_interests(db_session)
    db_session.commit()
    client = csrf_client(app)

    response = client.post(f"/e/{event.slug}/register", data=registration_form(event))
    wait_for_jobs(app)

    assert response.status_code == 302
    assert "Check your e-mail" in client.get(response.headers["Location"]).get_data(as_text=True)
    attendee = db_session.scalars(select(Attendee)).one()
    assert attendee.email == "anna@example.test"
    assert attendee.consent_at is not None
    assert attendee.interests == ["packaging", "recycling", "cold chain"]
    assert [slot.code for slot in attendee.unavailable_slots] == [event.slots[0].code]
    assert attendee.max_meetings == 8
    assert db_session.scalars(select(Exclusion.excluded_company)).all() == ["Rival Cups Ltd"]
    [mail] = mails_to(db_session, "anna@example.test")
    assert mail.status == "stored"
    page = client.get(path_of(link_in(mail)))
    assert page.status_code == 200
    assert "Anna Kowalska" in page.get_data(as_text=True)


def test_registration_with_errors_keeps_what_was_typed(app: Flask, db_session: Session) -> None:
    event = event_with_interests(db_session)
    db_session.commit()
    client = csrf_client(app)

    form = registration_form(event, email="anna-at-example", consent=None, offers="", seeks="")
    response = client.post(f"/e/{event.slug}/register", data=form)

    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "look like an e-mail address" in page
    assert "Please agree to the privacy terms" in page
    assert "Tell us what you offer or what you are looking for" in page
    assert 'value="Anna Kowalska"' in page
    assert 'value="anna-at-example"' in page
    assert db_session.scalars(select(Attendee)).all() == []


def test_registration_with_only_invisible_characters_asks_for_a_name_and_offers(
    app: Flask, db_session: Session
) -> None:
    event = event_with_interests(db_session)
    db_session.commit()
    client = csrf_client(app)

    # Zero-width spaces, a byte-order mark, a word joiner, direction marks, a Hangul filler.
    form = registration_form(event, name="\u200b\u200b", offers="\ufeff\u2060", seeks="\u200e\u200f\u3164")
    response = client.post(f"/e/{event.slug}/register", data=form)

    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Please fill this in." in page
    assert "Tell us what you offer or what you are looking for" in page
    assert db_session.scalars(select(Attendee)).all() == []


def test_registering_the_same_email_twice_sends_the_link_again(app: Flask, db_session: Session) -> None:
    event = event_with_interests(db_session)
    db_session.commit()
    client = csrf_client(app)
    client.post(f"/e/{event.slug}/register", data=registration_form(event))

    second = client.post(
        f"/e/{event.slug}/register",
        data=registration_form(event, email=" ANNA@example.test", name="Someone Else"),
    )
    wait_for_jobs(app)

    assert "Check your e-mail" in client.get(second.headers["Location"]).get_data(as_text=True)
    [attendee] = db_session.scalars(select(Attendee)).all()
    assert attendee.name == "Anna Kowalska"
    first_mail, second_mail = mails_to(db_session, "anna@example.test")
    assert link_in(second_mail) == link_in(first_mail)  # the same link: nothing she saved breaks
    assert client.get(path_of(link_in(first_mail))).status_code == 200


def test_registration_without_csrf_token_is_refused_with_a_way_back(
    client: FlaskClient, db_session: Session
) -> None:
    event = event_with_interests(db_session)
    db_session.commit()

    response = client.post(f"/e/{event.slug}/register", data=registration_form(event))

    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "The form had expired" in page
    assert f'href="/e/{event.slug}/register"' in page
    assert db_session.scalars(select(Attendee)).all() == []


def test_registration_for_unknown_event_is_not_found(client: FlaskClient) -> None:
    assert client.get("/e/no-such-fair/register").status_code == 404
