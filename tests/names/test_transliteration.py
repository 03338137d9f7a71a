"""Names in the scripts they are written in: Hangul, Chinese characters, Russian Cyrillic, and
names run together; the readings meet the listed romanization in one key."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sanctionwatch.names.forms import expand_abbreviations, match_keys, name_forms
from sanctionwatch.names.korean import cyrillic_word, hanja_to_hangul, is_korean_name
from sanctionwatch.names.normalize import readings, split_words
from sanctionwatch.names.syllables import other_pinyin


def keys(name: str, kind: str = "person", run_together: bool = False) -> set[str]:
    return {" ".join(form.sorted_keys) for form in name_forms(name, kind, run_together)}


@pytest.mark.parametrize(
    ("cyrillic", "listed"),
    [
        ("Ким Чен Ын", "Kim Jong Un"),  # the popular spelling of 정 (Чен, not Kontsevich's Чон)
        ("Ким Чон Ын", "Kim Jong Un"),  # Kontsevich
        ("Чхве Рён Хэ", "Choe Ryong Hae"),
        ("Ким Ён Чхоль", "Kim Yong Chol"),
        ("Пак То Чхун", "Pak To Chun"),
        ("Ким Ир Сен", "Kim Il Song"),  # Kim Il-sŏng
        ("Ли Пён Чхоль", "Ri Pyong Chol"),
        ("Ким Ё Чжон", "Kim Yo Jong"),
        # ё written е, as Russian text mostly does: Рен is read 렌 first, and the reading that
        # meets Ryong was cut when every word kept only its first few readings
        ("Чхве Рен Хэ", "Choe Ryong Hae"),
        ("Ким Ен Чхоль", "Kim Yong Chol"),
        # the popular Russian spellings of the surname 최 (Viktor Tsoi's Цой)
        ("Цой Рён Хэ", "Choe Ryong Hae"),
        ("Чой Рён Хэ", "Choe Ryong Hae"),
        ("Чве Рён Хэ", "Choe Ryong Hae"),
    ],
)
def test_cyrillic_korean_reads_back_to_the_romanization(cyrillic: str, listed: str) -> None:
    assert keys(listed) & keys(cyrillic)


def test_russian_names_keep_their_russian_reading() -> None:
    assert cyrillic_word("Сергей") == ()  # not Korean syllables: only the BGN/PCGN reading
    assert readings("Сергей Шойгу") == ("sergey shoygu",)


@pytest.mark.parametrize(
    ("characters", "hangul", "listed"),
    [
        ("金正恩", "김정은", "Kim Jong Un"),  # 金 read as the surname 김, not 금
        ("崔龍海", "최룡해", "Choe Ryong Hae"),
        ("崔龙海", "최룡해", "Choe Ryong Hae"),  # simplified 龙
        ("李炳哲", "리병철", "Ri Pyong Chol"),  # the DPRK reading: no initial-sound rule
    ],
)
def test_chinese_characters_are_read_in_korean(characters: str, hangul: str, listed: str) -> None:
    assert hanja_to_hangul(characters) == hangul
    assert match_keys(listed, "person") & match_keys(characters, "person")


def test_chinese_characters_are_also_read_as_pinyin() -> None:
    assert "jin tie san" in readings("金铁三")
    assert match_keys("Jin Tiesan", "person") & match_keys("金铁三", "person")


@pytest.mark.parametrize(
    ("joined", "listed"),
    [
        ("kimjongun", "Kim Jong Un"),
        ("kimtongmyong", "Kim Tong Myong"),
        ("leebyongchol", "Ri Pyong Chol"),
        ("jongunkim", "Kim Jong Un"),
    ],
)
def test_run_together_names_split_off_their_surname(joined: str, listed: str) -> None:
    listed_letters = {key for key in match_keys(listed, "person") if key.startswith("letters:")}
    forms = name_forms(joined, "person", run_together=True)
    assert any("letters:" + form.joined in listed_letters for form in forms)


def test_doubled_letters_at_word_seams_are_kept() -> None:
    # joining Kim Myong Chol used to collapse "mm", making it the letters of Kim Yong Chol
    assert not match_keys("KIM, Myong Chol", "person") & match_keys("Kim Yong Chol", "person")


@pytest.mark.parametrize(
    ("short", "long"),
    [
        ("Munitions Industry Dept.", "Munitions Industry Department"),
        ("KPA", "Korean People's Army"),
        ("DPRK Foreign Trade Bank", "North Korea Foreign Trade Bank"),
        ("Bank of the DPRK", "Bank of the Democratic People's Republic of Korea"),
        ("D.P.R.K. Shipping Corp.", "DPRK Shipping Corporation"),
    ],
)
def test_abbreviations_are_their_expansions(short: str, long: str) -> None:
    assert match_keys(short, "organization") & match_keys(long, "organization")


def test_korea_alone_is_not_the_dprk() -> None:
    assert expand_abbreviations(["korea", "development", "bank"]) == ["korea", "development", "bank"]


@pytest.mark.parametrize(
    ("name", "korean"),
    [
        ("Kim Byong Chol", True),
        ("Byung-chul Kim", True),
        ("Park Ji-sung", True),
        ("Mohammad Naim", False),
        ("John Smith", False),
    ],
)
def test_korean_built_names_are_recognised(name: str, korean: bool) -> None:
    assert is_korean_name(name_forms(name, "person")[0].keys) is korean


@given(st.text(max_size=30))
def test_every_reading_is_lower_case_ascii(text: str) -> None:
    for reading in readings(text):
        assert reading.isascii() and reading == reading.lower()
        assert all(word.isalnum() for word in split_words(reading))


def test_a_long_run_of_pinyin_syllables_is_cut_without_recursing_per_syllable() -> None:
    # a name may be 1,000 letters: cut by recursion, one level a syllable, it raised
    # RecursionError, and a run that fails at its end was tried afresh at every head
    assert other_pinyin(["a" * 1000], ["a" * 1000]) is False
    assert other_pinyin(["an" * 300 + "x"], ["an" * 300 + "x"]) is False
