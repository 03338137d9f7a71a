"""The encoder's reading of a candidate claim (claims/scorer.py): how likely the sentence states that
these goods go from this supplier to this recipient, from what the fine-tuned encoder
(claims/encoder.py) makes of the sentence and the one before it.

Each candidate is read from the encoded sentence's vectors: the sentence as a whole (its first
piece), the goods (the mean of their pieces, plus a vector learned for their category), the
supplier and the recipient (the mean of the pieces that name them, or a vector learned for "no
state" and for "a state this sentence does not name"), and the products of goods and sides. A small
network turns these into a logit, to which a weight per parse feature is added (the same features
the linear scorer reads), so the head learns what the parse says as well as what the words say.

The weights (``data/claims/encoder.safetensors``, ``encoder.json``) are fitted by claims/tuning.py.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

import numpy as np

from sanctionwatch.claims.encoder import Encoded, Encoder, base_weights, merged
from sanctionwatch.claims.lexicon import DATA
from sanctionwatch.errors import ConfigError

if TYPE_CHECKING:
    from sanctionwatch.claims.scorer import Candidate

TENSORS = DATA / "encoder.safetensors"
META = DATA / "encoder.json"
#: Rows of ``head.sides``: a side with no state, and a state the sentence does not name.
NO_STATE, NOT_NAMED = 0, 1


@dataclass(frozen=True)
class Positions:
    """Where a candidate's parts lie among its sentence's pieces: the goods' pieces (the sentence's
    first piece when none), and for each side its pieces, or the row of ``head.sides`` to use."""

    goods: tuple[int, ...]
    supplier: tuple[int, ...] | int
    recipient: tuple[int, ...] | int


def positions(encoded: Encoded, candidate: Candidate) -> Positions:
    def side(state: str | None, spans: tuple[tuple[int, int], ...]) -> tuple[int, ...] | int:
        if state is None:
            return NO_STATE
        pieces = sorted({p for span in spans for p in encoded.pieces(span)})
        return tuple(pieces) if pieces else NOT_NAMED

    _, supplier, recipient = candidate.key
    return Positions(
        tuple(encoded.pieces(candidate.goods)) or (0,),
        side(supplier, candidate.supplier_at),
        side(recipient, candidate.recipient_at),
    )


def weighed(weights: dict[str, float], features: Iterable[str]) -> float:
    """The sum of the features' weights, each feature counted once however often it occurs."""
    return sum(weights.get(f, 0.0) for f in set(features))


def gelu(x: np.ndarray) -> np.ndarray:
    """GELU in its tanh form, as torch's ``GELU(approximate="tanh")``."""
    return 0.5 * x * (1.0 + np.tanh(math.sqrt(2.0 / math.pi) * (x + 0.044715 * x**3)))


@dataclass(frozen=True)
class Head:
    encoder: Encoder
    tensors: dict[str, np.ndarray]
    categories: dict[str, int]
    #: One weight per parse feature; a feature counts once.
    wide: dict[str, float]

    def logits(self, found: Sequence[Candidate]) -> list[float]:
        """The head's logit for each candidate; its sentences are encoded in one batch."""
        if not found:
            return []
        sentences = list(dict.fromkeys((c.text, c.context) for c in found))
        encoded = dict(zip(sentences, self.encoder.encode(sentences), strict=True))
        rows = np.stack([self._row(encoded[(c.text, c.context)], c) for c in found])
        t = self.tensors
        # a few rows: BLAS threads cost more to wake than the product (15 ms against 0.8 ms on two
        # busy cores)
        with _blas().limit(limits=1, user_api="blas"):
            hidden = gelu(rows @ t["head.hidden.weight"].T + t["head.hidden.bias"])
            deep = hidden @ t["head.out.weight"][0] + t["head.out.bias"][0]
        wide = [weighed(self.wide, c.features) for c in found]
        return [float(d + w) for d, w in zip(deep, wide, strict=True)]

    def _row(self, encoded: Encoded, candidate: Candidate) -> np.ndarray:
        at = positions(encoded, candidate)
        vectors, sides = encoded.vectors, self.tensors["head.sides"]
        category = self.categories.get(candidate.key[0])
        if category is None:
            raise ConfigError(
                f"the claims encoder was fitted without the category {candidate.key[0]}: refit it"
            )
        goods = vectors[list(at.goods)].mean(0) + self.tensors["head.categories"][category]

        def side(where: tuple[int, ...] | int) -> np.ndarray:
            return sides[where] if isinstance(where, int) else vectors[list(where)].mean(0)

        supplier, recipient = side(at.supplier), side(at.recipient)
        return np.concatenate([vectors[0], goods, supplier, recipient, goods * supplier, goods * recipient])


def load(tensors: dict[str, np.ndarray], meta: dict[str, Any], quantized: bool = True) -> Head:
    """The head over an encoder with the fitted adapters merged into the model's weights."""
    adapters = {k: v for k, v in tensors.items() if not k.startswith("head.")}
    encoder = Encoder(merged(base_weights(), adapters, meta["scale"]), quantized)
    head = {k: v.astype(np.float32) for k, v in tensors.items() if k.startswith("head.")}
    return Head(encoder, head, {c: n for n, c in enumerate(meta["categories"])}, meta["wide"])


@cache
def _blas() -> Any:
    """The process's BLAS libraries, found once (finding them takes milliseconds)."""
    from threadpoolctl import ThreadpoolController

    return ThreadpoolController()


@cache
def head() -> Head | None:
    """The fitted head bundled with the package, or None when there is none (as while fitting it)."""
    if not (TENSORS.exists() and META.exists()):
        return None
    from safetensors.numpy import load_file

    return load(load_file(str(TENSORS)), meta())


@cache
def meta() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(META.read_text(encoding="utf-8"))
    return data
