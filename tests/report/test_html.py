"""Rendering the report without a browser: old runs, the policy's hashes, where markers stand."""

from __future__ import annotations

import base64
import hashlib
import re
from html import unescape

from sanctionwatch.report.html import render, snap

# a run kept before per-vessel attribution, listings and agreement were recorded
OLD_CLAIM = {
    "kind": "claim", "document": "a.md", "publisher": "Paper A", "date": "2025-09-15", "title": "A",
    "category": "arms", "supplier": "KP", "recipient": "RU", "modality": "asserted", "source": None,
    "provisions": [], "text": "Shells.", "start": 0, "end": 7,
}  # fmt: skip
OLD_EVENT = {
    "id": "gap-1-1", "type": "gap", "mmsi": [273000001], "imo": ["9179842"], "names": ["ANGARA"],
    "start": "2025-09-09T00:00:00Z", "end": "2025-09-10T00:00:00Z", "lat": 42.0, "lon": 131.0,
    "port": None, "sanctioned": ["OFAC-1"], "details": {"resumed_lat": 42.5, "resumed_lon": 131.5},
}  # fmt: skip
OLD_INCIDENT = {
    "id": "INC-001", "title": "Arms from North Korea to Russia", "category": "arms", "supplier": "KP",
    "recipient": "RU", "period": {"start": "2025-09-09", "end": "2025-09-15"},
    "vessels": [{"mmsi": 273000001, "imo": "9179842", "name": "ANGARA", "refs": ["OFAC-1"]}],
    "evidence": [OLD_CLAIM], "sources": ["Paper A"], "corroboration": "single-source", "provisions": [],
    "rules": ["same-transfer"],
}  # fmt: skip
OLD_RUN = {
    "summary": {"sources": "demo", "started": "2025-09-20T00:00:00Z", "seconds": 1.0, "documents": 1,
                "claims": 1, "events": 1, "incidents": 1, "lists_loaded": [], "skipped": [], "ais_input": []},
    "documents": [{"name": "a.md", "publisher": "Paper A", "date": "2025-09-15", "title": "A", "claims": []}],
    "events": [OLD_EVENT],
    "incidents": [OLD_INCIDENT],
    "tracks": [],
}  # fmt: skip


def test_a_run_kept_before_this_report_still_renders() -> None:
    html = render(OLD_RUN)
    assert "INC-001" in html and "Shells." in html and "context only" not in html
    assert "ANGARA" in html and "OFAC-1" in html


def test_the_policy_hashes_are_those_of_the_inlined_scripts_and_styles() -> None:
    html = render(OLD_RUN)
    policy = unescape(re.search(r'Content-Security-Policy" content="([^"]+)"', html)[1])

    def digest(text: str) -> str:
        return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"

    for body in re.findall(r"<script>(.*?)</script>", html, re.DOTALL):
        assert digest(body) in policy
    for body in re.findall(r"<style>(.*?)</style>", html, re.DOTALL):
        assert digest(body) in policy


def test_a_marker_stands_on_its_vessels_track() -> None:
    event = {"type": "loitering", "mmsi": [1], "start": "2025-09-09T00:00:00Z", "end": "2025-09-09T06:00:00Z",
             "lat": 42.0, "lon": 131.0}  # fmt: skip
    day = 1757376000  # 2025-09-09T00:00:00Z
    track = {1: [[41.0, 130.0, day - 86400], [41.98, 131.01, day + 3600], [41.9, 131.2, day + 7200]]}
    assert snap(event, track) == [41.98, 131.01]
    gap = {**event, "type": "gap", "lat": 41.9, "lon": 131.2}
    assert snap(gap, track) == [41.0, 130.0]  # where it went dark: the last position before
