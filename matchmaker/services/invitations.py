"""Reaching attendees: invitations with their personal link, the link sent again, a new link on request.

Imported attendees have no link until they are invited. Sending a link again never replaces a
working one (the copy in the attendee's mailbox and calendar keeps working); only the organiser's
explicit "new link" does, and its mail says the earlier link stopped working.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from matchmaker.db.models import Attendee, Event, OutboxMail
from matchmaker.services.link_mails import link_again
from matchmaker.services.mail import send_mail
from matchmaker.services.meetings import LinkBuilder, notify_schedule_change
from matchmaker.services.notices import N_, NoticeError, NoticeKind
from matchmaker.services.tokens import current_token, issue_token
from matchmaker.services.translations import translations

INVITATION = "invitation"
LINK_AGAIN = "link_again"
NEW_LINK = "new_link"
# Every kind of mail that carries a personal link ("personal_link": registration and "lost my link").
LINK_KINDS = ("personal_link", INVITATION, LINK_AGAIN, NEW_LINK)


class InvitationError(NoticeError):
    """A link can't be sent; the notice says why and what to do instead."""


NO_ADDRESS = NoticeKind("no_address", N_("%(name)s has no e-mail address: add one first"))
LINK_LOST = NoticeKind(
    "link_lost",
    N_(
        "%(name)s's link was made before links could be sent again, so it can't be recovered: "
        "send a new link (the old one stops working)"
    ),
)
MAIL_UNKNOWN = NoticeKind("mail_unknown", N_("mail #%(id)s is not in this event's outbox"))
NOBODY_SELECTED = NoticeKind("nobody_selected", N_("select the attendees to invite first"))


@dataclass(frozen=True)
class Sent:
    """What one send did: ``kind`` is :data:`INVITATION`, :data:`LINK_AGAIN` or :data:`NEW_LINK`."""

    attendee: Attendee
    kind: str
    mail: OutboxMail


@dataclass
class InvitationOutcome:
    invited: int = 0  # first links
    resent: int = 0  # working links sent again
    without_address: list[str] = field(default_factory=list)
    lost: list[str] = field(default_factory=list)  # links that can't be recovered: need a new link


def not_invited_count(session: Session, event: Event) -> int:
    """Attendees with an address who never had a personal link (imported, not yet invited)."""
    return int(
        session.scalar(
            select(func.count())
            .select_from(Attendee)
            .where(Attendee.event_id == event.id, Attendee.token_hash.is_(None), Attendee.email.is_not(None))
        )
        or 0
    )


def invite(
    session: Session, event: Event, attendee_ids: Iterable[int] | None, link_for: LinkBuilder
) -> InvitationOutcome:
    """Send each chosen attendee their link: a first link (an invitation) to those who have none, the
    same link again to the others. ``None`` chooses everyone not yet invited (flushes).

    Attendees without an address, or whose link can't be recovered, are counted, not sent to.
    """
    statement = select(Attendee).where(Attendee.event_id == event.id)
    if attendee_ids is None:
        statement = statement.where(Attendee.token_hash.is_(None), Attendee.email.is_not(None))
    else:
        wanted = sorted(set(attendee_ids))
        if not wanted:
            raise InvitationError(NOBODY_SELECTED())
        statement = statement.where(Attendee.id.in_(wanted))
    outcome = InvitationOutcome()
    for attendee in session.scalars(statement.order_by(Attendee.name, Attendee.id)):
        try:
            sent = send_link(session, attendee, link_for)
        except InvitationError as refused:
            (outcome.lost if refused.notice.code == LINK_LOST.code else outcome.without_address).append(
                attendee.name
            )
            continue
        if sent.kind == INVITATION:
            outcome.invited += 1
        else:
            outcome.resent += 1
    return outcome


def send_link(session: Session, attendee: Attendee, link_for: LinkBuilder, *, new_link: bool = False) -> Sent:
    """Mail ``attendee`` their personal link (flushes): an invitation if they have none yet, the same
    link again if they have one, a replacement only with ``new_link``. Raises :class:`InvitationError`
    without an address, or when the existing link can't be recovered (then only a new link helps)."""
    if attendee.email is None:
        raise InvitationError(NO_ADDRESS(name=attendee.name))
    if new_link:
        kind, token = NEW_LINK, issue_token(attendee)
    elif attendee.token_hash is None:
        kind, token = INVITATION, issue_token(attendee)
    else:
        kind, recovered = LINK_AGAIN, current_token(attendee)
        if recovered is None:
            raise InvitationError(LINK_LOST(name=attendee.name))
        token = recovered
    session.flush()
    return Sent(attendee, kind, _mail_link(session, attendee, kind, link_for(token), token))


def _mail_link(session: Session, attendee: Attendee, kind: str, link: str, token: str) -> OutboxMail:
    assert attendee.email is not None
    t = translations(attendee.locale)
    event = attendee.event
    values = {"name": attendee.name, "event": event.name, "link": link}
    if kind == INVITATION:
        subject = t.gettext("Your invitation to %(event)s: meet the right people") % values
        body = (
            t.gettext(
                "Hello %(name)s,\n\nyou are on the attendee list of %(event)s. Your personal page is ready:\n\n"  # noqa: E501
                "%(link)s\n\nThere you see whom to meet and why, send and answer meeting requests and carry "
                "your agenda. Check your profile there first: what you offer and what you are looking for "
                "decides whom you are matched with.\n\nNo password is needed: keep this link private, anyone "
                "who has it can act as you.\n\n%(event)s"
            )
            % values
        )
    elif kind == NEW_LINK:
        subject = t.gettext("Your new personal link for %(event)s") % values
        body = (
            t.gettext(
                "Hello %(name)s,\n\nthe organisers of %(event)s made you a new personal link:\n\n%(link)s\n\n"
                "Your earlier link no longer works. Keep this one private: anyone who has it can act as "
                "you.\n\n%(event)s"
            )
            % values
        )
    else:
        subject, body = link_again(t, attendee.name, event.name, link)
    return send_mail(
        session,
        attendee.email,
        subject,
        body,
        event_id=event.id,
        kind=kind,
        secrets=(token,),
        about=f"the personal link of attendee #{attendee.id} ({attendee.name})",
    )


def resend(session: Session, event: Event, mail_id: int, link_for: LinkBuilder) -> OutboxMail:
    """Send an outbox mail again (flushes) and return the new copy.

    A mail with a personal link is sent as "your link again" (the same link, recovered: the stored copy
    may have had it removed); a schedule change is sent with the agenda as it is now; anything else is
    copied as it was.
    """
    original = session.get(OutboxMail, mail_id)
    if original is None or original.event_id != event.id:
        raise InvitationError(MAIL_UNKNOWN(id=mail_id))
    attendee = session.scalar(
        select(Attendee).where(Attendee.event_id == event.id, Attendee.email == original.to_address)
    )
    if attendee is not None and original.kind in LINK_KINDS:
        return send_link(session, attendee, link_for).mail
    if attendee is not None and original.kind == "schedule_changed":
        before = _latest_mail_id(session, event, original.to_address)
        notify_schedule_change(session, event, [attendee.id], link_for)
        latest = session.get(OutboxMail, _latest_mail_id(session, event, original.to_address))
        if latest is not None and latest.id != before:
            return latest
    return send_mail(
        session,
        original.to_address,
        original.subject,
        original.body,
        event_id=event.id,
        kind=original.kind,
        about=f"a copy of mail #{original.id}",
    )


def _latest_mail_id(session: Session, event: Event, address: str) -> int:
    return int(
        session.scalar(
            select(func.max(OutboxMail.id)).where(
                OutboxMail.event_id == event.id, OutboxMail.to_address == address
            )
        )
        or 0
    )
