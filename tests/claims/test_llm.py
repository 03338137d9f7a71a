"""The optional LLM backend against a fake OpenAI-compatible server on loopback."""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from sanctionwatch.claims.documents import Document
from sanctionwatch.claims.llm import LlmBackend
from sanctionwatch.errors import ConfigError

TEXT = "Officials said North Korea sent shells to Russia. Russia will deliver wheat."
ANSWER = {
    "claims": [
        {
            "category": "arms",
            "supplier": "kp",
            "recipient": "RU",
            "modality": "asserted",
            "source": "Officials",
            "sentence": "Officials said North Korea sent shells to Russia.",
        },
        {
            "category": "food",
            "supplier": "RU",
            "recipient": "KP",
            "modality": "expected",
            "source": None,
            "sentence": "Russia will deliver wheat.",
        },
        {"category": "dragons", "supplier": "RU", "recipient": "KP", "modality": "asserted", "sentence": "x"},
        {
            "category": "coal",
            "supplier": "KP",
            "recipient": "CN",
            "modality": "asserted",
            "sentence": "Not in the text.",
        },
    ]
}


class FakeServer(BaseHTTPRequestHandler):
    requests: list[dict] = []

    def do_POST(self) -> None:  # noqa: N802 - the http.server interface
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        FakeServer.requests.append(
            {"path": self.path, "body": body, "auth": self.headers.get("Authorization")}
        )
        reply = {"choices": [{"message": {"content": json.dumps(ANSWER)}}]}
        data = json.dumps(reply).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture()
def server() -> Iterator[str]:
    httpd = HTTPServer(("127.0.0.1", 0), FakeServer)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_port}"
    httpd.shutdown()
    httpd.server_close()


def test_llm_backend_claims_are_checked_and_cited(server: str) -> None:
    claims = LlmBackend(server, "local-model", api_key="secret").extract(Document("d", TEXT, "text"))
    assert [(c.category, c.supplier, c.recipient, c.modality) for c in claims] == [
        ("arms", "KP", "RU", "asserted"),
        ("food", "RU", "KP", "expected"),
    ]
    assert [TEXT[c.start : c.end] for c in claims] == [c.text for c in claims]
    assert claims[0].provisions == ["1718/8(b)", "1874/9"] and claims[1].provisions == []
    request = FakeServer.requests[-1]
    assert request["path"] == "/v1/chat/completions" and request["auth"] == "Bearer secret"
    assert request["body"]["model"] == "local-model" and request["body"]["messages"][1]["content"] == TEXT


def test_llm_backend_needs_configuration(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SANCTIONWATCH_LLM_URL", raising=False)
    with pytest.raises(ConfigError, match="SANCTIONWATCH_LLM_URL"):
        LlmBackend.from_environment()
    with pytest.raises(ConfigError, match="did not answer"):
        LlmBackend(f"http://127.0.0.1:{closed_port()}", timeout=2).extract(Document("d", TEXT, "text"))


def closed_port() -> int:
    """A port nothing listens on: one the system just gave out, released (port 9 may be open)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])
