from __future__ import annotations

import gzip
import zipfile
from pathlib import Path
from typing import Any

import duckdb
import pytest
import zstandard
from hypothesis import given, settings
from hypothesis import strategies as st

from sanctionwatch.errors import FormatError, InputError
from sanctionwatch.maritime.ais_readers import read_ais
from sanctionwatch.maritime.detect import read_positions
from tests.maritime.factories import mc_row, nmea_position, nmea_static, write_marinecadastre

T0 = 1_717_200_000


def read(path: Path):  # noqa: ANN201 - test helper
    return read_ais(path, duckdb.connect())


def test_marinecadastre_rejects_are_counted_by_reason(tmp_path: Path) -> None:
    rows = [
        mc_row(445123000, T0, 39.0, 127.0),
        mc_row(445123000, T0 + 60, 91.0, 181.0),  # "not available": a row of identity only
        "445123000,not-a-time,39.0,127.0,1,1,1,X,,C,70,0,1,1,1,1,A",
        mc_row(12345, T0 + 120, 39.0, 127.0),
        "445123000,2024-06-01T00:03:00,39.0",  # a row cut short
    ]
    table, summary = read(write_marinecadastre(tmp_path / "mc.csv", rows))
    assert table.num_rows == 1
    assert summary.read == 5 and summary.used == 2 and summary.kept == 1 and summary.identity == 1
    assert dict(summary.rejected) == {
        "unparsable time": 1,
        "bad MMSI": 1,
        "malformed CSV row": 1,
    }


def test_dma_csv(tmp_path: Path) -> None:
    path = tmp_path / "aisdk.csv"
    path.write_text(
        "# Timestamp,Type of mobile,MMSI,Latitude,Longitude,Navigational status,"
        "ROT,SOG,COG,Heading,IMO,Callsign,Name\n"
        "01/06/2024 00:00:00,Class A,219000001,55.5,10.5,Under way,0,12.0,90,90,9179842,OXAB,DANE\n"
        "31/13/2024 00:00:00,Class A,219000001,55.5,10.5,Under way,0,12.0,90,90,9179842,OXAB,DANE\n"
    )
    table, summary = read(path)
    assert summary.format == "dma" and table.num_rows == 1
    assert table.column("imo").to_pylist() == ["9179842"]
    assert table.column("t").to_pylist() == [T0]
    assert dict(summary.rejected) == {"unparsable time": 1}


def test_nmea_tag_blocks_multipart_statics_and_bad_checksums(tmp_path: Path) -> None:
    lines = nmea_static(445123000, T0, 9179842, "ANGARA", "UBCJ9")
    lines += nmea_position(445123000, T0 + 10, 42.25, 130.3, 0.2)
    broken = nmea_position(445123000, T0 + 20, 42.25, 130.3)[0]
    lines.append(broken[:-2] + ("00" if not broken.endswith("00") else "11"))
    lines.append(nmea_position(445123000, T0 + 30, 42.0, 130.0)[0].split("\\")[-1])  # no time anywhere
    path = tmp_path / "feed.nmea"
    path.write_text("\n".join(lines) + "\n")
    table, summary = read(path)
    assert summary.format == "nmea"
    row = table.to_pylist()[0]
    assert (row["mmsi"], row["t"], row["name"], row["imo"], row["call_sign"]) == (
        445123000,
        T0 + 10,
        "ANGARA",
        "9179842",
        "UBCJ9",
    )
    assert abs(row["lat"] - 42.25) < 1e-4 and abs(row["lon"] - 130.3) < 1e-4
    assert dict(summary.rejected) == {"bad checksum": 1, "no timestamp": 1}
    assert summary.read == 5 and summary.used == 3


@settings(max_examples=15, deadline=None)
@given(
    st.integers(201_000_000, 775_999_999),
    st.floats(-89.9, 89.9).filter(lambda v: abs(v) > 1e-4),  # 0,0 is "no fix", rejected on purpose
    st.floats(-179.9, 179.9),
    st.floats(0, 100).map(lambda v: round(v, 1)),
)
def test_nmea_round_trip(mmsi: int, lat: float, lon: float, speed: float) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "one.nmea"
        path.write_text("\n".join(nmea_position(mmsi, T0, lat, lon, speed)))
        table, summary = read(path)
    row = table.to_pylist()[0]
    assert row["mmsi"] == mmsi and row["t"] == T0
    assert abs(row["lat"] - lat) < 1e-4 and abs(row["lon"] - lon) < 1e-4
    assert abs(row["sog"] - speed) < 0.11


def test_compressed_inputs_and_parquet(tmp_path: Path) -> None:
    plain = write_marinecadastre(
        tmp_path / "mc.csv", [mc_row(445123000, T0 + i * 60, 39.0, 127.0) for i in range(3)]
    )
    data = plain.read_bytes()
    (tmp_path / "mc.csv.gz").write_bytes(gzip.compress(data))
    (tmp_path / "mc.csv.zst").write_bytes(zstandard.ZstdCompressor().compress(data))
    with zipfile.ZipFile(tmp_path / "mc.zip", "w") as archive:
        archive.writestr("mc.csv", data)
    import pyarrow.csv as pacsv
    import pyarrow.parquet as pq

    pq.write_table(pacsv.read_csv(plain), tmp_path / "mc.parquet")
    for name in ("mc.csv.gz", "mc.csv.zst", "mc.zip", "mc.parquet"):
        table, summary = read(tmp_path / name)
        assert table.num_rows == 3, name


def test_file_without_usable_rows_is_an_error(tmp_path: Path) -> None:
    path = write_marinecadastre(tmp_path / "empty.csv", [mc_row(1, T0, 39.0, 127.0)])
    with pytest.raises(InputError, match=r"empty\.csv: no usable AIS positions \(1 read; 1 bad MMSI\)"):
        read_positions([path])
    other = tmp_path / "notes.txt"
    other.write_text("hello")
    with pytest.raises(FormatError, match="notes.txt"):
        read_positions([other])


def test_a_number_that_does_not_parse_sends_the_csv_to_the_text_read(tmp_path: Path) -> None:
    """The typed read fails on 'north'; the text read then judges that row alone."""
    rows = [mc_row(445123000, T0 + 60 * i, 39.0, 127.0) for i in range(3)]
    rows[1] = rows[1].replace(",39.0,", ",north,", 1)
    table, summary = read(write_marinecadastre(tmp_path / "mc.csv", rows))
    assert table.num_rows == 2 and dict(summary.rejected) == {"impossible coordinates": 1}


@pytest.mark.parametrize(
    "name",
    ["marinecadastre_boston_201401.csv", "marinecadastre_noaa_20230111.csv", "dma_gothenburg_20170705.csv"],
)
def test_typed_and_text_reads_give_the_same_positions(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """The typed read (columns declared, times parsed by the reader: ISO, or the DMA's day-first
    format) takes these files, and gives what the text read gives."""
    from sanctionwatch.maritime.loading import PositionLoader
    from tests.maritime.test_real_ais import REAL

    taken: list[bool] = []
    typed_read = PositionLoader._insert_typed

    def watched(*args: Any) -> bool:
        taken.append(typed_read(*args))
        return taken[-1]

    monkeypatch.setattr(PositionLoader, "_insert_typed", watched)
    typed, typed_summary = read_ais(REAL / name)
    assert taken == [True]
    monkeypatch.setattr(PositionLoader, "_insert_typed", lambda *args: False)
    text, text_summary = read_ais(REAL / name)
    assert typed.num_rows > 200 and typed.equals(text)
    assert typed_summary.rejected == text_summary.rejected and typed_summary.unknown == text_summary.unknown
