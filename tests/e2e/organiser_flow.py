"""What the organiser and kiosk browser tests share: data to start from and signing in."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from playwright.sync_api import Page
from sqlalchemy.orm import Session

from matchmaker.db.models import Event, Slot, VenueTable
from tests.organiser_data import PASSWORD


def sign_in(page: Page, base_url: str, email: str = "org@example.test") -> None:
    page.goto(base_url + "/organiser/login")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(base_url + "/organiser/")


def event_running_now(session: Session, *, tables: int = 3) -> Event:
    """An event whose second round is running right now (rounds of 20 minutes, one every 20 minutes)."""
    now = datetime.now(UTC).replace(second=0, microsecond=0)
    first = now - timedelta(minutes=25)
    event = Event(
        slug="live-fair",
        name="Live Fair",
        venue="Hall 1",
        timezone="UTC",
        start_date=date.today(),
        end_date=date.today() + timedelta(days=1),
        slots=[
            Slot(
                code=f"d1-{i + 1:02d}",
                start=first + timedelta(minutes=20 * i),
                end=first + timedelta(minutes=20 * (i + 1)),
            )
            for i in range(4)
        ],
        tables=[VenueTable(name=f"Table {i + 1}", position=i) for i in range(tables)],
    )
    session.add(event)
    session.flush()
    return event
