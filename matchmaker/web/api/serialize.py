"""Models as the API's JSON. Each function decides what its audience may see: an organiser sees an
attendee's whole record, another attendee sees a profile without e-mail until both agreed to meet."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Protocol

from matchmaker.db.models import (
    Attendee,
    Event,
    Meeting,
    MeetingRequest,
    Recommendation,
    ScheduleRun,
    Slot,
    VenueTable,
)
from matchmaker.web.attendee.labels import reason_json


def iso(moment: datetime | date | None) -> str | None:
    return moment.isoformat() if moment is not None else None


def event_json(event: Event) -> dict[str, Any]:
    return {
        "slug": event.slug,
        "name": event.name,
        "venue": event.venue,
        "timezone": event.timezone,
        "start_date": iso(event.start_date),
        "end_date": iso(event.end_date),
        "meeting_minutes": event.meeting_minutes,
        "languages": list(event.languages),
        "description": event.description,
        "request_cap": event.request_cap,
        "request_expiry_hours": event.request_expiry_hours,
        "requests_before_schedule": event.requests_before_schedule,
        "match_floor": event.match_floor,
        "requested_meetings_only": event.requested_meetings_only,
    }


def slot_json(slot: Slot) -> dict[str, Any]:
    return {"id": slot.id, "code": slot.code, "start": iso(slot.start), "end": iso(slot.end)}


def table_json(table: VenueTable) -> dict[str, Any]:
    return {"id": table.id, "name": table.name, "zone": table.zone, "position": table.position}


class Profile(Protocol):
    """What a profile shows: an attendee record, or a meeting partner from the agenda's read model."""

    @property
    def id(self) -> int: ...

    @property
    def name(self) -> str: ...

    @property
    def company(self) -> str: ...

    @property
    def job_title(self) -> str: ...

    @property
    def sector(self) -> str: ...

    @property
    def country(self) -> str: ...

    @property
    def languages(self) -> list[str]: ...

    @property
    def offers(self) -> str: ...

    @property
    def seeks(self) -> str: ...

    @property
    def interests(self) -> list[str]: ...

    @property
    def email(self) -> str | None: ...


def public_profile(attendee: Profile) -> dict[str, Any]:
    """What another attendee may see before a meeting is agreed: no e-mail, no private settings."""
    return {
        "id": attendee.id,
        "name": attendee.name,
        "company": attendee.company,
        "job_title": attendee.job_title,
        "sector": attendee.sector,
        "country": attendee.country,
        "languages": list(attendee.languages),
        "offers": attendee.offers,
        "seeks": attendee.seeks,
        "interests": list(attendee.interests),
    }


def partner_json(attendee: Profile) -> dict[str, Any]:
    """A meeting partner: the public profile, and the e-mail address where both agreed to share it
    (None otherwise; see :mod:`matchmaker.services.contact_sharing`)."""
    return public_profile(attendee) | {"email": attendee.email}


def attendee_json(attendee: Attendee) -> dict[str, Any]:
    """The whole record, for the organiser and for the attendee themselves (never the token hash)."""
    return public_profile(attendee) | {
        "external_id": attendee.external_id,
        "email": attendee.email,
        "intents": list(attendee.intents),
        # Private to the attendee and the organisers, like the e-mail: what they don't want offered.
        "avoids": attendee.avoids,
        "max_meetings": attendee.max_meetings,
        "locale": attendee.locale,
        "unavailable": [slot.code for slot in attendee.unavailable_slots],
        "consent_at": iso(attendee.consent_at),
        "checked_in_at": iso(attendee.checked_in_at),
        "created_at": iso(attendee.created_at),
        "updated_at": iso(attendee.updated_at),
    }


def recommendation_json(row: Recommendation, candidate: Attendee) -> dict[str, Any]:
    return {
        "rank": row.rank,
        "score": round(row.score, 4),
        "reasons": [reason_json(reason, candidate.event.interests) for reason in row.reasons],
        "person": public_profile(candidate),
    }


def recommendations_json(pairs: list[tuple[Recommendation, Attendee]]) -> dict[str, Any]:
    """A recommendation list (all of it, best first) in the list envelope."""
    items = [recommendation_json(row, candidate) for row, candidate in pairs]
    return {"items": items, "total": len(items), "limit": len(items), "offset": 0}


def request_json(request: MeetingRequest) -> dict[str, Any]:
    return {
        "id": request.id,
        "from_attendee_id": request.from_attendee_id,
        "to_attendee_id": request.to_attendee_id,
        "message": request.message,
        "status": request.status,
        "created_at": iso(request.created_at),
        "expires_at": iso(request.expires_at),
        "responded_at": iso(request.responded_at),
    }


def meeting_json(meeting: Meeting) -> dict[str, Any]:
    return {
        "id": meeting.id,
        "attendee_ids": [meeting.attendee_a_id, meeting.attendee_b_id],
        "slot": slot_json(meeting.slot),
        "table": table_json(meeting.table),
        "status": meeting.status,
        "locked": meeting.locked,
        "source": meeting.source,
        "score": meeting.score,
    }


def run_json(run: ScheduleRun) -> dict[str, Any]:
    return {
        "id": run.id,
        "status": run.status,
        "progress": round(run.progress, 4),
        "parameters": dict(run.parameters),
        "cancel_requested": run.cancel_requested,
        "created_at": iso(run.created_at),
        "started_at": iso(run.started_at),
        "finished_at": iso(run.finished_at),
        "published_at": iso(run.published_at),
        "error": run.error,
        "stats": dict(run.stats),
        "has_result": run.result is not None,
    }
