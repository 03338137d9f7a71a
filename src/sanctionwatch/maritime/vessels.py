"""Which vessels are on a list: by IMO number, by MMSI, or by name (vessel names only).

A name, current or former, flags a vessel only when nothing about the vessel's own identity
contradicts it (``names.identity``): the US vessel EXPLORER (IMO 8950463, MMSI 367544000) is not
the listed tanker HERBY ex-EXPLORER (IMO 9362059). Names are compared by the same rules as in
screening, numerals included (KUM UN SAN 3 is not KUM UN SAN).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from sanctionwatch.lists.identifiers import imo_is_valid
from sanctionwatch.names.forms import VESSEL, name_forms
from sanctionwatch.names.identity import identity_conflict
from sanctionwatch.screening.index import ScreeningIndex, Subject


@dataclass
class VesselLookup:
    by_imo: dict[str, list[str]] = field(default_factory=dict)
    by_mmsi: dict[str, list[str]] = field(default_factory=dict)
    by_name: dict[str, list[str]] = field(default_factory=dict)
    #: The listed vessels each name key stands for, with their IMO numbers and MMSIs.
    vessels_by_name: dict[str, list[Subject]] = field(default_factory=dict)
    subjects_by_mmsi: dict[str, list[Subject]] = field(default_factory=dict)

    @classmethod
    def empty(cls) -> VesselLookup:
        return cls()

    @classmethod
    def from_index(cls, index: ScreeningIndex) -> VesselLookup:
        lookup = cls()
        for imo, numbers in index.by_imo.items():
            lookup.by_imo[imo] = [ref for n in numbers for ref in index.subjects[n].refs]
        for mmsi, numbers in index.by_mmsi.items():
            lookup.subjects_by_mmsi[mmsi] = [index.subjects[n] for n in numbers]
            lookup.by_mmsi[mmsi] = [ref for n in numbers for ref in index.subjects[n].refs]
        vessels: dict[str, dict[str, Subject]] = defaultdict(dict)
        for name_id, kind in enumerate(index.name_kind):
            if kind == VESSEL and not index.name_weak[name_id]:
                subject = index.subjects[index.name_subject[name_id]]
                if subject.schema == "Vessel":
                    vessels["".join(index.name_keys[name_id])][subject.id] = subject
        lookup.vessels_by_name = {key: list(found.values()) for key, found in vessels.items()}
        lookup.by_name = {
            key: list(dict.fromkeys(ref for s in found for ref in s.refs))
            for key, found in lookup.vessels_by_name.items()
        }
        return lookup

    def refs(self, mmsi: int, imo: str | None, name: str | None) -> list[str]:
        """List references of the vessel: by IMO; by MMSI or by exact (normalised) name unless the
        vessel's IMO number or MMSI says the listed vessel is another one."""
        found: list[str] = []
        if imo:
            found += self.by_imo.get(imo, [])
        own_mmsi = str(mmsi)
        # a number that fails the IMO check digit (a US Coast Guard number) is not an IMO number
        own_imo = imo if imo and imo_is_valid(imo) else None
        for subject in self.subjects_by_mmsi.get(own_mmsi, []):
            if not identity_conflict([own_imo], subject.imo):
                found += subject.refs
        if name:
            for form in name_forms(name, VESSEL):
                for subject in self.vessels_by_name.get("".join(form.keys), []):
                    if not identity_conflict([own_imo], subject.imo, [own_mmsi], subject.mmsi):
                        found += subject.refs
        return list(dict.fromkeys(found))
