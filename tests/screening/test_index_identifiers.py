"""The screening index finds a listed vessel by its identifiers: IMO number, call sign (however it
is spaced) and MMSI, each pointing at the subject that carries it.

The claims reader looks vessels up by call sign and MMSI in these maps (``claims/entities.py``) and
the screener by IMO number. A sampled mutmut run over ``screening/`` (issue 27, docs/testing.md)
found the call signs dropped from every subject, and the IMO map pointing at no subject, alive
under the tests mutmut mapped to the index. The expected records were read from the bundled OFAC
list: DREAM II (OFAC-15043), IMO 9356593, call sign "5IM 592".
"""

from __future__ import annotations

from sanctionwatch.screening.index import normal_call_sign
from sanctionwatch.screening.matcher import Matcher

DREAM_II = "OFAC-15043"


def test_a_vessel_is_found_by_its_call_sign_however_it_is_spaced(matcher: Matcher) -> None:
    index = matcher.index
    for written in ("5IM 592", "5im592", "5IM-592"):
        [number] = index.by_call_sign[normal_call_sign(written)]
        subject = index.subjects[number]
        assert DREAM_II in subject.refs
        assert subject.call_signs == ["5IM592"]


def test_a_vessel_is_found_by_its_imo_number(matcher: Matcher) -> None:
    index = matcher.index
    [number] = index.by_imo["9356593"]
    assert DREAM_II in index.subjects[number].refs
    for imo, numbers in index.by_imo.items():
        assert all(imo in index.subjects[n].imo for n in numbers)


def test_every_mmsi_and_call_sign_points_at_a_subject_that_carries_it(matcher: Matcher) -> None:
    index = matcher.index
    assert index.by_mmsi and index.by_call_sign
    for mmsi, numbers in index.by_mmsi.items():
        assert all(mmsi in index.subjects[n].mmsi for n in numbers)
    for sign, numbers in index.by_call_sign.items():
        assert all(sign in index.subjects[n].call_signs for n in numbers)
