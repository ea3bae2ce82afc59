"""Test data for the API: two organisers with an event each, attendees with personal tokens, a kiosk."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from matchmaker.db.models import Attendee, Event
from matchmaker.services.api_keys import create_api_key
from matchmaker.services.kiosk import clear_board_cache, issue_kiosk_token
from matchmaker.services.tokens import issue_token
from tests.organiser_data import make_fair, make_organiser


@dataclass
class ApiWorld:
    event: Event
    people: list[Attendee]
    key: str
    other_event: Event
    other_key: str
    tokens: dict[int, str]
    kiosk: str

    def organiser(self) -> dict[str, str]:
        return bearer(self.key)

    def attendee(self, index: int) -> dict[str, str]:
        return bearer(self.tokens[self.people[index].id])


def bearer(secret: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {secret}"}


def make_world(session: Session, people: int = 6) -> ApiWorld:
    """Committed: organiser A runs ``fair-a`` (with ``people`` attendees), organiser B runs ``fair-b``."""
    clear_board_cache()
    event, attendees = make_fair(session, people=people, slots=4, tables=3, slug="fair-a")
    other_event, _ = make_fair(session, people=3, slug="fair-b")
    organiser = make_organiser(session, "a@example.test", event)
    other = make_organiser(session, "b@example.test", other_event)
    key = create_api_key(session, organiser, "integration").secret
    other_key = create_api_key(session, other, "theirs").secret
    tokens = {attendee.id: issue_token(attendee) for attendee in attendees}
    kiosk = issue_kiosk_token(session, event, "hall A")
    session.commit()
    return ApiWorld(event, attendees, key, other_event, other_key, tokens, kiosk)
