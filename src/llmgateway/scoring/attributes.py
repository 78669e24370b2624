"""Comparisons of two entities' attributes and numbers (issue 11, round 14c), read like comparison.py's years:

* polar questions over one attribute of two entities — "Are A and B both American?", "Were A and B of the
  same nationality?", "Are A and B both magazines?": each entity's attribute is read from the sentence of
  the knowledge that names it and says what it is ("A is an American rock band …": nationality
  *American*, type words *American rock band*); the question holds when both have the asked nationality
  (or the same one), or both type phrases carry the asked noun. A bare "Yes." / "No." is then scored like a
  polar year comparison (comparison.comparison_verdict: a contradicted one is unsupported, kind
  ``verdict``). Nothing is decided when an entity has no such sentence ("A was founded in 1990 in Ohio"
  says no nationality) — a missing attribute is not a "No". Nationalities are the words of the fixed list
  in demonyms.py (a suffix pattern read "Roman" or "Norman" as nationalities and missed "Byzantine").
* *which* questions over a number — "Which has more members, A or B?", "Which city has a larger
  population, A or B?": each option's number is the one printed nearest the question's noun in the
  sentence naming the option (not a year); the option the comparator gives is the answer, the other one is
  unsupported (kind ``entity``), as for years.

Both give a ``comparison.Compared``, so the wiring of round 14b (prepared.py, hops.multihop_reasons) applies.
"""

from __future__ import annotations

import re

from .comparison import YEAR, Compared, name_keys, names_at, option_name
from .demonyms import DEMONYM, same_nationality
from .facts import extract_facts
from .text import split_sentences

_BOTH = re.compile(
    r"^\s*(?:are|were|is|was)\s+(?P<a>[^?]+?)\s+and\s+(?P<b>[^?]+?)\s+both\s+(?:an?\s+)?(?P<attr>[^?]+?)\s*\?*\s*$",
    re.I,
)
_SAME = re.compile(
    r"^\s*(?:are|were|is|was|do|did)\s+(?P<a>[^?]+?)\s+and\s+(?P<b>[^?]+?)\s+(?:both\s+)?(?:of\s+|have\s+|share\s+)?"
    r"(?:the\s+)?same\s+(?P<attr>nationality|country)\b[^?]*\?*\s*$",
    re.I,
)
# "A is an American rock band formed in 1990": the words that say what A is (up to a relative / participle)
_IS_A = re.compile(
    r"\b(?:is|was|are|were)\s+(?:an?|the|one of the)\s+(?P<what>(?:[\w'’-]+\s+){0,5}?[\w'’-]+?)"
    r"(?=\s+(?:that|which|who|whose|from|of|in|on|at|by|with|for|based|founded|formed|published|established|"
    r"created|located|known|and|or)\b|\s*[,.;:(]|\s*$)",
)
_BEFORE = re.compile(rf"(?P<what>(?:{DEMONYM.pattern})(?:\s+[a-z][a-z-]+){{1,2}})\s+$")
_MORE = r"more|larger|bigger|higher|greater"
_FEWER = r"fewer|less|smaller|lower"
_HOW_MANY = re.compile(
    rf"^\s*(?:which|who|what)\b[^?]*?\b(?P<cmp>{_MORE}|{_FEWER})\s+(?P<noun>[a-z][a-z -]*?)\s*[,:]\s*"
    r"(?P<a>[^?]+?)\s+or\s+(?P<b>[^?]+?)\s*\?*\s*$",
    re.I,
)


def _singular(word: str) -> str:
    w = word.lower()
    if w.endswith("ies") and len(w) > 4:
        return w[:-3] + "y"
    if re.search(r"(?:ss|sh|ch|x)es$", w):
        return w[:-2]
    return w[:-1] if w.endswith("s") and not w.endswith("ss") else w


# Kinds a description may end in (written for round 15b). A "No" to "Are A and B both <kind>s?" is decided only
# when the entity lacking the asked kind is described as another kind on this list that cannot be the asked one:
# not a synonym or gendered form ("actress" for "actors", "periodical" for "magazines"), not a broader or
# narrower word ("writer" / "novelist", "scientist" / "physicist"). Siblings ("engineer" / "mathematician") are.
_SYNONYMS = (
    "actor actress",
    "film movie picture",
    "director filmmaker film-maker",
    "magazine periodical journal",
    "band group",
    "company corporation firm business",
    "footballer soccer",
    "politician statesman stateswoman",
    "singer vocalist singer-songwriter",
    "writer author",
    "university college",
    "newspaper daily tabloid",
    "broadcaster network channel",
    "king monarch ruler",
    "queen monarch ruler",
    "emperor empress ruler",
)
_BROADER = {
    "scientist": "physicist chemist biologist mathematician astronomer geologist botanist economist engineer",
    "artist": "painter sculptor illustrator musician singer composer pianist actor actress dancer",
    "musician": "singer pianist composer guitarist drummer rapper violinist conductor vocalist",
    "writer": "novelist poet playwright screenwriter essayist journalist historian",
    "author": "novelist poet playwright screenwriter essayist",
    "performer": "actor actress singer comedian dancer musician rapper",
    "entertainer": "actor actress singer comedian dancer musician rapper",
    "publication": "magazine newspaper journal periodical",
    "politician": "senator congressman congresswoman legislator president minister mayor governor",
    "athlete": "footballer boxer wrestler cyclist swimmer golfer runner",
    "player": "footballer",
    "company": "airline bank manufacturer broadcaster network publisher studio",
    "organization": "company band party club team university",
    "leader": "king queen emperor president general",
}
_KINDS = (
    set(" ".join(_SYNONYMS).split())
    | set(_BROADER)
    | set(" ".join(_BROADER.values()).split())
    | set(
        "inventor architect explorer physician theologian reformer monk bishop priest merchant diplomat philosopher"
        " admiral abbot noble model producer lawyer judge businessman entrepreneur activist coach manager album song"
        " novel opera game club team party river lake mountain island county state country province city town"
        " village".split()
    )
)


def _may_be(a: str, b: str) -> bool:
    """Whether something described as ``a`` may also be what ``b`` names (one group, or one broader)."""
    return (
        a == b
        or any(a in g.split() and b in g.split() for g in _SYNONYMS)
        or b in _BROADER.get(a, "").split()
        or a in _BROADER.get(b, "").split()
    )


def other_kind(asked: str, described: list[str]) -> bool:
    """True when a description (singularised words) ends in a kind of the list that cannot be the asked kind:
    "a British engineer" is not a magazine; "an American actress" may be what "actors" asks."""
    asked = asked.lower()
    words = [w.lower() for w in described]
    at = next((i for i in range(len(words) - 1, -1, -1) if words[i] in _KINDS), None)
    head = None if at is None else words[at]
    if head == "scientist" and at and words[at - 1] in ("computer", "political", "social", "data", "rocket"):
        head = "computer scientist"  # a field's scientist is a sibling of a physicist, not a broader word
    return head is not None and asked in _KINDS and not _may_be(head, asked)


def _what(keys: list[str], sentences: list[str]) -> str | None:
    """What the knowledge says the entity of ``keys`` is: the words after "is a" in the first sentence naming
    it that says so ("American rock band"), or those written before its name ("the British engineer Arthur
    Woolf"), else None."""
    for s in sentences:
        at = names_at(s, keys)
        if at is None:
            continue
        m = _IS_A.search(s, at)
        if m and m.start() - at < 120 and not re.search(r"[,;]|\b(?:and|which|who|that)\b", s[at : m.start()]):
            more = re.match(
                r"(?:\s+(?:and|or)\s+(?:an?\s+)?[A-Za-z][\w-]+)+", s[m.end() :]
            )  # "mathematician and engineer", "British and Indian" (round 15b: a second nationality was cut off)
            return m.group("what") + (more.group(0) if more else "")
        before = _BEFORE.search(s[max(0, at - 60) : at])
        if before:
            return before.group("what")
    return None


def _both(question: str, sentences: list[str]) -> Compared | None:
    m = _BOTH.match(question) or _SAME.match(question)
    if m is None:
        return None
    names = (option_name(m.group("a")), option_name(m.group("b")))
    keys = [name_keys(n) for n in names]
    if not all(keys):
        return None
    attr = m.group("attr").strip()
    same = m.re is _SAME
    first, second = _what(keys[0], sentences), _what(keys[1], sentences)
    if first is None or second is None:
        return None
    whats = (first, second)
    if same or DEMONYM.fullmatch(attr):
        found = [DEMONYM.findall(w) for w in whats]
        if not found[0] or not found[1]:
            return None  # "A is a rock band": no nationality said (or not one on the fixed list)
        if any(len(set(f)) > 1 for f in found):
            return None  # "a British actor of Indian descent": which one the question means is not read
        values = (found[0][0], found[1][0])
        pairs = [(values[0], values[1])] if same else [(v, attr) for v in values]
        readings = [same_nationality(x, y) for x, y in pairs]
        if False in readings:
            holds = False
        elif None in readings:
            return None  # "British" / "Scottish": one may include the other
        else:
            holds = True
    else:
        nouns = attr.split()
        if len(nouns) > 2 or not nouns[-1].lower().endswith("s"):
            return None  # a kind is asked in the plural ("both magazines"); "both profitable" is not a kind
        want = [_singular(n) for n in nouns]
        have = [[_singular(w) for w in re.findall(r"[\w'’-]+", x)] for x in whats]
        values = (whats[0], whats[1])
        holds = all(all(n in h for n in want) for h in have)
        if not holds and not all(other_kind(want[-1], h) for h, x in zip(have, whats) if not all(n in h for n in want)):
            return None  # "an American actress" to "both actors?", "a periodical" to "both magazines?": unsure
    asked = "same nationality" if same else f"both {attr}"
    note = f"{names[0]}: {values[0]}, {names[1]}: {values[1]} — {asked}: {'yes' if holds else 'no'}"
    return Compared(True, names, values, False, 0 if holds else 1, note)


_BESIDE = 12  # characters between a number and the question's noun (round 15b: was 60, a partial reading)


def _number_of(keys: list[str], noun: str, sentences: list[str], other: list[str]) -> float | None:
    """The number printed nearest the question's noun ("members") in a sentence naming the option and not
    the other one; years and unrelated numbers far from the noun are not read."""
    stem = _singular(noun.split()[-1])[:6]
    for s in sentences:
        if names_at(s, keys) is None or names_at(s, other) is not None:
            continue
        cue = [(m.start(), m.end()) for m in re.finditer(rf"\b{re.escape(stem)}\w*", s.lower())]
        if not cue:
            continue
        years = {m.start() for m in YEAR.finditer(s)}
        near = [  # "1.2 million members": the number before the noun; "members: 450" after it, a little further
            (min(abs(a - q.start - len(q.text.rstrip())) if q.start < a else q.start - b + 10 for a, b in cue), q.value)
            for q in extract_facts(s).quantities
            if q.start not in years and q.unit in ("plain", "money")
        ]
        near = [n for n in near if n[0] <= _BESIDE]  # "1.2 million members", "members: 450"; further is not read
        if near:
            return min(near)[1]
    return None


def _how_many(question: str, sentences: list[str]) -> Compared | None:
    m = _HOW_MANY.match(question)
    if m is None:
        return None
    names = (option_name(m.group("a")), option_name(m.group("b")))
    keys = [name_keys(n) for n in names]
    if any(not k or all(w.isdigit() for w in k) for k in keys):
        return None
    noun = re.sub(r"^(?:an?|the)\s+", "", m.group("noun").strip(), flags=re.I)
    first, second = _number_of(keys[0], noun, sentences, keys[1]), _number_of(keys[1], noun, sentences, keys[0])
    if first is None or second is None or first == second:
        return None
    values = (first, second)
    more = re.fullmatch(_MORE, m.group("cmp").lower()) is not None
    winner = int(values[1] > values[0]) if more else int(values[1] < values[0])
    shown = [f"{v:,.0f}" if v == int(v) else f"{v:,}" for v in values]
    note = f"{names[0]} {shown[0]}, {names[1]} {shown[1]} {noun} — {m.group('cmp').lower()}: {names[winner]}"
    return Compared(False, names, values, more, winner, note)


def compare_attributes(question: str | None, contexts: list[str]) -> Compared | None:
    """The attribute or number comparison the question asks and the knowledge decides, or None."""
    if not question or not re.search(r"\b(?:both|same|or)\b", question, re.I):
        return None
    sentences = [s for c in contexts for s in split_sentences(c)]
    return _both(question, sentences) or _how_many(question, sentences)
