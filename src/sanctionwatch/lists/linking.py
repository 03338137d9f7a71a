"""Cross-list linking: records that are the same subject on several lists become one entity.

Two records are linked when any of these holds (each rule is a sentence, shown to users):

1. One record cites the other's list reference (the UK list writes "UN Ref KPI.067"), and
   both are of the same kind (people, organisations, vessels).
2. Both are vessels with the same IMO number.
3. Both are people with the same passport number.
4. Both are people with a name in common (same words, any order) *and* compatible birth dates
   (the same day give or take one, or the same year or month where one list is less precise).
   Without a birth date on both sides, a shared name is not enough: Korean names are short and
   common, and UN KPi.024 and OFAC 12211 share the name KIM Yong Chol but not the person.
5. Both are organisations or vessels linked to the same country (or both DPRK-related) with
   the same primary-or-alias name.

Links are transitive (union-find); the canonical id is the id of the most authoritative member
(UN, then OFAC, then UK, then Australia, then anything else).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence

from sanctionwatch.lists.dates import dates_compatible
from sanctionwatch.lists.model import ListEntity
from sanctionwatch.names.normalize import token_key

PRIORITY = {"un_sc": 0, "us_ofac_sdn": 1, "gb_hmt": 2, "au_dfat": 3}
RULES = {
    "xref": "One record cites the other's list reference.",
    "imo": "Both are vessels with the same IMO number.",
    "passport": "Both are people with the same passport number.",
    "name_dob": "Both are people with a name in common and compatible birth dates.",
    "name_country": "Both are organisations or vessels of the same country with a name in common.",
}
ORGANISATIONS = {"Organization", "Company", "LegalEntity"}


class _UnionFind:
    def __init__(self, items: Iterable[str]) -> None:
        self.parent = {item: item for item in items}

    def find(self, item: str) -> str:
        root = item
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[item] != root:
            self.parent[item], item = root, self.parent[item]
        return root

    def union(self, left: str, right: str) -> None:
        self.parent[self.find(left)] = self.find(right)


def _rank(entity: ListEntity) -> tuple[int, str]:
    return PRIORITY.get(entity.dataset, len(PRIORITY)), entity.id


def find_links(entities: Sequence[ListEntity]) -> list[tuple[str, str, str]]:
    """Every pair of linked records from different lists, as (id, id, rule)."""
    links: list[tuple[str, str, str]] = []
    by_ref = {entity.ref.upper(): entity for entity in entities}
    for entity in entities:
        for xref in entity.xrefs:
            target = by_ref.get(xref.upper())
            if target is not None and target.dataset != entity.dataset and _same_kind(entity, target):
                links.append((entity.id, target.id, "xref"))
    blocks: dict[tuple[str, str], list[ListEntity]] = defaultdict(list)
    for entity in entities:
        if entity.schema == "Vessel":
            for imo in entity.imo:
                blocks[("imo", imo)].append(entity)
        if entity.schema == "Person":
            for passport in entity.passports:
                blocks[("passport", passport.upper())].append(entity)
        for name in entity.names():
            key = token_key(name)
            if key:
                blocks[("name", key)].append(entity)
    for (kind, _), members in blocks.items():
        if len(members) < 2 or len(members) > 50:
            continue
        for i, left in enumerate(members):
            for right in members[i + 1 :]:
                if left.dataset == right.dataset or left.id == right.id:
                    continue
                rule = kind if kind != "name" else _name_rule(left, right)
                if rule:
                    links.append((left.id, right.id, rule))
    return links


def _name_rule(left: ListEntity, right: ListEntity) -> str | None:
    if left.schema == "Person" and right.schema == "Person":
        if any(dates_compatible(a, b) for a in left.birth_dates for b in right.birth_dates):
            return "name_dob"
        return None
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


def canonical_ids(entities: Sequence[ListEntity]) -> dict[str, str]:
    """The canonical id of every record: the most authoritative member of its linked group."""
    groups = _UnionFind(entity.id for entity in entities)
    for left, right, _ in find_links(entities):
        groups.union(left, right)
    members: dict[str, list[ListEntity]] = defaultdict(list)
    for entity in entities:
        members[groups.find(entity.id)].append(entity)
    canonical = {}
    for group in members.values():
        head = min(group, key=_rank).id
        for entity in group:
            canonical[entity.id] = head
    return canonical
