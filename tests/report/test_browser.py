"""The report in real headless Chromium (Debian's chromium, driven by Playwright)."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from PIL import Image

from tests.report.pages import open_page


@pytest.fixture(scope="module")
def page_of(browser, demo_run: Path):  # noqa: ANN001, ANN201 - a Playwright page and its problems
    page, problems = open_page(browser, demo_run / "report" / "report.html")
    yield page, problems
    page.close()


def test_page_loads_offline_without_errors(page_of) -> None:  # noqa: ANN001
    page, problems = page_of
    assert problems == []
    assert page.title().startswith("sanctionwatch report")


def test_every_incident_card_appears(page_of, demo_run: Path) -> None:  # noqa: ANN001
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


def incidents_of(demo_run: Path) -> list[dict]:
    return json.loads((demo_run / "report" / "incidents.json").read_text())["incidents"]


def test_every_quote_links_its_source(page_of, demo_run: Path) -> None:  # noqa: ANN001
    page, _ = page_of
    claims = [e for i in incidents_of(demo_run) for e in i["evidence"] if e["kind"] == "claim"]
    links = page.locator("li.claim a.source-link")
    assert links.count() == len(claims) > 0
    assert links.evaluate_all("nodes => nodes.map(n => n.href)") == [c["url"] for c in claims]
    first = page.locator("li.claim .source").first.inner_text()
    assert claims[0]["publisher"] in first and claims[0]["date"] in first


def test_vessel_cards_show_identifiers_and_listings_with_reasons(
    page_of,  # noqa: ANN001
    bundled_db: Path,
) -> None:
    from sanctionwatch.lists.store import Store

    page, _ = page_of
    store = Store(bundled_db, read_only=True)
    try:
        (angara,) = [e for e in store.entities("ref = ?", ["OFAC-37059"])]
    finally:
        store.close()
    card = page.locator('.vessel-card[data-mmsi="273357310"]').first
    text = " ".join(card.inner_text().split())
    assert "ANGARA" in text and "9179842" in text and "273357310" in text
    assert "OFAC-37059" in text and "us_ofac_sdn" in text and angara.list_date in text
    assert " ".join(angara.notes.split())[:60] in text  # the list's own reason
    pioneer = " ".join(page.locator('.vessel-card[data-mmsi="667001234"]').first.inner_text().split())
    assert "No list hit for this vessel's own identifiers" in pioneer and "OFAC" not in pioneer


def test_each_incident_with_ais_has_its_own_map(page_of, demo_run: Path) -> None:  # noqa: ANN001
    page, _ = page_of
    with_ais = [
        i["id"] for i in incidents_of(demo_run) if any(e["kind"] == "ais_event" for e in i["evidence"])
    ]
    maps = page.locator(".incident-map")
    assert maps.evaluate_all("nodes => nodes.map(n => n.dataset.incident)") == with_ais
    for number in range(maps.count()):
        drawn = maps.nth(number).locator("path.leaflet-interactive").count()
        assert drawn >= 2  # the vessels' tracks and the incident's events
        assert maps.nth(number).locator(".leaflet-control-scale").count() == 1


def test_overview_has_layers_per_kind_port_labels_and_a_scale(page_of) -> None:  # noqa: ANN001
    page, _ = page_of
    labels = [
        t.strip() for t in page.locator("#map .leaflet-control-layers-overlays label").all_inner_texts()
    ]
    assert {"AIS gaps", "encounters", "loitering", "port visits", "identity changes"} <= set(labels)
    assert page.locator("#map .leaflet-control-scale-line").count() == 1
    ports = page.locator("#map .port-label").all_inner_texts()
    assert {"Rajin", "Dunai", "Vostochny"} <= set(ports)


def test_the_time_filter_hides_what_lies_outside(page_of) -> None:  # noqa: ANN001
    page, _ = page_of

    def shown() -> int:
        return int(page.locator("#shown-events").inner_text())

    def move(slider: str, value: str) -> None:
        page.eval_on_selector(
            slider, "(node, value) => { node.value = value; node.dispatchEvent(new Event('input')); }", value
        )

    everything = shown()
    markers = page.locator("#map .leaflet-overlay-pane path").count()
    move("#time-to", "0")
    assert shown() < everything and page.locator("#map .leaflet-overlay-pane path").count() < markers
    assert page.locator("#time-label").inner_text().endswith(page.locator("#time-label").inner_text()[:10])
    move("#time-to", page.locator("#time-to").get_attribute("max"))
    assert shown() == everything


def test_markers_stand_on_their_vessels_track(demo_run: Path) -> None:
    from sanctionwatch.report.html import snap

    events = json.loads((demo_run / "report" / "events.geojson").read_text())["features"]
    tracks = {}
    from sanctionwatch.cases.run import load
    from sanctionwatch.lists.store import Store

    store = Store(demo_run / "db.duckdb", read_only=True)
    try:
        tracks = {t["mmsi"]: t["points"] for t in load(store)["tracks"]}
    finally:
        store.close()
    for feature in events:
        if feature["geometry"]["type"] != "Point":
            continue
        data = feature["properties"] | {
            "lon": feature["geometry"]["coordinates"][0],
            "lat": feature["geometry"]["coordinates"][1],
        }
        marker = snap(data, tracks)
        assert [marker[0], marker[1]] in [[p[0], p[1]] for p in tracks[data["mmsi"][0]]]


#: A4 at 96 CSS pixels to the inch, less the print stylesheet's 12 mm side margins.
A4_CONTENT_PX = round((210 - 2 * 12) / 25.4 * 96)


def test_printed_pages_cut_nothing_at_the_edge(browser, demo_run: Path, tmp_path: Path) -> None:  # noqa: ANN001
    import pypdfium2

    page, problems = open_page(browser, demo_run / "report" / "report.html", width=A4_CONTENT_PX)
    page.emulate_media(media="print")
    overflowing = page.evaluate(
        """width => Array.from(document.querySelectorAll('body *'))
            .filter(n => !n.closest('.leaflet-container') && n.getClientRects().length)
            .filter(n => n.getBoundingClientRect().right > width + 1)
            .map(n => n.tagName + '.' + n.className)""",
        A4_CONTENT_PX,
    )
    assert overflowing == []
    pdf = tmp_path / "report.pdf"
    page.pdf(path=str(pdf), format="A4", print_background=True, prefer_css_page_size=True)
    page.close()
    assert problems == []
    document = pypdfium2.PdfDocument(str(pdf))
    assert len(document) >= 3
    for number in range(len(document)):
        image = document[number].render(scale=72 / 72).to_pil().convert("L")
        width, height = image.size  # A4 in points: 595 x 842
        margin = round(8 / 25.4 * 72)  # 8 of the 12 mm margin must stay blank on every side
        for box in ((0, 0, margin, height), (width - margin, 0, width, height)):
            assert image.crop(box).getextrema()[0] >= 250, (number, box)  # nothing drawn there
    first = document[0].render(scale=2).to_pil().convert("RGB")
    first.save(tmp_path / "page-1.png")
    colours = first.getcolors(maxcolors=1_000_000) or []
    assert len(colours) > 50  # text, the map, the cards: a blank or failed page has a few
    inked = sum(n for n, colour in colours if sum(colour) < 600) / (first.width * first.height)
    assert 0.02 < inked < 0.9
