"""The reader interface: one class per list format, one method to override."""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar

from sanctionwatch.lists.model import ListEntity


@dataclass
class ListFile:
    """What one read of one list produced: its entities and what was set aside, counted."""

    path: Path
    format: str
    dataset: str
    list_date: str
    entities: list[ListEntity]
    parts: list[Path] = field(default_factory=list)
    set_aside: dict[str, int] = field(default_factory=dict)


class ListReader(ABC):
    """Base class of the list readers. Subclasses set the class attributes and ``read``."""

    format: ClassVar[str]
    dataset: ClassVar[str]
    title: ClassVar[str]

    @abstractmethod
    def detect(self, path: Path, head: bytes) -> bool:
        """The file looks like this format, judged from its first decompressed bytes."""

    @abstractmethod
    def read(self, path: Path) -> ListFile:
        """Read every record; raise ``ParseError`` naming the file and record on bad input."""

    def entity_id(self, ref: str) -> str:
        return f"{self.dataset}-{ref}".replace(" ", "")
