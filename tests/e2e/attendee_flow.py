"""Steps of the attendee journey in a real browser, shared by the end-to-end tests."""

from __future__ import annotations

from playwright.sync_api import Page, expect


def fill_registration(page: Page, *, name: str, email: str, offers: str, seeks: str) -> None:
    """Fill the registration form the way a person on a phone would, and send it."""
    page.get_by_label("Full name").fill(name)
    page.get_by_label("E-mail", exact=True).fill(email)
    page.get_by_label("Company or organisation").fill("EcoCup")
    page.get_by_label("Job title").fill("Head of sales")
    page.get_by_label("Country").select_option("PL")
    page.get_by_label("Polish").check()
    page.get_by_label("What I offer").fill(offers)
    page.get_by_label("What I am looking for").fill(seeks)
    page.get_by_label("Packaging").check()
    page.get_by_label("Find clients").check()
    page.get_by_label("I agree to the privacy terms above").check()
    page.get_by_role("button", name="Register and get my link").click()


def open_tab(page: Page, name: str) -> None:
    page.get_by_role("navigation", name="Your page").get_by_role("link", name=name).click()
    expect(page.get_by_role("navigation", name="Your page").get_by_role("link", name=name)).to_have_attribute(
        "aria-current", "page"
    )
