"""An optional backend that asks an OpenAI-compatible chat endpoint (a local model server) for the
same claims; off unless ``SANCTIONWATCH_LLM_URL`` is set, never required.

The model returns the claims with the sentence that supports each; offsets, provisions and list
links are computed here, never taken from the model.
"""

from __future__ import annotations

import json
import os
import urllib.error
import urllib.request
from typing import Any

from sanctionwatch.claims.documents import Document
from sanctionwatch.claims.model import CATEGORIES, MODALITIES, Claim, Span
from sanctionwatch.claims.provisions import provisions_for
from sanctionwatch.errors import ConfigError

PROMPT = (
    "You extract claims about transfers that UN Security Council sanctions on North Korea govern. "
    'Return only JSON: {"claims": [{"category", "supplier", "recipient", "modality", "source", '
    '"sentence"}]}. category is one of ' + ", ".join(CATEGORIES) + "; supplier and recipient are ISO 3166-1 "
    "alpha-2 codes of states or null; modality is one of "
    + ", ".join(MODALITIES)
    + "; source is who makes the "
    "claim as written, or null; sentence is the supporting sentence copied exactly from the text."
)


class LlmBackend:
    def __init__(
        self, url: str, model: str = "default", api_key: str | None = None, timeout: float = 60
    ) -> None:
        self.url = url.rstrip("/")
        self.model = model
        self.api_key = api_key
        self.timeout = timeout

    @classmethod
    def from_environment(cls) -> LlmBackend:
        url = os.environ.get("SANCTIONWATCH_LLM_URL")
        if not url:
            raise ConfigError("the LLM backend needs SANCTIONWATCH_LLM_URL (an OpenAI-compatible server)")
        return cls(
            url, os.environ.get("SANCTIONWATCH_LLM_MODEL", "default"), os.environ.get("SANCTIONWATCH_LLM_KEY")
        )

    def _ask(self, text: str) -> dict[str, Any]:
        body = {
            "model": self.model,
            "temperature": 0,
            "response_format": {"type": "json_object"},
            "messages": [{"role": "system", "content": PROMPT}, {"role": "user", "content": text}],
        }
        request = urllib.request.Request(
            f"{self.url}/v1/chat/completions",
            data=json.dumps(body).encode(),
            headers={
                "Content-Type": "application/json",
                **({"Authorization": f"Bearer {self.api_key}"} if self.api_key else {}),
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310 - configured URL
                reply = json.loads(response.read())
            return json.loads(reply["choices"][0]["message"]["content"])
        except (urllib.error.URLError, TimeoutError) as exc:
            raise ConfigError(
                f"the LLM server at {self.url} did not answer ({exc}); check SANCTIONWATCH_LLM_URL"
            ) from exc
        except (KeyError, IndexError, json.JSONDecodeError) as exc:
            raise ConfigError(f"the LLM server at {self.url} did not return claims as JSON ({exc})") from exc

    def extract(self, document: Document) -> list[Claim]:
        answer = self._ask(document.text)
        claims: dict[tuple[str, str | None, str | None, str], Claim] = {}
        for item in answer.get("claims", []):
            category, modality = item.get("category"), item.get("modality")
            if category not in CATEGORIES or modality not in MODALITIES:
                continue  # an invented category or modality is dropped, not guessed at
            supplier = (item.get("supplier") or None) and str(item["supplier"]).upper()
            recipient = (item.get("recipient") or None) and str(item["recipient"]).upper()
            sentence = str(item.get("sentence") or "")
            start = document.text.find(sentence) if sentence else -1
            if start < 0:
                continue  # a sentence that is not in the text cannot be cited
            key = (category, supplier, recipient, modality)
            span = Span(sentence, start, start + len(sentence))
            if key in claims:
                claims[key].spans.append(span)
                continue
            claims[key] = Claim(
                category,
                supplier,
                recipient,
                modality,
                item.get("source") or None,
                provisions_for(category, supplier, recipient),
                sentence,
                start,
                start + len(sentence),
                spans=[span],
            )
        return list(claims.values())
