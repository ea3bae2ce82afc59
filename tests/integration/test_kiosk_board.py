from __future__ import annotations

from datetime import timedelta

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from matchmaker.db.models import Event, Meeting
from matchmaker.services import kiosk
from tests.factories import make_attendee, make_event


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    kiosk.clear_board_cache()


def _event_with_meeting(db_session: Session) -> tuple[Event, str]:
    event = make_event(db_session, slots=3, tables=2)
    anna = make_attendee(db_session, event, name="Anna Kowalska", company="Acme")
    john = make_attendee(db_session, event, name="John Smith", company="Globex")
    db_session.add(
        Meeting.between(
            anna.id, john.id, event_id=event.id, slot_id=event.slots[1].id, table_id=event.tables[1].id
        )
    )
    token = kiosk.issue_kiosk_token(db_session, event, "Hall A")
    db_session.commit()
    return event, token


def test_board_shows_the_running_round_and_the_next(db_session: Session) -> None:
    event, _ = _event_with_meeting(db_session)

    board = kiosk.board_for(db_session, event.id, now=event.slots[1].start + timedelta(minutes=1))

    assert board.payload["current"]["code"] == "d1-02"
    assert board.payload["current"]["meetings"] == [
        {
            "table": "T02",
            "zone": "",
            "a": {"name": "Anna Kowalska", "company": "Acme"},
            "b": {"name": "John Smith", "company": "Globex"},
        }
    ]
    assert board.payload["next"]["code"] == "d1-03"


def test_board_between_rounds_has_no_current_round(db_session: Session) -> None:
    event, _ = _event_with_meeting(db_session)

    board = kiosk.board_for(db_session, event.id, now=event.slots[0].start - timedelta(minutes=30))

    assert board.payload["current"] is None
    assert board.payload["next"]["code"] == "d1-01"


def test_board_page_renders_with_a_valid_token(client: FlaskClient, db_session: Session) -> None:
    event, token = _event_with_meeting(db_session)

    response = client.get(f"/kiosk/{event.slug}/{token}")

    assert response.status_code == 200
    assert "Find my meetings" in response.get_data(as_text=True)


def test_wrong_or_revoked_token_gets_nothing(client: FlaskClient, db_session: Session) -> None:
    event, token = _event_with_meeting(db_session)
    other = make_event(db_session)
    db_session.commit()

    assert client.get(f"/kiosk/{event.slug}/not-the-token").status_code == 404
    assert client.get(f"/kiosk/{other.slug}/{token}").status_code == 404
    kiosk.revoke_kiosk_token(db_session, event, kiosk.kiosk_tokens(db_session, event)[0].id)
    db_session.commit()
    assert client.get(f"/kiosk/{event.slug}/{token}/board.json").status_code == 404


def test_unchanged_board_costs_a_304(client: FlaskClient, db_session: Session) -> None:
    event, token = _event_with_meeting(db_session)
    url = f"/kiosk/{event.slug}/{token}/board.json"

    first = client.get(url)
    second = client.get(url, headers={"If-None-Match": first.headers["ETag"]})

    assert first.status_code == 200 and first.get_json()["event"]["name"] == event.name
    assert second.status_code == 304 and second.get_data() == b""


def test_board_of_a_round_is_computed_once(db_session: Session) -> None:
    event, _ = _event_with_meeting(db_session)
    moment = event.slots[1].start + timedelta(minutes=1)
    first = kiosk.board_for(db_session, event.id, now=moment)
    db_session.add(
        Meeting.between(
            make_attendee(db_session, event).id,
            make_attendee(db_session, event).id,
            event_id=event.id,
            slot_id=event.slots[1].id,
            table_id=event.tables[0].id,
        )
    )
    db_session.commit()

    again = kiosk.board_for(db_session, event.id, now=moment)

    assert again is first  # served from the per-round cache, not recomputed


def test_find_my_meetings_by_name(client: FlaskClient, db_session: Session) -> None:
    event, token = _event_with_meeting(db_session)

    found = client.get(f"/kiosk/{event.slug}/{token}/find?q=kowal").get_json()

    assert [r["person"]["name"] for r in found["results"]] == ["Anna Kowalska"]
    assert [(m["table"], m["with"]["name"]) for m in found["results"][0]["meetings"]] == [
        ("T02", "John Smith")
    ]


def test_find_does_not_search_by_email(client: FlaskClient, db_session: Session) -> None:
    event, token = _event_with_meeting(db_session)

    found = client.get(f"/kiosk/{event.slug}/{token}/find?q=example.test").get_json()

    assert found["results"] == []


def test_a_round_without_meetings_is_not_called_the_end_of_the_day(
    client: FlaskClient, db_session: Session
) -> None:
    import re

    event, token = _event_with_meeting(db_session)  # a future event: its first round, empty, comes next

    page = client.get(f"/kiosk/{event.slug}/{token}").get_data(as_text=True)
    messages = re.findall(r'data-role="empty"[^>]*>([^<]*)</p>', page)

    assert messages == ["No round running", "No meetings in this round"]


def test_board_lists_open_refill_offers_with_names_and_no_addresses(db_session: Session) -> None:
    from matchmaker.services import meetings as meeting_service
    from tests.integration.day_support import score

    event = make_event(db_session, slots=3, tables=2)
    jan, olga, ida, other = (
        make_attendee(db_session, event, name=name, company=company)
        for name, company in (
            ("Jan Nowak", ""),
            ("Olga Petrova", "Rosatom"),
            ("Ida Berg", "Umbrella"),
            ("Max Mayer", ""),
        )
    )
    now = event.slots[1].start - timedelta(minutes=30)
    for person in (jan, olga, ida):
        person.checked_in_at = now - timedelta(minutes=5)
    meeting = Meeting.between(
        jan.id, olga.id, event_id=event.id, slot_id=event.slots[1].id, table_id=event.tables[1].id
    )
    db_session.add(meeting)
    score(db_session, jan, ida, 0.9)
    score(db_session, other, ida, 0.9)  # Max is not left alone: nothing offered to him
    meeting_service.decline_meeting(db_session, event, meeting, olga.id, now=now)
    db_session.commit()

    offers = kiosk.board_for(db_session, event.id, now=now).payload["offers"]

    start = event.slots[1].start.astimezone(event.zone)
    assert offers == [
        {
            "table": event.tables[1].name,
            "time": f"{start:%H:%M}",
            "start": event.slots[1].start.isoformat(),
            "a": {"name": "Jan Nowak", "company": ""},
            "b": {"name": "Ida Berg", "company": "Umbrella"},
        }
    ]
    kiosk.clear_board_cache()
    assert kiosk.board_for(db_session, event.id, now=event.slots[1].start).payload["offers"] == []


def test_a_failing_board_never_shows_an_error_page(
    client: FlaskClient, db_session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sqlalchemy.exc import OperationalError

    event, token = _event_with_meeting(db_session)

    def away(*_args: object, **_kwargs: object) -> None:
        raise OperationalError("SELECT 1", {}, Exception("server closed the connection"))

    monkeypatch.setattr(kiosk, "board_for", away)
    page = client.get(f"/kiosk/{event.slug}/{token}")
    data = client.get(f"/kiosk/{event.slug}/{token}/board.json")

    html = page.get_data(as_text=True)
    assert (page.status_code, page.headers["Retry-After"]) == (503, "10")
    assert "The board will be back in a moment." in html and 'http-equiv="refresh"' in html
    assert "error" not in html.lower()
    assert (data.status_code, data.get_json()) == (503, {"code": "unavailable"})
    assert client.get(f"/kiosk/{event.slug}/not-the-token").status_code == 404  # a wrong link stays a 404


def test_a_board_whose_commit_fails_never_shows_an_error_page(
    client: FlaskClient, db_session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The database goes away between the board's reads and the request's COMMIT (a restart, or
    # pg_terminate_backend): the failure comes from the end of the request, not from the view.
    from sqlalchemy.exc import OperationalError

    from matchmaker.db import unit_of_work

    event, token = _event_with_meeting(db_session)

    def away(*_args: object, **_kwargs: object) -> None:
        raise OperationalError("COMMIT", {}, Exception("terminating connection due to administrator command"))

    monkeypatch.setattr(unit_of_work, "commit", away)
    client.application.config["PROPAGATE_EXCEPTIONS"] = False  # as in production: no debugger

    page = client.get(f"/kiosk/{event.slug}/{token}")
    data = client.get(f"/kiosk/{event.slug}/{token}/board.json")
    found = client.get(f"/kiosk/{event.slug}/{token}/find?q=Anna")

    html = page.get_data(as_text=True)
    assert page.status_code == 503
    assert "The board will be back in a moment." in html and 'http-equiv="refresh"' in html
    assert (data.status_code, data.get_json()) == (503, {"code": "unavailable"})
    assert (found.status_code, found.get_json()) == (503, {"code": "unavailable"})


def test_a_wrong_board_link_gets_the_boards_own_page_alike_for_every_wrong_part(
    client: FlaskClient, db_session: Session
) -> None:
    event, token = _event_with_meeting(db_session)
    other = make_event(db_session)
    db_session.commit()

    pages = [
        client.get(path)
        for path in (
            f"/kiosk/{event.slug}/not-the-token",
            f"/kiosk/{other.slug}/{token}",
            f"/kiosk/nope/{token}",
        )
    ]

    assert {(page.status_code, page.get_data()) for page in pages} == {(404, pages[0].get_data())}
    html = pages[0].get_data(as_text=True)
    assert "This board's link does not work." in html and 'http-equiv="refresh"' in html
    assert "Page not found" not in html and "Anna" not in html
