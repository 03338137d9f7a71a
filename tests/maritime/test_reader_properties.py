"""Property tests: whatever bytes an AIS reader is given, it gives positions or an InputError,
never another exception. Inputs start from real files and are mutated; each test is bounded."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sanctionwatch.errors import InputError
from sanctionwatch.maritime.detect import read_positions

REAL = Path("/work/shared/data/ais-real")
LOCAL = Path(__file__).resolve().parents[3] / "shared" / "data" / "ais-real"
REAL = LOCAL if LOCAL.exists() else REAL
BOUNDED = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _head(name: str, lines: int) -> bytes:
    return b"".join((REAL / name).read_bytes().splitlines(keepends=True)[:lines])


def _read(data: bytes, suffix: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"input{suffix}"
        path.write_bytes(data)
        try:
            table, (summary,) = read_positions([path])
        except InputError:
            return
        assert summary.read == summary.used + sum(summary.rejected.values())
        assert table.num_rows == summary.kept


def _mutate(data: bytes, at: int, junk: bytes) -> bytes:
    cut = at % (len(data) + 1)
    return data[:cut] + junk + data[cut + len(junk) :]


@BOUNDED
@given(st.integers(0, 10**6), st.binary(max_size=40))
def test_marinecadastre_csv_mutated(at: int, junk: bytes) -> None:
    _read(_mutate(_head("marinecadastre_noaa_20230111.csv", 30), at, junk), ".csv")


@pytest.mark.parametrize("junk", [b"\r", b"a\rb", b"\r\r"])
def test_a_carriage_return_inside_a_csv_header_is_read_or_refused(junk: bytes) -> None:
    """Found by the property below in a fresh clone's run: Python's csv module, reading the header
    for the typed path, raised on a lone carriage return (a traceback for the user)."""
    for name in ("dma_snapshot_20180601.csv", "marinecadastre_noaa_20230111.csv"):
        _read(_mutate(_head(name, 30), 50, junk), ".csv")


@BOUNDED
@given(st.integers(0, 10**6), st.binary(max_size=40))
def test_dma_csv_mutated(at: int, junk: bytes) -> None:
    _read(_mutate(_head("dma_snapshot_20180601.csv", 30), at, junk), ".csv")


@BOUNDED
@given(st.integers(0, 10**6), st.binary(max_size=40))
def test_nmea_mutated(at: int, junk: bytes) -> None:
    _read(_mutate(_head("nmea_gfw_ee-multiline.nmea", 10), at, junk), ".nmea")


@BOUNDED
@given(st.text(alphabet="!\\$,*:0123456789ABCDEFVDMgcs-\n", max_size=300))
def test_nmea_arbitrary(text: str) -> None:
    _read(("!AIVDM," + text).encode(), ".nmea")


@BOUNDED
@given(st.integers(0, 40_000), st.binary(min_size=1, max_size=64))
def test_parquet_mutated(at: int, junk: bytes) -> None:
    _read(_mutate((REAL / "parquet_boston_201401_utc_time.parquet").read_bytes(), at, junk), ".parquet")
