"""Which vessels are on a list: by IMO number, by MMSI, or by name (vessel names only)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from sanctionwatch.names.forms import VESSEL, name_form
from sanctionwatch.screening.index import ScreeningIndex


@dataclass
class VesselLookup:
    by_imo: dict[str, list[str]] = field(default_factory=dict)
    by_mmsi: dict[str, list[str]] = field(default_factory=dict)
    by_name: dict[str, list[str]] = field(default_factory=dict)

    @classmethod
    def empty(cls) -> VesselLookup:
        return cls()

    @classmethod
    def from_index(cls, index: ScreeningIndex) -> VesselLookup:
        lookup = cls()
        for imo, numbers in index.by_imo.items():
            lookup.by_imo[imo] = [ref for n in numbers for ref in index.subjects[n].refs]
        for mmsi, numbers in index.by_mmsi.items():
            lookup.by_mmsi[mmsi] = [ref for n in numbers for ref in index.subjects[n].refs]
        names: dict[str, list[str]] = defaultdict(list)
        for name_id, kind in enumerate(index.name_kind):
            if kind == VESSEL and not index.name_weak[name_id]:
                subject = index.subjects[index.name_subject[name_id]]
                if subject.schema == "Vessel":
                    names["".join(index.name_keys[name_id])].extend(subject.refs)
        lookup.by_name = {key: list(dict.fromkeys(refs)) for key, refs in names.items()}
        return lookup

    def refs(self, mmsi: int, imo: str | None, name: str | None) -> list[str]:
        """List references of the vessel, matched by IMO, MMSI or exact (normalised) name."""
        found: list[str] = []
        if imo:
            found += self.by_imo.get(imo, [])
        found += self.by_mmsi.get(str(mmsi), [])
        if name:
            found += self.by_name.get("".join(name_form(name, VESSEL).keys), [])
        return list(dict.fromkeys(found))
