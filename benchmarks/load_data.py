"""The load benchmark's fair: the demo event grown to N attendees from the demo CSV's profiles, with a
published schedule (about five meetings each) whose pairs recommend each other with the matcher's reasons,
personal tokens and a kiosk token.

The slots are moved to today so that a round is running now: the kiosk board shows real meetings.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta

from sqlalchemy import insert
from sqlalchemy.orm import Session

from matchmaker.core.matching.reasons import ProfileFacts, reasons_for
from matchmaker.db.models import Meeting, MeetingParticipant, Recommendation
from matchmaker.formats.attendee_csv import AttendeeRecord, read_attendee_csv
from matchmaker.services.attendees import add_attendees
from matchmaker.services.demo import DEMO_DIR
from matchmaker.services.events import add_event_from_spec, event_spec_from_dict
from matchmaker.services.kiosk import issue_kiosk_token
from matchmaker.services.tokens import issue_token


@dataclass(frozen=True)
class LoadFair:
    slug: str
    attendee_tokens: list[str]
    kiosk_token: str
    meetings: int


def _spec_for_today(tables: int) -> object:
    data = json.loads((DEMO_DIR / "event.json").read_text(encoding="utf-8"))
    spec = event_spec_from_dict(data)
    now = datetime.now(UTC).replace(second=0, microsecond=0)
    shift = now - spec.slots[4].start - timedelta(minutes=5)  # the fifth round started five minutes ago
    slots = tuple(replace(slot, start=slot.start + shift, end=slot.end + shift) for slot in spec.slots)
    zone = spec.slots[0].start.tzinfo
    first, last = slots[0].start.astimezone(zone).date(), slots[-1].end.astimezone(zone).date()
    extra = tuple(
        replace(spec.tables[0], name=f"X{n:03d}", zone="Hall X") for n in range(tables - len(spec.tables))
    )
    return replace(
        spec, slug="load-fair", slots=slots, tables=spec.tables + extra, start_date=first, end_date=last
    )


def build_load_fair(session: Session, attendees: int = 5000, tables: int = 400, seed: int = 7) -> LoadFair:
    """Create the fair (commits). Profiles cycle through the demo CSV with numbered names and e-mails."""
    spec = _spec_for_today(tables)
    event = add_event_from_spec(session, spec)  # type: ignore[arg-type]
    demo = read_attendee_csv(DEMO_DIR / "attendees.csv").records
    records = []
    for number in range(attendees):
        base = demo[number % len(demo)]
        local, _, domain = (base.email or f"person@{base.id}.example").partition("@")
        records.append(
            replace(
                base,
                id=f"L{number:05d}",
                name=f"{base.name} {number // len(demo) + 1}",
                email=f"{local}+{number}@{domain}",
                unavailable=(),
            )
        )
    people = add_attendees(session, event, records)
    tokens = [issue_token(person) for person in people]
    kiosk = issue_kiosk_token(session, event, "load test")
    session.flush()
    rng = random.Random(seed)
    slot_ids, table_ids = [s.id for s in event.slots], [t.id for t in event.tables]
    pairs = _publish_schedule(session, event.id, [p.id for p in people], slot_ids, table_ids, rng)
    by_id = {person.id: record for person, record in zip(people, records, strict=True)}
    _recommend_partners(session, by_id, pairs, rng)
    session.commit()
    return LoadFair(event.slug, tokens, kiosk, len(pairs))


def _publish_schedule(
    session: Session,
    event_id: int,
    people: list[int],
    slots: list[int],
    tables: list[int],
    rng: random.Random,
) -> list[tuple[int, int]]:
    """Every slot: as many random pairs as tables, no pair twice (bulk rows: ORM objects take minutes).
    Returns the pairs met."""
    seen: set[tuple[int, int]] = set()
    pairs: list[tuple[int, int, int, int]] = []
    for slot in slots:
        free = rng.sample(people, min(len(people), 2 * len(tables)))
        for table, (a, b) in zip(tables, zip(free[::2], free[1::2], strict=False), strict=False):
            pair = (min(a, b), max(a, b))
            if pair in seen:
                continue
            seen.add(pair)
            pairs.append((pair[0], pair[1], slot, table))
    rows = [
        {
            "event_id": event_id,
            "attendee_a_id": a,
            "attendee_b_id": b,
            "slot_id": slot,
            "table_id": table,
            "status": "scheduled",
            "source": "auto",
            "score": round(rng.uniform(0.4, 0.95), 3),
        }
        for a, b, slot, table in pairs
    ]
    ids = session.scalars(insert(Meeting).returning(Meeting.id, sort_by_parameter_order=True), rows).all()
    session.execute(
        insert(MeetingParticipant),
        [
            {"meeting_id": meeting_id, "attendee_id": person, "slot_id": slot, "status": "scheduled"}
            for meeting_id, (a, b, slot, _table) in zip(ids, pairs, strict=True)
            for person in (a, b)
        ],
    )
    return [(a, b) for a, b, _slot, _table in pairs]


def _recommend_partners(
    session: Session, records: dict[int, AttendeeRecord], pairs: list[tuple[int, int]], rng: random.Random
) -> None:
    """Each side recommended to the other, with the matcher's own reasons: an agenda shows why each
    meeting was worth it, so a page costs what it costs at a real fair."""
    facts = {person: ProfileFacts.of(record.to_profile()) for person, record in records.items()}
    ranks: dict[int, int] = {}
    rows = []
    for a, b in pairs:
        for viewer, other in ((a, b), (b, a)):
            ranks[viewer] = ranks.get(viewer, 0) + 1
            reasons = reasons_for(
                facts[viewer], facts[other], rng.random(), rng.random(), rng.random(), 1.0, 0, 0, 0, 0
            )
            rows.append(
                {
                    "attendee_id": viewer,
                    "candidate_id": other,
                    "rank": ranks[viewer],
                    "score": round(rng.uniform(0.3, 0.9), 3),
                    "reasons": [reason.to_json() for reason in reasons],
                }
            )
    session.execute(insert(Recommendation), rows)
