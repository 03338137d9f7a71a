"""From a name as written, in any script, to lower-case ASCII tokens.

Hangul is romanized syllable by syllable (ICU), Chinese characters become pinyin, Cyrillic
follows the BGN/PCGN system that English-language news uses (Шойгу -> Shoygu).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import icu
from normality import ascii_text

_HANGUL = re.compile(r"[\uac00-\ud7a3]+")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_APOSTROPHES = re.compile(r"['’‘`ʼ´]")
_NON_WORD = re.compile(r"[^a-z0-9]+")
_RUSSIAN = icu.Transliterator.createInstance("Russian-Latin/BGN")
_ANY = icu.Transliterator.createInstance("Any-Latin; Latin-ASCII")


def romanize_hangul_word(word: str) -> list[str]:
    """A Hangul word as romanized syllables: 김정은 -> ['gim', 'jeong', 'eun']."""
    return [_ANY.transliterate(syllable).replace("'", "") for syllable in word]


def _hangul_name(match: re.Match[str]) -> str:
    """A Hangul name as 'surname given': 김정은 -> 'gim jeongeun'.

    Korean names are written without a space; the first syllable is the surname in all but a
    few two-syllable surnames, which are rare on the lists.
    """
    syllables = romanize_hangul_word(match.group(0))
    if len(syllables) in (2, 3, 4):
        return f" {syllables[0]} {''.join(syllables[1:])} "
    return " " + "".join(syllables) + " "


@lru_cache(maxsize=200_000)
def to_ascii(text: str) -> str:
    """Lower-case ASCII, any script, apostrophes and breves dropped (Tong-myo'ng -> tong-myong)."""
    if text.isascii():
        return _APOSTROPHES.sub("", text).lower()  # most names: nothing to transliterate
    text = unicodedata.normalize("NFC", text)
    if _HANGUL.search(text):
        text = _HANGUL.sub(_hangul_name, text)
    if _CYRILLIC.search(text):
        text = _RUSSIAN.transliterate(text)
    text = _APOSTROPHES.sub("", text)
    return (ascii_text(text) or "").lower()


def tokens(text: str) -> list[str]:
    """The words of a name: ASCII, lower case, split on anything that is not a letter or digit."""
    return [token for token in _NON_WORD.split(to_ascii(text)) if token]


def token_key(text: str) -> str:
    """The name's words, sorted: equal for the same words in any order or punctuation."""
    return " ".join(sorted(tokens(text)))
