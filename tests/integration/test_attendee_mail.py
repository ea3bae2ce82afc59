from __future__ import annotations

from collections.abc import Iterator
from email import message_from_string, policy

import pytest
from sqlalchemy.orm import Session

from matchmaker.db.models import MailStatus, OutboxMail
from matchmaker.services import mail
from tests.integration.fake_smtp import FakeSmtpServer, closed_port


@pytest.fixture
def restore_mail_settings() -> Iterator[None]:
    yield
    mail.configure("", "matchmaker@localhost")


def test_mail_without_smtp_is_kept_in_the_outbox(db_session: Session, restore_mail_settings: None) -> None:
    mail.configure("", "fair@example.test")

    stored = mail.send_mail(db_session, "anna@example.test", "Hello", "Body text")
    db_session.commit()

    assert stored.status == MailStatus.STORED
    assert db_session.get(OutboxMail, stored.id) is not None


def test_mail_goes_out_by_smtp_after_commit(db_session: Session, restore_mail_settings: None) -> None:
    with FakeSmtpServer() as server:
        mail.configure(server.url, "fair@example.test")

        queued = mail.send_mail(db_session, "anna@example.test", "Twój link – Targi", "Zażółć gęślą jaźń")
        assert server.received == []
        db_session.commit()

    db_session.expire_all()
    sent = db_session.get(OutboxMail, queued.id)
    assert sent is not None and sent.status == MailStatus.SENT and sent.sent_at is not None
    [received] = server.received
    assert received.recipients == ["anna@example.test"]
    message = message_from_string(received.data, policy=policy.default)
    assert message["Subject"] == "Twój link – Targi"
    assert message["From"] == "fair@example.test"
    assert "Zażółć gęślą jaźń" in message.get_content()


def test_mail_of_a_rolled_back_transaction_is_never_sent(
    db_session: Session, restore_mail_settings: None
) -> None:
    with FakeSmtpServer() as server:
        mail.configure(server.url, "fair@example.test")

        mail.send_mail(db_session, "anna@example.test", "Hello", "Body")
        db_session.rollback()

    assert server.received == []
    assert db_session.query(OutboxMail).count() == 0


def test_failed_smtp_delivery_is_recorded_not_raised(
    db_session: Session, restore_mail_settings: None
) -> None:
    mail.configure(f"smtp://127.0.0.1:{closed_port()}", "fair@example.test")

    queued = mail.send_mail(db_session, "anna@example.test", "Hello", "Body")
    db_session.commit()

    db_session.expire_all()
    failed = db_session.get(OutboxMail, queued.id)
    assert failed is not None and failed.status == MailStatus.FAILED
    assert failed.error


def test_personal_link_is_blanked_in_the_outbox_once_smtp_took_the_mail(
    db_session: Session, restore_mail_settings: None
) -> None:
    with FakeSmtpServer() as server:
        mail.configure(server.url, "fair@example.test")

        queued = mail.send_mail(
            db_session,
            "anna@example.test",
            "Your link",
            "Open https://fair.test/me/SECRET1",
            secrets=("SECRET1",),
        )
        db_session.commit()

    db_session.expire_all()
    kept = db_session.get(OutboxMail, queued.id)
    assert kept is not None and "SECRET1" not in kept.body
    assert "SECRET1" in server.received[0].data
