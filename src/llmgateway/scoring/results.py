"""What the factuality scorer returns: a verdict per claim and the answer's result."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field


@dataclass
class ClaimVerdict:
    text: str
    supported: bool
    evidence: str | None
    reason: str | None
    similarity: float | None = None
    source_index: int | None = None  # 0-based index into the contexts
    derivations: list[str] = field(default_factory=list)  # "12.4% = (1,345 − 1,197) / 1,197"
    probability: float | None = None  # the verifier's P(supported) for this claim
    error_kind: str | None = None  # figure | date | entity | rating | direction | negation | absent | ...
    matched_by: str | None = None  # lexical | embedding: how the evidence passage was found
    entailment: float | None = None  # the cross-encoder's P(entailed), when the claim was unsure
    slot: float | None = None  # P(the short answer fills the question's slot), when read (slot.py)
    judgement: bool = False  # an interpretation, not a fact (judgement.py); abstains unless contradicted
    features: list[float] | None = field(default=None, repr=False)  # the verifier's input (training)
    window: str | None = field(default=None, repr=False)  # the evidence passage with a sentence either side


@dataclass
class FactualityResult:
    score: float | None
    supported: bool | None
    threshold: float
    claims: list[ClaimVerdict] = field(default_factory=list)
    reason: str | None = None  # why there is no score (no sources, no claims)
    question: str | None = None
    method: str = "checks"  # checks | verifier

    @property
    def label(self) -> str:
        return "not scored" if self.supported is None else ("supported" if self.supported else "unsupported")

    def to_dict(self) -> dict:
        return {
            "score": None if self.score is None else round(self.score, 4),
            "supported": self.supported,
            "label": self.label,
            "threshold": self.threshold,
            "method": self.method,
            "reason": self.reason,
            "claims": [
                {
                    k: (round(v, 4) if isinstance(v, float) else v)
                    for k, v in asdict(c).items()
                    if k not in ("features", "window")
                }
                for c in self.claims
            ],
        }
