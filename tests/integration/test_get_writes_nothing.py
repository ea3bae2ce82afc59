"""A GET never writes: every page and JSON answer an attendee, an organiser or a kiosk can fetch leaves
the database exactly as it was (every table's rows compared before and after).

The ``app`` fixture also refuses any INSERT, UPDATE or DELETE during a GET in every other test
(tests/conftest.py: refuse_writes_during_get); this one visits every GET route of the app once.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

from flask import Flask
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from matchmaker.db.models import Base, Meeting, MeetingSource
from matchmaker.services.calendar_links import current_calendar_token
from matchmaker.services.checkin import badge_code
from tests.integration.api_support import bearer, make_world
from tests.integration.organiser_client import sign_in

_PARAMETER = re.compile(r"<(?:[a-z]+:)?([a-z_]+)>")


# The one write a GET may make (see tests/conftest.py: GET_BOOKKEEPING).
_BOOKKEEPING = {("api_keys", "last_used_at")}


def _dump(engine: Engine) -> dict[str, list[tuple[object, ...]]]:
    with engine.connect() as connection:
        return {
            table.name: sorted(
                (
                    tuple(row)
                    for row in connection.execute(
                        select(*(c for c in table.c if (table.name, c.name) not in _BOOKKEEPING))
                    )
                ),
                key=repr,
            )
            for table in Base.metadata.sorted_tables
        }


def test_every_get_route_leaves_the_database_unchanged(
    app: Flask, db_session: Session, engine: Engine
) -> None:
    world = make_world(db_session)
    anna, boris = world.people[0], world.people[1]
    meeting = Meeting.between(
        anna.id,
        boris.id,
        event_id=world.event.id,
        slot_id=world.event.slots[0].id,
        table_id=world.event.tables[0].id,
        source=MeetingSource.AUTO,
    )
    meeting.attended_at = datetime.now(UTC)
    db_session.add(meeting)
    db_session.commit()
    values = {
        "slug": world.event.slug,
        "token": world.tokens[anna.id],
        "attendee_id": str(boris.id),
        "partner_id": str(boris.id),
        "meeting_id": str(meeting.id),
        "run_id": "1",
        "job_id": "1",
        "mail_id": "1",
        "code": badge_code(str(app.config["SECRET_KEY"]), boris),
        "filename": "favicon.svg",
    }
    client = app.test_client()
    assert sign_in(client, "a@example.test").status_code == 302
    before = _dump(engine)

    answers = {}
    for rule in app.url_map.iter_rules():
        if "GET" not in (rule.methods or ()):
            continue
        path = _PARAMETER.sub(lambda m: values[m.group(1)], rule.rule)
        if rule.rule.startswith("/kiosk/") or rule.rule.startswith("/api/v1/kiosk/"):
            path = path.replace(values["token"], world.kiosk)
        if rule.rule.startswith("/calendar/"):
            path = f"/calendar/{current_calendar_token(anna, str(app.config['SECRET_KEY']))}.ics"
        headers = {}
        if rule.rule.startswith("/api/v1/me"):
            headers = bearer(values["token"])
        elif rule.rule.startswith("/api/v1/kiosk"):
            headers = bearer(world.kiosk)
        elif rule.rule.startswith("/api/"):
            headers = bearer(world.key)
        for query in ("", "?lang=pl"):
            with client.get(path + query, headers=headers) as response:
                answers[path + query] = response.status_code
    after = _dump(engine)

    assert len(answers) > 120
    assert sum(status == 200 for status in answers.values()) > 100
    assert {path: status for path, status in answers.items() if status >= 500} == {}
    assert {name: rows for name, rows in after.items() if rows != before[name]} == {}
