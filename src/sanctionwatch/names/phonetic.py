"""A phonetic key for romanized names that erases the differences between romanization systems.

Korean is written in Latin letters in several ways at once: McCune-Reischauer (Tong-myŏng,
Ch'ŏl), its apostrophe-less form (Tong-myong, Chol), Revised Romanization (Dong-myeong, Cheol),
and the DPRK's own and popular spellings (Ri, Rhee, Lee, Yi). The key keeps what those systems
agree on: consonants lose aspiration and voicing (k/g, t/d, p/b, ch/j), ŏ/eo and o merge, as do
ŭ/eu and u; doubled letters collapse. Every system writes ㅐ ae and ㅔ e, and 휘 hwi, 희 hui: those
stay apart (Jae is not Je, Hwi not Hui). Common surnames go through a table. Russian
spellings (Shoigu/Shoygu, Kh/H) pass through the same rules.
"""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import groupby

from sanctionwatch.names.lexicon import korean_surnames

_RULE_TEXT = (
    (r"^rh", "r"),
    (r"tch|jj|ch|zh|dzh|dz|j", "J"),
    (r"x", "ks"),
    (r"c(?=[eiy])", "s"),  # Defence, Defense
    (r"kh", "h"),
    (r"sh|ss", "s"),
    (r"kk|k|gg|g|q|ck|c(?=[aou])", "G"),
    (r"tt|t|d", "D"),
    (r"pp|p|b", "B"),
    (r"ph|f", "B"),
    (r"eo|ŏ", "o"),
    (r"eu|ŭ", "u"),
    (r"(?<=h)ui", "i"),  # 희: Hui, Hee, Hi; not 휘, Hwi, another syllable
    (r"iy(?![aeiou])|y(?![aeiou])", "i"),
    (r"ee", "i"),
    (r"oo", "u"),
    (r"l", "r"),
)
#: Each rule as a compiled pattern, or as plain text where it is plain text (str.replace is
#: several times faster); doubled letters are collapsed last.
_RULES: tuple[tuple[re.Pattern[str] | str, str], ...] = tuple(
    (pattern if re.escape(pattern) == pattern else re.compile(pattern), replacement)
    for pattern, replacement in _RULE_TEXT
)


def join_keys(keys: tuple[str, ...] | list[str]) -> str:
    """Keys written together, as if one word. Doubled letters at the seams are kept: collapsing
    them would make Kim Myong Chol and Kim Yong Chol the same letters."""
    return "".join(keys)


def is_run_of(key: str, known: frozenset[str], most: int) -> bool:
    """``key`` is one to ``most`` of the ``known`` keys run together, each of at most six letters
    (the longest key of a romanized syllable): how a word is read as Korean or Chinese syllables
    written as one (jongun, xiaohong)."""
    if not key or most == 0:
        return False
    return any(
        key[:end] in known and (end == len(key) or is_run_of(key[end:], known, most - 1))
        for end in range(min(len(key), 6), 0, -1)
    )


@lru_cache(maxsize=500_000)
def phonetic(token: str, surname_position: bool = False) -> str:
    """The phonetic key of one lower-case ASCII word; digits are kept as they are.

    With ``surname_position`` (every word of a personal name), the common Korean surnames go
    through their table first (Lee, Rhee, Yi -> ri). Cached as a whole (a pure function of its
    arguments): every query word passes here, and the table and rule look-ups cost more than
    one cache hit.
    """
    if surname_position:
        surname = korean_surnames().get(token)
        if surname is not None:
            return surname
    return _sound(token)


@lru_cache(maxsize=500_000)
def _sound(token: str) -> str:
    """The key by the rules alone: cached once per word, whichever position asked for it."""
    if not token or token.isdigit():
        return token
    key = token
    for pattern, replacement in _RULES:
        key = key.replace(pattern, replacement) if isinstance(pattern, str) else pattern.sub(replacement, key)
    return "".join(letter for letter, _ in groupby(key.lower()))
