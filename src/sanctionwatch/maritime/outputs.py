"""Events written as GeoJSON, KML and CSV, for GIS tools and spreadsheets."""

from __future__ import annotations

import csv
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


def write_kml(events: list[Event], path: Path) -> None:
    placemarks = []
    for event in events:
        data = event.as_dict()
        title = f"{event.type} {' / '.join(str(m) for m in event.mmsi)}"
        description = escape(json.dumps(data["details"]))
        placemarks.append(
            f"<Placemark><name>{escape(title)}</name>"
            f"<TimeSpan><begin>{data['start']}</begin><end>{data['end']}</end></TimeSpan>"
            f"<description>{description}</description>"
            f"<Point><coordinates>{data['lon']},{data['lat']},0</coordinates></Point></Placemark>"
        )
    document = (
        '<?xml version="1.0" encoding="UTF-8"?>\n<kml xmlns="http://www.opengis.net/kml/2.2"><Document>'
        "<name>sanctionwatch maritime events</name>" + "".join(placemarks) + "</Document></kml>\n"
    )
    path.write_text(document, encoding="utf-8")


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
