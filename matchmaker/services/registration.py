"""Registering for an event, editing one's profile, and getting one's personal link (again)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from matchmaker.db.models import Attendee, Event, Exclusion
from matchmaker.services.link_mails import link_again
from matchmaker.services.mail import count_recent, send_mail
from matchmaker.services.tokens import current_token, issue_token
from matchmaker.services.translations import translations
from matchmaker.shapes.text import normalise_email

LINK_MAIL = "personal_link"
# At most this many personal-link mails per address per window: stops the form being used to spam.
LINK_MAILS_PER_WINDOW = 3
LINK_MAIL_WINDOW = timedelta(hours=1)

LinkBuilder = Callable[[str], str]


class RegistrationError(ValueError):
    """The profile can't be saved; ``field`` names the form field at fault."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


class TooManyLinkMails(RuntimeError):
    """The personal link was mailed to this address too often in the last hour."""


@dataclass(frozen=True)
class ProfileData:
    """Everything an attendee states about themselves, as validated by a form."""

    name: str
    email: str
    company: str = ""
    job_title: str = ""
    sector: str = ""
    country: str = ""
    languages: tuple[str, ...] = ()
    offers: str = ""
    seeks: str = ""
    # What the attendee does not want to be offered or asked for.
    avoids: str = ""
    interests: tuple[str, ...] = ()
    intents: tuple[str, ...] = ()
    unavailable_slot_ids: frozenset[int] = frozenset()
    max_meetings: int | None = None
    excluded_companies: tuple[str, ...] = ()
    excluded_emails: tuple[str, ...] = ()
    locale: str = "en"


@dataclass(frozen=True)
class RegistrationOutcome:
    attendee: Attendee
    # False when the e-mail was already registered: the link was sent again, nothing was changed.
    created: bool


def find_by_email(session: Session, event: Event, email: str) -> Attendee | None:
    return session.scalar(
        select(Attendee).where(Attendee.event_id == event.id, Attendee.email == normalise_email(email))
    )


def register(
    session: Session, event: Event, data: ProfileData, link_for: LinkBuilder, now: datetime | None = None
) -> RegistrationOutcome:
    """Create the attendee with consent recorded and mail their personal link (flushes).

    An e-mail already registered for ``event`` changes nothing: that person gets their link again (the
    same one: see :func:`send_personal_link`), so nobody can overwrite a profile or break a link by
    knowing its address. Raises
    :class:`TooManyLinkMails` when that address had too many link mails recently.
    """
    now = now or datetime.now(UTC)
    existing = find_by_email(session, event, data.email)
    if existing is not None:
        send_personal_link(session, existing, link_for, now, again=True)
        return RegistrationOutcome(existing, created=False)
    # Empty collections, not unloaded ones: a new attendee has none, and saying so spares the queries.
    attendee = Attendee(event=event, consent_at=now, locale=data.locale, unavailability=[], exclusions=[])
    token = issue_token(attendee)  # before the first flush: saves an UPDATE of the new row
    session.add(attendee)
    apply_profile(session, attendee, data)
    send_personal_link(session, attendee, link_for, now, again=False, token=token)
    return RegistrationOutcome(attendee, created=True)


def update_profile(session: Session, attendee: Attendee, data: ProfileData) -> None:
    """Save an edited profile (flushes). Raises :class:`RegistrationError` for an e-mail taken by another
    attendee of the same event."""
    other = find_by_email(session, attendee.event, data.email)
    if other is not None and other.id != attendee.id:
        raise RegistrationError("email", "Another attendee of this event already uses this e-mail address.")
    if attendee.consent_at is None:
        attendee.consent_at = datetime.now(UTC)
    apply_profile(session, attendee, data)


def apply_profile(session: Session, attendee: Attendee, data: ProfileData) -> None:
    """Copy ``data`` onto ``attendee``, replacing availability and "don't match me with" (flushes)."""
    event = attendee.event
    attendee.name = data.name.strip()
    attendee.email = normalise_email(data.email)
    attendee.company = data.company.strip()
    attendee.job_title = data.job_title.strip()
    attendee.sector = data.sector.strip()
    attendee.country = data.country.strip().upper()[:2]
    attendee.languages = list(dict.fromkeys(data.languages))
    attendee.offers = data.offers.strip()
    attendee.seeks = data.seeks.strip()
    attendee.avoids = data.avoids.strip()
    attendee.interests = list(dict.fromkeys(tag.strip() for tag in data.interests if tag.strip()))
    attendee.intents = list(dict.fromkeys(data.intents))
    attendee.max_meetings = data.max_meetings
    attendee.locale = data.locale or attendee.locale
    wanted = data.unavailable_slot_ids
    attendee.set_unavailable_slots([slot for slot in event.slots if slot.id in wanted] if wanted else [])
    session.flush()
    _replace_exclusions(session, attendee, data)
    session.flush()


def _replace_exclusions(session: Session, attendee: Attendee, data: ProfileData) -> None:
    """Make the attendee's exclusions exactly those in ``data``, keeping rows that stay.

    Rows are changed in place rather than replaced wholesale: the unit of work inserts before it
    deletes, so re-adding an unchanged company would hit the unique constraint.
    """
    companies = {c.strip().casefold(): c.strip()[:200] for c in data.excluded_companies if c.strip()}
    emails = {normalise_email(e) for e in data.excluded_emails if e.strip()}
    people = (
        set(
            session.scalars(
                select(Attendee.id).where(
                    Attendee.event_id == attendee.event_id,
                    Attendee.email.in_(emails),
                    Attendee.id != attendee.id,
                )
            ).all()
        )
        if emails
        else set()
    )
    for row in list(attendee.exclusions):
        if row.excluded_company is not None and row.excluded_company.casefold() in companies:
            del companies[row.excluded_company.casefold()]
        elif row.excluded_attendee_id is not None and row.excluded_attendee_id in people:
            people.discard(row.excluded_attendee_id)
        else:
            attendee.exclusions.remove(row)
    session.flush()
    attendee.exclusions.extend(
        Exclusion(event_id=attendee.event_id, excluded_company=name) for name in companies.values()
    )
    attendee.exclusions.extend(
        Exclusion(event_id=attendee.event_id, excluded_attendee_id=person) for person in sorted(people)
    )


def excluded_emails(session: Session, attendee: Attendee) -> list[str]:
    """The e-mails of the people ``attendee`` asked not to be matched with."""
    ids = [x.excluded_attendee_id for x in attendee.exclusions if x.excluded_attendee_id is not None]
    if not ids:
        return []
    return [email for email in session.scalars(select(Attendee.email).where(Attendee.id.in_(ids))) if email]


def send_personal_link(
    session: Session,
    attendee: Attendee,
    link_for: LinkBuilder,
    now: datetime,
    again: bool,
    token: str | None = None,
) -> None:
    """Mail the link with ``token``, or the attendee's current one (flushes); raises
    :class:`TooManyLinkMails` over the limit.

    Whoever asks (registering again with the address, "lost my link"), a working link is never
    replaced: the mail goes to the owner's address and carries the link they already have, so the copy
    in their mailbox and calendar keeps working. A link that can't be computed again (made without a
    secret key) is not sent; the mail says where to find it, and the organisers can make a new one.
    Only someone with no link yet gets a first one.
    """
    if attendee.email is None:
        return
    if count_recent(session, attendee.email, LINK_MAIL, LINK_MAIL_WINDOW, now) >= LINK_MAILS_PER_WINDOW:
        raise TooManyLinkMails(attendee.email)
    if token is None:
        token = issue_token(attendee) if attendee.token_hash is None else current_token(attendee)
    t = translations(attendee.locale)
    event = attendee.event
    subject = t.gettext("Your personal link for %(event)s") % {"event": event.name}
    values = {"name": attendee.name, "event": event.name}
    if token is None:
        body = (
            t.gettext(
                "Hello %(name)s,\n\nsomeone (perhaps you) asked for your personal link for %(event)s. Your "
                "link is the one in our earlier e-mail, and it keeps working; we can't send it again. If you "
                "lost it, ask the organisers of %(event)s for a new one.\n\n"
                "If you did not ask for this, you can ignore this message: nothing was changed.\n\n%(event)s"
            )
            % values
        )
        send_mail(session, attendee.email, subject, body, event_id=event.id, kind=LINK_MAIL)
        return
    values["link"] = link_for(token)
    if again:
        subject, body = link_again(t, attendee.name, event.name, values["link"])
    else:
        body = t.gettext(
            "Hello %(name)s,\n\n%(opening)s\n\n%(link)s\n\n"
            "There you see whom to meet and why, answer meeting requests and carry your agenda. "
            "No password is needed: keep this link private, anyone who has it can act as you.\n\n"
            "If you did not ask for this, you can ignore this message.\n\n%(event)s"
        ) % (values | {"opening": t.gettext("Thank you for registering. Your personal page is ready.")})
    session.flush()
    send_mail(session, attendee.email, subject, body, event_id=event.id, kind=LINK_MAIL, secrets=(token,))


def resend_links(session: Session, email: str, link_for: LinkBuilder, now: datetime | None = None) -> int:
    """Mail the personal link of every registration under ``email`` (flushes); returns how many.

    The caller must not tell the visitor whether the address is known. Raises :class:`TooManyLinkMails`.
    """
    now = now or datetime.now(UTC)
    attendees = session.scalars(select(Attendee).where(Attendee.email == normalise_email(email))).all()
    for attendee in attendees:
        send_personal_link(session, attendee, link_for, now, again=True)
    return len(attendees)
