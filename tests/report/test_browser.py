"""The report in real headless Chromium (Debian's chromium, driven by Playwright)."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from PIL import Image

from tests.cases.test_run import demo_run  # noqa: F401 - the shared fixture
from tests.report.pages import open_page


@pytest.fixture(scope="module")
def page_of(browser, demo_run: Path):  # noqa: ANN001, ANN201, F811 - a Playwright page and its problems
    page, problems = open_page(browser, demo_run / "report" / "report.html")
    yield page, problems
    page.close()


def test_page_loads_offline_without_errors(page_of) -> None:  # noqa: ANN001
    page, problems = page_of
    assert problems == []
    assert page.title().startswith("sanctionwatch report")


def test_every_incident_card_appears(page_of, demo_run: Path) -> None:  # noqa: ANN001, F811
    page, _ = page_of
    incidents = json.loads((demo_run / "report" / "incidents.json").read_text())["incidents"]
    cards = page.locator("article.card")
    assert cards.count() == len(incidents)
    for incident in incidents:
        card = page.locator(f"#{incident['id']}")
        assert card.is_visible()
        assert incident["title"] in card.inner_text()
    assert page.locator("#timeline .incident-bar").count() == len(incidents)


def test_map_draws_coast_tracks_and_events(page_of) -> None:  # noqa: ANN001
    page, _ = page_of
    assert page.locator("#map path.leaflet-interactive").count() > 20
    land = page.evaluate("document.querySelectorAll('#map path').length")
    assert land > 30


def test_map_screenshot_is_not_blank(page_of) -> None:  # noqa: ANN001
    page, _ = page_of
    image = Image.open(io.BytesIO(page.locator("#map").screenshot())).convert("RGB")
    colours = image.getcolors(maxcolors=1_000_000) or []
    assert len(colours) > 50  # sea, land, tracks, markers: a blank map has one or two
    sea = max(colours)[0] / (image.width * image.height)
    assert sea < 0.9
