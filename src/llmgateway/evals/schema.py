"""Eval-set files (``eval_sets/<name>.yaml``): schema, loading, and errors with file:line.

::

    name: advisor_research
    route: advisor                       # default route for `eval run` (--route overrides)
    thresholds: {factuality: 0.5, guardrail_accuracy: 0.9, hit_rate: 0.8}
    tolerance: 0.05                      # how far a metric may fall below a --baseline experiment
    cases:
      - id: novatra-target
        question: What is the price target on Novatra Semiconductors?   # or messages: [...]
        variables: {firm: Example Bank}  # the prompt's declared variables
        reference: The price target is $155, raised from $142.          # optional reference answer
        expected_sources: [novatra-q3-2026-review]                      # document ids
        expect: pass                     # pass | block | disclose | review | redact
        tags: [equity]
        entitlements: [mna-team]         # research groups the case's caller holds (default none)

A threshold is the worst acceptable value in the metric's own direction: a minimum for quality
metrics (factuality, hit_rate, …), a maximum for cost metrics (latency_ms, total_tokens).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, ValidationError, field_validator, model_validator

from ..errors import ConfigError
from ..strict import StrictModel
from ..yamlfile import YamlDoc, load_yaml
from .metrics import METRICS

OUTCOMES = ("pass", "block", "disclose", "review", "redact")
ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.:-]*$")


class CaseMessage(StrictModel):
    role: Literal["system", "developer", "user", "assistant"]
    content: str = Field(min_length=1)


class EvalCase(StrictModel):
    id: str = Field(min_length=1, max_length=120)
    question: str | None = Field(default=None, min_length=1)
    messages: list[CaseMessage] | None = None
    variables: dict[str, Any] = Field(default_factory=dict)
    reference: str | None = None
    expected_sources: list[str] = Field(default_factory=list)
    expect: Literal["pass", "block", "disclose", "review", "redact"] = "pass"
    tags: list[str] = Field(default_factory=list)
    entitlements: list[str] = Field(default_factory=list)

    @field_validator("id")
    @classmethod
    def _id_shape(cls, v: str) -> str:
        if not ID_RE.match(v):
            raise ValueError("an id is letters, digits and _ . : - (starting with a letter or digit)")
        return v

    @model_validator(mode="after")
    def _one_input(self):
        if (self.question is None) == (self.messages is None):
            raise ValueError("give exactly one of 'question' (text) or 'messages' (a list of {role, content})")
        if self.messages is not None and not any(m.role == "user" for m in self.messages):
            raise ValueError("'messages' needs at least one message with role 'user'")
        return self

    def chat_messages(self) -> list[dict]:
        if self.messages is not None:
            return [m.model_dump() for m in self.messages]
        return [{"role": "user", "content": self.question}]

    @property
    def text(self) -> str:
        """The question as a reviewer reads it: the last user message."""
        return [m["content"] for m in self.chat_messages() if m["role"] == "user"][-1]


class EvalSet(StrictModel):
    name: str | None = None
    description: str | None = None
    route: str | None = None
    thresholds: dict[str, float] = Field(default_factory=dict)
    tolerance: float = Field(default=0.05, ge=0, le=1)
    cases: list[EvalCase] = Field(min_length=1)

    @field_validator("thresholds")
    @classmethod
    def _known_metrics(cls, v: dict[str, float]) -> dict[str, float]:
        unknown = sorted(set(v) - set(METRICS))
        if unknown:
            raise ValueError(f"unknown metric {', '.join(map(repr, unknown))}; allowed: {', '.join(METRICS)}")
        return v


@dataclass
class LoadedSet:
    path: Path
    name: str
    hash: str  # sha256:<hex> of the file
    spec: EvalSet
    doc: YamlDoc

    @property
    def cases(self) -> list[EvalCase]:
        return self.spec.cases

    def line_of_case(self, index: int) -> int | None:
        return self.doc.line_of(("cases", index))


def file_hash(path: Path) -> str:
    return "sha256:" + hashlib.sha256(path.read_bytes()).hexdigest()


def load_eval_set(path: str | Path) -> LoadedSet:
    """Parse and validate; a bad file raises ConfigError naming the file, line, key and what is allowed."""
    path = Path(path)
    doc = load_yaml(path, empty={})
    if not isinstance(doc.data, dict):
        raise ConfigError(
            f"expected a mapping with 'cases' at the top level, found {type(doc.data).__name__}", file=str(path), line=1
        )
    try:
        spec = EvalSet.model_validate(doc.data)
    except ValidationError as exc:
        raise doc.validation_error(exc) from None
    seen: dict[str, int] = {}
    for i, case in enumerate(spec.cases):
        if case.id in seen:
            raise ConfigError(
                f"duplicate case id '{case.id}' (first used by cases[{seen[case.id]}]); ids must be unique",
                file=str(path),
                line=doc.line_of(("cases", i, "id")),
                key=f"cases[{i}].id",
            )
        seen[case.id] = i
    return LoadedSet(path=path, name=spec.name or path.stem, hash=file_hash(path), spec=spec, doc=doc)


def resolve_set_path(ref: str, eval_sets_dir: Path) -> Path:
    """``eval_sets/x.yaml``, or just ``x`` (looked up in ``paths.eval_sets``)."""
    path = Path(ref)
    if path.exists() or path.suffix in (".yaml", ".yml"):
        return path
    candidate = eval_sets_dir / f"{ref}.yaml"
    return candidate if candidate.exists() else path
