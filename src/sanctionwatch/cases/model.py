"""Incidents: findings with their evidence, sources, corroboration and the provisions breached."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

COUNTRY_NAMES = {
    "KP": "North Korea",
    "RU": "Russia",
    "CN": "China",
    "KR": "South Korea",
    "US": "the United States",
    "IR": "Iran",
    "SY": "Syria",
    "JP": "Japan",
    "MM": "Myanmar",
    "VN": "Vietnam",
    "AE": "the UAE",
    "HK": "Hong Kong",
    "LA": "Laos",
    "KH": "Cambodia",
    "UG": "Uganda",
    "BY": "Belarus",
    "UA": "Ukraine",
}
CATEGORY_TITLES = {
    "arms": "Arms",
    "wmd_ballistic": "WMD and ballistic-missile items",
    "military_cooperation": "Military cooperation",
    "refined_petroleum": "Refined petroleum",
    "crude_oil": "Crude oil",
    "petroleum": "Oil",
    "coal": "Coal",
    "iron_ore_metals": "Iron, ores and metals",
    "seafood": "Seafood",
    "textiles": "Textiles",
    "food": "Food",
    "machinery_vehicles": "Machinery and vehicles",
    "luxury_goods": "Luxury goods",
    "workers": "Workers",
    "financial": "Financial services",
    "cyber": "Cyber theft proceeds",
    "joint_venture": "Joint ventures",
    "ship_to_ship": "Ship-to-ship transfers",
    "other": "Suspicious activity",
}
LEVELS = ("single-source", "corroborated", "multi-stream")


def country(code: str | None) -> str:
    return COUNTRY_NAMES.get(code or "", code or "unknown")


@dataclass
class Incident:
    category: str
    supplier: str | None
    recipient: str | None
    rules: list[str] = field(default_factory=list)
    evidence: list[dict[str, Any]] = field(default_factory=list)
    vessels: dict[int, dict[str, Any]] = field(default_factory=dict)
    provisions: list[str] = field(default_factory=list)
    id: str = ""

    @property
    def title(self) -> str:
        goods = CATEGORY_TITLES.get(self.category, self.category)
        if self.supplier and self.recipient:
            return f"{goods} from {country(self.supplier)} to {country(self.recipient)}"
        if self.recipient:
            return f"{goods} to {country(self.recipient)}"
        return f"{goods} from {country(self.supplier)}"

    def agrees(self, claim: dict[str, Any]) -> bool:
        """A claim agrees with the incident when it is no denial and names the same parties: a
        party the claim leaves open ("a tanker of unknown nationality") is no agreement with a
        party the incident names."""
        return (
            claim["modality"] != "denied"
            and claim["supplier"] == self.supplier
            and claim["recipient"] == self.recipient
        )

    def sources(self) -> list[str]:
        """Distinct publishers of the claims that agree, and the AIS stream if it contributed."""
        # documents that do not say who published them cannot be told apart: one source together
        found = [
            e["publisher"] or "unattributed documents"
            for e in self.evidence
            if e["kind"] == "claim" and self.agrees(e)
        ]
        if any(e["kind"] == "ais_event" for e in self.evidence):
            found.append("AIS (sanctionwatch maritime detections)")
        return list(dict.fromkeys(found))

    def corroboration(self) -> str:
        sources = self.sources()
        has_text = any(e["kind"] == "claim" and self.agrees(e) for e in self.evidence)
        has_ais = any(e["kind"] == "ais_event" for e in self.evidence)
        if has_text and has_ais:
            return "multi-stream"
        return "corroborated" if len(sources) >= 2 else "single-source"

    def ties(self) -> list[dict[str, Any]]:
        """How the documents name the vessels whose AIS events joined: which identifier tied each."""
        found = [tie for e in self.evidence if e["kind"] == "ais_event" for tie in e.get("tied_by", [])]
        return list({(t["mmsi"], t["identifier"], t["document"]): t for t in found}.values())

    def period(self) -> dict[str, str | None]:
        moments = []
        for item in self.evidence:
            if item["kind"] == "claim" and item.get("date"):
                moments.append(str(item["date"]))
            if item["kind"] == "ais_event":
                moments += [item["start"][:10], item["end"][:10]]
        return {"start": min(moments) if moments else None, "end": max(moments) if moments else None}

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "category": self.category,
            "supplier": self.supplier,
            "recipient": self.recipient,
            "period": self.period(),
            "vessels": list(self.vessels.values()),
            "evidence": [
                {**e, "agrees": self.agrees(e)} if e["kind"] == "claim" else e for e in self.evidence
            ],
            "sources": self.sources(),
            "corroboration": self.corroboration(),
            "provisions": self.provisions,
            "rules": self.rules,
            "ties": self.ties(),
        }
