"""A claim, as ANNOTATION.md defines it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

MODALITIES = ("asserted", "assessed", "expected", "speculated", "denied")
CATEGORIES = (
    "arms",
    "wmd_ballistic",
    "military_cooperation",
    "refined_petroleum",
    "crude_oil",
    "petroleum",
    "coal",
    "iron_ore_metals",
    "seafood",
    "textiles",
    "food",
    "machinery_vehicles",
    "luxury_goods",
    "workers",
    "financial",
    "cyber",
    "joint_venture",
    "ship_to_ship",
    "other",
)


@dataclass
class Span:
    text: str
    start: int
    end: int


@dataclass
class Claim:
    category: str
    supplier: str | None
    recipient: str | None
    modality: str
    source: str | None
    provisions: list[str]
    text: str
    start: int
    end: int
    entities: list[dict[str, Any]] = field(default_factory=list)
    spans: list[Span] = field(default_factory=list)
    #: The learned scorer's probability that the document states this claim (claims/scorer.py);
    #: None when the scorer did not weigh it (no scorer, or a claim read from a sentence that
    #: names no goods).
    confidence: float | None = None

    @property
    def key(self) -> tuple[str, str | None, str | None, str]:
        return (self.category, self.supplier, self.recipient, self.modality)

    def as_dict(self) -> dict[str, Any]:
        return {
            "category": self.category,
            "supplier": self.supplier,
            "recipient": self.recipient,
            "modality": self.modality,
            "source": self.source,
            "provisions": self.provisions,
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "entities": self.entities,
            "spans": [{"text": s.text, "start": s.start, "end": s.end} for s in self.spans],
            "confidence": self.confidence,
        }
