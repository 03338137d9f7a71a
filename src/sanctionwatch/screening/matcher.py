"""Scoring a query against the index: candidates by key look-up, then name and evidence scores.

A personal name matches when its phonetic keys, in some word order, are the listed name's keys,
spaced in any way, or differ by one typo in one long word; two Korean names that differ by a
syllable (Kim Jong Un, Kim Jong Il; Tong Un, Jong Un) do not match. Organisation and vessel
names may also match on their words, weighted by rarity, so that generic words (Trading, Bank,
Ocean) count for little.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from itertools import accumulate, chain, groupby, repeat
from operator import itemgetter
from typing import Any

from rapidfuzz.distance import OSA, Levenshtein
from rapidfuzz.process import extract

from sanctionwatch.names.forms import ORGANIZATION, PERSON, VESSEL, NameForm, query_forms
from sanctionwatch.names.korean import is_korean_name, korean_syllables, reads_as_syllables
from sanctionwatch.names.lexicon import state_body_words
from sanctionwatch.names.syllables import other_syllables
from sanctionwatch.screening.features import Evidence, imo_matches, weigh
from sanctionwatch.screening.index import KIND_CODES, PRIORITY, ScreeningIndex, Subject, frozen, lookup_keys
from sanctionwatch.screening.languages import family_first, of_language, other_chinese_name, two_surnames
from sanctionwatch.screening.query import Query, named_state, state_in

DEFAULT_THRESHOLD = 0.8
DEFAULT_LIMIT = 10
#: Words found in more names than this are not used to find candidates when rarer ones exist.
MAX_POSTINGS = 100
#: The most that evidence beyond the name can add; names scoring lower are not weighed.
MAX_BOOST = 0.15
#: A weak alias (OFAC's quoted nicknames, the UN's and UK's low-quality a.k.a.s: 'GORDO', 'Abu
#: Ali') names many people. OFAC's own guidance is that a hit on a weak alias alone is not a
#: match: the same name scores below the threshold, and a birth date or country that agrees with
#: the list brings it back over.
WEAK_ALIAS_PENALTY = 0.25
WEAK_ALIAS_TEXT = (
    "The name matched is a weak alias (a nickname or a broad a.k.a.): on its own it is not a match,"
    " only with a birth date or country that agrees."
)
#: Above this many candidates, names are first filtered by one vectorised pass.
PREFILTER_FROM = 12
#: After this many queries the index decodes all its names at once (see ScreeningIndex.materialise).
MATERIALISE_AFTER = 200
#: A personal name is common when each of its words is in at least this many listed names.
COMMON_WORD_NAMES = 25
#: A word matched with a typo counts for this share of the listed word.
FUZZY_WORD = 0.8
#: Look-up keys a matcher remembers per kind before it forgets them all (a service runs for
#: months; a few hundred thousand keys are a few tens of megabytes).
KEY_MEMORY = 300_000
_NOTHING: tuple[int, tuple[int, ...]] = (0, ())
KINDS = {
    PERSON: (PERSON,),
    ORGANIZATION: (ORGANIZATION,),
    VESSEL: (VESSEL,),
    "any": (PERSON, ORGANIZATION, VESSEL),
}


@dataclass
class Match:
    subject: Subject
    score: float
    matched_name: str
    explanation: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {
            "entity_id": self.subject.id,
            "name": self.subject.caption,
            "schema": self.subject.schema,
            "score": round(self.score, 3),
            "refs": self.subject.refs,
            "lists": self.subject.datasets,
            "matched_name": self.matched_name,
            "explanation": self.explanation,
        }


#: An organisation's or vessel's name whose words sound as the listed ones but are spelt
#: otherwise (Sun and Shoon, Defense and Defence): a match to review, not the same name.
SOUND_ALIKE = 0.9
#: ... unless no word is spelt alike and a word that differs is short: a word of three letters or
#: fewer is often an acronym, and two acronyms that sound alike are two names (Kia Corporation
#: and GIA, the Armed Islamic Group; BYD Company and AO PPIT). Below the threshold.
SHORT_SOUND_ALIKE = 0.7
#: Two personal names of the same letters split into other words (Kim Jon Gun, Kim Jong Un; Rim
#: Yong Su, Ri Myong Su): other syllables, another person. Below the threshold.
OTHER_SPLIT = 0.7
SHORT_WORD = 3

#: Shortest word (as a phonetic key) in which one wrong letter is taken for a typo. Korean
#: syllables are shorter and differ by one letter (Jong, Tong, Dong; Un, Il), so never get one.
TYPO_WORD_LENGTH = 8
#: Most edits between two joined names one typing slip apart (a doubled or swapped letter, one
#: wrong letter; keys may differ by more than the letters as written).
TYPO_EDITS = 4
#: Shortest word as written in which two neighbouring letters swapped are taken for a typo (Afiz
#: for Faiz); no romanized Korean syllable turns into another by such a swap.
SWAP_WORD_LENGTH = 4
#: Shortest word as written in which a vowel left out is taken for a typo (Chl for Chol, Umarv for
#: Umarov): a word without one of its vowels is rarely another name, whatever its length.
DROPPED_VOWEL_LENGTH = 3
VOWELS = frozenset("aeiouy")


def _short_and_spelt_apart(written: Sequence[str], listed: Sequence[str]) -> bool:
    """No word of the two names is spelt the same, and some word that differs is short."""
    if set(written) & set(listed):
        return False
    return any(len(word) <= SHORT_WORD for word in (*written, *listed))


def _without_repeats(word: str) -> str:
    return "".join(letter for letter, _ in groupby(word))


def _vowel_dropped(written: str, listed: str) -> bool:
    """``written`` is ``listed`` with one of its vowels left out (Kaskr for Kaskar)."""
    if len(listed) != len(written) + 1 or len(written) < DROPPED_VOWEL_LENGTH:
        return False
    return any(
        letter in VOWELS and listed[:i] + listed[i + 1 :] == written for i, letter in enumerate(listed)
    )


def slip_of_the_pen(written: str, listed: str, written_key: str, listed_key: str) -> bool:
    """The two words are one typing slip apart: one letter wrong in a long word (unless it turns
    one name syllable into another: Xiaodong is not Xiaohong), a letter typed twice or once too
    few (Yyu, Chooe), a vowel left out (Chl, Umarv), or two neighbouring letters swapped in a
    word of four or more letters (Afiz) or into something no Korean syllable is (Sko for Sok; but
    Nu is a syllable, not a slip of Un). A vowel left out that leaves another surname (Cho for
    Choe) is another name too. Short words that differ otherwise are different
    syllables, not typos."""
    if _vowel_dropped(written, listed):
        # unless both are spellings of two Korean surnames: Cho and Choe are 조 and 최
        return not two_surnames(written, listed)
    if (
        max(len(written_key), len(listed_key)) >= TYPO_WORD_LENGTH
        and OSA.distance(written_key, listed_key) == 1
        and not other_syllables(written_key, listed_key)
    ):
        return True
    if written != listed and _without_repeats(written) == _without_repeats(listed):
        return True
    swapped = (
        len(written) == len(listed)
        and sorted(written) == sorted(listed)
        and OSA.distance(written, listed) == 1
    )
    return swapped and (len(written) >= SWAP_WORD_LENGTH or not reads_as_syllables(written_key, 1))


def one_typo_apart(
    query: tuple[str, ...],
    listed: tuple[str, ...],
    query_words: tuple[str, ...] | None = None,
    listed_words: tuple[str, ...] | None = None,
) -> bool:
    """Same words in some rotation but one, which is one typing slip away (``slip_of_the_pen``)."""
    if len(query) != len(listed) or not query:
        return False
    query_words = query_words or query
    listed_words = listed_words or listed
    for shift in range(len(listed)):
        rotated = listed[shift:] + listed[:shift]
        different = [i for i, (a, b) in enumerate(zip(query, rotated, strict=True)) if a != b]
        if len(different) == 1:
            i = different[0]
            written = query_words[i]
            spelled = (listed_words[shift:] + listed_words[:shift])[i]
            if slip_of_the_pen(written, spelled, query[i], rotated[i]):
                return True
    return False


def person_score(
    form: NameForm,
    listed: tuple[str, ...],
    rotations: list[str],
    listed_sorted: tuple[str, ...] | None = None,
    listed_words: tuple[str, ...] | None = None,
    distance: int | None = None,
) -> tuple[float, str]:
    """1.0 for the same name after normalisation: the same words with the family name first or
    last (a rotation: Kim Jong Un, Jong Un Kim), or the same letters spaced differently (Jong-un,
    Jongun, kimjongun); a little less for one typing slip; anything else scores below the
    threshold however close it looks (Kim Yong Chol is not Kim Myong Chol, and Kim Un Jong, the
    given name's syllables the other way round, is another person's name).
    ``distance``, when known, is the least edit distance from the joined keys to a rotation."""
    score, how = _person_score(form, listed, rotations, listed_sorted, listed_words, distance)
    if (
        score > SHORT_SOUND_ALIKE
        and listed_words
        and _short_and_spelt_apart((form.letters,), ("".join(listed_words),))
    ):
        # a name of three letters or fewer has too little sound to compare: A is not AA
        # (doubled letters collapse in a key), and Li alone is not Lee
        return SHORT_SOUND_ALIKE, "short names alike by sound only"
    return score, how


def _person_score(
    form: NameForm,
    listed: tuple[str, ...],
    rotations: list[str],
    listed_sorted: tuple[str, ...] | None,
    listed_words: tuple[str, ...] | None,
    distance: int | None,
) -> tuple[float, str]:
    same_words = form.sorted_keys == (listed_sorted if listed_sorted is not None else tuple(sorted(listed)))
    if same_words and _is_rotation(form.keys, listed):
        return 1.0, "same words after normalisation"
    joined = form.joined
    if distance is None:
        distance = min(map(Levenshtein.distance, repeat(joined), rotations))
    length = max(len(joined), len(rotations[0]))
    by_keys = respaced(form.keys, listed) if distance == 0 else None
    by_letters = respaced(form.words, listed_words) if listed_words else None
    if by_letters:
        return 1.0, "same letters, spaced differently"
    if by_keys and len(listed) == 1 < len(form.keys):
        # a listed word cut into several by sound alone: the listed word is a nickname or a
        # mononym with nothing to show it is a Korean name (Ma Chul, read Ma Chol, sounds like the
        # alias Major); a query run together (steigerjacob) is how people type a spaced name
        return OTHER_SPLIT, "same sound, one listed word split into several"
    if by_keys:
        return 1.0, "same letters, spaced differently"
    if by_keys is False or by_letters is False:
        if korean_syllables(form.keys) and korean_syllables(listed):
            return OTHER_SPLIT, "same letters, split into other syllables"
        return max(0.85, 1 - 1 / length), "one typing slip: a space moved"  # Lauren Tnkunda
    if distance <= TYPO_EDITS and one_typo_apart(form.keys, listed, form.words, listed_words):
        return max(0.85, 1 - 1 / length), "one typing slip in one word"
    return max(0.0, (1 - distance / length) * 0.8), f"different names ({distance} edits apart)"


def _is_rotation(query: tuple[str, ...], listed: tuple[str, ...]) -> bool:
    """The query's words are the listed words in order, starting from any of them."""
    return any(query == listed[i:] + listed[:i] for i in range(len(listed)))


def respaced(query: Sequence[str], listed: Sequence[str]) -> bool | None:
    """Whether the words are the listed words' letters in some rotation, split where the listed
    words are or run together (True: Jongun, kimjongun for Kim Jong Un), or only split
    elsewhere (False: Kim Jon Gun and Kim Jong Un, Rim Yong Su and Ri Myong Su, other syllables);
    None when no rotation has the same letters."""
    joined = "".join(query)
    if len(joined) != sum(map(len, listed)):
        return None
    splits = set(accumulate(map(len, query[:-1])))
    found = None
    for shift in range(len(listed)):
        rotated = [*listed[shift:], *listed[:shift]]
        if "".join(rotated) == joined:
            listed_splits = set(accumulate(map(len, rotated[:-1])))
            if splits <= listed_splits or listed_splits <= splits:
                return True
            found = False
    return found


def authority(subject: Subject) -> tuple[int, int]:
    """Ties go to the subject held by the most authoritative list (UN, then OFAC, UK, Australia),
    then by the most lists: a list's duplicate record, kept apart because a subject holds one
    record per list, never outranks the designation it copies."""
    best = min((PRIORITY.index(d) if d in PRIORITY else len(PRIORITY) for d in subject.datasets), default=9)
    return best, -len(subject.datasets)


class Matcher:
    """Screens queries against one index."""

    def __init__(self, index: ScreeningIndex) -> None:
        self.index = index
        self.queries = 0
        #: Each name's joined length as a list: read one by one, faster than from numpy.
        self._lengths: list[int] = list(index.name_length)
        #: Per kind, per look-up key: see ``candidates``.
        self._found: dict[str, dict[str, tuple[int, tuple[int, ...]]]] = {kind: {} for kind in KIND_CODES}

    def candidates(self, form: NameForm, kind: str) -> Sequence[int]:
        """Names of ``kind`` found by the form's rarest look-up keys (all keys found by fewer than
        MAX_POSTINGS names, or else the rarest one), in id order. Each key's names are looked up
        once per kind and remembered (``_found``, keys that find some name): queries share their
        words far more often than their names. The sequence returned may be shared: callers do
        not change it."""
        memory, known = self._found[kind], self.index.known_keys()
        found = []
        for key in lookup_keys(form):
            entry = memory.get(key)
            if entry is None:
                if key not in known:
                    # not remembered: most keys no name has are a new query's own (its words
                    # joined), which would fill the memory and push out the words that recur
                    continue
                entry = self._names_found(key, kind)
                if len(memory) >= KEY_MEMORY:
                    memory.clear()
                memory[key] = entry
            found.append(entry)
        if not found:
            return []
        rare = [ids for size, ids in found if size <= MAX_POSTINGS]
        if not rare:
            return min(found, key=itemgetter(0))[1]
        if len(rare) == 1:
            return rare[0]
        return sorted(set(rare[0]).union(*rare[1:]))

    def _names_found(self, key: str, kind: str) -> tuple[int, tuple[int, ...]]:
        """How many names of any kind ``key`` finds, and those of ``kind``, in id order: a tuple
        of ints, which the garbage collector stops walking (a list it would walk at every full
        collection, and a matcher remembers up to KEY_MEMORY of them)."""
        index = self.index
        ids = index.posting_array(key)
        if ids is None:
            return _NOTHING
        kinds, code = index.kind_codes, KIND_CODES[kind]
        return len(ids), tuple([name_id for name_id in ids if kinds[name_id] == code])

    def token_score(self, form: NameForm, name_id: int) -> float:
        """Share of the rarity-weighted words the two names have in common; a word one letter
        off (two in long words) counts as the listed word, a little less. A generic word (Bank,
        Trading) adds little when shared, but costs its full weight when one name lacks it:
        Korea Development Bank is not Korea United Development Bank."""
        index = self.index
        weights, default = index.weights, index.default_weight
        name_keys = set(index.name_keys[name_id])
        spelled = dict(zip(index.name_keys[name_id], index.name_words[name_id], strict=True))
        written = dict(zip(form.keys, form.words, strict=True))
        # summed in sorted order: floats added in a set's order (the string hash's, which changes
        # from one process to the next) could put a score on either side of a threshold
        query_keys = sorted(set(form.keys))
        shared = query_weight = listed_weight = 0.0
        unmatched = name_keys.difference(query_keys)
        for key in query_keys:
            if key in name_keys:
                weight = weights.get(key, default)
                shared += weight
                query_weight += weight
                listed_weight += weight
                continue
            pair = None
            if len(key) >= 7:
                # one slip in the letters as written (Ocmmission), or one or two in the key
                limit = 2 if len(key) >= 10 else 1
                pair = next(
                    (
                        o
                        for o in sorted(unmatched)
                        if OSA.distance(key, o, score_cutoff=limit) <= limit
                        or OSA.distance(written[key], spelled[o], score_cutoff=1) <= 1
                    ),
                    None,
                )
            if pair is None:
                query_weight += index.full_weight(key)
            else:
                unmatched.discard(pair)
                weight = weights.get(pair, default)
                shared += FUZZY_WORD * weight
                query_weight += weight
                listed_weight += weight
        if not shared:
            return 0.0
        listed_weight += sum(index.full_weight(key) for key in sorted(unmatched))
        return min(1.0, 2 * shared / (query_weight + listed_weight))

    def name_score(
        self, form: NameForm, kind: str, name_id: int, distance: int | None = None
    ) -> tuple[float, str]:
        """How alike two names are, 0..1, and how it was judged. ``distance``, for a person, is
        the edit distance of the joined keys when already known (``_plausible_people``)."""
        index = self.index
        keys = index.name_keys[name_id]
        if kind == PERSON:
            score, how = person_score(
                form,
                keys,
                index.name_rotations[name_id],
                index.name_sorted[name_id],
                index.name_words[name_id],
                distance,
            )
            countries = index.subjects[index.name_subject[name_id]].countries
            if score > OTHER_SPLIT and other_chinese_name(countries, form.words, index.name_words[name_id]):
                score, how = OTHER_SPLIT, "other pinyin syllables: another Chinese name"
        elif form.sorted_keys == index.name_sorted[name_id]:
            if sorted(form.words) == sorted(index.name_words[name_id]):
                score, how = 1.0, "same words after normalisation"
            elif _short_and_spelt_apart(form.words, index.name_words[name_id]):
                score, how = SHORT_SOUND_ALIKE, "short words alike by sound only"
            else:  # Sun Energy and SHOON ENERGY: alike, not the same name
                score, how = SOUND_ALIKE, "same words by sound, spelt differently"
        elif form.letters == "".join(index.name_words[name_id]):
            score, how = 1.0, "same letters, spaced differently"
        else:
            joined = index.name_rotations[name_id][0]  # unrotated: the words joined in order
            distance = Levenshtein.distance(form.joined, joined, score_cutoff=2)
            length = max(len(form.joined), len(joined))
            score, how = 0.0, ""
            if distance == 0 or (distance == 1 and length >= 10 and self._slip_as_written(form, name_id)):
                score, how = 1 - distance / length, f"same letters spaced differently, {distance} edit(s)"
            words = self.token_score(form, name_id)
            if words > score:
                score, how = words, "rarity-weighted words in common"
        if form.digits != index.name_digits[name_id]:
            score, how = min(score, 0.5), "numbers in the names differ"
        return score, how

    def _read_as(self, form: NameForm, language: str, name_id: int) -> bool:
        """A query in Chinese characters, read in ``language``, may be this listed name
        (``languages``: of that language, the family name first)."""
        index = self.index
        countries = index.subjects[index.name_subject[name_id]].countries
        keys = index.name_keys[name_id]
        return of_language(language, countries, index.name_words[name_id], keys) and family_first(
            form.keys, index.name_text[name_id], keys
        )

    def _slip_as_written(self, form: NameForm, name_id: int) -> bool:
        """The letters as written are one slip apart too. Keys one letter apart can be two words
        apart as written (Busan and Rushaan, Steel and Star, Pride and Bridge): a slip is in the
        letters someone typed, not in their sound."""
        letters = "".join(self.index.name_words[name_id])
        return OSA.distance(form.letters, letters, score_cutoff=1) <= 1

    def screen(
        self, query: Query, threshold: float = DEFAULT_THRESHOLD, limit: int = DEFAULT_LIMIT
    ) -> list[Match]:
        self.queries += 1
        if self.queries == MATERIALISE_AFTER:
            # long-lived as the index is, and as the index is on loading, out of the collector's sight
            frozen(self.index.materialise)
        best: dict[int, Match] = {}
        if query.imo:
            for number in self.index.by_imo.get(query.imo, []):
                best[number] = self._imo_match(query, self.index.subjects[number])
        if query.name:
            for kind in KINDS[query.type]:
                for form, language in query_forms(query.name, kind):  # run together: see name_forms
                    if form.keys:
                        self._screen_form(query, form, kind, language, threshold, best)
        matches = [match for match in best.values() if match.score >= threshold]
        matches.sort(key=lambda m: (-m.score, authority(m.subject), m.subject.id))
        return matches[:limit]

    def _screen_form(
        self, query: Query, form: NameForm, kind: str, language: str, threshold: float, best: dict[int, Match]
    ) -> None:
        stated = named_state(form) if kind == ORGANIZATION and not query.country else None
        if stated is None:
            self._screen_name(query, form, kind, language, threshold, best)
            return
        # the state named is the country given (see named_state): for the body's own name and
        # for the name as written (a listed name may hold the state's)
        code, body = stated
        given = replace(query, country=code, country_named=True)
        self._screen_name(given, form, kind, language, threshold, best)
        self._screen_name(given, body, kind, language, threshold, best)

    def _screen_name(
        self, query: Query, form: NameForm, kind: str, language: str, threshold: float, best: dict[int, Match]
    ) -> None:
        index = self.index
        floor = threshold - MAX_BOOST
        candidates = self.candidates(form, kind)
        scored: Sequence[tuple[int, int | None]]
        if len(candidates) <= PREFILTER_FROM:
            scored = [(name_id, None) for name_id in candidates]
            if kind == PERSON:  # names whose length alone keeps them below the floor go first
                lengths, size = self._lengths, len(form.joined)
                scored = [
                    pair
                    for pair in scored
                    if self._reachable(form, pair[0], abs(lengths[pair[0]] - size), floor)
                ]
        elif kind == PERSON:
            scored = self._plausible_people(form, candidates, floor)
        else:
            scored = [(name_id, None) for name_id in self._plausible_things(form, candidates, floor)]
        for name_id, distance in scored:
            number = index.name_subject[name_id]
            current = best.get(number)
            if current is not None and current.score >= 1.0:
                continue
            if language and not self._read_as(form, language, name_id):
                continue
            similarity, how = self.name_score(form, kind, name_id, distance)
            if similarity < floor:
                continue
            match = self._weigh(query, form, name_id, similarity, how)
            if current is None or match.score > current.score:
                best[number] = match

    def common_name(self, name_id: int) -> bool:
        """A personal name every word of which is in many listed names (Kim Byong Chol): many
        people bear it, so the name alone says little about who is meant."""
        if self.index.name_kind[name_id] != PERSON:
            return False
        keys = self.index.name_keys[name_id]
        counts = self.index.counts
        return is_korean_name(keys) or all(counts.get(key, 0) >= COMMON_WORD_NAMES for key in keys)

    def state_body(self, name_id: int) -> bool:
        """An organisation's name made only of words that name a part of a state (Ministry of
        Defence, Ministry of State Security), but for the state's own name (CENTRAL BANK OF IRAN,
        GENERAL STAFF OF IRANIAN ARMED FORCES): every state has one so named."""
        index = self.index
        if index.name_kind[name_id] != ORGANIZATION:
            return False
        words = index.name_words[name_id]
        return all(w in state_body_words() for w in words) or state_in(words) is not None

    def _plausible_people(
        self, form: NameForm, candidates: Sequence[int], floor: float
    ) -> list[tuple[int, int | None]]:
        """Personal names that can reach ``floor``, each with its edit distance to the query (see
        ``person_score``): names too long or short for it go first, then one edit-distance pass
        (rapidfuzz, in C) over every word order decides; the same words in another order are kept
        whatever the distance (given as None: ``person_score`` computes it)."""
        index = self.index
        joined = form.joined
        # a name d edits away scores at most (1 - d / L) * 0.8, L the longer of the two, or more
        # only within four edits (typing slips: Chooe, Yyu). With c = 1 - floor / 0.8 it reaches
        # the floor when d <= c * L; a listed name longer than the query by D has L = q + D and
        # d >= D, so D <= c * q / (1 - c), and so is d: the query's length q alone bounds both
        # (a query that leaves out a word of a longer listed name is still scored)
        share = max(0.0, 1 - floor / 0.8)
        reach = max(TYPO_EDITS, int(max(len(joined), 1) * share / (1 - share)) + 1) if share < 1 else 1 << 30
        # no name is nearer than its difference in length (a plain loop: for the tens of names
        # a query finds, numpy's per-call cost is more than the work)
        lengths, size = self._lengths, len(joined)
        shortest, longest = size - reach, size + reach
        names = [name_id for name_id in candidates if shortest <= lengths[name_id] <= longest]
        if not names:
            return []
        # every word order of every name in one list, ``ends[n]`` the end of the n-th name's:
        # made in C (map, chain, accumulate), where a loop per name cost more than the distances
        orders = list(map(index.name_rotations.__getitem__, names))
        ends = list(accumulate(map(len, orders)))
        # only the word orders within ``reach`` come back, with their exact distance
        nearest: dict[int, int] = {}
        for _, distance, at in extract(
            joined,
            list(chain.from_iterable(orders)),
            scorer=Levenshtein.distance,
            score_cutoff=reach,
            limit=None,
        ):
            position = bisect_right(ends, at)
            if distance < nearest.get(position, reach + 1):
                nearest[position] = distance
        sorted_keys, listed_sorted = form.sorted_keys, index.name_sorted
        found: list[tuple[int, int | None]] = [
            (names[position], distance)
            for position, distance in sorted(nearest.items())
            if self._reachable(form, names[position], distance, floor)
            or listed_sorted[names[position]] == sorted_keys
        ]
        # the same words in another order are as long as the query, whatever their distance
        same: list[tuple[int, int | None]] = [
            (name_id, None)
            for position, name_id in enumerate(names)
            if lengths[name_id] == size and position not in nearest and listed_sorted[name_id] == sorted_keys
        ]
        return sorted(found + same) if same else found

    def _reachable(self, form: NameForm, name_id: int, distance: int, floor: float) -> bool:
        """Whether a personal name ``distance`` edits (or more) from the query can score ``floor``
        in ``person_score``: the same keys or letters as written, one typing slip in as many
        words, or close enough for its length. Sparing ``person_score`` is all this is for. The
        same words in another order can be far apart: callers keep those themselves."""
        index = self.index
        length = self._lengths[name_id]
        return bool(
            distance == 0
            or index.name_letters[name_id] == len(form.letters)
            or (distance <= TYPO_EDITS and index.name_word_count[name_id] == len(form.keys))
            or (1 - distance / max(length, len(form.joined), 1)) * 0.8 >= floor - 1e-9
        )

    def _plausible_things(self, form: NameForm, candidates: Sequence[int], floor: float) -> list[int]:
        """Organisation and vessel names that can reach ``floor``: spelled almost alike, or heavy
        enough in shared words. With every query word matched at its weight (S in all), the word
        score is at most 2S / (S + W) for a listed name of weight W."""
        index = self.index
        weights, default = index.weights, index.default_weight
        # a listed word counts at its own weight; a word no list has can only match with a typo
        most = sum(weights[key] if key in weights else FUZZY_WORD * default for key in sorted(set(form.keys)))
        joined = [index.name_rotations[name_id][0] for name_id in candidates]
        close = {
            at
            for _, _, at in extract(
                form.joined, joined, scorer=Levenshtein.distance, score_cutoff=1, limit=None
            )
        }
        listed = index.name_weight
        return [
            name_id
            for at, name_id in enumerate(candidates)
            if at in close or 2 * most / (most + listed[name_id]) >= floor
        ]

    def _weigh(self, query: Query, form: NameForm, name_id: int, similarity: float, how: str) -> Match:
        index = self.index
        subject = index.subjects[index.name_subject[name_id]]
        if imo_matches(query, subject):
            return self._imo_match(query, subject)
        name, weak = index.name_text[name_id], index.name_weak[name_id]
        common = bool(query.dob) and not subject.birth_dates and self.common_name(name_id)
        evidence = weigh(query, subject, common, bool(query.country) and self.state_body(name_id))
        if weak:
            evidence.append(Evidence("weak_alias", -WEAK_ALIAS_PENALTY, WEAK_ALIAS_TEXT))
        score = max(0.0, min(1.0, similarity + sum(item.effect for item in evidence)))
        explanation = {
            "matched_name": name,
            "name_score": round(similarity, 3),
            "name_comparison": how,
            "normalised": {"query": " ".join(form.keys), "matched": " ".join(index.name_keys[name_id])},
            "dropped_words": list(form.dropped),
            "evidence": [item.as_dict() for item in evidence],
        }
        return Match(subject, score, name, explanation)

    @staticmethod
    def _imo_match(query: Query, subject: Subject) -> Match:
        evidence = Evidence("imo_matches", 1.0, (imo_matches.__doc__ or "").strip())
        explanation = {
            "matched_name": f"IMO {query.imo}",
            "name_score": None,
            "evidence": [evidence.as_dict()],
        }
        return Match(subject, 1.0, f"IMO {query.imo}", explanation)
