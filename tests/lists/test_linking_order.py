"""Linking is a function of the records alone: the same subjects whatever order the lists are
loaded or reloaded in, and in whichever process (Python orders its sets of strings by a hash
seeded anew in every process)."""

from __future__ import annotations

import csv
import io
import lzma
import random
import re
import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sanctionwatch.lists.bundled import DATA
from sanctionwatch.lists.linking import link
from sanctionwatch.lists.model import ListEntity
from sanctionwatch.lists.store import Store
from tests.helpers import run_cli

UK_SNAPSHOT = DATA / "sanctions" / "hmt_ofsi_conlist_2018-04-13.csv.xz"
UN_SNAPSHOT = DATA / "sanctions" / "un_consolidated_2026-02-27.xml.xz"


@pytest.fixture(scope="module")
def records(bundled_db: Path) -> list[ListEntity]:
    with Store(bundled_db, read_only=True) as store:
        return list(store.entities())


@pytest.fixture(scope="module")
def clusters(records: list[ListEntity]) -> dict[str, str]:
    return link(records).canonical


@settings(max_examples=3, deadline=None, derandomize=True)
@given(list_order=st.permutations(["un_sc", "us_ofac_sdn", "gb_hmt", "au_dfat"]), seed=st.integers(0, 2**32))
def test_the_order_records_come_in_changes_no_subject(
    records: list[ListEntity], clusters: dict[str, str], list_order: list[str], seed: int
) -> None:
    # lists loaded one after another in any order, each list's records in any order
    shuffled = sorted(records, key=lambda record: list_order.index(record.dataset))
    rng = random.Random(seed)
    by_list = {name: [r for r in shuffled if r.dataset == name] for name in list_order}
    for members in by_list.values():
        rng.shuffle(members)
    assert link([r for name in list_order for r in by_list[name]]).canonical == clusters


def _subjects(db: Path) -> dict[str, str]:
    with Store(db, read_only=True) as store:
        return {entity.id: entity.canonical_id for entity in store.entities()}


@pytest.mark.parametrize("hash_seed", ["4", "5"])
def test_reloading_the_uk_list_in_another_process_changes_no_subject(
    bundled_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, hash_seed: str
) -> None:
    # The user's report: `lists load` of the bundled UK snapshot again, after every bundled list
    # was loaded, moved UN KPi.076's UK twin (main's linker did so under hash seeds 4 and 5).
    db = tmp_path / "store.duckdb"
    shutil.copy(bundled_db, db)
    monkeypatch.setenv("PYTHONHASHSEED", hash_seed)
    result = run_cli(db, "lists", "load", str(UK_SNAPSHOT), "--force")
    assert result.returncode == 0, result.stderr
    assert _subjects(db) == _subjects(bundled_db)


def _uk_rows(group_id: str) -> list[dict[str, str]]:
    text = lzma.decompress(UK_SNAPSHOT.read_bytes()).decode("latin-1")
    rows = csv.DictReader(io.StringIO(text.split("\n", 1)[1]))
    return [row for row in rows if row["Group ID"].strip() == group_id]


def test_un_kpi_076_is_linked_to_the_uk_record_of_its_un_listing(clusters: dict[str, str]) -> None:
    """The 2018 UK file lists RI Pyong Chol twice, both born 1948: Group 13546 (16/10/2017,
    "Annex XV", the EU's own listing: "Ri Pyong CHOL", no nationality) and Group 13572
    (22/12/2017, "Annex XIII. UN Listing": "Ri PYONG CHUL" as the UN writes it, the UN's alias
    Ri Pyo'ng-ch'o'l, DPRK national). The UN listed KPi.076 on 2017-12-22: 13572 is the UK's
    implementation of that listing, and a subject holds one record per list."""
    un = lzma.decompress(UN_SNAPSHOT.read_bytes()).decode("utf-8")
    entry = un[un.index("<REFERENCE_NUMBER>KPi.076<") :]
    assert re.search(r"<LISTED_ON>(.*?)</LISTED_ON>", entry)[1] == "2017-12-22"  # type: ignore[index]
    implementation, own = _uk_rows("13572"), _uk_rows("13546")
    assert {row["Listed On"] for row in implementation} == {"22/12/2017"}
    assert all("UN Listing" in row["Other Information"] for row in implementation)
    assert {row["Listed On"] for row in own} == {"16/10/2017"}
    assert not any("UN Listing" in row["Other Information"] for row in own)

    assert clusters["gb-hmt-13572"] == clusters["un-sc-KPi.076"]
    assert clusters["gb-hmt-13546"] != clusters["un-sc-KPi.076"]
