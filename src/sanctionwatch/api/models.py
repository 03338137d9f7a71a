"""Request and response shapes. ``/match``, ``/search``, ``/entities``, ``/catalog`` and
``/algorithms`` follow yente's models (yente 5.5, ``yente/data/common.py``); fields of our own sit
beside yente's under names yente does not use (``explanation``, ``refs``)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

#: yente's limits: at most 500 results a match, 100 queries a batch, 10,000 results a window.
MAX_MATCHES = 500
MAX_BATCH = 100
MAX_PAGE = 500
MAX_RESULTS = 9999
MAX_OFFSET = MAX_RESULTS - MAX_PAGE
#: yente's ``changed_since`` pattern: a date, optionally with a time to the hour, minute or second.
TIMESTAMP = r"^\d{4}-\d{2}-\d{2}(T\d{2}(:\d{2}(:\d{2})?)?)?$"


def _encodable(value: str) -> str:
    """A lone surrogate (``"\\ud800"`` in JSON) is not a character: refuse it here, with a 422,
    instead of failing when the answer is encoded."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError("contains a lone surrogate, which is not valid Unicode") from None
    return value


def _text(key: str, value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    raise ValueError(f"property {key!r}: a value is text or a number, not {type(value).__name__}")


class EntityExample(BaseModel):
    """A query entity, as yente takes it: a schema and FtM properties (a value or a list)."""

    id: str | None = Field(None, max_length=200, examples=["my-entity-id"])
    schema_: str = Field(..., alias="schema", max_length=100, examples=["Person"])
    properties: dict[str, list[str]] = Field(..., examples=[{"name": ["Kim Jong Un"]}])

    model_config = ConfigDict(populate_by_name=True)

    @field_validator("properties", mode="before")
    @classmethod
    def _listify(cls, value: Any) -> Any:
        """A value or a list of values per property; a null is no value, a number is its text.
        Anything else (an object, a list in a list, true) is refused with a 422: read as text,
        ``[null]`` was screened as the name "None" and answered as no match."""
        if not isinstance(value, dict):
            return value
        return {
            key: [_text(key, v) for v in (item if isinstance(item, list) else [item]) if v is not None]
            for key, item in value.items()
            if item is not None
        }

    @field_validator("properties")
    @classmethod
    def _valid_text(cls, value: dict[str, list[str]]) -> dict[str, list[str]]:
        for key, items in value.items():
            _encodable(key)
            for item in items:
                _encodable(item)
        return value

    @field_validator("id", "schema_")
    @classmethod
    def _valid_name(cls, value: str | None) -> str | None:
        return _encodable(value) if value is not None else None


class MatchRequest(BaseModel):
    """yente's ``EntityMatchQuery``: queries by key, and the algorithm's weights and config."""

    queries: dict[str, EntityExample]
    weights: dict[str, float] = Field(default_factory=dict, examples=[{}])
    config: dict[str, str | int | float | bool | None] = Field(default_factory=dict, examples=[{}])


class ClaimsRequest(BaseModel):
    text: str = Field(..., min_length=1, max_length=1_000_000)
    name: str = Field("request", max_length=300)

    @field_validator("text", "name")
    @classmethod
    def _valid_text(cls, value: str) -> str:
        return _encodable(value)


class ErrorResponse(BaseModel):
    status: int
    detail: str


class TotalSpec(BaseModel):
    value: int
    relation: str = "eq"


class FeatureResult(BaseModel):
    """One feature's part in a score, as yente explains it."""

    score: float
    detail: str | None = None
    query: str | None = None
    candidate: str | None = None


class EntityResponse(BaseModel):
    id: str
    caption: str
    schema_: str = Field(..., alias="schema")
    properties: dict[str, list[Any]]
    datasets: list[str] = []
    referents: list[str] = []
    target: bool = False
    first_seen: str | None = None
    last_seen: str | None = None
    last_change: str | None = None
    refs: list[str] = Field([], description="The list references of the entity (KPi.023, OFAC-11648)")


class ScoredEntityResponse(EntityResponse):
    score: float
    match: bool
    explanations: dict[str, FeatureResult]
    features: dict[str, float] = Field(description="Each feature's effect on the score")
    explanation: dict[str, Any] = Field(description="sanctionwatch's own account of the match")


class EntityMatches(BaseModel):
    status: int = 200
    results: list[ScoredEntityResponse]
    total: TotalSpec
    query: dict[str, Any]


class EntityMatchResponse(BaseModel):
    responses: dict[str, EntityMatches]
    limit: int
    matcher: dict[str, Any]


class SearchFacetItem(BaseModel):
    name: str
    label: str
    count: int


class SearchFacet(BaseModel):
    label: str
    values: list[SearchFacetItem]


class SearchResponse(BaseModel):
    limit: int
    offset: int = 0
    total: TotalSpec
    results: list[EntityResponse]
    facets: dict[str, SearchFacet]


class AdjacentResultsResponse(BaseModel):
    limit: int
    offset: int = 0
    total: TotalSpec
    results: list[Any]


class EntityAdjacentResponse(BaseModel):
    entity: EntityResponse
    adjacent: dict[str, AdjacentResultsResponse]


class StaleList(BaseModel):
    """A list not known current for more than ``SANCTIONWATCH_STALE_DAYS`` (lists/status.py)."""

    list: str
    age_days: int
    current_as_of: str
    last_check: str | None = None


class StatusResponse(BaseModel):
    status: str = "ok"
    #: the lists older than SANCTIONWATCH_STALE_DAYS: the service is ready, its data may not be
    stale: list[StaleList] = []
