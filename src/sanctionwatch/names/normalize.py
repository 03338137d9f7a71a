"""From a name as written, in any script, to lower-case ASCII words: its readings.

A name in Latin letters has one reading. A name in another script may have several, and every
one is kept, so that the matcher can try each:

- Hangul is romanized syllable by syllable (ICU), the first syllable as the surname;
- Chinese characters are read as pinyin (ICU: 金铁三 -> jin tie san) and, as a Korean name, by
  their Sino-Korean readings (金正恩 -> 김정은 -> gim jeongeun);
- Cyrillic follows the BGN/PCGN system that English-language news uses (Шойгу -> Shoygu) and,
  when every word reads as Korean syllables, the Kontsevich system in reverse (Ким Чен Ын ->
  gim jeong eun, among a few readings of the ambiguous letters).
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache

import icu

from sanctionwatch.names.korean import cyrillic_name, hanja_to_hangul, romanize_hangul_word

_HANGUL = re.compile(r"[\uac00-\ud7a3]+")
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_CYRILLIC_WORD = re.compile(r"[\u0400-\u04ff]+")
_APOSTROPHES = re.compile(r"['’‘`ʼ´]")
_NON_WORD = re.compile(r"[^a-z0-9]+")


@cache
def _russian() -> icu.Transliterator:
    return icu.Transliterator.createInstance("Russian-Latin/BGN")


def _hangul_name(match: re.Match[str]) -> str:
    """A Hangul name as its romanized syllables, one word each: 김정은 -> 'gim jeong eun'.

    Korean names are written without spaces, and lists write the syllables of given names apart
    (Kim Jong Un) or hyphenated (Kim Jong-un); one word per syllable meets both, and joining
    them would merge letters at the seams (영길 is yeong-gil, not yeongil)."""
    return " " + " ".join(romanize_hangul_word(match.group(0))) + " "


def _latin(text: str) -> str:
    """One reading: Hangul by syllables, Cyrillic by BGN/PCGN, anything else by ICU's Any-Latin."""
    if _HANGUL.search(text):
        text = _HANGUL.sub(_hangul_name, text)
    if _CYRILLIC.search(text):
        text = _russian().transliterate(text)
    text = _APOSTROPHES.sub("", text)
    return " ".join(_ascii_word(word) for word in text.split(" ")).lower()


@lru_cache(maxsize=100_000)
def _ascii_word(word: str) -> str:
    """One space-free run of ``word`` in ASCII. Latin letters with accents (José, Nguyễn) only lose
    their marks, which is what ICU's transliterator gives them at a hundredth of its cost; anything
    else goes through normality's ``ascii_text`` (ICU). Cached by word: given names and surnames
    repeat across a batch far more than whole names do."""
    plain = "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c))
    if plain.isascii():
        return plain
    from normality import ascii_text  # a third of a second to import; most names are ASCII

    return ascii_text(word) or ""


@lru_cache(maxsize=200_000)
def readings(text: str, korean_cyrillic: bool = True) -> tuple[str, ...]:
    """Every lower-case ASCII reading of ``text``, the plainest first (see the module docstring).
    Without ``korean_cyrillic`` (names of organisations and vessels), Cyrillic is read as Russian
    only."""
    if text.isascii():
        return (_APOSTROPHES.sub("", text).lower(),)  # most names: nothing to transliterate
    text = unicodedata.normalize("NFC", text)
    found = [_latin(text)]
    if _HAN.search(text):
        found.append(_latin(_HAN.sub(lambda m: hanja_to_hangul(m.group(0)), text)))
    words = _CYRILLIC_WORD.findall(text) if korean_cyrillic else []
    parts = _CYRILLIC_WORD.split(text)  # the text around the Cyrillic words
    for reading in cyrillic_name(words):
        spaced = [f" {word} " for word in reading] + [""]
        woven = [part for pair in zip(parts, spaced, strict=True) for part in pair]
        found.append(" ".join(_latin("".join(woven)).split()))
    return tuple(dict.fromkeys(found))


def has_chinese_characters(text: str) -> bool:
    """The text holds Chinese characters (Hanzi or Hanja), which are read two ways."""
    return not text.isascii() and _HAN.search(text) is not None


def to_ascii(text: str) -> str:
    """Lower-case ASCII, any script, apostrophes and breves dropped (Tong-myo'ng -> tong-myong)."""
    return readings(text)[0]


def split_words(text: str) -> list[str]:
    """The words of an ASCII reading, split on anything that is not a letter or digit."""
    return [token for token in _NON_WORD.split(text) if token]


def tokens(text: str) -> list[str]:
    """The words of a name's first reading: ASCII, lower case, split on anything else."""
    return split_words(to_ascii(text))


def token_key(text: str) -> str:
    """The name's words, sorted: equal for the same words in any order or punctuation."""
    return " ".join(sorted(tokens(text)))
