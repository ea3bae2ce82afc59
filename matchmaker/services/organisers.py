"""Organiser accounts: creation, password checks with a login throttle, and which events they own."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, func, select, text, update
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash, generate_password_hash

from matchmaker.db.models import Attendee, Event, LoginAttempt, Organiser
from matchmaker.db.types import utcnow
from matchmaker.shapes.text import looks_like_email, normalise_email

MIN_PASSWORD_LENGTH = 10
THROTTLE_WINDOW = timedelta(minutes=15)
# A person mistyping gets five tries per address from their client; a script spraying many addresses
# is stopped per IP. Per address alone the limit is high: five wrong passwords typed elsewhere must not
# lock the real owner out, yet guessing one address from many machines stays slow.
MAX_FAILURES_PER_CLIENT = 5
MAX_FAILURES_PER_EMAIL = MAX_FAILURES_PER_CLIENT  # what a person at one client gets (the old name)
MAX_FAILURES_PER_IP = 30
MAX_FAILURES_PER_ADDRESS = 50
# Compared against when the address is unknown, so a wrong address costs as long as a wrong password.
_DUMMY_HASH = generate_password_hash("not-a-real-password-at-all")


class OrganiserError(ValueError):
    """An account can't be created as asked; the message says why."""


class LoginThrottled(Exception):
    """Too many failed logins recently; ``retry_after`` is the wait in whole minutes."""

    def __init__(self, retry_after_minutes: int) -> None:
        super().__init__(f"too many failed logins: try again in {retry_after_minutes} minutes")
        self.retry_after_minutes = retry_after_minutes


@dataclass(frozen=True)
class LoginRequest:
    email: str
    password: str
    client_ip: str


def create_organiser(session: Session, email: str, password: str, name: str = "") -> Organiser:
    """Add an organiser with a salted password hash (flushes). Raises :class:`OrganiserError`."""
    address = normalise_email(email)
    if not looks_like_email(address):
        raise OrganiserError(f"{email!r} is not an e-mail address")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise OrganiserError(f"the password must have at least {MIN_PASSWORD_LENGTH} characters")
    if session.scalar(select(Organiser).where(Organiser.email == address)) is not None:
        raise OrganiserError(f"an organiser with e-mail {address} already exists")
    organiser = Organiser(email=address, name=name.strip(), password_hash=generate_password_hash(password))
    session.add(organiser)
    session.flush()
    return organiser


def _failures_since(session: Session, key: str, since: datetime) -> tuple[int, datetime | None]:
    count, oldest = session.execute(
        select(func.count(), func.min(LoginAttempt.attempted_at)).where(
            LoginAttempt.key == key, LoginAttempt.attempted_at >= since
        )
    ).one()
    return int(count), oldest


def _check_throttle(session: Session, keys: dict[str, int], now: datetime) -> None:
    since = now - THROTTLE_WINDOW
    for key, limit in keys.items():
        count, oldest = _failures_since(session, key, since)
        if count >= limit and oldest is not None:
            oldest = oldest if oldest.tzinfo else oldest.replace(tzinfo=now.tzinfo)
            wait = (oldest + THROTTLE_WINDOW - now).total_seconds()
            raise LoginThrottled(max(1, int(wait // 60) + 1))


def _digest(text_: str) -> str:
    return hashlib.sha256(text_.encode("utf-8", "surrogatepass")).hexdigest()[:40]


def _serialise_attempts(session: Session, address: str, client_ip: str) -> None:
    """Make parallel logins for one address (and from one client) count one after the other.

    Without it, twelve parallel wrong passwords all read "four failures so far" before any was
    recorded. PostgreSQL: transaction-level advisory locks, released at commit, always taken address
    first so two logins never wait on each other crosswise. SQLite runs one writer at a time.
    """
    if session.get_bind().dialect.name != "postgresql":
        return
    for name in (f"login-email:{address}", f"login-ip:{client_ip}"):
        lock = int.from_bytes(
            hashlib.sha256(name.encode("utf-8", "surrogatepass")).digest()[:8], "big", signed=True
        )
        session.execute(text("SELECT pg_advisory_xact_lock(:lock)"), {"lock": lock})


def authenticate(session: Session, login: LoginRequest, now: datetime | None = None) -> Organiser | None:
    """The organiser whose e-mail and password match, or None (the failure is recorded; flushes).

    Raises :class:`LoginThrottled` before checking the password when the address or the client IP
    had too many failures in the last 15 minutes, so guessing stays slow even with the right password.
    """
    now = now or utcnow()
    address = normalise_email(login.email)
    client = f"client:{_digest(address + chr(10) + login.client_ip)}"
    keys = {
        client: MAX_FAILURES_PER_CLIENT,
        f"ip:{login.client_ip}": MAX_FAILURES_PER_IP,
        f"email:{address}": MAX_FAILURES_PER_ADDRESS,
    }
    _serialise_attempts(session, address, login.client_ip)
    _check_throttle(session, keys, now)
    organiser = session.scalar(select(Organiser).where(Organiser.email == address))
    password_hash = organiser.password_hash if organiser is not None else _DUMMY_HASH
    if organiser is None or not check_password_hash(password_hash, login.password):
        session.add_all(LoginAttempt(key=key, attempted_at=now) for key in keys)
        session.flush()
        return None
    session.execute(delete(LoginAttempt).where(LoginAttempt.key == client))
    session.execute(delete(LoginAttempt).where(LoginAttempt.attempted_at < now - THROTTLE_WINDOW))
    organiser.last_login_at = now
    session.flush()
    return organiser


def sign_out_everywhere(session: Session, organiser_id: int) -> None:
    """Revoke every session cookie of the organiser's (flushes): they carry the old version."""
    session.execute(
        update(Organiser)
        .where(Organiser.id == organiser_id)
        .values(session_version=Organiser.session_version + 1)
    )
    session.flush()


def session_version(session: Session, organiser_id: int) -> int | None:
    """The organiser's current sign-in version (a cookie of an older one was signed out); None if gone."""
    return session.scalar(select(Organiser.session_version).where(Organiser.id == organiser_id))


def attendee_counts(session: Session, events: list[Event]) -> dict[int, int]:
    """How many attendees each of ``events`` has (events without any are left out)."""
    return {
        event_id: count
        for event_id, count in session.execute(
            select(Attendee.event_id, func.count())
            .where(Attendee.event_id.in_([e.id for e in events]))
            .group_by(Attendee.event_id)
        )
    }


def events_of(session: Session, organiser_id: int) -> list[Event]:
    """The organiser's events, soonest first."""
    organiser = session.get(Organiser, organiser_id)
    if organiser is None:
        return []
    return sorted(organiser.events, key=lambda event: (event.start_date, event.name))


def owned_event(session: Session, organiser_id: int, slug: str) -> Event | None:
    """The event with ``slug`` if this organiser manages it; None otherwise (also for other people's)."""
    return session.scalar(
        select(Event).where(Event.slug == slug, Event.organisers.any(Organiser.id == organiser_id))
    )


def grant_event(session: Session, organiser: Organiser, event: Event) -> None:
    if event not in organiser.events:
        organiser.events.append(event)
    session.flush()


DEMO_ORGANISER_EMAIL = "demo-organiser@example.com"


def ensure_demo_organiser(session: Session, event: Event) -> str | None:
    """Give the demo event an organiser account; returns its new random password, None if it existed.

    For ``matchmaker demo load``: the password is printed once and never stored in clear.
    """
    existing = session.scalar(select(Organiser).where(Organiser.email == DEMO_ORGANISER_EMAIL))
    if existing is not None:
        grant_event(session, existing, event)
        return None
    password = secrets.token_urlsafe(12)
    grant_event(session, create_organiser(session, DEMO_ORGANISER_EMAIL, password, "Demo Organiser"), event)
    return password
