"""The screening index: every name of every canonical entity, keyed for fast look-up.

It is built once from the store and cached beside it (``<db>.index``), keyed by the store's
version, so a query never pays for it. The cache is data only (a JSON header, then text and
32-bit integer sections), checked when read: a file that anyone could write next to the store is
data, never code (the earlier pickle cache ran whatever it held). It is written under a unique
temporary name and moved into place, so two processes building it at once never read each
other's half-written file.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import json
import math
import os
import re
import sys
import tempfile
from array import array
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Callable, Container, Iterator, Mapping, Sequence
from dataclasses import astuple, dataclass, field, fields
from functools import cache
from importlib import resources
from itertools import accumulate
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from sanctionwatch.lists.model import ListEntity
from sanctionwatch.names.forms import (
    NO_DIGITS,
    PERSON,
    NameForm,
    kind_of_schema,
    make_form,
    name_forms,
    name_variants,
)
from sanctionwatch.names.lexicon import generic_words
from sanctionwatch.names.phonetic import join_keys, phonetic
from sanctionwatch.screening.languages import chinese_only

if TYPE_CHECKING:
    from sanctionwatch.lists.store import Store

INDEX_VERSION = 12
#: Each kind of name as one byte, for vectorised filters (and the cache: "p", "o", "v").
KIND_CODES = {"person": ord("p"), "organization": ord("o"), "vessel": ord("v")}
T = TypeVar("T")
#: Share of its rarity weight that a generic word (Trading, Bank, Ocean) keeps.
GENERIC_WEIGHT = 0.4
PRIORITY = ("un_sc", "us_ofac_sdn", "gb_hmt", "au_dfat")


class Postings(Mapping[str, list[int]]):
    """Look-up key -> name ids. Read from the cache as its keys in sorted order, one array of ids
    and one of offsets (the n-th key owns ids[offsets[n]:offsets[n + 1]]); a key is found by
    bisection until ``materialise`` makes a dict, and its ids become a list only when a query
    asks for them: a cold start creates a few thousand objects, not hundreds of thousands."""

    def __init__(
        self,
        lists: dict[str, list[int]] | None = None,
        keys: list[str] | None = None,
        offsets: Any = None,
        ids: Any = None,
    ) -> None:
        self._lists = lists or {}
        self._keys = keys or []
        self._positions: dict[str, int] | None = None
        self._offsets, self._ids = offsets, ids

    def _position(self, key: str) -> int | None:
        if self._positions is not None:
            return self._positions.get(key)
        keys = self._keys
        n = bisect_left(keys, key)
        return n if n < len(keys) and keys[n] == key else None

    def materialise(self) -> None:
        """Find keys by a dict from now on: worth building once a process answers many queries."""
        if self._positions is None:
            self._positions = dict(zip(self._keys, range(len(self._keys)), strict=True))

    def array(self, key: str) -> Sequence[int] | None:
        """The ids, as a slice of the cache's array of ids when read from it; None for a key no
        name has (one look-up where ``in`` and then the ids took two)."""
        position = self._position(key)
        if position is None:
            return self._lists.get(key)
        return self._ids[self._offsets[position] : self._offsets[position + 1]]

    def __getitem__(self, key: str) -> list[int]:
        found = self._lists.get(key)
        if found is None:
            ids = self.array(key)
            if ids is None:
                raise KeyError(key)
            found = self._lists[key] = list(ids)
        return found

    def __contains__(self, key: object) -> bool:
        return key in self._lists or (isinstance(key, str) and self._position(key) is not None)

    def known(self) -> Container[str]:
        """The keys some name has, for ``in`` tests: a dict once materialised or when built in
        memory, so that the test is one look-up in C. A query's keys are mostly keys no name
        has (its words joined), and each such key cost four calls through ``array``."""
        if not self._keys:  # built in memory: every key is in the dict of lists
            return self._lists
        return self if self._positions is None else self._positions

    def __iter__(self) -> Iterator[str]:
        return iter(set(self._lists) | set(self._keys))

    def __len__(self) -> int:
        return len(set(self._lists) | set(self._keys))


class Derived(Sequence[T]):
    """A column of the index computed from a name's keys when the name is first compared, and
    kept: a query compares tens of names, so loading the index need not compute all 50,000."""

    def __init__(self, compute: Callable[[int], T], length: int) -> None:
        self._compute, self._length = compute, length
        self._done: dict[int, T] = {}

    def __getitem__(self, name_id: int) -> T:  # type: ignore[override]
        found = self._done.get(name_id)
        if found is None:
            found = self._done[name_id] = self._compute(name_id)
        return found

    def __len__(self) -> int:
        return self._length


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
    subjects: Sequence[Subject] = field(default_factory=list)
    name_subject: list[int] = field(default_factory=list)
    name_text: Sequence[str] = field(default_factory=list)
    name_weak: Sequence[bool] = field(default_factory=list)
    name_kind: Sequence[str] = field(default_factory=list)
    name_words: Sequence[tuple[str, ...]] = field(default_factory=list)
    name_keys: Sequence[tuple[str, ...]] = field(default_factory=list)
    name_rotations: Sequence[list[str]] = field(default_factory=list)
    name_weight: Sequence[float] = field(default_factory=list)
    name_sorted: Sequence[tuple[str, ...]] = field(default_factory=list)
    name_digits: Sequence[frozenset[str]] = field(default_factory=list)
    postings: Mapping[str, list[int]] = field(default_factory=dict)
    weights: dict[str, float] = field(default_factory=dict)
    generic: frozenset[str] = frozenset()
    by_imo: dict[str, list[int]] = field(default_factory=dict)
    by_mmsi: dict[str, list[int]] = field(default_factory=dict)
    by_call_sign: dict[str, list[int]] = field(default_factory=dict)
    default_weight: float = 1.0
    #: In how many names each key occurs.
    counts: dict[str, int] = field(default_factory=dict)
    #: Per name, as arrays of integers: the length of its keys run together, its kind (KIND_CODES,
    #: one byte each), its number of words and the length of its letters as written run together.
    #: They bound what a name can score before it is compared (``Matcher._plausible_people``).
    name_length: Sequence[int] = field(default_factory=list)
    kind_codes: bytes = b""
    name_word_count: Sequence[int] = field(default_factory=list)
    name_letters: Sequence[int] = field(default_factory=list)

    def full_weight(self, key: str) -> float:
        """A word's rarity weight before the discount of generic words: what its absence costs."""
        weight = self.weights.get(key, self.default_weight)
        return weight / GENERIC_WEIGHT if key in self.generic else weight

    def derive(self) -> None:
        """Fill what follows from the names and is worth caching: postings and word counts."""
        forms = [make_form("", w, k) for w, k in zip(self.name_words, self.name_keys, strict=True)]
        postings: dict[str, list[int]] = defaultdict(list)
        counts: dict[str, int] = defaultdict(int)
        for name_id, form in enumerate(forms):
            for key in lookup_keys(form):
                postings[key].append(name_id)
            for key in set(form.keys):
                counts[key] += 1
        self.postings = Postings(dict(postings))
        self.counts = dict(counts)
        self.finish()

    def finish(self, arrays: Mapping[str, Any] | None = None) -> None:
        """Set up what is cheap to compute on load (rarity weights; the per-name arrays, from the
        cache's ``arrays`` when read from it) and the columns computed per name when it is
        compared (rotations, sorted keys, numerals, weight)."""
        if arrays is None:
            arrays = name_arrays(self.name_keys, self.name_words, self.name_kind)
        self.name_length = array("i", arrays["name_length"])
        self.name_word_count = array("i", arrays["name_word_count"])
        self.name_letters = array("i", arrays["name_letters"])
        self.kind_codes = bytes(arrays["name_kind"])
        counts = self.counts
        total = len(self.name_text)
        self.generic = frozenset(phonetic(word) for word in generic_words())
        # one pass in C over every key, then the few generic ones discounted
        logs = map(math.log, [1 + total / count for count in counts.values()])
        self.weights = dict(zip(counts, logs, strict=True))
        for key in self.generic.intersection(counts):
            self.weights[key] *= GENERIC_WEIGHT
        self.default_weight = math.log(1 + total)
        keys, count = self.name_keys, len(self.name_keys)
        self.name_rotations = Derived(self._rotations, count)
        self.name_sorted = Derived(lambda n: tuple(sorted(keys[n])), count)
        self.name_digits = Derived(lambda n: frozenset(k for k in keys[n] if k.isdigit()) or NO_DIGITS, count)
        self.name_weight = Derived(lambda n: sum(self.weights[k] for k in sorted(set(keys[n]))), count)

    def posting_array(self, key: str) -> Sequence[int] | None:
        """The ids of the names a look-up key finds (a slice of the cache's array when read from
        it, not a list made for the purpose), or None when no name has the key."""
        postings = self.postings
        if isinstance(postings, Postings):
            return postings.array(key)
        return postings.get(key)

    def known_keys(self) -> Container[str]:
        """The look-up keys some name has (see ``Postings.known``)."""
        postings = self.postings
        return postings.known() if isinstance(postings, Postings) else postings

    def materialise(self) -> None:
        """Decode every column that is decoded name by name: worth it once a process answers many
        queries (a batch, the API), where one look-up per name costs more than decoding all."""
        if isinstance(self.postings, Postings):
            self.postings.materialise()
        for name in (
            "subjects",
            "name_text",
            "name_weak",
            "name_kind",
            "name_words",
            "name_keys",
            "name_rotations",
            "name_sorted",
            "name_digits",
            "name_weight",
        ):
            column = getattr(self, name)
            if isinstance(column, Derived):
                setattr(self, name, [column[n] for n in range(len(column))])

    def _rotations(self, name_id: int) -> list[str]:
        """The keys joined with each word first in turn (people), or in order (anything else)."""
        keys = self.name_keys[name_id]
        if len(keys) <= 1 or self.name_kind[name_id] != PERSON:
            return [join_keys(keys)]
        return [join_keys(keys[i:] + keys[:i]) for i in range(len(keys))]


def name_arrays(
    keys: Sequence[tuple[str, ...]], words: Sequence[tuple[str, ...]], kinds: Sequence[str]
) -> dict[str, Any]:
    """The per-name arrays of ``ScreeningIndex.finish``, computed from the names."""
    return {
        "name_length": [sum(map(len, k)) for k in keys],
        "name_word_count": [len(k) for k in keys],
        "name_letters": [sum(map(len, w)) for w in words],
        "name_kind": bytes(KIND_CODES[kind] for kind in kinds),
    }


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
    its letters as written run together (after "="), and for a name of one word those letters
    sorted, repeats dropped (after "~"): a swapped or doubled letter (Afiz, Awlijan for Faiz,
    Walijan) leaves no other word to find the name by."""
    keys = set(form.keys)
    keys.add("=" + form.letters)
    if len(form.words) == 1 and len(form.letters) >= 4:
        keys.add("~" + "".join(sorted(set(form.letters))))
    keys.update([a + b for a, b in zip(form.keys, form.keys[1:], strict=False)])  # join_keys((a, b))
    keys.add(form.joined)
    keys.discard("")
    return keys


#: A person's name of this many letters or fewer ("AA (initials)", "Mr. O") is initials, which
#: name many people: a weak alias whatever the list calls it (see ``WEAK_ALIAS_PENALTY``).
INITIALS = 2


def build_index(entities: list[ListEntity], version: str = "") -> ScreeningIndex:
    groups: dict[str, list[ListEntity]] = defaultdict(list)
    for entity in entities:
        groups[entity.canonical_id or entity.id].append(entity)
    index = ScreeningIndex(version=version)
    subjects: list[Subject] = []
    names: list[tuple[int, str, bool, str, NameForm]] = []
    for records in groups.values():
        subject = _subject(records)
        number = len(subjects)
        subjects.append(subject)
        # a name whose keys another name of the subject has adds nothing, unless it is spelt
        # otherwise in pinyin: a Chinese subject's names are compared as spelt (languages.py),
        # and WEI, Zhao (OFAC-23647) was else kept only as its alias WEI, Chao
        spelt = chinese_only(subject.countries)
        seen: set[tuple[tuple[str, ...], tuple[str, ...]]] = set()
        strong = {n for r in records for n in [r.name, *r.aliases]}
        weak = {n for r in records for n in r.weak_aliases} - strong
        for name, is_weak in [(n, False) for n in sorted(strong)] + [(n, True) for n in sorted(weak)]:
            forms = [
                f for reading in name_forms(name, subject.kind) for f in name_variants(reading, subject.kind)
            ]
            if subject.kind == PERSON and any(len(form.letters) <= INITIALS for form in forms):
                is_weak = True
            for form in forms:
                key = (form.keys, form.words if spelt else ())
                if form.keys and key not in seen:
                    seen.add(key)
                    names.append((number, name, is_weak, subject.kind, form))
        for imo in subject.imo:
            index.by_imo.setdefault(imo, []).append(number)
        for mmsi in subject.mmsi:
            index.by_mmsi.setdefault(mmsi, []).append(number)
        for call_sign in subject.call_signs:
            index.by_call_sign.setdefault(call_sign, []).append(number)
    index.subjects = subjects
    index.name_subject = [row[0] for row in names]
    index.name_text = [row[1] for row in names]
    index.name_weak = [row[2] for row in names]
    index.name_kind = [row[3] for row in names]
    index.name_words = [row[4].words for row in names]
    index.name_keys = [row[4].keys for row in names]
    index.derive()
    return index


def index_path(db: Path) -> Path:
    return db.with_name(db.name + ".index")


_SUBJECT_FIELDS = tuple(f.name for f in fields(Subject))
#: Texts in a text section are apart by _NAMES; a name's words by a space.
_NAMES = "\x1f"
_KINDS = {chr(code): kind for kind, code in KIND_CODES.items()}
#: Integers in the cache: 32-bit, little-endian whatever the machine. They are read into an
#: ``array`` of C ints (32-bit wherever CPython runs), not numpy's, whose import alone costs a
#: one-name ``screen`` more than reading the whole index.
_INT_SIZE = 4


def _int_bytes(values: Any) -> bytes:
    numbers = array("i", values)
    if sys.byteorder == "big":
        numbers.byteswap()
    return numbers.tobytes()


def _ints(blob: Any) -> array[int]:
    numbers = array("i")
    numbers.frombytes(blob)
    if sys.byteorder == "big":
        numbers.byteswap()
    return numbers


def _to_bytes(index: ScreeningIndex) -> bytes:
    """The cache file: a header line (JSON: version, subject fields, each section's name, type and
    length, sha256 of the rest), then the sections one after another. A section is UTF-8 text
    (texts apart by \\x1f) or an array of 32-bit integers, so reading it back is slicing and
    splitting, not parsing: JSON decoding of the same data cost a cold `screen` 0.28 s. Nothing in
    the file is run. Subjects and names are decoded only when a query compares them."""
    postings = {key: index.postings[key] for key in sorted(index.postings)}  # found by bisection
    offsets = list(accumulate((len(ids) for ids in postings.values()), initial=0))
    identifiers = {"by_imo": index.by_imo, "by_mmsi": index.by_mmsi, "by_call_sign": index.by_call_sign}
    sections: dict[str, str | list[int] | Any] = {
        "identifiers": json.dumps(identifiers, ensure_ascii=False),
        "name_subject": index.name_subject,
        "name_length": index.name_length,
        "name_word_count": index.name_word_count,
        "name_letters": index.name_letters,
        "posting_keys": _NAMES.join(postings),
        "posting_offsets": offsets,
        "posting_ids": [n for ids in postings.values() for n in ids],
        "count_keys": _NAMES.join(index.counts),
        "counts": list(index.counts.values()),
        "subjects": _NAMES.join(json.dumps(astuple(s), ensure_ascii=False) for s in index.subjects),
        "name_text": _NAMES.join(index.name_text),
        "name_words": _NAMES.join(" ".join(words) for words in index.name_words),
        "name_keys": _NAMES.join(" ".join(keys) for keys in index.name_keys),
        "name_kind": "".join(chr(KIND_CODES[kind]) for kind in index.name_kind),
        "name_weak": "".join("1" if weak else "0" for weak in index.name_weak),
    }
    blobs, layout = [], []
    for name, value in sections.items():
        if isinstance(value, str):
            blob, kind = value.encode("utf-8"), "text"
        else:
            blob, kind = _int_bytes(value), "int32"
        blobs.append(blob)
        layout.append([name, kind, len(blob)])
    payload = b"".join(blobs)
    header = {
        "version": index.version,
        "subject_fields": list(_SUBJECT_FIELDS),
        "sections": layout,
        "sha256": hashlib.sha256(payload).hexdigest(),
    }
    return json.dumps(header).encode("utf-8") + b"\n" + payload


def read_sections(raw: bytes) -> tuple[dict[str, Any], dict[str, Any]] | None:
    """The cache's header and its sections (text as str, integers as an ``array``), or None when the
    sections do not fill the file exactly or it does not hash to its header's sum."""
    end = raw.find(b"\n")
    header = json.loads(raw[:end] if end >= 0 else raw)
    payload = memoryview(raw)[end + 1 :] if end >= 0 else memoryview(b"")  # a view: no copy
    if not isinstance(header, dict) or header.get("sha256") != hashlib.sha256(payload).hexdigest():
        return None
    sections: dict[str, Any] = {}
    start = 0
    for name, kind, length in header["sections"]:
        blob = payload[start : start + length]
        start += length
        if kind == "text":
            sections[name] = str(blob, "utf-8")
        elif kind == "int32" and length % _INT_SIZE == 0:
            sections[name] = _ints(blob)
        else:
            return None
    return (header, sections) if start == len(payload) else None


def _from_bytes(raw: bytes, version: str) -> ScreeningIndex | None:
    """The index the cache holds, or None unless it is exactly what this version wrote: the
    version and fields agree, the sections fill the file and it hashes to the sum in its header
    (a file changed by anything but this code is rebuilt). Nothing in it is run."""
    read = read_sections(raw)
    if read is None:
        return None
    header, data = read
    if header.get("version") != version or header.get("subject_fields") != list(_SUBJECT_FIELDS):
        return None
    index = ScreeningIndex(version=version)
    for name, value in json.loads(data["identifiers"]).items():
        setattr(index, name, value)
    keys_text = data["posting_keys"].split(_NAMES)
    offsets, ids = data["posting_offsets"], data["posting_ids"]
    counted, counts = data["count_keys"].split(_NAMES), data["counts"]
    if len(offsets) != len(keys_text) + 1 or offsets[-1] != len(ids) or len(counted) != len(counts):
        return None
    index.postings = Postings(keys=keys_text, offsets=offsets, ids=ids)
    index.counts = dict(zip(counted, counts.tolist(), strict=True))
    rows = data["subjects"].split(_NAMES)
    index.subjects = Derived(lambda n: Subject(*json.loads(rows[n])), len(rows))
    words, keys = data["name_words"].split(_NAMES), data["name_keys"].split(_NAMES)
    # (the lambdas below close over these texts: each name is decoded when first compared)
    text, kinds, weak = data["name_text"].split(_NAMES), data["name_kind"], data["name_weak"]
    subject_of = data["name_subject"]
    arrays = {name: data[name] for name in ("name_length", "name_word_count", "name_letters")}
    sizes = {len(subject_of), len(words), len(keys), len(text), len(kinds), len(weak)}
    if len(sizes | {len(array) for array in arrays.values()}) != 1:
        return None
    index.name_subject = subject_of.tolist()
    index.name_text = text
    index.name_words = Derived(lambda n: tuple(words[n].split(" ")), len(words))
    index.name_keys = Derived(lambda n: tuple(keys[n].split(" ")), len(keys))
    index.name_kind = Derived(lambda n: _KINDS[kinds[n]], len(kinds))
    index.name_weak = Derived(lambda n: weak[n] == "1", len(weak))
    index.finish({**arrays, "name_kind": kinds.encode("ascii")})
    return index


def load_index(store: Store) -> ScreeningIndex:
    """The index of the store's lists, from the cache beside the store when it is current.

    The index is hundreds of thousands of long-lived objects: they are moved out of the cyclic
    garbage collector's sight (``gc.freeze``), or every collection would walk them again."""
    return frozen(lambda: _load_index(store))


def frozen(make: Callable[[], T]) -> T:
    """``make()`` without the cyclic garbage collector meanwhile (ten times faster for many small
    objects), whose objects it then no longer walks (``gc.freeze``)."""
    gc.disable()
    try:
        made = make()
    finally:
        gc.enable()
    gc.freeze()
    return made


@cache
def rules_fingerprint() -> str:
    """A hash of the name rules (their code and data files): a cache built under other rules is
    stale even when the lists have not changed."""
    root = Path(str(resources.files("sanctionwatch")))
    files = sorted((root / "names").glob("*.py")) + sorted((root / "data" / "names").glob("*"))
    files.append(root / "screening" / "index.py")
    digest = hashlib.sha256()
    for file in files:
        digest.update(file.name.encode() + b"\0" + file.read_bytes())
    return digest.hexdigest()[:16]


def _load_index(store: Store) -> ScreeningIndex:
    version = f"{INDEX_VERSION}|{rules_fingerprint()}|{store.version()}"
    path = index_path(store.path)
    cached = read_cache(path, version)
    if cached is not None:
        return cached
    index = build_index(list(store.entities()), version)
    write_cache(index, path)
    return index


def read_cache(path: Path, version: str) -> ScreeningIndex | None:
    """The index cached at ``path`` when it is exactly what ``version`` wrote, else None (a
    missing, damaged or foreign file is rebuilt, never trusted)."""
    with contextlib.suppress(OSError, ValueError, RecursionError, TypeError, KeyError, AttributeError):
        return _from_bytes(path.read_bytes(), version)
    return None


def write_cache(index: ScreeningIndex, path: Path) -> None:
    """Write the cache under a unique temporary name, then move it into place in one step."""
    try:
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=path.name + ".", suffix=".tmp")
    except OSError:
        return  # a read-only location: the index works, it is just not cached
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(_to_bytes(index))
        os.chmod(temporary, 0o644)  # as readable as the store beside it (mkstemp makes it 0600)
        os.replace(temporary, path)
        path.with_name(path.name + ".json").unlink(missing_ok=True)  # the JSON cache before it
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
