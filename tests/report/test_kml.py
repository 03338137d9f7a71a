"""KML: valid against the OGC KML 2.2 schema, a style per kind of event, descriptions as escaped HTML."""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path

import pytest
from lxml import etree

from sanctionwatch.maritime.outputs import geojson, kml

KML = "{http://www.opengis.net/kml/2.2}"


@pytest.fixture(scope="module")
def schema() -> etree.XMLSchema:
    # ogckml22.xsd and its imports (atom, xAL) as the pykml package ships them, read offline
    folder = Path(str(resources.files("pykml") / "schemas"))
    return etree.XMLSchema(etree.parse(str(folder / "ogckml22.xsd")))


def event(kind: str, **extra: object) -> dict:
    return {
        "id": f"{kind}-1",
        "type": kind,
        "mmsi": [445000001, 667000001] if kind == "encounter" else [445000001],
        "imo": [],
        "names": ['<img src=x onerror="alert(1)">'],
        "start": "2025-09-08T00:00:00Z",
        "end": "2025-09-09T06:00:00Z",
        "lat": 42.0,
        "lon": 131.0,
        "port": None,
        "sanctioned": ["OFAC-1"],
        "details": {"hours": 30.0, "resumed_lat": 42.5, "resumed_lon": 131.5},
        **extra,
    }


#: The kinds of event the five detectors give (README, "Maritime"), written here, not read from
#: the code: a kind the colour table lost would otherwise leave the test's list with it.
KINDS = ("gap", "encounter", "loitering", "port_visit", "identity_change")


def test_every_kind_of_event_is_valid_kml(schema: etree.XMLSchema) -> None:
    document = etree.fromstring(kml([event(kind) for kind in KINDS]).encode())
    schema.assertValid(document)
    styles = {style.get("id"): style for style in document.iter(f"{KML}Style")}
    assert set(styles) == set(KINDS)
    colours = {kind: style.find(f"{KML}IconStyle/{KML}color").text for kind, style in styles.items()}
    assert all(re.fullmatch(r"ff[0-9a-f]{6}", colour) for colour in colours.values()), colours
    assert len(set(colours.values())) == len(KINDS)  # a colour tells the kinds apart
    urls = [url.text for url in document.iter(f"{KML}styleUrl")]
    assert urls == [f"#{kind}" for kind in KINDS]


def test_descriptions_are_html_with_every_value_escaped() -> None:
    document = etree.fromstring(kml([event("gap")]).encode())
    description = next(document.iter(f"{KML}description")).text
    assert description.startswith("<table>") and "<th>hours</th><td>30.0</td>" in description
    assert "<img" not in description and "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in description
    assert next(document.iter(f"{KML}LineString")) is not None  # the dark leg


def test_the_demo_events_are_valid_kml_and_geojson(schema: etree.XMLSchema, demo_run: Path) -> None:
    import json

    events = [
        feature["properties"]
        | {"lat": feature["geometry"]["coordinates"][1], "lon": feature["geometry"]["coordinates"][0]}
        for feature in json.loads((demo_run / "report" / "events.geojson").read_text())["features"]
        if feature["geometry"]["type"] == "Point"
    ]
    document = etree.fromstring(kml(events).encode())
    schema.assertValid(document)
    assert len(list(document.iter(f"{KML}Placemark"))) == len(events)
    styles = {style.get("id") for style in document.iter(f"{KML}Style")}
    used = {url.text for url in document.iter(f"{KML}styleUrl")}
    assert {"#port_visit", "#gap"} <= used and used <= {f"#{style}" for style in styles}
    collection = geojson(events)
    assert collection["type"] == "FeatureCollection"
    for feature in collection["features"]:
        lon, lat = (
            feature["geometry"]["coordinates"][0]
            if feature["geometry"]["type"] == "LineString"
            else feature["geometry"]["coordinates"]
        )
        assert -180 <= lon <= 180 and -90 <= lat <= 90
