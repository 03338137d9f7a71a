"""The web UI in real headless Chromium against the server on loopback."""

from __future__ import annotations

import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
import uvicorn
from playwright.sync_api import Browser, Page

from sanctionwatch.api.app import create_app
from sanctionwatch.api.settings import ApiSettings


@pytest.fixture(scope="module")
def server(api_db: Path) -> Iterator[str]:
    """The app under uvicorn on a socket bound to a port the system picked."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    app = create_app(api_db, ApiSettings(rate_limit=0))
    instance = uvicorn.Server(uvicorn.Config(app, log_level="warning"))
    thread = threading.Thread(target=instance.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not instance.started:
        assert time.monotonic() < deadline, "the server did not start"
        time.sleep(0.1)
    yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    instance.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def page(browser: Browser) -> Iterator[Page]:
    """A page of the session's browser (``tests/conftest.py``), closed with the module."""
    opened = browser.new_page(viewport={"width": 1280, "height": 900})
    yield opened
    opened.close()


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


HOSTILE = "<img src=x onerror=window.__xss=1>"


@pytest.fixture(scope="module")
def hostile_server(bundled_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A run whose AIS has a vessel named as an attack (it loiters, so it makes an event),
    served as ``serve`` serves it."""
    from sanctionwatch.cases.run import DEMO, run
    from sanctionwatch.lists.store import Store
    from tests.maritime.factories import mc_row, write_marinecadastre

    folder = tmp_path_factory.mktemp("hostile")
    sources = folder / "sources"
    shutil.copytree(DEMO, sources)
    rows = [mc_row(445000009, 1_717_200_000 + i * 600, 39.9, 127.0, 0.1, HOSTILE, "") for i in range(40)]
    write_marinecadastre(sources / "ais" / "hostile.csv", rows)
    (sources / "articles" / "99-hostile.md").write_text(
        f"---\ntitle: {HOSTILE} title\npublisher: {HOSTILE} press\ndate: 2025-09-20\n---\n"
        f"North Korea shipped artillery shells to Russia aboard the {HOSTILE} vessel, officials said.\n",
        encoding="utf-8",
    )
    db = folder / "db.duckdb"
    shutil.copy(bundled_db, db)
    with Store(db) as store:
        run(store, sources)
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    config = uvicorn.Config(create_app(db, ApiSettings(rate_limit=0)), log_level="warning")
    instance = uvicorn.Server(config)
    thread = threading.Thread(target=instance.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 120
    while not instance.started:
        assert time.monotonic() < deadline, "the server did not start"
        time.sleep(0.1)
    yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    instance.should_exit = True
    thread.join(timeout=10)


def test_hostile_names_run_no_script(page: Page, hostile_server: str) -> None:
    """The vessel's name reaches the incidents page, its map's popups and tooltips, the screening
    form and the preview page; an article's title, publisher and sentence reach the report and the
    claims browser; no script in any of them runs anywhere."""
    violations: list[str] = []
    page.on("console", lambda message: violations.append(message.text))
    page.goto(f"{hostile_server}/ui/incidents")
    page.wait_for_function("window.sanctionwatchMap !== undefined")
    assert HOSTILE in page.content() or "&lt;img" in page.content()
    page.evaluate(
        "() => window.sanctionwatchMap.eachLayer(layer => {"
        " if (layer.openPopup && layer.getPopup && layer.getPopup()) layer.openPopup();"
        " if (layer.openTooltip && layer.getTooltip && layer.getTooltip()) layer.openTooltip(); })"
    )
    page.wait_for_timeout(500)
    assert page.evaluate("() => window.__xss") is None
    page.goto(f"{hostile_server}/ui/claims")
    page.wait_for_load_state()
    assert f"{HOSTILE} title" in page.locator("body").inner_text()  # shown as text, not markup
    assert page.evaluate("() => window.__xss") is None
    for path in (
        f"/ui/screen?name={quote(HOSTILE)}&country={quote(HOSTILE)}&imo={quote(HOSTILE[:30])}",
        f"/ui/claims?category={quote(HOSTILE[:40])}",
        f"/reconcile/default/preview?id={quote(HOSTILE)}",
    ):
        page.goto(f"{hostile_server}{path}")
        page.wait_for_load_state()
        assert page.evaluate("() => window.__xss") is None, path
    response = page.request.get(f"{hostile_server}/ui/incidents")
    assert "script-src 'self' 'sha256-" in response.headers["content-security-policy"]
