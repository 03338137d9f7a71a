"""Normalisation and phonetic keys: the romanization systems meet in one key."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sanctionwatch.names.forms import name_form
from sanctionwatch.names.normalize import to_ascii, tokens
from sanctionwatch.names.phonetic import phonetic

# McCune-Reischauer (with and without marks), Revised Romanization and popular spellings of
# the same Korean syllables.
SAME_SYLLABLE = [
    ("tong", "dong"),
    ("myo'ng", "myeong"),
    ("ch'o'l", "cheol"),
    ("chol", "cheol"),
    ("p'yo'ng", "pyeong"),
    ("so'k", "seok"),
    ("hui", "hee"),
    ("u'n", "eun"),
    ("kwang", "gwang"),
]


@pytest.mark.parametrize(("left", "right"), SAME_SYLLABLE)
def test_romanizations_share_a_key(left: str, right: str) -> None:
    assert phonetic(tokens(left)[0]) == phonetic(tokens(right)[0])


@pytest.mark.parametrize(
    ("left", "right"),
    [("jong", "tong"), ("un", "il"), ("min", "jin"), ("chol", "chun"), ("kwangson", "kwangsong")],
)
def test_different_syllables_keep_different_keys(left: str, right: str) -> None:
    assert phonetic(left) != phonetic(right)


@pytest.mark.parametrize(
    ("left", "right", "kind"),
    [
        ("Kim Jong Un", "김정은", "person"),
        ("Kim Jong-un", "Gim Jeong-eun", "person"),
        ("Ri Pyong Chol", "Lee Byeong-cheol", "person"),
        ("Shoigu", "Шойгу", "person"),
        ("Jin Tiesan", "金铁三", "person"),
        ("YU SON", "YUSON", "vessel"),
    ],
)
def test_same_name_same_joined_key(left: str, right: str, kind: str) -> None:
    assert name_form(left, kind).joined == name_form(right, kind).joined


def test_titles_corporate_forms_and_vessel_prefixes_are_dropped() -> None:
    assert name_form("Marshal Kim Jong Un", "person").dropped == ("marshal",)
    assert name_form("Tanchon Commercial Bank Co., Ltd.", "organization").dropped == ("co", "ltd")
    assert name_form("M/V SAM JONG No. 2", "vessel").words == ("sam", "jong", "2")


@given(st.text(max_size=40))
def test_any_text_normalises_to_ascii_words(text: str) -> None:
    words = tokens(text)
    assert all(word.isascii() and word.isalnum() and word == word.lower() for word in words)
    reading = to_ascii(text)
    assert reading.isascii() and reading == reading.lower()
    assert to_ascii(reading) == reading  # an ASCII reading reads as itself


@pytest.mark.parametrize(
    ("text", "ascii"),
    [
        ("Tong-myo'ng", "tong-myong"),
        ("Ch'oe Ryŏng-hae", "choe ryong-hae"),
        ("KIM Jong Un", "kim jong un"),
    ],
)
def test_to_ascii_drops_marks_and_case(text: str, ascii: str) -> None:
    assert to_ascii(text) == ascii


@given(
    st.lists(
        st.sampled_from(["kim", "jong", "un", "ri", "pyong", "chol", "sam", "su"]), min_size=2, max_size=4
    )
)
def test_word_order_never_changes_the_sorted_keys(words: list[str]) -> None:
    forward = name_form(" ".join(words), "person")
    backward = name_form(" ".join(reversed(words)), "person")
    assert sorted(forward.keys) == sorted(backward.keys)
