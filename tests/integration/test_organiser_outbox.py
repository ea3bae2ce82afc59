"""Reaching attendees without SMTP: the outbox page, invitations, a link sent again (never silently
replaced), new links only on request, links for never-invited people when a schedule is published, and
the log line that tells a local operator where a link went."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from matchmaker.db.models import Attendee, Event, MailStatus, Meeting, OutboxMail
from matchmaker.services import mail
from matchmaker.services.meetings import notify_schedule_change
from matchmaker.services.tokens import issue_token
from tests.factories import make_attendee, make_event
from tests.integration.fake_smtp import FakeSmtpServer, closed_port
from tests.integration.organiser_client import csrf_token, post_form, sign_in
from tests.organiser_data import make_organiser

LINK = re.compile(r"http://localhost/me/([A-Za-z0-9_\-]+)")


@pytest.fixture(autouse=True)
def no_smtp() -> Iterator[None]:
    mail.configure("", "matchmaker@localhost")
    yield
    mail.configure("", "matchmaker@localhost")


def _fair(db_session: Session, people: int = 3) -> tuple[Event, list[Attendee]]:
    """An event whose attendees were imported: addresses, no personal links yet."""
    event = make_event(db_session, slots=4, tables=2)
    attendees = [make_attendee(db_session, event, name=f"Imported {n}") for n in range(people)]
    make_organiser(db_session, "org@example.test", event)
    db_session.commit()
    return event, attendees


def _mails(db_session: Session, address: str | None) -> list[OutboxMail]:
    db_session.expire_all()
    return list(
        db_session.scalars(select(OutboxMail).where(OutboxMail.to_address == address).order_by(OutboxMail.id))
    )


def _link_in(body: str) -> str:
    found = LINK.search(body)
    assert found is not None, body
    return found.group(1)


def test_inviting_everyone_not_yet_invited_mails_each_a_personal_link_that_works(
    client: FlaskClient, app: object, db_session: Session
) -> None:
    event, people = _fair(db_session)
    no_address = make_attendee(db_session, event, name="Walk-in", email=None)
    db_session.commit()
    sign_in(client)
    page = f"/organiser/events/{event.slug}/attendees"

    response = post_form(client, page, f"/organiser/events/{event.slug}/invitations", {"scope": "all"})

    assert response.status_code == 302
    for person in people:
        sent = _mails(db_session, person.email)
        assert [m.kind for m in sent] == ["invitation"]
        assert client.get(f"/me/{_link_in(sent[0].body)}").status_code == 200
    assert db_session.get(Attendee, no_address.id).token_hash is None
    again = post_form(client, page, f"/organiser/events/{event.slug}/invitations", {"scope": "all"})
    assert again.status_code == 302
    assert all(len(_mails(db_session, p.email)) == 1 for p in people)  # nobody is invited twice


def test_inviting_the_selected_attendees_leaves_the_others_alone(
    client: FlaskClient, db_session: Session
) -> None:
    event, (first, second, third) = _fair(db_session)
    sign_in(client)
    page = f"/organiser/events/{event.slug}/attendees"

    client.post(
        f"/organiser/events/{event.slug}/invitations",
        data={
            "csrf_token": csrf_token(client, page),
            "scope": "selected",
            "attendee_id": [first.id, third.id],
        },
    )

    assert [len(_mails(db_session, p.email)) for p in (first, second, third)] == [1, 0, 1]
    listing = client.get(page).get_data(as_text=True)
    assert "Invite 1 attendee not yet invited" in listing


def test_sending_a_link_again_keeps_the_working_link(client: FlaskClient, db_session: Session) -> None:
    event, (anna, *_rest) = _fair(db_session)
    token = issue_token(anna)  # registered: she has a link, maybe in her calendar
    db_session.commit()
    sign_in(client)

    response = post_form(
        client,
        f"/organiser/events/{event.slug}/attendees",
        f"/organiser/events/{event.slug}/attendees/{anna.id}/link",
        {},
    )

    assert response.status_code == 302
    (sent,) = _mails(db_session, anna.email)
    assert sent.kind == "link_again"
    assert _link_in(sent.body) == token
    assert client.get(f"/me/{token}").status_code == 200


def test_a_new_link_replaces_the_old_one_only_when_the_organiser_chooses_it(
    client: FlaskClient, db_session: Session
) -> None:
    event, (anna, *_rest) = _fair(db_session)
    old = issue_token(anna)
    db_session.commit()
    sign_in(client)
    page = f"/organiser/events/{event.slug}/attendees/{anna.id}/link"

    post_form(client, page, page, {"new": "1"})

    (sent,) = _mails(db_session, anna.email)
    new = _link_in(sent.body)
    assert sent.kind == "new_link" and new != old
    assert "no longer works" in sent.body
    assert client.get(f"/me/{old}").status_code == 404
    assert client.get(f"/me/{new}").status_code == 200


def test_a_link_that_cannot_be_recovered_is_not_silently_replaced(
    client: FlaskClient, db_session: Session
) -> None:
    event, (anna, *_rest) = _fair(db_session)
    issue_token(anna)
    anna.token_nonce = None  # as for a link made before links could be recovered
    db_session.commit()
    before = anna.token_hash
    sign_in(client)
    page = f"/organiser/events/{event.slug}/attendees/{anna.id}/link"

    response = post_form(client, page, page, {})

    assert response.status_code == 302
    followed = client.get(page).get_data(as_text=True)
    assert "can&#39;t be recovered: send a new link" in followed
    assert _mails(db_session, anna.email) == []
    assert db_session.get(Attendee, anna.id).token_hash == before


def test_publishing_gives_never_invited_attendees_their_link_instead_of_the_earlier_email(
    app: object, db_session: Session
) -> None:
    event, (imported, registered, *_rest) = _fair(db_session)
    token = issue_token(registered)
    db_session.add(
        Meeting.between(
            imported.id,
            registered.id,
            event_id=event.id,
            slot_id=event.slots[0].id,
            table_id=event.tables[0].id,
        )
    )
    db_session.flush()

    notify_schedule_change(
        db_session, event, [imported.id, registered.id], lambda t: f"http://localhost/me/{t}"
    )
    db_session.commit()

    (to_imported,) = _mails(db_session, imported.email)
    assert "earlier e-mail" not in to_imported.body
    given = _link_in(to_imported.body)
    assert db_session.get(Attendee, imported.id).token_hash is not None
    (to_registered,) = _mails(db_session, registered.email)
    assert _link_in(to_registered.body) == token  # the same link again, not a new one
    assert given != token


def test_the_outbox_lists_mails_with_status_search_and_why_a_mail_failed(
    client: FlaskClient, db_session: Session
) -> None:
    event, (anna, bob, *_rest) = _fair(db_session)
    mail.send_mail(
        db_session, anna.email or "", "Your invitation", "Hello Anna", event_id=event.id, kind="invitation"
    )
    mail.configure(f"smtp://127.0.0.1:{closed_port()}", "fair@example.test")
    mail.send_mail(
        db_session,
        bob.email or "",
        "Your meetings changed",
        "Hello Bob",
        event_id=event.id,
        kind="schedule_changed",
    )
    db_session.commit()  # delivery is tried after commit, and fails: nothing listens on that port
    mail.configure("", "matchmaker@localhost")
    sign_in(client)
    page = f"/organiser/events/{event.slug}/mail"

    everything = client.get(page).get_data(as_text=True)
    failed = client.get(page + "?status=failed").get_data(as_text=True)
    searched = client.get(page + f"?q={anna.email}").get_data(as_text=True)

    assert "Your invitation" in everything and "Your meetings changed" in everything
    assert "in the outbox (no SMTP)" in everything
    assert "Your invitation" not in failed
    assert re.search(r"Not delivered: ConnectionRefusedError", failed)
    assert "Your invitation" in searched and "Your meetings changed" not in searched


def test_with_smtp_a_sent_mail_shows_as_sent(client: FlaskClient, db_session: Session) -> None:
    event, (anna, *_rest) = _fair(db_session)
    sign_in(client)
    page = f"/organiser/events/{event.slug}/attendees/{anna.id}/link"
    with FakeSmtpServer() as server:
        mail.configure(server.url, "fair@example.test")
        post_form(client, page, page, {})
        mail.configure("", "matchmaker@localhost")

    (sent,) = _mails(db_session, anna.email)
    assert sent.status == MailStatus.SENT
    listing = client.get(f"/organiser/events/{event.slug}/mail").get_data(as_text=True)
    assert ">sent<" in listing
    assert server.received[0].recipients == [anna.email]


def test_resending_a_link_mail_sends_the_same_link_again(client: FlaskClient, db_session: Session) -> None:
    event, (anna, *_rest) = _fair(db_session)
    sign_in(client)
    post_form(
        client,
        f"/organiser/events/{event.slug}/attendees",
        f"/organiser/events/{event.slug}/invitations",
        {"scope": "all"},
    )
    (invitation,) = _mails(db_session, anna.email)

    response = post_form(
        client,
        f"/organiser/events/{event.slug}/mail",
        f"/organiser/events/{event.slug}/mail/{invitation.id}/resend",
        {},
    )

    assert response.status_code == 302
    first, again = _mails(db_session, anna.email)
    assert again.kind == "link_again"
    assert _link_in(again.body) == _link_in(first.body)


def test_without_smtp_the_log_says_where_a_link_went_and_where_to_read_it(
    client: FlaskClient, db_session: Session, caplog: pytest.LogCaptureFixture
) -> None:
    event, (anna, *_rest) = _fair(db_session)
    sign_in(client)
    page = f"/organiser/events/{event.slug}/attendees/{anna.id}/link"

    with caplog.at_level(logging.INFO, logger="matchmaker.services.mail"):
        post_form(client, page, page, {})

    (sent,) = _mails(db_session, anna.email)
    line = next(r.getMessage() for r in caplog.records if f"mail #{sent.id}" in r.getMessage())
    assert f"the personal link of attendee #{anna.id} ({anna.name})" in line
    assert f"to {anna.email} kept in the outbox, no SMTP configured" in line
    path = re.search(r"read it at (\S+)", line)
    assert path is not None
    shown = client.get(path.group(1)).get_data(as_text=True)
    assert _link_in(sent.body) in shown
    assert _link_in(sent.body) not in line  # the log never holds a working link


def test_an_unknown_mail_number_gets_a_message_on_the_outbox_page(
    client: FlaskClient, db_session: Session
) -> None:
    event, _people = _fair(db_session)
    sign_in(client)

    response = client.get(f"/organiser/events/{event.slug}/mail/999999", follow_redirects=True)

    assert response.status_code == 200
    assert "mail #999999 is not in this event&#39;s outbox" in response.get_data(as_text=True)
