"""Fine-tunes the encoder's adapters and the head (claims/encoder.py, claims/head.py) on the
training split, and writes them to ``data/claims/encoder.safetensors`` and ``encoder.json``.

    python -m sanctionwatch.claims.tuning [TRAIN_DIR RULES_BEFORE]

The examples are the linear scorer's (claims/training.py): every candidate claim of every training
article that has a stored rules' reading, labelled by whether the annotation has it. Low-rank
adapters (peft's LoRA) on every linear layer of the encoder, its layer norms, and the head learn
together in torch, over transformers' BertModel with the same weights the run time reads; the run
time merges the adapters into those weights and needs neither torch nor transformers.

The settings, and the head's share of the logit (``mix``), were chosen by five-fold
cross-validation on the training split (``python benchmarks/claims_scorer.py``). Needs the dev
extra (torch, transformers, peft).
"""

from __future__ import annotations

import hashlib
import json
import math
import random
import sys
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np

from sanctionwatch.claims.encoder import ADAPTED, HIDDEN, Encoded, adapted_modules, model_dir, tokenize
from sanctionwatch.claims.head import META, TENSORS, Positions, positions
from sanctionwatch.claims.model import CATEGORIES
from sanctionwatch.claims.scorer import Candidate
from sanctionwatch.claims.training import Article, articles, training_articles


@dataclass(frozen=True)
class Settings:
    rank: int = 32
    alpha: int = 32
    epochs: int = 12
    #: Learning rate of the adapters and of the head, warmed up over the first tenth of the steps
    #: and then brought down linearly to nothing.
    rate: float = 1e-3
    warmup: float = 0.1
    decay: float = 0.01
    #: Sentences per step.
    batch: int = 16
    hidden: int = 256
    dropout: float = 0.1
    seed: int = 0
    #: The head's share of each candidate's logit; the linear scorer has the rest.
    mix: float = 0.4


@dataclass(frozen=True)
class Sentence:
    """One sentence's word pieces and the candidates read from it, with their labels."""

    ids: list[int]
    candidates: list[Candidate]
    positions: list[Positions]
    labels: list[float]


def sentences(found: Iterable[Article]) -> list[Sentence]:
    """The training articles' candidates grouped by the sentence they are read from."""
    grouped: list[Sentence] = []
    for article in found:
        by_sentence: dict[tuple[str, str | None], list[Candidate]] = {}
        for candidate in article.candidates:
            by_sentence.setdefault((candidate.text, candidate.context), []).append(candidate)
        for (text, context), members in by_sentence.items():
            ids, offsets = tokenize(text, context)
            encoded = Encoded(np.empty((0, HIDDEN), dtype=np.float32), offsets)
            grouped.append(
                Sentence(
                    ids,
                    members,
                    [positions(encoded, c) for c in members],
                    [float(c.key in article.gold) for c in members],
                )
            )
    return grouped


def fingerprint(found: Sequence[Sentence]) -> str:
    """A digest of every example (the sentence, the candidate's claim, features and spans, and the
    label), so that a change to the corpus, the rules or the features shows the weights are stale."""
    digest = hashlib.sha256()
    for sentence in found:
        for candidate, label in zip(sentence.candidates, sentence.labels, strict=True):
            row: list[Any] = [
                candidate.text,
                candidate.context,
                candidate.key,
                sorted(set(candidate.features)),
            ]
            row += [candidate.goods, candidate.supplier_at, candidate.recipient_at, label]
            digest.update(json.dumps(row, ensure_ascii=False).encode("utf-8"))
    return digest.hexdigest()


def _fitted_norm(name: str) -> bool:
    """Whether a parameter is one of the encoder layers' norms, which are fitted with the adapters."""
    return "encoder.layer." in name and ".LayerNorm." in name


def _model(settings: Settings, features: list[str]) -> Any:
    import torch
    from peft import LoraConfig, get_peft_model
    from transformers import BertModel

    class Model(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            bert = BertModel.from_pretrained(str(model_dir()))  # its pooler goes unused
            adapters = LoraConfig(
                r=settings.rank,
                lora_alpha=settings.alpha,
                lora_dropout=0.0,
                target_modules=r"encoder\.layer\.\d+\.("
                + "|".join(p.replace(".", r"\.") for p in ADAPTED)
                + ")",
            )
            self.bert = get_peft_model(bert, adapters)
            for name, parameter in self.bert.named_parameters():
                if _fitted_norm(name):
                    parameter.requires_grad = True
            self.sides = torch.nn.Parameter(torch.zeros(2, HIDDEN))
            self.categories = torch.nn.Embedding(len(CATEGORIES), HIDDEN)
            self.hidden = torch.nn.Linear(6 * HIDDEN, settings.hidden)
            self.out = torch.nn.Linear(settings.hidden, 1)
            self.drop = torch.nn.Dropout(settings.dropout)
            self.wide = torch.nn.Parameter(torch.zeros(len(features)))
            self.index = {f: n for n, f in enumerate(features)}

        def forward(self, batch: Sequence[Sentence]) -> Any:
            width = max(len(s.ids) for s in batch)
            ids = torch.zeros(len(batch), width, dtype=torch.long)
            mask = torch.zeros_like(ids)
            for row, sentence in enumerate(batch):
                ids[row, : len(sentence.ids)] = torch.tensor(sentence.ids)
                mask[row, : len(sentence.ids)] = 1
            vectors = self.bert(input_ids=ids, attention_mask=mask).last_hidden_state
            rows, wide = [], []
            for row, sentence in enumerate(batch):
                for candidate, at in zip(sentence.candidates, sentence.positions, strict=True):
                    rows.append(self._row(vectors[row], candidate, at))
                    known = [self.index[f] for f in set(candidate.features) if f in self.index]
                    wide.append(self.wide[known].sum() if known else self.wide.new_zeros(()))
            deep = self.out(
                torch.nn.functional.gelu(self.hidden(self.drop(torch.stack(rows))), approximate="tanh")
            )
            return deep.squeeze(-1) + torch.stack(wide)

        def _row(self, vectors: Any, candidate: Candidate, at: Positions) -> Any:
            goods = (
                vectors[list(at.goods)].mean(0) + self.categories.weight[CATEGORIES.index(candidate.key[0])]
            )

            def side(where: tuple[int, ...] | int) -> Any:
                return self.sides[where] if isinstance(where, int) else vectors[list(where)].mean(0)

            supplier, recipient = side(at.supplier), side(at.recipient)
            return torch.cat([vectors[0], goods, supplier, recipient, goods * supplier, goods * recipient])

    return Model()


@dataclass(frozen=True)
class Fitted:
    #: The adapters and the head, as claims/head.py loads them, and their description.
    tensors: dict[str, np.ndarray]
    meta: dict[str, Any]
    #: The torch model they were taken from.
    model: Any


def fit(found: Sequence[Sentence], settings: Settings = Settings()) -> Fitted:
    """The adapters and head fitted on these sentences."""
    import torch

    torch.manual_seed(settings.seed)
    order = random.Random(settings.seed)
    features = sorted({f for s in found for c in s.candidates for f in c.features})
    model = _model(settings, features)
    trained = [p for p in model.parameters() if p.requires_grad]
    optimiser = torch.optim.AdamW(trained, lr=settings.rate, weight_decay=settings.decay)
    steps = settings.epochs * math.ceil(len(found) / settings.batch)
    warm = max(1, int(settings.warmup * steps))
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimiser, lambda step: min(1.0, (step + 1) / warm) * max(0.0, (steps - step) / steps)
    )
    loss = torch.nn.BCEWithLogitsLoss()
    pool = list(found)
    model.train()
    for _ in range(settings.epochs):
        order.shuffle(pool)
        for start in range(0, len(pool), settings.batch):
            batch = pool[start : start + settings.batch]
            labels = torch.tensor([y for s in batch for y in s.labels])
            optimiser.zero_grad()
            loss(model(batch), labels).backward()
            optimiser.step()
            schedule.step()
    model.eval()
    return Fitted(_exported(model, settings, features), _described(model, settings, features, found), model)


def logits(model: Any, found: Sequence[Sentence]) -> list[float]:
    """The torch model's logit for each candidate of these sentences, in order."""
    import torch

    with torch.no_grad():
        return [float(z) for z in model(found)]


def _exported(model: Any, settings: Settings, features: list[str]) -> dict[str, np.ndarray]:
    """The adapters (``NAME.lora_A``, ``NAME.lora_B``), the layer norms (``replace.NAME``) and the
    head (``head.*``) as half-precision arrays."""
    state = {k: v.detach().numpy() for k, v in model.state_dict().items()}
    tensors: dict[str, np.ndarray] = {}
    for module in adapted_modules():
        for part in ("lora_A", "lora_B"):
            tensors[f"{module}.{part}"] = state[f"bert.base_model.model.{module}.{part}.default.weight"]
    for name, value in state.items():
        if _fitted_norm(name):
            tensors["replace." + name.removeprefix("bert.base_model.model.")] = value
    tensors["head.sides"] = state["sides"]
    tensors["head.categories"] = state["categories.weight"]
    for part in ("hidden", "out"):
        tensors[f"head.{part}.weight"] = state[f"{part}.weight"]
        tensors[f"head.{part}.bias"] = state[f"{part}.bias"]
    return {k: np.ascontiguousarray(v.astype(np.float16)) for k, v in sorted(tensors.items())}


def _described(
    model: Any, settings: Settings, features: list[str], found: Sequence[Sentence]
) -> dict[str, Any]:
    import torch

    wide = {f: round(float(w), 6) for f, w in zip(features, model.wide.detach().numpy(), strict=True)}
    labels = [y for s in found for y in s.labels]
    return {
        "scale": settings.alpha / settings.rank,
        "mix": settings.mix,
        "categories": list(CATEGORIES),
        "settings": asdict(settings),
        "fitted_on": {
            "sentences": len(found),
            "candidates": len(labels),
            "positives": int(sum(labels)),
            "fingerprint": fingerprint(found),
            "torch": torch.__version__,
        },
        "wide": {f: w for f, w in sorted(wide.items()) if abs(w) >= 1e-6},
    }


def save(tensors: dict[str, np.ndarray], meta: dict[str, Any], folder: Path | None = None) -> None:
    from safetensors.numpy import save_file

    target_tensors = TENSORS if folder is None else folder / TENSORS.name
    target_meta = META if folder is None else folder / META.name
    save_file(tensors, str(target_tensors))
    target_meta.write_text(json.dumps(meta, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> None:
    from rich.console import Console

    args = sys.argv[1:] if argv is None else argv
    console = Console(stderr=True)
    with console.status("parsing the training articles"):
        found = sentences(articles(Path(args[0]), Path(args[1])) if len(args) > 1 else training_articles())
    with console.status(f"fine-tuning on {len(found)} sentences ({Settings().epochs} epochs)"):
        fitted = fit(found)
    save(fitted.tensors, fitted.meta)
    size = sum(v.nbytes for v in fitted.tensors.values()) / 1e6
    candidates = fitted.meta["fitted_on"]["candidates"]
    print(f"{TENSORS}: {len(fitted.tensors)} tensors, {size:.1f} MB, from {candidates} candidates")


if __name__ == "__main__":
    main()
