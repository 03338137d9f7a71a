"""A name prepared for comparison: its words, their phonetic keys and joined forms."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property, lru_cache

from sanctionwatch.names.lexicon import org_forms, titles, vessel_prefixes
from sanctionwatch.names.normalize import tokens
from sanctionwatch.names.phonetic import join_keys, phonetic

PERSON = "person"
ORGANIZATION = "organization"
VESSEL = "vessel"


@dataclass(frozen=True)
class NameForm:
    """One name, normalised: ``words`` as written (ASCII), ``keys`` their phonetic keys."""

    original: str
    words: tuple[str, ...]
    keys: tuple[str, ...]
    dropped: tuple[str, ...]

    @cached_property
    def joined(self) -> str:
        return join_keys(self.keys)

    def rotations(self, kind: str = PERSON) -> list[str]:
        """The joined key with each word first in turn: surname first or last, same key.

        Only personal names are rotated; organisation and vessel names keep their order."""
        keys = self.keys
        if len(keys) <= 1 or kind != PERSON:
            return [self.joined]
        return [join_keys(keys[i:] + keys[:i]) for i in range(len(keys))]

    @cached_property
    def digits(self) -> frozenset[str]:
        return frozenset(key for key in self.keys if key.isdigit())

    @cached_property
    def sorted_keys(self) -> tuple[str, ...]:
        return tuple(sorted(self.keys))


def kind_of_schema(schema: str) -> str:
    if schema == "Person":
        return PERSON
    if schema in ("Vessel", "Airplane"):
        return VESSEL
    return ORGANIZATION


@lru_cache(maxsize=300_000)
def name_form(name: str, kind: str) -> NameForm:
    """Normalise ``name`` for its kind: titles go from people, corporate forms from
    organisations, prefixes such as M/V and "No." from vessels; nothing goes if nothing is left."""
    words = tokens(name)
    droppable = {PERSON: titles(), ORGANIZATION: org_forms(), VESSEL: vessel_prefixes() | org_forms()}[kind]
    kept = [word for word in words if word not in droppable]
    if kind == VESSEL:
        kept = [
            w for i, w in enumerate(kept) if not (w == "no" and i + 1 < len(kept) and kept[i + 1].isdigit())
        ]
        kept = [w for w in kept if not (w in ("m", "v", "t") and len(kept) > 2)]
    if not kept:
        kept = words
    dropped = tuple(word for word in words if word not in kept)
    last = len(kept) - 1
    keys = tuple(
        phonetic(word, surname_position=kind == PERSON and i in (0, last)) for i, word in enumerate(kept)
    )
    return NameForm(name, tuple(kept), keys, dropped)
