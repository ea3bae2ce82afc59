from __future__ import annotations

import pytest

from matchmaker.cli.serve import mask_secrets


@pytest.mark.parametrize(
    ("line", "masked"),
    [
        ("GET /me/s3cr3tT0ken HTTP/1.1", "GET /me/*** HTTP/1.1"),
        ("GET /me/s3cr3tT0ken/agenda.ics?lang=pl HTTP/1.1", "GET /me/***/agenda.ics?lang=pl HTTP/1.1"),
        (
            "http://fair.example/kiosk/expo-2027/K10skT0k/board.json",
            "http://fair.example/kiosk/expo-2027/***/board.json",
        ),
        ("GET /me/s3cr3tT0ken/sw.js HTTP/1.1", "GET /me/***/sw.js HTTP/1.1"),
        ("GET /calendar/C4lT0ken.ics HTTP/1.1", "GET /calendar/*** HTTP/1.1"),
        ("GET /api/v1/me/agenda HTTP/1.1", "GET /api/v1/me/agenda HTTP/1.1"),
        ("GET /api/v1/kiosk/expo-2027/board HTTP/1.1", "GET /api/v1/kiosk/expo-2027/board HTTP/1.1"),
        ("GET /e/expo-2027/register HTTP/1.1", "GET /e/expo-2027/register HTTP/1.1"),
    ],
)
def test_access_log_lines_never_keep_personal_or_kiosk_tokens(line: str, masked: str) -> None:
    assert mask_secrets(line) == masked
