"""Words built of the syllables Chinese and Korean names are made of.

A Chinese or Korean given name is one or two syllables, often written as one word (Xiaohong,
Jongchol). One letter that turns one syllable into another (Xiaodong, Xiaohong) makes another
name, not a typing slip, whatever the word's length; one that gives no syllable (Xiaohonh) is a
slip.
"""

from __future__ import annotations

from collections.abc import Sequence
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


@cache
def _pinyin_spellings() -> frozenset[str]:
    return frozenset(pinyin_syllables())


@lru_cache(maxsize=50_000)
def written_in_pinyin(word: str) -> bool:
    """The word as written is one or two pinyin syllables (cao, jianming): spelling, not sound."""
    return is_run_of(word, _pinyin_spellings(), MOST_SYLLABLES)


def _pinyin_split(word: str) -> list[str]:
    """The word as written cut into pinyin syllables, longest first (guiqin -> gui qin); the word
    itself when it is not pinyin."""
    return list(_pinyin_syllables(word) or (word,))


@lru_cache(maxsize=50_000)
def _pinyin_syllables(word: str) -> tuple[str, ...] | None:
    """``word`` as pinyin syllables, the longest head first at each cut, or None. Worked back
    from the end, each rest cut once: tried afresh at every head, a run-together word of 40
    letters took seconds (and recursion, one level a syllable, failed on a long word)."""
    spellings, size = _pinyin_spellings(), len(word)
    step: list[int | None] = [None] * size + [0]  # the syllable's length starting at each cut
    for start in range(size - 1, -1, -1):
        step[start] = next(
            (
                length
                for length in range(min(size - start, 6), 0, -1)
                if step[start + length] is not None and word[start : start + length] in spellings
            ),
            None,
        )
    if step[0] is None:
        return None
    syllables, start = [], 0
    while start < size:
        length = step[start]
        assert length is not None  # a cut reached from 0 has a way on
        syllables.append(word[start : start + length])
        start += length
    return tuple(syllables)


def other_pinyin(written: Sequence[str], listed: Sequence[str]) -> bool:
    """Lined up syllable for syllable (in some rotation: sounding alike, or but one apart), the
    names differ where both are pinyin syllables as written: Cao Yan and GAO Yan, Pan and Fan,
    Shi and Si, Zang and ZHANG, Yi and LI (one in the Korean surname table), Zhu and ZHOU,
    Ganghua and GUANGHUA.

    The phonetic key and the typo rules are made for romanized Korean, in which Kang and Gang,
    Pak and Bak are one syllable spelt two ways; pinyin spells each syllable one way, so for a
    Chinese name another spelling is another syllable, another name, not a slip."""
    ours = [part for word in written for part in _pinyin_split(word)]
    theirs = [part for word in listed for part in _pinyin_split(word)]
    if len(ours) != len(theirs):
        return False
    lined_up = False
    for shift in range(len(theirs)):
        differ = [(a, b) for a, b in zip(ours, [*theirs[shift:], *theirs[:shift]], strict=True) if a != b]
        if len(differ) > 1 and not all(_alike(a, b) for a, b in differ):
            continue
        lined_up = True
        if not any(written_in_pinyin(a) and written_in_pinyin(b) for a, b in differ):
            return False
    return lined_up


def _alike(a: str, b: str) -> bool:
    return phonetic(a) == phonetic(b) or phonetic(a, True) == phonetic(b, True)
