"""Request and response shapes; ``/match`` follows the OpenSanctions yente API."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field, field_validator

SCHEMA_KINDS = {
    "Person": "person",
    "Organization": "organization",
    "Company": "organization",
    "LegalEntity": "any",
    "PublicBody": "organization",
    "Vessel": "vessel",
    "Airplane": "vessel",
    "Thing": "any",
}


class EntityExample(BaseModel):
    """A query entity, as yente takes it: a schema and FtM properties (lists of strings)."""

    id: str | None = None
    schema_: str = Field("Thing", alias="schema")
    properties: dict[str, list[str]] = Field(default_factory=dict)

    model_config = {"populate_by_name": True}

    @field_validator("properties", mode="before")
    @classmethod
    def _listify(cls, value: Any) -> Any:
        if not isinstance(value, dict):
            return value
        return {
            key: [str(v) for v in (item if isinstance(item, list) else [item]) if v is not None]
            for key, item in value.items()
        }

    @field_validator("schema_")
    @classmethod
    def _known_schema(cls, value: str) -> str:
        if value not in SCHEMA_KINDS:
            raise ValueError(f"schema must be one of {', '.join(SCHEMA_KINDS)}")
        return value


class MatchRequest(BaseModel):
    queries: dict[str, EntityExample] = Field(..., max_length=100)


class ClaimsRequest(BaseModel):
    text: str = Field(..., min_length=1, max_length=2_000_000)
    name: str = "request"


class ErrorResponse(BaseModel):
    status: int
    detail: str
