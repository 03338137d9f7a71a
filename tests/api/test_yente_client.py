"""The official yente client (``yente-client`` from the package registry) against a live
``sanctionwatch serve`` on loopback, one test per call it offers; every answer also validated
against yente's own response models (``data/yente_schemas.json``, see its README)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import jsonschema_rs
import pytest
import yente_client.client
from yente_client import AsyncClient, Client
from yente_client.entities import Person, Vessel
from yente_client.exceptions import NotFoundError

from tests.api.conftest import KEY
from tests.helpers import run_coroutine

SCHEMAS = json.loads((Path(__file__).parent / "data" / "yente_schemas.json").read_text())


def valid(model: str, data: Any) -> None:
    """``data`` is what yente's model ``model`` describes."""
    root = {"$ref": f"#/components/schemas/{model}", **SCHEMAS}
    if model in SCHEMAS["reconcile"]:
        root = {"$ref": f"#/reconcile/{model}", **SCHEMAS}
    errors = [str(e) for e in jsonschema_rs.validator_for(root).iter_errors(data)]
    assert not errors, errors[:3]


@pytest.fixture(scope="module")
def server(api_db: Path) -> Iterator[str]:
    """``sanctionwatch serve`` in its own process, on a port the system picks."""
    env = {**os.environ, "SANCTIONWATCH_API_KEYS": KEY, "SANCTIONWATCH_RATE_LIMIT": "0"}
    process = subprocess.Popen(
        [sys.executable, "-m", "sanctionwatch", "serve", "--port", "0", "--db", str(api_db)],
        env=env,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stderr is not None
    line = process.stderr.readline()
    assert "serving on" in line, line
    url = line.split("serving on ")[1].split()[0]
    drain = threading.Thread(target=process.stderr.read, daemon=True)  # a full pipe would block it
    drain.start()
    deadline = time.monotonic() + 180
    while True:
        try:
            if httpx.get(f"{url}/readyz", timeout=5).status_code == 200:
                break
        except httpx.HTTPError:
            pass
        assert time.monotonic() < deadline and process.poll() is None, "the server did not start"
        time.sleep(0.5)
    yield url
    process.terminate()
    process.wait(timeout=30)
    drain.join(timeout=10)
    process.stderr.close()


@pytest.fixture(scope="module")
def client(server: str) -> Iterator[Client]:
    with Client(base_url=server, api_key=KEY) as yente:
        yield yente


def raw(server: str, path: str, **params: Any) -> Any:
    response = httpx.get(f"{server}{path}", params=params, headers={"Authorization": f"ApiKey {KEY}"})
    assert response.status_code == 200, response.text
    return response.json()


def test_healthz(client: Client, server: str) -> None:
    assert client.healthz().status == "ok"
    valid("StatusResponse", raw(server, "/healthz"))


def test_readyz(client: Client, server: str) -> None:
    assert client.readyz().status == "ok"
    valid("StatusResponse", raw(server, "/readyz"))


def test_datasets(client: Client, server: str) -> None:
    names = {dataset.name: dataset for dataset in client.datasets().datasets}
    assert {"un_sc", "us_ofac_sdn", "gb_hmt", "au_dfat", "sanctions", "default"} <= set(names)
    assert names["default"].children and names["un_sc"].load
    valid("DataCatalogModel", raw(server, "/catalog"))


def test_algorithms(client: Client, server: str) -> None:
    found = client.algorithms()
    assert found.default == "best" and found.best in [a.name for a in found.algorithms]
    valid("AlgorithmResponse", raw(server, "/algorithms"))


def test_match(client: Client, server: str) -> None:
    found = client.match(Person(name=["Kim Jong Un"], birthDate=["1984-01-08"]))
    assert found.top is not None and found.top.caption == "KIM, Jong Un" and found.top.match
    assert found.top.explanations["name_match"].score == 1.0
    assert found.total.value == len(found.matches)
    body = {"queries": {"q": {"schema": "Person", "properties": {"name": ["Kim Jong Un"]}}}}
    answer = httpx.post(f"{server}/match/default", json=body).json()
    valid("EntityMatchResponse", answer)


def test_match_with_filters(client: Client) -> None:
    found = client.match(Vessel(name=["Chong Chon Gang"]), datasets=["sanctions"], topics=["sanction"])
    assert found.top is not None and found.top.caption == "CHONG CHON GANG"
    excluded = client.match(Vessel(name=["Chong Chon Gang"]), exclude_entities=[found.top.id])
    assert all(result.id != found.top.id for result in excluded.results)


def test_match_iter(client: Client) -> None:
    people = [("a", Person(name=["Kim Jong Un"])), ("b", Person(name=["Son Heung-min"]))]
    answers = dict(client.match_iter(people, workers=2))
    assert answers["a"].top is not None and answers["a"].top.caption == "KIM, Jong Un"  # type: ignore[union-attr]
    assert not answers["b"].matches  # type: ignore[union-attr]


def test_async_match(server: str) -> None:
    async def ask() -> Any:
        async with AsyncClient(base_url=server, api_key=KEY) as yente:
            return await yente.match(Person(name=["Kim Jong Un"]))

    # not asyncio.run() here: the session's browser keeps an event loop running in the main thread
    found = run_coroutine(ask())
    assert found.top is not None and found.top.caption == "KIM, Jong Un"


def test_search(client: Client, server: str) -> None:
    found = client.search("tanchon commercial bank", schema="Organization", facets=["datasets"])
    assert found.results[0].caption == "TANCHON COMMERCIAL BANK"
    assert {"un_sc", "gb_hmt"} <= {value.name for value in found.facets["datasets"].values}
    valid("SearchResponse", raw(server, "/search/default", q="tanchon commercial bank"))


def test_fetch_follows_the_redirect_from_a_referent(client: Client, server: str) -> None:
    canonical = client.search("tanchon commercial bank").results[0]
    for referent in canonical.referents:
        assert client.fetch(referent).id == canonical.id
    entity = client.fetch(canonical.id)
    assert entity.caption == "TANCHON COMMERCIAL BANK" and set(entity.datasets) >= {"un_sc", "gb_hmt"}
    valid("EntityResponse", raw(server, f"/entities/{canonical.id}"))


def test_fetch_not_nested(client: Client) -> None:
    canonical = client.search("tanchon commercial bank").results[0]
    assert client.fetch(canonical.id, nested=False).id == canonical.id
    with pytest.raises(NotFoundError):
        client.fetch("no-such-entity")


def test_adjacent(client: Client, server: str) -> None:
    canonical = client.search("tanchon commercial bank").results[0]
    found = client.adjacent(canonical.id)
    assert found.entity.id == canonical.id
    valid("EntityAdjacentResponse", raw(server, f"/entities/{canonical.id}/adjacent"))


def test_adjacent_property(client: Client) -> None:
    canonical = client.search("tanchon commercial bank").results[0]
    page = client.adjacent(canonical.id, prop="sanctions")
    assert page.total.value >= len(page.results) and page.limit == 10


def test_programs_resolve_the_program_ids_that_sanctions_carry(
    client: Client, server: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``programs()`` fetches OpenSanctions' programme catalogue from an absolute URL
    (``yente_client.PROGRAMS_URL``); pointed at this server's ``/programs``, it resolves the
    ``programId`` of our own Sanction entities."""
    monkeypatch.setattr(yente_client.client, "PROGRAMS_URL", f"{server}/programs")
    catalogue = {program.key: program for program in client.programs().data}
    # the bundled sdn.csv lists entry 23163, KUM UN SAN 3, under programme DPRK4 (its 4th column)
    page = client.adjacent("us-ofac-sdn-23163", prop="sanctions")
    sanctions = [s for s in page.results if not isinstance(s, str)]
    keys = [key for sanction in sanctions for key in sanction.properties.get("programId", [])]
    assert keys and all(key in catalogue for key in keys)
    program = catalogue[keys[0]]
    assert program.title == "DPRK4" and program.dataset == "us_ofac_sdn"
    assert program.issuer is not None and program.issuer.acronym == "OFAC"
    assert len({p.key for p in catalogue.values()}) == len(catalogue) > 50


def test_reconcile_answers_as_yente_models_them(server: str) -> None:
    valid("FreebaseManifest", raw(server, "/reconcile/default"))
    queries = {"q0": {"query": "Tanchon Commercial Bank", "type": "Organization"}}
    response = httpx.post(f"{server}/reconcile/default", data={"queries": json.dumps(queries)})
    valid("FreebaseEntityResult", response.json()["q0"])
    valid("FreebaseEntitySuggestResponse", raw(server, "/reconcile/default/suggest/entity", prefix="tanchon"))
    valid("FreebaseTypeSuggestResponse", raw(server, "/reconcile/default/suggest/type", prefix="pers"))
    valid("FreebasePropertySuggestResponse", raw(server, "/reconcile/default/suggest/property", prefix="nat"))


def test_statements(client: Client) -> None:
    canonical = client.search("tanchon commercial bank").results[0]
    found = client.statements(canonical_id=canonical.id)
    assert {s.dataset for s in found.results} == set(canonical.datasets)
    assert all(s.canonical_id == canonical.id for s in found.results)
    assert {s.entity_id for s in found.results} == {canonical.id, *canonical.referents}
    names = client.statements(canonical_id=canonical.id, prop="name")
    assert names.results and all(s.prop == "name" and s.prop_type == "name" for s in names.results)
    one = client.statements(entity_id=canonical.referents[0])
    assert {s.entity_id for s in one.results} == {canonical.referents[0]}
