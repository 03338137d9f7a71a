"""A vessel screened with its own MMSI, or with the IMO field AIS fills with zeros (issue 20's trial).

A former name never flags a vessel whose IMO number or MMSI contradicts: the rule ``ais detect``
applies (``names.identity``) holds for ``screen --mmsi``, a batch's ``mmsi`` column and ``/match``.
An IMO field of zeros is AIS's "not available", read as no IMO (as ``ais detect`` reads it), so the
row is screened by its name instead of dropped. The real-data test reads a MarineCadastre day;
its expected outcomes come from the file and the OFAC SDN records, read by hand:

- line 142, FREEDOM, MMSI 367003990, no IMO (a US towing vessel). OFAC-15052, the tanker AMBER,
  was FREEDOM once (its alias), with IMO 9357406 and MMSI 677049700: another vessel. OFAC-29485,
  FREEDOM (IMO 9018464, no MMSI listed), has nothing the AIS row can contradict, so the name alone
  still stands there, as it does in ``ais detect``.
- line 552, TANGO, MMSI 538071309: OFAC-35740, the yacht TANGO, lists MMSI 518100626.
- line 759, HERCULES, MMSI 368136950: OFAC-40891, the tug HERCULES, lists MMSI 671187100.
- 22 rows carry ``IMO0000000``; each has a vessel name and a nine-digit MMSI.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from sanctionwatch.errors import QueryError
from sanctionwatch.screening.batch import read_batch
from sanctionwatch.screening.matcher import Matcher
from sanctionwatch.screening.query import make_query
from sanctionwatch.screening.service import screen_batch, screen_one

REAL = Path(__file__).resolve().parents[3] / "shared" / "data" / "ais-real"
if not REAL.exists():  # the clone lives under /work/wt/NAME, shared data under /work/shared
    REAL = Path("/work/shared/data/ais-real")
MARINECADASTRE = REAL / "marinecadastre_noaa_20230111.csv"


def refs(result: dict[str, object]) -> set[str]:
    return {ref for match in result["matches"] for ref in match["refs"]}  # type: ignore[attr-defined]


@pytest.mark.parametrize("written", ["IMO0000000", "0000000", "imo 0000000", "0"])
def test_an_imo_of_zeros_is_no_imo_and_the_name_is_screened(written: str) -> None:
    query = make_query("WINE KNOT", "vessel", written)
    assert query.imo is None and query.name == "WINE KNOT"


def test_an_imo_failing_its_check_digit_is_still_refused_naming_the_field() -> None:
    with pytest.raises(QueryError) as refused:
        make_query("EXPLORER", "vessel", "IMO 9179843")
    assert refused.value.field == "imo"


def test_a_former_name_does_not_match_a_vessel_with_another_mmsi(matcher: Matcher) -> None:
    # HERBY (OFAC-15057) was EXPLORER; the SDN list gives its MMSI as 572458210
    assert "OFAC-15057" in refs(screen_one(matcher, make_query("EXPLORER", "vessel")))
    other = screen_one(matcher, make_query("EXPLORER", "vessel", mmsi="367544000"))
    assert "OFAC-15057" not in refs(other)
    same = screen_one(matcher, make_query("EXPLORER", "vessel", mmsi="572458210"))
    assert "OFAC-15057" in refs(same)


def test_a_batch_reads_the_mmsi_column_and_refuses_a_bad_one(tmp_path: Path) -> None:
    path = tmp_path / "vessels.csv"
    path.write_text("name,type,mmsi\nEXPLORER,vessel,367544000\nEXPLORER,vessel,12345\n", encoding="utf-8")
    batch = read_batch(path)
    assert [item.query.mmsi for item in batch.queries] == ["367544000"]
    assert [(error.line, error.field) for error in batch.errors] == [(3, "mmsi")]


def test_a_row_without_an_id_is_known_by_its_line_as_skipped_rows_are(tmp_path: Path) -> None:
    path = tmp_path / "queries.csv"
    # line 3 is skipped (no such month), line 4 blank, line 5 a name quoted over two lines
    path.write_text('name,dob\nKim Il,\nPak Chol,1990-13-01\n\n"Ocean\nStar",\nRi Su,\n', encoding="utf-8")
    batch = read_batch(path)
    assert [(item.id, item.query.name) for item in batch.queries] == [
        ("2", "Kim Il"),
        ("5", "Ocean Star"),
        ("7", "Ri Su"),
    ]
    assert [error.line for error in batch.errors] == [3]


def _real_batch(tmp_path: Path) -> Path:
    """The MarineCadastre day as a batch, one query per AIS row in the file's order (so each data
    row keeps its line number), with no ``id`` column."""
    with MARINECADASTRE.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["name", "type", "imo", "mmsi"])
    for row in rows:
        writer.writerow([row["VesselName"], "vessel", row["IMO"], row["MMSI"]])
    path = tmp_path / "marinecadastre.csv"
    path.write_text(out.getvalue(), encoding="utf-8")
    return path


@pytest.mark.skipif(not MARINECADASTRE.exists(), reason="the shared real AIS files are not here")
def test_real_ais_day_screened_with_its_mmsis_and_zero_imos(tmp_path: Path, matcher: Matcher) -> None:
    batch = read_batch(_real_batch(tmp_path))
    results = {result["id"]: result for result in screen_batch(matcher, batch.queries)["results"]}
    freedom = results["142"]
    assert freedom["query"]["name"] == "FREEDOM" and freedom["query"]["mmsi"] == "367003990"
    assert "OFAC-15052" not in refs(freedom)  # AMBER ex-FREEDOM: MMSI 677049700
    assert "OFAC-29485" in refs(freedom)  # FREEDOM itself: no MMSI listed to contradict
    assert results["552"]["query"]["name"] == "TANGO" and "OFAC-35740" not in refs(results["552"])
    assert results["759"]["query"]["name"] == "HERCULES" and "OFAC-40891" not in refs(results["759"])
    with MARINECADASTRE.open(encoding="utf-8", newline="") as handle:
        zeros = [
            (str(line), row["VesselName"])
            for line, row in enumerate(csv.DictReader(handle), start=2)
            if row["IMO"] == "IMO0000000"
        ]
    assert len(zeros) == 22
    for line, name in zeros:  # screened by name, none dropped
        assert results[line]["query"]["name"] == name and "imo" not in results[line]["query"]
    assert not {error.line for error in batch.errors} & {int(line) for line, _ in zeros}
