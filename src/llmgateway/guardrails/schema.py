"""The policy file schema: what a compliance officer may write in ``policies/<name>.yaml``.

A policy is a list of rules. Each rule names *what* to look for (its ``kind`` and the matching
keys for that kind), *where* (``stage``), *how bad* (``severity``) and *what to do* (``action``),
and carries its own tests (``examples.must_block`` / ``examples.must_pass``).

Kinds and the keys they need:

* ``phrases``   – ``phrases: [..]`` matched case-insensitively on word boundaries.
* ``regex``     – ``patterns: [..]`` Python regular expressions (case-insensitive by default).
* ``semantic``  – ``similar_to: [..]`` example sentences and ``threshold`` (cosine, MiniLM);
  optional ``unlike: [..]`` near-miss sentences: a sentence closer to one of these is not a hit.
* ``pii``       – ``pii: [ssn, account_number, routing_number, card_number, date_of_birth, …]``.
* ``llm_judge`` – ``judge: {question: ..}``; runs only when ``guardrails.llm_judge.enabled``.
* ``classifier`` – ``classifier: {..}``: a head trained by ``llmgateway policy train`` on
  ``policies/training/*.yaml`` decides per sentence (or per word window of the whole input, with
  ``windows: true``) and for the whole answer whether the rule's meaning is present.

A ``classifier:`` block may also sit on a phrases, regex or semantic rule: the rule then fires on
its own spans *and* on the sentences its classifier flags (the paraphrases nobody listed); the
verdict names the closest training examples. ``min_precision`` / ``min_recall`` are the figures the
rule must reach on the held-out split (``policy test`` fails below them).

``exempt`` lists the contexts that clear a match: ``negated`` ("no investment can guarantee a
return"), ``hedged`` ("… an opinion, not a promise") and ``attributed`` ("according to the
prospectus …"). It defaults to all three for phrases/regex/semantic and to none for pii.
``exempt_if`` adds the rule's own clearing patterns, matched on the sentence of the hit (e.g. "what
counts as insider trading?"); ``rejecting_frames`` (``before:`` / ``after:`` regexes) clear a match that
its sentence reports in order to reject it ("ignore anyone who says …", "… is a red flag"; ``frames.py``); ``unless`` patterns are matched on the whole text (e.g. a risk
statement already present makes the risk disclosure unnecessary).
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, Field, field_validator, model_validator

from ..strict import StrictModel

Kind = Literal["phrases", "regex", "semantic", "pii", "llm_judge", "classifier"]
Action = Literal["block", "redact", "disclose", "review", "log"]
StageName = Literal["input", "output", "both"]
Severity = Literal["low", "medium", "high", "critical"]
Exemption = Literal["negated", "hedged", "attributed"]
PiiType = Literal["ssn", "account_number", "routing_number", "card_number", "date_of_birth", "email", "phone"]

KIND_KEYS: dict[str, tuple[str, ...]] = {
    "phrases": ("phrases",),
    "regex": ("patterns",),
    "semantic": ("similar_to", "unlike"),
    "pii": ("pii",),
    "llm_judge": ("judge",),
    "classifier": ("classifier",),
}
# Kinds that may carry a ``classifier:`` block beside their own keys.
HYBRID_KINDS = ("phrases", "regex", "semantic")
# What an action means, for the severity order of verdicts (highest wins on one text).
ACTION_ORDER = {"block": 5, "review": 4, "redact": 3, "disclose": 2, "log": 1}


class Examples(StrictModel):
    must_block: list[str] = Field(default_factory=list)
    must_pass: list[str] = Field(default_factory=list)


class Judge(StrictModel):
    """An LLM asked a yes/no question about the text; ``yes`` is a violation."""

    question: str = Field(min_length=10)
    model: str | None = None  # a model_name from gateway.yaml; default: the route's model


class SecondOpinionSpec(StrictModel):
    """Where an answer head is unsure, a second opinion (``second_opinion.py``) may hold the sentence."""

    band: float = Field(default=0.4, ge=0.0, lt=1.0)  # the grey band: head probability in [threshold - band, threshold)
    # true: the head's findings at or over its threshold need the second opinion too (a head that also fires
    # on ordinary sentences of its topic — certain-projection on statements of fact); such a head gives no
    # whole-answer finding (the second opinion reads sentences)
    confirm: bool = False
    # what a confirmed sentence does; default: ``review`` (held for a person) for a block or review rule,
    # the rule's own action for a milder one (disclose)
    action: Literal["review", "block"] | None = None


class NgramSpec(StrictModel):
    """A second input reader beside a window head (``ngram.py``): hashed word and character n-grams,
    not bound to the English encoder's word pieces. Any unit over either threshold blocks."""

    threshold: float | None = Field(default=None, gt=0.0, lt=1.0)  # None: chosen by `policy train`
    # enforce: its findings take the rule's action (or the head's ``mode``); shadow: they are only recorded
    # (action log, with the n-grams that carried them) until compliance accepts its measured figures
    mode: Literal["enforce", "shadow"] = "enforce"


class ClassifierSpec(StrictModel):
    """How a rule's trained head is used (the head itself is in policies/training/classifier.npz)."""

    threshold: float | None = Field(default=None, gt=0.0, lt=1.0)  # None: chosen by `policy train`
    windows: bool = False  # classify word windows over the whole text, not sentences (long inputs)
    stage: StageName | None = None  # where the classifier runs (default: the rule's stage); the rule's
    # patterns keep their own stage — e.g. MNPI patterns on questions and answers, the head on answers
    min_precision: float = Field(default=0.0, ge=0.0, le=1.0)  # on the held-out split
    min_recall: float = Field(default=0.0, ge=0.0, le=1.0)
    nearest: int = Field(default=2, ge=0, le=10)  # closest training examples named in a verdict
    exempt: list[Exemption] | None = None  # contexts that clear a flagged sentence (default: the rule's)
    # enforce: the head's findings take the rule's action; review: they are held for a human reviewer
    # (action review) whatever the rule's action — for a head that is good but not certain; shadow:
    # they are only recorded (action log, with probability and closest examples) until compliance
    # accepts the head's measured figures
    mode: Literal["enforce", "review", "shadow"] = "enforce"
    second_opinion: SecondOpinionSpec | None = None  # answer heads only; absent: no second opinion
    ngram: NgramSpec | None = None  # window (input) heads only: the n-gram reader beside the head (ngram.py)


class RejectingFrames(StrictModel):
    """Regexes of frames that report a rule's match to reject it (``frames.py``): ``before`` the match
    in its sentence ("ignore anyone who says"), ``after`` it ("is a red flag")."""

    before: list[str] = Field(default_factory=list)
    after: list[str] = Field(default_factory=list)

    @field_validator("before", "after")
    @classmethod
    def _compile(cls, patterns):
        return _compiled(patterns)


def _compiled(patterns):
    for pattern in patterns or []:
        try:
            re.compile(pattern)
        except re.error as exc:
            raise ValueError(f"pattern {pattern!r} is not a valid regular expression: {exc}") from None
    return patterns


class Rule(StrictModel):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_.-]*$", max_length=80)
    description: str = Field(min_length=1)
    kind: Kind
    action: Action
    stage: StageName = "output"
    severity: Severity = "medium"
    citation: str | None = None
    enabled: bool = True
    phrases: list[str] | None = None
    patterns: list[str] | None = None
    case_sensitive: bool = False
    similar_to: list[str] | None = None
    unlike: list[str] | None = None  # near-miss anchors: a sentence closer to these is not a hit
    threshold: float = Field(default=0.6, gt=0.0, le=1.0)
    pii: list[PiiType] | None = None
    judge: Judge | None = None
    classifier: ClassifierSpec | None = None
    exempt: list[Exemption] | None = None
    exempt_if: list[str] = Field(default_factory=list)  # regexes: a hit whose sentence matches is cleared
    rejecting_frames: RejectingFrames | None = None  # a match reported in order to reject it is cleared
    unless: list[str] = Field(default_factory=list)  # regexes: a hit is cleared if the whole text matches
    disclosure: str | None = None
    replacement: str = "[REDACTED {type}]"
    examples: Examples = Field(default_factory=Examples)

    @field_validator("patterns", "exempt_if", "unless")
    @classmethod
    def _patterns_compile(cls, patterns):
        return _compiled(patterns)

    @field_validator("phrases", "similar_to", "unlike")
    @classmethod
    def _non_empty_strings(cls, values):
        if values is not None and any(not str(v).strip() for v in values):
            raise ValueError("entries must be non-empty strings")
        return values

    @model_validator(mode="after")
    def _kind_keys(self):
        needed = KIND_KEYS[self.kind]
        for key in needed[:1]:
            if not getattr(self, key):
                raise ValueError(f"a rule of kind '{self.kind}' needs key '{key}'")
        for kind, keys in KIND_KEYS.items():
            for key in keys:
                if key == "classifier" and self.kind in HYBRID_KINDS:
                    continue
                if kind != self.kind and getattr(self, key):
                    raise ValueError(
                        f"key '{key}' belongs to kind '{kind}', but this rule's kind is "
                        f"'{self.kind}' (which uses: {', '.join(needed)})"
                    )
        if self.action == "disclose" and not (self.disclosure and self.disclosure.strip()):
            raise ValueError("action 'disclose' needs key 'disclosure' (the text appended to the answer)")
        if self.action == "redact" and self.kind not in ("pii", "regex", "phrases"):
            raise ValueError(
                f"action 'redact' needs a rule that finds exact spans (kind pii, regex or phrases), not '{self.kind}'"
            )
        if self.exempt is None:
            self.exempt = [] if self.kind in ("pii", "classifier") else ["negated", "hedged", "attributed"]
        return self

    def applies_to(self, stage: str) -> bool:
        return self.enabled and (self.stage == "both" or self.stage == stage)


class Policy(StrictModel):
    """One file. ``name`` comes from the file name, not from the file."""

    description: str = Field(min_length=1)
    version: str | int | None = None
    owner: str | None = None
    references: list[str] = Field(default_factory=list)
    rules: list[Rule] = Field(min_length=1)
    name: str = Field(default="", exclude=True)


def allowed_keys(model: type[BaseModel]) -> list[str]:
    return [name for name, field in model.model_fields.items() if not field.exclude]
