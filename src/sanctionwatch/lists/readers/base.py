"""The reader interface: one class per list format, one method to override."""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

from sanctionwatch.lists.ids import program_id, record_id, slug
from sanctionwatch.lists.model import ListEntity
from sanctionwatch.lists.related import related_entity


@dataclass
class ListFile:
    """What one read of one list produced: its entities and what was set aside, counted.

    ``related`` holds the FtM entities that are not screened but belong with the entities (a
    list's Sanction entities, an FtM file's Address, Payment or Ownership entities), as FtM
    dicts. A delta file (``delta``) changes its dataset instead of replacing it: its entities
    and related entities replace those with the same id, and the ids in ``deleted`` go.
    """

    path: Path
    format: str
    dataset: str
    list_date: str
    entities: list[ListEntity]
    parts: list[Path] = field(default_factory=list)
    set_aside: dict[str, int] = field(default_factory=dict)
    related: list[dict[str, Any]] = field(default_factory=list)
    delta: bool = False
    deleted: list[str] = field(default_factory=list)
    #: the sha256 of the decompressed file, when the caller has computed it already
    sha256: str = ""
    #: where the file came from when that is not its path: the URL it was downloaded from
    origin: str = ""

    def count(self, why: str, number: int = 1) -> None:
        """Count something set aside or kept apart, by the reason a user reads in the output."""
        self.set_aside[why] = self.set_aside.get(why, 0) + number


class ListReader(ABC):
    """Base class of the list readers. Subclasses set the class attributes and ``read``."""

    format: ClassVar[str]
    dataset: ClassVar[str]
    title: ClassVar[str]
    #: who publishes the list, and where (the Sanction entities of an export name both)
    authority: ClassVar[str] = ""
    source_url: ClassVar[str] = ""

    @abstractmethod
    def detect(self, path: Path, head: bytes) -> bool:
        """The file looks like this format, judged from its first decompressed bytes."""

    @abstractmethod
    def read(self, path: Path) -> ListFile:
        """Read every record; raise ``ParseError`` naming the file and record on bad input."""

    def entity_id(self, ref: str) -> str:
        """The id of this list's record ``ref``: it depends on the record alone (``lists/ids.py``)."""
        return record_id(self.dataset, ref)

    def sanction(self, entity: ListEntity, **properties: str | list[str] | None) -> dict[str, Any]:
        """The FtM Sanction entity of one record: who listed it, under which programme, with
        what reference, pointing at the record. ``properties`` adds listingDate, summary..."""
        values: dict[str, list[str]] = {
            "entity": [entity.id],
            "authority": [self.authority or self.title],
            "authorityId": [entity.ref],
        }
        if entity.programs:
            values["program"] = list(entity.programs)
            values["programId"] = [program_id(self.dataset, program) for program in entity.programs]
        if self.source_url:
            values["sourceUrl"] = [self.source_url]
        for name, value in properties.items():
            kept = [value] if isinstance(value, str) else [v for v in value or () if v]
            if kept and kept[0]:
                values[name] = kept
        return {
            "id": f"{entity.id}-sanction",
            "schema": "Sanction",
            "properties": values,
            "datasets": [self.dataset],
        }

    def link(self, subject: ListEntity, target: ListEntity, role: str) -> dict[str, Any]:
        """A relationship the list states between two of its records (OFAC's "Linked To")."""
        properties = {"subject": [subject.id], "object": [target.id], "role": [role]}
        suffix = target.id.removeprefix(f"{slug(self.dataset)}-")
        return related_entity(f"{subject.id}-link-{suffix}", "UnknownLink", self.dataset, properties)
