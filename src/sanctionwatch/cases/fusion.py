"""The fusion rules: few, named, and each incident says which built it.

- ``same-transfer``: claims of the same category and direction, from any documents published
  within ``WINDOW_DAYS`` of each other, form one incident; a claim that leaves one side open joins
  the one incident that fills it in; a denial joins as evidence but is never a source.
- ``dark-shuttle``: a vessel that is listed or named in a claim, goes dark at sea and calls at
  both a DPRK port and a Russian Far East port joins the incident of arms, WMD items or military
  cooperation between the two (or makes one of its own).
- ``sts-meeting``: an encounter at sea between a DPRK-linked vessel (listed, named in a claim,
  or with the DPRK's MMSI digits 445) and another ship joins the incident of oil or ship-to-ship
  transfers to the DPRK (or makes one of its own).
- ``list-hit``: every named party of the claims and every vessel of the events that matches a
  sanctions list adds its list references, as screening evidence.

Claims about goods that no measure prohibits (food into the DPRK) are kept but build no incident.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any

from sanctionwatch.cases.model import Incident
from sanctionwatch.claims.provisions import provisions_for

RULES = {
    "same-transfer": "Claims of the same category and direction in documents published within 60 days.",
    "dark-shuttle": "A listed or named vessel went dark at sea between DPRK and Russian Far East port calls.",
    "sts-meeting": "A DPRK-linked vessel met another ship at sea, far from port, for hours.",
    "list-hit": "A named party or a vessel matches a sanctions list.",
}
WINDOW_DAYS = 60
#: How far before the first or after the last claim AIS events may lie and still fit an incident.
AIS_SLACK_DAYS = 45
SHUTTLE_CATEGORIES = ("arms", "wmd_ballistic", "military_cooperation")
STS_CATEGORIES = ("refined_petroleum", "petroleum", "crude_oil", "ship_to_ship")
DPRK_MID = 445


@dataclass
class DocumentClaims:
    name: str
    publisher: str
    date: str | None
    title: str
    claims: list[dict[str, Any]]


def _day(text: str | None) -> date | None:
    try:
        return date.fromisoformat(text[:10]) if text else None
    except ValueError:
        return None


def claim_evidence(document: DocumentClaims, claim: dict[str, Any]) -> dict[str, Any]:
    return {
        "kind": "claim",
        "document": document.name,
        "publisher": document.publisher,
        "date": document.date,
        "title": document.title,
        **claim,
    }


def fuse(documents: list[DocumentClaims], events: list[dict[str, Any]]) -> list[Incident]:
    incidents = _by_transfer(documents)
    named = _named_vessels(documents)
    _dark_shuttles(incidents, events, named)
    _sts_meetings(incidents, events, named)
    for incident in incidents:
        _list_hits(incident)
        incident.provisions = provisions_for(incident.category, incident.supplier, incident.recipient)
    incidents.sort(key=lambda i: (i.period()["start"] or "", i.category))
    for number, incident in enumerate(incidents, start=1):
        incident.id = f"INC-{number:03d}"
    return incidents


def _by_transfer(documents: list[DocumentClaims]) -> list[Incident]:
    groups: dict[tuple[str, str | None, str | None], list[tuple[DocumentClaims, dict[str, Any]]]] = (
        defaultdict(list)
    )
    for document in documents:
        for claim in document.claims:
            if claim["provisions"]:
                groups[(claim["category"], claim["supplier"], claim["recipient"])].append((document, claim))
    _merge_partial(groups)
    incidents = []
    for (category, supplier, recipient), items in groups.items():
        for cluster in _clusters(items):
            if all(claim["modality"] == "denied" for _, claim in cluster):
                continue  # a denial alone is not a finding
            incident = Incident(category, supplier, recipient, rules=["same-transfer"])
            incident.evidence = [claim_evidence(document, claim) for document, claim in cluster]
            incidents.append(incident)
    return incidents


def _merge_partial(groups: dict[tuple[str, str | None, str | None], list[Any]]) -> None:
    """Claims that leave one side open ("tankers delivered diesel to North Korea") join the one
    group of the same goods whose direction fills it in ("Russia delivered diesel to North Korea")."""
    for key in [k for k in groups if None in k[1:]]:
        category, supplier, recipient = key
        fuller = [
            other
            for other in groups
            if other != key
            and other[0] == category
            and None not in other[1:]
            and supplier in (None, other[1])
            and recipient in (None, other[2])
        ]
        if len(fuller) == 1:
            groups[fuller[0]].extend(groups.pop(key))


def _clusters(
    items: list[tuple[DocumentClaims, dict[str, Any]]],
) -> list[list[tuple[DocumentClaims, dict[str, Any]]]]:
    """Items whose documents lie within WINDOW_DAYS of the cluster's first, in date order."""
    ordered = sorted(items, key=lambda item: item[0].date or "")
    clusters: list[list[tuple[DocumentClaims, dict[str, Any]]]] = []
    for item in ordered:
        day = _day(item[0].date)
        if clusters:
            first = _day(clusters[-1][0][0].date)
            if day is None or first is None or (day - first).days <= WINDOW_DAYS:
                clusters[-1].append(item)
                continue
        clusters.append([item])
    return clusters


def _named_vessels(documents: list[DocumentClaims]) -> set[str]:
    """Names (upper case) of the listed parties the claims name, vessels among them."""
    return {
        entity["caption"].upper()
        for document in documents
        for claim in document.claims
        for entity in claim.get("entities", [])
    }


def _fits(incident: Incident, event: dict[str, Any]) -> bool:
    period = incident.period()
    start, end = _day(period["start"]), _day(period["end"])
    when = _day(event["start"])
    if start is None or end is None or when is None:
        return True
    return (start - when).days <= AIS_SLACK_DAYS and (when - end).days <= AIS_SLACK_DAYS


def _vessel(event: dict[str, Any], mmsi: int) -> dict[str, Any]:
    position = event["mmsi"].index(mmsi)
    return {
        "mmsi": mmsi,
        "imo": event["imo"][position]
        if position < len(event["imo"])
        else (event["imo"][0] if event["imo"] else None),
        "name": event["names"][position] if position < len(event["names"]) else None,
        "refs": event["sanctioned"],
    }


def _event_evidence(event: dict[str, Any], rule: str) -> dict[str, Any]:
    return {"kind": "ais_event", "rule": rule, **event}


def _dark_shuttles(incidents: list[Incident], events: list[dict[str, Any]], named: set[str]) -> None:
    by_vessel: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for event in events:
        if len(event["mmsi"]) == 1:
            by_vessel[event["mmsi"][0]].append(event)
    for mmsi, own in by_vessel.items():
        gaps = [e for e in own if e["type"] == "gap"]
        visits = [e for e in own if e["type"] == "port_visit"]
        countries = {e["details"].get("port_country") for e in visits}
        known = bool(own[0]["sanctioned"]) or any(n.upper() in named for n in own[0]["names"])
        if not (gaps and known and {"KP", "RU"} <= countries):
            continue
        visited = [e["port"] for e in visits]
        kp_first = (
            next(e for e in visits if e["details"]["port_country"] in ("KP", "RU"))["details"]["port_country"]
            == "KP"
        )
        supplier, recipient = ("KP", "RU") if kp_first else ("RU", "KP")
        incident = _pick(incidents, SHUTTLE_CATEGORIES, supplier, recipient, gaps[0])
        if incident is None:
            incident = Incident("other", supplier, recipient)
            incidents.append(incident)
        incident.rules.append("dark-shuttle")
        incident.vessels[mmsi] = _vessel(own[0], mmsi) | {"ports": list(dict.fromkeys(visited))}
        incident.evidence += [
            _event_evidence(e, "dark-shuttle") for e in sorted(gaps + visits, key=lambda e: e["start"])
        ]


def _sts_meetings(incidents: list[Incident], events: list[dict[str, Any]], named: set[str]) -> None:
    for event in events:
        if event["type"] != "encounter":
            continue
        linked = [m for m in event["mmsi"] if m // 1_000_000 == DPRK_MID]
        listed = bool(event["sanctioned"]) or any(n.upper() in named for n in event["names"])
        if not (linked or listed):
            continue
        incident = _pick(incidents, STS_CATEGORIES, None, "KP", event)
        if incident is None:
            incident = Incident("ship_to_ship", None, "KP")
            incidents.append(incident)
        incident.rules.append("sts-meeting")
        for mmsi in event["mmsi"]:
            incident.vessels[mmsi] = _vessel(event, mmsi)
        incident.evidence.append(_event_evidence(event, "sts-meeting"))


def _pick(
    incidents: list[Incident],
    categories: tuple[str, ...],
    supplier: str | None,
    recipient: str,
    event: dict[str, Any],
) -> Incident | None:
    """The best incident for an event: the first category in preference order, direction matching."""
    for category in categories:
        for incident in incidents:
            direction = incident.recipient == recipient and (
                supplier is None or incident.supplier in (supplier, None)
            )
            if incident.category == category and direction and _fits(incident, event):
                return incident
    return None


def _list_hits(incident: Incident) -> None:
    seen: set[str] = set()
    hits = []
    for item in incident.evidence:
        if item["kind"] == "claim":
            for entity in item.get("entities", []):
                if entity["entity_id"] not in seen:
                    seen.add(entity["entity_id"])
                    hits.append(
                        {"kind": "screening", "rule": "list-hit", "matched": entity["name"], **entity}
                    )
    for vessel in incident.vessels.values():
        if vessel["refs"] and f"vessel-{vessel['mmsi']}" not in seen:
            seen.add(f"vessel-{vessel['mmsi']}")
            hits.append(
                {
                    "kind": "screening",
                    "rule": "list-hit",
                    "matched": vessel["name"],
                    "name": vessel["name"],
                    "refs": vessel["refs"],
                    "mmsi": vessel["mmsi"],
                    "imo": vessel["imo"],
                    "score": 1.0,
                }
            )
    if hits:
        incident.evidence += hits
        incident.rules.append("list-hit")
    incident.rules = list(dict.fromkeys(incident.rules))
