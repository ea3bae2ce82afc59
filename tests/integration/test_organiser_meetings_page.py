"""The meetings list and a meeting's page: swap by choosing the other meeting, an unknown number said in
words on an organiser page, and a list that stays light with a full schedule."""

from __future__ import annotations

import re

from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from matchmaker.db.models import Event, Meeting
from tests.factories import make_attendee, make_event
from tests.integration.organiser_client import post_form, sign_in
from tests.organiser_data import make_organiser


def _two_meetings(db_session: Session) -> tuple[Event, Meeting, Meeting]:
    event = make_event(db_session, slots=3, tables=2)
    anna, john, eve, max_ = (
        make_attendee(db_session, event, name=n, company="") for n in ("Anna", "John", "Eve", "Max")
    )
    first = Meeting.between(
        anna.id, john.id, event_id=event.id, slot_id=event.slots[0].id, table_id=event.tables[0].id
    )
    second = Meeting.between(
        eve.id, max_.id, event_id=event.id, slot_id=event.slots[1].id, table_id=event.tables[1].id
    )
    db_session.add_all([first, second])
    make_organiser(db_session, "org@example.test", event)
    db_session.commit()
    return event, first, second


def test_swapping_is_done_by_choosing_the_other_meeting_from_a_list(
    client: FlaskClient, db_session: Session
) -> None:
    event, first, second = _two_meetings(db_session)
    sign_in(client)
    page = f"/organiser/events/{event.slug}/meetings/{first.id}?swap_slot={event.slots[1].id}"

    html = client.get(page).get_data(as_text=True)
    assert 'name="other_id"' in html and 'type="number"' not in html  # nothing to type
    picked = re.search(r'<input type="hidden" name="other_id" value="(\d+)">', html)
    assert picked is not None and picked.group(1) == str(second.id)
    assert "Swap with the meeting of Eve and Max" in html
    response = post_form(
        client,
        page,
        f"/organiser/events/{event.slug}/meetings/swap",
        {"meeting_id": first.id, "other_id": picked.group(1)},
    )

    assert response.status_code == 302
    db_session.expire_all()
    assert (first.slot_id, first.table_id) == (event.slots[1].id, event.tables[1].id)
    assert (second.slot_id, second.table_id) == (event.slots[0].id, event.tables[0].id)


def test_an_unknown_meeting_number_is_said_on_an_organiser_page_not_the_attendee_404(
    client: FlaskClient, db_session: Session
) -> None:
    event, first, _second = _two_meetings(db_session)
    sign_in(client)
    page = f"/organiser/events/{event.slug}/meetings/{first.id}"

    swapped = post_form(
        client,
        page,
        f"/organiser/events/{event.slug}/meetings/swap",
        {"meeting_id": first.id, "other_id": 987654},
    )
    opened = client.get(f"/organiser/events/{event.slug}/meetings/987654")

    for response in (swapped, opened):
        html = response.get_data(as_text=True)
        assert response.status_code == 404
        assert "meeting #987654 is not one of this event&#39;s meetings" in html
        assert 'class="org-nav"' in html  # the organiser's page, with the event's sections
    assert f'href="/organiser/events/{event.slug}/meetings/{first.id}"' in swapped.get_data(as_text=True)


def test_the_meetings_list_stays_light_with_a_full_schedule(client: FlaskClient, db_session: Session) -> None:
    # The demo fair's grid: 32 slots, 40 tables. Every row used to carry its own slot and table lists.
    event = make_event(db_session, slots=32, tables=40)
    people = [make_attendee(db_session, event) for _ in range(80)]
    for slot_index in range(3):
        for table_index in range(40):
            a, b = people[2 * table_index], people[(2 * table_index + 1 + 2 * slot_index) % 80]
            if a.id == b.id:
                continue
            db_session.add(
                Meeting.between(
                    a.id,
                    b.id,
                    event_id=event.id,
                    slot_id=event.slots[slot_index].id,
                    table_id=event.tables[table_index].id,
                )
            )
    make_organiser(db_session, "org@example.test", event)
    db_session.commit()
    sign_in(client)

    response = client.get(f"/organiser/events/{event.slug}/meetings")

    html = response.get_data(as_text=True)
    assert html.count('class="meeting"') == 100
    assert len(response.data) < 120_000, f"{len(response.data) / 1024:.0f} KiB for 100 rows"
    assert html.count("<option") < 60  # one slot filter, not lists per row


def test_a_change_goes_back_only_to_an_organiser_page_of_this_site(
    client: FlaskClient, db_session: Session
) -> None:
    event, first, _second = _two_meetings(db_session)
    sign_in(client)
    page = f"/organiser/events/{event.slug}/meetings/{first.id}"
    listing = f"/organiser/events/{event.slug}/meetings"

    def back_after_lock(back: str) -> str:
        response = post_form(
            client,
            page,
            f"/organiser/events/{event.slug}/meetings/lock",
            {"meeting_id": first.id, "back": back},
        )
        assert response.status_code == 302
        return response.headers["Location"]

    followed = back_after_lock(f"{listing}?day=2")
    refused = [
        back_after_lock(back)
        for back in (
            "//evil.example/organiser/",
            "https://evil.example/organiser/",
            "/organiser/x\rSet-Cookie: a=b",
            "/organiser/\\evil.example",
        )
    ]

    assert followed == f"{listing}?day=2"
    assert refused == [listing] * 4
