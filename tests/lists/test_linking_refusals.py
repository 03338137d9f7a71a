"""The linker links only what is there: a citation needs a shared name, a subject holds one
record per list, a former name is not an identity; and it says what it refused."""

from __future__ import annotations

import json
import shutil
from collections import Counter, defaultdict
from pathlib import Path

from sanctionwatch.lists.linking import find_links, link
from sanctionwatch.lists.model import ListEntity
from sanctionwatch.lists.stats import list_stats
from sanctionwatch.lists.store import Store
from tests.helpers import run_cli


def test_no_subject_holds_two_records_of_one_list(bundled_store: Store) -> None:
    lists_per_subject: dict[str, Counter[str]] = defaultdict(Counter)
    for entity in bundled_store.entities():
        lists_per_subject[entity.canonical_id][entity.dataset] += 1
    assert all(count == 1 for counts in lists_per_subject.values() for count in counts.values())


def test_a_shipping_company_is_not_the_ship_its_note_names(bundled_store: Store) -> None:
    # the 2018 UK file types ships and companies alike "Entity"; Ocean Maritime Management's note
    # says it manages "the following vessels with IMO Number: ((a) Chol Ryong (Ryong Gun Bong)
    # 8606173, ...", and the company was read as that ship and merged into OFAC's vessel
    (uk,) = [r for r in bundled_store.find("GB-HMT-13143") if r.ref == "GB-HMT-13143"]
    assert uk.schema == "Organization" and not uk.imo
    assert "GB-HMT-13143" in {r.ref for r in bundled_store.find("KPe.020")}
    assert "GB-HMT-13143" not in {r.ref for r in bundled_store.find("OFAC-17104")}


def test_namesakes_by_a_bracket_meet_their_twins_by_their_full_names(bundled_store: Store) -> None:
    # without the brackets the UN's Al-Haramain foundations (Pakistan, Kenya, Tanzania, Comoros)
    # are each other's namesakes; by their full names each has one UK and one Australian twin
    for ref, country in (("QDe.104", "PAKISTAN"), ("QDe.105", "KENYA"), ("QDe.106", "TANZANIA")):
        records = bundled_store.find(ref)
        assert {r.dataset for r in records} >= {"un_sc", "gb_hmt", "au_dfat"}
        assert all(country in r.name.upper() for r in records if r.dataset != "us_ofac_sdn")


def test_australias_autonomous_iran_records_are_the_un_designations_twins(bundled_store: Store) -> None:
    # Australia kept the Iran designations the UN lifted in 2016 (and re-imposed in 2025) under
    # its "Autonomous (Iran)" programme, under the same names
    records = bundled_store.find("IRe.001")
    assert {(r.dataset, r.name) for r in records} >= {("un_sc", "7TH OF TIR"), ("au_dfat", "7TH OF TIR")}


def test_the_kpe_023_citations_leave_six_designations_apart(bundled_store: Store) -> None:
    refs = ["KPe.023", "KPe.035", "KPe.042", "KPe.043", "KPe.044", "KPe.048"]
    canonical = {ref: bundled_store.find(ref)[0].canonical_id for ref in refs}
    assert len(set(canonical.values())) == 6
    # and each keeps its own UK record, found by name
    insurance = {r.ref for r in bundled_store.find("KPe.048")}
    assert "GB-HMT-13355" in insurance and "OFAC-20573" in insurance


def test_a_citation_without_a_shared_name_is_a_conflict() -> None:
    un = ListEntity(id="u", schema="Organization", dataset="un_sc", ref="KPe.023", name="DAEDONG CREDIT BANK")
    uk = ListEntity(
        id="k", schema="Organization", dataset="gb_hmt", ref="K1", name="KANGBONG TRADING", xrefs=["KPe.023"]
    )
    same = ListEntity(
        id="s",
        schema="Organization",
        dataset="au_dfat",
        ref="A1",
        name="Daedong Credit Bank",
        xrefs=["KPe.023"],
    )
    linkage = link([un, uk, same])
    assert linkage.canonical == {"u": "u", "k": "k", "s": "u"}
    assert [(c.left.id, c.right.id, c.reason) for c in linkage.conflicts] == [("k", "u", "xref_without_name")]


def test_two_records_of_one_list_are_never_merged() -> None:
    a = ListEntity(id="a", schema="Person", dataset="un_sc", ref="A", name="KIM Chol", birth_dates=["1970"])
    b = ListEntity(
        id="b", schema="Person", dataset="un_sc", ref="B", name="KIM Chol Nam", birth_dates=["1970"]
    )
    c = ListEntity(
        id="c",
        schema="Person",
        dataset="gb_hmt",
        ref="C",
        name="KIM Chol",
        aliases=["Kim Chol Nam"],
        birth_dates=["1970"],
    )
    linkage = link([a, b, c])
    assert linkage.canonical["a"] != linkage.canonical["b"]
    assert [c.reason for c in linkage.conflicts] == ["same_list"]


def test_a_former_name_never_links_vessels_whose_numbers_differ() -> None:
    herby = ListEntity(
        id="h",
        schema="Vessel",
        dataset="us_ofac_sdn",
        ref="H",
        name="HERBY",
        aliases=["EXPLORER"],
        imo=["9362059"],
        dprk=True,
    )
    explorer = ListEntity(
        id="e", schema="Vessel", dataset="x", ref="E", name="EXPLORER", imo=["9179842"], dprk=True
    )
    assert find_links([herby, explorer]) == []
    assert [c.reason for c in link([herby, explorer]).conflicts] == ["identity"]
    renamed = ListEntity(
        id="r", schema="Vessel", dataset="x", ref="R", name="EXPLORER", imo=["9362059"], dprk=True
    )
    assert link([herby, renamed]).canonical["r"] == "h"


def test_un_records_meet_their_uk_and_australian_twins(bundled_store: Store) -> None:
    stats = list_stats(bundled_store)
    assert stats["un_records"] == 1003
    # the 2018 UK list predates later designations; Australia's 2024 list predates the 2025 Iran ones
    assert stats["un_records_with_twin"]["gb_hmt"] >= 800
    assert stats["un_records_with_twin"]["au_dfat"] >= 800
    assert stats["refused_links"]["xref_without_name"] >= 6


def test_lists_conflicts_lists_the_refused_citations(bundled_db: Path, tmp_path: Path) -> None:
    db = tmp_path / "db.duckdb"  # the command opens its store for writing: never the shared one
    shutil.copy(bundled_db, db)
    result = run_cli(db, "lists", "conflicts", "--json")
    assert result.returncode == 0
    conflicts = json.loads(result.stdout)["conflicts"]
    cited = {(c["left"]["ref"], c["right"]["ref"]) for c in conflicts if c["reason"] == "xref_without_name"}
    assert {("GB-HMT-13355", "KPe.023"), ("GB-HMT-13484", "KPe.023"), ("GB-HMT-13485", "KPe.023")} <= cited
    assert all({"rule", "reason", "left", "right"} <= set(c) for c in conflicts)
