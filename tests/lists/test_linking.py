"""The linking rule on real pairs from the snapshots, traps included."""

from __future__ import annotations

from sanctionwatch.lists.linking import canonical_ids, find_links
from sanctionwatch.lists.model import ListEntity
from sanctionwatch.lists.store import Store


def refs_of(store: Store, ref: str) -> set[str]:
    return {record.ref for record in store.find(ref)}


def test_same_person_on_four_lists(bundled_store: Store) -> None:
    assert {"KPi.023", "OFAC-11648"} <= refs_of(bundled_store, "KPi.023")
    assert "AU-DFAT-3157" in refs_of(bundled_store, "OFAC-11648")


def test_namesakes_with_different_birth_dates_stay_apart(bundled_store: Store) -> None:
    un_kim = refs_of(bundled_store, "KPi.024")
    ofac_kim = refs_of(bundled_store, "OFAC-12211")
    assert "OFAC-12211" not in un_kim
    assert "KPi.024" not in ofac_kim


def test_one_day_birth_date_offset_is_tolerated(bundled_store: Store) -> None:
    # The UN XML gives HAN JANG SU's birth date a day earlier than OFAC and DFAT do.
    group = bundled_store.find("KPi.055")
    assert {r.dataset for r in group} >= {"un_sc", "us_ofac_sdn", "au_dfat"}


def test_uk_reference_links_to_un(bundled_store: Store) -> None:
    assert any(ref.startswith("GB-HMT-") for ref in refs_of(bundled_store, "KPi.067"))


def test_vessel_imo_links() -> None:
    a = ListEntity(id="a", schema="Vessel", dataset="x", ref="A", name="ONE", imo=["9179842"])
    b = ListEntity(id="b", schema="Vessel", dataset="y", ref="B", name="OTHER NAME", imo=["9179842"])
    c = ListEntity(id="c", schema="Organization", dataset="z", ref="C", name="ONE", dprk=True)
    assert find_links([a, b, c]) == [("a", "b", "imo")]
    assert canonical_ids([a, b, c]) == {"a": "a", "b": "a", "c": "c"}


def test_people_without_birth_dates_are_not_linked_by_name() -> None:
    a = ListEntity(id="a", schema="Person", dataset="x", ref="A", name="KIM Chol")
    b = ListEntity(id="b", schema="Person", dataset="y", ref="B", name="Chol KIM")
    assert find_links([a, b]) == []
    b.birth_dates, a.birth_dates = ["1970"], ["1970-05-01"]
    assert find_links([a, b]) == [("a", "b", "name_dob")]
