"""Scores on yente's scale, for clients of the yente protocol.

Our matcher calls a result a match at 0.8 (``matcher.DEFAULT_THRESHOLD``): two different
personal names a letter apart (Tong Un Kim, Kim Jong Un) can score up to 0.8 x (1 - edits /
length), about 0.72, which is below our threshold but above the 0.7 at which yente and its
clients (yente-client, OpenRefine through /reconcile) call a result a match. So the API reports
scores mapped piecewise-linearly onto yente's scale: our threshold becomes theirs, 1.0 stays 1.0
(the same name), 0 stays 0, and the order of results never changes. A client's own threshold
then means on our scores what it means on yente's.
"""

from __future__ import annotations

from sanctionwatch.screening.matcher import DEFAULT_THRESHOLD

#: The score at which yente calls a result a match (its ``SCORE_THRESHOLD`` default).
YENTE_THRESHOLD = 0.7


def to_yente(score: float) -> float:
    """Our score on yente's scale."""
    score = min(max(score, 0.0), 1.0)
    if score >= DEFAULT_THRESHOLD:
        return YENTE_THRESHOLD + (score - DEFAULT_THRESHOLD) * (1 - YENTE_THRESHOLD) / (1 - DEFAULT_THRESHOLD)
    return score * YENTE_THRESHOLD / DEFAULT_THRESHOLD


def from_yente(score: float) -> float:
    """A score on yente's scale (a client's threshold or cutoff) on ours."""
    score = min(max(score, 0.0), 1.0)
    if score >= YENTE_THRESHOLD:
        return DEFAULT_THRESHOLD + (score - YENTE_THRESHOLD) * (1 - DEFAULT_THRESHOLD) / (1 - YENTE_THRESHOLD)
    return score * DEFAULT_THRESHOLD / YENTE_THRESHOLD
