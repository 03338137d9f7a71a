"""The web UI in real headless Chromium against the server on loopback."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn
from playwright.sync_api import Page, sync_playwright

from sanctionwatch.api.app import create_app
from sanctionwatch.api.settings import ApiSettings
from tests.report.test_browser import ARGS, CHROMIUM


@pytest.fixture(scope="module")
def server(api_db: Path) -> Iterator[str]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    app = create_app(api_db, ApiSettings(rate_limit=0))
    instance = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=instance.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not instance.started:
        assert time.monotonic() < deadline, "the server did not start"
        time.sleep(0.1)
    yield f"http://127.0.0.1:{port}"
    instance.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def page(server: str) -> Iterator[Page]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser.new_page(viewport={"width": 1280, "height": 900})
        browser.close()


def test_screening_form_shows_matches_with_explanations(page: Page, server: str) -> None:
    page.goto(f"{server}/")
    page.fill("#name", "김정은")
    page.select_option("#type", "person")
    page.click("#screen-button")
    page.wait_for_selector(".match")
    first = page.locator(".match").first
    assert "KIM, Jong Un" in first.locator(".match-name").inner_text()
    assert "OFAC-20157" in first.inner_text()
    assert "same words after normalisation (query kim jong un" in first.locator(".explanation").inner_text()
    page.fill("#name", "Kim Jong Il")
    page.click("#screen-button")
    page.wait_for_selector("#no-match")
    page.fill("#name", "")
    page.fill("#imo", "IMO 1234568")
    page.click("#screen-button")
    assert "check digit" in page.locator("#error").inner_text()


def test_incidents_page_has_cards_map_and_timeline(page: Page, server: str) -> None:
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{server}/ui/incidents")
    page.wait_for_function("window.sanctionwatchMap !== undefined")
    assert page.locator("article.card").count() >= 5
    assert "Arms from North Korea to Russia" in page.locator("#INC-001").inner_text()
    assert page.locator("#map path.leaflet-interactive").count() > 20
    assert page.locator("#timeline svg .incident-bar").count() == page.locator("article.card").count()
    assert errors == []


def test_claims_browser_quotes_sentences_and_filters(page: Page, server: str) -> None:
    page.goto(f"{server}/ui/claims")
    quotes = page.locator(".claim blockquote")
    assert quotes.count() >= 15
    assert any("Angara" in text for text in quotes.all_inner_texts())
    page.select_option("#category", "workers")
    page.click("button[type=submit]")
    page.wait_for_load_state()
    categories = page.locator(".claim .meta b").all_inner_texts()
    assert categories and set(categories) == {"workers"}
