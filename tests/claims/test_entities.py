"""Linking names and vessel identifiers in text to the lists, by the screening rules."""

from __future__ import annotations

from pathlib import Path

import pytest

from sanctionwatch.claims.entities import EntityLinker, candidate_names
from sanctionwatch.lists.store import Store
from sanctionwatch.screening.service import open_matcher


@pytest.fixture(scope="module")
def linker(bundled_db: Path) -> EntityLinker:
    with Store(bundled_db, read_only=True) as store:
        return EntityLinker(open_matcher(store))


def refs(linker: EntityLinker, sentence: str) -> set[str]:
    return {ref for found in linker(sentence) for ref in found["refs"]}


def test_a_vessel_numeral_is_part_of_its_name(linker: EntityLinker) -> None:
    assert "KUM UN SAN 3" in candidate_names("The tanker KUM UN SAN 3 was seen off Nampo.")
    assert "OFAC-23517" not in refs(linker, "The tanker KUM UN SAN 3 was seen off Nampo.")
    assert "OFAC-23517" in refs(linker, "The tanker KUM UN SAN was seen off Nampo.")


def test_identifiers_in_text_identify_vessels(linker: EntityLinker) -> None:
    assert "OFAC-17069" in refs(linker, "A ship, IMO 7937317, called at Nampo.")
    found = linker("The tanker HERBY (IMO 9362059) met another ship.")
    assert any("OFAC-15057" in f["refs"] for f in found)


def test_an_imo_number_after_a_name_outweighs_the_name(linker: EntityLinker) -> None:
    # EXPLORER is a former name of HERBY (IMO 9362059); written with another IMO number, it is not HERBY
    assert "OFAC-15057" not in refs(linker, "The vessel EXPLORER (IMO 9179842) left port.")
