"""What a client is told about where an entity comes from: the list it was loaded as. An FtM
file's own ``datasets`` may name any list; shown as given, a file saying ``un_sc`` was presented
to yente clients as a UN listing (a new user's trial, found on /match, /search and /entities)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from fastapi.testclient import TestClient

from sanctionwatch.api.app import create_app
from sanctionwatch.api.settings import ApiSettings
from sanctionwatch.lists.loading import load_paths
from sanctionwatch.lists.store import Store

PERSON = {
    "id": "evil-1",
    "schema": "Person",
    "properties": {"name": ["Injected Person Zzyzx"]},
    "datasets": ["un_sc"],
}
SANCTION = {
    "id": "evil-1-sanction",
    "schema": "Sanction",
    "properties": {"entity": ["evil-1"], "authority": ["United Nations Security Council"]},
    "datasets": ["un_sc"],
}


def test_a_file_that_names_another_list_is_shown_as_itself(bundled_db: Path, tmp_path: Path) -> None:
    db = tmp_path / "db.duckdb"
    shutil.copy(bundled_db, db)
    file = tmp_path / "names_un.ftm.json"
    file.write_text("\n".join(json.dumps(item) for item in (PERSON, SANCTION)) + "\n")
    with Store(db) as store:
        load_paths(store, [file])
    with TestClient(create_app(db, ApiSettings(rate_limit=0))) as client:
        body = {"queries": {"q": {"schema": "Person", "properties": {"name": ["Injected Person Zzyzx"]}}}}
        (top,) = client.post("/match/default", json=body).json()["responses"]["q"]["results"]
        assert top["id"] == "evil-1" and top["datasets"] == ["names_un"]
        (hit,) = client.get("/search/default", params={"q": "Injected Person Zzyzx"}).json()["results"]
        assert hit["datasets"] == ["names_un"]
        entity = client.get("/entities/evil-1").json()
        assert entity["datasets"] == ["names_un"]
        assert [s["datasets"] for s in entity["properties"]["sanctions"]] == [["names_un"]]
        assert client.post("/match/un_sc", json=body).json()["responses"]["q"]["results"] == []
