"""Attribute rows of the multi-hop look-alike (issue 11, round 14c, fhal): polar questions over one attribute of
two entities — "Are A and B both British?", "Were A and B of the same nationality?", "Are A and B both
engineers?" — answered "Yes." / "No." (bare, or with each entity's attribute), twin the flipped verdict
(``kind: verdict``). Used by make_multihop_eval.py.

A *fact* is a person or body the knowledge describes with a nationality and a kind, written the two ways
SQuAD's Wikipedia paragraphs write it: before the name ("the British engineer Arthur Woolf") or after a
copula ("AUSTPAC was an Australian public X.25 network"). The kind must be one of ``KINDS`` (a fixed list of
occupations and bodies, so that "the French attacked the Dutch Republic" is not read as a fact); the facts the
SQuAD 2.0 dev paragraphs give were read one by one when the rows were built (docs/scoring.md, round 14c).
The scorer reads attributes with its own patterns (scoring/attributes.py); this list and those patterns
agree on the common form, which is what the rows measure: whether a bare verdict over two entities'
attributes is judged at all, and judged right.
"""

from __future__ import annotations

import random
import re

DEMONYMS = (
    "American|British|English|French|German|Italian|Spanish|Polish|Russian|Chinese|Japanese|Indian|Canadian|"
    "Australian|Dutch|Swiss|Swedish|Norwegian|Danish|Irish|Scottish|Welsh|Greek|Egyptian|Brazilian|Mexican|"
    "Austrian|Hungarian|Portuguese|Turkish|Persian|Korean|Belgian|Finnish|Czech|Armenian|Norman|Prussian|Soviet|"
    "Mongolian|Roman|Byzantine|Venetian|Genoese|Flemish|Arab"
)
KINDS = (
    "engineer|inventor|mathematician|physicist|chemist|scientist|computer scientist|philosopher|economist|"
    "composer|pianist|painter|writer|poet|novelist|historian|politician|general|admiral|noble|abbot|king|emperor|"
    "footballer|architect|astronomer|explorer|physician|botanist|biologist|geologist|actor|singer|band|magazine|"
    "newspaper|company|network|university|broadcaster|theologian|reformer|monk|bishop|priest|merchant|diplomat"
)
_NAME = r"(?P<name>[A-Z][\w.'’-]+(?: (?:of |de |von |van |da |y |al-)?[A-Z][\w.'’-]+){0,4})"
_BEFORE = re.compile(rf"\b(?P<dem>{DEMONYMS}) (?P<kind>{KINDS}) {_NAME}")
_AFTER = re.compile(
    rf"^{_NAME}(?: \([^)]*\))? (?:is|was) (?:an?|the) (?P<dem>{DEMONYMS}) (?:[a-z-]+ ){{0,2}}?(?P<kind>{KINDS})\b"
)


def attribute_facts(paragraphs: list[tuple[str, str]], sentences) -> list[dict]:
    """(entity, nationality, kind, sentence, article) for every described entity, once per name."""
    out: dict[str, dict] = {}
    for title, context in paragraphs:
        for s in sentences(context):
            for m in [*_BEFORE.finditer(s), *filter(None, [_AFTER.match(s)])]:
                name = re.sub(r"['’]s$", "", m.group("name").rstrip("."))
                if len(name.split()) < 2 and not re.search(r"[A-Z].*[A-Z]", name) or len(s.split()) > 50:
                    continue  # one capitalised word ("Woolf") is too often a place or a people
                out.setdefault(name, {"subject": name, "dem": m.group("dem"), "kind": m.group("kind"),
                                      "sentence": s, "article": title})  # fmt: skip
    return list(out.values())


def _plural(kind: str) -> str:
    return kind[:-1] + "ies" if kind.endswith("y") else kind + ("es" if kind.endswith(("s", "sh", "ch")) else "s")


def attribute_rows(a: dict, b: dict, split: str, rng: random.Random) -> list[dict]:
    """One pair of rows (right answer, flipped verdict) over facts ``a`` and ``b``."""
    first, second = (a, b) if rng.random() < 0.5 else (b, a)
    knowledge = f"{first['sentence']} {second['sentence']}"
    asked = rng.choice(["nationality", "same", "kind"])
    if asked == "nationality":
        dem = rng.choice([a["dem"], b["dem"]])
        question, truth = f"Are {a['subject']} and {b['subject']} both {dem}?", a["dem"] == b["dem"] == dem
        detail = f"{a['subject']} is {a['dem']} and {b['subject']} is {b['dem']}."
    elif asked == "same":
        question, truth = f"Were {a['subject']} and {b['subject']} of the same nationality?", a["dem"] == b["dem"]
        detail = f"{a['subject']} was {a['dem']} and {b['subject']} was {b['dem']}."
    else:
        kind = rng.choice([a["kind"], b["kind"]])
        question, truth = f"Are {a['subject']} and {b['subject']} both {_plural(kind)}?", a["kind"] == b["kind"] == kind
        detail = f"{a['subject']} was a {a['kind']} and {b['subject']} was a {b['kind']}."
    explained = rng.random() < 0.4
    right = ("Yes." if truth else "No.") + (f" {detail}" if explained else "")
    wrong = ("No." if truth else "Yes.") + (f" {detail}" if explained else "")
    key = f"attr:{a['subject']}+{b['subject']}"
    base = {"split": split, "contexts": [knowledge], "join": "spaced", "question": question, "hop": "attribute",
            "asked": asked, "truth": truth, "form": "explained" if explained else "bare"}  # fmt: skip
    return [base | {"id": key, "kind": "right", "answer": right, "label": True},
            base | {"id": key + "-x", "kind": "verdict", "answer": wrong, "label": False}]  # fmt: skip
