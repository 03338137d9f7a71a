"""Downloading list files: timeouts, retries with backoff, conditional requests, a size limit.

A download goes to a file the caller names and is hashed on the way. Conditional requests send the
ETag and Last-Modified of the last download of the same URL, so an unchanged list costs a 304 and
no bytes. Proxies come from the environment (``HTTPS_PROXY``, ``HTTP_PROXY``, ``NO_PROXY``), as
httpx reads them. ``file://`` URLs and plain paths are copied, for air-gapped sites. Every failure
is a ``FetchError`` naming the source and the URL; a body cut short, larger than the limit or a
web page where a list was expected fails the download, never passes for a list.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import IO
from urllib.parse import unquote, urlsplit

import httpx
from rich.progress import BarColumn, DownloadColumn, Progress, TaskID, TextColumn, TransferSpeedColumn

from sanctionwatch import __version__, settings
from sanctionwatch.errors import FetchError

#: Response headers kept with each download: enough to make the next request conditional and to
#: say later what the publisher sent.
KEPT_HEADERS = ("etag", "last-modified", "content-type", "content-length", "date", "content-encoding")
#: Answers worth asking again: the server is busy or failing, not saying the file is missing.
RETRIED_STATUSES = {408, 425, 429, 500, 502, 503, 504}
#: The longest wait a Retry-After header may impose between two attempts, in seconds.
MAX_RETRY_AFTER = 120.0
CHUNK = 1 << 16


@dataclass
class Download:
    """One fetched file: ``modified`` is False when the server answered 304 (nothing saved)."""

    url: str
    path: Path
    modified: bool
    sha256: str = ""
    size: int = 0
    http_status: int | None = None
    headers: dict[str, str] = field(default_factory=dict)

    def validators(self) -> dict[str, str]:
        """What the next request for the same URL sends to be answered 304 when unchanged."""
        return {name: self.headers[name] for name in ("etag", "last-modified") if self.headers.get(name)}

    def as_dict(self) -> dict[str, object]:
        return {
            "url": self.url,
            "modified": self.modified,
            "sha256": self.sha256,
            "bytes": self.size,
            "http_status": self.http_status,
            "headers": self.headers,
        }


@dataclass
class Fetcher:
    """Downloads with the transport settings (``SANCTIONWATCH_HTTP_*``, ``..._MAX_DOWNLOAD_MB``)."""

    timeout: float = field(default_factory=settings.http_timeout)
    retries: int = field(default_factory=settings.http_retries)
    backoff: float = field(default_factory=settings.http_backoff)
    max_bytes: int = field(default_factory=settings.max_download_bytes)
    #: the longest one attempt may take, however steadily the bytes trickle in
    deadline: float = 3600.0
    progress: bool = False
    sleep: Callable[[float], None] = time.sleep

    def fetch(self, what: str, url: str, dest: Path, validators: dict[str, str] | None = None) -> Download:
        """Fetch ``url`` into ``dest``; ``what`` names the source in messages."""
        try:
            local = _is_local(url)
        except ValueError as exc:  # urlsplit refuses some hosts ("http://[::1/x": a bracket left open)
            raise FetchError(f"{what}: {url}: not a URL this can fetch ({exc})") from exc
        if local:
            return self._copy(what, url, dest)
        failure, asked = "", None
        for attempt in range(self.retries + 1):
            if attempt:
                self.sleep(self._wait(attempt, asked))
            try:
                return self._get(what, url, dest, validators or {})
            except _Retry as retry:
                failure, asked = retry.reason, retry.retry_after
        attempts = f" (after {self.retries + 1} attempts)" if self.retries else ""
        raise FetchError(
            f"{what}: {url}: {failure}{attempts}; try again later,"
            " or check the URL and your network or proxy (HTTPS_PROXY)"
        )

    def _wait(self, attempt: int, asked: float | None) -> float:
        """Exponential backoff, or longer when the server asked for it (Retry-After), capped."""
        wait = self.backoff * 2 ** (attempt - 1)
        return max(wait, min(asked, MAX_RETRY_AFTER)) if asked is not None else wait

    def _get(self, what: str, url: str, dest: Path, validators: dict[str, str]) -> Download:
        headers = {"User-Agent": f"sanctionwatch/{__version__} (lists update)"}
        if validators.get("etag"):
            headers["If-None-Match"] = validators["etag"]
        if validators.get("last-modified"):
            headers["If-Modified-Since"] = validators["last-modified"]
        timeout = httpx.Timeout(self.timeout, connect=min(self.timeout, 30.0))
        try:
            with (
                httpx.Client(timeout=timeout, follow_redirects=True, trust_env=True) as client,
                client.stream("GET", url, headers=headers) as response,
            ):
                return self._receive(what, url, dest, response)
        except httpx.TimeoutException as exc:
            raise _Retry(f"no answer within {self.timeout:g} s ({type(exc).__name__})") from exc
        except httpx.TransportError as exc:
            raise _Retry(_describe(exc)) from exc
        except (httpx.InvalidURL, UnicodeError) as exc:  # UnicodeError: a host label over 63 characters
            raise FetchError(f"{what}: {url}: not a URL this can fetch ({exc})") from exc

    def _receive(self, what: str, url: str, dest: Path, response: httpx.Response) -> Download:
        kept = {name: response.headers[name] for name in KEPT_HEADERS if name in response.headers}
        status = response.status_code
        if status == 304:
            return Download(url, dest, modified=False, http_status=304, headers=kept)
        if status in RETRIED_STATUSES:
            raise _Retry(f"HTTP {status} {response.reason_phrase}", _retry_after(response))
        if status >= 400:
            raise FetchError(
                f"{what}: {url}: HTTP {status} {response.reason_phrase}; check the URL, or try again later"
            )
        content_type = response.headers.get("content-type", "").split(";")[0].strip().lower()
        if content_type == "text/html":
            raise FetchError(
                f"{what}: {url}: the server sent a web page (text/html), not the list; check the URL"
            )
        length = response.headers.get("content-length", "")
        expected = int(length) if length.isdigit() else None
        if expected is not None and expected > self.max_bytes and "content-encoding" not in kept:
            raise FetchError(
                f"{what}: {url}: {_size(expected)} is over the limit; {_limit_hint(self.max_bytes)}"
            )
        started = time.monotonic()
        digest = hashlib.sha256()
        size = 0
        with dest.open("wb") as handle, _bar(self.progress, what, expected) as (bar, task):
            try:
                for chunk in response.iter_bytes():
                    size += len(chunk)
                    if size > self.max_bytes:
                        raise FetchError(
                            f"{what}: {url}: over {_size(self.max_bytes)}; {_limit_hint(self.max_bytes)}"
                        )
                    if time.monotonic() - started > self.deadline:
                        raise _Retry(f"the download took longer than {self.deadline:g} s")
                    digest.update(chunk)
                    handle.write(chunk)
                    bar.update(task, completed=response.num_bytes_downloaded)
            except httpx.TimeoutException as exc:
                raise _Retry(
                    f"the server stopped sending after {size:,} bytes ({type(exc).__name__})"
                ) from exc
            except httpx.TransportError as exc:
                raise _Retry(f"the download broke off after {size:,} bytes ({_describe(exc)})") from exc
        if expected is not None and "content-encoding" not in kept and size != expected:
            raise _Retry(f"the body ended after {size:,} of {expected:,} bytes")
        return Download(url, dest, True, digest.hexdigest(), size, status, kept)

    def _copy(self, what: str, url: str, dest: Path) -> Download:
        """A ``file://`` URL or a path: copied as it is, hashed, within the size limit."""
        source = Path(unquote(urlsplit(url).path)) if url.startswith("file:") else Path(url).expanduser()
        if not source.is_file():
            raise FetchError(f"{what}: {source}: no such file; check the path")
        size = source.stat().st_size
        if size > self.max_bytes:
            raise FetchError(
                f"{what}: {source}: {_size(size)} is over the limit; {_limit_hint(self.max_bytes)}"
            )
        digest = hashlib.sha256()
        with source.open("rb") as reader, dest.open("wb") as writer:
            _copy_hashed(reader, writer, digest)
        modified = time.strftime("%a, %d %b %Y %H:%M:%S GMT", time.gmtime(source.stat().st_mtime))
        return Download(str(source), dest, True, digest.hexdigest(), size, None, {"last-modified": modified})


class _Retry(Exception):
    def __init__(self, reason: str, retry_after: float | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.retry_after = retry_after


def _copy_hashed(reader: IO[bytes], writer: IO[bytes], digest: hashlib._Hash) -> None:
    while block := reader.read(CHUNK):
        digest.update(block)
        writer.write(block)


def _is_local(url: str) -> bool:
    return urlsplit(url).scheme.lower() in ("", "file")


def _retry_after(response: httpx.Response) -> float | None:
    value = response.headers.get("retry-after", "").strip()
    if not value:
        return None
    if value.isdigit():
        return float(value)
    try:
        return max(0.0, parsedate_to_datetime(value).timestamp() - time.time())
    except (TypeError, ValueError):
        return None


def _describe(exc: Exception) -> str:
    text = " ".join(str(exc).split())
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def _size(count: int) -> str:
    return f"{count / 1024 / 1024:,.1f} MB"


def _limit_hint(limit: int) -> str:
    return (
        f"raise SANCTIONWATCH_MAX_DOWNLOAD_MB (now {limit / 1024 / 1024:g}) if the list really is this large"
    )


@contextmanager
def _bar(enabled: bool, what: str, total: int | None) -> Iterator[tuple[Progress, TaskID]]:
    """A rich progress bar on stderr for one download (shown only on a terminal)."""
    columns = (TextColumn("{task.description}"), BarColumn(), DownloadColumn(), TransferSpeedColumn())
    with Progress(*columns, disable=not enabled, transient=True) as progress:
        yield progress, progress.add_task(f"downloading {what}", total=total)
