"""Factuality: is each claim of an answer supported by the sources it was given?

For every claim (claims.py) the scorer finds the best-matching source passages with MiniLM cosine
similarity (a passage is a sentence or two adjacent sentences of one source), then runs the strict
agreement checks of checks.py against the best candidates. A claim is supported when one of its
top candidates passes every check; a claim with no passage above ``match_threshold`` is
unsupported ("no source passage matches"). Embeddings alone cannot do this job (a changed figure
barely moves an embedding): they only find *where* to look; the checks decide.

The score of an answer is the supported fraction of its claims; ``supported`` is
``score >= threshold``. Passage embeddings are cached by text, since the same research passages
are retrieved again and again.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

import numpy as np

from .checks import Evidence, check_claim
from .claims import split_claims
from .text import split_sentences, strip_citations


@dataclass
class ClaimVerdict:
    text: str
    supported: bool
    evidence: str | None
    reason: str | None
    similarity: float | None = None
    source_index: int | None = None  # 0-based index into the contexts


@dataclass
class FactualityResult:
    score: float | None
    supported: bool | None
    threshold: float
    claims: list[ClaimVerdict] = field(default_factory=list)
    reason: str | None = None  # why there is no score (no sources, no claims)

    def to_dict(self) -> dict:
        return {
            "score": None if self.score is None else round(self.score, 4),
            "supported": self.supported,
            "threshold": self.threshold,
            "reason": self.reason,
            "claims": [
                {k: (round(v, 4) if isinstance(v, float) else v) for k, v in asdict(c).items()} for c in self.claims
            ],
        }


@dataclass(frozen=True)
class _Passage:
    text: str
    context: int
    first: int  # sentence range [first, last]
    last: int


class FactualityScorer:
    def __init__(self, embedder, *, threshold: float = 1.0, match_threshold: float = 0.45, top_k: int = 3):
        self.embedder = embedder
        self.threshold = threshold
        self.match_threshold = match_threshold
        self.top_k = top_k

    # -- embeddings ---------------------------------------------------------------------------
    def _embed(self, texts: list[str]) -> dict[str, np.ndarray]:
        """Text → vector; the embedder caches by text, so passages seen before cost nothing."""
        unique = list(dict.fromkeys(texts))
        return dict(zip(unique, self.embedder.embed(unique)))

    # -- scoring ------------------------------------------------------------------------------
    def score(self, contexts: list[str], answer: str) -> FactualityResult:
        return self.score_many([(contexts, answer)])[0]

    def score_many(self, items: list[tuple[list[str], str]]) -> list[FactualityResult]:
        """Score several (contexts, answer) pairs with one embedding call for all their texts."""
        prepared = []
        texts: list[str] = []
        for contexts, answer in items:
            contexts = [strip_citations(c) for c in (contexts or []) if c and c.strip()]
            claims = split_claims(answer or "")
            sentences = [split_sentences(c) for c in contexts]
            passages = _passages(sentences)
            prepared.append((contexts, sentences, passages, claims))
            if contexts and claims:
                texts += claims + [p.text for p in passages]
        vectors = self._embed(texts) if texts else {}
        return [self._judge(*p, vectors) for p in prepared]

    def _judge(self, contexts, sentences, passages, claims, vectors) -> FactualityResult:
        if not contexts:
            return FactualityResult(None, None, self.threshold, reason="no sources to check against")
        if not claims:
            return FactualityResult(None, None, self.threshold, reason="no checkable claims in the answer")
        matrix = np.stack([vectors[p.text] for p in passages])
        evidence_cache: dict[tuple[int, int, int], Evidence] = {}
        verdicts = []
        for claim in claims:
            sims = matrix @ vectors[claim]
            order = np.argsort(-sims)[: self.top_k]
            best = float(sims[order[0]])
            if best < self.match_threshold:
                verdicts.append(
                    ClaimVerdict(
                        claim,
                        False,
                        passages[order[0]].text,
                        f"no source passage matches this claim (best similarity {best:.2f})",
                        best,
                        passages[order[0]].context,
                    )
                )
                continue
            first_reasons: list[str] | None = None
            verdict = None
            for i in order:
                if sims[i] < self.match_threshold:
                    break
                p = passages[i]
                key = (p.context, p.first, p.last)
                if key not in evidence_cache:
                    sent = sentences[p.context]
                    window = " ".join(sent[max(0, p.first - 1) : p.last + 2])
                    evidence_cache[key] = Evidence(
                        window=window,
                        document=contexts[p.context],
                        others=" ".join(c for k, c in enumerate(contexts) if k != p.context),
                    )
                reasons = check_claim(claim, evidence_cache[key])
                if not reasons:
                    verdict = ClaimVerdict(claim, True, p.text, None, float(sims[i]), p.context)
                    break
                if first_reasons is None:
                    first_reasons = reasons
            if verdict is None:
                top = passages[order[0]]
                verdict = ClaimVerdict(claim, False, top.text, "; ".join(first_reasons or []), best, top.context)
            verdicts.append(verdict)
        score = sum(v.supported for v in verdicts) / len(verdicts)
        return FactualityResult(score, score >= self.threshold - 1e-9, self.threshold, verdicts)


def _passages(sentences: list[list[str]]) -> list[_Passage]:
    out = []
    for ci, sent in enumerate(sentences):
        for j, s in enumerate(sent):
            out.append(_Passage(s, ci, j, j))
            if j + 1 < len(sent):
                out.append(_Passage(s + " " + sent[j + 1], ci, j, j + 1))
    return out
