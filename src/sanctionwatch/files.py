"""Opening input files, compressed or not (.gz, .xz, .zst, single-member .zip).

Every stream opened here turns a decompression failure (a truncated or corrupt archive) into an
``InputError`` that names the file and how far it could be read: without it a truncated .gz
ends in Python's ``EOFError``, which the command line reports as a bare "Aborted.".
"""

from __future__ import annotations

import gzip
import hashlib
import io
import lzma
import zipfile
import zlib
from collections.abc import Iterable
from pathlib import Path
from typing import IO, cast

from sanctionwatch.errors import InputError

COMPRESSED_SUFFIXES = (".gz", ".xz", ".zst", ".zip")


def plain_name(path: Path) -> str:
    """The file name without a compression suffix: ``sdn.csv.xz`` -> ``sdn.csv``."""
    name = path.name
    for suffix in COMPRESSED_SUFFIXES:
        if name.endswith(suffix) and suffix != ".zip":
            return name[: -len(suffix)]
    return name


#: The path that names standard input wherever a file is read.
STDIN = Path("-")


def require_files(paths: Iterable[Path]) -> None:
    """Each path names a file (``-``, standard input, always does). Checked before a command
    makes or fills the store it opens on first use: a mistyped path changes nothing."""
    for path in paths:
        if path != STDIN:
            _require_file(path)


def _require_file(path: Path) -> None:
    if not path.exists():
        raise InputError(f"{path}: no such file; check the path")
    if path.is_dir():
        raise InputError(f"{path}: is a directory, not a file")


def open_binary(path: Path) -> IO[bytes]:
    """The decompressed bytes of ``path``; a .zip is read through when it holds one data file."""
    _require_file(path)
    try:
        handle = _seekable(path)
    except DECODE_ERRORS as exc:
        raise InputError(f"{path}: cannot be opened ({_describe(exc)})") from exc
    try:
        raw = _decompressed(path, handle)
    except BaseException as exc:
        handle.close()  # a damaged archive: the error names it, the file is not left open
        if isinstance(exc, DECODE_ERRORS):
            raise InputError(f"{path}: cannot be opened ({_describe(exc)})") from exc
        raise
    return cast(IO[bytes], io.BufferedReader(_Checked(path, raw, handle), buffer_size=1 << 16))


#: The first bytes of each compression format: a download or a copy keeps its content, not
#: always its suffix (a mirror serves consolidated.xml gzipped; a user saves un.xml.xz as un.xml).
_MAGIC = {b"\x1f\x8b": ".gz", b"\xfd7zXZ\x00": ".xz", b"\x28\xb5\x2f\xfd": ".zst"}


def _compression(path: Path, handle: IO[bytes]) -> str:
    """The compression suffix ``path`` has, or the one its first bytes show ('' for neither)."""
    name = path.name.lower()
    for suffix in (".gz", ".xz", ".zst"):
        if name.endswith(suffix):
            return suffix
    first = handle.read(6)
    handle.seek(0)
    return next((suffix for magic, suffix in _MAGIC.items() if first.startswith(magic)), "")


def _seekable(path: Path) -> IO[bytes]:
    """The file opened once, able to go back to its start. A pipe (``--file <(command)``,
    /dev/stdin) can be read only once: it is read whole, and its first bytes, read to tell its
    compression, were otherwise gone when it was opened again to be read (an "empty file")."""
    handle = path.open("rb")
    if handle.seekable():
        return handle
    with handle:
        return io.BytesIO(handle.read())


def _decompressed(path: Path, handle: IO[bytes]) -> IO[bytes]:
    compression = _compression(path, handle)
    if compression == ".gz":
        return cast(IO[bytes], gzip.GzipFile(fileobj=handle, mode="rb"))
    if compression == ".xz":
        return cast(IO[bytes], lzma.LZMAFile(handle, "rb"))
    if compression == ".zst":
        return cast(IO[bytes], io.BufferedReader(_Zstd(handle)))
    if zipfile.is_zipfile(handle):
        archive = zipfile.ZipFile(handle)
        if "[Content_Types].xml" not in archive.namelist():  # an office document is no archive
            members = [info for info in archive.infolist() if not info.is_dir()]
            if len(members) != 1:
                raise InputError(
                    f"{path}: a zip archive must hold exactly one data file, it holds {len(members)}"
                )
            return archive.open(members[0])
    handle.seek(0)
    return handle


def _decode_errors() -> tuple[type[BaseException], ...]:
    errors: list[type[BaseException]] = [OSError, EOFError, lzma.LZMAError, zlib.error, zipfile.BadZipFile]
    try:
        import zstandard

        errors.append(zstandard.ZstdError)
    except ImportError:  # pragma: no cover - a dependency, present in every install
        pass
    return tuple(errors)


#: What decompressing or reading a file can raise when the file is truncated or corrupt.
DECODE_ERRORS = _decode_errors()


def _describe(exc: BaseException) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    if isinstance(exc, EOFError):
        return f"it ends early: truncated ({text})"
    return text


class _Zstd(io.RawIOBase):
    """Zstandard frames read one after another; a file that ends inside a frame raises
    ``EOFError`` (zstandard's own reader returns what it has and stops, silently)."""

    def __init__(self, raw: IO[bytes]) -> None:
        import zstandard

        self.raw = raw
        self.new_frame = zstandard.ZstdDecompressor().decompressobj
        self.frame = self.new_frame()
        self.started = False
        self.pending = b""

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        while not self.pending:
            chunk = self.raw.read(1 << 16)
            if not chunk:
                if self.started and not self.frame.eof:
                    raise EOFError("Compressed file ended before the end-of-frame marker was reached")
                return 0
            while chunk:
                if self.frame.eof:
                    self.frame = self.new_frame()
                self.started = True
                self.pending += self.frame.decompress(chunk)
                chunk = self.frame.unused_data if self.frame.eof else b""
        size = min(len(buffer), len(self.pending))
        memoryview(buffer)[:size] = self.pending[:size]
        self.pending = self.pending[size:]
        return size

    def close(self) -> None:
        try:
            self.raw.close()
        finally:
            super().close()


class _Checked(io.RawIOBase):
    """A decompressing stream whose failures become an ``InputError`` naming the file, and which
    closes the file under it too (gzip, lzma and zip leave a file object they were given open)."""

    def __init__(self, path: Path, inner: IO[bytes], under: IO[bytes]) -> None:
        self.path = path
        self.inner = inner
        self.under = under
        self.offset = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        try:
            data = self.inner.read(len(buffer))
        except DECODE_ERRORS as exc:
            raise InputError(
                f"{self.path}: cannot be read past byte {self.offset:,} ({_describe(exc)})"
            ) from exc
        size = len(data)
        memoryview(buffer)[:size] = data
        self.offset += size
        return size

    def close(self) -> None:
        try:
            self.inner.close()
            self.under.close()
        finally:
            super().close()


def read_bytes(path: Path) -> bytes:
    with open_binary(path) as handle:
        return handle.read()


def head(path: Path, size: int = 4096) -> bytes:
    """The first ``size`` decompressed bytes of the file, for format detection."""
    with open_binary(path) as handle:
        return handle.read(size)


def sha256(path: Path) -> str:
    """The sha256 of the decompressed content, so a bundled copy hashes like the original."""
    digest = hashlib.sha256()
    with open_binary(path) as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def text_stream(path: Path, encoding: str) -> io.TextIOWrapper:
    return io.TextIOWrapper(open_binary(path), encoding=encoding, newline="")


#: Byte-order marks and the encodings they announce, longest first.
_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)


def bom_encoding(first: bytes) -> str | None:
    """The encoding a byte-order mark at the start of ``first`` announces, or None."""
    for bom, encoding in _BOMS:
        if first.startswith(bom):
            return encoding
    return None


def decode_text(path: Path, data: bytes, fallback: str) -> str:
    """Text of a file whose publisher uses ``fallback`` but which users re-save: a byte-order
    mark decides, then UTF-8 when the bytes are valid UTF-8, then ``fallback``. A file none of
    them decodes raises ``ParseError`` naming the line of the first bad byte."""
    from sanctionwatch.errors import ParseError

    announced = bom_encoding(data[:4])
    candidates = [announced] if announced else ["utf-8", fallback]
    error: UnicodeDecodeError | None = None
    for encoding in candidates:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError as exc:
            error = exc
    assert error is not None
    line = data.count(b"\n", 0, error.start) + 1
    return_name = " or ".join(candidates)
    raise ParseError(path, f"line {line}", f"not {return_name} text (byte {error.start:,}: {error.reason})")
