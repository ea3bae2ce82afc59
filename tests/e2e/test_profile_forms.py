"""The forms where profiles and events come in, in a real browser and in each language: problems are
shown beside their fields all at once, in the page's language, and what was typed stays; avoids can be
entered and is saved."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select
from sqlalchemy.orm import Session

from matchmaker.db.models import Attendee, Event
from matchmaker.shapes.attendee import NAME_LENGTH
from tests.e2e.conftest import LiveServer
from tests.e2e.organiser_flow import sign_in
from tests.factories import make_attendee
from tests.integration.attendee_support import event_with_interests
from tests.organiser_data import make_organiser

pytestmark = pytest.mark.e2e

# The words each language uses on these forms (from the committed catalogues).
WORDS = {
    "en": {
        "avoids": "What I don't want to be offered",
        "email": "This doesn't look like an e-mail address",
        "required": "Please fill this in.",
        "too long": f"Please keep this to {NAME_LENGTH} characters.",
        "register": "Register and get my link",
        "edit avoids": "Does not want to be offered",
        "zone": "Please choose a time zone from the list.",
        "languages": "Please choose at least one language.",
        "save": "Save",
        "create": "Create event",
    },
    "pl": {
        "avoids": "Czego nie chcę, by mi oferowano",
        "email": "To nie wygląda na adres e-mail",
        "required": "Wypełnij to pole.",
        "too long": f"Zmieść się w {NAME_LENGTH} znakach.",
        "register": "Zarejestruj mnie i wyślij link",
        "edit avoids": "Nie chce, by mu oferowano",
        "zone": "Wybierz strefę czasową z listy.",
        "languages": "Wybierz co najmniej jeden język.",
        "save": "Zapisz",
        "create": "Utwórz wydarzenie",
    },
    "ru": {
        "avoids": "Что мне не стоит предлагать",
        "email": "Это не похоже на адрес электронной почты",
        "required": "Заполните это поле.",
        "too long": f"Не более {NAME_LENGTH} символов.",
        "register": "Зарегистрироваться и получить ссылку",
        "edit avoids": "Не хочет получать предложения",
        "zone": "Выберите часовой пояс из списка.",
        "languages": "Выберите хотя бы один язык.",
        "save": "Сохранить",
        "create": "Создать мероприятие",
    },
}
AVOIDS = "cold sales pitches; freight forwarders"


@pytest.mark.parametrize("lang", ["en", "pl", "ru"])
def test_registration_shows_every_problem_beside_its_field_keeps_the_text_and_saves_avoids(
    live_server: LiveServer, page: Page, db_session: Session, lang: str
) -> None:
    words = WORDS[lang]
    event = event_with_interests(db_session)
    db_session.commit()

    page.goto(f"{live_server.url}/e/{event.slug}/register?lang={lang}")
    page.locator("#name").fill("N" * (NAME_LENGTH + 1))
    page.locator("#email").fill("not-an-email")
    page.locator("#offers").fill("Compostable cups and lids")
    page.get_by_label(words["avoids"]).fill(AVOIDS)
    page.locator("#consent").check()
    page.get_by_role("button", name=words["register"]).click()

    expect(page.locator("#name-error")).to_have_text(words["too long"])
    expect(page.locator("#email-error")).to_contain_text(words["email"])
    expect(page.locator("#email")).to_have_value("not-an-email")
    expect(page.locator("#avoids")).to_have_value(AVOIDS)
    expect(page.locator("#offers")).to_have_value("Compostable cups and lids")

    page.locator("#name").fill("Anna Kowalska")
    page.locator("#email").fill("anna@ecocup.test")
    page.get_by_role("button", name=words["register"]).click()
    page.wait_for_url(f"**/e/{event.slug}/registered*")
    anna = db_session.scalars(select(Attendee).where(Attendee.email == "anna@ecocup.test")).one()
    assert anna.avoids == AVOIDS


@pytest.mark.parametrize("lang", ["en", "pl", "ru"])
def test_organiser_edit_shows_every_problem_at_once_in_the_organisers_language_and_keeps_what_was_typed(
    live_server: LiveServer, page: Page, db_session: Session, lang: str
) -> None:
    words = WORDS[lang]
    event = event_with_interests(db_session)
    person = make_attendee(db_session, event, name="Boris Petrov", email="boris@roastery.test")
    make_organiser(db_session, "org@example.test", event)
    db_session.commit()
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in(page, live_server.url)

    page.goto(f"{live_server.url}/organiser/events/{event.slug}/attendees/{person.id}?lang={lang}")
    page.locator("#name").fill("")
    page.locator("#email").fill("not-an-email")
    page.locator("#company").fill("Roastery Sp. z o.o.")
    page.get_by_label(words["edit avoids"]).fill(AVOIDS)
    page.get_by_role("button", name=words["save"], exact=True).click()

    expect(page.locator("#name-error")).to_have_text(words["required"])
    expect(page.locator("#email-error")).to_contain_text(words["email"])
    expect(page.locator("#email")).to_have_value("not-an-email")
    expect(page.locator("#company")).to_have_value("Roastery Sp. z o.o.")
    expect(page.locator("#avoids")).to_have_value(AVOIDS)

    page.locator("#name").fill("Boris Petrov")
    page.locator("#email").fill("boris@roastery.test")
    page.get_by_role("button", name=words["save"], exact=True).click()
    page.wait_for_url(f"**/organiser/events/{event.slug}/attendees")
    db_session.expire_all()
    assert (person.company, person.avoids) == ("Roastery Sp. z o.o.", AVOIDS)


@pytest.mark.parametrize("lang", ["en", "pl", "ru"])
def test_new_event_offers_time_zones_and_languages_as_choices_and_keeps_what_was_typed(
    live_server: LiveServer, page: Page, db_session: Session, lang: str
) -> None:
    words = WORDS[lang]
    make_organiser(db_session, "org@example.test")
    db_session.commit()
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in(page, live_server.url)

    page.goto(f"{live_server.url}/organiser/events/new?lang={lang}")
    assert page.locator("select#timezone option").count() > 300
    page.locator("#venue").fill("EXPO XXI")
    page.locator("#start_date").fill("2027-05-18")
    page.locator("#languages-group input[value=en]").uncheck()
    page.get_by_role("button", name=words["create"]).click()

    expect(page.locator("#name-error")).to_have_text(words["required"])
    expect(page.locator("#languages-error")).to_have_text(words["languages"])
    expect(page.locator("#venue")).to_have_value("EXPO XXI")
    expect(page.locator("#start_date")).to_have_value("2027-05-18")
    expect(page.locator("#timezone")).to_have_value("Europe/Warsaw")

    page.locator("#name").fill("Packaging Days")
    page.locator("#timezone").select_option("Europe/Vilnius")
    page.locator("#languages-group input[value=pl]").check()
    page.locator("#languages-group input[value=ru]").check()
    page.get_by_role("button", name=words["create"]).click()
    page.wait_for_url("**/setup")
    event = db_session.scalars(select(Event).where(Event.name == "Packaging Days")).one()
    assert (event.timezone, event.languages, event.venue) == ("Europe/Vilnius", ["pl", "ru"], "EXPO XXI")
