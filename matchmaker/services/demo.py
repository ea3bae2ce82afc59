"""Loading the committed demo event (``data/demo``) into the database, once."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.orm import Session

from matchmaker.config import PROJECT_ROOT
from matchmaker.db.models import Event
from matchmaker.formats.attendee_csv import read_attendee_csv
from matchmaker.services.attendees import add_attendees
from matchmaker.services.events import add_event_from_spec, event_spec_from_dict, find_event

DEMO_DIR = PROJECT_ROOT / "data" / "demo"


@dataclass(frozen=True)
class DemoLoad:
    event: Event
    created: bool


def load_demo_event(session: Session, directory: Path = DEMO_DIR) -> DemoLoad:
    """Add the demo event and its attendees unless an event with its slug exists (idempotent)."""
    spec = event_spec_from_dict(json.loads((directory / "event.json").read_text(encoding="utf-8")))
    existing = find_event(session, spec.slug)
    if existing is not None:
        return DemoLoad(existing, created=False)
    records = read_attendee_csv(directory / "attendees.csv").records
    event = add_event_from_spec(session, spec)
    add_attendees(session, event, records)
    return DemoLoad(event, created=True)
