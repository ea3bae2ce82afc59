"""A real server and a real headless browser (Debian's chromium, driven by Playwright)."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from playwright.sync_api import Browser, Page, Playwright, sync_playwright
from werkzeug.serving import BaseWSGIServer, make_server

CHROMIUM = "/usr/bin/chromium"
# Without these, chromium tries Google's services at start and waits on this offline machine.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PHONE = {"width": 390, "height": 844}


@dataclass
class LiveServer:
    """The app served over real HTTP on a free loopback port, in a thread; stoppable mid-test."""

    app: Flask
    server: BaseWSGIServer | None = None
    thread: threading.Thread | None = None
    port: int = 0
    # Requests being answered: werkzeug's request threads are daemons that nobody joins, so one still
    # running at the test's end would keep its database connection past the engine's disposal, and the
    # connection would reach the garbage collector (a ResourceWarning failing a later test).
    busy: threading.Condition = field(default_factory=threading.Condition)
    in_flight: int = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        self.server = make_server(
            "127.0.0.1", self.port, self._counted(_closing_responses(self.app)), threaded=True
        )
        self.port = self.server.server_port
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def stop(self) -> None:
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()
            self.server = None
        with self.busy:  # idle keep-alive threads hold no connection: only answers are waited for
            self.busy.wait_for(lambda: self.in_flight == 0, timeout=15)

    def _counted(self, wsgi: Callable[[dict[str, Any], Any], Iterable[bytes]]) -> Any:
        def counted(environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
            with self.busy:
                self.in_flight += 1
            try:
                return wsgi(environ, start_response)
            finally:
                with self.busy:
                    self.in_flight -= 1
                    self.busy.notify_all()

        return counted


def _closing_responses(app: Flask) -> Callable[[dict[str, Any], Any], Iterable[bytes]]:
    """The app with each response read whole and closed before it is sent.

    Werkzeug's development server does not close a response whose client hung up mid-send (a page the
    browser left while a static file was on its way): the open file reaches the garbage collector as
    a ResourceWarning, which this suite turns into a failure of whichever test runs then. gunicorn
    closes such responses; here the test server is made to behave the same way.
    """

    def wsgi(environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
        response = app(environ, start_response)
        try:
            return [b"".join(response)]
        finally:
            close = getattr(response, "close", None)
            if close is not None:
                close()

    return wsgi


@pytest.fixture
def live_server(app: Flask) -> Iterator[LiveServer]:
    server = LiveServer(app)
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def playwright_instance() -> Iterator[Playwright]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs Debian's chromium package")
    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def browser(playwright_instance: Playwright) -> Iterator[Browser]:
    browser = playwright_instance.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
    yield browser
    browser.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport=PHONE, locale="en-GB")
    page = context.new_page()
    yield page
    context.close()
