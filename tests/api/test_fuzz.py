"""Property-based fuzzing of every operation in the OpenAPI spec: no input may cause a 500.

Schemathesis generates the requests from the spec; hypothesis drives them (the schemathesis
pytest plugin is not used, so that this runs on any pytest)."""

from __future__ import annotations

from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings

from sanctionwatch.api.app import create_app
from sanctionwatch.api.settings import ApiSettings
from tests.api.conftest import KEY


@pytest.fixture(scope="module")
def operations(api_db: Path) -> list:
    app = create_app(api_db, ApiSettings(api_keys=(KEY,), rate_limit=0))
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    return [result.ok() for result in schema.get_all_operations()]


def test_every_operation_is_covered(operations: list) -> None:
    paths = {operation.path for operation in operations}
    assert paths >= {
        "/match/{dataset}",
        "/search",
        "/search/{dataset}",
        "/entities/{entity_id}",
        "/entities/{entity_id}/adjacent",
        "/entities/{entity_id}/adjacent/{property_name}",
        "/catalog",
        "/algorithms",
        "/readyz",
        "/reconcile/{dataset}",
        "/reconcile/{dataset}/suggest/entity",
        "/reconcile/{dataset}/preview",
        "/claims",
        "/ais/detect",
        "/incidents",
        "/incidents/{incident_id}",
        "/healthz",
    }


def test_no_server_errors(operations: list) -> None:
    seen: list[int] = []
    for operation in operations:

        @settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        @given(case=operation.as_strategy())
        def call(case) -> None:  # noqa: ANN001 - a schemathesis case
            # schemathesis's own 10 s read timeout fails a /claims case on a loaded machine:
            # this test is about server errors, not time, so the client waits as long as needed
            response = case.call(headers={"X-API-Key": KEY}, timeout=600)
            seen.append(response.status_code)
            assert response.status_code < 500, f"{case.method} {case.formatted_path}: {response.text}"

        call()
    assert len(seen) > 200
