"""Hostile input gets a clear 4xx and leaves the data as it was; markup in text is shown, never run."""

from __future__ import annotations

import io
import json

import pytest
from flask.testing import FlaskClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from matchmaker.db.models import Attendee, Meeting, Recommendation
from tests.integration.api_support import ApiWorld, make_world
from tests.integration.organiser_client import sign_in

SCRIPT = '<script>alert("x")</script><img src=x onerror=alert(1)>'
BASE = "/api/v1/events/fair-a/attendees"


def _snapshot(session: Session, world: ApiWorld) -> list[tuple[object, ...]]:
    session.expire_all()
    return [
        tuple(row)
        for row in session.execute(
            select(Attendee.id, Attendee.name, Attendee.email, Attendee.offers)
            .where(Attendee.event_id == world.event.id)
            .order_by(Attendee.id)
        )
    ]


@pytest.mark.parametrize(
    ("body", "content_type", "status", "code"),
    [
        (b'{"name": "Ann", ', "application/json", 400, "malformed_json"),
        (b'{"name": "\xff\xfe"}', "application/json", 400, "malformed_json"),
        (b"[" * 100_000, "application/json", 400, "malformed_json"),
        (b'["a list"]', "application/json", 422, "invalid"),
        (b"name=Ann", "application/x-www-form-urlencoded", 415, "unsupported_media_type"),
        (
            json.dumps({"id": "Z", "name": "N" * 201, "offers": "x"}).encode(),
            "application/json",
            422,
            "invalid",
        ),
        (
            json.dumps({"id": "Z", "name": "Nul\u0000", "offers": "x"}).encode(),
            "application/json",
            422,
            "invalid",
        ),
        (b'{"id": "Z", "name": "\\ud800", "offers": "x"}', "application/json", 422, "invalid"),
        (
            json.dumps({"id": "Z", "name": "N", "offers": "x", "max_meetings": 10**40}).encode(),
            "application/json",
            422,
            "invalid",
        ),
    ],
)
def test_security_hostile_api_body_is_refused_cleanly(
    client: FlaskClient, db_session: Session, body: bytes, content_type: str, status: int, code: str
) -> None:
    world = make_world(db_session)
    before = _snapshot(db_session, world)

    created = client.post(BASE, headers=world.organiser() | {"Content-Type": content_type}, data=body)
    changed = client.patch(
        f"{BASE}/{world.people[0].id}", headers=world.organiser() | {"Content-Type": content_type}, data=body
    )

    assert (created.status_code, created.get_json()["code"]) == (status, code)
    assert changed.status_code == status
    assert _snapshot(db_session, world) == before


def test_security_oversized_field_names_the_field(client: FlaskClient, db_session: Session) -> None:
    world = make_world(db_session)

    answer = client.patch(
        f"{BASE}/{world.people[0].id}", headers=world.organiser(), json={"offers": "x" * 6000}
    )

    assert answer.status_code == 422
    assert answer.get_json()["field"] == "offers"


def test_security_huge_csv_upload_is_refused_whole(client: FlaskClient, db_session: Session) -> None:
    world = make_world(db_session)
    before = _snapshot(db_session, world)
    row = "R{n},Name {n},Offers offers offers offers offers offers offers offers,Seeks\n"
    huge = ("id,name,offers,seeks\n" + "".join(row.format(n=n) for n in range(150_000))).encode()

    answer = client.post(
        f"{BASE}/import", headers=world.organiser() | {"Content-Type": "text/csv"}, data=huge
    )

    assert len(huge) > 8 * 1024 * 1024
    assert answer.status_code == 413
    assert answer.get_json()["code"] == "request_entity_too_large"
    assert _snapshot(db_session, world) == before


def test_security_csv_that_is_not_utf8_is_refused(client: FlaskClient, db_session: Session) -> None:
    world = make_world(db_session)

    answer = client.post(
        f"{BASE}/import",
        headers=world.organiser() | {"Content-Type": "text/csv"},
        data="id,name,offers,seeks\nP1,Łukasz,Kubki,\n".encode("cp1250"),
    )

    assert answer.status_code == 422
    assert "UTF-8" in answer.get_json()["details"][0]["message"]
    assert _snapshot(db_session, world)[-1][1] != "Łukasz"


def test_security_markup_in_every_text_field_is_shown_inert(client: FlaskClient, db_session: Session) -> None:
    world = make_world(db_session)
    fields = {
        "name": SCRIPT,
        "company": SCRIPT,
        "job_title": SCRIPT,
        "sector": SCRIPT,
        "offers": SCRIPT,
        "seeks": SCRIPT,
        "interests": [SCRIPT[:60]],
    }
    hostile = client.post(BASE, headers=world.organiser(), json={"id": "H1", **fields}).get_json()
    viewer = world.people[0]
    db_session.add(
        Recommendation(
            attendee_id=viewer.id, candidate_id=hostile["id"], rank=99, score=0.9, reasons=[SCRIPT]
        )
    )
    db_session.add(
        Meeting.between(
            viewer.id,
            hostile["id"],
            event_id=world.event.id,
            slot_id=world.event.slots[0].id,
            table_id=world.event.tables[0].id,
        )
    )
    db_session.commit()
    token = world.tokens[viewer.id]
    sign_in(client, "a@example.test")

    pages = {
        path: client.get(path).get_data(as_text=True)
        for path in (
            f"/me/{token}",
            f"/me/{token}/agenda",
            "/organiser/events/fair-a/attendees",
            "/organiser/events/fair-a/meetings",
        )
    }

    assert client.get(f"{BASE}/{hostile['id']}", headers=world.organiser()).get_json()["name"] == SCRIPT
    for path, html in pages.items():
        assert "<script>alert" not in html, path
        assert "<img src=x" not in html, path
    assert any("&lt;script&gt;alert" in html for html in pages.values())


def test_security_hostile_registration_form_leaves_no_attendee(
    client: FlaskClient, db_session: Session
) -> None:
    world = make_world(db_session)
    client.application.config["WTF_CSRF_ENABLED"] = False
    before = db_session.scalar(select(func.count()).select_from(Attendee))

    answers = [
        client.post("/e/fair-a/register", data=data).status_code
        for data in (
            {"name": "N" * 5000, "email": "n@example.test", "offers": "x", "consent": "y"},
            {"name": "Nul\x00", "email": "not-an-address", "offers": "x"},
            {"name": SCRIPT, "email": "x" * 300 + "@example.test", "offers": "x"},
        )
    ]
    raw = client.post(
        "/e/fair-a/register",
        data=b"name=%FF%FE&email=%C3%28",
        content_type="application/x-www-form-urlencoded",
    ).status_code

    assert all(400 <= status < 500 for status in [*answers, raw]), (answers, raw)
    assert db_session.scalar(select(func.count()).select_from(Attendee)) == before
    assert world.event.slug == "fair-a"


# The hostile cases that reached a 500 on PostgreSQL (issue 14, item 9), one per way in. Each must get
# a clear 4xx (or, for a form checked by its shape, the page again with the problem beside the field)
# and leave the data as it was.
NUL = "Hall\x00A"


def _everything(session: Session) -> list[tuple[object, ...]]:
    """What the hostile requests must not change: events, their grid, attendees, kiosks, keys."""
    from matchmaker.db.models import ApiKey, Event, KioskToken, MeetingRequest, Slot, VenueTable

    session.expire_all()
    rows: list[tuple[object, ...]] = []
    for model, columns in (
        (Event, (Event.slug, Event.name, Event.venue, Event.timezone, Event.languages)),
        (Slot, (Slot.code, Slot.start)),
        (VenueTable, (VenueTable.name, VenueTable.zone)),
        (Attendee, (Attendee.name, Attendee.company, Attendee.email)),
        (KioskToken, (KioskToken.label,)),
        (ApiKey, (ApiKey.label,)),
        (MeetingRequest, (MeetingRequest.message,)),
    ):
        rows.extend(sorted((tuple(row) for row in session.execute(select(*columns))), key=repr))
        rows.append((model.__name__,))
    return rows


def _signed_in(client: FlaskClient, session: Session) -> ApiWorld:
    world = make_world(session)
    client.application.config["WTF_CSRF_ENABLED"] = False
    sign_in(client, "a@example.test")
    return world


SETUP = "/organiser/events/fair-a/setup"
DETAILS = {
    "name": "Fair A",
    "venue": "Hall",
    "timezone": "Europe/Warsaw",
    "start_date": "2027-05-18",
    "end_date": "2027-05-18",
    "languages": "en",
}
HOSTILE_FORMS = [
    ("set-up details", f"{SETUP}/details", DETAILS | {"venue": NUL}, "venue"),
    ("set-up description", f"{SETUP}/details", DETAILS | {"description": NUL}, "description"),
    ("table names", f"{SETUP}/tables", {"count": "3", "naming": "T\x00{n}", "zones": ""}, "naming"),
    ("table zones", f"{SETUP}/tables", {"count": "3", "naming": "T{n}", "zones": "H\x00: 1-2"}, "zones"),
    (
        "slot plan",
        f"{SETUP}/slots",
        {"day_start": "09:00", "day_end": "1\x007:00", "meeting_minutes": "20"},
        "day_end",
    ),
    ("kiosk label", "/organiser/events/fair-a/kiosks", {"label": NUL}, "label"),
    ("API-key label", "/organiser/api-keys/", {"label": NUL}, "label"),
    ("API-key label over 80 characters", "/organiser/api-keys/", {"label": "L" * 81}, "label"),
    ("new event", "/organiser/events/new", DETAILS | {"name": NUL}, "name"),
    ("new event name over 200 characters", "/organiser/events/new", DETAILS | {"name": "N" * 201}, "name"),
    ("new event in language xx", "/organiser/events/new", DETAILS | {"languages": "xx"}, "languages"),
    ("organiser edit", "/organiser/events/fair-a/attendees/{person}", {"name": NUL, "offers": "x"}, "name"),
]


@pytest.mark.parametrize(("case", "path", "data", "field"), HOSTILE_FORMS, ids=[c[0] for c in HOSTILE_FORMS])
def test_security_hostile_organiser_form_is_shown_again_with_the_problem_beside_the_field(
    client: FlaskClient, db_session: Session, case: str, path: str, data: dict[str, str], field: str
) -> None:
    world = _signed_in(client, db_session)
    before = _everything(db_session)

    answer = client.post(path.format(person=world.people[0].id), data=data)

    html = answer.get_data(as_text=True)
    assert answer.status_code == 400, case
    assert f'id="{field}-error"' in html
    assert f'aria-describedby="{field}-error"' in html or f'{field}-hint {field}-error"' in html
    assert _everything(db_session) == before


@pytest.mark.parametrize(
    ("case", "method", "path", "data"),
    [
        ("organiser search", "get", "/organiser/events/fair-a/attendees?q=Ann%00a", None),
        ("check-in search", "get", "/organiser/events/fair-a/checkin?q=Ann%00a", None),
        ("sign-in form", "post", "/organiser/login", {"email": "a@example.test\x00", "password": "x"}),
    ],
)
def test_security_nul_in_a_field_or_query_is_refused_with_a_page_and_changes_nothing(
    client: FlaskClient, db_session: Session, case: str, method: str, path: str, data: dict[str, str] | None
) -> None:
    _signed_in(client, db_session)
    before = _everything(db_session)

    answer = getattr(client, method)(path, data=data)

    assert answer.status_code == 400, case
    assert "NUL" in answer.get_data(as_text=True)
    assert _everything(db_session) == before


def test_security_nul_in_kiosk_find_finds_nobody(client: FlaskClient, db_session: Session) -> None:
    """An answer the board shows as "nobody found" (a refusal read as "offline" before)."""
    world = make_world(db_session)

    answer = client.get(f"/kiosk/fair-a/{world.kiosk}/find?q=Ann%00a")

    assert (answer.status_code, answer.get_json()) == (200, {"query": "", "results": []})


def test_security_nul_in_an_api_query_names_the_parameter(client: FlaskClient, db_session: Session) -> None:
    world = make_world(db_session)

    answer = client.get("/api/v1/events/fair-a/attendees?q=Ann%00a", headers=world.organiser())

    assert (answer.status_code, answer.get_json()["field"]) == (422, "q")


@pytest.mark.parametrize(
    "path",
    [
        "/e/fa%00ir/register",
        "/organiser/events/fa%00ir",
        "/me/ab%00c",
        "/kiosk/fa%00ir/x",
        "/api/v1/events/fa%00ir",
    ],
)
def test_security_nul_in_a_url_path_names_no_page(
    client: FlaskClient, db_session: Session, path: str
) -> None:
    _signed_in(client, db_session)

    answer = client.get(path)

    assert answer.status_code == 404


def test_security_nul_in_a_csv_import_is_reported_by_line_and_column(
    client: FlaskClient, db_session: Session
) -> None:
    _signed_in(client, db_session)
    before = _everything(db_session)
    text = "id,name,company,offers,seeks\nP1,Anna,Eko\x00Kubek,cups,coffee\n"

    dry = client.post("/organiser/events/fair-a/attendees/import", data={"csv_text": text})
    real = client.post(
        "/organiser/events/fair-a/attendees/import",
        data={"file": (io.BytesIO(text.encode()), "a.csv"), "action": "import"},
    )

    assert dry.status_code == 200
    row = "<td>2</td><td>company</td><td>This text contains a character that can"
    assert row in dry.get_data(as_text=True)
    assert real.status_code == 400
    assert _everything(db_session) == before


def test_security_nul_in_a_request_message_is_refused(client: FlaskClient, db_session: Session) -> None:
    world = make_world(db_session)
    client.application.config["WTF_CSRF_ENABLED"] = False
    token, other = world.tokens[world.people[0].id], world.people[1].id
    before = _everything(db_session)

    page = client.post(
        f"/me/{token}/people/{other}/request", data={"message": "Hi\x00"}, follow_redirects=True
    )
    api = client.post(
        "/api/v1/me/requests", headers=world.attendee(0), json={"to_attendee_id": other, "message": "Hi\x00"}
    )

    assert page.status_code == 200 and "retype" in page.get_data(as_text=True)
    assert api.status_code == 422
    assert _everything(db_session) == before


def test_security_event_name_over_200_characters_is_refused_by_the_api(
    client: FlaskClient, db_session: Session
) -> None:
    world = make_world(db_session)
    before = _everything(db_session)

    answer = client.post(
        "/api/v1/events",
        headers=world.organiser(),
        json={"name": "N" * 201, "timezone": "Europe/Warsaw", "start_date": "2027-05-18"},
    )

    assert (answer.status_code, answer.get_json()["field"]) == (422, "name")
    assert _everything(db_session) == before


@pytest.mark.parametrize("target", ["/organiser/\r\nSet-Cookie: x=1", "/organiser\n", "/organiser/\rX"])
def test_security_line_breaks_in_next_never_reach_the_location_header(
    client: FlaskClient, db_session: Session, target: str
) -> None:
    make_world(db_session)
    client.application.config["WTF_CSRF_ENABLED"] = False

    page = client.get("/organiser/login", query_string={"next": target})
    answer = client.post(
        "/organiser/login",
        data={"email": "a@example.test", "password": "correct horse battery", "next": target},
    )

    assert page.status_code == 200
    assert answer.status_code == 302
    assert "\n" not in answer.headers["Location"] and "\r" not in answer.headers["Location"]
    assert answer.headers["Location"].endswith("/organiser/")


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("post", BASE),
        ("post", "/api/v1/events"),
        ("put", "/api/v1/events/fair-a/tables"),
        ("post", "/api/v1/me/requests"),
    ],
)
def test_security_a_5000_digit_json_integer_is_refused(
    client: FlaskClient, db_session: Session, method: str, path: str
) -> None:
    world = make_world(db_session)
    headers = world.attendee(0) if path.startswith("/api/v1/me") else world.organiser()
    body = b'{"id": "Z", "name": "N", "offers": "x", "count": ' + b"7" * 5000 + b"}"

    answer = getattr(client, method)(path, headers=headers | {"Content-Type": "application/json"}, data=body)

    assert (answer.status_code, answer.get_json()["code"]) == (422, "invalid")


# One past what an INTEGER column holds ("integer out of range" on PostgreSQL), and one past 64 bits
# (SQLite's limit). {big} in a case is replaced by each.
TOO_BIG = ("2147483648", "99999999999999999999")


@pytest.mark.parametrize("big", TOO_BIG)
@pytest.mark.parametrize(
    ("method", "path", "data", "status"),
    [
        ("get", "/organiser/events/fair-a/meetings/{big}", None, 404),
        ("get", "/organiser/events/fair-a/attendees/{big}", None, 404),
        ("get", "/organiser/events/fair-a/mail/{big}", None, 404),
        ("get", "/organiser/events/fair-a/schedule/runs/{big}", None, 404),
        ("get", "/organiser/events/fair-a/data-jobs/{big}", None, 404),
        ("get", "/me/some-link/meetings/{big}/feedback", None, 404),
        ("get", "/organiser/events/fair-a/meetings?slot={big}&attendee={big}", None, 200),
        ("get", "/organiser/events/fair-a/meetings?page={big}", None, 200),
        ("get", "/organiser/events/fair-a/attendees?page={big}", None, 200),
        ("get", "/organiser/events/fair-a/mail?page={big}", None, 200),
        ("get", "/organiser/events/fair-a/schedule/compare?run={big}", None, 200),
        ("post", "/organiser/events/fair-a/meetings/cancel", {"meeting_id": "{big}"}, 404),
        ("post", "/organiser/events/fair-a/meetings/add", {"first_id": "{big}", "second_id": "1"}, 409),
        ("post", "/organiser/events/fair-a/checkin", {"attendee_id": "{big}"}, 404),
        ("post", "/organiser/events/fair-a/invitations", {"attendee_id": "{big}"}, 302),
    ],
)
def test_security_an_id_too_large_for_the_database_names_nothing_and_changes_nothing(
    client: FlaskClient,
    db_session: Session,
    method: str,
    path: str,
    data: dict[str, str] | None,
    status: int,
    big: str,
) -> None:
    _signed_in(client, db_session)
    before = _everything(db_session)

    form = {name: value.format(big=big) for name, value in (data or {}).items()}
    answer = getattr(client, method)(path.format(big=big), data=form or None)

    assert answer.status_code == status
    assert _everything(db_session) == before
