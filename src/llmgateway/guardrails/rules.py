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

from .classifier import Head, Trunk
from .context import TextIndex, exemption, sentence_exemption
from .encoder import encoder_for
from .frames import Frames
from .input_units import INPUT_ENCODER, InputUnits, input_units
from .lexical_view import APOSTROPHES, LexicalView
from .ngram import NgramRule
from .ngram import unit_spans as ngram_units
from .pii import find_pii
from .schema import Rule
from .second_opinion import LINEAR, VOTE, SecondOpinion

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
        plain = whole_text.translate(APOSTROPHES)
        return any(p.search(plain) for p in self.unless)

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

    def __init__(
        self,
        text: str,
        embed: Callable[[list[str]], np.ndarray] | None = None,
        stage: str | None = None,
        embedder=None,
    ):
        """``embedder``: the ``Embedder`` whose MiniLM the answer heads' single pass uses (default:
        the one ``embed`` belongs to)."""
        self.text = text
        self.stage = stage  # input | output | None (unknown: every classifier runs)
        self.index = TextIndex(text)
        self._lexical: LexicalView | None = None
        self._embed = embed
        self._vectors: np.ndarray | None = None
        self._inputs: dict[tuple, InputUnits] = {}
        self._embedder = embedder
        self._answer: dict[tuple, tuple[np.ndarray, np.ndarray]] = {}
        self._hidden: dict[int, np.ndarray] = {}
        self._second: np.ndarray | None = None

    def sentences(self) -> list[tuple[int, int]]:
        return list(zip(self.index.starts, self.index.ends))

    def lexical(self) -> LexicalView:
        """What regex and phrase rules search (look-alike characters folded, invisible ones dropped)."""
        if self._lexical is None:
            self._lexical = LexicalView(self.text)
        return self._lexical

    def _embed_spans(self, spans: list[tuple[int, int]]) -> np.ndarray:
        if self._embed is None:
            raise RuntimeError("semantic and classifier rules need an embedder")
        texts = [self.text[s:e].strip() for s, e in spans]
        return self._embed(texts) if texts else np.zeros((0, 384), dtype=np.float32)

    def second_similarities(self, second: SecondOpinion, head: Head) -> np.ndarray:
        """(training units, sentences) cosines for the grey band's vote, once per text."""
        if self._second is None:
            self._second = second.similarities(self.answer_vectors(head.trunk)[0])
        return self._second

    def sentence_embeddings(self, spans: list[tuple[int, int]]) -> np.ndarray:
        """The full MiniLM sentence embeddings of some sentences (the embedder caches each text)."""
        return self._embed_spans(spans)

    def sentence_vectors(self) -> np.ndarray:
        if self._vectors is None:
            self._vectors = self._embed_spans(self.sentences())
        return self._vectors

    def answer_vectors(self, trunk: Trunk | None = None) -> tuple[np.ndarray, np.ndarray]:
        """(contextual sentence vectors, whole-answer vector) from ONE MiniLM pass over the text,
        shared by every answer head (``encoder.py``); ``trunk`` carries the encoder the heads were
        trained on (its config and fine-tuned layer updates, from the artifact)."""
        config, delta = (trunk.encoder, trunk.delta) if trunk is not None else ({}, {})
        key = (tuple(sorted(config.items())), config.get("tuned"))
        if key not in self._answer:
            encoder = encoder_for(self._embedder or self._embed, config, delta)
            self._answer[key] = encoder.pool(self.text, self.sentences())
        return self._answer[key]

    def answer_hidden(self, head: Head) -> np.ndarray:
        """The shared trunk's hidden layer for every sentence and the whole answer (last row),
        computed once per text for all the heads on that trunk."""
        assert head.trunk is not None
        key = id(head.trunk)
        if key not in self._hidden:
            units, whole = self.answer_vectors(head.trunk)
            self._hidden[key] = head.trunk.hidden(np.vstack([units, whole[None, :]]))
        return self._hidden[key]

    def input_units(self, config: dict | None = None) -> InputUnits:
        """The token windows and sentences of the text with their vectors, from ONE pass of the
        input heads' encoder (``input_units.py``), shared by every window head."""
        config = config or INPUT_ENCODER
        key = tuple(sorted(config.items()))
        if key not in self._inputs:
            self._inputs[key] = input_units(encoder_for(self._embedder or self._embed, config), self.text)
        return self._inputs[key]


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
    def __init__(
        self,
        policy: str,
        rule: Rule,
        head: Head | None = None,
        second: SecondOpinion | None = None,
        ngram: NgramRule | None = None,
    ):
        self.policy = policy
        self.rule = rule
        self.head = head  # the trained classifier head, for rules with a ``classifier:`` block
        mode = rule.classifier.mode if rule.classifier is not None else "enforce"
        action = {"shadow": "log", "review": "review"}.get(mode)
        self.classifier_rule = rule.model_copy(update={"action": action}) if action else rule
        reader = rule.classifier.ngram if rule.classifier is not None else None
        self.ngram = ngram if reader is not None else None
        shadow = reader is not None and reader.mode == "shadow"
        self.ngram_rule = rule.model_copy(update={"action": "log"}) if shadow else self.classifier_rule
        spec = rule.classifier.second_opinion if rule.classifier is not None else None
        self.second = second if spec is not None and head is not None and head.trunk is not None else None
        if spec is not None:
            mild = rule.action not in ("block", "review")
            self.second_rule = rule.model_copy(update={"action": spec.action or (rule.action if mild else "review")})
        flags = 0 if rule.case_sensitive else re.IGNORECASE
        self.regexes: list[re.Pattern] = []
        if rule.kind == "phrases":
            self.regexes = [_phrase_regex(rule.phrases or [], rule.case_sensitive)]
        elif rule.kind == "regex":
            self.regexes = [re.compile(p, flags) for p in rule.patterns or []]
        self.pii_types = frozenset(rule.pii or [])
        self.exempt_if = [re.compile(p, re.IGNORECASE) for p in rule.exempt_if]
        frames = rule.rejecting_frames
        self.frames = Frames(frames.before, frames.after) if frames else None
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
        sentence = scan.index.plain[start : max(end, hit.end)]
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
        """Sentences the head flags that the rule's own spans do not already explain; then the whole
        answer (pooled from the same single MiniLM pass) when no single sentence is flagged. Window
        heads (long inputs): ``_find_windows``."""
        spec, head = self.rule.classifier, self.head
        if spec is None or head is None or not scan.text.strip():
            return []
        if spec.stage not in (None, "both") and scan.stage not in (None, spec.stage):
            return []
        threshold = spec.threshold or head.threshold
        if spec.windows:
            return self._find_windows(scan, found, threshold)
        units = scan.sentences()
        vectors, whole = scan.answer_vectors(head.trunk)
        hidden = scan.answer_hidden(head) if head.trunk is not None else None
        if hidden is not None:
            probabilities = 1.0 / (1.0 + np.exp(-(hidden @ head.weights + head.bias)))
        else:
            probabilities = head.probabilities(np.vstack([vectors, whole[None, :]]))
        empty = np.asarray(~vectors.any(axis=1))  # a span without tokens (punctuation only)
        exempt = spec.exempt if spec.exempt is not None else self.rule.exempt or []
        # the grey band, where the head is unsure: under its threshold by at most the band (and, for a head
        # whose findings need confirming, everything over it too)
        second = spec.second_opinion if self.second else None
        low = threshold - second.band if second else 2.0
        confirm = second is not None and second.confirm
        hits, grey = [], []
        for i, (start, end) in enumerate(units):
            if (
                empty[i]
                or probabilities[i] < min(threshold, low)
                or any(h.start < end and h.end > start for h in found)
            ):
                continue
            if sentence_exemption(scan.index, start, end, exempt):
                continue  # the rule's own exemptions hold for its head too: a hedged forecast passes
            if self.frames and self.frames.rejects_sentence(scan.index, start, end):
                continue
            if probabilities[i] < threshold or confirm:
                grey += [i] if probabilities[i] >= low else []
                continue
            hits.append(
                self._classifier_hit(scan, start, end, float(probabilities[i]), vectors[i], spec.nearest, "sentence")
            )
        if not confirm and not hits and not found and len(units) > 1 and probabilities[-1] >= threshold:
            hits.append(
                self._classifier_hit(scan, 0, len(scan.text), float(probabilities[-1]), whole, spec.nearest, "answer")
            )
        if grey:
            hits += self._second_opinion(scan, grey, probabilities)
        return hits

    def _second_opinion(self, scan: Scan, grey: list[int], probabilities) -> list[Hit]:
        """Grey-band sentences the second opinion confirms (``second_opinion.py``): the nearest
        training sentences' vote on the serving vectors, and a linear head over the frozen 6-layer
        MiniLM sentence embedding (one batch for the grey sentences only)."""
        assert self.second is not None and self.head is not None
        key = f"{self.policy}/{self.rule.id}"
        sims = scan.second_similarities(self.second, self.head)  # the heads' own vectors: no extra pass
        votes = {i: self.second.vote(sims[:, i], key) for i in grey}
        chosen = [i for i in grey if votes[i] >= VOTE]
        if not chosen:
            return []
        spans, hits = scan.sentences(), []
        for i, embedding in zip(chosen, scan.sentence_embeddings([spans[i] for i in chosen])):
            linear = self.second.linear(embedding, key)
            if linear < LINEAR:
                continue
            start, end = spans[i]
            reading = {
                "head_probability": round(float(probabilities[i]), 3),
                "vote": votes[i],
                "linear": round(linear, 3),
            }
            hits.append(
                Hit(
                    self.policy,
                    self.second_rule,
                    start,
                    end,
                    scan.text[start:end].strip()[:300],
                    {"second_opinion": reading},
                )
            )
        return hits

    def _find_windows(self, scan: Scan, found: list[Hit], threshold: float) -> list[Hit]:
        """Token windows over the whole input and its sentences (the longer ones, for a long input),
        all pooled from one pass of the encoder the head was trained on (``input_units.py``)."""
        assert self.head is not None and self.rule.classifier is not None
        units = scan.input_units(self.head.encoder)
        probabilities = self.head.probabilities(units.vectors)
        nearest = self.rule.classifier.nearest
        hits = [
            self._classifier_hit(scan, start, end, float(p), vector, nearest, "window")
            for (start, end), p, vector in zip(units.spans, probabilities, units.vectors)
            if p >= threshold and not any(h.start < end and h.end > start for h in found)
        ]
        return hits + (self._find_ngrams(scan, found + hits) if self.ngram is not None else [])

    def _find_ngrams(self, scan: Scan, found: list[Hit]) -> list[Hit]:
        """The n-gram reader beside the head (``ngram.py``): its units over its own threshold that no
        earlier finding covers, strongest first and not overlapping each other; each names the
        n-grams that carried it."""
        assert self.ngram is not None and self.rule.classifier is not None and self.rule.classifier.ngram is not None
        threshold = self.rule.classifier.ngram.threshold or self.ngram.threshold
        spans, _ = ngram_units(scan.text)
        scores = self.ngram.scores(scan.text, spans)
        hits: list[Hit] = []
        for i in np.argsort(-scores, kind="stable"):
            start, end = spans[i]
            if scores[i] < threshold:
                break
            if any(h.start < end and h.end > start for h in found + hits):
                continue
            unit = scan.text[start:end]
            reading = {"probability": round(float(scores[i]), 3), "ngrams": self.ngram.explain(unit)}
            hits.append(Hit(self.policy, self.ngram_rule, start, end, unit.strip()[:300], {"ngram": reading}))
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
        view = scan.lexical()
        for regex in self.regexes:
            for m in regex.finditer(view.text):
                if m.end() == m.start():
                    continue
                start, end = view.original_span(m.start(), m.end())
                if exemption(scan.index, start, end, self.rule.exempt or []):
                    continue
                if self.frames and self.frames.rejects(scan.index, start, end):
                    continue
                hits.append(Hit(self.policy, self.rule, start, end, scan.text[start:end]))
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
