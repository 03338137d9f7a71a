"""Every error status the API answers with, one request each: the status, the JSON body
``{"status", "detail"}`` and a detail that names what to fix (the field, value or header)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from sanctionwatch.api.app import create_app
from sanctionwatch.api.settings import ApiSettings
from sanctionwatch.lists.loading import load_paths
from sanctionwatch.lists.store import Store
from tests.api.conftest import KEY
from tests.lists.fixtures import UN_XML

PERSON = {"schema": "Person", "properties": {"name": ["Kim Jong Un"]}}
AUTH = {"X-API-Key": KEY}

# (id, method, path, request keywords, status, fragments of the detail)
CASES: list[tuple[str, str, str, dict[str, Any], int, tuple[str, ...]]] = [
    (
        "match-unknown-dataset",
        "post",
        "/match/nothing",
        {"json": {"queries": {"q": PERSON}}},
        404,
        ("'nothing'",),
    ),
    ("search-unknown-dataset", "get", "/search/nothing", {"params": {"q": "Kim"}}, 404, ("'nothing'",)),
    ("search-q-too-long", "get", "/search/default", {"params": {"q": "K" * 1001}}, 422, ("q", "1000")),
    ("match-no-queries", "post", "/match/default", {"json": {"queries": {}}}, 400, ("No queries",)),
    (
        # read as text, [{"a": 1}] was screened as the name "{'a': 1}" and answered as no match
        "match-name-not-text",
        "post",
        "/match/default",
        {"json": {"queries": {"q": {"schema": "Person", "properties": {"name": [{"a": 1}]}}}}},
        422,
        ("'name'", "text or a number"),
    ),
    (
        "match-unknown-schema",
        "post",
        "/match/default",
        {"json": {"queries": {"q": {"schema": "Dragon", "properties": {"name": ["X"]}}}}},
        400,
        ("'Dragon'",),
    ),
    (
        "match-unknown-property",
        "post",
        "/match/default",
        {"json": {"queries": {"q": {"schema": "Person", "properties": {"name": ["X"], "wings": ["2"]}}}}},
        400,
        ("'wings'",),
    ),
    (
        "match-bad-value",
        "post",
        "/match/default",
        {
            "json": {
                "queries": {"q": {"schema": "Person", "properties": {"name": ["X"], "birthDate": ["soon"]}}}
            }
        },
        422,
        ("birthDate", "'soon'"),
    ),
    (
        "match-no-name",
        "post",
        "/match/default",
        {"json": {"queries": {"q": {"schema": "Person", "properties": {"nationality": ["kp"]}}}}},
        400,
        ("'name'",),
    ),
    (
        "match-unknown-algorithm",
        "post",
        "/match/default",
        {"json": {"queries": {"q": PERSON}}, "params": {"algorithm": "magic"}},
        400,
        ("'magic'",),
    ),
    (
        "match-weights",
        "post",
        "/match/default",
        {"json": {"queries": {"q": PERSON}, "weights": {"name": 1.0}}},
        400,
        ("weights",),
    ),
    (
        "match-unknown-include-dataset",
        "post",
        "/match/default",
        {"json": {"queries": {"q": PERSON}}, "params": {"include_dataset": "nothing"}},
        400,
        ("'nothing'",),
    ),
    (
        "match-unknown-topic",
        "post",
        "/match/default",
        {"json": {"queries": {"q": PERSON}}, "params": {"topics": "dragons"}},
        400,
        ("'dragons'",),
    ),
    (
        "search-unknown-country",
        "get",
        "/search/default",
        {"params": {"q": "Kim", "countries": "atlantis"}},
        400,
        ("'atlantis'",),
    ),
    (
        "match-not-json",
        "post",
        "/match/default",
        {"content": b"{not json", "headers": {"content-type": "application/json"}},
        422,
        ("body", "JSON decode error"),
    ),
    (
        "search-bad-sort",
        "get",
        "/search/default",
        {"params": {"q": "Kim", "sort": "wings:up"}},
        400,
        ("'wings:up'",),
    ),
    (
        "search-bad-filter",
        "get",
        "/search/default",
        {"params": {"q": "Kim", "filter": "nocolon"}},
        400,
        ("'nocolon'",),
    ),
    (
        "search-bad-changed-since",
        "get",
        "/search/default",
        {"params": {"q": "Kim", "changed_since": "yesterday"}},
        422,
        ("changed_since",),
    ),
    (
        "search-limit-out-of-range",
        "get",
        "/search/default",
        {"params": {"q": "Kim", "limit": "-1"}},
        422,
        ("limit",),
    ),
    ("entity-unknown", "get", "/entities/no-such-entity", {}, 404, ("'no-such-entity'",)),
    ("statements-no-id", "get", "/statements", {}, 400, ("entity_id", "canonical_id")),
    ("incident-unknown", "get", "/incidents/INC-999", {}, 404, ("'INC-999'",)),
    ("claims-without-key", "post", "/claims", {"json": {"text": "North Korea sent shells."}}, 401, ("key",)),
    (
        "claims-bad-key",
        "post",
        "/claims",
        {"json": {"text": "North Korea sent shells."}, "headers": {"X-API-Key": "wrong"}},
        401,
        ("not valid",),
    ),
    ("claims-no-text", "post", "/claims", {"json": {}, "headers": AUTH}, 422, ("text",)),
    (
        "ais-unreadable-upload",
        "post",
        "/ais/detect",
        {"files": {"file": ("track.csv", b"hello,world\n1,2\n", "text/csv")}, "headers": AUTH},
        400,
        ("track.csv", "not an AIS format"),
    ),
    (
        "reconcile-type-unknown",
        "get",
        "/reconcile/default/extend/property",
        {"params": {"type": "Dragon"}},
        400,
        ("'Dragon'",),
    ),
    (
        "reconcile-preview-unknown",
        "get",
        "/reconcile/default/preview",
        {"params": {"id": "no-such"}},
        404,
        ("'no-such'",),
    ),
    (
        "match-unmatchable-schema",
        "post",
        "/match/default",
        {"json": {"queries": {"q": {"schema": "Sanction", "properties": {"program": ["DPRK"]}}}}},
        400,
        ("Sanction", "cannot be matched"),
    ),
    (
        "match-config-parameter",
        "post",
        "/match/default",
        {"json": {"queries": {"q": PERSON}, "config": {"fuzzy": 1}}},
        400,
        ("fuzzy",),
    ),
    (
        "match-too-many-queries",
        "post",
        "/match/default",
        {"json": {"queries": {f"q{n}": PERSON for n in range(101)}}},
        400,
        ("Too many queries", "100"),
    ),
    (
        "match-imo-check-digit",
        "post",
        "/match/default",
        {"json": {"queries": {"q": {"schema": "Vessel", "properties": {"imoNumber": ["IMO 9179843"]}}}}},
        400,
        ("imoNumber", "IMO 9179843", "check digit"),
    ),
    (
        "search-changed-since-no-such-day",
        "get",
        "/search/default",
        {"params": {"q": "Kim", "changed_since": "2024-02-30"}},
        400,
        ("changed_since", "'2024-02-30'"),
    ),
    (
        "search-filter-unknown-property",
        "get",
        "/search/default",
        {"params": {"q": "Kim", "filter": "properties.wings:2"}},
        400,
        ("'wings'",),
    ),
    (
        "entity-adjacent-unknown-property",
        "get",
        "/entities/KPi.023/adjacent/wings",
        {},
        404,
        ("'wings'",),
    ),
    ("reconcile-form-empty", "post", "/reconcile/default", {"data": {}}, 400, ("'queries'",)),
    (
        "reconcile-extend-not-json",
        "post",
        "/reconcile/default",
        {"data": {"extend": "{not json"}},
        400,
        ("Invalid extension",),
    ),
    (
        "reconcile-extend-limit-not-number",
        "post",
        "/reconcile/default",
        {
            "data": {
                "extend": json.dumps(
                    {"ids": ["KPi.023"], "properties": [{"id": "name", "settings": {"limit": "x"}}]}
                )
            }
        },
        400,
        ("limit of name",),
    ),
    (
        "reconcile-queries-not-json",
        "get",
        "/reconcile/default/queries",
        {"params": {"queries": "{not json"}},
        400,
        ("Invalid queries",),
    ),
    (
        "reconcile-too-many-queries",
        "get",
        "/reconcile/default/queries",
        {"params": {"queries": json.dumps({f"q{n}": {"query": "Kim"} for n in range(101)})}},
        400,
        ("Too many queries", "100"),
    ),
    ("unknown-route", "get", "/no/such/route", {}, 404, ("no such path: /no/such/route", "/openapi.json")),
    ("method-not-allowed", "delete", "/match/default", {}, 405, ("DELETE is not allowed on /match", "POST")),
]


@pytest.mark.parametrize(
    ("method", "path", "request_kwargs", "status", "fragments"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_error_status_and_detail(
    client: TestClient,
    method: str,
    path: str,
    request_kwargs: dict[str, Any],
    status: int,
    fragments: tuple[str, ...],
) -> None:
    response = client.request(method.upper(), path, **request_kwargs)
    assert response.status_code == status, response.text
    body = response.json()
    assert body["status"] == status and isinstance(body["detail"], str) and body["detail"]
    assert "Traceback" not in response.text and "\n" not in body["detail"]
    for fragment in fragments:
        assert fragment in body["detail"], body["detail"]


def test_writes_with_no_keys_configured_are_refused(api_db: Path) -> None:
    app = create_app(api_db, ApiSettings(api_keys=(), rate_limit=0))
    with TestClient(app) as client:
        response = client.post("/claims", json={"text": "North Korea sent shells."}, headers=AUTH)
    assert response.status_code == 401
    assert "SANCTIONWATCH_API_KEYS" in response.json()["detail"]


def test_a_body_over_the_limit_is_413_naming_the_limit(api_db: Path) -> None:
    app = create_app(api_db, ApiSettings(api_keys=(KEY,), rate_limit=0, max_upload_bytes=1024))
    with TestClient(app) as client:
        response = client.post(
            "/ais/detect", files={"file": ("big.csv", b"x" * 5000, "text/csv")}, headers=AUTH
        )
    assert response.status_code == 413 and response.json()["status"] == 413
    assert "1,024" in response.json()["detail"] or "1024" in response.json()["detail"]


def test_incidents_before_any_run_are_404_naming_the_command(tmp_path: Path) -> None:
    """A store with lists and no monitoring run (service.py's StoreError, as a 404)."""
    (tmp_path / "un.xml").write_text(UN_XML)
    db = tmp_path / "db.duckdb"
    with Store(db) as store:
        load_paths(store, [tmp_path / "un.xml"])
    with TestClient(create_app(db, ApiSettings(api_keys=(KEY,), rate_limit=0))) as client:
        response = client.get("/incidents")
    assert response.status_code == 404 and response.json()["status"] == 404
    assert "no monitoring run yet" in response.json()["detail"]
    assert "sanctionwatch run" in response.json()["detail"]


def test_an_upload_whose_reader_lets_a_decoding_error_escape(
    api_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The AIS readers wrap decoding errors themselves; one that escaped is the upload's fault
    (a 400 naming it), not the server's (a 500)."""
    from sanctionwatch.maritime import detect

    def fail(*args: object, **kwargs: object) -> None:
        raise UnicodeDecodeError("utf-8", b"\xff", 0, 1, "invalid start byte")

    monkeypatch.setattr(detect, "detect_files", fail)  # the route imports it when called
    with TestClient(create_app(api_db, ApiSettings(api_keys=(KEY,), rate_limit=0))) as client:
        response = client.post(
            "/ais/detect",
            files={"file": ("track.nmea", b"!AIVDM,1,1,,A,0,0*00\n", "text/plain")},
            headers=AUTH,
        )
    assert response.status_code == 400, response.text
    detail = response.json()["detail"]
    assert "track.nmea" in detail and "cannot be read as AIS" in detail and "\n" not in detail


def test_readyz_before_the_index_is_loaded_is_503(api_db: Path) -> None:
    """yente's contract: /readyz answers 503 until the service can screen."""
    with TestClient(create_app(api_db, ApiSettings(api_keys=(KEY,), rate_limit=0))) as client:
        service = client.app.state.service  # type: ignore[attr-defined]
        service.ready = False
        try:
            response = client.get("/readyz")
        finally:
            service.ready = True
    assert response.status_code == 503
    assert response.json() == {"status": 503, "detail": "Index not ready."}
