"""How ``data/world_ports/ports.csv`` was made: the world port table of the ``searoute`` package.

searoute (github.com/genthalili/searoute-py, Apache-2.0) ships 3,962 ports with their UN/LOCODEs
as ``searoute/data/ports.geojson``. The table is converted once into a plain CSV beside ours
instead of importing searoute at run time: we need 4,000 rows, not a routing graph with networkx,
and a file in the package pins the content the tests and figures were made with. Re-run after
upgrading searoute::

    python -m sanctionwatch.maritime.world_ports path/to/searoute/data/ports.geojson 1.6.0
"""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

from sanctionwatch.maritime.reference import DATA

COLUMNS = ("locode", "name", "country", "lat", "lon")


def convert(geojson: Path, out: Path) -> int:
    """Write searoute's ports as ``locode,name,country,lat,lon``; return how many were written."""
    features = json.loads(geojson.read_text(encoding="utf-8"))["features"]
    rows = []
    for feature in features:
        properties = feature["properties"]
        lon, lat = feature["geometry"]["coordinates"][:2]
        code = properties["port"].strip().upper()
        rows.append((code, properties["name"].strip(), code[:2], f"{lat:.6f}", f"{lon:.6f}"))
    rows.sort()
    with out.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(COLUMNS)
        writer.writerows(rows)
    return len(rows)


if __name__ == "__main__":
    count = convert(Path(sys.argv[1]), DATA / "world_ports" / "ports.csv")
    print(f"wrote {count} ports from searoute {sys.argv[2] if len(sys.argv) > 2 else ''}".strip())
