"""The fusion rules: few, named, and each incident says which built it.

- ``same-transfer``: claims of the same category and direction, from any documents published
  within ``WINDOW_DAYS`` of each other, form one incident; a claim that leaves one side open joins
  the one incident that fills it in; a denial joins as evidence but is never a source. A claim of
  how goods moved (``ship_to_ship``) that shares its sentence with a claim of the goods ("a
  ship-to-ship transfer of refined petroleum") is evidence of that transfer's incident, not an
  incident of its own: the same sentence in two incidents would count one event twice.
- ``dark-shuttle``: a vessel that is listed or named in a claim, goes dark at sea and calls at
  both a DPRK port and a Russian Far East port joins the incident of arms, WMD items or military
  cooperation between the two (or makes one of its own).
- ``sts-meeting``: an encounter at sea between a DPRK-linked vessel (listed, named in a claim,
  or with the DPRK's MMSI digits 445) and another ship joins the incident of oil or ship-to-ship
  transfers to the DPRK (or makes one of its own).
- ``named-vessel``: a vessel that the documents of an incident name (by name with its numerals,
  IMO number, MMSI or call sign, resolved against the AIS vessels with the screening rules) brings
  its own AIS events of the same period into that incident; each says which identifier tied it.
- ``list-hit``: every named party of the claims and every vessel of the events that matches a
  sanctions list adds the hits of that party or vessel alone (cases/attribution.py), as
  screening evidence.

Corroboration counts only claims whose parties are the incident's: a claim that leaves a party
open ("a tanker of unknown nationality delivered diesel") joins as context, never as agreement.
Claims about goods that no measure prohibits (food into the DPRK) are kept but build no incident.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any

from sanctionwatch.cases.attribution import numerals_agree, vessel_refs
from sanctionwatch.cases.model import Incident
from sanctionwatch.claims.provisions import provisions_for

RULES = {
    "same-transfer": "Claims of the same category and direction in documents published within 60 days.",
    "dark-shuttle": "A listed or named vessel went dark at sea between DPRK and Russian Far East port calls.",
    "sts-meeting": "A DPRK-linked vessel met another ship at sea, far from port, for hours.",
    "named-vessel": "A vessel the documents name (by name, IMO, MMSI or call sign) has AIS events then.",
    "list-hit": "A named party or a vessel matches a sanctions list.",
}
WINDOW_DAYS = 60
#: How far before the first or after the last claim AIS events may lie and still fit an incident.
AIS_SLACK_DAYS = 45
SHUTTLE_CATEGORIES = ("arms", "wmd_ballistic", "military_cooperation")
#: Categories that say how something moved rather than what moved.
METHOD_CATEGORIES = ("ship_to_ship",)
STS_CATEGORIES = ("refined_petroleum", "petroleum", "crude_oil", "ship_to_ship")
DPRK_MID = 445


@dataclass
class DocumentClaims:
    """One document's claims, with what its front matter says of it (None where it says nothing)."""

    name: str
    publisher: str | None
    date: str | None
    title: str
    claims: list[dict[str, Any]]
    url: str | None = None
    language: str | None = None


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
        "url": document.url,
        **claim,
    }


def fuse(documents: list[DocumentClaims], events: list[dict[str, Any]]) -> list[Incident]:
    incidents = _by_transfer(documents)
    named = _named_vessels(documents)
    _dark_shuttles(incidents, events, named)
    _sts_meetings(incidents, events, named)
    _named_vessel_events(incidents, events)
    for incident in incidents:
        _list_hits(incident)
        incident.provisions = provisions_for(incident.category, incident.supplier, incident.recipient)
    incidents.sort(key=lambda i: (i.period()["start"] or "", i.category))
    for number, incident in enumerate(incidents, start=1):
        incident.id = f"INC-{number:03d}"
    return incidents


def _by_transfer(documents: list[DocumentClaims]) -> list[Incident]:
    plain: list[tuple[DocumentClaims, dict[str, Any]]] = []
    methods: list[tuple[DocumentClaims, dict[str, Any], dict[str, Any]]] = []
    for document in documents:
        for claim in document.claims:
            if claim["provisions"]:
                goods = _goods_of(document, claim)
                if goods is None:
                    plain.append((document, claim))
                else:
                    methods.append((document, claim, goods))
    incidents = _incidents(plain)
    alone = []
    for document, claim, goods in methods:
        home = next((i for i in incidents if _holds(i, document, goods)), None)
        if home is None:  # the goods built no incident (a denial alone): the method stands alone
            alone.append((document, claim))
        else:
            home.evidence.append(claim_evidence(document, claim))
    return incidents + _incidents(alone)


def _incidents(items: list[tuple[DocumentClaims, dict[str, Any]]]) -> list[Incident]:
    """One incident per category, direction and time cluster of the claims."""
    groups: dict[tuple[str, str | None, str | None], list[tuple[DocumentClaims, dict[str, Any]]]] = (
        defaultdict(list)
    )
    for document, claim in items:
        groups[(claim["category"], claim["supplier"], claim["recipient"])].append((document, claim))
    _merge_partial(groups)
    incidents = []
    for (category, supplier, recipient), grouped in groups.items():
        for cluster in _clusters(grouped):
            if all(claim["modality"] == "denied" for _, claim in cluster):
                continue  # a denial alone is not a finding
            incident = Incident(category, supplier, recipient, rules=["same-transfer"])
            incident.evidence = [claim_evidence(document, claim) for document, claim in cluster]
            incidents.append(incident)
    return incidents


def _spans(claim: dict[str, Any]) -> list[tuple[int, int]]:
    spans = [(span["start"], span["end"]) for span in claim.get("spans") or []]
    return spans or [(claim["start"], claim["end"])]


def _goods_of(document: DocumentClaims, claim: dict[str, Any]) -> dict[str, Any] | None:
    """For a claim of how goods moved, the document's claim of the goods it shares a sentence
    with (the first, in the document's order), or None."""
    if claim["category"] not in METHOD_CATEGORIES:
        return None
    mine = _spans(claim)
    for other in document.claims:
        if other["category"] in METHOD_CATEGORIES or not other["provisions"]:
            continue
        if any(start < end_ and start_ < end for start, end in mine for start_, end_ in _spans(other)):
            return other
    return None


def _holds(incident: Incident, document: DocumentClaims, claim: dict[str, Any]) -> bool:
    key = (document.name, claim["category"], claim["start"], claim["modality"])
    return any(
        e["kind"] == "claim" and (e["document"], e["category"], e["start"], e["modality"]) == key
        for e in incident.evidence
    )


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


@dataclass
class Named:
    """Vessels the claims name: listed vessel names (upper case), and AIS vessels by MMSI with the
    identifier that tied each."""

    listed: set[str]
    ais: dict[int, list[dict[str, Any]]]

    def knows(self, event: dict[str, Any]) -> bool:
        return any(n.upper() in self.listed for n in event["names"]) or any(
            m in self.ais for m in event["mmsi"]
        )


def _named_vessels(documents: list[DocumentClaims]) -> Named:
    ais: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for document in documents:
        for claim in document.claims:
            for vessel in claim.get("vessels", []):
                ais[vessel["mmsi"]].append({**vessel, "document": document.name})
    listed = {
        entity["caption"].upper()
        for document in documents
        for claim in document.claims
        for entity in claim.get("entities", [])
        if numerals_agree(entity, claim["text"])
    }
    return Named(listed, dict(ais))


def _fits(incident: Incident, event: dict[str, Any]) -> bool:
    period = incident.period()
    start, end = _day(period["start"]), _day(period["end"])
    when = _day(event["start"])
    if start is None or end is None or when is None:
        return True
    return (start - when).days <= AIS_SLACK_DAYS and (when - end).days <= AIS_SLACK_DAYS


def _vessel(event: dict[str, Any], mmsi: int) -> dict[str, Any]:
    """One vessel of an event with its own identifiers and list hits, never its partner's."""
    for vessel in event.get("vessels", []):
        if vessel["mmsi"] == mmsi:
            return {
                "mmsi": mmsi,
                "imo": vessel.get("imo"),
                "name": vessel.get("name"),
                "call_sign": vessel.get("call_sign"),
                "refs": vessel_refs(vessel),
                "hits": vessel.get("hits", []),
            }
    # an event without per-vessel attribution: only a lone vessel can own the event's references
    alone = len(event["mmsi"]) == 1
    return {
        "mmsi": mmsi,
        "imo": event["imo"][0] if alone and event["imo"] else None,
        "name": event["names"][0] if alone and event["names"] else None,
        "refs": list(event["sanctioned"]) if alone else [],
        "hits": [],
    }


def _event_evidence(event: dict[str, Any], rule: str, tied_by: list[dict[str, Any]]) -> dict[str, Any]:
    return {"kind": "ais_event", "rule": rule, "tied_by": tied_by, **event}


def _ties(incident: Incident, event: dict[str, Any], named: Named) -> list[dict[str, Any]]:
    """How the documents of ``incident`` name the vessels of ``event``: by listed name or by an
    AIS identifier; empty when the event joined by its kind, place and time alone."""
    documents = {e["document"] for e in incident.evidence if e["kind"] == "claim"}
    ties = [
        {k: tie[k] for k in ("mmsi", "name", "identifier", "value", "document")}
        for mmsi in event["mmsi"]
        for tie in named.ais.get(mmsi, [])
        if tie["document"] in documents
    ]
    listed = {
        entity["caption"].upper(): item["document"]
        for item in incident.evidence
        if item["kind"] == "claim"
        for entity in item.get("entities", [])
        if numerals_agree(entity, item["text"])
    }
    for mmsi, name in zip(event["mmsi"], _names(event), strict=True):
        if name and name.upper() in listed:
            ties.append(
                {
                    "mmsi": mmsi,
                    "name": name,
                    "identifier": "listed name",
                    "value": name,
                    "document": listed[name.upper()],
                }
            )
    return list({(t["mmsi"], t["identifier"], t["document"]): t for t in ties}.values())


def _names(event: dict[str, Any]) -> list[str | None]:
    """The name of each vessel of the event, in the order of its MMSIs."""
    if event.get("vessels"):
        return [v.get("name") for v in event["vessels"]]
    if len(event["mmsi"]) == 1:
        return [event["names"][0] if event["names"] else None]
    return [None] * len(event["mmsi"])


def _join(incident: Incident, event: dict[str, Any], rule: str, named: Named) -> None:
    incident.rules.append(rule)
    incident.evidence.append(_event_evidence(event, rule, _ties(incident, event, named)))


def _dark_shuttles(incidents: list[Incident], events: list[dict[str, Any]], named: Named) -> None:
    by_vessel: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for event in events:
        if len(event["mmsi"]) == 1:
            by_vessel[event["mmsi"][0]].append(event)
    for mmsi, own in by_vessel.items():
        gaps = [e for e in own if e["type"] == "gap"]
        # in time order: which country the vessel called at first decides the direction accused
        visits = sorted((e for e in own if e["type"] == "port_visit"), key=lambda e: e["start"])
        countries = {e["details"].get("port_country") for e in visits}
        known = bool(_vessel(own[0], mmsi)["refs"]) or named.knows(own[0])
        if not (gaps and known and {"KP", "RU"} <= countries):
            continue
        visited = [e["port"] for e in visits]
        kp_first = (
            next(e for e in visits if e["details"]["port_country"] in ("KP", "RU"))["details"]["port_country"]
            == "KP"
        )
        supplier, recipient = ("KP", "RU") if kp_first else ("RU", "KP")
        incident = _pick(incidents, SHUTTLE_CATEGORIES, supplier, recipient, gaps[0], named)
        if incident is None:
            incident = Incident("other", supplier, recipient)
            incidents.append(incident)
        incident.vessels[mmsi] = _vessel(own[0], mmsi) | {"ports": list(dict.fromkeys(visited))}
        for event in sorted(gaps + visits, key=lambda e: e["start"]):
            _join(incident, event, "dark-shuttle", named)


def _sts_meetings(incidents: list[Incident], events: list[dict[str, Any]], named: Named) -> None:
    for event in events:
        if event["type"] != "encounter":
            continue
        linked = [m for m in event["mmsi"] if m // 1_000_000 == DPRK_MID]
        listed = any(_vessel(event, m)["refs"] for m in event["mmsi"]) or named.knows(event)
        if not (linked or listed):
            continue
        incident = _pick(incidents, STS_CATEGORIES, None, "KP", event, named)
        if incident is None:
            incident = Incident("ship_to_ship", None, "KP")
            incidents.append(incident)
        for mmsi in event["mmsi"]:
            incident.vessels[mmsi] = _vessel(event, mmsi)
        _join(incident, event, "sts-meeting", named)


def _named_vessel_events(incidents: list[Incident], events: list[dict[str, Any]]) -> None:
    """Events of the vessels an incident's documents name, in the incident's period, that no
    rule placed in any incident yet; port calls only at ports of the incident's parties."""
    placed = {_key(e) for i in incidents for e in i.evidence if e["kind"] == "ais_event"}
    for incident in incidents:
        documents = {e["document"] for e in incident.evidence if e["kind"] == "claim"}
        if not documents:
            continue
        ties: dict[int, list[dict[str, Any]]] = defaultdict(list)
        for item in incident.evidence:
            if item["kind"] != "claim":
                continue
            for vessel in item.get("vessels", []):
                ties[vessel["mmsi"]].append({**vessel, "document": item["document"]})
        if not ties:
            continue
        parties = {incident.supplier, incident.recipient} - {None}
        for event in events:
            tied = [m for m in event["mmsi"] if m in ties]
            if not tied or _key(event) in placed or not _fits(incident, event):
                continue
            if event["type"] == "port_visit" and event["details"].get("port_country") not in parties:
                continue
            for mmsi in event["mmsi"]:
                incident.vessels.setdefault(mmsi, _vessel(event, mmsi))
            incident.rules.append("named-vessel")
            tied_by = [
                {k: tie[k] for k in ("mmsi", "name", "identifier", "value", "document")}
                for mmsi in tied
                for tie in ties[mmsi]
            ]
            incident.evidence.append(_event_evidence(event, "named-vessel", tied_by))
            placed.add(_key(event))


def _key(event: dict[str, Any]) -> tuple[str, tuple[int, ...], str]:
    return (event["type"], tuple(event["mmsi"]), event["start"])


def _pick(
    incidents: list[Incident],
    categories: tuple[str, ...],
    supplier: str | None,
    recipient: str,
    event: dict[str, Any],
    named: Named,
) -> Incident | None:
    """The best incident for an event: one whose documents name its vessels, else the first
    category in preference order whose documents name no vessel at all; direction matching
    either way. Documents that name the ships of a transfer say which ships did it: another
    ship's encounter in the same weeks is not evidence of that transfer, and joining it would
    put an unnamed ship into the accusation."""

    def direction(incident: Incident) -> bool:
        return incident.recipient == recipient and (supplier is None or incident.supplier in (supplier, None))

    for incident in incidents:
        if direction(incident) and _fits(incident, event) and _ties(incident, event, named):
            return incident
    for category in categories:
        for incident in incidents:
            if (
                incident.category == category
                and direction(incident)
                and _fits(incident, event)
                and not names_a_vessel(incident)
            ):
                return incident
    return None


def names_a_vessel(incident: Incident) -> bool:
    """Whether the incident's documents name a vessel: one tied to AIS by an identifier, or a
    listed vessel by its name."""
    return any(
        item.get("vessels") or any(entity.get("schema") == "Vessel" for entity in item.get("entities", []))
        for item in incident.evidence
        if item["kind"] == "claim"
    )


def _list_hits(incident: Incident) -> None:
    """Screening evidence, one item per listed entity and the party or vessel it matched."""
    seen: set[tuple[str, str]] = set()
    hits = []
    for item in incident.evidence:
        if item["kind"] == "claim":
            for entity in item.get("entities", []):
                if not numerals_agree(entity, item["text"]):
                    continue  # the text names a vessel with a numeral the listed name lacks
                if ("claim", entity["entity_id"]) not in seen:
                    seen.add(("claim", entity["entity_id"]))
                    hits.append(
                        {
                            "kind": "screening",
                            "rule": "list-hit",
                            "subject": "party",
                            "matched": entity["name"],
                            "matched_by": [{"identifier": "name", "value": entity["name"]}],
                            "document": item["document"],
                            **entity,
                        }
                    )
    for vessel in incident.vessels.values():
        # a vessel given without per-vessel attribution (a lone vessel's event) owns its references
        own = vessel.get("hits") or ([{"entity_id": "", "refs": vessel["refs"]}] if vessel["refs"] else [])
        for hit in own:
            key = (str(vessel["mmsi"]), hit["entity_id"])
            if key not in seen:
                seen.add(key)
                hits.append(
                    {
                        "kind": "screening",
                        "rule": "list-hit",
                        "subject": "vessel",
                        "matched": vessel["name"],
                        "name": vessel["name"],
                        "mmsi": vessel["mmsi"],
                        "imo": vessel["imo"],
                        "score": 1.0,
                        **hit,
                    }
                )
    if hits:
        incident.evidence += hits
        incident.rules.append("list-hit")
    incident.rules = list(dict.fromkeys(incident.rules))
