"""FollowTheMoney: real OpenSanctions-format files load (issue 24), and the export round-trips.

The expected counts are computed here from the files with a few lines of plain JSON reading,
independently of the reader: an entity is screened when its schema is a person, organisation,
company, legal entity, public body, vessel or airplane and it has a non-blank name; every
other entity is related data.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from followthemoney import model

from sanctionwatch.lists.export import export_ftm
from sanctionwatch.lists.ids import is_valid
from sanctionwatch.lists.loading import load_paths
from sanctionwatch.lists.store import Store
from tests.helpers import run_cli

YENTE = Path(__file__).resolve().parents[3] / "shared" / "data" / "ftm-yente"
if not YENTE.exists():  # CI runs in a clone with shared/ beside it
    YENTE = Path("/work/shared/data/ftm-yente")
SCREENED = {"Person", "Organization", "Company", "LegalEntity", "PublicBody", "Vessel", "Airplane"}
needs_fixtures = pytest.mark.skipif(not YENTE.exists(), reason="shared/data/ftm-yente is not here")


def expected(entities: dict[str, dict]) -> tuple[int, int, int]:
    """(screened, related, nameless screenable) counted straight from the JSON."""

    def named(e: dict) -> bool:
        return any(n.strip() for n in e.get("properties", {}).get("name", []))

    screened = sum(1 for e in entities.values() if e["schema"] in SCREENED and named(e))
    nameless = sum(1 for e in entities.values() if e["schema"] in SCREENED and not named(e))
    return screened, len(entities) - screened, nameless


def read_lines(path: Path) -> dict[str, dict]:
    return {e["id"]: e for e in map(json.loads, path.read_text().splitlines()) if e}


@needs_fixtures
@pytest.mark.parametrize("name", ["zala", "parteispenden", "t1"])
def test_yente_fixture_files_load(tmp_path: Path, name: str) -> None:
    path = YENTE / f"{name}.entities.ftm.json"
    screened, related, nameless = expected(read_lines(path))
    result = run_cli(tmp_path / "db.duckdb", "lists", "load", "--json", str(path))
    assert result.returncode == 0, result.stderr
    [load] = json.loads(result.stdout)["loads"]
    assert (load["dataset"], load["records"], load["related"]) == (name, screened, related)
    assert sum(load["set_aside"].values()) == nameless


@needs_fixtures
def test_zala_counts_by_hand() -> None:
    # read by hand: 11 Company and 6 Person are the subjects; 41 Sanction, 14 Ownership,
    # 11 Address, 4 Family, 3 Directorship and 1 Passport are related data
    assert expected(read_lines(YENTE / "zala.entities.ftm.json")) == (17, 74, 0)


@needs_fixtures
def test_deltas_apply_in_order(tmp_path: Path) -> None:
    deltas = sorted(YENTE.glob("t2_*.entities.delta.json"))
    state: dict[str, dict] = {}
    for delta in deltas:
        for line in delta.read_text().splitlines():
            if line.strip():
                op = json.loads(line)
                if op["op"] == "DEL":
                    state.pop(op["entity"]["id"], None)
                else:
                    state[op["entity"]["id"]] = op["entity"]
    screened, related, nameless = expected(state)
    assert (screened, related, nameless) == (3, 1, 1)  # NK-500Poltergeist has the name ""
    with Store(tmp_path / "db.duckdb") as store:
        load_paths(store, list(reversed(deltas)))  # given in any order, applied by version
        assert store.count("t2") == screened
        assert len(store.related()) == related
        names = {e.id: e.name for e in store.entities("dataset = 't2'")}
        # the MOD of the second delta replaced Al-Qaida in Iraq with its new version
        assert (
            names["NK-2T3S8Hu29ktYnKSTgQp2wL"] == state["NK-2T3S8Hu29ktYnKSTgQp2wL"]["properties"]["name"][0]
        )
        # the same deltas onto t1, as its shape allows: t1's six subjects and the three new ones
        load_paths(store, [YENTE / "t1.entities.ftm.json"])
        load_paths(store, deltas, dataset="t1")
        assert store.count("t1") == 6 + screened


@needs_fixtures
def test_related_data_is_found_from_its_subject(tmp_path: Path) -> None:
    data = read_lines(YENTE / "zala.entities.ftm.json")
    sanction = next(e for e in data.values() if e["schema"] == "Sanction")
    subject = sanction["properties"]["entity"][0]
    with Store(tmp_path / "db.duckdb") as store:
        load_paths(store, [YENTE / "zala.entities.ftm.json"])
        related = store.related([subject])
    assert sanction["id"] in {item["id"] for item in related}


@needs_fixtures
def test_an_address_is_found_from_the_person_that_names_it(tmp_path: Path) -> None:
    """The other direction: an Address points to no one; a Person points to it in
    ``addressEntity``, and the Address is found from the Person all the same."""
    data = read_lines(YENTE / "zala.entities.ftm.json")
    [(person, address), *_] = [
        (e, target)
        for e in data.values()
        if e["schema"] == "Person"
        for target in e["properties"].get("addressEntity", [])
        if target in data
    ]
    assert data[address]["schema"] == "Address"
    with Store(tmp_path / "db.duckdb") as store:
        load_paths(store, [YENTE / "zala.entities.ftm.json"])
        related = store.related([person["id"]])
    assert address in {item["id"] for item in related}


@pytest.fixture(scope="module")
def exported(bundled_db: Path) -> list[dict]:
    with Store(bundled_db, read_only=True) as store:
        return list(export_ftm(store.entities(), store.related()))


def test_export_passes_followthemoney_validation(exported: list[dict]) -> None:
    ids = {entity["id"] for entity in exported}
    assert len(ids) == len(exported)
    invalid: list[str] = []
    for data in exported:
        if not is_valid(data["id"]) or not model.get(data["schema"]):
            invalid.append(data["id"])
            continue
        schema = model.get(data["schema"])
        assert "dprk" not in data
        for name, values in data["properties"].items():
            prop = schema.properties[name]  # an unknown property is a KeyError
            for value in values:
                if not prop.type.validate(value):
                    invalid.append(f"{data['id']} {name}={value!r}")
                if prop.type.name == "entity" and value not in ids:
                    invalid.append(f"{data['id']} {name} points to {value}, not in the export")
        proxy = model.get_proxy(data, cleaned=False)
        assert proxy.id == data["id"]
    assert invalid == []


def test_export_has_sanctions_and_relationships(exported: list[dict]) -> None:
    by_id = {entity["id"]: entity for entity in exported}
    kim = by_id["un-sc-KPi.023"]
    assert {"us-ofac-sdn-11648", "gb-hmt-12441", "au-dfat-3157"} <= set(kim["referents"])
    assert kim["datasets"] == ["au_dfat", "gb_hmt", "un_sc", "us_ofac_sdn"]
    assert "sanctionwatch:dprk" in kim["properties"]["keywords"]
    sanctions = [
        e for e in exported if e["schema"] == "Sanction" and e["properties"]["entity"] == [kim["id"]]
    ]
    assert len(sanctions) == 4
    un = next(s for s in sanctions if s["properties"]["authorityId"] == ["KPi.023"])
    assert un["properties"]["unscId"] == ["KPi.023"] and un["properties"]["program"] == ["DPRK"]
    assert len(un["properties"]["listingDate"][0]) == 10
    links = [e for e in exported if e["schema"] == "UnknownLink"]
    assert links and all(by_id[link["properties"]["object"][0]] for link in links)


def test_round_trip_of_all_bundled_lists_is_lossless(exported: list[dict], tmp_path: Path) -> None:
    path = tmp_path / "bundled.ftm.json"
    path.write_text("".join(json.dumps(entity, ensure_ascii=False) + "\n" for entity in exported))
    with Store(tmp_path / "db.duckdb") as store:
        load_paths(store, [path])
        again = list(export_ftm(store.entities(), store.related()))

    def normal(entities: list[dict]) -> dict[str, dict]:
        return {
            e["id"]: {**e, "properties": {k: sorted(v) for k, v in e["properties"].items()}} for e in entities
        }

    first, second = normal(exported), normal(again)
    assert first.keys() == second.keys()
    changed = [entity_id for entity_id in first if first[entity_id] != second[entity_id]]
    assert changed == []
