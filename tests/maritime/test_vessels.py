"""AIS flagging by the same name rule as screening: a former name never outweighs identity."""

from __future__ import annotations

from pathlib import Path

import pytest

from sanctionwatch.lists.store import Store
from sanctionwatch.maritime.vessels import VesselLookup
from sanctionwatch.screening.index import load_index


@pytest.fixture(scope="module")
def lookup(bundled_db: Path) -> VesselLookup:
    with Store(bundled_db, read_only=True) as store:
        return VesselLookup.from_index(load_index(store))


def test_a_former_name_does_not_flag_a_vessel_whose_identity_contradicts(lookup: VesselLookup) -> None:
    # the US vessel EXPLORER is not the tanker HERBY ex-EXPLORER (OFAC-15057, IMO 9362059)
    assert lookup.refs(367544000, "8950463", "EXPLORER") == []
    assert lookup.refs(367544000, None, "EXPLORER") == []  # its MMSI contradicts too
    assert "OFAC-15057" in lookup.refs(123456789, "9362059", "EXPLORER")
    assert "OFAC-15057" in lookup.refs(572458210, None, "HERBY")


def test_numerals_are_part_of_a_vessel_name(lookup: VesselLookup) -> None:
    assert "OFAC-23517" in lookup.refs(111111111, None, "KUM UN SAN")
    assert "OFAC-23517" not in lookup.refs(111111111, None, "KUM UN SAN 3")
