"""Name locality: what an answer names must be printed where its statement is (issue 11 round 12a).

Knowledge given with a question is often two articles' sentences in one string. A hallucinated answer that
names something the *other* article prints passes the name check, which looks for each name in the whole
source, and the entailment stage, whose window (a sentence either side) crosses the article boundary. Two
rules, only for answers read with a question:

* ``misplaced_names`` — a claim that restates one sentence of its window (≥ ``MIN_SHARE`` of its other
  content words) with a name printed elsewhere in the source, but not in a sentence of the window holding
  ≥ ``NEAR_SHARE`` of them, is unsupported: "Survivors of the wrecks had been taken prisoner by the island's
  despot Antelope Valley." where the sentence says "despot Isaac Komnenos" and Antelope Valley is a place
  in the next article.
* ``away_from_question`` — a short answer ("The answer is Ireland.") printed in the source must be printed
  in the passage the question and answer match, in a sentence that (with the neighbours sharing a content
  word with it) shares some of the question's words.

The scorer tries a claim's next passages when one fails (a passage that prints the name and says the same
passes), and the entailment stage does not read a claim failed here (``MISPLACED``). A name or answer the
source never prints is left to the other checks.
"""

from __future__ import annotations

import re

from .checks import Evidence, name_words
from .text import STOPWORDS, split_sentences, stem, tokens
from .wordlists import QUESTION_WORDS

MISPLACED = "is printed in the source, but not"  # in both reasons: the entailment stage does not read them
MIN_SHARE = 0.6  # of the claim's content stems (its names' own left out) in one sentence of the window
NEAR_SHARE = 0.3  # … and a name may be in any sentence of the window holding this much of them


_ARTICLE = re.compile(r"^(?:the|a|an)\s+")


def _printed(needle: str, text: str) -> bool:
    return bool(re.search(r"(?<!\w)" + re.escape(needle) + r"(?!\w)", text.lower()))


_REFERS = re.compile(r"^(?:it|its|he|his|she|her|they|their|this|these)\b", re.I)


def _refers(sentence: str) -> bool:
    """The sentence opens with a pronoun ("Its chief executive is Maria Olsen."): it continues the one before."""
    return bool(_REFERS.match(sentence))


def _stems(text: str, figures: bool = False) -> set[str]:
    """Content stems of ``text`` (and its figures, "1901", with ``figures``); a final "e" dropped, so that
    "shares" (shar) meets "share"."""
    return {
        stem(t.lower).rstrip("e") or t.lower
        for t in tokens(text)
        if t.lower not in STOPWORDS and (figures or not t.lower[0].isdigit())
    }


def misplaced_names(claim: str, evidence: Evidence, question: str) -> list[str]:
    """Reasons for the names of ``claim`` printed in the source but not in the sentence of its window that
    states what the claim states (the sentence holding most of its other content words)."""
    asked = {t.lower for t in tokens(question)}
    names = [w for w, _, initial in name_words(claim) if not initial and w.lower() not in asked]
    names = [w for w in names if w.lower() in evidence.doc_words]
    if not names:
        return []
    statement = _stems(claim) - _stems(" ".join(names))
    if not statement:
        return []
    shares = [(len(statement & _stems(s)) / len(statement), s) for s in split_sentences(evidence.window)]
    if max((k for k, _ in shares), default=0.0) < MIN_SHARE:
        return []  # the claim is not a restatement of one sentence: nothing says where its names belong
    there = {t.lower for k, s in shares if k >= NEAR_SHARE for t in tokens(s)}
    return [f"name '{w}' is printed in the source, but not where the claim's statement is" for w in names
            if w.lower() not in there]  # fmt: skip


def away_from_question(question: str, answer: str, evidence: Evidence, min_share: float = 0.15) -> list[str]:
    """A short answer the source prints must be printed in the claim's window, and the window's sentences
    that print it, with each neighbour sharing a content word with them (a bridge question's first hop
    names the entity the answer's sentence is about) or continued by a pronoun ("Kestrel Airlines is
    headquartered in Dublin. Its chief executive is Maria Olsen."), must hold ``min_share`` of the question's content
    words and figures. Another article's sentences that happen to sit next to the question's share nothing
    with the answer's sentence and do not count ("The answer is Ireland." to "What place had the
    Norman-Arab style?", over "… Norman-Arab architecture within the Kingdom of Sicily.Many private schools
    in Ireland …"). 0.15, not check_question's 0.5: a bridge answer's sentence often restates none of the
    question ("According to the 1901 census, … 2.8% Protestants." to "… the largest city of Poland's
    population …"), chosen on the multi-passage look-alike's dev split."""
    needle = _ARTICLE.sub("", answer.strip().rstrip(".").lower())
    if not needle or evidence.table or not _printed(needle, evidence.document):
        return []  # an answer the source does not print is the other checks'
    sentences = split_sentences(evidence.window)
    region = [k for k, s in enumerate(sentences) if _printed(needle, s)]
    if not region:
        return [f"'{answer.strip()}' is printed in the source, but not in the passage about what the question asks"]
    held = set().union(*(_stems(sentences[k], True) for k in region))
    grown = True
    while grown:
        grown = False
        for k, later in ((min(region) - 1, min(region)), (max(region) + 1, max(region) + 1)):
            if 0 <= k < len(sentences) and (_stems(sentences[k]) & held or _refers(sentences[later])):
                region.append(k)
                held |= _stems(sentences[k], True)
                grown = True
    wanted = _stems(question, True) - _stems(" ".join(QUESTION_WORDS))
    if not wanted:
        return []
    share = len(wanted & held) / len(wanted)
    if share >= min_share:
        return []
    return [f"'{answer.strip()}' is printed in the source, but not in a passage about what the question asks "
            f"({share:.0%} of its words)"]  # fmt: skip
