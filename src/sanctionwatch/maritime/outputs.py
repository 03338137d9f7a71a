"""Events written as GeoJSON, KML and CSV, for GIS tools and spreadsheets."""

from __future__ import annotations

import csv
import html
import json
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from sanctionwatch.maritime.events import Event


def geojson(events: list[dict[str, Any]]) -> dict[str, Any]:
    """Points for events (as ``Event.as_dict`` gives them, or as the store keeps them); a gap
    also gets the line from where it went dark to where it resumed."""
    features = []
    for data in events:
        properties = {k: v for k, v in data.items() if k not in ("lat", "lon")}
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [data["lon"], data["lat"]]},
                "properties": properties,
            }
        )
        if data["type"] == "gap":
            line = [
                [data["lon"], data["lat"]],
                [data["details"]["resumed_lon"], data["details"]["resumed_lat"]],
            ]
            features.append(
                {
                    "type": "Feature",
                    "geometry": {"type": "LineString", "coordinates": line},
                    "properties": {**properties, "role": "dark leg"},
                }
            )
    return {"type": "FeatureCollection", "features": features}


def write_geojson(events: list[Event], path: Path) -> None:
    path.write_text(json.dumps(geojson([event.as_dict() for event in events]), indent=1), encoding="utf-8")


#: Colour of each kind of event in KML (aabbggrr, as KML writes colours) and in the report.
KML_COLOURS = {
    "gap": "ffd9286d",
    "encounter": "ff0677d9",
    "loitering": "ff6e760f",
    "port_visit": "ff695547",
    "identity_change": "ff5d18be",
}


def _description(data: dict[str, Any]) -> str:
    """The event as a small HTML table, every value escaped: KML clients render the description
    as HTML, and vessel names come from whoever sends AIS."""
    vessels = data.get("vessels") or [
        {"mmsi": m, "name": data["names"][i] if i < len(data["names"]) else None, "imo": None}
        for i, m in enumerate(data["mmsi"])
    ]
    rows = [("kind", data["type"].replace("_", " ")), ("from", data["start"]), ("to", data["end"])]
    if data.get("port"):
        rows.append(("port", data["port"]))
    for vessel in vessels:
        label = f"{vessel.get('name') or 'unnamed'} (MMSI {vessel['mmsi']}"
        label += f", IMO {vessel['imo']})" if vessel.get("imo") else ")"
        refs = [ref for hit in vessel.get("hits", []) for ref in hit["refs"]]
        rows.append(("vessel", label + (f"; listed {', '.join(refs)}" if refs else "")))
    if data["sanctioned"] and not data.get("vessels"):
        rows.append(("listed", ", ".join(data["sanctioned"])))
    rows += [
        (key.replace("_", " "), str(value)) for key, value in data["details"].items() if value is not None
    ]
    cells = "".join(f"<tr><th>{html.escape(k)}</th><td>{html.escape(str(v))}</td></tr>" for k, v in rows)
    return f"<table>{cells}</table>"


def kml(events: list[dict[str, Any]]) -> str:
    """Events as a KML 2.2 document: a style per kind of event, each event a placemark with its
    time span, an HTML description, and (for a gap) the dark leg; elements in the order of the OGC
    schema (name, description, TimeSpan, styleUrl, geometry)."""
    styles = [
        f'<Style id="{kind}"><IconStyle><color>{colour}</color><scale>1.1</scale></IconStyle>'
        f"<LineStyle><color>{colour}</color><width>2.5</width></LineStyle></Style>"
        for kind, colour in KML_COLOURS.items()
    ]
    placemarks = []
    for data in events:
        names = " / ".join(n for n in data["names"] if n) or " / ".join(str(m) for m in data["mmsi"])
        title = f"{data['type'].replace('_', ' ')}: {names}"
        point = f"<Point><coordinates>{data['lon']},{data['lat']},0</coordinates></Point>"
        if data["type"] == "gap":
            details = data["details"]
            leg = f"{data['lon']},{data['lat']},0 {details['resumed_lon']},{details['resumed_lat']},0"
            line = f"<LineString><coordinates>{leg}</coordinates></LineString>"
            point = f"<MultiGeometry>{point}{line}</MultiGeometry>"
        style = f"<styleUrl>#{data['type']}</styleUrl>" if data["type"] in KML_COLOURS else ""
        placemarks.append(
            f"<Placemark><name>{escape(title)}</name>"
            f"<description>{escape(_description(data))}</description>"
            f"<TimeSpan><begin>{data['start']}</begin><end>{data['end']}</end></TimeSpan>"
            f"{style}{point}</Placemark>"
        )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<kml xmlns="http://www.opengis.net/kml/2.2"><Document>'
        "<name>sanctionwatch maritime events</name>"
        + "".join(styles)
        + "".join(placemarks)
        + "</Document></kml>\n"
    )


def write_kml(events: list[Event], path: Path) -> None:
    path.write_text(kml([event.as_dict() for event in events]), encoding="utf-8")


CSV_COLUMNS = (
    "id",
    "type",
    "mmsi",
    "imo",
    "names",
    "start",
    "end",
    "lat",
    "lon",
    "port",
    "sanctioned",
    "details",
)


def write_csv(events: list[Event], path: Path) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(CSV_COLUMNS)
        for event in events:
            data = event.as_dict()
            writer.writerow(
                [
                    data[column]
                    if not isinstance(data[column], list | dict)
                    else (
                        ";".join(str(v) for v in data[column])
                        if isinstance(data[column], list)
                        else json.dumps(data[column])
                    )
                    for column in CSV_COLUMNS
                ]
            )
