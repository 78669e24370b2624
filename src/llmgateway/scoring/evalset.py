"""The labelled factuality set (eval_sets/factuality_labelled.yaml): loading and measuring.

File shape::

    source_sets: {name: ["passage", ...]}
    items:
      - {id, kind, supported: true|false, answer: "...", source_set: name}   # or sources: [...]

``evaluate(scorer, path)`` returns balanced accuracy (mean of the recall on supported and on
unsupported answers), the confusion counts, per-kind accuracy and the misjudged items.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from ..errors import ConfigError
from ..yamlfile import load_yaml


class LabelledItem(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: str
    kind: str = "unspecified"
    split: str = "dev"
    supported: bool
    answer: str = Field(min_length=1)
    source_set: str | None = None
    sources: list[str] | None = None

    @model_validator(mode="after")
    def _one_source(self):
        if (self.source_set is None) == (self.sources is None):
            raise ValueError("give exactly one of 'source_set' (a name under source_sets) or 'sources' (a list)")
        return self


class LabelledSet(BaseModel):
    model_config = ConfigDict(extra="forbid")
    source_sets: dict[str, list[str]] = Field(default_factory=dict)
    items: list[LabelledItem]


def load_labelled_set(path: str | Path) -> list[tuple[LabelledItem, list[str]]]:
    doc = load_yaml(path, empty={})
    try:
        data = LabelledSet.model_validate(doc.data)
    except ValidationError as exc:
        raise doc.validation_error(exc) from None
    out = []
    for i, item in enumerate(data.items):
        if item.source_set is not None and item.source_set not in data.source_sets:
            raise ConfigError(
                f"unknown source_set '{item.source_set}'; allowed: {sorted(data.source_sets)}",
                file=str(path),
                line=doc.line_of(("items", i, "source_set")),
                key=f"items[{i}].source_set",
            )
        out.append((item, item.sources if item.sources is not None else data.source_sets[str(item.source_set)]))
    return out


@dataclass
class EvalReport:
    balanced_accuracy: float
    n: int
    true_positive: int
    false_negative: int
    true_negative: int
    false_positive: int
    by_kind: dict[str, tuple[int, int]]  # kind → (correct, total)
    misjudged: list[dict]

    def to_dict(self) -> dict:
        return self.__dict__.copy()


def evaluate(scorer, path: str | Path, split: str | None = None) -> EvalReport:
    """Measure ``scorer`` on the file; ``split`` limits it to one split ("dev", "holdout")."""
    rows = [r for r in load_labelled_set(path) if split is None or r[0].split == split]
    results = scorer.score_many([(sources, item.answer) for item, sources in rows])
    tp = fn = tn = fp = 0
    by_kind: dict[str, list[int]] = {}
    misjudged = []
    for (item, _sources), result in zip(rows, results):
        predicted = bool(result.supported)
        correct = predicted == item.supported
        if item.supported:
            tp += predicted
            fn += not predicted
        else:
            tn += not predicted
            fp += predicted
        k = by_kind.setdefault(item.kind, [0, 0])
        k[0] += correct
        k[1] += 1
        if not correct:
            reasons = [c.reason for c in result.claims if not c.supported]
            misjudged.append(
                {
                    "id": item.id,
                    "kind": item.kind,
                    "split": item.split,
                    "label": item.supported,
                    "score": result.score,
                    "reasons": reasons or [result.reason],
                }
            )
    pos, neg = tp + fn, tn + fp
    recall_pos = tp / pos if pos else 1.0
    recall_neg = tn / neg if neg else 1.0
    return EvalReport(
        (recall_pos + recall_neg) / 2,
        len(rows),
        tp,
        fn,
        tn,
        fp,
        {k: (v[0], v[1]) for k, v in sorted(by_kind.items())},
        misjudged,
    )
