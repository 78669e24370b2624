"""Name locality: a name the answer states must be printed where the claim's statement is (issue 11 round 12a).

Knowledge given with a question is often two articles' sentences in one string. A hallucinated answer that
restates one article's sentence with a name from the *other* article ("Survivors of the wrecks had been
taken prisoner by the island's despot Antelope Valley.", where the sentence says "despot Isaac Komnenos"
and "Antelope Valley" is a place in the second article) passes the name check, which looks for each name in
the whole source. Here a claim answering a question is read as a restatement of its passage: when most of
its content words are in the passage (the claim says what that passage says) and a name it adds — a
capitalised word the question does not give — is printed elsewhere in the source but not in the passage
or a sentence either side, the claim is unsupported (``name 'Antelope' is printed in the source, but not
where the claim's statement is``). The scorer then tries the claim's next passages (a passage that prints
the name and says the same passes), so a multi-sentence answer whose sentences each restate their own
passage is not touched; a name the source never prints is the name check's.
"""

from __future__ import annotations

from .checks import Evidence, name_words
from .text import STOPWORDS, split_sentences, stem, tokens
from .wordlists import QUESTION_WORDS

MIN_SHARE = 0.6  # of the claim's content stems (its names' own left out) in one sentence of the window
NEAR_SHARE = 0.3  # … and a name may be in any sentence of the window holding this much of them


def _stems(text: str, figures: bool = False) -> set[str]:
    """Content stems of ``text`` (and its figures, "1901", with ``figures``)."""
    return {stem(t.lower) for t in tokens(text) if t.lower not in STOPWORDS and (figures or not t.lower[0].isdigit())}


def misplaced_names(claim: str, evidence: Evidence, question: str) -> list[str]:
    """Reasons for the names of ``claim`` printed in the source but not in the sentence of its window that
    states what the claim states (the sentence holding most of its other content words)."""
    asked = {t.lower for t in tokens(question)}
    names = [w for w, _, initial in name_words(claim) if not initial and w.lower() not in asked]
    names = [w for w in names if w.lower() in evidence.doc_words]
    if not names:
        return []
    statement = _stems(claim) - {stem(w.lower()) for w in names}
    if not statement:
        return []
    shares = [(len(statement & _stems(s)) / len(statement), s) for s in split_sentences(evidence.window)]
    if max((k for k, _ in shares), default=0.0) < MIN_SHARE:
        return []  # the claim is not a restatement of one sentence: nothing says where its names belong
    there = {t.lower for k, s in shares if k >= NEAR_SHARE for t in tokens(s)}
    return [f"name '{w}' is printed in the source, but not where the claim's statement is" for w in names
            if w.lower() not in there]  # fmt: skip


def away_from_question(question: str, answer: str, evidence: Evidence, min_share: float = 0.15) -> list[str]:
    """A short answer must be printed in a passage about what the question asks: the window's sentences
    that print it, with each neighbour that shares a content word with them (a bridge question's first hop
    names the entity the answer's sentence is about), must hold ``min_share`` of the question's content
    words. Sentences of another article that happen to sit next to the question's in the knowledge share
    nothing with the answer's sentence and do not count ("The answer is Ireland." to "What place had the
    Norman-Arab style?", over "… Norman-Arab architecture within the Kingdom of Sicily.Many private schools in
    Ireland …"). None when the window does not print the answer (the other checks judge it)."""
    needle = answer.strip().rstrip(".").lower()
    sentences = split_sentences(evidence.window)
    region = [k for k, s in enumerate(sentences) if needle and needle in s.lower()]
    if not region or evidence.table:
        return []
    held = set().union(*(_stems(sentences[k], True) for k in region))
    grown = True
    while grown:
        grown = False
        for k in (min(region) - 1, max(region) + 1):
            if 0 <= k < len(sentences) and _stems(sentences[k]) & held:
                region.append(k)
                held |= _stems(sentences[k], True)
                grown = True
    wanted = _stems(question, True) - {stem(w) for w in QUESTION_WORDS}
    if not wanted:
        return []
    share = len(wanted & held) / len(wanted)
    if share >= min_share:
        return []
    return [f"'{answer.strip()}' is printed in the source, but not in a passage about what the question asks "
            f"({share:.0%} of its words)"]  # fmt: skip
