"""A signed-in organiser's browser, for integration tests: forms are posted with their CSRF token."""

from __future__ import annotations

import re

from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from tests.organiser_data import PASSWORD

_TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


def csrf_token(client: FlaskClient, page: str) -> str:
    html = client.get(page).get_data(as_text=True)
    match = _TOKEN.search(html)
    assert match is not None, f"no CSRF token on {page}"
    return match.group(1)


def post_form(client: FlaskClient, page: str, action: str, data: dict[str, object]) -> TestResponse:
    """Open ``page`` (as a person would), then submit a form to ``action`` with the page's CSRF token."""
    return client.post(action, data={"csrf_token": csrf_token(client, page), **data})


def sign_in(client: FlaskClient, email: str = "org@example.test", password: str = PASSWORD) -> TestResponse:
    return post_form(client, "/organiser/login", "/organiser/login", {"email": email, "password": password})
