"""Rendering the report: Jinja2 over the run's data, Leaflet and the coastline inlined."""

from __future__ import annotations

import base64
import hashlib
import json
import math
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from jinja2 import Environment, select_autoescape
from markupsafe import escape

from sanctionwatch.cases.fusion import RULES
from sanctionwatch.claims.provisions import table as provisions_table
from sanctionwatch.maritime.config import DetectionConfig
from sanctionwatch.maritime.outputs import geojson as events_geojson
from sanctionwatch.maritime.reference import mid_countries, ports

ASSETS = Path(str(resources.files("sanctionwatch") / "data" / "report"))
LEVEL_COLOURS = {"multi-stream": "#b00020", "corroborated": "#d97706", "single-source": "#8a96a3"}


def _moment(text: str) -> float:
    text = text if "T" in text else text + "T12:00:00"
    return datetime.fromisoformat(text.replace("Z", "+00:00")).replace(tzinfo=UTC).timestamp()


def timeline_svg(incidents: list[dict[str, Any]], events: list[dict[str, Any]], width: int = 1200) -> str:
    """Incidents as bars over their period, their AIS events as ticks, on one time axis."""
    moments = [_moment(e["start"]) for e in events] + [_moment(e["end"]) for e in events]
    for incident in incidents:
        for key in ("start", "end"):
            if incident["period"][key]:
                moments.append(_moment(incident["period"][key]))
    if not moments:
        return "<p>Nothing to draw.</p>"
    first, last = min(moments) - 43200, max(moments) + 43200
    left, right, row = 330, width - 20, 28
    height = 50 + row * (len(incidents) + 1)

    def x(moment: float) -> float:
        return left + (moment - first) / (last - first) * (right - left)

    parts = [
        # a viewBox and no fixed width: the timeline scales to the page, on screen and on A4
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%"'
        ' role="img" aria-label="timeline">'
    ]
    day = datetime.fromtimestamp(first, UTC).replace(hour=0, minute=0, second=0).timestamp() + 86400
    step = 86400 * max(1, int((last - first) / 86400 / 14) + 1)
    while day < last:
        parts.append(
            f'<line x1="{x(day):.1f}" y1="30" x2="{x(day):.1f}" y2="{height - 10}" stroke="#e5e9ef"/>'
        )
        label = datetime.fromtimestamp(day, UTC).strftime("%d %b")
        parts.append(
            f'<text x="{x(day):.1f}" y="22" font-size="11" text-anchor="middle" fill="#5b6774">{label}</text>'
        )
        day += step
    for number, incident in enumerate(incidents):
        y = 40 + number * row
        colour = LEVEL_COLOURS.get(incident["corroboration"], "#8a96a3")
        title = f"{incident['id']} {incident['title']}"[:48]
        parts.append(f'<text x="8" y="{y + 13}" font-size="12" fill="#1d2733">{_escape(title)}</text>')
        start, end = incident["period"]["start"], incident["period"]["end"]
        if start and end:
            x0, x1 = x(_moment(start) - 43200), x(_moment(end) + 43200)
            parts.append(
                f'<rect class="incident-bar" x="{x0:.1f}" y="{y}" width="{max(x1 - x0, 4):.1f}"'
                f' height="16" rx="3" fill="{colour}" opacity="0.8"/>'
            )
        for item in incident["evidence"]:
            if item["kind"] == "ais_event":
                tick = x(_moment(item["start"]))
                parts.append(
                    f'<line x1="{tick:.1f}" y1="{y - 2}" x2="{tick:.1f}" y2="{y + 18}"'
                    ' stroke="#1d2733" stroke-width="2"/>'
                )
    y = 40 + len(incidents) * row
    parts.append(
        f'<text x="8" y="{y + 13}" font-size="12" fill="#1d2733">All AIS events ({len(events)})</text>'
    )
    for event in events:
        if event["type"] != "port_visit":
            parts.append(f'<circle cx="{x(_moment(event["start"])):.1f}" cy="{y + 8}" r="3" fill="#6d28d9"/>')
    parts.append("</svg>")
    return "\n".join(parts)


def _escape(text: str) -> str:
    return str(escape(text))


#: What the report says of each detector, with the thresholds of the configuration it ran with.
DETECTOR_TEXTS = {
    "gap": "The vessel sent no position for at least {gap_hours:g} hours, and both the last position "
    "before and the first after lay at least {gap_min_port_distance_km:g} km from any port: it went dark "
    "at sea. A gap is also what poor reception looks like; it is evidence only with other evidence.",
    "encounter": "Two vessels stayed within {encounter_distance_m:g} m of each other for at least "
    "{encounter_hours:g} hours, both slower than {encounter_max_knots:g} knots and at least "
    "{encounter_min_port_distance_km:g} km from any port (tracks compared in "
    "{encounter_bin_minutes:g}-minute bins): the pattern of a ship-to-ship transfer, which AIS alone "
    "cannot prove took place.",
    "loitering": "One vessel moved slower than {loitering_max_knots:g} knots for at least "
    "{loitering_hours:g} hours at least {loitering_min_port_distance_nm:g} nautical miles from any port, "
    "with no other vessel near (that would be an encounter): waiting for a partner that may not transmit.",
    "port visit": "A vessel stayed within {port_visit_distance_km:g} km of a port's harbour centre, slower "
    "than {port_visit_max_knots:g} knots, for at least {port_visit_hours:g} hours.",
    "identity change": "A vessel broadcast a new IMO number, name or call sign under the same MMSI, an IMO "
    "number reappeared under another MMSI, an IMO number failed its check digit, or the MMSI's country "
    "digits contradict the flag.",
}
PRINCIPLES = {
    "corroboration": "A claim counts towards corroboration only when it is no denial and names the same "
    "supplier and recipient as the incident; a claim that leaves a party unknown joins as context. "
    "Publishers are counted once however many of their articles agree; documents without a publisher "
    "count together as one unattributed source.",
    "attribution": "A list hit belongs to the listed entity that matched and to the vessel or party whose "
    "own identifier matched it (IMO number, MMSI, or name for vessels; name for parties in text). An "
    "encounter names both vessels, each with its own hits. A vessel matched by name alone while it "
    "broadcasts an IMO number the listed entity lacks is not a hit.",
    "identity ties": "A vessel named in a document (by name with its numerals, IMO number, MMSI or call "
    "sign, resolved with the screening rules) brings its AIS events of the incident's period into the "
    "incident; each event says which identifier tied it.",
}
LIMITATIONS = (
    "Claims are read by an automated extractor; every quote links to its source so that a reader can "
    "check the reading before relying on it.",
    "AIS data can be spoofed, switched off or lost to poor reception; a gap or an encounter shows a "
    "pattern, not what was transferred.",
    "List hits by name alone (marked 'name only') need the identifiers checked before any conclusion; "
    "a listing date is shown only where the list file states one.",
    "Lists are as of the dates shown under Sources of data; a later designation or delisting is not "
    "reflected.",
    "Ports are harbour centres; a port visit near a port's edge may be missed or assigned to a "
    "neighbouring port.",
)


def safe_url(url: object) -> str | None:
    """The URL when it is a web address (http or https); anything else (javascript:, data:) is not
    made a link."""
    if not isinstance(url, str):
        return None
    text = url.strip()
    return text if urlsplit(text).scheme.lower() in ("http", "https") and "//" in text[:8] else None


def _ais_period(item: dict[str, Any]) -> str:
    first, last = item.get("first"), item.get("last")
    return f"{first} to {last}" if first and last else "as read"


def _documents_period(documents: list[dict[str, Any]]) -> str:
    dates = sorted(str(d["date"]) for d in documents if d.get("date"))
    return f"{dates[0]} to {dates[-1]}" if dates else "not stated"


def _own_refs(vessel: dict[str, Any]) -> list[str]:
    return list(dict.fromkeys(ref for hit in vessel.get("hits", []) for ref in hit["refs"]))


def _event_vessels(event: dict[str, Any]) -> list[dict[str, Any]]:
    """Each vessel of an event; an event stored without them gives its MMSIs alone, no references."""
    if event.get("vessels"):
        return list(event["vessels"])
    alone = len(event["mmsi"]) == 1
    return [
        {
            "mmsi": mmsi,
            "name": event["names"][0] if alone and event["names"] else None,
            "hits": [{"refs": event["sanctioned"]}] if alone and event["sanctioned"] else [],
        }
        for mmsi in event["mmsi"]
    ]


def _card_values(vessel: dict[str, Any], key: str) -> list[str]:
    return list(
        dict.fromkeys(
            value.upper() if key == "flags" else value
            for hit in vessel.get("hits", [])
            for listing in hit.get("listings", [])
            for value in listing.get(key, [])
        )
    )


def _card_owners(vessel: dict[str, Any]) -> list[dict[str, str]]:
    owners = [
        o for hit in vessel.get("hits", []) for listing in hit.get("listings", []) for o in listing["owners"]
    ]
    return list({(o["role"], o["name"]): o for o in owners}.values())


def snap(event: dict[str, Any], tracks: dict[int, list[list[float]]]) -> list[float]:
    """Where to draw an event: the point of its (first) vessel's own track nearest to the event's
    position within the event's time, so that a marker stands on the track at sea, not at an average
    position that may fall on land."""
    points = tracks.get(event["mmsi"][0])
    if not points:
        return [event["lat"], event["lon"]]
    start, end = _moment(event["start"]), _moment(event["end"])
    during = [p for p in points if start - 1800 <= p[2] <= end + 1800] or points
    if event["type"] == "gap":  # where it went dark: the last position before the gap
        before = [p for p in points if p[2] <= start + 60]
        during = before[-1:] or during

    def distance(point: list[float]) -> float:
        return (point[0] - event["lat"]) ** 2 + (
            (point[1] - event["lon"]) * math.cos(math.radians(point[0]))
        ) ** 2

    nearest = min(during, key=distance)
    return [nearest[0], nearest[1]]


def _json_for_script(value: Any) -> str:
    """JSON that cannot close or comment its script element: <, > and & as JSON escapes."""
    text = json.dumps(value, separators=(",", ":"), ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"


def content_security_policy(scripts: list[str], styles: list[str]) -> str:
    """Nothing may load or run but the report's own inlined scripts and styles, by their hashes: the
    report is self-contained and offline, so it needs no network, no frame and no form."""
    return "; ".join(
        [
            "default-src 'none'",
            "script-src " + " ".join(_hash(text) for text in scripts),
            "style-src " + " ".join(_hash(text) for text in styles),
            "img-src data:",
            "base-uri 'none'",
            "form-action 'none'",
        ]
    )


def render(data: dict[str, Any]) -> str:
    environment = Environment(autoescape=select_autoescape(default=True, default_for_string=True))
    template = environment.from_string((ASSETS / "report.html.j2").read_text(encoding="utf-8"))
    incidents = data["incidents"]
    summary = data["summary"]
    counts = {level: sum(1 for i in incidents if i["corroboration"] == level) for level in LEVEL_COLOURS}
    tracks = {track["mmsi"]: track["points"] for track in data["tracks"]}
    events = [{**event, "marker": snap(event, tracks)} for event in data["events"]]
    map_incidents = {
        incident["id"]: {
            "events": [e["id"] for e in incident["evidence"] if e["kind"] == "ais_event" and "id" in e],
            "mmsi": [v["mmsi"] for v in incident["vessels"]],
        }
        for incident in incidents
        if any(e["kind"] == "ais_event" for e in incident["evidence"])
    }
    moments = [_moment(e["start"]) for e in events] + [_moment(e["end"]) for e in events]
    moments += [p[2] for points in tracks.values() for p in (points[:1] + points[-1:])]
    map_data = {
        "land": json.loads((ASSETS / "land.geojson").read_text(encoding="utf-8")),
        "tracks": data["tracks"],
        "events": events,
        "ports": [{"name": p.name, "lat": p.lat, "lon": p.lon} for p in ports()],
        "incidents": map_incidents,
        "period": [min(moments), max(moments)] if moments else [0, 86400],
    }
    leaflet_js = (ASSETS / "leaflet.js").read_text(encoding="utf-8")
    report_js = (ASSETS / "report.js").read_text(encoding="utf-8")
    leaflet_css = (ASSETS / "leaflet.css").read_text(encoding="utf-8")
    report_css = (ASSETS / "report.css").read_text(encoding="utf-8")
    config = DetectionConfig().as_dict()
    mids = mid_countries()
    return template.render(
        csp=content_security_policy([leaflet_js, report_js], [leaflet_css, report_css]),
        summary={"lists": [], "warnings": [], "skipped": [], "ais_input": [], **summary},
        incidents=incidents,
        documents=data["documents"],
        vessel_info={v["mmsi"]: v for v in data.get("vessels", [])},
        counts=counts,
        rules=RULES,
        principles=PRINCIPLES,
        detectors={name: text.format(**config) for name, text in DETECTOR_TEXTS.items()},
        limitations=LIMITATIONS,
        measures={(row["category"], row["provision"]): row["measure"] for row in provisions_table()},
        timeline=timeline_svg(incidents, data["events"]),
        map_data=_json_for_script(map_data),
        map_incidents=map_incidents,
        leaflet_js=leaflet_js,
        leaflet_css=leaflet_css,
        report_js=report_js,
        report_css=report_css,
        safe_url=safe_url,
        own_refs=_own_refs,
        event_vessels=_event_vessels,
        card_values=_card_values,
        card_owners=_card_owners,
        mid_country=lambda mmsi: (mids.get(int(mmsi) // 1_000_000) or "").upper() or None,
        ais_period=_ais_period,
        documents_period=_documents_period(data["documents"]),
    )


def write_outputs(data: dict[str, Any], folder: Path) -> dict[str, Path]:
    """report.html, incidents.json, events.geojson and claims.jsonl in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = {
        "report": folder / "report.html",
        "incidents": folder / "incidents.json",
        "events": folder / "events.geojson",
        "claims": folder / "claims.jsonl",
    }
    paths["report"].write_text(render(data), encoding="utf-8")
    paths["incidents"].write_text(
        json.dumps({"incidents": data["incidents"]}, indent=2, ensure_ascii=False), encoding="utf-8"
    )
    paths["events"].write_text(json.dumps(events_geojson(data["events"]), indent=1), encoding="utf-8")
    with paths["claims"].open("w", encoding="utf-8") as handle:
        for document in data["documents"]:
            handle.write(json.dumps(document, ensure_ascii=False) + "\n")
    return paths
