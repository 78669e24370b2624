"""Rules compiled for speed: regexes compiled once, example sentences embedded once.

``CompiledRule.find(scan)`` returns the ``Hit``s of one rule on one text. A ``Scan`` carries the
text, its sentence index and (lazily) its sentence embeddings, so every rule checking the same
text shares the splitting and the single embedding batch.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

import numpy as np

from .classifier import Head
from .context import TextIndex, exemption, sentence_exemption
from .pii import find_pii
from .schema import Rule
from .training import window_spans

MIN_SENTENCE_WORDS = 12  # sentences of a long input judged on their own (besides its windows)
JudgeFn = Callable[[str, str, "str | None"], Awaitable[bool]]  # (question, text, model) -> violation?


@dataclass
class Hit:
    policy: str
    rule: Rule
    start: int
    end: int
    span: str  # what is shown in verdicts (PII is masked)
    detail: dict = field(default_factory=dict)
    unless: tuple[re.Pattern, ...] = ()

    def cleared_by(self, whole_text: str) -> bool:
        """``unless`` patterns look at the whole answer (e.g. a risk statement already present)."""
        return any(p.search(whole_text) for p in self.unless)

    def verdict(self, stage: str) -> dict:
        out = {
            "policy": self.policy,
            "rule_id": self.rule.id,
            "stage": stage,
            "action": self.rule.action,
            "severity": self.rule.severity,
            "kind": self.rule.kind,
            "span": self.span,
            "start": self.start,
            "end": self.end,
        }
        if self.rule.citation:
            out["citation"] = self.rule.citation
        out.update(self.detail)
        return out


class Scan:
    """One text being checked; sentence vectors are computed at most once."""

    def __init__(self, text: str, embed: Callable[[list[str]], np.ndarray] | None = None, stage: str | None = None):
        self.text = text
        self.stage = stage  # input | output | None (unknown: every classifier runs)
        self.index = TextIndex(text)
        self._embed = embed
        self._vectors: np.ndarray | None = None
        self._window_vectors: np.ndarray | None = None
        self._windows: list[tuple[int, int]] | None = None

    def sentences(self) -> list[tuple[int, int]]:
        return list(zip(self.index.starts, self.index.ends))

    def windows(self) -> list[tuple[int, int]]:
        if self._windows is None:
            self._windows = window_spans(self.text)
        return self._windows

    def _embed_spans(self, spans: list[tuple[int, int]]) -> np.ndarray:
        if self._embed is None:
            raise RuntimeError("semantic and classifier rules need an embedder")
        texts = [self.text[s:e].strip() for s, e in spans]
        return self._embed(texts) if texts else np.zeros((0, 384), dtype=np.float32)

    def sentence_vectors(self) -> np.ndarray:
        if self._vectors is None:
            self._vectors = self._embed_spans(self.sentences())
        return self._vectors

    def window_vectors(self) -> np.ndarray:
        if self._window_vectors is None:
            windows, sentences = self.windows(), self.sentences()
            same = [self.text[s:e].strip() for s, e in windows] == [self.text[s:e].strip() for s, e in sentences]
            self._window_vectors = self.sentence_vectors() if same else self._embed_spans(windows)
        return self._window_vectors


def _phrase_regex(phrases: list[str], case_sensitive: bool) -> re.Pattern:
    parts = []
    for phrase in sorted(set(phrases), key=len, reverse=True):
        words = [re.escape(w) for w in phrase.split()]
        body = r"[\s-]+".join(words)
        left = r"\b" if phrase[:1].isalnum() else ""
        right = r"\b" if phrase[-1:].isalnum() else ""
        parts.append(left + body + right)
    return re.compile("|".join(parts), 0 if case_sensitive else re.IGNORECASE)


class CompiledRule:
    def __init__(self, policy: str, rule: Rule, head: Head | None = None):
        self.policy = policy
        self.rule = rule
        self.head = head  # the trained classifier head, for rules with a ``classifier:`` block
        shadow = rule.classifier is not None and rule.classifier.mode == "shadow"
        self.classifier_rule = rule.model_copy(update={"action": "log"}) if shadow else rule
        flags = 0 if rule.case_sensitive else re.IGNORECASE
        self.regexes: list[re.Pattern] = []
        if rule.kind == "phrases":
            self.regexes = [_phrase_regex(rule.phrases or [], rule.case_sensitive)]
        elif rule.kind == "regex":
            self.regexes = [re.compile(p, flags) for p in rule.patterns or []]
        self.pii_types = frozenset(rule.pii or [])
        self.exempt_if = [re.compile(p, re.IGNORECASE) for p in rule.exempt_if]
        self.unless = tuple(re.compile(p, re.IGNORECASE) for p in rule.unless)
        self.example_vectors: np.ndarray | None = None  # similar_to, set by prepare_semantic
        self.unlike_vectors: np.ndarray | None = None

    def prepare_semantic(self, embed: Callable[[list[str]], np.ndarray]) -> None:
        if self.rule.kind == "semantic" and self.example_vectors is None:
            self.example_vectors = embed(list(self.rule.similar_to or []))
            unlike = list(self.rule.unlike or [])
            self.unlike_vectors = embed(unlike) if unlike else None

    @property
    def needs_embedder(self) -> bool:
        return self.rule.kind == "semantic" or self.rule.classifier is not None

    def find(self, scan: Scan) -> list[Hit]:
        hits = self._find(scan)
        hits += self._find_classifier(scan, hits)
        if self.exempt_if and hits:
            hits = [h for h in hits if not self._exempt_by_pattern(scan, h)]
        for h in hits:
            h.unless = self.unless
        return hits

    def _exempt_by_pattern(self, scan: Scan, hit: Hit) -> bool:
        start, end = scan.index.sentence_of(hit.start)
        sentence = scan.text[start : max(end, hit.end)]
        return any(p.search(sentence) for p in self.exempt_if)

    def _find(self, scan: Scan) -> list[Hit]:
        kind = self.rule.kind
        if kind in ("phrases", "regex"):
            return self._find_lexical(scan)
        if kind == "pii":
            return [
                Hit(self.policy, self.rule, m.start, m.end, m.masked(), {"pii_type": m.type})
                for m in find_pii(scan.text, self.pii_types)
            ]
        if kind == "semantic":
            return self._find_semantic(scan)
        return []  # classifier: see _find_classifier; llm_judge runs asynchronously: see judge()

    def _find_classifier(self, scan: Scan, found: list[Hit]) -> list[Hit]:
        """Units (sentences, or windows) the head flags that the rule's own spans do not already
        explain; then the whole answer (mean of its sentences) when no single sentence is flagged."""
        spec, head = self.rule.classifier, self.head
        if spec is None or head is None or not scan.text.strip():
            return []
        if spec.stage not in (None, "both") and scan.stage not in (None, spec.stage):
            return []
        threshold = spec.threshold or head.threshold
        units, vectors = scan.sentences(), scan.sentence_vectors()
        if spec.windows and len(scan.windows()) > 1:  # a long input: its windows, and its longer sentences
            # (an attack at the end of a long benign text is diluted in its window, not in its own sentence;
            # a short sentence alone lacks the context its window gives it)
            long = [i for i, (s, e) in enumerate(units) if len(scan.text[s:e].split()) >= MIN_SENTENCE_WORDS]
            units = scan.windows() + [units[i] for i in long]
            vectors = np.vstack([scan.window_vectors(), vectors[long]])
        probabilities = head.probabilities(vectors)
        hits = []
        for (start, end), probability, vector in zip(units, probabilities, vectors):
            if probability < threshold or any(h.start < end and h.end > start for h in found):
                continue
            exempt = spec.exempt if spec.exempt is not None else self.rule.exempt or []
            if not spec.windows and sentence_exemption(scan.index, start, end, exempt):
                continue  # the rule's own exemptions hold for its head too: a hedged forecast passes
            hits.append(self._classifier_hit(scan, start, end, float(probability), vector, spec.nearest, "sentence"))
        if not hits and not found and len(units) > 1 and not spec.windows:
            whole = vectors.mean(axis=0)
            whole /= np.linalg.norm(whole) or 1.0
            probability = float(head.probabilities(whole[None, :])[0])
            if probability >= threshold:
                hits.append(self._classifier_hit(scan, 0, len(scan.text), probability, whole, spec.nearest, "answer"))
        return hits

    def _classifier_hit(self, scan: Scan, start: int, end: int, probability: float, vector, nearest: int, scope: str):
        assert self.head is not None
        span = scan.text[start:end].strip()
        detail = {
            "classifier": {
                "probability": round(probability, 3),
                "scope": "window" if self.rule.classifier and self.rule.classifier.windows else scope,
                "nearest": self.head.nearest(vector, nearest),
            }
        }
        return Hit(self.policy, self.classifier_rule, start, end, span[:300], detail)

    def _find_lexical(self, scan: Scan) -> list[Hit]:
        hits = []
        for regex in self.regexes:
            for m in regex.finditer(scan.text):
                if m.end() == m.start():
                    continue
                if exemption(scan.index, m.start(), m.end(), self.rule.exempt or []):
                    continue
                hits.append(Hit(self.policy, self.rule, m.start(), m.end(), m.group(0)))
        return hits

    def _find_semantic(self, scan: Scan) -> list[Hit]:
        vectors = scan.sentence_vectors()
        if not len(vectors) or self.example_vectors is None:
            return []
        sims = vectors @ self.example_vectors.T
        best = sims.max(axis=1)
        rival = (vectors @ self.unlike_vectors.T).max(axis=1) if self.unlike_vectors is not None else None
        hits = []
        for i, (start, end) in enumerate(scan.sentences()):
            if best[i] < self.rule.threshold or (rival is not None and rival[i] >= best[i]):
                continue
            if sentence_exemption(scan.index, start, end, self.rule.exempt or []):
                continue
            span = scan.text[start:end].strip()
            hits.append(Hit(self.policy, self.rule, start, end, span, {"similarity": round(float(best[i]), 3)}))
        return hits

    async def judge(self, scan: Scan, judge_fn: JudgeFn) -> list[Hit]:
        judge = self.rule.judge
        if judge is None or not scan.text.strip():
            return []
        if await judge_fn(judge.question, scan.text, judge.model):
            return [Hit(self.policy, self.rule, 0, len(scan.text), scan.text[:200], {"judge": "yes"}, self.unless)]
        return []


def apply_redactions(text: str, hits: list[Hit]) -> str:
    """Replace each redact-hit's span with the rule's replacement, right to left."""
    spans = sorted(
        {
            (h.start, h.end, h.rule.replacement.format(type=h.detail.get("pii_type", h.rule.id).upper()))
            for h in hits
            if h.rule.action == "redact"
        },
        reverse=True,
    )
    pieces: list[str] = []  # right to left; joined once, so many redactions stay linear
    last_start = len(text)
    for start, end, replacement in spans:
        if end > last_start:
            continue  # overlapping redactions: the later one already covers it
        pieces += [text[end:last_start], replacement]
        last_start = start
    pieces.append(text[:last_start])
    return "".join(reversed(pieces))
