"""Property-based fuzzing of the request models and of what the service makes of them: any JSON
a client sends is either accepted or refused with our errors (a 4xx), never anything else."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from sanctionwatch.api.models import ClaimsRequest, EntityExample, MatchRequest
from sanctionwatch.api.queries import clean_example
from sanctionwatch.api.routes.reconcile import Batch
from sanctionwatch.api.security import ApiError

SCHEMATA = st.sampled_from(["Person", "Company", "Vessel", "Thing", "Sanction", "Dragon", "", "LegalEntity"])
PROPERTIES = st.sampled_from(["name", "birthDate", "nationality", "imoNumber", "country", "alias", "x", ""])
TEXT = st.text(st.characters(codec=None), max_size=30)  # lone surrogates included
VALUES = st.one_of(TEXT, st.integers(), st.floats(allow_nan=True), st.none(), st.booleans())
JSON = st.recursive(
    VALUES,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(TEXT, inner, max_size=3),
    max_leaves=10,
)
STRINGS = st.lists(TEXT, max_size=3)
#: Query entities as clients send them: well typed half the time (a list of strings per property,
#: so that the checks after validation run), anything JSON allows the other half.
EXAMPLES = st.one_of(
    st.fixed_dictionaries(
        {"schema": SCHEMATA, "properties": st.dictionaries(PROPERTIES, STRINGS, max_size=4)},
        optional={"id": TEXT},
    ),
    st.fixed_dictionaries(
        {"schema": st.one_of(SCHEMATA, VALUES), "properties": st.dictionaries(PROPERTIES, JSON, max_size=4)},
        optional={"id": st.one_of(TEXT, VALUES)},
    ),
)
FAST = settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck), database=None)


@FAST
@given(body=st.one_of(JSON, st.fixed_dictionaries({"queries": st.dictionaries(TEXT, EXAMPLES, max_size=3)})))
def test_match_requests_validate_or_refuse(body: Any) -> None:
    try:
        request = MatchRequest.model_validate(body)
    except ValidationError:
        return
    for example in request.queries.values():
        for values in example.properties.values():
            for value in values:
                assert isinstance(value, str)
                value.encode("utf-8")  # a lone surrogate would raise here, in the answer


@FAST
@given(example=EXAMPLES)
def test_query_entities_are_cleaned_or_refused_with_4xx(example: Any) -> None:
    """A schema or property FtM does not know is a 400; a value it cannot read a 422; each names
    what to fix."""
    try:
        parsed = EntityExample.model_validate(example)
    except ValidationError:
        return
    try:
        schema, properties = clean_example(parsed)
    except ApiError as exc:
        assert exc.message
        assert exc.status == (422 if exc.message.startswith("Invalid value of ") else 400), exc.message
        return
    assert schema.matchable or schema.name == "Thing"
    assert all(values for values in properties.values())


@FAST
@given(body=st.one_of(JSON, st.fixed_dictionaries({"text": TEXT, "name": TEXT})))
def test_claims_requests_validate_or_refuse(body: Any) -> None:
    try:
        request = ClaimsRequest.model_validate(body)
    except ValidationError:
        return
    assert request.text.encode("utf-8")


#: Reconciliation batches as OpenRefine sends them (JSON text), well typed, with limits on both
#: sides of the allowed 0-100 (values of the wrong type come from ``JSON``).
PROPERTY_VALUES = st.fixed_dictionaries(
    {"pid": PROPERTIES, "v": st.one_of(st.text(max_size=20), st.lists(st.text()))}
)
RECON_QUERIES = st.fixed_dictionaries(
    {"query": st.one_of(st.text(max_size=30), st.none())},
    optional={
        "limit": st.integers(-10, 200),
        "type": st.one_of(SCHEMATA, st.lists(SCHEMATA, max_size=2)),
        "properties": st.lists(PROPERTY_VALUES, max_size=2),
    },
)
RECON_BATCHES = st.dictionaries(TEXT, RECON_QUERIES, max_size=3).map(json.dumps)


@FAST
@given(data=st.one_of(TEXT, JSON.map(json.dumps), RECON_BATCHES))
def test_reconciliation_batches_validate_or_refuse(data: str) -> None:
    try:
        batch = Batch.model_validate_json(data)
    except ValidationError:
        return
    assert all(0 <= query.limit <= 100 for query in batch.root.values())
    assert all(query.query is None or isinstance(query.query, str) for query in batch.root.values())


def test_reconciliation_limits_outside_0_to_100_are_refused() -> None:
    """The bounds the property above checks, met exactly: the property alone would pass on a
    model that refused everything."""
    assert Batch.model_validate_json('{"q0": {"query": "Kim", "limit": 100}}').root["q0"].limit == 100
    assert Batch.model_validate_json('{"q0": {"query": "Kim", "limit": 0}}').root["q0"].limit == 0
    for limit in (-1, 101):
        try:
            Batch.model_validate_json(f'{{"q0": {{"query": "Kim", "limit": {limit}}}}}')
        except ValidationError as exc:
            assert "limit" in str(exc)
        else:
            raise AssertionError(f"limit {limit} was accepted")
