"""An attendee's rights over their data: a full export, and deletion that tells meeting partners."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import delete, or_, select
from sqlalchemy.orm import Session

from matchmaker.db.models import (
    Attendee,
    Meeting,
    MeetingFeedback,
    MeetingRequest,
    MeetingStatus,
    OutboxMail,
    Recommendation,
    RecommendationDismissal,
    RetainedFeedback,
)
from matchmaker.services.agenda import meetings_of
from matchmaker.services.forgetting import forget_attendee
from matchmaker.services.mail import send_mail
from matchmaker.services.translations import table_in_words, translations
from matchmaker.shapes.attendee import STORED_FIELDS

EXPORT_FORMAT = "matchmaker.attendee-export/1"


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


def _profile(attendee: Attendee) -> dict[str, Any]:
    # Every field of the profile as stored, then what the product recorded about the attendee.
    return {field: getattr(attendee, field) for field in STORED_FIELDS} | {
        "locale": attendee.locale,
        "consent_at": _iso(attendee.consent_at),
        "checked_in_at": _iso(attendee.checked_in_at),
        "created_at": _iso(attendee.created_at),
        "updated_at": _iso(attendee.updated_at),
        "external_id": attendee.external_id,
        "unavailable_slots": [
            {"code": s.code, "start": _iso(s.start), "end": _iso(s.end)} for s in attendee.unavailable_slots
        ],
    }


def export_data(session: Session, attendee: Attendee) -> dict[str, Any]:
    """Everything held about ``attendee``, as JSON-ready data (the personal link's hash excepted: it is a
    secret, not information about the person)."""

    def name_of(attendee_id: int | None) -> str | None:
        other = session.get(Attendee, attendee_id) if attendee_id else None
        return other.name if other else None

    requests = session.scalars(
        select(MeetingRequest).where(
            or_(MeetingRequest.from_attendee_id == attendee.id, MeetingRequest.to_attendee_id == attendee.id)
        )
    )
    feedback = session.scalars(select(MeetingFeedback).where(MeetingFeedback.attendee_id == attendee.id))
    recommendations = session.scalars(
        select(Recommendation).where(Recommendation.attendee_id == attendee.id).order_by(Recommendation.rank)
    )
    dismissed = session.scalars(
        select(RecommendationDismissal).where(RecommendationDismissal.attendee_id == attendee.id)
    )
    # Without an address no mail was ever sent to them: no query (and no stand-in address to match).
    retained = session.scalars(
        select(RetainedFeedback)
        .where(RetainedFeedback.attendee_id == attendee.id)
        .order_by(RetainedFeedback.met_at)
    )
    mails = (
        session.scalars(
            select(OutboxMail).where(
                OutboxMail.to_address == attendee.email, OutboxMail.event_id == attendee.event_id
            )
        )
        if attendee.email
        else ()
    )
    return {
        "format": EXPORT_FORMAT,
        "exported_at": datetime.now(UTC).isoformat(),
        "event": {"slug": attendee.event.slug, "name": attendee.event.name},
        "profile": _profile(attendee),
        "dont_match_me_with": [
            {"company": x.excluded_company}
            if x.excluded_company
            else {"person": name_of(x.excluded_attendee_id)}
            for x in attendee.exclusions
        ],
        "meeting_requests": [
            {
                "direction": "sent" if r.from_attendee_id == attendee.id else "received",
                "other_person": name_of(
                    r.to_attendee_id if r.from_attendee_id == attendee.id else r.from_attendee_id
                ),
                "message": r.message,
                "status": r.status,
                "created_at": _iso(r.created_at),
                "expires_at": _iso(r.expires_at),
                "responded_at": _iso(r.responded_at),
            }
            for r in requests
        ],
        "meetings": [
            {
                "with": name_of(m.other(attendee.id)),
                "slot": m.slot.code,
                "start": _iso(m.slot.start),
                "end": _iso(m.slot.end),
                "table": m.table.name,
                "status": m.status,
            }
            for m in meetings_of(session, attendee, include_cancelled=True)
        ],
        "feedback": [
            {
                "meeting_id": f.meeting_id,
                "took_place": f.took_place,
                "rating": f.rating,
                "wants_follow_up": f.wants_follow_up,
                "comment": f.comment,
            }
            for f in feedback
        ],
        # On meetings whose partner has since deleted their data: kept, naming nobody.
        "feedback_on_meetings_with_people_who_left": [
            {
                "met_at": _iso(f.met_at),
                "took_place": f.took_place,
                "rating": f.rating,
                "wants_follow_up": f.wants_follow_up,
                "comment": f.comment,
            }
            for f in retained
        ],
        "recommendations": [
            {"rank": r.rank, "person": name_of(r.candidate_id), "score": r.score, "reasons": r.reasons}
            for r in recommendations
        ],
        "not_interested_in": [name_of(d.candidate_id) for d in dismissed],
        "mails": [
            {"subject": m.subject, "body": m.body, "status": m.status, "created_at": _iso(m.created_at)}
            for m in mails
        ],
    }


def delete_attendee(session: Session, attendee: Attendee, now: datetime | None = None) -> int:
    """Delete the attendee and everything about them (flushes); returns how many partners were told.

    Meetings still ahead are cancelled first and each partner gets a mail, so nobody waits at a table in
    vain. Partners' feedback on past meetings is kept, anonymised, and the outbox forgets the person
    (see :mod:`matchmaker.services.forgetting`).
    """
    now = now or datetime.now(UTC)
    told = 0
    for meeting in meetings_of(session, attendee):
        if meeting.slot.start <= now:
            continue  # over (or under way): nothing to cancel, and its feedback is kept
        meeting.status = MeetingStatus.CANCELLED
        partner = session.get(Attendee, meeting.other(attendee.id))
        if partner is not None and partner.email:
            _tell_partner(session, partner, meeting)
            told += 1
    session.flush()
    forget_attendee(session, attendee)
    # Meetings reference the attendee with ON DELETE CASCADE: the rows go with the person.
    session.execute(
        delete(Meeting).where(or_(Meeting.attendee_a_id == attendee.id, Meeting.attendee_b_id == attendee.id))
    )
    session.delete(attendee)
    session.flush()
    return told


def _tell_partner(session: Session, partner: Attendee, meeting: Meeting) -> None:
    # The person who left is not named: the mail stays in the outbox after they asked to be forgotten.
    t = translations(partner.locale)
    zone = partner.event.zone
    when = meeting.slot.start.astimezone(zone).strftime("%Y-%m-%d %H:%M")
    values = {
        "name": partner.name,
        "when": when,
        "table": table_in_words(meeting.table.name, t.gettext),
        "event": partner.event.name,
    }
    subject = t.gettext("Meeting cancelled: %(when)s, table %(table)s") % values
    body = (
        t.gettext(
            "Hello %(name)s,\n\nyour meeting on %(when)s at table %(table)s (%(event)s) is cancelled: the "
            "person you were to meet has left the event's matchmaking. The slot is free again in your agenda."
        )
        % values
    )
    send_mail(
        session, partner.email or "", subject, body, event_id=partner.event_id, kind="meeting_cancelled"
    )
