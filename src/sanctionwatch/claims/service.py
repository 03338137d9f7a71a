"""Claims as the CLI, the API and the monitoring run ask for them."""

from __future__ import annotations

from typing import Any

from sanctionwatch.claims.documents import Document
from sanctionwatch.claims.extract import Linker, extract
from sanctionwatch.claims.model import Claim

BACKENDS = ("rules", "llm")


def extract_claims(document: Document, backend: str = "rules", linker: Linker | None = None) -> list[Claim]:
    if backend == "llm":
        from sanctionwatch.claims.llm import LlmBackend

        claims = LlmBackend.from_environment().extract(document)
        if linker is not None:
            for claim in claims:
                claim.entities = linker(claim.text)
        return claims
    return extract(document, linker)


def claims_document(name: str, claims: list[Claim]) -> dict[str, Any]:
    return {"document": name, "claims": [claim.as_dict() for claim in claims]}
