"""Name syllables: the pinyin table as ICU reads Chinese characters, and what counts as one."""

from __future__ import annotations

import icu
import pytest

from sanctionwatch.names.lexicon import pinyin_syllables
from sanctionwatch.names.phonetic import phonetic
from sanctionwatch.names.syllables import other_syllables, reads_as_pinyin


def test_the_pinyin_table_is_what_icu_reads_the_characters_as() -> None:
    """The table is data (reading 20,902 characters takes ICU a second); it must be ICU's."""
    reader = icu.Transliterator.createInstance("Han-Latin; Latin-ASCII")
    text = " ".join(chr(code) for code in range(0x4E00, 0x9FA6))
    read = {word.lower() for word in reader.transliterate(text).split() if word.isascii() and word.isalpha()}
    assert pinyin_syllables() == {word for word in read if set(word) & set("aeiouv")}


@pytest.mark.parametrize("word", ["xiaohong", "zhengen", "ming", "jianguo", "shuangxi"])
def test_given_names_read_as_pinyin(word: str) -> None:
    assert reads_as_pinyin(phonetic(word))


@pytest.mark.parametrize("word", ["xiaohonh", "umarov", "kaskar", "mohammed"])
def test_other_words_do_not(word: str) -> None:
    assert not reads_as_pinyin(phonetic(word))


def test_syllables_of_one_language_differ_as_names() -> None:
    assert other_syllables(phonetic("xiaodong"), phonetic("xiaohong"))
    assert not other_syllables(phonetic("xiaohonh"), phonetic("xiaohong"))
