"""Labelled factuality items: loading (YAML or JSONL) and measuring a scorer on them.

Two shapes are read. The project's own set (eval_sets/factuality_labelled.yaml)::

    source_sets: {name: ["passage", ...]}
    items:
      - {id, kind, split, question?, supported: true|false, answer: "...", source_set: name}  # or sources: [...]

and the plain shape an evaluation engineer brings (JSONL, one object a line, or a YAML list)::

    {"question": "...", "contexts": ["..."], "answer": "...", "label": "supported"|"unsupported"|true|false,
     "kind": "figure"}   # question, kind, id, split optional

``evaluate(scorer, path)`` returns balanced accuracy (mean of the recall on supported and on
unsupported answers), precision and recall of "unsupported", the confusion counts, the errors by
kind (figure, entity, negation, date, derived, …: caught / missed), and the misjudged items.
Answers the scorer does not score (a refusal, a greeting) are counted apart, never as a verdict.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from ..errors import ConfigError
from ..strict import StrictModel
from ..yamlfile import load_yaml

# item kinds of the project's set, grouped into the kinds the report confuses errors by
KIND_GROUPS = {"number": "figure", "percent": "figure", "amount": "figure", "table": "figure"}


class LabelledItem(StrictModel):
    id: str
    kind: str = "unspecified"
    split: str = "dev"
    question: str | None = None
    supported: bool
    answer: str = Field(min_length=1)
    source_set: str | None = None
    sources: list[str] | None = None

    @model_validator(mode="after")
    def _one_source(self):
        if (self.source_set is None) == (self.sources is None):
            raise ValueError("give exactly one of 'source_set' (a name under source_sets) or 'sources' (a list)")
        return self


class LabelledSet(StrictModel):
    source_sets: dict[str, list[str]] = Field(default_factory=dict)
    items: list[LabelledItem]


class PlainItem(BaseModel):
    """One item of the plain shape: {question?, contexts, answer, label}."""

    model_config = ConfigDict(extra="ignore")
    id: str | None = None
    kind: str = "unspecified"
    split: str = "dev"
    question: str | None = None
    contexts: list[str]
    answer: str
    label: bool

    @field_validator("label", mode="before")
    @classmethod
    def _label(cls, v):
        if isinstance(v, str) and v.strip().lower() in ("supported", "unsupported", "true", "false", "1", "0"):
            return v.strip().lower() in ("supported", "true", "1")
        if isinstance(v, bool | int):
            return bool(v)
        raise ValueError("label must be 'supported' / 'unsupported' (or true / false)")


@dataclass
class Row:
    id: str
    kind: str
    split: str
    question: str | None
    contexts: list[str]
    answer: str
    supported: bool


def load_rows(path: str | Path) -> list[Row]:
    """Items of a labelled file of either shape (by content: a mapping with ``items`` is ours)."""
    path = Path(path)
    if not path.exists():
        raise ConfigError(f"no such file: {path}", file=str(path))
    if path.suffix == ".jsonl":
        return _jsonl_rows(path)
    doc = load_yaml(path, empty={})
    if isinstance(doc.data, list):
        return [_plain_row(obj, i, str(path), doc.line_of((i,))) for i, obj in enumerate(doc.data)]
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
        sources = item.sources if item.sources is not None else data.source_sets[str(item.source_set)]
        out.append(Row(item.id, item.kind, item.split, item.question, sources, item.answer, item.supported))
    return out


def _jsonl_rows(path: Path) -> list[Row]:
    rows: list[Row] = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise ConfigError(f"not JSON: {exc.msg}", file=str(path), line=n) from None
        rows.append(_plain_row(obj, len(rows), str(path), n))
    return rows


def _plain_row(obj, index: int, file: str, line: int | None) -> Row:
    try:
        item = PlainItem.model_validate(obj)
    except ValidationError as exc:
        err = exc.errors()[0]
        key = ".".join(str(p) for p in err["loc"]) or "item"
        raise ConfigError(
            f"item {index}: key '{key}': {err['msg']}; expected {{question?, contexts: [..], answer, label}}",
            file=file,
            line=line,
            key=key,
        ) from None
    return Row(item.id or str(index), item.kind, item.split, item.question, item.contexts, item.answer, item.label)


@dataclass
class EvalReport:
    balanced_accuracy: float
    n: int
    true_positive: int  # supported, judged supported
    false_negative: int  # supported, judged unsupported
    true_negative: int  # unsupported, judged unsupported
    false_positive: int  # unsupported, judged supported
    precision_unsupported: float
    recall_unsupported: float
    not_scored: int
    by_kind: dict[str, tuple[int, int]]  # kind → (correct, total)
    errors_by_kind: dict[str, dict[str, int]]  # unsupported items: kind → {caught, missed}
    misjudged: list[dict] = field(default_factory=list)
    scores: list[tuple[float, bool]] = field(default_factory=list)  # (score, label) for reliability

    def to_dict(self) -> dict:
        out = self.__dict__.copy()
        out.pop("scores")
        return out


def evaluate(scorer, path: str | Path, split: str | None = None) -> EvalReport:
    """Measure ``scorer`` on the file; ``split`` limits it to one split ("dev", "holdout")."""
    rows = [r for r in load_rows(path) if split is None or r.split == split]
    results = scorer.score_many([(r.contexts, r.answer, r.question) for r in rows])
    return report_of(rows, results)


def report_of(rows: list[Row], results: list) -> EvalReport:
    tp = fn = tn = fp = not_scored = 0
    by_kind: dict[str, list[int]] = {}
    errors: dict[str, dict[str, int]] = {}
    misjudged, scores = [], []
    for row, result in zip(rows, results):
        if result.supported is None:
            not_scored += 1
        predicted = bool(result.supported)
        correct = predicted == row.supported
        if row.supported:
            tp += predicted
            fn += not predicted
        else:
            tn += not predicted
            fp += predicted
            group = errors.setdefault(KIND_GROUPS.get(row.kind, row.kind), {"caught": 0, "missed": 0})
            group["caught" if not predicted else "missed"] += 1
        if result.score is not None:
            scores.append((result.score, row.supported))
        k = by_kind.setdefault(row.kind, [0, 0])
        k[0] += correct
        k[1] += 1
        if not correct:
            reasons = [c.reason for c in result.claims if not c.supported]
            if not reasons and result.score is not None:
                reasons = [f"score {result.score:.2f} {'<' if not predicted else '>='} threshold {result.threshold}"]
            misjudged.append(
                {
                    "id": row.id,
                    "kind": row.kind,
                    "split": row.split,
                    "label": row.supported,
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
        tn / (tn + fn) if tn + fn else 0.0,
        recall_neg,
        not_scored,
        {k: (v[0], v[1]) for k, v in sorted(by_kind.items())},
        dict(sorted(errors.items())),
        misjudged,
        scores,
    )


def reliability(scores: list[tuple[float, bool]], bins: int = 5) -> list[dict]:
    """Reliability curve: per score bin, the mean score beside the share actually supported."""
    out = []
    for b in range(bins):
        lo, hi = b / bins, (b + 1) / bins
        inside = [(s, y) for s, y in scores if lo <= s < hi or (b == bins - 1 and s == 1.0)]
        if inside:
            out.append(
                {
                    "bin": f"{lo:.1f}-{hi:.1f}",
                    "n": len(inside),
                    "mean_score": round(sum(s for s, _ in inside) / len(inside), 3),
                    "supported_rate": round(sum(y for _, y in inside) / len(inside), 3),
                }
            )
    return out
