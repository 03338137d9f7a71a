"""Rendering the report: Jinja2 over the run's data, Leaflet and the coastline inlined."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from typing import Any

from jinja2 import Environment, select_autoescape

from sanctionwatch.cases.fusion import RULES
from sanctionwatch.claims.provisions import table as provisions_table
from sanctionwatch.maritime.outputs import geojson as events_geojson
from sanctionwatch.maritime.reference import ports

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
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}"'
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
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def render(data: dict[str, Any]) -> str:
    environment = Environment(autoescape=select_autoescape(default=True))
    template = environment.from_string((ASSETS / "report.html.j2").read_text(encoding="utf-8"))
    incidents = data["incidents"]
    counts = {level: sum(1 for i in incidents if i["corroboration"] == level) for level in LEVEL_COLOURS}
    map_data = {
        "land": json.loads((ASSETS / "land.geojson").read_text(encoding="utf-8")),
        "tracks": data["tracks"],
        "events": data["events"],
        "ports": [{"name": p.name, "lat": p.lat, "lon": p.lon} for p in ports()],
    }
    return template.render(
        summary=data["summary"],
        incidents=incidents,
        documents=data["documents"],
        counts=counts,
        rules=RULES,
        measures={(row["category"], row["provision"]): row["measure"] for row in provisions_table()},
        timeline=timeline_svg(incidents, data["events"]),
        map_data=json.dumps(map_data, separators=(",", ":")).replace("</", "<\\/"),
        leaflet_js=(ASSETS / "leaflet.js").read_text(encoding="utf-8"),
        leaflet_css=(ASSETS / "leaflet.css").read_text(encoding="utf-8"),
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
