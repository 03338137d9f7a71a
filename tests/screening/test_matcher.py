"""The matcher on the real bundled lists: right where the common tools are wrong."""

from __future__ import annotations

import gc

import pytest

from sanctionwatch.errors import QueryError
from sanctionwatch.names.forms import NameForm
from sanctionwatch.screening.matcher import DEFAULT_THRESHOLD, Matcher
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
    agreeing = matcher.screen(make_query("Ri Su Yong", type="person", country="North Korea"))[0]
    assert plain.score == 1.0 and "KPi.052" in plain.subject.refs  # a DPRK national on the UN list
    # a conflicting country lowers the same listing's score, and says why
    assert conflicting and conflicting[0].subject.refs == plain.subject.refs
    assert conflicting[0].score < plain.score
    assert [e["feature"] for e in conflicting[0].explanation["evidence"]] == ["country_conflicts"]
    assert agreeing.subject.refs == plain.subject.refs and agreeing.score == plain.score
    assert [e["feature"] for e in agreeing.explanation["evidence"]] == ["country_matches"]


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


@pytest.mark.parametrize(
    ("name", "ref"),
    [
        ("Ким Чен Ын", "OFAC-20157"),
        ("Чхве Рён Хэ", "OFAC-23213"),
        ("Ким Ён Чхоль", "KPi.024"),
        ("Пак То Чхун", "KPi.050"),
        ("金正恩", "OFAC-20157"),
        ("崔龙海", "OFAC-23213"),
        ("崔龍海", "OFAC-23213"),
        ("kimjongun", "OFAC-20157"),
        ("kimtongmyong", "KPi.023"),
        ("KPA", "OFAC-22284"),
    ],
)
def test_names_in_other_scripts_and_run_together_score_as_the_same_name(
    matcher: Matcher, name: str, ref: str
) -> None:
    matches = matcher.screen(make_query(name))
    assert matches and matches[0].score == 1.0
    assert any(ref in match.subject.refs for match in matches if match.score == 1.0)


def test_a_score_of_one_means_the_same_name(matcher: Matcher) -> None:
    # KIM, Myong Chol (OFAC-40205) is another person: a whole syllable apart
    found = matcher.screen(make_query("Kim Yong Chol"), threshold=0.0, limit=50)
    other = [m for m in found if "OFAC-40205" in m.subject.refs]
    assert not other or other[0].score < DEFAULT_THRESHOLD
    assert all(
        m.explanation["normalised"]["query"] == m.explanation["normalised"]["matched"]
        for m in found
        if m.score == 1.0
        and "normalised" in m.explanation
        and m.explanation["name_comparison"] == "same words after normalisation"
    )


@pytest.mark.parametrize(
    ("name", "other"),
    [
        ("Kim Jong Il", "OFAC-20157"),
        ("Kim Yong Il", "KPi.024"),
        ("Ri Pyong Su", "OFAC-23215"),
        ("Choe Ryong Su", "OFAC-23213"),
    ],
)
def test_names_a_syllable_apart_do_not_match(matcher: Matcher, name: str, other: str) -> None:
    assert all(other not in found for found in refs(matcher, name, type="person"))


@pytest.mark.parametrize(
    ("name", "other"),
    [
        ("김은정", "OFAC-20157"),  # Kim Eun-jung, a common South Korean name, is not Kim Jong Un
        ("Kim Un Jong", "OFAC-20157"),
        ("Kim Chol Min", "OFAC-23092"),  # KIM, Min Chol
        ("Kim Chol Yong", "OFAC-12211"),  # KIM, Yong Chol
    ],
)
def test_given_name_syllables_the_other_way_round_are_another_name(
    matcher: Matcher, name: str, other: str
) -> None:
    assert all(other not in found for found in refs(matcher, name))


@pytest.mark.parametrize(
    ("name", "ref"),
    [("Jong Un Kim", "OFAC-20157"), ("Min Chol Kim", "OFAC-23092"), ("Kim Min Chol", "OFAC-23092")],
)
def test_the_family_name_first_or_last_is_the_same_name(matcher: Matcher, name: str, ref: str) -> None:
    best = matcher.screen(make_query(name, type="person"))[0]
    assert ref in best.subject.refs and best.score == 1.0


@pytest.mark.parametrize(
    "name",
    [
        "Korea Development Bank",
        "Korea Exchange Bank",
        "Industrial Bank of Korea",
        "Export-Import Bank of Korea",
        "Korea First Bank",
    ],
)
def test_south_korean_banks_do_not_match_dprk_banks(matcher: Matcher, name: str) -> None:
    assert refs(matcher, name, type="organization") == []


def test_a_citation_alone_merges_nothing(matcher: Matcher) -> None:
    top_match = matcher.screen(make_query("Korean National Insurance Company"))[0]
    assert "KPe.048" in top_match.subject.refs
    assert not {"KPe.023", "KPe.035", "KPe.042", "KPe.043", "KPe.044"} & set(top_match.subject.refs)
    assert len(top_match.subject.refs) <= 4  # one record per list


def test_abbreviations_match_their_expansions(matcher: Matcher) -> None:
    assert "OFAC-22284" in top(matcher, "Korean People's Army", type="organization")
    assert "OFAC-22284" in top(matcher, "KPA", type="organization")


def test_a_former_name_never_outweighs_the_imo_number(matcher: Matcher) -> None:
    # HERBY (OFAC-15057, IMO 9362059) was once called EXPLORER; IMO 9179842 is ANGARA's
    assert "OFAC-15057" in top(matcher, "EXPLORER", type="vessel")
    found = refs(matcher, "EXPLORER", type="vessel", imo="IMO 9179842")
    assert "OFAC-37059" in found[0]
    assert all("OFAC-15057" not in refs_ for refs_ in found)


def test_vessel_numerals_must_agree(matcher: Matcher) -> None:
    assert all("OFAC-23517" not in found for found in refs(matcher, "KUM UN SAN 3", type="vessel"))
    assert "OFAC-23517" in top(matcher, "KUM UN SAN", type="vessel")


@pytest.mark.parametrize(
    ("dob", "feature", "match"),
    [
        ("1962-02-18", "dob_matches", True),
        ("18.02.1962", "dob_matches", True),
        ("18 Feb 1962", "dob_matches", True),
        ("1962", "dob_agrees", True),
        ("1963-02-18", "dob_near", True),  # a year off: lowers the score only a little
        ("1962-3-18", "dob_near", True),
        ("c. 1961", "dob_agrees", True),
        ("1975", "dob_conflicts", False),
    ],
)
def test_birth_dates_are_weighed_by_distance(matcher: Matcher, dob: str, feature: str, match: bool) -> None:
    found = [
        m
        for m in matcher.screen(make_query("Kim Yong Chol", type="person", dob=dob))
        if "KPi.024" in m.subject.refs
    ]
    assert bool(found) is match
    if found:
        assert feature in [item["feature"] for item in found[0].explanation["evidence"]]


def test_a_common_name_without_a_listed_birth_date_is_not_a_match_on_its_own(matcher: Matcher) -> None:
    def undated(dob: str | None) -> list[str]:
        found = matcher.screen(make_query("Kim Nam Ung", type="person", dob=dob), limit=100)
        return [m.subject.id for m in found if not m.subject.birth_dates]

    assert undated(None)  # KPi.061 gives no birth date on any list
    assert undated("1985-03-02") == []


@pytest.mark.parametrize(
    ("dob", "message"),
    [
        ("1984-13-45", "month 13 does not exist"),
        ("1970-02-30", "has no day 30"),
        ("yesterday", "write it as"),
    ],
)
def test_bad_birth_dates_name_the_field(dob: str, message: str) -> None:
    with pytest.raises(QueryError, match=message) as raised:
        make_query("Kim Jong Un", dob=dob)
    assert raised.value.field == "dob"


def test_names_of_thousands_of_characters_are_refused() -> None:
    with pytest.raises(QueryError) as raised:
        make_query("Kim " * 50_000)
    assert raised.value.field == "name"


def test_a_weak_alias_alone_is_not_a_match(matcher: Matcher) -> None:
    """OFAC's sdn.csv gives LAREDO DON JUAN, Job (19133, citizen of Mexico, DOB 17 Mar 1968) and
    MORGAN HUERTA, Jose Luis (37258, Mexico) the quoted nickname 'GORDO': a weak a.k.a. that
    thousands of people answer to. 杰 陶 (Tao Jie) read by its Korean readings runs together as
    "gordo" and used to score 0.95 against both."""
    assert refs(matcher, "杰 陶") == []
    assert refs(matcher, "Gordo") == []
    assert refs(matcher, "Gordo", type="person") == []


@pytest.mark.parametrize(
    ("options", "ref"), [({"dob": "1968-03-17"}, "OFAC-19133"), ({"country": "mx"}, "OFAC-37258")]
)
def test_a_weak_alias_with_a_date_or_country_that_agrees_is_a_match(
    matcher: Matcher, options: dict[str, str], ref: str
) -> None:
    matches = matcher.screen(make_query("Gordo", **options))
    assert ref in {r for match in matches for r in match.subject.refs}
    for match in matches:
        features = [item["feature"] for item in match.explanation["evidence"]]
        assert "weak_alias" in features and len(features) >= 2, features


@pytest.mark.parametrize(
    ("written", "ref"),
    [
        # names as the bundled lists spell them (OFAC 21305 MIN, Byong Chol; OFAC 12110 UMAROV,
        # Doku; UN QDi.135 DAWOOD IBRAHIM KASKAR), typed with one vowel left out
        ("Min Byong Chl", "OFAC-21305"),
        ("Doku Umarv", "OFAC-12110"),
        ("Dawood Ibrahim Kaskr", "QDi.135"),
    ],
)
def test_a_vowel_left_out_is_a_typing_slip(matcher: Matcher, written: str, ref: str) -> None:
    matches = matcher.screen(make_query(written, type="person"))
    assert matches, f"{written!r} matched nothing"
    assert ref in matches[0].subject.refs
    assert matches[0].explanation["name_comparison"] == "one typing slip in one word"


@pytest.mark.parametrize("written", ["Km Jong Un", "Kim Yong Ch"])
def test_a_word_left_with_too_few_letters_is_not_a_slip(matcher: Matcher, written: str) -> None:
    """Two letters are too few to tell which word was meant (Km: Kim? Kam?; Ch: Chol? Chil?)."""
    comparisons = [
        m.explanation["name_comparison"] for m in matcher.screen(make_query(written), threshold=0.5)
    ]
    assert comparisons and "one typing slip in one word" not in comparisons


@pytest.mark.parametrize(
    ("name", "kind", "listed"),
    [
        # each pair's phonetic keys, joined, are one letter apart; the letters as written are not
        ("Busan Trading Co., Ltd.", "organization", "TAe.011"),  # RUSHAAN TRADING COMPANY
        ("Golden Steel Inc.", "organization", "OFAC-24752"),  # GOLDEN STAR CO
        ("Sea Chemical Corporation", "organization", "OFAC-16319"),  # CEC CHEMICAL CO., LTD.
        ("Asia Pride 1", "vessel", "OFAC-23778"),  # ASIA BRIDGE 1
    ],
)
def test_names_one_sound_apart_are_not_one_slip_apart(
    matcher: Matcher, name: str, kind: str, listed: str
) -> None:
    found = {ref for match in matcher.screen(make_query(name, type=kind)) for ref in match.subject.refs}
    assert listed not in found  # each matched its listed name at 0.90-0.92 before


def test_a_slip_in_the_letters_of_a_long_name_still_matches(matcher: Matcher) -> None:
    """OCEAN MARITIME MANAGEMENT COMPANY, LIMITED (OMM) typed with a letter left out."""
    matches = matcher.screen(make_query("Ocean Maritme Management", type="organization"))
    assert (
        matches and matches[0].explanation["name_comparison"] == "same letters spaced differently, 1 edit(s)"
    )
    assert "Ocean Maritime Management".casefold() in matches[0].subject.caption.casefold()


@pytest.mark.parametrize(
    "name, listed",
    [
        ("Li Li", "OFAC-27472"),  # LI, Yi
        ("李丽", "OFAC-27472"),  # pinyin Li Li
        ("He Li", "OFAC-30110"),  # HE, Daniel Y., a.k.a. HE, Yi
    ],
)
def test_a_given_name_spelt_like_a_surname_is_not_read_as_one(
    matcher: Matcher, name: str, listed: str
) -> None:
    """OFAC writes LAST, First: in LI, Yi the given name Yi is no surname, so the surname table
    (Lee, Rhee, Yi -> ri) does not make it Li. Each scored 1.00 before."""
    found = {ref for match in matcher.screen(make_query(name, type="person")) for ref in match.subject.refs}
    assert listed not in found


@pytest.mark.parametrize("name", ["Lee Yi", "Yi Lee", "Li Yi", "LEE, Yi"])
def test_the_family_name_still_goes_through_the_surname_table(matcher: Matcher, name: str) -> None:
    """Lee is a spelling of the family name Li, first or last in the query."""
    matches = matcher.screen(make_query(name, type="person"))
    assert matches and matches[0].score == 1.0 and "OFAC-27472" in matches[0].subject.refs


def test_one_letter_that_makes_another_syllable_is_another_name(matcher: Matcher) -> None:
    """Xiaodong and Xiaohong (MA, Xiaohong, OFAC-20565) are two given names; it scored 0.91."""
    found = {
        ref
        for match in matcher.screen(make_query("Ma Xiaodong", type="person"))
        for ref in match.subject.refs
    }
    assert "OFAC-20565" not in found


def test_one_letter_that_makes_no_syllable_is_a_slip(matcher: Matcher) -> None:
    matches = matcher.screen(make_query("Ma Xiaohonh", type="person"))
    assert matches and "OFAC-20565" in matches[0].subject.refs
    assert matches[0].explanation["name_comparison"] == "one typing slip in one word"


def test_words_that_only_sound_alike_are_not_the_same_name(matcher: Matcher) -> None:
    """Sun and Shoon have one phonetic key: Sun Energy scored 1.00, "same words", against SHOON
    ENERGY PTE. LTD. (OFAC-44660). 1.0 is kept for the same words."""
    matches = matcher.screen(make_query("Sun Energy", type="organization"))
    alike = next(match for match in matches if "OFAC-44660" in match.subject.refs)
    assert alike.score < 1.0
    assert alike.explanation["name_comparison"] == "same words by sound, spelt differently"
    same = matcher.screen(make_query("Shoon Energy", type="organization"))[0]
    assert "OFAC-44660" in same.subject.refs and same.score == 1.0


@pytest.mark.parametrize(
    ("name", "listed"),
    [
        ("Kia Corporation", "GIA"),  # KIA and GIA (the Armed Islamic Group): one key, two acronyms
        ("BYD Company", "AO PPIT"),  # BYD and PPIT read as "bid"
    ],
)
def test_short_words_alike_only_by_sound_are_not_a_match(matcher: Matcher, name: str, listed: str) -> None:
    """Found once the evaluation set's negatives were no longer filtered by the keys under test:
    two real companies on no list scored 0.90 against listed names by one shared phonetic key."""

    def scores(threshold: float) -> list[float]:
        matches = matcher.screen(make_query(name, type="organization"), threshold=threshold)
        return [m.score for m in matches if m.matched_name == listed]

    assert scores(DEFAULT_THRESHOLD) == []
    assert scores(0.6) and max(scores(0.6)) == pytest.approx(0.7)  # shown to who asks for weaker


def test_a_batch_keeps_none_of_its_queries_name_forms(matcher: Matcher) -> None:
    # each form kept is an object every full garbage collection walks again: kept for every
    # query of a 100,000-name batch, they cost it 9% of its CPU time
    def forms_alive() -> int:
        gc.collect()
        return sum(isinstance(thing, NameForm) for thing in gc.get_objects())

    names = [f"Zorba Quentin{'x' * n} Valdemaro" for n in range(60)]
    matcher.screen(make_query(names[0], type="person"))
    before = forms_alive()
    for name in names[1:]:
        matcher.screen(make_query(name, type="person"))
    assert forms_alive() - before < 5


@pytest.mark.parametrize("name", ["A", "AA", "Aa", "AAA", "A.A.", "Mr A"])
def test_initials_and_single_letters_accuse_no_one(matcher: Matcher, name: str) -> None:
    # the UK lists ABD AL-BASET AZZOUZ (QDi.371) with the alias "AA (initials)"; its key is the
    # key of "A" and "AAA" (doubled letters collapse), and all matched him at 1.0
    refs = {ref for match in matcher.screen(make_query(name)) for ref in match.subject.refs}
    assert "QDi.371" not in refs


def test_initials_on_a_list_are_a_weak_alias(matcher: Matcher) -> None:
    index = matcher.index
    initials = [n for n in range(len(index.name_text)) if index.name_text[n] == "AA (initials)"]
    assert initials and all(index.name_weak[n] for n in initials)


@pytest.mark.parametrize(
    "name",
    [
        # not Korean names: the popular spellings are not read
        "Sun Yat Sen",
        "Carl Jung",
        "Kim Jung",
        "John Young",
        # other people's names (trial20b): the same letters split into other syllables (Kim Jon Gun,
        # KIM Jong Un; Rim Yong Su, RI Myong Su) matched at 1.0, and Jun, Sun read as chon, son
        "Kim Jun-geun",
        "Kim Jon Gun",
        "Rim Yong Su",
        "Lim Young-su",
        "Jeon Kyung-su",
        "Son Chan-kyung",
        "Cho Chul-young",
        "Lee Sun-geun",
        "Yong Jun Jin",
        "Sun Min",
        # trial20c: a vowel left out that leaves another surname is another name (Cho is 조,
        # CHOE Un Jong's Choe is 최), and a name cut into words by sound alone is not a mononym
        # (Ma Chul, read Ma Chol, sounds like the alias Major of Bosco Ntaganda, CDi.030)
        "Cho Eun-jung",
        "Cho Ryong Hae",
        "Ma Chul",
        "Ma Chol",
        # Chinese people (trial20c): the key merges what pinyin spells apart (Cao and GAO Yan,
        # OFAC-23279; Pan and FAN Yang; Si and SHI Min; Shu and SU Guiqin; Gong and KONG Kelvin)
        "Cao Yan",
        "曹岩",
        "Gao Jianming",
        "Pan Yang",
        "Si Min",
        "Shu Guiqin",
        "Ru Hezheng",
        "Gong Kelvin",
        # trial20d: another pinyin syllable is another name, not a typing slip (ZHANG, Jian,
        # OFAC-21042; ZHOU, Jianshu; ZHENG, Guanghua), and Yi is not LI (LI Fang Wei, OFAC-11447)
        "Zhang Jin",
        "张金",
        "Zhu Jianshu",
        "Zheng Ganghua",
        "Yi Fangwei",
        "Zang Wei",
        # a name in characters is read as Chinese for Chinese names and as Korean for Korean ones,
        # family name first: 金宇 in pinyin was YU Jin (OFAC-39497) and RYU Jin, 潘涛 in Korean
        # (ban do) the Afghan BANDO Haji, 王秀 in Korean (wang su) LAO Ssu's alias WANG Ssu
        "金宇",
        "潘涛",
        "王秀",
        # 희 (Hui, Hee) is not 휘 (CHOE HWI, KPi.042)
        "Choi Hee",
        "Choe Hui",
        "최희",
        # ㅐ is not ㅔ: 이재선 (Lee Jae-sun) is not RI JE-SON (KPi.002), 김새건 not KIM SE GON
        "이재선",
        "Lee Jae-sun",
        "김새건",
    ],
)
def test_other_peoples_names_are_not_matched(matcher: Matcher, name: str) -> None:
    assert matcher.screen(make_query(name, type="person")) == []


@pytest.mark.parametrize(("name", "ref"), [("Kim Yng Chol", "KPi.024"), ("Kim Jng Un", "OFAC-20157")])
def test_a_vowel_left_out_of_a_given_name_is_still_a_typo(matcher: Matcher, name: str, ref: str) -> None:
    matches = matcher.screen(make_query(name, type="person"))
    assert matches and ref in {r for m in matches for r in m.subject.refs}
    assert all(m.score < 1.0 for m in matches)


@pytest.mark.parametrize(
    ("name", "ref"),
    [
        ("Gao Yan", "OFAC-23279"),
        ("Su Gui Qin", "OFAC-23649"),
        ("Guiqin Su", "OFAC-23649"),
        ("孙嗣东", "OFAC-23170"),
        # names spelt as listed whose keys an alias of the same person shares (WEI, Chao): the
        # index kept only one of them, and the other was compared as spelt against it
        ("WEI, Zhao", "OFAC-23647"),
        ("ZHANG, Wen-Fu", "OFAC-15923"),
        ("HUANG, Wang-gen", "OFAC-26927"),
    ],
)
def test_chinese_names_spelt_as_listed_are_found(matcher: Matcher, name: str, ref: str) -> None:
    matches = matcher.screen(make_query(name, type="person"))
    assert matches and matches[0].score == 1.0 and ref in matches[0].subject.refs


@pytest.mark.parametrize(
    ("name", "ref"),
    [
        ("Семенов Валерий Владимирович", "OFAC-36871"),  # SEMYONOV: ё written е, as Russian does
        ("Valery Semenov", "OFAC-36871"),
        ("Roman Semyonov", "OFAC-44718"),  # SEMENOV, Roman: the list wrote ё as e
    ],
)
def test_a_russian_yo_is_the_same_name_written_e(matcher: Matcher, name: str, ref: str) -> None:
    matches = matcher.screen(make_query(name, type="person"))
    assert matches and matches[0].score == 1.0 and ref in matches[0].subject.refs


def test_north_koreans_posted_in_china_keep_their_korean_spellings(matcher: Matcher) -> None:
    # KANG, Min (OFAC-22989) is listed with North Korea and China: Gang is how RR writes Kang
    matches = matcher.screen(make_query("Gang Min", type="person"))
    assert matches and "OFAC-22989" in {r for m in matches for r in m.subject.refs}


@pytest.mark.parametrize("name", ["kimjungun", "Kim Jungun", "Jungun Kim"])
def test_a_popular_spelling_inside_a_run_together_name_is_read(matcher: Matcher, name: str) -> None:
    matches = matcher.screen(make_query(name, type="person"))
    assert matches and matches[0].score == 1.0 and "OFAC-20157" in matches[0].subject.refs


def test_a_name_in_chinese_characters_is_not_read_as_a_popular_spelling(matcher: Matcher) -> None:
    # 金佣俊 in pinyin is jin yong jun; read as a popular spelling, jun -> chon made it JON, Jin Yong
    refs = {ref for match in matcher.screen(make_query("金佣俊")) for ref in match.subject.refs}
    assert "OFAC-27743" not in refs


@pytest.mark.parametrize(
    ("name", "country"),
    [
        ("Ministry of Defence", "gb"),
        ("Ministry of National Defense", "kr"),
        ("Ministry of State Security", "cn"),
    ],
)
def test_a_state_body_of_another_country_is_not_a_match(matcher: Matcher, name: str, country: str) -> None:
    # every state has a Ministry of Defence: the DPRK's (KPe.054) and Russia's are listed under
    # that very name, and the UK's own matched them at 0.90 with a country that contradicted
    assert matcher.screen(make_query(name, type="organization", country=country)) == []


@pytest.mark.parametrize(
    "name", ["DPRK Ministry of State Security", "Ministry of State Security of North Korea"]
)
def test_the_state_named_in_a_state_bodys_name_tells_which_state(matcher: Matcher, name: str) -> None:
    # OFAC lists the DPRK's Ministry of State Security (OFAC-20129) and the Luhansk "MGB"
    # (OFAC-25437, an address in Ukraine) under the same name; with the state read as a word,
    # both were half a match at 0.81
    matches = matcher.screen(make_query(name, type="organization"))
    assert [m.subject.refs for m in matches] == [["OFAC-20129"]]
    assert matches[0].score == 1.0


@pytest.mark.parametrize(
    ("name", "country", "ref"),
    [
        # trial20d: bodies every state has, named with another state's name, in any position
        ("Ministry of Petroleum", "pk", "OFAC-29788"),  # alias IRANIAN MINISTRY OF PETROLEUM
        (
            "General Staff of the Russian Armed Forces",
            "",
            "OFAC-27849",
        ),  # Iran's, GENERAL STAFF OF IRANIAN ARMED FORCES
        ("Central Bank of Iraq", "", "OFAC-4632"),  # Iran's, alias CENTRAL BANK OF IRAN, one letter apart
        ("Ministry of Atomic Energy Industry of France", "", "KPe.027"),
        ("Russian Reconnaissance General Bureau", "", "KPe.031"),
    ],
)
def test_a_state_body_named_with_another_state_is_not_a_match(
    matcher: Matcher, name: str, country: str, ref: str
) -> None:
    matches = matcher.screen(make_query(name, type="organization", country=country))
    assert ref not in {r for m in matches for r in m.subject.refs}


def test_the_state_a_name_names_is_no_evidence_for_a_partial_match(matcher: Matcher) -> None:
    # read from the name, the country added +0.05 and lifted DPRK Ministry of Foreign Trade over
    # the threshold against FOREIGN TRADE BANK (KPe.047) at 0.81
    matches = matcher.screen(make_query("DPRK Ministry of Foreign Trade", type="organization"))
    assert "KPe.047" not in {r for m in matches for r in m.subject.refs}


def test_a_korean_people_s_army_is_not_read_as_a_state_body_of_either_korea(matcher: Matcher) -> None:
    # Korea and Korean name both states: they say nothing of which one
    matches = matcher.screen(make_query("Korean People's Army", type="organization"))
    assert matches and matches[0].score == 1.0
    assert not any(e["feature"].startswith("country") for e in matches[0].explanation["evidence"])


def test_a_state_body_is_found_with_its_own_country_or_none(matcher: Matcher) -> None:
    for country in ("kp", ""):
        matches = matcher.screen(make_query("Ministry of Defence", type="organization", country=country))
        assert matches and "KPe.054" in matches[0].subject.refs


@pytest.mark.parametrize(
    ("name", "kind", "ref"),
    [
        # South Korean press and passports write the vowel of Jong, Chol, Song as u
        ("Choi Sung Il", "person", "KPi.014"),  # CHOE SONG IL
        ("Kim Kyung Il", "person", "KPi.067"),  # KIM KYONG IL
        ("Cho Yong Chul", "person", "KPi.034"),  # JO YONG CHOL
        ("Jang Bum Su", "person", "KPi.016"),  # JANG BOM SU
        ("Kim Dong Myung", "person", "KPi.023"),  # KIM TONG MY'ONG
        ("Moon Kyung Hwan", "person", "KPi.071"),  # MUN KYONG HWAN
        ("Min Byung Chul", "person", "KPi.047"),  # MIN BYONG CHOL
        # business abbreviations
        ("Ocean Maritime Mgmt Co", "organization", "KPe.020"),
        ("Korea Mining Dev. Trading Corp.", "organization", "KPe.001"),
        ("Korea Mining Development Trdg Corp", "organization", "KPe.001"),
        ("Korea Kwangson Bkg Corp", "organization", "KPe.025"),
        ("Korea Intl Chemical JV Co", "organization", "KPe.039"),
    ],
)
def test_common_ways_of_writing_find_the_listed_name(
    matcher: Matcher, name: str, kind: str, ref: str
) -> None:
    matches = matcher.screen(make_query(name, type=kind))
    assert matches and ref in matches[0].subject.refs and matches[0].score >= DEFAULT_THRESHOLD
