"""The matcher on the real bundled lists: right where the common tools are wrong."""

from __future__ import annotations

import pytest

from sanctionwatch.errors import QueryError
from sanctionwatch.screening.matcher import Matcher
from sanctionwatch.screening.query import make_query


def refs(matcher: Matcher, name: str = "", **options: str) -> list[set[str]]:
    return [set(match.subject.refs) for match in matcher.screen(make_query(name, **options))]


def top(matcher: Matcher, name: str = "", **options: str) -> set[str]:
    found = refs(matcher, name, **options)
    assert found, f"{name!r} matched nothing"
    return found[0]


@pytest.mark.parametrize(
    ("name", "ref"),
    [
        ("김정은", "OFAC-20157"),
        ("Kim Jong Un", "OFAC-20157"),
        ("Gim Jeong-eun", "OFAC-20157"),
        ("Kim Jongun", "OFAC-20157"),
        ("Jong Un Kim", "OFAC-20157"),
        ("KIM, Jong-Un", "OFAC-20157"),
        ("Marshal Kim Jong Un", "OFAC-20157"),
        ("Kim Tong-myo'ng", "KPi.023"),
        ("Kim Tong-myong", "KPi.023"),
        ("Gim Dong-myeong", "KPi.023"),
        ("Lee Byeong-cheol", "OFAC-23215"),
        ("Rhee Pyong Chol", "OFAC-23215"),
        ("金铁三", "KPi.035"),
        ("Jin Tiesan", "KPi.035"),
        ("Сергей Шойгу", "OFAC-35173"),
        ("Sergei Shoygu", "OFAC-35173"),
        ("KOMID", "KPe.001"),
        ("Korea Mining Development Trading Corp", "KPe.001"),
        ("Tanchon Commercial Bank Co Ltd", "KPe.003"),
        ("Tanchon Comercial Bank", "KPe.003"),
        ("Foreign Trade Bank", "KPe.047"),
    ],
)
def test_listed_names_in_their_many_spellings(matcher: Matcher, name: str, ref: str) -> None:
    assert ref in top(matcher, name)


@pytest.mark.parametrize(
    "name",
    ["Kim Jong Il", "Kim Min-jae", "Park Ji-sung", "Son Heung-min", "Korea Star Trading", "Daniil Medvedev"],
)
def test_different_people_and_generic_names_do_not_match(matcher: Matcher, name: str) -> None:
    assert refs(matcher, name) == []


def test_vessel_forms(matcher: Matcher) -> None:
    assert "OFAC-23744" in top(matcher, "YUSON", type="vessel")
    assert "OFAC-23744" in top(matcher, "YU SON", type="vessel")
    assert "OFAC-17069" in top(matcher, "M/V Chong Chon Gang", type="vessel")


@pytest.mark.parametrize("written", ["IMO 7937317", "IMO7937317", "7937317"])
def test_imo_in_any_form_is_decisive(matcher: Matcher, written: str) -> None:
    matches = matcher.screen(make_query("", imo=written))
    assert [m.score for m in matches] == [1.0]
    assert "OFAC-17069" in matches[0].subject.refs
    named = matcher.screen(make_query("Some Other Name", imo=written))
    assert named[0].score == 1.0 and "OFAC-17069" in named[0].subject.refs


def test_bad_imo_is_refused() -> None:
    with pytest.raises(QueryError, match="check digit"):
        make_query("", imo="IMO 7937318")
    with pytest.raises(QueryError, match="empty query"):
        make_query("   ")


def test_birth_date_tells_namesakes_apart(matcher: Matcher) -> None:
    young = matcher.screen(make_query("Kim Yong Chol", type="person", dob="1962-02-19"))
    old = matcher.screen(make_query("Kim Yong Chol", type="person", dob="1947"))
    assert "KPi.024" in young[0].subject.refs and "OFAC-12211" not in young[0].subject.refs
    assert "OFAC-12211" in old[0].subject.refs
    assert all("KPi.024" not in m.subject.refs for m in old)  # the conflicting DOB drops it
    features = [item["feature"] for item in young[0].explanation["evidence"]]
    assert features == ["dob_matches"]


def test_country_is_evidence(matcher: Matcher) -> None:
    plain = matcher.screen(make_query("Ri Su Yong", type="person"))[0]
    conflicting = matcher.screen(make_query("Ri Su Yong", type="person", country="Brazil"))
    assert plain.score == 1.0
    assert not conflicting or conflicting[0].score < plain.score


def test_every_match_explains_itself(matcher: Matcher) -> None:
    match = matcher.screen(make_query("Comrade Lee Byeong-cheol", dob="1948"))[0].as_dict()
    assert set(match) == {
        "entity_id",
        "name",
        "schema",
        "score",
        "refs",
        "lists",
        "matched_name",
        "explanation",
    }
    explanation = match["explanation"]
    assert explanation["normalised"]["query"] == explanation["normalised"]["matched"] == "ri byong jor"
    assert explanation["dropped_words"] == ["comrade"]
    assert explanation["evidence"][0]["text"].startswith("The birth date given agrees")


def test_threshold_and_limit(matcher: Matcher) -> None:
    loose = matcher.screen(make_query("Kim Chol"), threshold=0.5, limit=3)
    assert len(loose) == 3
    assert all(m.score >= 0.5 for m in loose)
    assert [m.score for m in loose] == sorted((m.score for m in loose), reverse=True)
