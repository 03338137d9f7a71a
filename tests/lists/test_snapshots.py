"""The real bundled snapshots read with the figures SOURCES.md gives."""

from __future__ import annotations

from collections import Counter

import pytest

from sanctionwatch.lists.bundled import snapshots
from sanctionwatch.lists.identifiers import imo_is_valid
from sanctionwatch.lists.readers import read_list
from sanctionwatch.lists.stats import list_stats
from sanctionwatch.lists.store import Store


def test_stats_of_bundled_lists(bundled_store: Store) -> None:
    stats = list_stats(bundled_store)
    lists = stats["lists"]
    assert lists["un_sc"]["records"] == 1003
    assert lists["un_sc"]["schemata"] == {"Person": 730, "Organization": 273}
    assert stats["dprk"]["un_list_type_dprk"] == 155
    assert lists["us_ofac_sdn"]["records"] == 14965
    assert stats["dprk"]["ofac_dprk_programs"] == 484
    assert lists["gb_hmt"]["records"] == 2106  # 9,487 rows in 2,106 Group IDs
    assert lists["gb_hmt"]["dprk"] == 242
    assert lists["au_dfat"]["records"] == 3062  # primary names
    assert lists["au_dfat"]["dprk"] == 211
    assert lists["un_sc"]["list_date"] == "2026-02-27"


def test_bundled_hashes_match_provenance(bundled_store: Store) -> None:
    expected = {item.path.name: item.sha256 for item in snapshots()}
    for load in bundled_store.loads():
        name = load["source_file"].rsplit("/", 1)[-1]
        assert load["sha256"] == expected[name]


@pytest.fixture(scope="module")
def ofac() -> list:
    item = next(s for s in snapshots() if s.format == "ofac-csv")
    return read_list(item.path).entities


def test_ofac_dprk_breakdown(ofac: list) -> None:
    dprk = [e for e in ofac if any(p.startswith("DPRK") for p in e.programs)]
    assert Counter(e.schema for e in dprk) == {
        "Organization": 199,
        "Person": 164,
        "Vessel": 105,
        "Airplane": 16,
    }
    vessels = [e for e in dprk if e.schema == "Vessel"]
    assert all(len(v.imo) == 1 and imo_is_valid(v.imo[0]) for v in vessels)
    written_with_imo = [v for v in vessels if f"IMO {v.imo[0]}" in v.notes]
    assert len(written_with_imo) == 104
    # RYONG GUN BONG's number is written without the word IMO; the UK list confirms it.
    assert [(v.name, v.imo) for v in vessels if v not in written_with_imo] == [
        ("RYONG GUN BONG", ["8606173"])
    ]
    komid = next(e for e in ofac if e.ref == "OFAC-9345")
    assert komid.weak_aliases == ["KOMID"]


def test_un_dprk_individuals_and_entities(bundled_store: Store) -> None:
    rows = bundled_store.con.execute(
        "SELECT schema, count(*) FROM entities WHERE dataset='un_sc' AND ref LIKE 'KP%' GROUP BY schema"
    ).fetchall()
    assert dict(rows) == {"Person": 80, "Organization": 75}
