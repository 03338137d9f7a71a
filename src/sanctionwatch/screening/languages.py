"""Which language a name is read in, and what that says about comparing it.

The phonetic key (``names.phonetic``) is made for romanized Korean, in which one syllable is
spelt several ways. Chinese names in pinyin and names written in Chinese characters need more:
pinyin spells each syllable one way, so its spelling decides (Cao is not Gao); characters are
read as pinyin for a Chinese name and by their Korean readings for a Korean one, family name
first. The lists tell a subject's language only through its countries, so these rules read them.
"""

from __future__ import annotations

from collections.abc import Sequence

from sanctionwatch.names.forms import KOREAN_READING, family_words
from sanctionwatch.names.korean import is_korean_name
from sanctionwatch.names.lexicon import korean_surname_spellings
from sanctionwatch.names.normalize import to_ascii
from sanctionwatch.names.phonetic import phonetic
from sanctionwatch.names.syllables import other_pinyin, written_in_pinyin

#: Where names are written in pinyin (or a Chinese romanization spelt as consistently).
CHINESE = frozenset({"cn", "hk", "mo", "tw"})
KOREAN = frozenset({"kp", "kr"})


def chinese_only(countries: Sequence[str]) -> bool:
    """Placed in China, Hong Kong, Macao or Taiwan and not in Korea too: North Koreans posted in
    China are listed with both, and keep Korean names."""
    return not CHINESE.isdisjoint(countries) and KOREAN.isdisjoint(countries)


def other_chinese_name(countries: Sequence[str], written: Sequence[str], listed: Sequence[str]) -> bool:
    """A Chinese subject's name alike only by the sound the key gives it, not in pinyin
    (``syllables.other_pinyin``: Cao Yan is not GAO Yan)."""
    return chinese_only(countries) and other_pinyin(written, listed)


def of_language(language: str, countries: Sequence[str], words: Sequence[str], keys: tuple[str, ...]) -> bool:
    """The listed name (``words``, ``keys``) may be one of this reading's language
    (``forms.query_forms``). A Korean reading meets a Korean subject, one the lists place
    nowhere, or a name built as Korean names are (North Koreans listed at an address in China);
    a Chinese reading meets any subject but a Korean placed only in Korea, or a name of it
    written in pinyin (Jin Tiesan, an alias of KIM Chol Sam)."""
    korean = not KOREAN.isdisjoint(countries)
    if language == KOREAN_READING:
        return korean or not countries or is_korean_name(keys)
    if not korean or not CHINESE.isdisjoint(countries):
        return True
    return all(map(written_in_pinyin, words))


def family_first(keys: tuple[str, ...], listed_text: str, listed_keys: tuple[str, ...]) -> bool:
    """A name in Chinese characters starts with its family name: a listed name that marks its
    own (``YU, Jin``) starts with the same one (金宇, Jin Yu or Kim U, is not YU Jin)."""
    family = family_words(to_ascii(listed_text))
    return family is None or keys[:family] == listed_keys[:family]


def two_surnames(written: str, listed: str) -> bool:
    """Both words are spellings of Korean surnames, and of two different ones (Cho, Choe)."""
    spellings = korean_surname_spellings()
    return written in spellings and listed in spellings and phonetic(written, True) != phonetic(listed, True)
