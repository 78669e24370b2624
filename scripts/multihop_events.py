"""Event rows of the multi-hop look-alike (issue 11, round 15b, fhal): comparisons of two *events* as SQuAD's
crowdworkers asked about them — "When did Henry issue the Edict of Nantes?", "In what year did Denmark join the
EU?", "When did Zhu Shijie die?" — not only the "When was X founded?" facts of round 14b. Used by
make_multihop_eval.py with ``--events`` (the 604 rows of rounds 14b/14c stay byte-identical without it).

A *fact* is a SQuAD 2.0 dev question "When / In what year / What year / Which year did X <verb> …?" answered by a
year that X's answer sentence prints (the subject and the year both in the sentence; the verb on a fixed list
whose past and -ing forms are written out below). Its knowledge is the answer sentence as the article prints
it, with the article's other years, clauses and names: the text the comparison stage reads was written by
Wikipedia's editors, the questions' wording by SQuAD's crowdworkers, not by the scorer's authors.

``hop: event`` — "Which happened first, Henry issuing the Edict of Nantes or Denmark joining the EU?" ("Who died
first / later, A or B?" when both verbs are "die"), right answer the winner: short (the event's clause), a
sentence ("Henry issued the Edict of Nantes first.") or explained with both years; twins (``kind``): ``other``
(the loser, same form), ``order`` (the loser with its own, correct year), ``date`` (the winner with a near-miss
year), ``extra`` (the right sentence answer with an invented detail: a place another fact's paragraph prints
("in Kraków"), not this knowledge: "Henry issued the Edict of Nantes first, in Greenland."). ``hop: event-polar`` —
"Did A <verb> … before B <past> …?", right "Yes." / "No." (bare or with both years), twin the flipped verdict.
Split by the sha256 of each fact's subject, as round 14b's comparisons.
"""

from __future__ import annotations

import random
import re

# verb: (past, -ing) — the verbs SQuAD 2.0 dev's year questions use; a question with another verb is skipped
VERBS = {
    "fall": ("fell", "falling"), "return": ("returned", "returning"), "fail": ("failed", "failing"),
    "take": ("took", "taking"), "colonize": ("colonized", "colonizing"), "issue": ("issued", "issuing"),
    "establish": ("established", "establishing"), "patent": ("patented", "patenting"),
    "receive": ("received", "receiving"), "finish": ("finished", "finishing"), "join": ("joined", "joining"),
    "sign": ("signed", "signing"), "subscribe": ("subscribed", "subscribing"), "merge": ("merged", "merging"),
    "end": ("ended", "ending"), "become": ("became", "becoming"), "win": ("won", "winning"),
    "declare": ("declared", "declaring"), "lead": ("led", "leading"), "move": ("moved", "moving"),
    "begin": ("began", "beginning"), "ban": ("banned", "banning"), "die": ("died", "dying"),
    "experiment": ("experimented", "experimenting"), "commit": ("committed", "committing"),
    "found": ("founded", "founding"), "assassinate": ("assassinated", "assassinating"),
    "collapse": ("collapsed", "collapsing"), "invade": ("invaded", "invading"), "make": ("made", "making"),
    "marry": ("married", "marrying"), "publish": ("published", "publishing"), "attack": ("attacked", "attacking"),
    "pledge": ("pledged", "pledging"), "drive": ("drove", "driving"), "lose": ("lost", "losing"),
    "resume": ("resumed", "resuming"), "investigate": ("investigated", "investigating"),
    "secure": ("secured", "securing"), "characterize": ("characterized", "characterizing"),
}  # fmt: skip
_Q = re.compile(
    r"^(?:When|In what year|What year|In which year|Which year)\s+(?:did|does)\s+"
    r"(?P<x>(?:the\s+)?[A-Z][\w'’.-]*(?:\s+(?:of\s+(?:the\s+)?|de\s+|von\s+|al-)?[A-Z][\w'’.-]*)*)\s+"
    r"(?P<v>[a-z]+)(?P<rest>\s[^?]*?)?\s*\??$"
)
_YEAR = re.compile(r"^(1[0-9]{3}|20[0-9]{2})$")
_PLACE = re.compile(r"\bin (?P<n>[A-Z][^\W\d_]{3,}(?:\s+[A-Z][^\W\d_]+)*)(?![\w'’-])")
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")  # fmt: skip


def event_facts(article: dict, skip: set[str], sentence_with) -> list[dict]:
    """The article's event facts: subject, verb, the rest of the question, year, answer sentence."""
    out = []
    for p in article["paragraphs"]:
        if p["context"].strip() in skip:
            continue
        for q in p["qas"]:
            if q.get("is_impossible") or not q["answers"]:
                continue
            year, start = q["answers"][0]["text"].strip(), q["answers"][0]["answer_start"]
            m = _Q.match(q["question"].strip())
            if not m or not _YEAR.match(year) or m.group("v") not in VERBS or "'" in m.group("x")[-2:]:
                continue
            subject = m.group("x").strip()
            core = re.sub(r"^the\s+", "", subject, flags=re.I)
            sentence = sentence_with(p["context"], start)
            if core.lower() not in sentence.lower() or year not in sentence or len(sentence.split()) > 45:
                continue
            rest = re.sub(r"\s+", " ", (m.group("rest") or "").strip())
            out.append({"id": q["id"], "subject": subject, "v": m.group("v"), "rest": rest, "year": int(year),
                        "sentence": sentence, "article": article["title"],
                        "places": sorted(set(_PLACE.findall(p["context"])))})  # fmt: skip
    return out


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _clause(f: dict, form: int) -> str:
    """form 0: "Henry issuing the Edict of Nantes"; 1: "Henry issued the Edict of Nantes"; 2: "Henry issue …"."""
    verb = (VERBS[f["v"]][1], VERBS[f["v"]][0], f["v"])[form]
    return f"{f['subject']} {verb} {f['rest']}".strip()


def _deaths(a: dict, b: dict) -> bool:
    return a["v"] == b["v"] == "die" and not a["rest"] and not b["rest"]


def _answer(win: dict, lose: dict, later: bool, form: str, year: int | None = None) -> str:
    year = win["year"] if year is None else year
    word = "later" if later else "first"
    if form == "short":
        return win["subject"] if _deaths(win, lose) else _cap(_clause(win, 1 if win["v"] == "die" else 0))
    if form == "sentence":
        return f"{_cap(_clause(win, 1))} {word}."
    if form == "dated":
        return f"{_cap(_clause(win, 1))} {word}, in {year}."
    return f"{_cap(_clause(win, 1))} in {year}, {'after' if later else 'before'} {_clause(lose, 1)} in {lose['year']}."


def event_rows(a: dict, b: dict, split: str, pool: list[dict], rng: random.Random) -> list[dict]:
    """One pair of rows (right answer, twin) over the events ``a`` and ``b``."""
    knowledge = f"{a['sentence']} {b['sentence']}" if rng.random() < 0.5 else f"{b['sentence']} {a['sentence']}"
    base = {"split": split, "contexts": [knowledge], "join": "spaced"}
    key = f"event:{a['id']}+{b['id']}"
    if rng.random() < 0.3:  # "Did A … before B …?"
        after = rng.random() < 0.5
        truth = (a["year"] > b["year"]) == after
        question = f"Did {_clause(a, 2)} {'after' if after else 'before'} {_clause(b, 1)}?"
        explained = rng.random() < 0.4
        detail = f" {_cap(_clause(a, 1))} in {a['year']} and {_clause(b, 1)} in {b['year']}."
        right = ("Yes." if truth else "No.") + (detail if explained else "")
        wrong = ("No." if truth else "Yes.") + (detail if explained else "")
        base |= {"question": question, "hop": "event-polar", "form": "explained" if explained else "bare"}
        return [base | {"id": key, "kind": "right", "answer": right, "label": True},
                base | {"id": key + "-x", "kind": "verdict", "answer": wrong, "label": False}]  # fmt: skip
    later = rng.random() < 0.35
    x, y = (a, b) if rng.random() < 0.5 else (b, a)
    win, lose = (x, y) if (x["year"] > y["year"]) == later else (y, x)
    if _deaths(x, y):
        question = f"Who died {'later' if later else 'first'}, {x['subject']} or {y['subject']}?"
    else:
        question = f"Which happened {'later' if later else 'first'}, {_clause(x, 0)} or {_clause(y, 0)}?"
    form = rng.choice(["short", "short", "sentence", "dated", "explained"])
    right = _answer(win, lose, later, form)
    kind = rng.choice(["other", "other", "order", "date", "extra"])
    if kind == "other":
        wrong = _answer(lose, win, later, form)
    elif kind == "order":
        wrong = _answer(lose, win, later, rng.choice(["dated", "explained"]))
    elif kind == "date":
        form = form if form in ("dated", "explained") else "dated"
        step = rng.choice([-11, -7, -3, -2, 2, 4, 9, 13])
        right, wrong = _answer(win, lose, later, form), _answer(win, lose, later, form, win["year"] + step)
    else:  # the right answer with a place another fact's paragraph prints, this knowledge not
        names = [
            n
            for f in pool
            for n in f["places"]
            if n.lower() not in knowledge.lower() and not n.endswith(("ish", "ese")) and n.split()[0] not in _MONTHS
        ]
        form = "sentence"
        right = _answer(win, lose, later, form)
        wrong = right[:-1] + f", in {rng.choice(names)}." if names else _answer(lose, win, later, form)
        kind = kind if names else "other"
    base |= {"question": question, "hop": "event", "form": form}
    return [base | {"id": key, "kind": "right", "answer": right, "label": True},
            base | {"id": key + "-x", "kind": kind, "answer": wrong, "label": False}]  # fmt: skip
