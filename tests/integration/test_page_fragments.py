"""The pieces every page shares are rendered once per language and kept (web/fragments.py): each
page still shows its visitor's own links, its language and where it is mounted."""

from __future__ import annotations

import re

from flask import Flask
from sqlalchemy.orm import Session

from tests.integration.attendee_support import attendee_with_link, event_with_interests


def _tab_links(html: str) -> list[str]:
    nav = re.search(r'<nav class="tabs".*?</nav>', html, re.S)
    assert nav is not None
    return re.findall(r'href="([^"]+)"', nav.group(0))


def _tabs_of(page: str) -> list[str]:
    return [page, *(f"{page}/{tab}" for tab in ("requests", "agenda", "connections", "profile", "data"))]


def test_each_attendee_gets_tabs_with_their_own_link(app: Flask, db_session: Session) -> None:
    event = event_with_interests(db_session)
    _, anna_page = attendee_with_link(db_session, event)
    _, boris_page = attendee_with_link(db_session, event)
    db_session.commit()
    client = app.test_client()

    anna_html = client.get(anna_page + "/agenda").get_data(as_text=True)
    boris_html = client.get(boris_page + "/agenda").get_data(as_text=True)

    assert _tab_links(anna_html) == _tabs_of(anna_page)
    assert _tab_links(boris_html) == _tabs_of(boris_page)
    assert anna_page not in boris_html
    assert f'<a href="{boris_page}/agenda" aria-current="page">' in boris_html


def test_the_current_tab_follows_the_page(app: Flask, db_session: Session) -> None:
    event = event_with_interests(db_session)
    _, page = attendee_with_link(db_session, event)
    db_session.commit()
    client = app.test_client()

    client.get(page + "/agenda")
    html = client.get(page + "/requests").get_data(as_text=True)

    assert f'<a href="{page}/requests" aria-current="page">' in html
    assert f'<a href="{page}/agenda" >' in html


def test_header_and_footer_follow_the_language(app: Flask, db_session: Session) -> None:
    client = app.test_client()

    english = client.get("/?lang=en").get_data(as_text=True)
    polish = client.get("/?lang=pl").get_data(as_text=True)
    english_again = client.get("/?lang=en").get_data(as_text=True)

    assert 'lang="en" aria-current="true">English' in english
    assert 'lang="pl" aria-current="true">Polski' in polish
    assert "Przejdź do treści" in polish and "Skip to content" not in polish
    assert english_again == english


def test_links_follow_the_mount_point(app: Flask, db_session: Session) -> None:
    event = event_with_interests(db_session)
    _, page = attendee_with_link(db_session, event)
    db_session.commit()
    client = app.test_client()

    client.get(page + "/agenda")  # the same pieces, first at the root
    html = client.get(page + "/agenda", environ_overrides={"SCRIPT_NAME": "/fair"}).get_data(as_text=True)

    assert 'href="/fair/static/css/app.css"' in html
    assert 'class="brand" href="/fair/"' in html
    assert _tab_links(html)[0] == "/fair" + page
