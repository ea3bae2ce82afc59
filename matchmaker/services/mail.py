"""Outgoing e-mail: every mail is written to the outbox; SMTP delivers it when configured.

Without ``MATCHMAKER_SMTP_URL`` (the embedded setup) a mail stays in the outbox with status ``stored``
and is logged, so organisers and developers can read it. With SMTP, the mail is delivered right after
the transaction that wrote it commits: a request that fails and rolls back sends nothing.
"""

from __future__ import annotations

import logging
import smtplib
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from email.utils import make_msgid
from urllib.parse import unquote, urlsplit

from sqlalchemy import event, func, select
from sqlalchemy.orm import Session

from matchmaker.config import load_settings
from matchmaker.db.models import Event, MailStatus, OutboxMail
from matchmaker.db.unit_of_work import unit_of_work

log = logging.getLogger(__name__)
SMTP_TIMEOUT_SECONDS = 10
REDACTED = "[removed after sending]"


@dataclass(frozen=True)
class MailSettings:
    smtp_url: str = ""
    sender: str = "matchmaker@localhost"


_settings: MailSettings | None = None


def configure(smtp_url: str, sender: str) -> None:
    """Set the transport for this process (the app factory calls this with its settings)."""
    global _settings
    _settings = MailSettings(smtp_url=smtp_url, sender=sender or MailSettings.sender)


def current_settings() -> MailSettings:
    """The configured transport, else the one the settings name (jobs and CLI commands): read, like
    every setting, by :func:`matchmaker.config.load_settings`."""
    if _settings is not None:
        return _settings
    settings = load_settings(require_secret=False)
    return MailSettings(smtp_url=settings.smtp_url, sender=settings.mail_sender or MailSettings.sender)


def send_mail(
    session: Session,
    to: str,
    subject: str,
    body: str,
    event_id: int | None = None,
    kind: str = "",
    secrets: tuple[str, ...] = (),
    about: str = "",
) -> OutboxMail:
    """Store the mail in the outbox (flushes) and deliver it by SMTP after commit when SMTP is set.

    ``secrets`` (such as a personal link) are blanked out of the stored copy once SMTP has taken the
    mail, so the outbox never holds working links in production. Without SMTP the outbox is how the
    mail is read, so the copy stays whole. Never raises for delivery problems: a failed delivery is
    recorded on the mail (status ``failed``). ``about`` says in the log what the mail carries ("the
    personal link of attendee #12 (Anna Nowak)"); the log never holds a link itself.
    """
    settings = current_settings()
    mail = OutboxMail(
        event_id=event_id,
        to_address=to,
        subject=subject,
        body=body,
        kind=kind,
        status=MailStatus.QUEUED if settings.smtp_url else MailStatus.STORED,
    )
    session.add(mail)
    session.flush()
    what = f"{kind or 'mail'}{f' with {about}' if about else ''}"
    if settings.smtp_url:
        _deliver_after_commit(session, mail.id, settings, secrets)
        log.info("mail #%s (%s) to %s queued for SMTP delivery", mail.id, what, to)
    else:
        event = session.get(Event, event_id) if event_id is not None else None
        where = f"read it at {outbox_path(event.slug, mail.id)}" if event is not None else "not shown online"
        log.info(
            "mail #%s (%s) to %s kept in the outbox, no SMTP configured: %s (subject %r)",
            mail.id,
            what,
            to,
            where,
            subject,
        )
    return mail


def outbox_path(slug: str, mail_id: int) -> str:
    """Where an organiser (or a local operator, told by the log) reads a mail of event ``slug``."""
    return f"/organiser/events/{slug}/mail/{mail_id}"


def count_recent(session: Session, to: str, kind: str, within: timedelta, now: datetime | None = None) -> int:
    """How many mails of ``kind`` went to ``to`` in the last ``within`` (for rate limits)."""
    since = (now or datetime.now(UTC)) - within
    query = (
        select(func.count())
        .select_from(OutboxMail)
        .where(OutboxMail.to_address == to, OutboxMail.kind == kind, OutboxMail.created_at >= since)
    )
    return int(session.scalar(query) or 0)


def _deliver_after_commit(
    session: Session, mail_id: int, settings: MailSettings, secrets: tuple[str, ...]
) -> None:
    def deliver(committed: Session) -> None:
        bind = committed.get_bind()
        with unit_of_work(lambda: Session(bind=bind, expire_on_commit=False)) as own:
            mail = own.get(OutboxMail, mail_id)
            if mail is not None:
                deliver_now(mail, settings)
                for secret in secrets:
                    mail.body = mail.body.replace(secret, REDACTED)

    event.listen(session, "after_commit", deliver, once=True)


def deliver_now(mail: OutboxMail, settings: MailSettings) -> None:
    """Send ``mail`` over SMTP and record the outcome on it (the caller commits)."""
    try:
        _smtp_send(_as_message(mail, settings.sender), settings.smtp_url)
    except (OSError, smtplib.SMTPException) as exc:
        mail.status = MailStatus.FAILED
        mail.error = f"{type(exc).__name__}: {exc}"[:1000]
        log.warning("mail #%s to %s not delivered: %s", mail.id, mail.to_address, mail.error)
        return
    mail.status = MailStatus.SENT
    mail.sent_at = datetime.now(UTC)
    mail.error = None
    log.info("mail #%s to %s delivered by SMTP", mail.id, mail.to_address)


def _as_message(mail: OutboxMail, sender: str) -> EmailMessage:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = mail.to_address
    message["Subject"] = mail.subject
    message["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2] or "localhost")
    # Quoted-printable keeps the mail 7-bit clean: Polish and Russian text passes any relay unharmed.
    message.set_content(mail.body, cte="quoted-printable")
    return message


def _smtp_send(message: EmailMessage, url: str) -> None:
    """Send through ``smtp://user:password@host:port`` (STARTTLS when offered) or ``smtps://``."""
    parts = urlsplit(url)
    host = parts.hostname or "localhost"
    if parts.scheme == "smtps":
        client: smtplib.SMTP = smtplib.SMTP_SSL(host, parts.port or 465, timeout=SMTP_TIMEOUT_SECONDS)
    else:
        client = smtplib.SMTP(host, parts.port or 25, timeout=SMTP_TIMEOUT_SECONDS)
    with client:
        client.ehlo_or_helo_if_needed()
        if parts.scheme == "smtp" and client.has_extn("starttls"):
            client.starttls()
        if parts.username:
            client.login(unquote(parts.username), unquote(parts.password or ""))
        client.send_message(message)
