from __future__ import annotations

import io

from flask.testing import FlaskClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from matchmaker.db.models import Attendee, Event, Meeting, OutboxMail
from matchmaker.formats.attendee_csv import read_attendee_csv
from matchmaker.services.attendee_import import ImportRejected, check_attendee_csv, import_attendee_csv
from tests.factories import make_attendee, make_event
from tests.integration.organiser_client import csrf_token, sign_in
from tests.organiser_data import make_organiser

HEADER = "id,name,email,company,offers,seeks,unavailable,intents\n"
GOOD = (
    HEADER
    + "a1,Anna Kowalska,anna@acme.test,Acme,Cups,Roasters,,\n"
    + "a2,John Smith,john@globex.test,Globex,Beans,Cups,d1-01,\n"
)
BAD = (
    HEADER + "a1,Anna Kowalska,anna@acme.test,Acme,Cups,Roasters,,\n"
    "a2,,john@globex.test,Globex,Beans,Cups,,\n"
    "a3,Eve,eve@x.test,X,Tea,Cups,d9-99,\n"
    "a4,Max,max@x.test,X,Tea,Cups,,fly\n"
    "a1,Dup,dup@x.test,X,Tea,Cups,,\n"
)


def _count(session: Session) -> int:
    return int(session.scalar(select(func.count()).select_from(Attendee)) or 0)


def test_dry_run_reports_every_bad_row_by_line_and_column(db_session: Session) -> None:
    event = make_event(db_session)

    report = check_attendee_csv(db_session, event, BAD.encode())

    assert [(p.line, p.column) for p in report.problems] == [
        (3, "name"),
        (4, "unavailable"),
        (5, "intents"),
        (6, "id"),
    ]
    assert _count(db_session) == 0


def test_import_with_one_bad_row_adds_nobody(db_session: Session) -> None:
    event = make_event(db_session)

    try:
        import_attendee_csv(db_session, event, BAD.encode())
    except ImportRejected as rejected:
        assert len(rejected.report.problems) == 4
    else:
        raise AssertionError("a file with bad rows was imported")
    assert _count(db_session) == 0


def test_import_of_a_clean_file_adds_everyone_with_their_unavailability(db_session: Session) -> None:
    event = make_event(db_session)

    added = import_attendee_csv(db_session, event, GOOD.encode())

    assert [a.name for a in added] == ["Anna Kowalska", "John Smith"]
    assert [s.code for s in added[1].unavailable_slots] == ["d1-01"]


def test_import_refuses_addresses_already_registered(db_session: Session) -> None:
    event = make_event(db_session)
    make_attendee(db_session, event, email="anna@acme.test")

    report = check_attendee_csv(db_session, event, GOOD.encode())

    assert [str(p) for p in report.problems] == [
        'line 2, column "email": anna@acme.test is already registered for this event'
    ]


def test_export_reads_back_as_the_same_attendees(client: FlaskClient, db_session: Session) -> None:
    event = make_event(db_session)
    import_attendee_csv(db_session, event, GOOD.encode())
    make_organiser(db_session, "org@example.test", event)
    db_session.commit()
    sign_in(client)

    response = client.get(f"/organiser/events/{event.slug}/attendees.csv")

    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"  # the charset once
    records = read_attendee_csv(io.StringIO(response.get_data(as_text=True))).records
    assert [(r.id, r.name, r.unavailable) for r in records] == [
        ("a1", "Anna Kowalska", ()),
        ("a2", "John Smith", ("d1-01",)),
    ]


def _signed_in(client: FlaskClient, db_session: Session) -> Event:
    event = make_event(db_session)
    make_organiser(db_session, "org@example.test", event)
    db_session.commit()
    sign_in(client)
    return event


def test_import_page_shows_the_report_then_imports_on_confirmation(
    client: FlaskClient, db_session: Session
) -> None:
    event = _signed_in(client, db_session)
    page = f"/organiser/events/{event.slug}/attendees/import"

    check = client.post(
        page,
        data={
            "csrf_token": csrf_token(client, page),
            "action": "check",
            "file": (io.BytesIO(GOOD.encode()), "people.csv"),
        },
    )
    assert "2 attendees ready to import" in check.get_data(as_text=True)
    assert _count(db_session) == 0
    confirm = client.post(
        page, data={"csrf_token": csrf_token(client, page), "action": "import", "csv_text": GOOD}
    )

    assert confirm.status_code == 302
    assert _count(db_session) == 2


def test_import_page_lists_problems_and_writes_nothing(client: FlaskClient, db_session: Session) -> None:
    event = _signed_in(client, db_session)
    page = f"/organiser/events/{event.slug}/attendees/import"

    response = client.post(
        page,
        data={
            "csrf_token": csrf_token(client, page),
            "action": "check",
            "file": (io.BytesIO(BAD.encode()), "people.csv"),
        },
    )

    html = response.get_data(as_text=True)
    assert "4 problems — nothing was imported" in html
    assert "The event has no slot “d9-99”." in html
    assert _count(db_session) == 0


def test_attendee_list_searches_by_company(client: FlaskClient, db_session: Session) -> None:
    event = _signed_in(client, db_session)
    make_attendee(db_session, event, name="Anna Kowalska", company="Acme")
    make_attendee(db_session, event, name="John Smith", company="Globex")
    db_session.commit()

    html = client.get(f"/organiser/events/{event.slug}/attendees?q=globex").get_data(as_text=True)

    assert "John Smith" in html
    assert "Anna Kowalska" not in html


def test_edit_changes_the_attendee(client: FlaskClient, db_session: Session) -> None:
    event = _signed_in(client, db_session)
    person = make_attendee(db_session, event, name="Anna")
    db_session.commit()
    page = f"/organiser/events/{event.slug}/attendees/{person.id}"

    response = client.post(
        page,
        data={
            "csrf_token": csrf_token(client, page),
            "name": "Anna Kowalska",
            "email": "anna@acme.test",
            "company": "Acme",
            "offers": "Cups",
            "seeks": "",
            "country": "pl",
            "max_meetings": "3",
            "unavailable": [str(event.slots[0].id)],
        },
    )

    assert response.status_code == 302
    db_session.expire_all()
    assert (person.name, person.country, person.max_meetings) == ("Anna Kowalska", "PL", 3)
    assert [s.code for s in person.unavailable_slots] == ["d1-01"]


def test_removing_an_attendee_tells_the_person_they_were_to_meet(
    client: FlaskClient, db_session: Session
) -> None:
    event = _signed_in(client, db_session)
    leaving = make_attendee(db_session, event)
    staying = make_attendee(db_session, event, email="stay@example.test")
    db_session.add(
        Meeting.between(
            leaving.id, staying.id, event_id=event.id, slot_id=event.slots[0].id, table_id=event.tables[0].id
        )
    )
    db_session.commit()
    page = f"/organiser/events/{event.slug}/attendees/{leaving.id}"

    client.post(page + "/remove", data={"csrf_token": csrf_token(client, page)})

    assert db_session.scalar(select(func.count()).select_from(Meeting)) == 0
    mails = db_session.scalars(select(OutboxMail).where(OutboxMail.to_address == "stay@example.test")).all()
    assert len(mails) == 1


def test_attendee_list_filters_people_without_meetings(client: FlaskClient, db_session: Session) -> None:
    event = _signed_in(client, db_session)
    anna, john = make_attendee(db_session, event, name="Anna"), make_attendee(db_session, event, name="John")
    make_attendee(db_session, event, name="Lonely Larry")
    db_session.add(
        Meeting.between(
            anna.id, john.id, event_id=event.id, slot_id=event.slots[0].id, table_id=event.tables[0].id
        )
    )
    db_session.commit()

    html = client.get(f"/organiser/events/{event.slug}/attendees?status=no_meetings").get_data(as_text=True)

    assert "Lonely Larry" in html
    assert ">Anna<" not in html and ">John<" not in html
