"""The 24 real AIS files in shared/data/ais-real (none written by us): every defect of issue 22 and
the AIS guards of issue 19, each shown on a real file. Expected counts come from reading the files
here with a few independent lines (regular expressions, the csv module), never from the tool."""

from __future__ import annotations

import csv
import gzip
import io
import json
import lzma
import os
import re
import shutil
import subprocess
import sys
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from sanctionwatch.errors import InputError
from sanctionwatch.lists.identifiers import imo_is_valid
from sanctionwatch.maritime.detect import detect_files, read_positions
from sanctionwatch.maritime.loading import PositionLoader
from sanctionwatch.maritime.reference import mid_countries, nearest_port, world_ports
from tests.helpers import run_cli

REAL = Path(__file__).resolve().parents[3] / "shared" / "data" / "ais-real"
if not REAL.exists():  # the clone lives under /work/wt/NAME, shared data under /work/shared
    REAL = Path("/work/shared/data/ais-real")
ALL = sorted(p for p in REAL.iterdir() if p.is_file() and p.name != "SOURCES.md")
#: Files with nothing usable, and why (decided by reading them): no receive time at all; MMSIs of
#: craft attached to ships (98...); static messages whose name, IMO and call sign are all empty.
UNUSABLE = {
    "nmea_pyais_data_sample_untimed.txt": "no timestamp",
    "nmea_gfw_sample.nmea": "not a vessel: craft attached to a ship",
    "nmea_gfw_spire-test.nmea": "static message without identity",
}


#: Files of static messages only (every payload starts with 5, or is a type 12/14 message).
IDENTITY_ONLY = {"nmea_gfw_bad-type5.nmea", "nmea_gfw_multi-part_SYNTHTIME.nmea"}


def rows_of(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text())))


Load = Callable[[Path], PositionLoader]


@pytest.fixture()
def loaded() -> Iterator[Load]:
    """Reads a file into a loader of its own; every loader is closed after the test (its
    temporary folder removed: left open, each left an empty folder in /tmp)."""
    loaders: list[PositionLoader] = []

    def load(path: Path) -> PositionLoader:
        loader = PositionLoader()
        loaders.append(loader)
        loader.add(path)
        return loader

    yield load
    for loader in loaders:
        loader.close()


def test_the_real_files_are_there() -> None:
    assert len(ALL) >= 23  # SOURCES.md counts 23; the folder holds 24 data files


@pytest.mark.parametrize("path", ALL, ids=lambda p: p.name)
def test_every_real_file_is_read_and_accounted_for(path: Path) -> None:
    if path.name in UNUSABLE:
        with pytest.raises(InputError, match=re.escape(UNUSABLE[path.name])):
            read_positions([path])
        return
    table, (summary,) = read_positions([path])
    assert summary.read == summary.used + sum(summary.rejected.values())
    assert summary.kept == table.num_rows
    assert (summary.kept == 0 and summary.identity > 0) if path.name in IDENTITY_ONLY else summary.kept > 0
    mmsis = table.column("mmsi").to_pylist()
    assert all(201_000_000 <= m <= 775_999_999 for m in mmsis)  # ships only (ITU-R M.585)


def _sentences(path: Path) -> list[str]:
    return re.findall(r"![A-Z]{2}VD[MO],[^*\\]*\*[0-9A-F]{2}", path.read_text(errors="replace"))


def test_1_tag_block_group_keeps_the_type5_static_message(loaded: Load) -> None:
    loader = loaded(REAL / "nmea_gfw_ee-multiline.nmea")
    names = dict(loader.con.sql("SELECT name, imo FROM loaded WHERE identity_only").fetchall())
    assert names["MARAN FRIENDSHIP"] == "9846421"
    loader.finish()
    rows = loader.arrow().to_pylist()
    # the position reports of the same MMSI (241709000, in the file's type 3 and 1 lines) carry it
    assert {r["name"] for r in rows if r["mmsi"] == 241709000} == {"MARAN FRIENDSHIP"}


def test_2_parts_are_joined_only_within_their_group_and_age(loaded: Load) -> None:
    path = REAL / "nmea_aisdb_20211101_tagblock.nm4"
    text = path.read_text()
    first = set(re.findall(r"g:1-2-(\d+)", text))
    second = set(re.findall(r"g:2-2-(\d+)", text))
    summary = loaded(path).summaries[0]
    assert first == second and summary.rejected["incomplete multi-part message"] == 0
    # the pyais sample: 1 s a sentence; parts more than 10 s apart are not one message
    path = REAL / "nmea_pyais_data_sample_SYNTHTIME.nmea"
    lines = path.read_text().splitlines()
    lonely = 0
    for number, line in enumerate(lines):
        part = re.search(r"!AIVDM,2,(\d),(\d?),", line)
        if part and part.group(1) == "1":
            follows = lines[number + 1] if number + 1 < len(lines) else ""
            mate = re.search(r"!AIVDM,2,2,(\d?),", follows)
            lonely += not (mate and mate.group(1) == part.group(2))
        elif part and part.group(1) == "2":
            before = re.search(r"!AIVDM,2,1,(\d?),", lines[number - 1])
            lonely += not (before and before.group(1) == part.group(2))
    summary = loaded(path).summaries[0]
    assert lonely > 0 and summary.rejected["incomplete multi-part message"] == lonely


def test_3_every_sentence_on_a_line_is_read(loaded: Load) -> None:
    path = REAL / "nmea_gfw_bad-type5.nmea"
    lines_with_two = [line for line in path.read_text().splitlines() if len(_sentences_in(line)) == 2]
    summary = loaded(path).summaries[0]
    assert len(lines_with_two) == 3 and summary.identity == 3
    with pytest.raises(InputError, match=r"\(4 read; 4 static message without identity\)"):
        read_positions([REAL / "nmea_gfw_spire-test.nmea"])


def _sentences_in(line: str) -> list[str]:
    return re.findall(r"![A-Z]{2}VD[MO],", line)


def test_4_any_talker_is_nmea(loaded: Load) -> None:
    path = REAL / "nmea_dma_replay_dump_tagged.nmea"
    assert "!BSVDM" in path.read_text()
    summary = loaded(path).summaries[0]
    assert summary.format == "nmea" and summary.read == len(_sentences(path))


@pytest.mark.parametrize(
    ("timed", "tagged"),
    [
        ("nmea_dma_stream_example_pghp.txt", "nmea_dma_stream_example_tagged.nmea"),
        ("nmea_dma_replay_dump_pghp.txt", "nmea_dma_replay_dump_tagged.nmea"),
        ("nmea_aisdb_201201_trailing.nmea", "nmea_aisdb_201201_tagged.nmea"),
    ],
)
def test_5_pghp_and_trailing_times_give_what_the_tag_blocks_give(timed: str, tagged: str) -> None:
    ours, (summary,) = read_positions([REAL / timed])
    theirs, _ = read_positions([REAL / tagged])
    assert ours.to_pylist() == theirs.to_pylist()
    lines = (REAL / timed).read_text(errors="replace").splitlines()
    # lines with no sentence of a two-letter talker (the DMA stream has 18 "!--VDM" lines)
    other = [
        line for line in lines if line.strip() and not _sentences_in(line) and not line.startswith("$PGHP")
    ]
    assert summary.read == len(_sentences(REAL / timed)) + len(other)
    assert summary.rejected["not an AIS sentence"] == len(other)
    assert summary.rejected["no timestamp"] == 0


def test_6_speed_not_available_keeps_the_position() -> None:
    path = REAL / "marinecadastre_noaa_20230111.csv"
    slow = {r["MMSI"] for r in rows_of(path) if r["SOG"] == "102.3"}
    table, (summary,) = read_positions([path])
    rows = {r["mmsi"]: r for r in table.to_pylist()}
    assert len(slow) == 4 and summary.unknown["speed not available (102.3)"] == 4
    assert all(rows[int(m)]["sog"] is None for m in slow)


def test_7_imo_none_values_and_us_official_numbers_raise_nothing() -> None:
    path = REAL / "marinecadastre_noaa_20230111.csv"
    rows = rows_of(path)
    zeros = {int(r["MMSI"]) for r in rows if r["IMO"] == "IMO0000000"}
    us = {mid for mid, country in mid_countries().items() if country == "us"}
    official = {
        int(r["MMSI"])
        for r in rows
        if re.fullmatch(r"IMO[1-9]\d{6}", r["IMO"] or "")
        and not imo_is_valid(r["IMO"][3:])
        and int(r["MMSI"]) // 1_000_000 in us
    }
    assert len(zeros) == 22 and len(official) >= 20
    result = detect_files([path])
    identity = [e for e in result.events if e.type == "identity_change"]
    assert not [e for e in identity if set(e.mmsi) & (zeros | official)]
    assert not [e for e in identity if "IMO number reappears" in e.details.get("reason", "")]


def test_8_parquet_times_do_not_shift_with_the_host_zone() -> None:
    code = (
        "from pathlib import Path; from sanctionwatch.maritime.detect import detect_files;"
        f"r = detect_files([Path({str(REAL / 'parquet_boston_201401_utc_time.parquet')!r})]);"
        "print(min(e.as_dict()['start'] for e in r.events if e.type == 'gap'))"
    )
    env = {**os.environ, "TZ": "America/New_York"}
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    first = min(r["BaseDateTime"] for r in rows_of(REAL / "marinecadastre_boston_201401.csv"))
    assert first.startswith("2014-01-01T04:43")  # the CSV's times are UTC
    assert done.stdout.strip() == "2014-01-04T18:59:29Z"


def test_8_csv_offsets_are_honoured(tmp_path: Path) -> None:
    source = (REAL / "marinecadastre_boston_201401.csv").read_text().splitlines()
    shifted = [source[0]] + [re.sub(r"(T\d\d:\d\d:\d\d)", r"\1+02:00", line, count=1) for line in source[1:]]
    path = tmp_path / "offset.csv"
    path.write_text("\n".join(shifted) + "\n")
    plain, _ = read_positions([REAL / "marinecadastre_boston_201401.csv"])
    moved, _ = read_positions([path])
    assert [t - 7200 for t in sorted(plain.column("t").to_pylist())] == sorted(moved.column("t").to_pylist())


def test_9_mmsis_and_stations_are_judged_alike_in_nmea_and_csv(
    loaded: Load,
) -> None:
    loader = loaded(REAL / "nmea_aisdb_20211101_tagblock.nm4")
    bad = dict(
        loader.con.sql("SELECT mmsi, reason FROM loaded WHERE mmsi IN (0, 133310, 1245196)").fetchall()
    )
    assert bad == {0: "bad MMSI", 133310: "bad MMSI", 1245196: "bad MMSI"}
    path = REAL / "dma_snapshot_20180601.csv"
    kinds = Counter(row["Type of mobile"] for row in _dma_rows(path))
    summary = loaded(path).summaries[0]
    assert summary.rejected["not a vessel: base station"] == kinds["Base Station"] == 8
    assert summary.rejected["not a vessel: aid to navigation"] == kinds["AtoN"] == 4


def _dma_rows(path: Path) -> list[dict[str, str]]:
    header, *lines = path.read_text().splitlines()
    return list(csv.DictReader(lines, fieldnames=header.lstrip("# ").split(",")))


def test_11_dma_identity_rows_are_joined_to_the_vessel(tmp_path: Path, loaded: Load) -> None:
    path = REAL / "dma_snapshot_20180601.csv"
    rows = _dma_rows(path)
    identity = [
        r
        for r in rows
        if r["Latitude"].startswith("91")
        and (r["Name"] or r["Callsign"] or r["IMO"] != "Unknown")
        and r["MMSI"][0] in "234567"
        and len(r["MMSI"]) == 9
    ]
    summary = loaded(path).summaries[0]
    assert summary.identity == len(identity) == 8
    astina = next(r for r in rows if r["Name"] == "ASTINA")
    later = (
        path.read_text().rstrip("\n")
        + "\n"
        + (
            f"01/06/2018 00:05:00,Class A,{astina['MMSI']},55.5,11.0,Under way using engine,0.0,10.0,90.0,90"
            + ",Unknown"
            + "," * 11
            + "\n"
        )
    )
    joined = tmp_path / "dma.csv"
    joined.write_text(later)
    table, _ = read_positions([joined])
    vessel = [r for r in table.to_pylist() if r["mmsi"] == int(astina["MMSI"])]
    assert [(r["name"], r["imo"], r["call_sign"]) for r in vessel] == [("ASTINA", "9320063", "SHZA")]


def test_12_ports_worldwide() -> None:
    port, km = nearest_port(57.693498, 11.845277)  # TANKSKAR in the Gothenburg file
    assert port.country == "se" and km < 10
    result = detect_files([REAL / "marinecadastre_boston_201401.csv"])
    assert not [e for e in result.events if e.type == "loitering"]
    rows = sorted(
        rows_of(REAL / "marinecadastre_boston_201401.csv"),
        key=lambda r: (r["MMSI"], r["BaseDateTime"]),
    )
    from datetime import datetime

    silences = []
    for before, after in zip(rows, rows[1:], strict=False):
        if before["MMSI"] == after["MMSI"]:
            hours = (
                datetime.fromisoformat(after["BaseDateTime"]) - datetime.fromisoformat(before["BaseDateTime"])
            ).total_seconds() / 3600
            if hours >= 12:
                ends = [nearest_port(float(r["LAT"]), float(r["LON"]))[1] for r in (before, after)]
                silences.append(min(ends) >= 10)
    assert len(silences) == 4 and sum(silences) == len([e for e in result.events if e.type == "gap"]) == 2


def _silences(path: Path, hours: float) -> list[tuple[int, str, str, dict[str, str], dict[str, str]]]:
    """Every silence of ``hours`` or more between two reports of one vessel, read from the CSV by
    plain Python: (mmsi, start, end, report before, report after)."""
    from datetime import datetime

    by_vessel: dict[str, list[dict[str, str]]] = {}
    for row in rows_of(path):
        by_vessel.setdefault(row["MMSI"], []).append(row)
    found = []
    for mmsi, rows in by_vessel.items():
        rows.sort(key=lambda r: r["BaseDateTime"])
        for before, after in zip(rows, rows[1:], strict=False):
            start, end = (datetime.fromisoformat(r["BaseDateTime"]) for r in (before, after))
            if (end - start).total_seconds() >= hours * 3600:
                found.append((int(mmsi), before["BaseDateTime"], after["BaseDateTime"], before, after))
    return found


def _gap_starts(path: Path) -> set[tuple[int, str]]:
    from datetime import UTC, datetime

    return {
        (e.mmsi[0], datetime.fromtimestamp(e.start, UTC).strftime("%Y-%m-%dT%H:%M:%S"))
        for e in detect_files([path]).events
        if e.type == "gap"
    }


def test_ports_a_silence_moored_in_the_weymouth_fore_river_is_not_a_gap_at_sea() -> None:
    """Read from the Boston file: 215020081 lies at 42.237 N 70.969 W, under 1 knot, silent for
    18.5 h from 2014-01-06T20:35:29 and found again at the same berth: the Weymouth Fore River in
    Braintree, inside Boston's harbour (16 km from searoute's single Boston point, so it counted
    as at sea). 257990100's two silences at 42.42 N 70.82 W, in open Massachusetts Bay 7 km east
    of Nahant, stay gaps; 215020081's silence at 42.38 N 71.03 W (Chelsea Creek) never was one."""
    path = REAL / "marinecadastre_boston_201401.csv"
    silences = {(mmsi, start): (before, after) for mmsi, start, _, before, after in _silences(path, 12)}
    before, after = silences[(215020081, "2014-01-06T20:35:29")]
    assert abs(float(before["LAT"]) - float(after["LAT"])) < 0.001
    assert abs(float(before["LON"]) - float(after["LON"])) < 0.001
    assert float(before["SOG"]) < 1 and float(after["SOG"]) < 1
    port, km = nearest_port(float(before["LAT"]), float(before["LON"]))
    assert port.country == "us" and "Weymouth Fore River" in port.name and km < 1
    assert _gap_starts(path) == {(257990100, "2014-01-04T18:59:29"), (257990100, "2014-01-06T16:14:27")}


def test_ports_a_silence_moored_in_saldanha_bay_is_not_a_gap_at_sea() -> None:
    """Read from the Spire file: 601254600 (a South African MMSI) reports twice, 16 h apart, at
    33.023 S 17.961 E with speed 0: in the port of Saldanha (33 01 23 S, 17 57 16 E), 0.6 km
    from it, 110 km from Cape Town, the nearest port searoute has."""
    path = REAL / "marinecadastre_spire_20210701.csv"
    ((mmsi, start, end, before, after),) = [s for s in _silences(path, 12) if s[0] == 601254600]
    assert float(before["SOG"]) == float(after["SOG"]) == 0
    port, km = nearest_port(float(before["LAT"]), float(before["LON"]))
    assert (port.name, port.country, port.locode) == ("Saldanha Bay", "za", "ZASDB") and km < 1
    assert not [gap for gap in _gap_starts(path) if gap[0] == 601254600]


def test_no_real_file_has_a_flag_and_a_call_sign_is_not_one() -> None:
    """The MMSI-versus-flag check has no real case: none of the real files has a flag column (its
    positive case is on a hand-written file, tests/maritime/test_flags.py). A call sign cannot
    stand in for one. Read from the NOAA file: the US MMSIs whose call sign has no US prefix
    (AA-AL, K, N, W) carry a boat's name or a hull number in that field (SEAHAWK, SEAKITY,
    FLAMING; the Coast Guard's CG29206 and CG29386; the Navy's LCS 19), and every Cayman MMSI
    (319) carries a UK-series call sign (ZB-ZJ), as the UK's overseas territories do. A check of
    call sign against MMSI would call all of them contradictions; the detector reports none."""
    rows = [*rows_of(REAL / "marinecadastre_noaa_20230111.csv")]
    for path in ALL:
        if path.suffix == ".csv":
            header = path.read_text(errors="replace").splitlines()[0]
            assert "flag" not in header.lower(), path.name
    us = ("303", "338", "366", "367", "368", "369")
    foreign_looking = {
        r["CallSign"]
        for r in rows
        if r["MMSI"].startswith(us) and r["CallSign"] and not re.match(r"A[A-L]|[KNW]", r["CallSign"])
    }
    assert foreign_looking == {"SEAHAWK", "SEAKITY", "FLAMING", "CG29206", "CG29386", "LCS 19"}
    cayman = {r["CallSign"] for r in rows if r["MMSI"].startswith("319") and r["CallSign"]}
    assert len(cayman) >= 10 and all(re.match(r"Z[B-J]", sign) for sign in cayman)
    table, _ = read_positions([REAL / "marinecadastre_noaa_20230111.csv"])
    read = {r["call_sign"] for r in table.to_pylist()}
    assert foreign_looking | cayman <= read  # the detector is handed every one of them
    events = detect_files([REAL / "marinecadastre_noaa_20230111.csv"]).events
    assert not [e for e in events if e.type == "identity_change" or "flag" in e.details]


def test_ports_zaporizhzhia_is_in_ukraine() -> None:
    """searoute's ZAPOR (47.87 N 35.10 E, on the Dnipro) took its country from its code's first
    letters, ZA; the amendment with its source makes it Ukrainian."""
    port, km = nearest_port(47.866389, 35.100278)
    assert (port.name, port.country, km) == ("Zaporizhzhia", "ua", 0.0)
    assert not [p for p in world_ports() if p.name == "Zaporizhzhia" and p.country == "za"]


def _median_interval(path: Path) -> float:
    """The median of the intervals between consecutive reports of one ship (MMSI 2xx-7xx),
    computed by plain Python from the CSV."""
    from datetime import datetime
    from statistics import median

    times: dict[str, list[float]] = {}
    for row in rows_of(path):
        if 201_000_000 <= int(row["MMSI"]) <= 775_999_999:
            times.setdefault(row["MMSI"], []).append(datetime.fromisoformat(row["BaseDateTime"]).timestamp())
    return median(b - a for t in times.values() for a, b in zip(sorted(t), sorted(t)[1:], strict=False))


def test_satellite_sampling_is_said_and_its_gaps_carry_the_caveat(bundled_db: Path, tmp_path: Path) -> None:
    """Spire's satellite file: a ship's consecutive reports are hours apart (median 7.0 h,
    computed here from the file); Boston's terrestrial file: a minute. The satellite file's
    input summary and every one of its gaps say that a silence may be a revisit interval, in
    --json and in the table; the terrestrial file's say nothing."""
    spire, boston = REAL / "marinecadastre_spire_20210701.csv", REAL / "marinecadastre_boston_201401.csv"
    satellite_s, terrestrial_s = _median_interval(spire), _median_interval(boston)
    assert satellite_s > 6 * 3600 and terrestrial_s < 120
    db = tmp_path / "db.duckdb"
    shutil.copy(bundled_db, db)
    done = run_cli(db, "ais", "detect", str(spire), str(boston), "--json")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    satellite, terrestrial = data["input"]
    assert satellite["sampling"]["median_report_interval_s"] == satellite_s and satellite["caveats"]
    assert terrestrial["sampling"]["median_report_interval_s"] == terrestrial_s and not terrestrial["caveats"]
    spire_vessels = {int(r["MMSI"]) for r in rows_of(spire)}
    gaps = [e for e in data["events"] if e["type"] == "gap"]
    assert {e["mmsi"][0] in spire_vessels for e in gaps} == {True, False}  # both files give gaps
    for event in gaps:
        assert ("caveat" in event["details"]) == (event["mmsi"][0] in spire_vessels)
    table = run_cli(db, "ais", "detect", str(spire))
    assert "satellite" in " ".join(table.stdout.split()) and "caveat" in table.stdout


def _rewrite(tmp_path: Path, name: str, edit: dict[int, tuple[str, str]]) -> Path:
    lines = (REAL / "marinecadastre_boston_201401.csv").read_text().splitlines()
    for number, (old, new) in edit.items():
        assert old in lines[number]
        lines[number] = lines[number].replace(old, new, 1)
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n")
    return path


def test_19_dates_outside_the_window_are_rejected(tmp_path: Path) -> None:
    path = _rewrite(
        tmp_path,
        "dated.csv",
        {1: ("2014-01-01", "1900-01-01"), 2: ("2014-01-01", "2099-01-01"), 3: ("2014-01-01", "9999-01-01")},
    )
    result = detect_files([path])
    (summary,) = result.inputs
    assert summary.rejected == Counter({"time before the window": 1, "time after the window": 2})
    assert max(e.details.get("hours", 0) for e in result.events) < 1000


def test_19_duplicates_are_counted(tmp_path: Path) -> None:
    path = REAL / "dma_gothenburg_20170705.csv"
    rows = _dma_rows(path)
    copies = sum(
        n - 1
        for n in Counter((r["MMSI"], r["Timestamp"], r["Latitude"], r["Longitude"]) for r in rows).values()
    )
    _, (summary,) = read_positions([path])
    assert summary.rejected["duplicate position"] == copies
    boston = REAL / "marinecadastre_boston_201401.csv"
    _, (first, second) = read_positions([boston, boston])
    assert first.kept == 972 and second.kept == 0 and second.rejected["duplicate position"] == 972


def test_19_duplicates_found_in_the_detection_sort_are_dropped_and_counted() -> None:
    """``detect_files`` finds exact copies in the sort of the ``track`` stage, not by hashing
    every position first: the file read twice gives the events of the file read once."""
    boston = REAL / "marinecadastre_boston_201401.csv"
    rows = len(boston.read_text().splitlines()) - 1  # one position per data row, none rejected
    once = detect_files([boston])
    twice = detect_files([boston, boston])
    first, second = twice.inputs
    assert twice.positions == once.positions == rows == 972
    assert first.kept == rows and second.kept == 0 and second.rejected["duplicate position"] == rows
    assert [e.as_dict() for e in twice.events] == [e.as_dict() for e in once.events]
    assert once.events


def test_19_a_damaged_parquet_column_exits_2_naming_the_file(tmp_path: Path, bundled_db: Path) -> None:
    """A Parquet file is read in place, once per pass: its first pass must read every column, or a
    damaged column is met by a later pass as a traceback (statistics answer the time, position and
    course tests without reading those columns, so a count of the rows alone leaves them unread)."""
    import pyarrow.parquet as pq

    source = REAL / "parquet_boston_201401_utc_time.parquet"
    data = source.read_bytes()
    group = pq.ParquetFile(source).metadata.row_group(0)
    db = tmp_path / "db.duckdb"
    shutil.copy(bundled_db, db)
    damaged = []
    for i in range(group.num_columns):
        column = group.column(i)
        if column.path_in_schema in ("MMSI", "BaseDateTime", "LAT", "LON", "SOG", "COG"):
            start, size = column.data_page_offset, column.total_compressed_size
            path = tmp_path / f"damaged_{column.path_in_schema}.parquet"
            kept = start + size // 4  # the page header stays; the values after it do not
            path.write_bytes(data[:kept] + b"\xab" * (start + size - 4 - kept) + data[start + size - 4 :])
            damaged.append(path)
    assert len(damaged) == 6
    for path in damaged:
        done = subprocess.run(
            [sys.executable, "-m", "sanctionwatch", "ais", "detect", str(path), "--json", "--db", str(db)],
            capture_output=True,
            text=True,
        )
        assert done.returncode == 2, done.stderr
        assert path.name in done.stderr and "Traceback" not in done.stderr
        assert len(done.stderr.strip().splitlines()) == 1
        assert done.stdout == ""


def test_19_angles_and_speeds_out_of_range_are_unknown(tmp_path: Path) -> None:
    path = _rewrite(tmp_path, "angles.csv", {1: (",83.3,", ",1e308,"), 2: (",2.1,", ",-5,")})
    table, (summary,) = read_positions([path])
    assert summary.kept == 972
    assert summary.unknown["course out of range"] == 1 and summary.unknown["speed out of range"] == 1
    assert 1e308 not in table.column("cog").to_pylist()


def test_19_truncated_and_corrupt_files_exit_2_naming_the_file(tmp_path: Path, bundled_db: Path) -> None:
    data = (REAL / "marinecadastre_boston_201401.csv").read_bytes()
    gz = tmp_path / "cut.csv.gz"
    gz.write_bytes(gzip.compress(data)[:-200])
    xz = tmp_path / "cut.csv.xz"
    xz.write_bytes(lzma.compress(data)[:-200])
    parquet = tmp_path / "broken.parquet"
    parquet.write_bytes((REAL / "parquet_boston_201401_utc_time.parquet").read_bytes()[:5000])
    db = tmp_path / "db.duckdb"
    shutil.copy(bundled_db, db)  # a store with the lists loaded: the failure is the input's
    for path in (gz, xz, parquet):
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "sanctionwatch",
                "ais",
                "detect",
                str(path),
                "--db",
                str(db),
            ],
            capture_output=True,
            text=True,
        )
        assert done.returncode == 2, done.stderr
        assert path.name in done.stderr and "Traceback" not in done.stderr
        assert len(done.stderr.strip().splitlines()) == 1
