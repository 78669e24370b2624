"""The extractive reader: which words of a passage answer the question (issue 11 round 7).

A short answer that names *another* entity of its own passage ("Who ruled Normandy in 911?" —
"Charles III", where the passage says Rollo was granted the land by Charles III) passes every strict
check: each of its words is in the source. What is missing is what the passage says answers the
question. This model reads the question against a window of the source and gives, for every token of
the window, the probability that the answer starts or ends there, plus a "no answer here" option (SQuAD
2.0 style). It reuses the entailment verifier's frozen encoder (MiniLM's first 4 layers, int8, one text
at a time — entailment.TokenEncoder, same settings, so a window's vectors are shared with it). Round 9:
the question and the window are then read *together* by a fine-tuned copy of MiniLM's fifth layer over
[no answer] + question + window (round 7's head aligned each window token with the question's tokens and
never read the question as a whole: top span right for 44% of held-out answerable windows), with
per-token features the uncased encoder cannot see (the word is in the other text, capitalised, a figure,
a year); linear layers give the start/end logits and the "no answer" logits. Only what is trained is
stored (``reader_weights.safetensors``, fp16, ~3.6 MB, with the command, the data files' sha256 and the
check figures in its metadata); ``scripts/train_reader.py`` rebuilds it.

How the scorer uses it (``ReaderStage``; factuality.py calls ``apply``): only for a short answer read
with its question (or a figure alone), only when the answer's words are printed in the sources, and
only on a *confident, same-kind disagreement*: the reader's best span, over the claim's window and the
windows sharing most of the question's words, is not the answer, is the same kind (a year, a number, a
capitalised name, other words) and holds at least ``confidence`` of the probability, while the answer's
own spans hold at most ``answer_ceiling``. Everything else — the reader unsure, abstaining, or pointing
at something of another kind (a multi-hop question's bridge entity, a person where a country is
asked) — leaves the claim as the other stages judged it. Round 3's "question alignment" feature hurt
right answers of multi-hop questions because it acted on every answer outside the question's sentence;
here an answer the reader does not find is never punished, only one that the passage answers otherwise.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from pathlib import Path

from .claims import strip_lead_in
from .entailment import HIDDEN, load_head, pad
from .text import STOPWORDS, content_stems, split_sentences

WEIGHTS_FILE = Path(__file__).with_name("reader_weights.safetensors")
LAYERS = 1  # MiniLM layers read over question + window (after the 4 frozen ones)
MAX_SPAN = 12  # tokens: SQuAD answers are short
CACHE = 512  # (question, window) pairs whose probabilities are kept


FEATURES = 4  # per token: in the other text, capitalised, has a digit, part of a year
_WORD = re.compile(r"[\w'’-]+")
_YEAR = re.compile(r"(1[0-9]{3}|20[0-9]{2})s?")


def token_features(text: str, offs, other: str) -> list[tuple[float, ...]]:
    """What the uncased encoder cannot see, per token of ``text``: its word is a content word of
    ``other`` (DrQA's exact match), it is capitalised in the text, it holds a digit, its word is a year."""
    given = {w.lower() for w in _WORD.findall(other)} - STOPWORDS
    spans = [(m.start(), m.end()) for m in _WORD.finditer(text)]
    out: list[tuple[float, ...]] = []
    k = 0
    for a, b in offs:
        while k < len(spans) and spans[k][1] <= a:
            k += 1
        word = text[spans[k][0] : spans[k][1]] if k < len(spans) and spans[k][0] <= a else text[a:b]
        out.append(
            (
                float(word.lower() in given),
                float(word[:1].isupper()),
                float(any(c.isdigit() for c in text[a:b])),
                float(bool(_YEAR.fullmatch(word))),
            )
        )
    return out


def build_head():
    """Question and window read together by MiniLM's own fifth layer: the frozen encoder's vectors of
    both texts (layer 4, int8, each text alone — shared with the entailment stage), plus their token
    features and a segment vector, go through a copy of the packaged model's fifth layer (its weights
    the starting point, fine-tuned) as one sequence [no answer] + question + window, so every window
    token attends to the whole question; linear layers give the start/end logits, and "no answer" is
    read off the first position."""
    import torch
    from transformers import BertConfig
    from transformers.models.bert.modeling_bert import BertLayer

    from ..embeddings import minilm_model_dir

    config = BertConfig.from_pretrained(str(minilm_model_dir()))
    config._attn_implementation = "eager"

    class ReaderHead(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.top = torch.nn.ModuleList([BertLayer(config) for _ in range(LAYERS)])
            self.segment = torch.nn.Parameter(torch.zeros(3, HIDDEN))  # no answer, question, window
            self.feature = torch.nn.Linear(FEATURES, HIDDEN)
            torch.nn.init.zeros_(self.feature.weight)
            self.span = torch.nn.Linear(HIDDEN, 2)
            self.null = torch.nn.Linear(HIDDEN, 2)

        def forward(self, q, qmask, p, pmask, qf, pf):
            """q: (B, m, H) question token vectors, p: (B, n, H) window ones; masks True where real; qf,
            pf: their token features (B, m|n, FEATURES). Returns (start, end) logits, each (B, 1 + n):
            position 0 is "no answer here"."""
            b, m = q.shape[0], q.shape[1]
            x = torch.cat(
                [
                    self.segment[0].expand(b, 1, -1),
                    q + self.feature(qf) + self.segment[1],
                    p + self.feature(pf) + self.segment[2],
                ],
                1,
            )
            mask = torch.cat([torch.ones(b, 1, dtype=torch.bool), qmask, pmask], 1)
            bias = (~mask)[:, None, None, :].float() * -1e4
            for layer in self.top:
                out = layer(x, attention_mask=bias)
                x = out[0] if isinstance(out, tuple) else out
            logits = self.span(x[:, 1 + m :]).masked_fill(~pmask.unsqueeze(-1), -1e4)  # (B, n, 2)
            null = self.null(x[:, 0])  # (B, 2)
            start = torch.cat([null[:, :1], logits[..., 0]], 1)
            end = torch.cat([null[:, 1:], logits[..., 1]], 1)
            return start, end

    return ReaderHead()


def pretrained_top(head, first: int = 4) -> None:
    """Start ``head``'s layers from the packaged MiniLM's layers ``first``, ``first + 1``, … (training)."""
    from transformers import BertModel

    from ..embeddings import minilm_model_dir, quiet_transformers

    with quiet_transformers():
        model = BertModel.from_pretrained(str(minilm_model_dir()), add_pooling_layer=False)
    for k, layer in enumerate(head.top):
        layer.load_state_dict(model.encoder.layer[first + k].state_dict())


def features(items: list[tuple[str, str]], offsets) -> tuple:
    """(question features, window features) padded tensors for (question, window) pairs; ``offsets``:
    text → its tokens' character spans."""
    import torch

    def one(text: str, other: str):
        f = token_features(text, offsets(text), other)
        return torch.tensor(f, dtype=torch.float32).reshape(len(f), FEATURES)

    qf, _ = pad([one(q, w) for q, w in items])
    pf, _ = pad([one(w, q) for q, w in items])
    return qf, pf


@dataclass
class Reading:
    """What the reader says about one window: its best span, the probability of "no answer here", and
    the probability the window's tokens give to ``answer``'s occurrences."""

    best: str | None  # the best span's text (None: no span beats "no answer")
    best_p: float  # P(best span)
    null_p: float
    answer_p: float  # the largest P(start in an occurrence) × P(end in it); 0 when not in the window


_ARTICLE = re.compile(r"^(?:the|a|an)\s+", re.I)


def _norm(text: str) -> str:
    return _ARTICLE.sub("", re.sub(r"\s+", " ", text.strip().strip(".,;:!?\"'()").lower()))


def occurrences(window: str, answer: str) -> list[tuple[int, int]]:
    """Character spans of ``answer`` in ``window`` (case-insensitive, without a leading article)."""
    needle = _norm(answer)
    if not needle:
        return []
    return [(m.start(), m.end()) for m in re.finditer(r"(?<!\w)" + re.escape(needle) + r"(?!\w)", window.lower())]


def kind(text: str) -> str:
    """year | number | name | other — the shape of an answer, what "same kind" compares."""
    text = _norm(text)
    words = text.split()
    if re.fullmatch(r"(1[0-9]{3}|20[0-9]{2})s?", text):
        return "year"
    if re.search(r"\d", text) and len(words) <= 4:
        return "number"
    return "other"


def agree(span: str, answer: str) -> bool:
    """The reader's span and the answer say the same: one holds the other, or they share a content word
    or a figure ("deterministic Turing machine" / "A deterministic Turing machine", "1,000" / "1000")."""
    a, b = _norm(span), _norm(answer)
    if a in b or b in a:
        return True
    figures = {re.sub(r"[,.]", "", m) for m in re.findall(r"\d[\d,.]*", a)}
    return bool(
        content_stems(a) & content_stems(b) or figures & {re.sub(r"[,.]", "", m) for m in re.findall(r"\d[\d,.]*", b)}
    )


def one_sentence(window: str, span: str, answer: str) -> bool:
    """``span`` and ``answer`` are printed in one sentence of ``window``: "Bohemond of Taranto and his
    nephew Tancred", "introduced into EU law in 2007, … since the Treaty of Rome 1957". A multi-hop
    question's first hop ("Robert's son's nephew" → Bohemond) or a second date of the same statement is
    what the reader then found, not another answer to the question (fmulti). Sentences glued without a
    space ("… other ctenophores.Mao Zedong once argued …", passages concatenated naively) are two."""
    sentences = split_sentences(window)  # glued sentences are two (text.GLUED)
    return any(occurrences(s, span) and occurrences(s, answer) for s in sentences)


def kind_cased(text: str) -> str:
    k = kind(text)
    words = text.strip().strip(".,;:!?\"'()").split()
    if k == "other" and words and words[0][:1].isupper() and words[-1][:1].isupper():
        return "name"
    return k


def answer_words(claim: str, question: str) -> str | None:
    """The part of a short answer that answers: the claim itself, or — for a sentence echoing the
    question ("The Norse leader was Rollo.") — its run of words from the first to the last word the
    question does not contain."""
    claim = strip_lead_in(claim)
    words = list(re.finditer(r"[\w$€£%.,'’-]+", claim))
    known = {w.lower().strip(".,") for w in re.findall(r"[\w'’-]+", question)} | STOPWORDS
    new = [m for m in words if m.group(0).lower().strip(".,") not in known]
    if not new:
        return None
    if len(new) == len(words):
        return claim.strip().rstrip(".")
    return claim[new[0].start() : new[-1].end()].rstrip(".,")


class ReaderModel:
    """Lazily loaded, thread-safe: ``read`` gives a Reading per (question, window, answer)."""

    def __init__(self, weights: str | Path, threads: int = 1):
        self.weights, self.threads = Path(weights), threads
        self._head = None
        self._encoder = None
        self._lock = threading.Lock()
        self.metadata: dict = {}
        self._cache: dict[tuple[str, str], tuple] = {}

    def _load(self):
        with self._lock:
            if self._head is None:
                self.metadata, self._head, self._encoder = load_head(self.weights, build_head, self.threads, 4, True)
        return self._head, self._encoder

    def logits(self, items: list[tuple[str, str]]):
        """(start, end) probabilities over [no answer] + tokens and the token offsets, per (question, window).
        The last ``CACHE`` pairs are kept: the slot stage (slot.py) reads the pairs the reader stage read."""
        known = {pair: self._cache[pair] for pair in items if pair in self._cache}
        todo = list(dict.fromkeys(pair for pair in items if pair not in known))
        if todo:
            for pair, out in zip(todo, self._logits(todo)):
                known[pair] = self._cache[pair] = out
            while len(self._cache) > CACHE:  # may drop pairs of this call: they are answered from ``known``
                self._cache.pop(next(iter(self._cache)))
        return [known[pair] for pair in items]

    def _logits(self, items: list[tuple[str, str]]):
        import torch

        head, encoder = self._load()
        vectors = encoder.encode([t for pair in items for t in pair])
        q, qm = pad([vectors[question] for question, _ in items])
        p, pm = pad([vectors[window] for _, window in items])
        qf, pf = features(items, encoder.offsets)
        with torch.inference_mode():
            start, end = head(q, qm, p, pm, qf, pf)
        start, end = torch.softmax(start, -1), torch.softmax(end, -1)
        return [
            (start[i, : 1 + len(offs)].tolist(), end[i, : 1 + len(offs)].tolist(), offs)
            for i, offs in enumerate(encoder.offsets(window) for _, window in items)
        ]

    def read(self, items: list[tuple[str, str, str]]) -> list[Reading]:
        """A Reading per (question, window, answer)."""
        if not items:
            return []
        out = []
        for (_, window, answer), (start, end, offs) in zip(items, self.logits([(q, w) for q, w, _ in items])):
            out.append(reading(window, answer, start, end, offs))
        return out


def best_span(start, end, offs, banned=frozenset()):
    """(P, first token, last token) of the most probable span not touching a ``banned`` token."""
    best = (0.0, -1, -1)
    n = len(offs)
    for i in range(n):
        if i in banned or start[1 + i] * max(end[1 + i : 1 + n]) <= best[0]:
            continue
        for j in range(i, min(n, i + MAX_SPAN)):
            if j in banned:
                break
            score = start[1 + i] * end[1 + j]
            if score > best[0]:
                best = (score, i, j)
    return best


def valid_mass(start, end, n: int) -> float:
    """P(no answer) + P(any span the reader may answer: end not before start, at most MAX_SPAN tokens).
    Round 9: probabilities are read relative to it — the start and end distributions are independent,
    so a start on "2011" and an end on a "2019" twenty tokens later is mass no answer can take."""
    return start[0] * end[0] + sum(start[1 + i] * sum(end[1 + i : 1 + min(n, i + MAX_SPAN)]) for i in range(n))


def reading(window: str, answer: str, start, end, offs) -> Reading:
    spans = occurrences(window, answer)
    covered = [[t for t, (a, b) in enumerate(offs) if a < e and b > s] for s, e in spans]
    answer_p = max((sum(start[1 + t] for t in ts) * sum(end[1 + t] for t in ts) for ts in covered if ts), default=0.0)
    p, i, j = best_span(start, end, offs, frozenset(t for ts in covered for t in ts))
    text = window[offs[i][0] : offs[j][1]] if i >= 0 else None
    z = max(valid_mass(start, end, len(offs)), 1e-9)
    return Reading(text, p / z, start[0] * end[0] / z, min(1.0, answer_p / z))


@dataclass
class ReaderStage:
    """Acts on a short answer only on a confident, same-kind disagreement (module docstring)."""

    model: ReaderModel
    confidence: float = 0.5
    answer_ceiling: float = 0.05
    windows: int = 0  # windows sharing most of the question's words, read beside the claim's own
    cap: float = 0.05  # the claim's probability after a disagreement
    same_kind: bool = True  # act only when the reader's span is the answer's kind
    polar_confidence: float = 0.3  # a yes/no question about a named subject: the other name's probability …
    polar_ratio: float = 4.0  # … at least this many times the answer's (``rival``)
    printed_only: bool = True  # act only on answers printed in the sources
    printed_figures_only: bool = False  # a figure (kind "number") the sources do not print is left to the figure checks
    one_sentence: bool = True  # a span printed in one sentence with the answer is its statement's, not a rival answer

    def acts_on(self, answer: str, printed: bool, polar: bool = False) -> bool:
        """Whether the stage may judge ``answer`` at all (``printed``: the answer is in the sources; ``polar``: a
        yes/no question's other name, ``rival``). A computed figure printed nowhere ("14.1%" from two printed
        amounts) is what the figure checks read: the reader can only name a printed number in its place."""
        if printed:
            return True
        if self.printed_only:
            return False
        return polar or not (self.printed_figures_only and kind(answer) == "number")

    def disagreement(
        self, answer: str, readings: list[Reading], printed: bool, windows: list[str] | None = None
    ) -> Reading | None:
        """The reading that contradicts ``answer``, or None. ``printed``: the answer is in the sources;
        ``windows``: what each reading read."""
        if not readings or not self.acts_on(answer, printed):
            return None
        if max(r.answer_p for r in readings) > self.answer_ceiling:
            return None
        k = max(range(len(readings)), key=lambda i: readings[i].best_p)
        top = readings[k]
        if top.best is None or top.best_p < self.confidence:
            return None
        if self.same_kind and kind_cased(top.best) != kind_cased(answer):
            return None
        if self.one_sentence and windows and one_sentence(windows[k], top.best, answer):
            return None
        return None if agree(top.best, answer) else top

    def rival(self, answer: str, readings: list[Reading], rival: str) -> Reading | None:
        """For a yes/no question about a named subject: the reading that prefers the other name —
        ``rival`` (the subject, when the answer puts another name in its place) or, when the answer is
        the subject, any same-kind span — at least ``polar_confidence`` and ``polar_ratio`` times the
        answer's own probability. Two names are compared, so a reader that is not sure of either
        (``confidence`` is for one span against everything) still tells which the passage backs."""
        for r in sorted(readings, key=lambda r: -r.best_p):
            if r.best is None or r.best_p < self.polar_confidence or r.answer_p * self.polar_ratio > r.best_p:
                continue
            if kind_cased(r.best) != kind_cased(answer) or agree(r.best, answer):
                continue
            if rival != answer and not agree(r.best, rival):
                continue
            return r
        return None

    def apply(self, todo: list[tuple]) -> None:
        """``todo``: (verdict, question, answer words, windows, the sources' text, the polar question's
        subject or None) per short answer. A
        verdict the reader contradicts becomes unsupported, its probability at most ``cap``."""
        items = [(v, q, a, w, bool(occurrences(text, a)), rival) for v, q, a, w, text, rival in todo]
        items = [item for item in items if self.acts_on(item[2], item[4], item[5] is not None)]
        # the claim's own window first: an answer it gives more than ``answer_ceiling`` is never overruled, so the
        # other windows are read only for the rest (the same verdicts, fewer reads: round 21a's reader is costlier)
        first = iter(self.model.read([(q, windows[0], a) for _, q, a, windows, _, _ in items if windows]))
        heads = [[next(first)] if item[3] else [] for item in items]
        more = [
            bool(head) and (item[5] is not None or head[0].answer_p <= self.answer_ceiling)
            for item, head in zip(items, heads)
        ]
        rest = iter(self.model.read([(q, w, a) for (_, q, a, ws, _, _), m in zip(items, more) if m for w in ws[1:]]))
        for (v, _, answer, windows, printed, rival), head, m in zip(items, heads, more):
            read = head + ([next(rest) for _ in windows[1:]] if m else [])
            found = (
                self.disagreement(answer, read, printed, windows) if rival is None else self.rival(answer, read, rival)
            )
            if found is None:
                continue
            v.supported, v.error_kind = False, "entity"
            v.probability = min(v.probability if v.probability is not None else 1.0, self.cap)
            why = f"the passage answers the question with '{found.best}' (reader {found.best_p:.2f}), not '{answer}'"
            v.reason = "; ".join(r for r in (v.reason, why) if r)
