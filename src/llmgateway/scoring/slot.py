"""Does a short answer fill the question's slot? (issue 11 round 17b)

"Who ruled Normandy in 911?" — "Charles III", over a passage saying Rollo was granted Normandy by Charles
III. Every word of the wrong answer is printed, the passage is about the question, and round 16b found that
the verifier scores such an answer 0.90–0.96 (above its unsure band, so the entailment stage never reads
it) while both entailment heads score the right and the wrong version alike; the reader (reader.py) acts
only when it is confident of another span *and* gives the answer almost nothing. What is missing is a
model of what "answers the question" means: in the passage, the answer is tied to the question's subject
and relation (the one born in X, the film directed by Y), not merely present.

This stage measures that tie for the answer and for every *rival* — each other span of the answer's kind
(a year, a number, a capitalised name) the sources print — and a logistic head weighs the comparison:

* ``share`` / ``near``: how much of the question's content (IDF-weighted over the sources' sentences) the
  sentence holding the span prints, and how close to the span those words stand (exp(−distance / 8));
  the answer's best sentence against the best rival's;
* whether the span stands in the sentence that shares most of the question's words;
* the reader's probability of the span (its start/end distributions over the windows it read, shared with
  the reader stage through ``ReaderModel.logits``' cache), the answer's against the best rival's, and the
  reader's "no answer here";
* type agreement: the kind the question asks for ("when / what year" → a year, "how many" → a number,
  "who / where" → a name) against the answer's.

The head (``slot_weights.json``, ~1.4 KB, with its training command, data provenance and out-of-fold figures) is
trained by ``scripts/train_slot.py`` on features recorded through this very path on public extractive-QA
questions (SQuAD 2.0 dev, the dev-split articles only): the gold span against other spans printed in the same
paragraph (of its kind, and other questions' answers) and an answer the knowledge does not print. Only short
answers read with their question reach it (the reader stage's items: not a comparison question, not a located
filing table, not a yes/no question about a named subject), and not a question offering alternatives, an amount
(currency, percentage, scale word), a number the sources do not print (a derived figure), a formula or a Yes/No.
Below ``threshold`` the claim is unsupported, capped at ``cap``, and the verdict says why: ``the passage ties
'2019' to "Its assets reached $1.2 billion in 2019, …" (26% of the question's weight); the question asks about
'Kestrel, Fund, launched', which the passage ties to '2011'``. Opt-in (``scoring.factuality.slot``): on, it lost
one right answer of the own labelled holdout (docs/scoring.md round 17b).
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from pathlib import Path

from .lexical import inverse_document_frequency, terms
from .reader import MAX_SPAN, ReaderModel, agree, best_span, kind_cased, occurrences, valid_mass
from .text import STOPWORDS, split_sentences, tokens

WEIGHTS_FILE = Path(__file__).with_name("slot_weights.json")
FEATURES = (
    "answer_share",
    "answer_near",
    "rival_share_gain",
    "rival_near_gain",
    "answer_in_best",
    "rival_in_best",
    "answer_reader",
    "rival_reader_gain",
    "no_answer",
    "type_agreement",
    "printed",
    "has_rival",
)
DECAY = 8.0  # tokens: how fast a question word's pull on a span fades with distance
KINDS = ("year", "number", "name")  # kinds whose rivals are every same-kind span (other words: the reader's spans)
READER_FLOOR = 0.05  # a reader span below this probability is no rival
_FIGURE = re.compile(r"[$€£%]|\b(?:million|billion|thousand|bn|percent)\b", re.I)  # amounts: the figure checks' domain
SENTENCES = 8  # rivals come from the sentences sharing most of the question

_YEAR = re.compile(r"(?<![\w.])(1[0-9]{3}|20[0-9]{2})s?(?![\w.])")
_NUMBER = re.compile(r"(?<![\w.])\d[\d,]*(?:\.\d+)?(?:\s(?:million|billion|thousand|percent|%))?")
_NAME = re.compile(r"[A-Z][\w'’.-]*(?:\s+(?:(?:of|de|la|von|van|the|and|du|da)\s+)?[A-Z][\w'’-]*)*")
_ALTERNATIVES = re.compile(r"\bor\b", re.I)
_WORKED = re.compile(r"=|\bcalculated as\b|^\s*(?:yes|no)\b", re.I)  # a formula or a verdict: other stages judge it


def expected_kind(question: str) -> str | None:
    """The kind of span the question asks for: year | number | name | None (not said)."""
    q = question.lower()
    if re.search(
        r"\b(?:what|which|in what|in which)\s+(?:year|decade|century)\b|^\s*when\b|\bwhen (?:was|were|did|is|does|do)\b",
        q,
    ):
        return "year"
    if re.search(
        r"\bhow (?:many|much|long|old|far|large|big|high|tall)\b|\bwhat (?:percentage|percent|number|amount)\b", q
    ):
        return "number"
    if re.search(r"^\s*(?:who|whom|whose|where)\b|\b(?:who|whom|whose) (?:was|were|is|did|does)\b", q):
        return "name"
    return None


def spans(text: str, kind: str) -> list[str]:
    """The spans of ``kind`` that ``text`` prints (a name's leading stopword dropped: "The Normans" → "Normans")."""
    if kind == "year":
        return [m.group(0) for m in _YEAR.finditer(text)]
    if kind == "number":
        return [m.group(0) for m in _NUMBER.finditer(text) if not _YEAR.fullmatch(m.group(0))]
    if kind != "name":
        return []
    out = []
    for m in _NAME.finditer(text):
        words = m.group(0).rstrip(".").split()
        while words and words[0].lower() in STOPWORDS:
            words = words[1:]
        if words and len(words) <= 6:
            out.append(" ".join(words))
    return out


@dataclass
class Tie:
    """How strongly one span is tied to the question in the sources."""

    share: float = 0.0  # the share of the question's IDF weight its sentence prints
    near: float = 0.0  # … each word weighted by its closeness to the span
    in_best: bool = False  # it stands in the sentence sharing most of the question
    reader: float = 0.0  # the reader's probability of the span (best window)
    sentence: str = ""  # the sentence giving ``share``


@dataclass
class _Sentence:
    text: str
    bag: frozenset
    words: tuple  # text.Token
    stems: list[frozenset]  # each token's terms


def _sentences(text: str) -> list[_Sentence]:
    out = []
    for block in text.split("\n"):
        for s in split_sentences(block):
            words = tokens(s)
            out.append(_Sentence(s, terms(s), words, [terms(w.text) for w in words]))
    return out


def _tie(span: str, sentences: list[_Sentence], weights: dict[str, float], best: int) -> Tie:
    total = sum(weights.values()) or 1.0
    out = Tie()
    own = terms(span)
    for k, s in enumerate(sentences):
        found = occurrences(s.text, span)
        if found:
            at = [i for i, t in enumerate(s.words) if any(a <= t.start < b for a, b in found)]
        elif own and own <= s.bag:  # not printed as written, but every content word of it in one sentence
            at = [i for i, x in enumerate(s.stems) if x & own]
        else:
            continue
        share = sum(w for t, w in weights.items() if t in s.bag and t not in own) / total
        near = 0.0
        for t, w in weights.items():
            places = [i for i, x in enumerate(s.stems) if t in x]
            if t not in own and places and at:
                near += w * math.exp(-min(abs(i - j) for i in places for j in at) / DECAY)
        near /= total
        if not out.sentence or (share, near) > (out.share, out.near):
            out.share, out.near, out.sentence = share, near, s.text
        out.in_best = out.in_best or k == best
    return out


def _span_probability(window: str, span: str, start, end, offs) -> float:
    """P(the reader answers ``span``) in one window, relative to what any answer may take (reader.valid_mass)."""
    p = 0.0
    for s, e in occurrences(window, span):
        ts = [t for t, (a, b) in enumerate(offs) if a < e and b > s]
        if ts and ts[-1] - ts[0] < MAX_SPAN:
            p = max(p, sum(start[1 + t] for t in ts) * sum(end[1 + t] for t in ts))
    return min(1.0, p / max(valid_mass(start, end, len(offs)), 1e-9))


@dataclass
class Reading:
    """The features of one short answer, with what the reason quotes."""

    features: list[float]
    answer: Tie
    rival: str | None
    rival_tie: Tie | None
    asked: list[str] = field(default_factory=list)  # the question's heaviest content words


def read(question: str, answer: str, text: str, windows: list[str], logits: list) -> Reading | None:
    """The features of ``answer`` against its rivals in ``text`` (None: an amount, or nothing to weigh). Rivals:
    for a year, a number or a name, every span of that kind in the ``SENTENCES`` sentences sharing most of the
    question's weight (a long page has hundreds); for any answer, the reader's best span in each window
    (``READER_FLOOR``). ``logits``: the reader's (start, end, offsets) per window."""
    kind = kind_cased(answer)
    own = terms(answer)
    if _FIGURE.search(answer) or _WORKED.search(answer) or not own:
        return None
    if kind == "number" and not occurrences(text, answer):
        return None  # a figure the page does not print is computed, or changed: the derivation checks' (derived.py)
    asked_terms = terms(question)
    sentences = _sentences(text)
    if not sentences:
        return None
    idf = inverse_document_frequency([s.bag for s in sentences])
    weights = {t: idf.get(t, idf[""]) for t in asked_terms}
    if not weights:
        return None
    weight = [sum(w for t, w in weights.items() if t in s.bag) for s in sentences]
    ranked = sorted(range(len(sentences)), key=lambda k: -weight[k])
    found = [s for k in ranked[:SENTENCES] for s in spans(sentences[k].text, kind)] if kind in KINDS else []
    for window, (start, end, offs) in zip(windows, logits):
        banned = frozenset(
            t for a, b in occurrences(window, answer) for t, (x, y) in enumerate(offs) if x < b and y > a
        )
        p, i, j = best_span(start, end, offs, banned)
        if i >= 0 and p / max(valid_mass(start, end, len(offs)), 1e-9) >= READER_FLOOR:
            found.append(window[offs[i][0] : offs[j][1]])
    rivals = [
        r
        for r in dict.fromkeys(found)
        if terms(r) and not agree(r, answer) and not agree(r, question) and not (terms(r) <= asked_terms)
    ]
    printed = 1.0 if occurrences(text, answer) else 0.5 if any(own <= s.bag for s in sentences) else 0.0

    def tie(span: str) -> Tie:
        t = _tie(span, sentences, weights, ranked[0])
        t.reader = max((_span_probability(w, span, s, e, o) for w, (s, e, o) in zip(windows, logits)), default=0.0)
        return t

    mine = tie(answer)
    ties = {r: tie(r) for r in rivals}
    top = max(ties, key=lambda r: (ties[r].reader + ties[r].share + ties[r].near, r)) if ties else None
    no_answer = max((s[0] * e[0] / max(valid_mass(s, e, len(o)), 1e-9) for s, e, o in logits), default=0.0)
    wanted = expected_kind(question)
    others = list(ties.values()) or [mine]
    features = [
        mine.share,
        mine.near,
        max(t.share for t in others) - mine.share,
        max(t.near for t in others) - mine.near,
        float(mine.in_best),
        float(any(t.in_best for t in ties.values())),
        _log(mine.reader),
        _log(max(t.reader for t in others)) - _log(mine.reader),
        min(1.0, no_answer),
        0.0 if wanted is None else (1.0 if wanted == kind else -1.0),
        printed,
        float(bool(ties)),
    ]
    asked = sorted(weights, key=lambda t: -weights[t])[:4]
    words = [w.text for w in tokens(question) if w.lower not in STOPWORDS and terms(w.text) & set(asked)]
    return Reading(features, mine, top, ties[top] if top else None, list(dict.fromkeys(words)))


def _log(p: float) -> float:
    return math.log10(p + 1e-4)


@dataclass
class SlotHead:
    """A logistic head over standardised features (``slot_weights.json``)."""

    weights: list[float]
    bias: float
    mean: list[float]
    scale: list[float]
    threshold: float
    metadata: dict = field(default_factory=dict)

    def probability(self, features: list[float]) -> float:
        z = self.bias + sum(w * (x - m) / s for w, x, m, s in zip(self.weights, features, self.mean, self.scale))
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    @classmethod
    def load(cls, path: str | Path = WEIGHTS_FILE) -> SlotHead:
        data = json.loads(Path(path).read_text())
        if data["features"] != list(FEATURES):
            raise ValueError(f"{path}: features {data['features']} are not this module's {list(FEATURES)}")
        return cls(data["weights"], data["bias"], data["mean"], data["scale"], data["threshold"], data["metadata"])


def why(answer: str, r: Reading) -> str:
    """The verdict's reason: where the passage puts the answer, what the question asks about, and the rival
    the passage ties to it."""
    asked = ", ".join(r.asked)
    if r.answer.sentence:
        text = f"the passage ties '{answer}' to \"{_quote(r.answer.sentence, answer)}\""
        text += f" ({round(r.features[0] * 100)}% of the question's weight)"
    else:
        text = f"the passage never ties '{answer}' to what the question asks"
    text += f"; the question asks about '{asked}'"
    if r.rival and r.rival_tie is not None and r.rival_tie.sentence:
        text += f", which the passage ties to '{r.rival}'"
    return text


def _quote(sentence: str, span: str, width: int = 60) -> str:
    found = occurrences(sentence, span)
    if not found or len(sentence) <= 2 * width:
        return sentence
    a, b = found[0]
    lo, hi = max(0, a - width), min(len(sentence), b + width)
    return ("… " if lo else "") + sentence[lo:hi].strip() + (" …" if hi < len(sentence) else "")


@dataclass
class SlotStage:
    """Reads the reader stage's short answers (factuality.py) and rejects those the passage ties less to
    the question than a rival (module docstring). ``record``: when a list, every reading is appended as
    (question, answer, features) and nothing is judged (``scripts/train_slot.py``)."""

    model: ReaderModel
    head: SlotHead | None
    cap: float = 0.05
    record: list | None = None

    def apply(self, todo: list[tuple]) -> None:
        """``todo``: the reader stage's (verdict, question, answer words, windows, sources' text, rival) items."""
        # a question offering alternatives ("Which came first, A or B?") is the comparison stages' (comparison.py)
        items = [t for t in todo if t[5] is None and t[2] and not _ALTERNATIVES.search(t[1])]
        if not items:
            return
        flat = [(q, w) for _, q, _, windows, _, _ in items for w in windows]
        logits = iter(self.model.logits(flat))
        for v, question, answer, windows, text, _ in items:
            mine = [next(logits) for _ in windows]
            r = read(question, answer, text, windows, mine)
            if r is None:
                continue
            if self.record is not None:
                self.record.append((question, answer, r.features))
                continue
            assert self.head is not None
            p = self.head.probability(r.features)
            v.slot = p
            if p >= self.head.threshold:
                continue
            v.supported, v.error_kind = False, v.error_kind or "entity"
            v.probability = min(v.probability if v.probability is not None else 1.0, self.cap)
            v.reason = "; ".join(x for x in (v.reason, why(answer, r) + f" (slot {p:.2f})") if x)

    @classmethod
    def load_default(cls, model: ReaderModel, threshold: float | None = None) -> SlotStage | None:
        if not WEIGHTS_FILE.exists():
            return None
        head = SlotHead.load()
        if threshold is not None:
            head.threshold = threshold
        return cls(model, head)
