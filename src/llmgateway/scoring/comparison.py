"""Comparison questions over two entities (issue 11, round 14b): "Which was founded first, A or B?", "Who
was born later, A or B?", "Which is older, A or B?", "Was A founded before B?", "Is A older than B?".

The answer to such a question is one of the two options the question itself names, and both are printed in
the knowledge, so every word check passes the wrong one; the extractive reader answers with a span, not with
a comparison. Here each option is located in the knowledge (the sentence holding most of the option's name
words) with the year printed nearest to it there (a founding date, a life span's first year), and the
question's comparator (first / earlier / older / before, or later / more recently / younger / after) is
applied:

* to a *which* question, an answer that names the other option (as its subject) is unsupported, kind
  ``entity`` (`name 'B' is not what the question asks: A 1599, B 1816 — first: A`); one that names the
  option the years give is supported by the comparison, which the verdict shows; the word checks'
  question-relevance findings and the entailment model do not apply to it (neither reads a comparison);
* to a *polar* question, the Yes/No word is judged against the comparison like a verdict on a threshold
  (verdict.py): a bare "Yes." / "No." is scored, a contradicted one is unsupported (kind ``verdict``).

Nothing is decided when an option is not found, both options fall on one sentence's one year, or the two
years are equal. The options must carry words (names or clauses): "Which year was higher, 2019 or 2018?"
(a filing's question) is left to the table checks.

One more check reads the same words in any answer (``order_conflicts``): a claim that dates two events and
orders them against its own years ("A was founded in 1599, after B in 1992") is unsupported, kind ``date``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .results import ClaimVerdict
from .text import STOPWORDS, split_sentences

_EARLY = r"first|earlier|earliest|sooner|older|oldest"
_LATE = r"later|latest|last|more recently|most recently|younger|youngest|newer|newest"
_WHICH = re.compile(
    rf"^\s*(?:which|who|what)\b(?P<head>[^?]*?)\b(?P<cmp>{_EARLY}|{_LATE})\s*[,:]\s*(?P<a>[^?]+?)\s+or\s+(?P<b>[^?]+?)\s*\?*\s*$",
    re.I,
)
_WHICH_AFTER = re.compile(  # "A or B, which was founded first?"
    rf"^\s*(?P<a>[^?]+?)\s+or\s+(?P<b>[^?,]+?)\s*,\s*(?:which|who)\b[^?]*?\b(?P<cmp>{_EARLY}|{_LATE})\b[^?]*\?*\s*$",
    re.I,
)
_POLAR = re.compile(
    r"^\s*(?:was|were|is|are|did|does|do|had|has)\s+(?P<a>.+?)\s+(?P<rel>before|after|earlier than|later than|"
    r"older than|younger than|prior to)\s+(?P<b>.+?)\s*\?*\s*$",
    re.I,
)
YEAR = re.compile(r"(?<![\d,.$€£])\b(1[0-9]{3}|20[0-9]{2})\b(?!\d|,\d|\.\d)")
_CLAUSE = re.compile(r"\s+(?:being|was|were|is|are|had|has|did)\b.*$", re.I)
_PARTICIPLE = re.compile(r"\s+(?:[a-z]+(?:ed|en)|born|built|made|held|won|begun|written|set up|founded)\b.*$")
_GOES_ON = re.compile(r"^\s*(?:it|its|he|his|she|her|they|their|this|these|the\s+[a-z]+)\b", re.I)
_WORD = re.compile(r"[A-Za-zÀ-ÿ][\w'’.-]*")
_ORDER = re.compile(
    rf"\bin\s+(?P<y1>{YEAR.pattern})\b,?\s+(?P<rel>before|after|earlier than|later than|prior to)\s+"
    rf"[^.;]{{1,80}}?\bin\s+(?P<y2>{YEAR.pattern})\b",
    re.I,
)


@dataclass(frozen=True)
class Compared:
    polar: bool
    options: tuple[str, str]  # the options' names as the question writes them
    years: tuple[float | str, float | str]  # or the options' numbers / attributes (attributes.py)
    later: bool  # the question asks for the later one (which), or whether A is after B (polar)
    winner: int  # which: the option the years give; polar: 0 when the answer is Yes, else 1
    note: str = ""  # how the comparison reads, when it is not one of years (attributes.py)

    @property
    def line(self) -> str:
        if self.note:
            return self.note
        (a, b), (ya, yb) = self.options, self.years
        if self.polar:
            rel = "after" if self.later else "before"
            return f"{a} {ya}, {b} {yb}: {'' if self.winner == 0 else 'not '}{rel}"
        return f"{a} {ya}, {b} {yb} — {'later' if self.later else 'first'}: {self.options[self.winner]}"


def option_name(option: str) -> str:
    """The entity of an option: "Iqbal being elected president …" → "Iqbal"; "the FSO Car Factory" as is."""
    option = _PARTICIPLE.sub("", _CLAUSE.sub("", option.strip().strip("\"'“”")))
    return re.sub(r"^(?:the|a|an)\s+", "", option, flags=re.I).strip(" ,.")


def name_keys(name: str) -> list[str]:
    return [w.lower().strip(".'’") for w in _WORD.findall(name) if w.lower() not in STOPWORDS]


def names_at(text: str, keys: list[str]) -> int | None:
    """Where ``text`` names the option of ``keys`` (all its words, or most of a long name): the position of
    its first word, else None."""
    low = text.lower()
    found = [m.start() for k in keys if (m := re.search(rf"(?<![\w]){re.escape(k)}(?![\w])", low))]
    if not keys or len(found) < max(1, len(keys) - (len(keys) >= 3)):
        return None
    return min(found)


def _year_of(keys: list[str], sentences: list[str], other: list[str], cue: str = "") -> tuple[int, int] | None:
    """(year, sentence index) of the option: in the sentence naming it, the year printed nearest to it — first
    among those within a few words of the question's event (``cue``: "found" for "founded", "die" for "died";
    for a death, the end of a life span "(1862–1898)"); when that sentence prints none, the next one's if it
    goes on about the same thing ("First for Women is a magazine … The magazine was started in 1989.") and
    does not name the ``other`` option."""
    best = None
    for k, s in enumerate(sentences):
        at = names_at(s, keys)
        years = [(abs(m.start() - at), m.start(), int(m.group(1))) for m in YEAR.finditer(s)] if at is not None else []
        text = s
        if at is not None and not years and k + 1 < len(sentences):
            after = sentences[k + 1]
            if _GOES_ON.match(after) and names_at(after, other) is None:
                text = f"{s} {after}"
                years = [(len(s) + m.start(), len(s) + 1 + m.start(), int(m.group(1))) for m in YEAR.finditer(after)]
        if years:  # a life span belongs to the name before it: "Gallagher (1919–1980) and Robinson (1920–1999)"
            named = at or 0
            near = min(
                years, key=lambda y: (g := _cue_gap(text, y[1], cue), y[0] + (200 if g == 0 and y[1] < named else 0))
            )
            if best is None or near[0] < best[0]:
                best = (near[0], near[2], k)
    return None if best is None else (best[1], best[2])


_SPAN_END = re.compile(r"[–—-]\s*$")  # "(1862–" before a year: the end of a life span
_SPAN_START = re.compile(r"^\s*[–—-]\s*(?:1[0-9]{3}|20[0-9]{2})")  # "1862–1898": the start of one
_CUE_WORDS = {"die": r"died|dies|death|dead", "born": r"born|birth"}


def _cue_gap(text: str, at: int, cue: str) -> int:
    """How far the year at ``at`` is from the question's event word (0 for a birth's or a death's year opening
    or closing a life span, "(1862–1898)"; a large number when the sentence does not say it)."""
    if cue == "die" and _SPAN_END.search(text[max(0, at - 3) : at]):
        return 0
    if cue == "born" and _SPAN_START.match(text[at + 4 : at + 12]):
        return 0
    pattern = _CUE_WORDS.get(cue, re.escape(cue))
    gaps = (
        [
            at - m.end() if m.end() <= at else m.start() - (at + 4)
            for m in re.finditer(rf"\b(?:{pattern})", text.lower())
        ]
        if cue
        else []
    )
    return min(gaps, default=1000) if min(gaps, default=1000) <= 60 else 1000


_CUES = {"born": "born", "birth": "born", "die": "die", "died": "die", "dying": "die", "death": "die", "dead": "die"}


def _cue(words: str) -> str:
    """The event a comparison is about, as a stem to find near a year: "was founded" → "found", "Henry issuing
    the Edict" → "issu" (round 15b: the -ing forms a question writes for events, and "dying")."""
    for w in re.findall(r"[a-z]+", words.lower()):
        if w in _CUES:
            return _CUES[w]
        if w not in STOPWORDS and len(w) > 4 and w.endswith("ed"):
            return w[:-3] if w[-3] == w[-4] else w[:-2]  # "founded" → "found", "stopped" → "stop"
        if w not in STOPWORDS and len(w) > 6 and w.endswith("ing"):
            return w[:-4] if w[-4] == w[-5] else w[:-3]  # "founding" → "found", "winning" → "win"
    return ""


_DID = re.compile(r"^\s*(?:did|does|do)\b", re.I)
_EVENT_VERB = re.compile(r"[a-z]{3,}ing")  # "Henry issuing the Edict of Nantes": the option's words, not its verb


def _did_verb(option: str) -> str:
    """The verb of a "Did A <verb> … before B …?" option: its first lower-case word ("Edward return" → "return")."""
    m = re.search(r"(?<=\s)[a-z]+\b", option)
    return m.group(0) if m and m.group(0) not in STOPWORDS else ""


def _stem(verb: str) -> str:
    """A base verb as a stem its past form starts with: "move" → "mov", "ban" → "ban"; "die" is a death."""
    return _CUES.get(verb, verb[:-1] if verb.endswith("e") else verb)


def compare(question: str | None, contexts: list[str]) -> Compared | None:
    """The comparison the question asks and the knowledge decides, or None."""
    if not question or " or " not in question and not _POLAR.match(question):
        return None
    m = _WHICH.match(question) or _WHICH_AFTER.match(question)
    polar = False
    if m is None:
        m = _POLAR.match(question)
        polar = m is not None
    if m is None:
        return None
    names = (option_name(m.group("a")), option_name(m.group("b")))
    if not polar and "," in names[0]:  # "Which was founded first, A or B" read with the comma in the head
        names = (names[0].rsplit(",", 1)[-1].strip(), names[1])
    verbs = [_did_verb(m.group(x)) if polar and _DID.match(question) and x == "a" else "" for x in "ab"]
    keys = [[k for k in name_keys(n) if k != v and not _EVENT_VERB.fullmatch(k)] for n, v in zip(names, verbs)]
    if any(not k or all(w.isdigit() for w in k) for k in keys):
        return None  # "2019 or 2018": a filing's years, left to the table checks
    sentences = [s for c in contexts for s in split_sentences(c)]
    head = "" if polar else m.group("head")  # "Which was founded first": the event of both options
    cues = [_cue(m.group(x)) or _cue(head) or _stem(v) for x, v in zip("ab", verbs)]  # "A being founded or B …"
    cues = [cues[0] or cues[1], cues[1] or cues[0]]  # "Was A born before B?": B's birth
    found = [_year_of(keys[0], sentences, keys[1], cues[0]), _year_of(keys[1], sentences, keys[0], cues[1])]
    if found[0] is None or found[1] is None or found[0][0] == found[1][0]:
        return None
    years = (found[0][0], found[1][0])
    if polar:
        later = m.group("rel").lower() in ("after", "later than", "younger than")
        holds = years[0] > years[1] if later else years[0] < years[1]
        return Compared(True, names, years, later, 0 if holds else 1)
    later = re.fullmatch(_LATE, m.group("cmp").lower()) is not None
    winner = int(years[1] > years[0]) if later else int(years[1] < years[0])
    return Compared(False, names, years, later, winner)


_BETWEEN = re.compile(
    r"\b(?:(?P<early>before|earlier than|prior to|older than)|(?P<late>after|later than|younger than))\b", re.I
)


def named_option(claim: str, compared: Compared) -> int | None:
    """The option a claim gives as its answer: the one it names; when it names both, the one its order word
    between them gives ("B was founded after A" to "which first?" gives A) — none without one (round 15b: the
    first named was taken, and "B was founded in 1816, after A" was read as answering B)."""
    a, b = (names_at(claim, name_keys(n)) for n in compared.options)
    if a is None or b is None:
        return None if a is None and b is None else 0 if b is None else 1
    first, second = (0, 1) if a < b else (1, 0)
    order = _BETWEEN.search(claim, min(a, b), max(a, b))
    if compared.polar or order is None:
        return first if compared.polar else None
    early = first if order.group("early") else second
    return early if not compared.later else 1 - early


def comparison_reasons(claim: str, compared: Compared) -> tuple[list[str], list[str]] | None:
    """(reasons, how) for a claim answering a comparison, or None when it does not: to a *which* question,
    the option it names; to a polar one, a claim that dates both options with the knowledge's years in an
    order its own words do not contradict ("A was founded in 1599, before B in 1816") is shown how."""
    option = named_option(claim, compared)
    if option is None:
        return None
    if compared.polar:
        dated = all(
            names_at(claim, name_keys(n)) is not None and str(y) in claim
            for n, y in zip(compared.options, compared.years)
        )
        return ([], [f"comparison: {compared.line}"]) if dated and not order_conflicts(claim) else None
    if option != compared.winner:
        return [f"name '{compared.options[option]}' is not what the question asks: {compared.line}"], []
    return [], [f"comparison: {compared.line}"]


def comparison_verdict(yes: bool, compared: Compared) -> ClaimVerdict:
    """The Yes/No word of an answer to a polar comparison, judged on the knowledge's years."""
    word = "Yes" if yes else "No"
    holds = compared.winner == 0
    if holds == yes:
        verdict = ClaimVerdict(word, True, None, None, derivations=[f"comparison: {compared.line}"])
        verdict.probability = 1.0
        return verdict
    reason = f"verdict '{word}' contradicts the knowledge: {compared.line}"
    verdict = ClaimVerdict(word, False, None, reason, error_kind="verdict")
    verdict.probability = 0.0
    return verdict


def order_conflicts(claim: str) -> list[str]:
    """ "A was founded in 1599, after B in 1992": an order word its own years contradict."""
    out = []
    for m in _ORDER.finditer(claim):
        y1, y2, rel = int(m.group("y1")), int(m.group("y2")), m.group("rel").lower()
        after = rel in ("after", "later than")
        if y1 != y2 and (y1 > y2) != after:
            out.append(f"date order: '{rel}' contradicts the claim's own years ({y1}, {y2})")
    return out


_UNREAD = (
    "(the answer) does not occur",
    "about what the question asks",
    "no source passage matches",
    "but not where the claim",
)


_ABSENT = re.compile(
    r"^(?:(?:figure|date|name) '(?P<a>[^']+)' (?:not in|does not occur in)|'(?P<b>[^']+)' is not stated in) the source"
)


def unread_by_comparison(reasons: list[str], knowledge: str) -> list[str]:
    """The findings that still count against a claim naming the option the comparison gives: not the
    question-relevance and wording ones ("'first' (the answer) does not occur in the source", "not in the
    passage about what the question asks"), which read a comparison as an extractive question, nor a name or
    year missing from the claim's own source that another source prints (a comparison reads two passages)."""
    words = set(re.findall(r"[\w'’-]+", knowledge.lower()))
    out = []
    for r in reasons:
        m = _ABSENT.match(r)
        printed = m and all(w in words for w in re.findall(r"[\w'’-]+", (m.group("a") or m.group("b")).lower()))
        if any(u in r for u in _UNREAD) or printed:  # a whole word of the knowledge ("war" is not in "Warsaw")
            continue
        out.append(r)
    return out


def compared_claim(reasons: list[str], how: list[str]) -> bool:
    """A claim the comparison (or the first-hop check, hops.py) decided: supported by the comparison and
    nothing else found, or naming what the question does not ask for."""
    if any(r.startswith("name '") and "not what " in r and "asks" in r for r in reasons):
        return True
    return not reasons and any(h.startswith("comparison:") for h in how)
