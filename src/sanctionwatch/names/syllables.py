"""Words built of the syllables Chinese and Korean names are made of.

A Chinese or Korean given name is one or two syllables, often written as one word (Xiaohong,
Jongchol). One letter that turns one syllable into another (Xiaodong, Xiaohong) makes another
name, not a typing slip, whatever the word's length; one that gives no syllable (Xiaohonh) is a
slip.
"""

from __future__ import annotations

from functools import cache, lru_cache

from sanctionwatch.names.korean import reads_as_syllables
from sanctionwatch.names.lexicon import pinyin_syllables
from sanctionwatch.names.phonetic import is_run_of, phonetic

#: Syllables in one written word of a given name: Chinese and Korean given names are two (Xiao
#: Hong, Jong Chol). Three would let most long words read as Korean (Petrenko: pe-treng-ko).
MOST_SYLLABLES = 2


@cache
def pinyin_keys() -> frozenset[str]:
    """The phonetic key of every pinyin syllable."""
    return frozenset(map(phonetic, pinyin_syllables()))


@lru_cache(maxsize=50_000)
def reads_as_pinyin(key: str, most: int = MOST_SYLLABLES) -> bool:
    """The key is one to ``most`` pinyin syllables run together (xiaohong)."""
    return is_run_of(key, pinyin_keys(), most)


def other_syllables(written_key: str, listed_key: str) -> bool:
    """Both keys read as name syllables of one language, so where they differ they are other
    syllables: Xiaodong and Xiaohong are two names, as are Jongchol and Jongchon."""
    if reads_as_pinyin(written_key) and reads_as_pinyin(listed_key):
        return True
    return reads_as_syllables(written_key, MOST_SYLLABLES) and reads_as_syllables(listed_key, MOST_SYLLABLES)
