from __future__ import annotations

import re

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from matchmaker.db.models import Attendee, Recommendation, RecommendationDismissal
from tests.integration.attendee_support import (
    attendee_with_link,
    choose_language,
    csrf_client,
    event_with_interests,
    link_in,
    mails_to,
    path_of,
    registration_form,
    wait_for_jobs,
)


def test_wrong_link_gets_a_friendly_page_offering_a_new_link(client: FlaskClient) -> None:
    response = client.get("/me/not-a-real-token/agenda")

    page = response.get_data(as_text=True)
    assert response.status_code == 404
    assert "This link doesn't work" in page
    assert 'name="email"' in page
    assert "Traceback" not in page


def test_lost_link_mails_the_link_without_revealing_who_is_registered(
    app: Flask, db_session: Session
) -> None:
    event = event_with_interests(db_session)
    _, old_page = attendee_with_link(db_session, event, email="anna@fair.test")
    db_session.commit()
    client = csrf_client(app)

    known = client.post("/lost-link", data={"email": "ANNA@fair.test"}).get_data(as_text=True)
    unknown = client.post("/lost-link", data={"email": "nobody@fair.test"}).get_data(as_text=True)

    assert "its personal link is on its way" in known
    assert "its personal link is on its way" in unknown
    [mail] = mails_to(db_session, "anna@fair.test")
    assert path_of(link_in(mail)) == old_page  # the same link: what she saved keeps working
    assert client.get(old_page).status_code == 200


def test_lost_link_is_rate_limited_per_address(app: Flask, db_session: Session) -> None:
    event = event_with_interests(db_session)
    attendee_with_link(db_session, event, email="anna@fair.test")
    db_session.commit()
    client = csrf_client(app)

    statuses = [client.post("/lost-link", data={"email": "anna@fair.test"}).status_code for _ in range(4)]

    assert statuses == [200, 200, 200, 429]
    assert len(mails_to(db_session, "anna@fair.test")) == 3


def test_lost_link_is_rate_limited_per_client(app: Flask) -> None:
    client = csrf_client(app)

    statuses = [client.post("/lost-link", data={"email": f"p{i}@fair.test"}).status_code for i in range(11)]

    assert statuses[:10] == [200] * 10
    assert statuses[10] == 429
    assert "Too many tries" in client.post("/lost-link", data={"email": "x@fair.test"}).get_data(as_text=True)


def test_recommendations_are_computed_after_registration(app: Flask, db_session: Session) -> None:
    event = event_with_interests(db_session)
    attendee_with_link(
        db_session,
        event,
        name="Boris Roaster",
        company="Roastery",
        offers="We roast specialty coffee for cafés",
        seeks="Compostable cups and packaging for our coffee shops",
    )
    db_session.commit()
    client = csrf_client(app)

    client.post(f"/e/{event.slug}/register", data=registration_form(event))
    wait_for_jobs(app)
    [mail] = mails_to(db_session, "anna@example.test")
    page = client.get(path_of(link_in(mail))).get_data(as_text=True)

    assert "Boris Roaster" in page
    assert "Request a meeting" in page
    assert "Not interested" in page


def test_not_interested_hides_the_person(app: Flask, db_session: Session) -> None:
    event = event_with_interests(db_session)
    anna, anna_page = attendee_with_link(db_session, event)
    boris, _ = attendee_with_link(db_session, event, name="Boris Hidden")
    db_session.add(
        Recommendation(
            attendee_id=anna.id,
            candidate_id=boris.id,
            rank=1,
            score=0.9,
            reasons=[{"kind": "they_offer", "yours": ["coffee"], "theirs": ["coffee"], "codes": []}],
        )
    )
    db_session.commit()
    client = csrf_client(app)
    assert "Boris Hidden" in client.get(anna_page).get_data(as_text=True)

    client.post(f"{anna_page}/people/{boris.id}/dismiss")

    assert "Boris Hidden" not in client.get(anna_page).get_data(as_text=True)
    assert db_session.scalars(select(RecommendationDismissal)).one().candidate_id == boris.id


def test_score_is_shown_as_a_level_and_reasons_in_the_chosen_language(
    app: Flask, db_session: Session
) -> None:
    event = event_with_interests(db_session)
    anna, anna_page = attendee_with_link(db_session, event)
    boris, _ = attendee_with_link(db_session, event)
    db_session.add(
        Recommendation(
            attendee_id=anna.id,
            candidate_id=boris.id,
            rank=1,
            score=0.82,
            reasons=[{"kind": "shared_interests", "yours": [], "theirs": [], "codes": ["packaging"]}],
        )
    )
    db_session.commit()
    client = csrf_client(app)

    english = client.get(f"{anna_page}?lang=en").get_data(as_text=True)
    polish = client.get(f"{anna_page}?lang=pl").get_data(as_text=True)

    assert "Strong match" in english
    assert "0.82" not in english
    assert "You both work on Packaging" in english
    assert "Oboje zajmujecie się: Opakowania" in polish


def test_profile_edit_saves_changes_and_refreshes_recommendations(app: Flask, db_session: Session) -> None:
    event = event_with_interests(db_session)
    anna, anna_page = attendee_with_link(db_session, event, email="anna@example.test")
    db_session.commit()
    client = csrf_client(app)
    form = registration_form(event, name="Anna Nowak", offers="Paper straws", available_slots=[])

    response = client.post(f"{anna_page}/profile", data=form, follow_redirects=True)
    wait_for_jobs(app)

    assert "Profile saved" in response.get_data(as_text=True)
    db_session.expire_all()
    saved = db_session.get(Attendee, anna.id)
    assert saved is not None
    assert (saved.name, saved.offers) == ("Anna Nowak", "Paper straws")
    assert len(saved.unavailable_slots) == len(event.slots)
    page = client.get(f"{anna_page}/profile").get_data(as_text=True)
    assert 'value="Anna Nowak"' in page


def test_profile_email_taken_by_someone_else_is_refused(app: Flask, db_session: Session) -> None:
    event = event_with_interests(db_session)
    _, anna_page = attendee_with_link(db_session, event, email="anna@example.test")
    attendee_with_link(db_session, event, email="boris@example.test")
    db_session.commit()

    response = csrf_client(app).post(
        f"{anna_page}/profile", data=registration_form(event, email="boris@example.test")
    )

    assert response.status_code == 422
    assert "already uses this e-mail" in response.get_data(as_text=True)


def test_profile_of_an_imported_attendee_keeps_languages_outside_the_usual_list(
    app: Flask, db_session: Session
) -> None:
    event = event_with_interests(db_session)
    elina, elina_page = attendee_with_link(
        db_session, event, email="elina@example.test", languages=["fi", "en"], interests=["packaging", "esg"]
    )
    db_session.commit()
    client = csrf_client(app)

    page = client.get(f"{elina_page}/profile?lang=en").get_data(as_text=True)
    form = registration_form(
        event, email="elina@example.test", languages=["fi", "en"], interests=["packaging"], free_tags="esg"
    )
    response = client.post(f"{elina_page}/profile", data=form, follow_redirects=True)
    wait_for_jobs(app)

    assert re.search(r'<input checked[^>]*name="languages"[^>]*value="fi"', page)
    assert "Finnish" in page
    assert 'value="esg"' in page
    assert "Profile saved" in response.get_data(as_text=True)
    db_session.expire_all()
    saved = db_session.get(Attendee, elina.id)
    assert saved is not None
    assert sorted(saved.languages) == ["en", "fi"]
    assert saved.interests == ["packaging", "esg"]


def test_saving_the_profile_twice_keeps_dont_match_entries(app: Flask, db_session: Session) -> None:
    from matchmaker.db.models import Exclusion

    event = event_with_interests(db_session)
    _, anna_page = attendee_with_link(db_session, event, email="anna@example.test")
    boris, _ = attendee_with_link(db_session, event, email="boris@example.test")
    db_session.commit()
    client = csrf_client(app)
    form = registration_form(event, dont_match="Rival Cups Ltd\nBORIS@example.test")

    first = client.post(f"{anna_page}/profile", data=form)
    second = client.post(f"{anna_page}/profile", data=form)
    wait_for_jobs(app)

    assert (first.status_code, second.status_code) == (302, 302)
    rows = db_session.scalars(select(Exclusion)).all()
    assert sorted((r.excluded_company or "", r.excluded_attendee_id or 0) for r in rows) == [
        ("", boris.id),
        ("Rival Cups Ltd", 0),
    ]
    page = client.get(f"{anna_page}/profile").get_data(as_text=True)
    assert "Rival Cups Ltd\nboris@example.test" in page


def test_mails_follow_the_language_the_attendee_switched_to(app: Flask, db_session: Session) -> None:
    event = event_with_interests(db_session)
    anna, anna_page = attendee_with_link(
        db_session, event, name="Anna", email="anna@example.test", company="EcoCup"
    )
    boris, boris_page = attendee_with_link(db_session, event, name="Boris", email="boris@example.test")
    db_session.commit()
    client = csrf_client(app)

    choose_language(client, boris_page, "ru")
    client.post(f"{anna_page}/people/{boris.id}/request", data={"message": ""})

    [mail] = mails_to(db_session, "boris@example.test")
    assert mail.subject == f"Anna ({anna.company}) хочет с вами встретиться"
    db_session.refresh(anna)
    assert anna.locale == "en"


def test_recommended_people_are_shown_without_their_email(app: Flask, db_session: Session) -> None:
    event = event_with_interests(db_session)
    anna, anna_page = attendee_with_link(db_session, event)
    boris, _ = attendee_with_link(db_session, event, name="Boris Private", email="boris.private@example.test")
    db_session.add(
        Recommendation(
            attendee_id=anna.id,
            candidate_id=boris.id,
            rank=1,
            score=0.7,
            reasons=[{"kind": "attending", "yours": [], "theirs": [], "codes": []}],
        )
    )
    db_session.commit()

    page = csrf_client(app).get(anna_page).get_data(as_text=True)

    assert "Boris Private" in page
    assert "boris.private@example.test" not in page
