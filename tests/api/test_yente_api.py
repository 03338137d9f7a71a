"""yente's documented behaviour, restated as checks against our service.

Each test restates one of yente's own tests (tests/unit/test_match.py, test_search.py,
test_base.py, test_reconcile.py in yente 5.5) or a statement of its OpenAPI, with the bundled
lists' entities in place of yente's fixtures (Putin becomes Kim Jong Un, OFAC-20157; the
multi-list subject is UN KPi.023). Ids are never written down: they are read from the answers,
so that the tests hold whatever id scheme the store uses."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import duckdb
from fastapi.testclient import TestClient

KIM = {"schema": "Person", "properties": {"name": ["Kim Jong Un"], "nationality": "North Korea"}}
KPI023 = {
    "schema": "Person",
    "properties": {"name": ["Kim Tong Myong", "Kim Chin-So'k", "KIM TONG MY'ONG", "Kim Hyok-Chol", "김동명"]},
}
BANK = {"schema": "Organization", "properties": {"name": ["Tanchon Commercial Bank"]}}


def match(client: TestClient, query: dict[str, Any], dataset: str = "default", **params: Any) -> Any:
    response = client.post(f"/match/{dataset}", json={"queries": {"q": query}}, params=params)
    assert response.status_code == 200, response.text
    return response.json()["responses"]["q"]


def entity_id(client: TestClient, reference: str) -> str:
    """The canonical id of a list reference, as the service redirects to it."""
    response = client.get(f"/entities/{reference}", follow_redirects=False)
    assert response.status_code == 308, response.text
    return str(response.headers["location"]).rsplit("/", 1)[-1]


def ids(answer: dict[str, Any]) -> list[str]:
    return [result["id"] for result in answer["results"]]


# -- /match ---------------------------------------------------------------------------------------
def test_match_answers_every_query_by_its_key(client: TestClient) -> None:
    body = {"queries": {"vv": KIM, "xx": KIM, "zz": KIM}}
    response = client.post("/match/default", json=body)
    assert response.status_code == 200 and set(response.json()["responses"]) == {"vv", "xx", "zz"}
    assert response.headers["x-batch-size"] == "3"


def test_match_echoes_the_query_cleaned(client: TestClient) -> None:
    answer = match(client, KIM)
    assert answer["query"]["schema"] == "Person"
    assert answer["query"]["properties"]["nationality"] == ["kp"]  # "North Korea" cleaned, as yente does


def test_match_finds_the_listed_person_first(client: TestClient) -> None:
    answer = match(client, KIM)
    assert answer["total"]["value"] > 0
    assert answer["results"][0]["id"] == entity_id(client, "OFAC-20157")


def test_match_name_based_algorithm_and_unknown_algorithms(client: TestClient) -> None:
    assert (
        client.post(
            "/match/default", json={"queries": {"q": KIM}}, params={"algorithm": "neural-net"}
        ).status_code
        == 400
    )
    for algorithm in ("best", "name-based", "sanctionwatch", "BEST"):
        answer = match(client, KIM, algorithm=algorithm)
        assert answer["results"][0]["id"] == entity_id(client, "OFAC-20157")
        assert answer["results"][0]["score"] > 0.7


def test_match_algorithm_list_matches_what_match_accepts(client: TestClient) -> None:
    names = [item["name"] for item in client.get("/algorithms").json()["algorithms"]]
    for name in names:
        assert (
            client.post(
                "/match/default", json={"queries": {"q": KIM}}, params={"algorithm": name}
            ).status_code
            == 200
        )


def test_match_without_schema_is_422_unknown_schema_400(client: TestClient) -> None:
    no_schema = {"queries": {"fail": {"properties": {"name": "Banana"}}}}
    assert client.post("/match/default", json=no_schema).status_code == 422
    bad_schema = {"queries": {"fail": {"schema": "xxx", "properties": {"name": "Banana"}}}}
    assert client.post("/match/default", json=bad_schema).status_code == 400


def test_match_many_spellings_of_one_name(client: TestClient) -> None:
    answer = match(client, KPI023)
    assert answer["results"] and answer["results"][0]["id"] == entity_id(client, "KPi.023")


def test_match_passes_the_query_id_through(client: TestClient) -> None:
    answer = match(client, {**KPI023, "id": "ermakov"})
    assert answer["query"]["id"] == "ermakov" and answer["query"]["schema"] == "Person"


def test_match_exclude_dataset(client: TestClient) -> None:
    kim = entity_id(client, "OFAC-20157")
    assert kim in ids(match(client, KIM, algorithm="name-based"))
    assert kim not in ids(match(client, KIM, algorithm="name-based", exclude_dataset="us_ofac_sdn"))


def test_match_include_dataset(client: TestClient) -> None:
    bank = entity_id(client, "KPe.003")
    assert match(client, BANK, include_dataset=["gb_hmt"])["results"][0]["id"] == bank
    elsewhere = match(client, KIM, include_dataset=["un_sc", "gb_hmt"])
    assert entity_id(client, "OFAC-20157") not in ids(elsewhere)
    both = match(client, BANK, include_dataset=["gb_hmt", "un_sc"], exclude_dataset="un_sc")
    assert bank not in ids(both)


def test_match_topic_filter(client: TestClient) -> None:
    assert match(client, KIM, topics="crime.cyber")["results"] == []
    assert match(client, KIM, topics="sanction")["results"]
    assert (
        client.post("/match/default", json={"queries": {"q": KIM}}, params={"topics": "nonsense"}).status_code
        == 400
    )


def test_match_defaults_are_yentes(client: TestClient) -> None:
    """yente's defaults: limit 5, cutoff and threshold 0.7. Each side is met by a result near it:
    "Tanchon Bank" gives TANCHON COMMERCIAL BANK just above 0.7 (a default over it drops the
    result or its match), and Kim Jong Un gives the UK's Tong Un KIM, another person, just under
    (a default under it returns him, or calls him a match). A cutoff over the threshold is the
    threshold, as in yente, so that side of the cutoff is the threshold's."""
    response = client.post("/match/default", json={"queries": {"q": KIM}}).json()
    assert response["limit"] == 5
    results = response["responses"]["q"]["results"]
    assert results and all(r["score"] > 0.7 and r["match"] for r in results)
    assert not [r for r in results if "Tong Un" in r["caption"]]
    near = match(client, {"schema": "Organization", "properties": {"name": ["Tanchon Bank"]}})["results"]
    just_above = [(r["caption"], r["match"]) for r in near if r["score"] < 0.75]
    assert just_above == [("TANCHON COMMERCIAL BANK", True)]
    below = match(client, KIM, cutoff=0.5)["results"]
    tong = [r for r in below if "Tong Un" in r["caption"]]
    assert tong and all(0.5 < r["score"] < 0.7 and not r["match"] for r in tong)


def test_match_total_counts_matches_not_results(client: TestClient) -> None:
    wide = match(
        client, {"schema": "Person", "properties": {"name": ["Kim"]}}, cutoff=0.3, threshold=0.9, limit=500
    )
    assert wide["total"]["value"] == sum(r["match"] for r in wide["results"])
    assert len(wide["results"]) > wide["total"]["value"]
    one = match(
        client, {"schema": "Person", "properties": {"name": ["Kim"]}}, cutoff=0.3, threshold=0.9, limit=1
    )
    assert len(one["results"]) == 1 and one["total"] == wide["total"]


def test_match_limit_up_to_500(client: TestClient) -> None:
    assert (
        client.post("/match/default", json={"queries": {"q": KIM}}, params={"limit": 500}).status_code == 200
    )
    assert (
        client.post("/match/default", json={"queries": {"q": KIM}}, params={"limit": 501}).status_code == 422
    )


def test_match_exclude_entity_ids_takes_referents(client: TestClient) -> None:
    answer = match(client, KPI023)
    top = answer["results"][0]
    assert top["referents"]
    again = match(client, KPI023, exclude_entity_ids=top["referents"][0])
    assert top["id"] not in ids(again)


def test_match_changed_since(client: TestClient) -> None:
    assert match(client, KIM, changed_since="2999-01-01")["results"] == []
    assert match(client, KIM, changed_since="2000-01-01T00:00")["results"]
    bad = client.post("/match/default", json={"queries": {"q": KIM}}, params={"changed_since": "yesterday"})
    assert bad.status_code == 422


def test_match_exclude_schema(client: TestClient) -> None:
    assert match(client, KIM, exclude_schema="Person")["results"] == []
    assert (
        client.post(
            "/match/default", json={"queries": {"q": KIM}}, params={"exclude_schema": "Dragon"}
        ).status_code
        == 400
    )


def test_match_refuses_config_and_batch_beyond_limits(client: TestClient) -> None:
    assert (
        client.post("/match/default", json={"queries": {"q": KIM}, "config": {"nm_x": 1}}).status_code == 400
    )
    assert client.post("/match/default", json={"queries": {}}).status_code == 400
    many = {"queries": {str(i): KIM for i in range(101)}}
    assert client.post("/match/default", json=many).status_code == 400


def test_match_result_has_yentes_fields_and_ours(client: TestClient) -> None:
    top = match(client, KIM)["results"][0]
    for name in (
        "id",
        "caption",
        "schema",
        "properties",
        "datasets",
        "referents",
        "target",
        "score",
        "match",
    ):
        assert name in top
    assert top["first_seen"].startswith("20") and top["last_seen"].startswith("20") and top["last_change"]
    assert top["target"] is True and top["caption"] == "KIM, Jong Un"
    assert all(set(e) >= {"score", "detail"} for e in top["explanations"].values())
    assert top["explanations"]["name_match"]["score"] == 1.0
    assert top["explanation"]["matched_name"] == "KIM, Jong Un" and top["refs"] == ["OFAC-20157"]


def test_match_referents_are_entity_ids(client: TestClient) -> None:
    top = match(client, KPI023)["results"][0]
    assert len(top["referents"]) >= 3 and "KPi.023" not in top["referents"]
    for referent in top["referents"]:
        assert entity_id(client, referent) == top["id"]


def test_match_reads_a_body_without_json_content_type(client: TestClient) -> None:
    body = json.dumps({"queries": {"q": KIM}})
    for headers in ({"content-type": "application/x-www-form-urlencoded"}, {"content-type": ""}):
        response = client.post("/match/default", content=body, headers=headers)
        assert response.status_code == 200, response.text


def test_match_collections_and_unknown_dataset(client: TestClient) -> None:
    assert match(client, KIM, dataset="sanctions")["results"]
    assert client.post("/match/nothing", json={"queries": {"q": KIM}}).status_code == 404


# -- /search --------------------------------------------------------------------------------------
def test_search_finds_a_name(client: TestClient) -> None:
    data = client.get("/search/default", params={"q": "kim jong un"}).json()
    top = data["results"][0]
    assert top["id"] == entity_id(client, "OFAC-20157")
    assert top["first_seen"].startswith("20") and top["last_seen"].startswith("20")
    assert "sanctions" not in top["datasets"] and "default" not in top["datasets"]


def test_search_reads_q_as_words_every_one_required(client: TestClient, api_db: Path) -> None:
    """yente hands q to Elasticsearch's query_string over the names (every word required): "kim"
    finds every entity with a name holding the word. Our search found one entity for "kim" (a
    fuzzy match on an alias, "CEAR GYM"), none on un_sc, and missed KPi.023 for "KIM TONG"."""
    with duckdb.connect(str(api_db), read_only=True) as con:
        rows = con.execute("SELECT id, canonical_id, name, aliases FROM entities").fetchall()
    word = re.compile(r"\bkim\b", re.IGNORECASE)
    kims = {
        canonical or id_ for id_, canonical, name, aliases in rows if any(map(word.search, [name, *aliases]))
    }
    data = client.get("/search/default", params={"q": "kim", "limit": 500}).json()
    found = [hit["id"] for hit in data["results"]]
    assert kims <= set(found) and found[: len(kims)] == [f for f in found if f in kims]
    tong = [hit["id"] for hit in client.get("/search/un_sc", params={"q": "KIM TONG"}).json()["results"]]
    assert "un-sc-KPi.023" in tong


def test_search_without_query_lists_entities(client: TestClient) -> None:
    assert len(client.get("/search/default").json()["results"]) > 9


def test_search_schema_filter(client: TestClient) -> None:
    assert client.get("/search/default", params={"q": "kim jong un", "schema": "Banana"}).status_code == 400
    assert (
        client.get("/search/default", params={"q": "kim jong un", "schema": "Vessel"}).json()["results"] == []
    )
    assert client.get("/search/default", params={"q": "kim jong un", "schema": "Person"}).json()["results"]


def test_search_exclude_schema(client: TestClient) -> None:
    data = client.get("/search/default", params={"facets": "schema"}).json()
    airplanes = {v["name"]: v["count"] for v in data["facets"]["schema"]["values"]}["Airplane"]
    fewer = client.get("/search/default", params={"exclude_schema": "Airplane"}).json()
    assert airplanes > 0 and fewer["total"]["value"] == data["total"]["value"] - airplanes


def test_search_exclude_and_include_dataset(client: TestClient) -> None:
    q = {"q": "kim jong un"}
    kim = entity_id(client, "OFAC-20157")
    assert kim not in ids(
        client.get("/search/default", params={**q, "exclude_dataset": "us_ofac_sdn"}).json()
    )
    assert kim not in ids(client.get("/search/default", params={**q, "include_dataset": "gb_hmt"}).json())
    assert kim in ids(client.get("/search/default", params={**q, "include_dataset": "us_ofac_sdn"}).json())
    both = {**q, "include_dataset": "us_ofac_sdn", "exclude_dataset": "us_ofac_sdn"}
    assert client.get("/search/default", params=both).json()["total"]["value"] == 0


def test_search_changed_since(client: TestClient) -> None:
    future = client.get("/search/default", params={"q": "kim jong un", "changed_since": "2999-01-01T00:00"})
    assert future.status_code == 200 and future.json()["total"]["value"] == 0


def test_search_countries_filter_and_facet(client: TestClient) -> None:
    assert (
        client.get("/search/default", params={"q": "kim jong un", "countries": "ke"}).json()["results"] == []
    )
    data = client.get("/search/default", params={"q": "kim jong un", "countries": "kp"}).json()
    names = [value["name"] for value in data["facets"]["countries"]["values"]]
    assert "kp" in names and "ke" not in names


def test_search_facets_default_and_chosen(client: TestClient) -> None:
    facets = client.get("/search/default").json()["facets"]
    assert set(facets) == {"countries", "topics", "datasets"}
    names = [value["name"] for value in facets["datasets"]["values"]]
    assert {"un_sc", "us_ofac_sdn", "gb_hmt", "au_dfat"} <= set(names)
    chosen = client.get("/search/default", params={"facets": ["schema", "topics"]}).json()["facets"]
    assert set(chosen) == {"schema", "topics"}
    assert "Vessel" in [value["name"] for value in chosen["schema"]["values"]]


def test_search_facet_counts_the_scope(client: TestClient) -> None:
    data = client.get("/search/un_sc", params={"facets": "datasets"}).json()
    counts = {value["name"]: value["count"] for value in data["facets"]["datasets"]["values"]}
    assert counts["un_sc"] == data["total"]["value"]


def test_search_topics(client: TestClient) -> None:
    assert client.get("/search/default", params={"topics": "sanction"}).json()["total"]["value"] > 0
    topics = client.get("/search/default").json()["facets"]["topics"]["values"]
    assert "sanction" in [value["name"] for value in topics]


def test_search_targets(client: TestClient) -> None:
    assert (
        client.get("/search/default", params={"schema": "LegalEntity", "target": "false"}).json()["results"]
        == []
    )
    results = client.get("/search/default", params={"schema": "LegalEntity", "target": "true"}).json()[
        "results"
    ]
    assert results and all(result["target"] is True for result in results)


def test_search_sorted(client: TestClient) -> None:
    results = client.get("/search/default", params={"sort": "id:desc"}).json()["results"]
    assert [r["id"] for r in results] == sorted((r["id"] for r in results), reverse=True)
    seen = client.get("/search/default", params={"sort": "first_seen:desc", "limit": 50}).json()["results"]
    assert [r["first_seen"] for r in seen] == sorted((r["first_seen"] for r in seen), reverse=True)
    assert client.get("/search/default", params={"sort": "banana"}).status_code == 400


def test_search_scope(client: TestClient) -> None:
    assert client.get("/search/gb_hmt", params={"q": "kim jong un"}).json()["results"][0]["id"] != entity_id(
        client, "OFAC-20157"
    )
    assert client.get("/search/nothing", params={"q": "kim"}).status_code == 404


def test_search_limit_and_offset(client: TestClient) -> None:
    assert client.get("/search/default", params={"q": "kim jong un", "limit": 0}).json()["results"] == []
    far = client.get("/search/default", params={"q": "kim jong un", "offset": 100}).json()
    assert far["results"] == [] and far["offset"] == 100
    assert client.get("/search/default", params={"q": "kim", "offset": 9999}).status_code == 422
    assert client.get("/search/default", params={"q": "kim", "limit": 10000}).status_code == 422
    page = client.get("/search/default", params={"q": "kim", "limit": 500}).json()
    assert page["limit"] == 500 and page["offset"] == 0


def test_search_property_filter(client: TestClient) -> None:
    vessel = client.get("/search/default", params={"q": "chong chon gang", "schema": "Vessel"}).json()[
        "results"
    ][0]
    imo = vessel["properties"]["imoNumber"][0]
    found = client.get("/search/default", params={"filter": f"properties.imoNumber:{imo}"}).json()
    assert [r["id"] for r in found["results"]] == [vessel["id"]]
    assert client.get("/search/default", params={"filter": "imoNumber"}).status_code == 400


# -- /entities ------------------------------------------------------------------------------------
def test_entity_by_id(client: TestClient) -> None:
    canonical = entity_id(client, "KPi.023")
    data = client.get(f"/entities/{canonical}").json()
    assert data["id"] == canonical and data["schema"] == "Person" and data["caption"]
    assert "KPi.023" in data["refs"] and len(data["referents"]) >= 3
    assert set(data["datasets"]) == {"un_sc", "us_ofac_sdn", "gb_hmt", "au_dfat"}


def test_entity_referent_redirects_with_308(client: TestClient) -> None:
    canonical = entity_id(client, "KPi.023")
    for referent in client.get(f"/entities/{canonical}").json()["referents"]:
        response = client.get(f"/entities/{referent}", follow_redirects=False)
        assert response.status_code == 308 and response.headers["location"] == f"/entities/{canonical}"


def test_entity_unknown_is_404(client: TestClient) -> None:
    assert client.get("/entities/no-such-entity").status_code == 404


def test_entity_nested_flag(client: TestClient) -> None:
    canonical = entity_id(client, "KPe.003")
    flat = client.get(f"/entities/{canonical}", params={"nested": "false"}).json()
    nested = client.get(f"/entities/{canonical}").json()
    assert flat["id"] == nested["id"] == canonical
    assert set(flat["properties"]) <= set(nested["properties"])


def test_entity_adjacent(client: TestClient) -> None:
    canonical = entity_id(client, "KPe.003")
    data = client.get(f"/entities/{canonical}/adjacent").json()
    assert data["entity"]["id"] == canonical and isinstance(data["adjacent"], dict)
    assert client.get(f"/entities/{canonical}/adjacent/banana").status_code == 404
    page = client.get(f"/entities/{canonical}/adjacent/sanctions").json()
    assert page["total"]["value"] == len(page["results"]) or page["total"]["value"] > page["limit"]
    moved = client.get("/entities/KPe.003/adjacent", follow_redirects=False)
    assert moved.status_code == 308 and moved.headers["location"] == f"/entities/{canonical}/adjacent"


# -- system ---------------------------------------------------------------------------------------
def test_healthz_and_readyz(client: TestClient) -> None:
    assert client.get("/healthz").json()["status"] == "ok"
    ready = client.get("/readyz").json()
    # the bundled lists are months old: ready, and saying which lists are stale (issue 25)
    assert ready["status"] == "ok" and {item["list"] for item in ready["stale"]} >= {"gb_hmt"}


def test_catalog_lists_and_collections(client: TestClient) -> None:
    data = client.get("/catalog").json()
    by_name = {d["name"]: d for d in data["datasets"]}
    assert set(by_name) >= {"un_sc", "us_ofac_sdn", "gb_hmt", "au_dfat", "sanctions", "default"}
    assert by_name["un_sc"]["version"].startswith("20260227") and by_name["un_sc"]["load"] is True
    assert set(by_name["sanctions"]["children"]) == {"un_sc", "us_ofac_sdn", "gb_hmt", "au_dfat"}
    assert set(data["current"]) == set(by_name) and data["outdated"] == []


def test_algorithms(client: TestClient) -> None:
    data = client.get("/algorithms").json()
    assert len(data["algorithms"]) >= 2 and data["default"] == "best"
    assert data["best"] in [a["name"] for a in data["algorithms"]]


# -- /reconcile (OpenRefine) ----------------------------------------------------------------------
def test_reconcile_manifest(client: TestClient) -> None:
    data = client.get("/reconcile/default").json()
    assert data["identifierSpace"].startswith("http") and "suggest" in data
    assert {t["id"] for t in data["defaultTypes"]} >= {"Person", "Organization", "Vessel"}


def test_reconcile_query(client: TestClient) -> None:
    queries = {"mutti": {"query": "Tanchon Commercial Bank"}}
    response = client.post("/reconcile/default", data={"queries": json.dumps(queries)})
    assert response.status_code == 200
    assert response.json()["mutti"]["result"][0]["id"] == entity_id(client, "KPe.003")
    # a batch in the URL, as the Reconciliation API allows: it gave the manifest
    in_the_url = client.get("/reconcile/default", params={"queries": json.dumps(queries)})
    assert in_the_url.status_code == 200 and in_the_url.json() == response.json()


def test_reconcile_invalid_query(client: TestClient) -> None:
    queries = {"mutti": {"query": 37473874}}
    assert client.post("/reconcile/default", data={"queries": json.dumps(queries)}).status_code == 400
    assert client.post("/reconcile/default", data={"queries": "{not json"}).status_code == 400


def test_reconcile_suggest_entity(client: TestClient) -> None:
    assert client.get("/reconcile/default/suggest/entity").json()["result"] == []
    found = client.get("/reconcile/default/suggest/entity", params={"prefix": "tanchon comm"}).json()[
        "result"
    ]
    assert found[0]["id"] == entity_id(client, "KPe.003") and "tanchon" in found[0]["name"].lower()
    assert (
        client.get("/reconcile/default/suggest/entity", params={"prefix": "banana man"}).json()["result"]
        == []
    )


def test_reconcile_suggest_property(client: TestClient) -> None:
    assert client.get("/reconcile/default/suggest/property").json()["result"] == []
    found = [
        r["id"]
        for r in client.get("/reconcile/default/suggest/property", params={"prefix": "country"}).json()[
            "result"
        ]
    ]
    assert "LegalEntity:mainCountry" in found and "Thing:country" in found
    assert (
        client.get("/reconcile/default/suggest/property", params={"prefix": "banana"}).json()["result"] == []
    )


def test_reconcile_suggest_type(client: TestClient) -> None:
    assert client.get("/reconcile/default/suggest/type").json()["result"] == []
    found = client.get("/reconcile/default/suggest/type", params={"prefix": "organ"}).json()["result"]
    assert [r["id"] for r in found] == ["Organization"]
    assert client.get("/reconcile/default/suggest/type", params={"prefix": "banana"}).json()["result"] == []


def test_openrefine_session(client: TestClient) -> None:
    """What OpenRefine does with a reconciliation service, step by step, using only the URLs the
    manifest gives: add the service, reconcile a column in batches (with a type and a property
    column), preview a candidate, then extend the matched rows with a property."""
    manifest = client.get("/reconcile/sanctions").json()
    assert manifest["versions"] == ["0.2"]
    suggest = manifest["suggest"]["entity"]
    typed = client.get(suggest["service_url"] + suggest["service_path"], params={"prefix": "kim jong"}).json()
    assert typed["result"] and all("kim" in item["name"].lower() for item in typed["result"])
    rows = {
        "q0": {
            "query": "Kim Jong Un",
            "type": "Person",
            "limit": 3,
            "properties": [{"pid": "nationality", "v": "kp"}, {"pid": "Person:birthDate", "v": "1984-01-08"}],
        },
        "q1": {"query": "Tanchon Commercial Bank", "type": "Organization"},
        "q2": {"query": "Son Heung-min", "type": "Person"},
    }
    answers = client.post("/reconcile/sanctions", data={"queries": json.dumps(rows)}).json()
    kim = answers["q0"]["result"][0]
    assert kim["match"] and kim["id"] == entity_id(client, "OFAC-20157") and len(answers["q0"]["result"]) <= 3
    assert answers["q1"]["result"][0]["id"] == entity_id(client, "KPe.003")
    assert not any(candidate["match"] for candidate in answers["q2"]["result"])
    preview = client.get(
        manifest["preview"]["url"].replace("{{id}}", kim["id"]).replace("http://testserver", "")
    )
    assert preview.status_code == 200 and "KIM, Jong Un" in preview.text
    propose = manifest["extend"]["propose_properties"]
    offered = client.get(propose["service_url"] + propose["service_path"], params={"type": "Person"}).json()
    assert "birthDate" in [p["id"] for p in offered["properties"]]
    extension = {"ids": [kim["id"]], "properties": [{"id": "birthDate"}, {"id": "country"}]}
    extended = client.post("/reconcile/sanctions", data={"extend": json.dumps(extension)}).json()
    assert extended["rows"][kim["id"]]["birthDate"] == [{"str": "1984-01-08"}]
    assert extended["rows"][kim["id"]]["country"][0]["str"] == "North Korea"
