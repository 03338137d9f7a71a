"""The screening index: every name of every canonical entity, keyed for fast look-up.

It is built once from the store and cached beside it (``<db>.index.pkl``), keyed by the store's
version, so a query never pays for it.
"""

from __future__ import annotations

import gc
import math
import pickle
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from sanctionwatch.lists.model import ListEntity
from sanctionwatch.lists.store import Store
from sanctionwatch.names.forms import NameForm, kind_of_schema, name_form
from sanctionwatch.names.lexicon import generic_words
from sanctionwatch.names.phonetic import join_keys, phonetic

INDEX_VERSION = 9
#: Share of its rarity weight that a generic word (Trading, Bank, Ocean) keeps.
GENERIC_WEIGHT = 0.4
PRIORITY = ("un_sc", "us_ofac_sdn", "gb_hmt", "au_dfat")


@dataclass(slots=True)
class Subject:
    """A canonical entity as the screener sees it: all its list records merged."""

    id: str
    caption: str
    schema: str
    kind: str
    refs: list[str]
    datasets: list[str]
    birth_dates: list[str]
    countries: list[str]
    imo: list[str]
    mmsi: list[str]
    dprk: bool


@dataclass
class ScreeningIndex:
    """Names in parallel lists (fast to pickle and to scan), postings and identifier maps."""

    version: str
    subjects: list[Subject] = field(default_factory=list)
    name_subject: list[int] = field(default_factory=list)
    name_text: list[str] = field(default_factory=list)
    name_weak: list[bool] = field(default_factory=list)
    name_kind: list[str] = field(default_factory=list)
    name_keys: list[tuple[str, ...]] = field(default_factory=list)
    name_rotations: list[list[str]] = field(default_factory=list)
    name_weight: list[float] = field(default_factory=list)
    name_sorted: list[tuple[str, ...]] = field(default_factory=list)
    name_digits: list[frozenset[str]] = field(default_factory=list)
    postings: dict[str, list[int]] = field(default_factory=dict)
    weights: dict[str, float] = field(default_factory=dict)
    by_imo: dict[str, list[int]] = field(default_factory=dict)
    by_mmsi: dict[str, list[int]] = field(default_factory=dict)
    default_weight: float = 1.0

    def add_name(self, subject: int, name: str, weak: bool, kind: str, form: NameForm) -> int:
        self.name_subject.append(subject)
        self.name_text.append(name)
        self.name_weak.append(weak)
        self.name_kind.append(kind)
        self.name_keys.append(form.keys)
        self.name_rotations.append(form.rotations(kind))
        self.name_sorted.append(form.sorted_keys)
        self.name_digits.append(form.digits)
        return len(self.name_text) - 1


def _subject(records: list[ListEntity]) -> Subject:
    records.sort(key=lambda r: (PRIORITY.index(r.dataset) if r.dataset in PRIORITY else 9, r.id))
    head = records[0]

    def union(attribute: str) -> list[str]:
        return list(dict.fromkeys(v for r in records for v in getattr(r, attribute)))

    return Subject(
        id=head.canonical_id or head.id,
        caption=head.name,
        schema=head.schema,
        kind=kind_of_schema(head.schema),
        refs=list(dict.fromkeys(r.ref for r in records)),
        datasets=list(dict.fromkeys(r.dataset for r in records)),
        birth_dates=union("birth_dates"),
        countries=list(dict.fromkeys(union("nationalities") + union("countries") + union("flags"))),
        imo=union("imo") if head.schema == "Vessel" else [],
        mmsi=union("mmsi"),
        dprk=any(r.dprk for r in records),
    )


_PATRONYMIC = re.compile(r"(ovich|evich|ovna|evna|ichna|ogly|kyzy)$")


_BRACKETED = re.compile(r"\([^)]*\)")


def name_variants(form: NameForm, kind: str) -> list[NameForm]:
    """The name, the name without a bracketed part ("FOREIGN TRADE BANK (FTB)"), and for a
    Russian name the name without its patronymic, as news writes them."""
    variants = [form]
    if "(" in form.original:
        bare = name_form(_BRACKETED.sub(" ", form.original), kind)
        if bare.keys:
            variants.append(bare)
    return variants + [v for f in variants for v in _without_patronymic(f)]


def _without_patronymic(form: NameForm) -> list[NameForm]:
    kept = [
        (word, key) for word, key in zip(form.words, form.keys, strict=True) if not _PATRONYMIC.search(word)
    ]
    if len(kept) == len(form.words) or len(kept) < 2:
        return []
    words = tuple(word for word, _ in kept)
    keys = tuple(key for _, key in kept)
    dropped = form.dropped + tuple(w for w in form.words if w not in words)
    return [NameForm(form.original, words, keys, dropped)]


def lookup_keys(form: NameForm) -> set[str]:
    """Keys a name is found by: each word, each pair of neighbouring words joined, all joined."""
    keys = set(form.keys)
    keys.update(join_keys((a, b)) for a, b in zip(form.keys, form.keys[1:], strict=False))
    keys.add(form.joined)
    keys.discard("")
    return keys


def build_index(entities: list[ListEntity], version: str = "") -> ScreeningIndex:
    groups: dict[str, list[ListEntity]] = defaultdict(list)
    for entity in entities:
        groups[entity.canonical_id or entity.id].append(entity)
    index = ScreeningIndex(version=version)
    postings: dict[str, set[int]] = defaultdict(set)
    word_counts: dict[str, int] = defaultdict(int)
    for records in groups.values():
        subject = _subject(records)
        number = len(index.subjects)
        index.subjects.append(subject)
        seen: set[tuple[str, ...]] = set()
        strong = {n for r in records for n in [r.name, *r.aliases]}
        weak = {n for r in records for n in r.weak_aliases} - strong
        for name, is_weak in [(n, False) for n in sorted(strong)] + [(n, True) for n in sorted(weak)]:
            for form in name_variants(name_form(name, subject.kind), subject.kind):
                if not form.keys or form.keys in seen:
                    continue
                seen.add(form.keys)
                name_id = index.add_name(number, name, is_weak, subject.kind, form)
                for key in lookup_keys(form):
                    postings[key].add(name_id)
                for key in set(form.keys):
                    word_counts[key] += 1
        for imo in subject.imo:
            index.by_imo.setdefault(imo, []).append(number)
        for mmsi in subject.mmsi:
            index.by_mmsi.setdefault(mmsi, []).append(number)
    index.postings = {key: sorted(ids) for key, ids in postings.items()}
    total = len(index.name_text)
    generic = {phonetic(word) for word in generic_words()}
    for key, count in word_counts.items():
        weight = math.log(1 + total / count)
        index.weights[key] = weight * GENERIC_WEIGHT if key in generic else weight
    index.default_weight = math.log(1 + total)
    index.name_weight = [sum(index.weights[k] for k in set(keys)) for keys in index.name_keys]
    return index


def index_path(db: Path) -> Path:
    return db.with_name(db.name + ".index.pkl")


def _unpickle(data: bytes) -> object:
    """Unpickle with the cyclic garbage collector paused: ten times faster for many small objects."""
    gc.disable()
    try:
        return pickle.loads(data)
    finally:
        gc.enable()


def load_index(store: Store) -> ScreeningIndex:
    """The index of the store's lists, from the cache beside the store when it is current.

    The index is hundreds of thousands of long-lived objects: they are moved out of the cyclic
    garbage collector's sight (``gc.freeze``), or every collection would walk them again."""
    index = _load_index(store)
    gc.freeze()
    return index


def _load_index(store: Store) -> ScreeningIndex:
    version = f"{INDEX_VERSION}|{store.version()}"
    path = index_path(store.path)
    if path.exists():
        try:
            with path.open("rb") as handle:
                cached = _unpickle(handle.read())
            if isinstance(cached, ScreeningIndex) and cached.version == version:
                return cached
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError):
            pass
    index = build_index(list(store.entities()), version)
    try:
        temporary = path.with_suffix(".tmp")
        with temporary.open("wb") as handle:
            pickle.dump(index, handle, protocol=pickle.HIGHEST_PROTOCOL)
        temporary.replace(path)
    except OSError:
        pass  # a read-only location: the index works, it is just not cached
    return index
