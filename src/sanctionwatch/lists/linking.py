"""Cross-list linking: records that are the same subject on several lists become one entity.

Two records are linked when any of these holds (each rule is a sentence, shown to users):

1. Both are vessels with the same IMO number.
2. One record cites the other's list reference (the UK list writes "UN Ref KPI.067"), both are of
   the same kind, *and* they share a name or alias after normalisation. A citation alone is not
   trusted: the 2018 UK file cites "UN Ref KPe.023" on the records of five other designations.
3. Both are people with the same passport number.
4. Both are people with a name in common (after normalisation: any word order, any spacing,
   any romanization) *and* compatible birth dates (the same day give or take one, or the same
   year or month where one list is less precise). Without a birth date on both sides, a shared
   name is not enough: Korean names are short and common, and UN KPi.024 and OFAC 12211 share
   the name KIM Yong Chol but not the person.
5. Both are organisations or vessels linked to the same country (or both DPRK-related) with
   the same name after normalisation; never two vessels whose IMO numbers or MMSIs contradict
   (a former name is not an identity: ``names.identity``).
6. A UN record and a UK or Australian record filed under the same UN regime
   (``data/linking/regimes.csv``) share a name after normalisation, their birth dates (if both
   give some) are compatible, and each is the other's only such record: the UK and Australian
   lists implement the UN list, but give neither its reference nor, often, its birth dates.

A passport number shared by two records that share neither a name nor a birth date is refused:
lists make typing errors in numbers too.

Links are applied strongest rule first and, within a rule, the pair with the most evidence in
common first (names, birth dates, nationalities, identifiers); a link is refused when it would put
two records of one list in one subject (two UN references are two subjects). The outcome is a
function of the records alone: neither the order the lists were loaded in nor the process's
string hashing (which orders Python's sets) decides which of two competing twins is linked (the
2018 UK file lists RI Pyong Chol twice, and which one joined UN KPi.076 changed from one
``lists load`` to the next). Every refused citation, identifier
or name link is kept as a ``Conflict``, with both records, for ``lists conflicts``. The canonical
id is the id of the most authoritative member (UN, then OFAC, then UK, then Australia, then
anything else).
"""

from __future__ import annotations

import csv
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

from sanctionwatch.lists.dates import dates_compatible
from sanctionwatch.lists.model import ListEntity
from sanctionwatch.names.forms import kind_of_schema, match_keys
from sanctionwatch.names.identity import identity_conflict

PRIORITY = {"un_sc": 0, "us_ofac_sdn": 1, "gb_hmt": 2, "au_dfat": 3}
RULES = {
    "imo": "Both are vessels with the same IMO number.",
    "xref": "One record cites the other's list reference and they share a name.",
    "passport": "Both are people with the same passport number.",
    "name_dob": "Both are people with a name in common and compatible birth dates.",
    "name_country": "Both are organisations or vessels of the same country with a name in common.",
    "regime_name": "A UN record and its only namesake under the same UN regime on a list that implements it.",
}
#: Why a link was refused.
REFUSALS = {
    "xref_without_name": "A record cites the other's reference, but they share no name or alias.",
    "passport_without_name": "They share a passport number, but neither a name nor a birth date.",
    "same_list": "Linking them would put two records of one list in one subject.",
    "identity": "They share a name, but their IMO numbers or MMSIs say they are different vessels.",
}
ORGANISATIONS = {"Organization", "Company", "LegalEntity"}
#: Lists that implement the UN list under the UN's regimes.
IMPLEMENTS_UN = ("gb_hmt", "au_dfat")
#: A name shared by more records than this is a generic name, not evidence of one subject.
MAX_BLOCK = 50


@dataclass(frozen=True)
class Conflict:
    """A link the linker refused, with both records and why."""

    rule: str
    reason: str
    left: ListEntity
    right: ListEntity
    detail: str = ""

    def as_dict(self) -> dict[str, object]:
        def record(entity: ListEntity) -> dict[str, object]:
            return {
                "id": entity.id,
                "ref": entity.ref,
                "dataset": entity.dataset,
                "schema": entity.schema,
                "name": entity.name,
                "canonical_id": entity.canonical_id,
            }

        return {
            "rule": self.rule,
            "reason": self.reason,
            "text": REFUSALS[self.reason],
            "detail": self.detail,
            "left": record(self.left),
            "right": record(self.right),
        }


@dataclass
class Linkage:
    """The outcome of linking: each record's canonical id, the links made and those refused."""

    canonical: dict[str, str]
    links: list[tuple[str, str, str]]
    conflicts: list[Conflict]


class _Clusters:
    """Union-find that knows which lists each cluster holds, so it never joins two of one list."""

    def __init__(self, entities: Iterable[ListEntity]) -> None:
        self.parent: dict[str, str] = {}
        self.lists: dict[str, set[str]] = {}
        for entity in entities:
            self.parent[entity.id] = entity.id
            self.lists[entity.id] = {entity.dataset}

    def find(self, item: str) -> str:
        root = item
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[item] != root:
            self.parent[item], item = root, self.parent[item]
        return root

    def clash(self, left: str, right: str) -> set[str]:
        """The lists both clusters hold (empty when they may be joined)."""
        a, b = self.find(left), self.find(right)
        return set() if a == b else self.lists[a] & self.lists[b]

    def union(self, left: str, right: str) -> None:
        a, b = self.find(left), self.find(right)
        if a != b:
            self.parent[a] = b
            self.lists[b] |= self.lists.pop(a)


def _rank(entity: ListEntity) -> tuple[int, str]:
    return PRIORITY.get(entity.dataset, len(PRIORITY)), entity.id


def _names(entity: ListEntity, variants: bool = True) -> frozenset[str]:
    kind = kind_of_schema(entity.schema)
    return frozenset(key for name in entity.names() for key in match_keys(name, kind, variants))


def _candidates(entities: Sequence[ListEntity]) -> tuple[list[tuple[str, str, str]], list[Conflict]]:
    """Every pair of records from different lists that a rule links, as (id, id, rule), strongest
    rule first; and the citations and name links refused on the evidence of the pair itself."""
    entities = sorted(entities, key=lambda entity: entity.id)  # every block lists its members by id
    links: list[tuple[str, str, str]] = []
    refused: list[Conflict] = []
    names = {entity.id: _names(entity) for entity in entities}
    by_ref = {entity.ref.upper(): entity for entity in entities}
    for entity in entities:
        for xref in entity.xrefs:
            target = by_ref.get(xref.upper())
            if target is None or target.dataset == entity.dataset or not _same_kind(entity, target):
                continue
            if names[entity.id] & names[target.id]:
                links.append((entity.id, target.id, "xref"))
            else:
                refused.append(Conflict("xref", "xref_without_name", entity, target, f"cites {xref}"))
    blocks: dict[tuple[str, str], list[ListEntity]] = defaultdict(list)
    for entity in entities:
        if entity.schema == "Vessel":
            for imo in entity.imo:
                blocks[("imo", imo)].append(entity)
        if entity.schema == "Person":
            for passport in entity.passports:
                blocks[("passport", passport.upper())].append(entity)
        for key in names[entity.id]:
            blocks[("name", key)].append(entity)
    seen: set[tuple[str, str, str]] = set()
    for (kind, _), members in blocks.items():
        if len(members) < 2 or len(members) > MAX_BLOCK:
            continue
        for i, left in enumerate(members):
            for right in members[i + 1 :]:
                pair = (left.id, right.id)
                if left.dataset == right.dataset or left.id == right.id or (kind, *pair) in seen:
                    continue
                seen.add((kind, *pair))
                if kind == "passport" and not (names[left.id] & names[right.id] or _same_birth(left, right)):
                    refused.append(Conflict(kind, "passport_without_name", left, right))
                    continue
                if kind != "name":
                    links.append((left.id, right.id, kind))
                    continue
                rule = _name_rule(left, right)
                if rule:
                    contradiction = _identity(left, right)
                    if contradiction:
                        refused.append(Conflict(rule, "identity", left, right, contradiction))
                    else:
                        links.append((left.id, right.id, rule))
    links += _regime_twins(entities, names, blocks)
    order = list(RULES)
    by_id = {entity.id: entity for entity in entities}

    def strength(link: tuple[str, str, str]) -> tuple[int, int, str, str]:
        left, right, rule = link
        return order.index(rule), -_evidence(by_id[left], by_id[right], names), left, right

    links = sorted(set(links), key=strength)
    refused.sort(key=lambda c: (c.rule, c.reason, c.left.id, c.right.id, c.detail))
    return links, refused


def _evidence(left: ListEntity, right: ListEntity, names: dict[str, frozenset[str]]) -> int:
    """How much two records have in common: names after normalisation, birth dates as written,
    nationalities and countries, identifiers. Of two records of one list that a rule would each
    join to a third, the one with more in common is the third's twin; UK 13572 (RI Pyong Chul,
    alias Ri Pyo'ng-ch'o'l, DPRK national, listed with the UN on 22/12/2017) rather than UK 13546
    (Ri Pyong Chol, its earlier EU listing, no nationality), for UN KPi.076."""
    shared = len(names[left.id] & names[right.id])
    for attribute in ("birth_dates", "nationalities", "countries", "imo", "mmsi", "passports"):
        shared += len(set(getattr(left, attribute)) & set(getattr(right, attribute)))
    return shared


@cache
def _regimes() -> dict[tuple[str, str], str]:
    """(dataset, program) -> UN regime, from data/linking/regimes.csv."""
    path = Path(str(resources.files("sanctionwatch") / "data" / "linking" / "regimes.csv"))
    with path.open(encoding="utf-8") as handle:
        rows = csv.DictReader(line for line in handle if not line.startswith("#"))
        return {(row["dataset"], row["program"]): row["regime"] for row in rows}


def regimes_of(entity: ListEntity) -> set[str]:
    """The UN regimes the record is filed under (none for a list's own designations)."""
    table = _regimes()
    return {table[(entity.dataset, p)] for p in entity.programs if (entity.dataset, p) in table}


def _same_birth(left: ListEntity, right: ListEntity) -> bool:
    return any(dates_compatible(a, b) for a in left.birth_dates for b in right.birth_dates)


def _regime_twins(
    entities: Sequence[ListEntity],
    names: dict[str, frozenset[str]],
    blocks: dict[tuple[str, str], list[ListEntity]],
) -> list[tuple[str, str, str]]:
    """Rule 6: each UN record and its only namesake under the same regime on each implementing
    list: the only one by its full names, else the only one by any name. By any name alone, the
    UN's three AL-HARAMAIN FOUNDATION records (Pakistan, Kenya, Tanzania) were each other's
    namesakes once the brackets went, and none met its Australian twin of the same full name."""
    regimes = {e.id: regimes_of(e) for e in entities if e.dataset in IMPLEMENTS_UN or e.dataset == "un_sc"}
    full = {e.id: _names(e, variants=False) for e in entities if e.id in regimes}

    def twins(entity: ListEntity, dataset: str, whole: bool) -> set[str]:
        found = set()
        for key in full[entity.id] if whole else names[entity.id]:
            for other in blocks.get(("name", key), ()):
                if (
                    other.dataset == dataset
                    and regimes.get(other.id, set()) & regimes[entity.id]
                    and (not whole or key in full[other.id])
                    and _same_kind(entity, other)
                    and not _dates_contradict(entity, other)
                    and not _identity(entity, other)
                ):
                    found.add(other.id)
        return found

    def only_twin(entity: ListEntity, dataset: str, whole: bool) -> str | None:
        ids = twins(entity, dataset, whole)
        if len(ids) != 1:
            return None
        other = by_id[next(iter(ids))]
        return other.id if twins(other, "un_sc", whole) == {entity.id} else None

    by_id = {e.id: e for e in entities}
    links = []
    for entity in entities:
        if entity.dataset != "un_sc" or not regimes.get(entity.id):
            continue
        for dataset in IMPLEMENTS_UN:
            other_id = only_twin(entity, dataset, True) or only_twin(entity, dataset, False)
            if other_id is not None:
                links.append((entity.id, other_id, "regime_name"))
    return links


def _dates_contradict(left: ListEntity, right: ListEntity) -> bool:
    """Both records give birth dates and none of them agree."""
    return bool(left.birth_dates and right.birth_dates) and not _same_birth(left, right)


def _identity(left: ListEntity, right: ListEntity) -> str | None:
    if left.schema != "Vessel" or right.schema != "Vessel":
        return None
    return identity_conflict(left.imo, right.imo, left.mmsi, right.mmsi)


def find_links(entities: Sequence[ListEntity]) -> list[tuple[str, str, str]]:
    """Every pair of records from different lists that a rule links, as (id, id, rule), before
    the rule that a subject holds one record per list is applied."""
    return _candidates(entities)[0]


def _name_rule(left: ListEntity, right: ListEntity) -> str | None:
    if left.schema == "Person" and right.schema == "Person":
        return "name_dob" if _same_birth(left, right) else None
    if not _same_kind(left, right):
        return None
    left_countries = set(left.countries + left.nationalities + left.flags)
    right_countries = set(right.countries + right.nationalities + right.flags)
    if (left.dprk and right.dprk) or left_countries & right_countries:
        return "name_country"
    return None


def _same_kind(left: ListEntity, right: ListEntity) -> bool:
    """Both are people, both organisations, or both the same kind of craft."""
    if left.schema in ORGANISATIONS and right.schema in ORGANISATIONS:
        return True
    return left.schema == right.schema


def link(entities: Sequence[ListEntity]) -> Linkage:
    """Link the records, strongest rule first, never two records of one list in one subject."""
    links, conflicts = _candidates(entities)
    by_id = {entity.id: entity for entity in entities}
    clusters = _Clusters(entities)
    made = []
    for left, right, rule in links:
        clash = clusters.clash(left, right)
        if clash:
            detail = f"both subjects already hold a record of {', '.join(sorted(clash))}"
            conflicts.append(Conflict(rule, "same_list", by_id[left], by_id[right], detail))
            continue
        clusters.union(left, right)
        made.append((left, right, rule))
    members: dict[str, list[ListEntity]] = defaultdict(list)
    for entity in entities:
        members[clusters.find(entity.id)].append(entity)
    canonical = {}
    for group in members.values():
        head = min(group, key=_rank).id
        for entity in group:
            canonical[entity.id] = head
    # a refused link between records that other links joined anyway is no conflict
    kept = [c for c in conflicts if canonical[c.left.id] != canonical[c.right.id]]
    return Linkage(canonical, made, kept)


def canonical_ids(entities: Sequence[ListEntity]) -> dict[str, str]:
    """The canonical id of every record: the most authoritative member of its linked group."""
    return link(entities).canonical
