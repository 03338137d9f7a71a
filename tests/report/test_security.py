"""Hostile values in every field that reaches the report: shown as text, never run (issue 19)."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

import pytest

from sanctionwatch.report.html import safe_url, write_outputs
from tests.report.pages import open_page

#: Each tries another way out of the text it is put in: an element, an attribute, the data script.
ATTACKS = (
    '<img src=x onerror="window.__pwned=1;alert(1)">',
    '"><script>window.__pwned=2;alert(2)</script>',
    "</script><script>window.__pwned=3;alert(3)</script><!--",
    "' onmouseover='window.__pwned=4' x='",
)


def hostile(number: int) -> str:
    return ATTACKS[number % len(ATTACKS)]


def hostile_run() -> dict:
    """A kept run with an attack in every string the report shows."""
    h = iter(range(1000))

    def bad() -> str:
        return hostile(next(h))

    listing = {
        "list": bad(), "ref": bad(), "name": bad(), "schema": "Vessel", "list_date": bad(),
        "listed_on": bad(), "programs": [bad()], "reason": bad(), "other_names": [bad()], "imo": [bad()],
        "mmsi": [bad()],
        "call_signs": [bad()], "flags": [bad()], "owners": [{"role": bad(), "name": bad()}],
    }  # fmt: skip
    hit = {
        "entity_id": bad(), "caption": bad(), "schema": "Vessel", "refs": [bad()], "lists": [bad()],
        "matched_by": [{"identifier": bad(), "value": bad()}], "strength": bad(), "listings": [listing],
    }  # fmt: skip
    vessels = [
        {"mmsi": 445000001, "imo": bad(), "name": bad(), "call_sign": bad(), "hits": [hit], "refs": [bad()]},
        {"mmsi": 667000001, "imo": bad(), "name": bad(), "call_sign": bad(), "hits": [], "refs": []},
    ]
    event = {
        "id": "encounter-1", "type": "encounter", "mmsi": [445000001, 667000001], "imo": [bad()],
        "names": [bad(), bad()], "start": "2025-09-12T00:00:00Z", "end": "2025-09-12T06:00:00Z",
        "lat": 42.0, "lon": 131.0, "port": bad(), "sanctioned": [bad()],
        "details": {bad(): 1.5, "hours": 6.0}, "vessels": vessels,
    }  # fmt: skip
    claim = {
        "kind": "claim", "document": bad(), "publisher": bad(), "date": bad(), "title": bad(),
        "url": "javascript:window.__pwned=9;alert(9)", "category": "refined_petroleum", "supplier": "RU",
        "recipient": "KP", "modality": bad(), "source": bad(), "provisions": ["2397/5"], "text": bad(),
        "start": 0, "end": 5, "agrees": False,
    }  # fmt: skip
    linked = {**claim, "url": 'https://example.org/a"><script>window.__pwned=8</script>', "agrees": True}
    screening = {
        "kind": "screening", "rule": "list-hit", "subject": "vessel", "matched": bad(), "name": bad(),
        "mmsi": 445000001, "imo": bad(), "score": 1.0, **hit,
    }  # fmt: skip
    incident = {
        "id": "INC-001", "title": bad(), "category": "refined_petroleum", "supplier": "RU", "recipient": "KP",
        "period": {"start": "2025-09-12", "end": "2025-09-15"}, "vessels": vessels,
        "evidence": [claim, linked, {"kind": "ais_event", "rule": "sts-meeting", **event,
                     "tied_by": [{"mmsi": 445000001, "name": bad(), "identifier": bad(), "value": bad(),
                                  "document": bad()}]}, screening],
        "sources": [bad(), bad()], "corroboration": "multi-stream", "provisions": ["2397/5"],
        "rules": ["sts-meeting"],
        "ties": [{"mmsi": 445000001, "name": bad(), "identifier": bad(), "value": bad(), "document": bad()}],
    }  # fmt: skip
    track = {"mmsi": 445000001, "name": bad(), "imo": bad(), "featured": True,
             "points": [[41.9, 130.9, 1757635200], [42.0, 131.0, 1757656800]]}  # fmt: skip
    return {
        "summary": {
            "sources": bad(), "started": bad(), "seconds": 1.0, "documents": 1, "claims": 2, "events": 1,
            "incidents": 1, "lists_loaded": [bad()], "skipped": [{"path": bad(), "reason": bad()}],
            "read": [{"path": bad(), "as": bad()}], "warnings": [bad()],
            "lists": [{"dataset": bad(), "list_date": bad(), "source_file": bad(), "records": 1,
                       "loaded_at": bad()}],
            "ais_input": [{"path": bad(), "read": 2, "used": 2, "rejected": {bad(): 1}}],
        },
        "documents": [{"name": bad(), "publisher": bad(), "date": bad(), "title": bad(),
                       "url": "javascript:window.__pwned=7", "language": bad(), "claims": []}],
        "events": [event],
        "incidents": [incident],
        "tracks": [track],
        "vessels": [{"mmsi": 445000001, "imo": bad(), "name": bad(), "call_sign": bad(), "positions": 2,
                     "first_seen": bad(), "last_seen": bad(), "events": {bad(): 1}}],
    }  # fmt: skip


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_outputs(hostile_run(), tmp_path_factory.mktemp("hostile"))["report"]


def test_no_script_runs_and_no_dialog_opens(browser, report: Path) -> None:  # noqa: ANN001
    page, problems = open_page(browser, report)
    # open every popup and tooltip the maps hold: their content is built from the same data
    page.evaluate(
        """() => [window.sanctionwatchMap, ...Object.values(window.sanctionwatchIncidentMaps)].forEach(map =>
            map.eachLayer(layer => {
                if (layer.getPopup && layer.getPopup()) { layer.openPopup(); }
                if (layer.getTooltip && layer.getTooltip()) { layer.openTooltip(); } }))"""
    )
    page.hover("#map")
    assert page.evaluate("window.__pwned") is None
    assert problems == []
    text = page.inner_text("body")
    for attack in ATTACKS:
        assert attack.split('"')[0].strip() in text  # shown as the text it is
    assert page.locator("img, iframe, object, embed").count() == 0
    assert page.locator("a[href^='javascript']").count() == 0
    popup = page.locator(".leaflet-popup-content").first.inner_text()
    assert "<img src=x" in popup or "<script>" in popup or "onmouseover" in popup
    page.close()


def test_the_report_has_a_strict_content_security_policy(report: Path) -> None:
    html = report.read_text()
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html)
    assert policy is not None
    text = unescape(policy[1])
    rules = dict(rule.strip().split(" ", 1) for rule in text.split(";"))
    assert rules["default-src"] == "'none'"
    assert "unsafe-inline" not in text and "unsafe-eval" not in text
    assert rules["script-src"].count("'sha256-") == 2 and rules["style-src"].count("'sha256-") == 2
    assert html.index("Content-Security-Policy") < html.index("<style>") < html.index("<script")
    assert "</script><script>window.__pwned" not in html.split('id="sw-data">', 1)[1].split("</script>")[0]


def test_only_web_addresses_become_links() -> None:
    assert safe_url("https://example.org/a") == "https://example.org/a"
    assert safe_url(" HTTP://example.org ") == "HTTP://example.org"
    for url in (
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        "data:text/html,<b>",
        "//evil.example",
        "",
        None,
        5,
    ):
        assert safe_url(url) is None
