"""The reference tables (ports, grid cells, names) reach DuckDB as Python columns and Spark as
Arrow: both must hold the same rows and types, and `ais detect` must not import pyarrow for them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import duckdb

from sanctionwatch.maritime.config import DetectionConfig
from sanctionwatch.maritime.detect import reference_tables

REAL = Path(__file__).resolve().parents[3] / "shared" / "data" / "ais-real"
if not REAL.exists():
    REAL = Path("/work/shared/data/ais-real")


def test_duckdb_and_arrow_are_given_the_same_reference_tables() -> None:
    con = duckdb.connect()
    for name, table in reference_tables(DetectionConfig()).items():
        table.create(con, name)
        con.register(f"{name}_arrow", table.arrow())
        for one, other in ((name, f"{name}_arrow"), (f"{name}_arrow", name)):
            assert con.execute(f"SELECT * FROM {one} EXCEPT ALL SELECT * FROM {other}").fetchall() == []
        assert con.execute(f"DESCRIBE {name}").fetchall() == con.execute(f"DESCRIBE {name}_arrow").fetchall()


def test_detecting_from_parquet_and_csv_imports_neither_pyarrow_nor_numpy() -> None:
    """A sixth of a second of every call; only NMEA, Spark and ``read_positions`` need them."""
    files = [REAL / "parquet_boston_201401_utc_time.parquet", REAL / "marinecadastre_boston_201401.csv"]
    code = (
        "import sys; from pathlib import Path; from sanctionwatch.maritime.detect import detect_files;"
        f"result = detect_files([Path(p) for p in {[str(f) for f in files]!r}]);"
        "assert result.events; print(sorted({'pyarrow', 'numpy'} & set(sys.modules)))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
