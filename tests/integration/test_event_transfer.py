"""export-event / import-event round-trip an event losslessly."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from matchmaker.cli import main
from matchmaker.db.models import (
    Event,
    Exclusion,
    Meeting,
    MeetingFeedback,
    MeetingRequest,
    Organiser,
    Recommendation,
    RecommendationDismissal,
    RequestStatus,
    ScheduleRun,
)
from matchmaker.services.event_transfer import TransferError, export_event, import_event
from tests.factories import make_attendee, make_event


def _rich_event(session: Session) -> Event:
    """An event with a row in every kind of table, including nullable and binary-free edge cases."""
    organiser = Organiser(email="olga@expo.example", name="Olga", password_hash="pbkdf2:sha256$x")
    event = make_event(session, slots=4, tables=2, slug="round-trip")
    event.organisers.append(organiser)
    anna = make_attendee(
        session,
        event,
        name="Anna Kowalska",
        languages=["pl", "en"],
        interests=["packaging"],
        intents=["find_clients"],
        max_meetings=6,
        consent_at=datetime(2027, 5, 1, tzinfo=UTC),
    )
    ben = make_attendee(session, event, name="Ben Smith", company="Globex", email=None)
    carla = make_attendee(session, event, name="Карла Иванова")
    anna.set_unavailable_slots([event.slots[1], event.slots[3]])
    session.add_all(
        [
            Exclusion(event_id=event.id, attendee_id=anna.id, excluded_company="Initech"),
            Exclusion(event_id=event.id, attendee_id=ben.id, excluded_attendee_id=carla.id),
        ]
    )
    request = MeetingRequest(
        event_id=event.id,
        from_attendee_id=anna.id,
        to_attendee_id=ben.id,
        message="Let's talk cups",
        status=RequestStatus.ACCEPTED,
    )
    session.add(request)
    session.flush()
    run = ScheduleRun(
        event_id=event.id,
        parameters={"time_limit": 10},
        status="succeeded",
        progress=1.0,
        stats={"scheduled": 1},
        result={"meetings": []},
        created_by_id=organiser.id,
    )
    session.add(run)
    session.flush()
    meeting = Meeting.between(
        anna.id,
        ben.id,
        event_id=event.id,
        slot_id=event.slots[0].id,
        table_id=event.tables[1].id,
        source="request",
        score=0.8,
        request_id=request.id,
        schedule_run_id=run.id,
        locked=True,
    )
    session.add(meeting)
    session.flush()
    session.add_all(
        [
            MeetingFeedback(
                meeting_id=meeting.id, attendee_id=anna.id, took_place=True, rating=5, wants_follow_up=True
            ),
            Recommendation(
                attendee_id=anna.id, candidate_id=ben.id, rank=1, score=0.9, reasons=["Offers cups"]
            ),
            RecommendationDismissal(attendee_id=ben.id, candidate_id=carla.id),
        ]
    )
    session.commit()
    return event


def test_exported_event_imports_back_identically(db_session: Session) -> None:
    _rich_event(db_session)
    before = export_event(db_session, "round-trip")

    db_session.execute(delete(Event).where(Event.slug == "round-trip"))
    db_session.commit()
    import_event(db_session, before)
    db_session.commit()
    after = export_event(db_session, "round-trip")

    assert after == before
    assert {name for name, rows in before["tables"].items() if rows} >= {
        "events",
        "slots",
        "venue_tables",
        "attendees",
        "attendee_unavailability",
        "exclusions",
        "meeting_requests",
        "meetings",
        "meeting_participants",
        "meeting_feedback",
        "recommendations",
        "recommendation_dismissals",
        "schedule_runs",
        "organisers",
        "event_organisers",
    }


def test_import_when_the_slug_exists_is_refused_and_adds_nothing(db_session: Session) -> None:
    _rich_event(db_session)
    document = export_event(db_session, "round-trip")

    with pytest.raises(TransferError, match="already exists"):
        import_event(db_session, document)
    db_session.rollback()

    assert db_session.scalar(select(func.count()).select_from(Event)) == 1


def test_export_and_import_commands_move_an_event(
    runner: CliRunner, db_session: Session, tmp_path: Path
) -> None:
    _rich_event(db_session)
    backup = tmp_path / "fair.json"

    exported = runner.invoke(main, ["export-event", "round-trip", str(backup)])
    db_session.execute(delete(Event))
    db_session.commit()
    imported = runner.invoke(main, ["import-event", str(backup)])

    assert exported.exit_code == 0, exported.output
    assert imported.exit_code == 0, imported.output
    assert "imported event 'round-trip' (3 attendees)" in imported.output
    assert db_session.scalar(select(func.count()).select_from(Meeting)) == 1
    assert json.loads(backup.read_text(encoding="utf-8"))["event"] == "round-trip"


def test_import_of_a_damaged_file_exits_2_with_one_line(
    runner: CliRunner, tmp_path: Path, engine: object
) -> None:
    damaged = tmp_path / "damaged.json"
    damaged.write_text("{not json", encoding="utf-8")

    result = runner.invoke(main, ["import-event", str(damaged)])

    assert result.exit_code == 2
    assert result.output.startswith("error: ")
    assert result.output.count("\n") == 1


@pytest.mark.parametrize(
    ("table", "column", "value", "message"),
    [
        ("events", "meeting_minutes", 10**12, "table events, row 1, column meeting_minutes: is out of range"),
        ("events", "request_cap", "abc", "table events, row 1, column request_cap: must be a whole number"),
        (
            "events",
            "refill_enabled",
            "yes",
            "table events, row 1, column refill_enabled: must be true or false",
        ),
        ("attendees", "token_hash", "x" * 500, "column token_hash: is longer than 64 characters"),
        ("slots", "code", 7, "table slots, row 1, column code: must be text"),
    ],
)
def test_import_of_a_value_its_column_cannot_take_names_it_and_adds_nothing(
    runner: CliRunner,
    db_session: Session,
    tmp_path: Path,
    table: str,
    column: str,
    value: object,
    message: str,
) -> None:
    _rich_event(db_session)
    document = export_event(db_session, "round-trip")
    db_session.execute(delete(Event))
    db_session.commit()
    document["tables"][table][0][column] = value
    damaged = tmp_path / "damaged.json"
    damaged.write_text(json.dumps(document), encoding="utf-8")

    result = runner.invoke(main, ["import-event", str(damaged)])

    assert result.exit_code == 2
    assert result.output.startswith("error: ")
    assert message in result.output
    assert result.output.count("\n") == 1
    assert db_session.scalar(select(func.count()).select_from(Event)) == 0


def test_export_to_a_folder_that_does_not_exist_exits_with_one_line(
    runner: CliRunner, db_session: Session, tmp_path: Path
) -> None:
    _rich_event(db_session)
    target = tmp_path / "no-such-folder" / "fair.json"

    result = runner.invoke(main, ["export-event", "round-trip", str(target)])

    assert result.exit_code == 1
    assert result.output == f"error: cannot write {target}: No such file or directory\n"
    assert not target.parent.exists()
