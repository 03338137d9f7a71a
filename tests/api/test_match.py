"""/match in the shapes yente's documentation shows, and the look-ups (the first tests, kept;
yente's own behaviour is restated in test_yente_api.py)."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

RESULT_FIELDS = {"id", "schema", "caption", "properties", "datasets", "score", "match", "explanations"}


def test_person_query_as_yente_documents_it(client: TestClient) -> None:
    body = {
        "queries": {
            "q1": {"schema": "Person", "properties": {"name": ["Kim Jong Un"], "birthDate": ["1984-01-08"]}}
        }
    }
    response = client.post(
        "/match/default", json=body, params={"algorithm": "best", "threshold": 0.7, "limit": 3}
    )
    assert response.status_code == 200
    data = response.json()
    assert set(data) >= {"responses", "matcher", "limit"} and data["limit"] == 3
    answer = data["responses"]["q1"]
    assert answer["status"] == 200 and set(answer) >= {"results", "total", "query"}
    top = answer["results"][0]
    assert set(top) >= RESULT_FIELDS
    assert top["caption"] == "KIM, Jong Un" and top["match"] is True and top["score"] == 1.0
    assert "OFAC-20157" in top["refs"] and top["properties"]["birthDate"] == ["1984-01-08"]
    assert answer["query"]["schema"] == "Person"


def test_several_queries_company_and_vessel(client: TestClient) -> None:
    body = {
        "queries": {
            "company": {"schema": "Company", "properties": {"name": ["KOMID"], "jurisdiction": ["kp"]}},
            "vessel": {"schema": "Vessel", "properties": {"imoNumber": ["IMO 7937317"]}},
            "nobody": {"schema": "Person", "properties": {"name": ["Son Heung-min"]}},
        }
    }
    answers = client.post("/match/default", json=body).json()["responses"]
    assert "KPe.001" in answers["company"]["results"][0]["refs"]
    assert answers["vessel"]["results"][0]["caption"] == "CHONG CHON GANG"
    assert all(not r["match"] for r in answers["nobody"]["results"])


def test_dataset_scope(client: TestClient) -> None:
    body = {"queries": {"q": {"schema": "Organization", "properties": {"name": ["Tanchon Commercial Bank"]}}}}
    results = client.post("/match/un_sc", json=body).json()["responses"]["q"]["results"]
    assert results and all("un_sc" in r["datasets"] for r in results)
    assert client.post("/match/no_such_list", json=body).status_code == 404


def test_single_values_are_accepted_as_lists(client: TestClient) -> None:
    body = {"queries": {"q": {"schema": "Person", "properties": {"name": "김정은"}}}}
    assert client.post("/match/default", json=body).json()["responses"]["q"]["results"][0]["match"]


def test_search_and_entities(client: TestClient) -> None:
    found = client.get("/search", params={"q": "Ocean Maritime Management"}).json()
    assert any("KPe.020" in r["refs"] for r in found["results"])
    entity = client.get("/entities/KPi.023").json()
    # referents are the ids of the other records merged into the entity (issue 24); list references in refs
    assert entity["schema"] == "Person" and "us-ofac-sdn-11648" in entity["referents"]
    assert "OFAC-11648" in entity["refs"]
    missing = client.get("/entities/KPi.999")
    assert missing.status_code == 404 and missing.json() == {
        "status": 404,
        "detail": "No such entity: 'KPi.999'",
    }


def test_incidents_and_health(client: TestClient) -> None:
    incidents = client.get("/incidents").json()["incidents"]
    assert incidents and client.get(f"/incidents/{incidents[0]['id']}").json() == incidents[0]
    assert client.get("/incidents/INC-999").status_code == 404
    health = client.get("/healthz").json()
    assert health["status"] == "ok" and health["lists"]["un_sc"] == "2026-02-27"


def test_different_korean_names_a_letter_apart_are_no_match_at_yentes_threshold(client: TestClient) -> None:
    """Tong Un KIM (a UK listing) and Kim Jong Un (the UN's KPi.xxx) are different people; at
    yente's default threshold of 0.7 /match must not call one the other."""
    body = {"queries": {"q": {"schema": "Person", "properties": {"name": ["Tong Un KIM"]}}}}
    results = client.post("/match/default", json=body).json()["responses"]["q"]["results"]
    matched = [r for r in results if r["match"]]
    assert matched, "the UK record named Tong Un KIM itself must still match"
    assert all("jong un" not in r["caption"].lower().replace(",", "") for r in matched), matched
    assert all("Jong Un" not in " ".join(r["properties"].get("name", [])) for r in matched), matched


def test_features_name_every_feature_that_scored_as_yente_does(client: TestClient) -> None:
    """yente's ``features`` map each feature to its score. A name-only query used to give ``{}``
    (only evidence beyond the name was listed), so a client reading them saw no reason at all."""
    body = {"queries": {"q": {"schema": "Person", "properties": {"name": ["Kim Jong Un"]}}}}
    top = client.post("/match/default", json=body).json()["responses"]["q"]["results"][0]
    assert top["features"]["name_match"] == top["explanations"]["name_match"]["score"] > 0.9
    assert set(top["features"]) == set(top["explanations"])
    body["queries"]["q"]["properties"]["birthDate"] = ["1984-01-08"]
    top = client.post("/match/default", json=body).json()["responses"]["q"]["results"][0]
    assert len(top["features"]) >= 2 and set(top["features"]) == set(top["explanations"])


def _vessel(client: TestClient, properties: dict[str, list[str]], **params: str) -> list[dict[str, object]]:
    body = {"queries": {"v": {"schema": "Vessel", "properties": properties}}}
    response = client.post("/match/default", json=body, params=params)
    assert response.status_code == 200, response.text
    return response.json()["responses"]["v"]["results"]  # type: ignore[no-any-return]


def test_match_weighs_the_mmsi_a_former_name_never_outweighs_it(client: TestClient) -> None:
    # HERBY (OFAC-15057) was EXPLORER; the SDN list gives its MMSI as 572458210. The US vessel
    # EXPLORER broadcasts 367544000 (MarineCadastre, 2023-01-11).
    herby = [r for r in _vessel(client, {"name": ["EXPLORER"]}) if "OFAC-15057" in r["refs"]]  # type: ignore[operator]
    assert herby and herby[0]["match"] is True
    other = _vessel(client, {"name": ["EXPLORER"], "mmsi": ["367544000"]})
    assert not [r for r in other if "OFAC-15057" in r["refs"] and r["match"]]  # type: ignore[operator]
    same = _vessel(client, {"name": ["EXPLORER"], "mmsi": ["572458210"]})
    assert [r for r in same if "OFAC-15057" in r["refs"] and r["match"]]  # type: ignore[operator]


@pytest.mark.parametrize("algorithm", ["best", "name-based"])
def test_a_bad_mmsi_is_a_422_naming_the_field_and_the_query(client: TestClient, algorithm: str) -> None:
    body = {
        "queries": {
            "fine": {"schema": "Vessel", "properties": {"name": ["EXPLORER"]}},
            "ship7": {"schema": "Vessel", "properties": {"name": ["EXPLORER"], "mmsi": ["12345"]}},
        }
    }
    response = client.post("/match/default", json=body, params={"algorithm": algorithm})
    assert response.status_code == 422
    detail = response.json()["detail"]
    assert "mmsi" in detail and "'12345'" in detail and "'ship7'" in detail


def test_an_ais_zero_imo_is_no_imo_and_the_name_is_matched(client: TestClient) -> None:
    results = _vessel(client, {"name": ["CHONG CHON GANG"], "imoNumber": ["IMO0000000"]})
    assert results and "OFAC-17069" in results[0]["refs"]  # type: ignore[operator]


@pytest.mark.parametrize(
    ("written", "read"),
    [
        ("18.02.1962", "1962-02-18"),
        ("1962-2-18", "1962-02-18"),
        ("18 Feb 1962", "1962-02-18"),
        ("1962", "1962"),
        ("c. 1962", "1962"),
    ],
)
def test_birth_dates_as_people_write_them_are_read_as_the_cli_reads_them(
    client: TestClient, written: str, read: str
) -> None:
    # KIM Yong Chol, KPi.024 on the UN list, born 18 February 1962 (as the CLI's test reads him)
    body = {
        "queries": {
            "q": {"schema": "Person", "properties": {"name": ["Kim Yong Chol"], "birthDate": [written]}}
        }
    }
    response = client.post("/match/default", json=body)
    assert response.status_code == 200, response.text
    answer = response.json()["responses"]["q"]
    assert answer["query"]["properties"]["birthDate"] == [read]
    top = answer["results"][0]
    assert "KPi.024" in top["refs"] and top["match"] is True


@pytest.mark.parametrize(("written", "reason"), [("16.13.1969", "month 13"), ("1970-02-30", "no day 30")])
def test_an_unreadable_birth_date_is_a_422_naming_the_field_and_the_query(
    client: TestClient, written: str, reason: str
) -> None:
    body = {
        "queries": {
            "ok": {"schema": "Person", "properties": {"name": ["Kim Jong Un"]}},
            "p2": {"schema": "Person", "properties": {"name": ["Kim Jong Un"], "birthDate": [written]}},
        }
    }
    response = client.post("/match/default", json=body)
    assert response.status_code == 422
    detail = response.json()["detail"]
    assert "birthDate" in detail and reason in detail and "'p2'" in detail
