"""Keys, limits and errors: every refusal is JSON with the right status and a clear message."""

from __future__ import annotations

import io
from pathlib import Path

from fastapi.testclient import TestClient

from sanctionwatch.api.app import create_app
from sanctionwatch.api.settings import ApiSettings
from tests.api.conftest import KEY
from tests.maritime.factories import mc_row, write_marinecadastre

CLAIM = {"text": "North Korea sent artillery shells to Russia, officials said."}


def test_writes_need_a_valid_key(client: TestClient) -> None:
    refused = client.post("/claims", json=CLAIM)
    assert refused.status_code == 401 and "API key" in refused.json()["detail"]
    assert client.post("/claims", json=CLAIM, headers={"X-API-Key": "wrong"}).status_code == 401
    bearer = client.post("/claims", json=CLAIM, headers={"Authorization": f"Bearer {KEY}"})
    assert bearer.status_code == 200 and bearer.json()["claims"][0]["category"] == "arms"
    assert client.post("/claims", json=CLAIM, headers={"X-API-Key": KEY}).status_code == 200


def test_ais_upload_is_detected_and_never_touches_the_named_path(client: TestClient, tmp_path: Path) -> None:
    rows = [mc_row(445000001, 1_717_200_000 + i * 600, 39.9, 127.0, 0.1, "X", "") for i in range(40)]
    data = write_marinecadastre(tmp_path / "upload.csv", rows).read_bytes()
    files = {"file": ("../../../etc/passwd", io.BytesIO(data), "text/csv")}
    response = client.post("/ais/detect", files=files, headers={"X-API-Key": KEY})
    assert response.status_code == 200
    body = response.json()
    assert body["input"][0]["used"] == 40 and body["input"][0]["path"] == "../../../etc/passwd"
    assert any(e["type"] == "loitering" for e in body["events"])
    bad = client.post(
        "/ais/detect", files={"file": ("x.csv", io.BytesIO(b"hello"), "text/csv")}, headers={"X-API-Key": KEY}
    )
    assert bad.status_code == 400 and "not an AIS format" in bad.json()["detail"]


def test_limits(api_db: Path) -> None:
    app = create_app(api_db, ApiSettings(api_keys=(KEY,), rate_limit=1, rate_burst=3, max_upload_bytes=1024))
    with TestClient(app) as client:
        statuses = [client.get("/healthz").status_code for _ in range(6)]
        assert statuses[:3] == [200, 200, 200] and 429 in statuses
    app = create_app(api_db, ApiSettings(api_keys=(KEY,), rate_limit=0, max_body_bytes=1024))
    with TestClient(app) as client:
        big = client.post("/claims", json={"text": "x" * 5000}, headers={"X-API-Key": KEY})
        assert big.status_code == 413 and big.json()["status"] == 413


def test_reads_can_be_closed(api_db: Path) -> None:
    app = create_app(api_db, ApiSettings(api_keys=(KEY,), open_reads=False, rate_limit=0))
    with TestClient(app) as client:
        body = {"queries": {"q": {"schema": "Person", "properties": {"name": ["Kim Jong Un"]}}}}
        assert client.post("/match/default", json=body).status_code == 401
        assert client.post("/match/default", json=body, headers={"X-API-Key": KEY}).status_code == 200


def test_validation_errors_are_422_json(client: TestClient) -> None:
    response = client.post("/match/default", json={"queries": {"q": {"schema": "Person"}}})
    assert response.status_code == 422 and response.json()["detail"].startswith("invalid request")
    dragon = client.post("/match/default", json={"queries": {"q": {"schema": "Dragon", "properties": {}}}})
    assert dragon.status_code == 400 and "Dragon" in dragon.json()["detail"]
    empty = client.post("/match/default", json={"queries": {"q": {"schema": "Person", "properties": {}}}})
    assert empty.status_code == 400 and "name" in empty.json()["detail"]
    assert client.get("/search").status_code == 422
