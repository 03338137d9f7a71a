"""The MMSI-versus-flag check, on a DMA-format file with a Flag column written by hand.

Expected outcomes come from the ITU's Maritime Identification Digits, not from the tool: 351 is
Panama, 445 the DPRK, 440 the Republic of Korea. Files write a flag as a code (PA) or as a name
(Panama); only a flag that names another country than the MMSI's is a contradiction."""

from __future__ import annotations

import json
import shutil
from datetime import datetime, timedelta
from pathlib import Path

from tests.helpers import run_cli

HEADER = "# Timestamp,Type of mobile,MMSI,Latitude,Longitude,SOG,COG,IMO,Callsign,Name,Flag"
VESSELS = [
    # MMSI, flag as the file writes it, name, start
    (351123000, "Panama", "PANAMA STAR", (35.0, 125.0)),  # Panama's MID, flag by name: agrees
    (445123000, "PA", "SONG RIM", (36.0, 124.0)),  # the DPRK's MID under a Panamanian flag
    (440123000, "KR", "HAN RIVER", (37.0, 126.0)),  # the Republic of Korea's MID and flag
    (440456000, "Unknown", "NO FLAG", (37.5, 126.5)),  # no country: nothing to contradict
]


def write_track(path: Path) -> None:
    start = datetime(2024, 1, 1)
    rows = [HEADER]
    for step in range(40):
        when = (start + timedelta(minutes=10 * step)).strftime("%d/%m/%Y %H:%M:%S")
        for mmsi, flag, name, (lat, lon) in VESSELS:
            position = f"{lat + step * 0.01:.4f},{lon + step * 0.01:.4f}"
            rows.append(f"{when},Class A,{mmsi},{position},10.0,45.0,Unknown,CALL,{name},{flag}")
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")


def test_only_a_flag_of_another_country_contradicts_the_mmsi(bundled_db: Path, tmp_path: Path) -> None:
    db = tmp_path / "db.duckdb"
    shutil.copy(bundled_db, db)
    track = tmp_path / "flags.csv"
    write_track(track)
    result = run_cli(db, "ais", "detect", str(track), "--json")
    assert result.returncode in (0, 1), result.stderr
    data = json.loads(result.stdout)
    assert data["input"][0]["kept"] == 4 * 40
    contradicted = {
        event["mmsi"][0]: event["details"]
        for event in data["events"]
        if event["type"] == "identity_change" and event["details"].get("flag_mismatch")
    }
    assert list(contradicted) == [445123000]
    assert contradicted[445123000]["mmsi_country"] == "KP" and contradicted[445123000]["flag"] == "PA"
