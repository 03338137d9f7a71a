"""The screening index: every name of every canonical entity, keyed for fast look-up.

It is built once from the store and cached beside it (``<db>.index.json``), keyed by the store's
version, so a query never pays for it. The cache is plain JSON, checked when read: a file that
anyone could write next to the store is data, never code (the earlier pickle cache ran whatever
it held). It is written under a unique temporary name and moved into place, so two processes
building it at once never read each other's half-written file.
"""

from __future__ import annotations

import contextlib
import gc
import json
import math
import os
import re
import tempfile
from collections import defaultdict
from dataclasses import astuple, dataclass, field, fields
from pathlib import Path
from typing import Any

from sanctionwatch.lists.model import ListEntity
from sanctionwatch.lists.store import Store
from sanctionwatch.names.forms import NameForm, kind_of_schema, name_forms, name_variants
from sanctionwatch.names.lexicon import generic_words
from sanctionwatch.names.phonetic import join_keys, phonetic

INDEX_VERSION = 10
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
    call_signs: list[str] = field(default_factory=list)


@dataclass
class ScreeningIndex:
    """Names in parallel lists (fast to store and to scan), postings and identifier maps."""

    version: str
    subjects: list[Subject] = field(default_factory=list)
    name_subject: list[int] = field(default_factory=list)
    name_text: list[str] = field(default_factory=list)
    name_weak: list[bool] = field(default_factory=list)
    name_kind: list[str] = field(default_factory=list)
    name_words: list[tuple[str, ...]] = field(default_factory=list)
    name_keys: list[tuple[str, ...]] = field(default_factory=list)
    name_rotations: list[list[str]] = field(default_factory=list)
    name_weight: list[float] = field(default_factory=list)
    name_sorted: list[tuple[str, ...]] = field(default_factory=list)
    name_digits: list[frozenset[str]] = field(default_factory=list)
    postings: dict[str, list[int]] = field(default_factory=dict)
    weights: dict[str, float] = field(default_factory=dict)
    generic: frozenset[str] = frozenset()
    by_imo: dict[str, list[int]] = field(default_factory=dict)
    by_mmsi: dict[str, list[int]] = field(default_factory=dict)
    by_call_sign: dict[str, list[int]] = field(default_factory=dict)
    default_weight: float = 1.0
    #: In how many names each key occurs.
    counts: dict[str, int] = field(default_factory=dict)

    def add_name(self, subject: int, name: str, weak: bool, kind: str, form: NameForm) -> int:
        self.name_subject.append(subject)
        self.name_text.append(name)
        self.name_weak.append(weak)
        self.name_kind.append(kind)
        self.name_words.append(form.words)
        self.name_keys.append(form.keys)
        return len(self.name_text) - 1

    def full_weight(self, key: str) -> float:
        """A word's rarity weight before the discount of generic words: what its absence costs."""
        weight = self.weights.get(key, self.default_weight)
        return weight / GENERIC_WEIGHT if key in self.generic else weight

    def derive(self) -> None:
        """Fill what follows from the names: rotations, sorted keys, numerals, weights, postings."""
        forms = [NameForm("", w, k, ()) for w, k in zip(self.name_words, self.name_keys, strict=True)]
        self.name_rotations = [f.rotations(kind) for f, kind in zip(forms, self.name_kind, strict=True)]
        self.name_sorted = [f.sorted_keys for f in forms]
        self.name_digits = [f.digits for f in forms]
        postings: dict[str, list[int]] = defaultdict(list)
        counts: dict[str, int] = defaultdict(int)
        for name_id, form in enumerate(forms):
            for key in lookup_keys(form):
                postings[key].append(name_id)
            for key in set(form.keys):
                counts[key] += 1
        self.postings = dict(postings)
        self.counts = dict(counts)
        total = len(self.name_text)
        self.generic = frozenset(phonetic(word) for word in generic_words())
        self.weights = {}
        for key, count in counts.items():
            weight = math.log(1 + total / count)
            self.weights[key] = weight * GENERIC_WEIGHT if key in self.generic else weight
        self.default_weight = math.log(1 + total)
        self.name_weight = [sum(self.weights[k] for k in set(keys)) for keys in self.name_keys]


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
        call_signs=[normal_call_sign(c) for c in union("call_signs")],
    )


def normal_call_sign(call_sign: str) -> str:
    """A call sign as compared: upper case, no spaces or dashes (HM YV -> HMYV)."""
    return re.sub(r"[\s-]+", "", call_sign).upper()


def lookup_keys(form: NameForm) -> set[str]:
    """Keys a name is found by: each word, each pair of neighbouring words joined, all joined,
    and its letters as written run together (after "=")."""
    keys = set(form.keys)
    keys.add("=" + form.letters)
    keys.update(join_keys((a, b)) for a, b in zip(form.keys, form.keys[1:], strict=False))
    keys.add(form.joined)
    keys.discard("")
    return keys


def build_index(entities: list[ListEntity], version: str = "") -> ScreeningIndex:
    groups: dict[str, list[ListEntity]] = defaultdict(list)
    for entity in entities:
        groups[entity.canonical_id or entity.id].append(entity)
    index = ScreeningIndex(version=version)
    for records in groups.values():
        subject = _subject(records)
        number = len(index.subjects)
        index.subjects.append(subject)
        seen: set[tuple[str, ...]] = set()
        strong = {n for r in records for n in [r.name, *r.aliases]}
        weak = {n for r in records for n in r.weak_aliases} - strong
        for name, is_weak in [(n, False) for n in sorted(strong)] + [(n, True) for n in sorted(weak)]:
            for reading in name_forms(name, subject.kind):
                for form in name_variants(reading, subject.kind):
                    if form.keys and form.keys not in seen:
                        seen.add(form.keys)
                        index.add_name(number, name, is_weak, subject.kind, form)
        for imo in subject.imo:
            index.by_imo.setdefault(imo, []).append(number)
        for mmsi in subject.mmsi:
            index.by_mmsi.setdefault(mmsi, []).append(number)
        for call_sign in subject.call_signs:
            index.by_call_sign.setdefault(call_sign, []).append(number)
    index.derive()
    return index


def index_path(db: Path) -> Path:
    return db.with_name(db.name + ".index.json")


_STORED = ("name_subject", "name_text", "name_weak", "name_kind", "name_words", "name_keys")
_SUBJECT_FIELDS = tuple(f.name for f in fields(Subject))


def _to_json(index: ScreeningIndex) -> dict[str, Any]:
    data: dict[str, Any] = {name: getattr(index, name) for name in _STORED}
    data["version"] = index.version
    data["subject_fields"] = list(_SUBJECT_FIELDS)
    data["subjects"] = [astuple(subject) for subject in index.subjects]
    for name in ("by_imo", "by_mmsi", "by_call_sign"):
        data[name] = getattr(index, name)
    return data


def _from_json(data: object, version: str) -> ScreeningIndex | None:
    """The index the cached data describes, or None if it is not exactly what this version wrote."""
    if not isinstance(data, dict) or data.get("version") != version:
        return None
    if data.get("subject_fields") != list(_SUBJECT_FIELDS):
        return None
    try:
        index = ScreeningIndex(version=version)
        if not all(_subject_row(row) for row in data["subjects"]):
            return None
        index.subjects = [Subject(*row) for row in data["subjects"]]
        columns = [data[name] for name in _STORED]
        if len({len(column) for column in columns}) != 1:
            return None
        subject, text, weak, kind, words, keys = columns
        count = len(index.subjects)
        if not all(isinstance(n, int) and 0 <= n < count for n in subject):
            return None
        if not all(isinstance(t, str) for t in text) or not all(
            k in ("person", "organization", "vessel") for k in kind
        ):
            return None
        if not all(isinstance(row, list) and all(isinstance(w, str) for w in row) for row in words + keys):
            return None
        index.name_subject, index.name_text, index.name_kind = subject, text, kind
        index.name_weak = [bool(w) for w in weak]
        index.name_words = [tuple(row) for row in words]
        index.name_keys = [tuple(row) for row in keys]
        for name in ("by_imo", "by_mmsi", "by_call_sign"):
            table = data[name]
            if not all(
                isinstance(v, list) and all(isinstance(n, int) and 0 <= n < count for n in v)
                for v in table.values()
            ):
                return None
            setattr(index, name, table)
    except (KeyError, TypeError, ValueError, AttributeError):
        return None
    index.derive()
    return index


def _subject_row(row: object) -> bool:
    """The row has a value of the right type for every field of ``Subject``."""
    if not isinstance(row, list) or len(row) != len(_SUBJECT_FIELDS):
        return False
    for name, value in zip(_SUBJECT_FIELDS, row, strict=True):
        if name == "dprk":
            if not isinstance(value, bool):
                return False
        elif name in ("id", "caption", "schema", "kind"):
            if not isinstance(value, str):
                return False
        elif not (isinstance(value, list) and all(isinstance(v, str) for v in value)):
            return False
    return True


def load_index(store: Store) -> ScreeningIndex:
    """The index of the store's lists, from the cache beside the store when it is current.

    The index is hundreds of thousands of long-lived objects: they are moved out of the cyclic
    garbage collector's sight (``gc.freeze``), or every collection would walk them again."""
    gc.disable()  # building many small objects: ten times faster without collections meanwhile
    try:
        index = _load_index(store)
    finally:
        gc.enable()
    gc.freeze()
    return index


def _load_index(store: Store) -> ScreeningIndex:
    version = f"{INDEX_VERSION}|{store.version()}"
    path = index_path(store.path)
    with contextlib.suppress(OSError, ValueError, RecursionError):
        cached = _from_json(json.loads(path.read_bytes()), version)
        if cached is not None:
            return cached
    index = build_index(list(store.entities()), version)
    write_cache(index, path)
    return index


def write_cache(index: ScreeningIndex, path: Path) -> None:
    """Write the cache under a unique temporary name, then move it into place in one step."""
    try:
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=path.name + ".", suffix=".tmp")
    except OSError:
        return  # a read-only location: the index works, it is just not cached
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump(_to_json(index), out, ensure_ascii=False, separators=(",", ":"))
        os.replace(temporary, path)
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
