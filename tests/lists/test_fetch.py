"""Downloads (lists/fetch.py) against the loopback publisher: every way a transfer goes wrong."""

from __future__ import annotations

import hashlib
import socket
from pathlib import Path

import pytest

from sanctionwatch.errors import FetchError
from sanctionwatch.lists.fetch import Fetcher
from tests.lists.publisher import Publisher

BODY = b"<CONSOLIDATED_LIST>" + b"x" * 5000 + b"</CONSOLIDATED_LIST>"


def fetcher(waits: list[float] | None = None, **options: float) -> Fetcher:
    settings = {"timeout": 2.0, "retries": 2, "backoff": 0.01, "max_bytes": 1 << 20}
    settings.update(options)
    return Fetcher(**settings, sleep=(waits.append if waits is not None else lambda _: None))  # type: ignore[arg-type]


def test_download_is_saved_hashed_and_keeps_its_validators(publisher: Publisher, tmp_path: Path) -> None:
    url = publisher.serve("/un.xml", BODY)
    got = fetcher().fetch("un", url, tmp_path / "un.xml")
    assert got.modified and got.http_status == 200
    assert (tmp_path / "un.xml").read_bytes() == BODY
    assert got.sha256 == hashlib.sha256(BODY).hexdigest() and got.size == len(BODY)
    assert set(got.validators()) == {"etag", "last-modified"}
    assert got.headers["content-type"] == "application/xml"


def test_conditional_request_is_answered_304(publisher: Publisher, tmp_path: Path) -> None:
    url = publisher.serve("/un.xml", BODY)
    first = fetcher().fetch("un", url, tmp_path / "a")
    again = fetcher().fetch("un", url, tmp_path / "b", first.validators())
    assert not again.modified and again.http_status == 304
    assert not (tmp_path / "b").exists()
    assert publisher.requests("/un.xml")[1].headers["If-None-Match"] == first.headers["etag"]


def test_last_modified_alone_makes_the_request_conditional(publisher: Publisher, tmp_path: Path) -> None:
    url = publisher.serve("/un.xml", BODY, etag=False)
    first = fetcher().fetch("un", url, tmp_path / "a")
    assert "etag" not in first.validators()
    assert not fetcher().fetch("un", url, tmp_path / "b", first.validators()).modified


def test_busy_server_is_asked_again_with_backoff(publisher: Publisher, tmp_path: Path) -> None:
    url = publisher.serve("/un.xml", BODY, failures=[503, 500])
    waits: list[float] = []
    got = fetcher(waits, backoff=0.5).fetch("un", url, tmp_path / "un.xml")
    assert got.modified and [seen.status for seen in publisher.requests("/un.xml")] == [503, 500, 200]
    assert waits == [0.5, 1.0]


def test_retry_after_is_honoured(publisher: Publisher, tmp_path: Path) -> None:
    url = publisher.serve("/un.xml", BODY, failures=[429], retry_after="7")
    waits: list[float] = []
    fetcher(waits).fetch("un", url, tmp_path / "un.xml")
    assert waits == [7.0]


def test_a_server_that_keeps_failing_is_given_up_on(publisher: Publisher, tmp_path: Path) -> None:
    url = publisher.serve("/un.xml", BODY, failures=[500, 500, 500])
    with pytest.raises(FetchError) as failed:
        fetcher().fetch("un", url, tmp_path / "un.xml")
    message = str(failed.value)
    assert message.startswith(f"un: {url}: HTTP 500") and "3 attempts" in message
    assert "\n" not in message


def test_missing_file_is_not_asked_again(publisher: Publisher, tmp_path: Path) -> None:
    url = publisher.url("/gone.xml")
    with pytest.raises(FetchError, match="HTTP 404"):
        fetcher().fetch("un", url, tmp_path / "un.xml")
    assert len(publisher.requests("/gone.xml")) == 1


def test_a_body_that_stalls_times_out(publisher: Publisher, tmp_path: Path) -> None:
    url = publisher.serve("/un.xml", BODY, mode="stall", stall_seconds=3.0)
    with pytest.raises(FetchError, match="stopped sending after 100 bytes"):
        fetcher(timeout=0.5, retries=0).fetch("un", url, tmp_path / "un.xml")


def test_a_body_cut_short_fails(publisher: Publisher, tmp_path: Path) -> None:
    url = publisher.serve("/un.xml", BODY, mode="truncate")
    with pytest.raises(FetchError, match=r"broke off|ended after"):
        fetcher(retries=1).fetch("un", url, tmp_path / "un.xml")
    assert len(publisher.requests("/un.xml")) == 2  # a cut-short body is asked for again


def test_a_web_page_is_not_a_list(publisher: Publisher, tmp_path: Path) -> None:
    url = publisher.serve("/un.xml", b"<html><body>Maintenance</body></html>", content_type="text/html")
    with pytest.raises(FetchError, match=r"web page \(text/html\)"):
        fetcher().fetch("un", url, tmp_path / "un.xml")


def test_size_limit(publisher: Publisher, tmp_path: Path) -> None:
    url = publisher.serve("/un.xml", BODY)
    with pytest.raises(FetchError, match="SANCTIONWATCH_MAX_DOWNLOAD_MB"):
        fetcher(max_bytes=1000).fetch("un", url, tmp_path / "un.xml")


def test_local_paths_and_file_urls_are_copied(tmp_path: Path) -> None:
    source = tmp_path / "mirror" / "un.xml"
    source.parent.mkdir()
    source.write_bytes(BODY)
    for given in (str(source), source.as_uri()):
        got = fetcher().fetch("un", given, tmp_path / "copy.xml")
        assert got.modified and got.sha256 == hashlib.sha256(BODY).hexdigest()
    with pytest.raises(FetchError, match="no such file"):
        fetcher().fetch("un", str(tmp_path / "missing.xml"), tmp_path / "copy.xml")


def test_proxy_from_the_environment(
    publisher: Publisher, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    publisher.serve("/un.xml", BODY)
    monkeypatch.setenv("HTTP_PROXY", publisher.url(""))
    got = fetcher().fetch("un", "http://lists.example.invalid/un.xml", tmp_path / "un.xml")
    assert got.modified and publisher.requests("/un.xml")[0].proxied


def test_nothing_listening(tmp_path: Path) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(FetchError, match="ConnectError"):
        fetcher(retries=1).fetch("un", f"http://127.0.0.1:{port}/un.xml", tmp_path / "un.xml")
