"""Search by words, as yente's ``/search`` reads ``q``.

yente hands ``q`` to Elasticsearch's ``query_string`` over the names, every word required and
no fuzziness unless asked: ``kim`` finds every entity with a name holding the word Kim. The
screener answers a different question (is this one person on a list?), so ``/search`` built on
it alone found one entity for ``kim``. Here a name is found when every word of the query is
among its words, after the same normalisation the screener applies (transliteration, accents,
titles and corporate forms dropped); an entity is found by any of its names. Best first: a name
that is exactly the query, then names with fewer words besides it.
"""

from __future__ import annotations

from collections import defaultdict

from sanctionwatch.names.forms import ORGANIZATION, PERSON, VESSEL, name_forms
from sanctionwatch.names.normalize import split_words, to_ascii
from sanctionwatch.screening.index import ScreeningIndex


class WordIndex:
    """The names of a screening index by the words they hold."""

    def __init__(self, index: ScreeningIndex) -> None:
        self.index = index
        postings: dict[str, set[int]] = defaultdict(set)
        for name_id, words in enumerate(index.name_words):
            for word in words:
                postings[word].add(name_id)
        self.postings = dict(postings)

    def find(self, text: str) -> list[int]:
        """The numbers of the subjects (``index.subjects``) with a name holding every word of
        ``text``, best first."""
        best: dict[int, tuple[int, int]] = {}
        for words in query_words(text):
            found = [self.postings.get(word, set()) for word in words]
            if not found or not all(found):
                continue
            for name_id in set.intersection(*sorted(found, key=len)):
                rest = len(self.index.name_words[name_id]) - len(words)
                rank = (int(rest > 0), rest)
                subject = self.index.name_subject[name_id]
                if subject not in best or rank < best[subject]:
                    best[subject] = rank
        return sorted(best, key=lambda subject: (best[subject], subject))


def query_words(text: str) -> set[tuple[str, ...]]:
    """The query's words as each kind of name reads them (a person's name in Cyrillic or Hanja
    is transliterated, an organisation's "Corp." expanded), and as written in ASCII."""
    found = {tuple(split_words(to_ascii(text)))}
    for kind in (PERSON, ORGANIZATION, VESSEL):
        found.update(form.words for form in name_forms(text, kind) if form.words)
    return {words for words in found if words}
