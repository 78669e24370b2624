"""Whether the formula an analyst states beside a figure ("0.45, calculated as (s&p 500 index in 2015 of 180.75 −
s&p 500 index in 2010 of 100) / 180.75") computes what the question asks.

``formula_text.labelled_formula`` reads the formula with its operands named; when each operand is printed on the
page and the formula gives the stated figure, the figure is supported although the page never prints it. What
a consistent formula over printed figures can still get wrong is *which* computation it is, and that is judged
here (issue 11 round 15a): a formula with no difference for a question asking for a change (as a working
sentence's, ``shown_work.operation_mismatch``), a part above its whole for a question asking for a portion, and a
change rate divided by the later year's figure. A figure its own formula does not give is unsupported too.
The same holds for a figure written on one side of an equals sign with its formula on the other ("$85 million =
205 − 120", round 16a: ``stated_formula``).
"""

from __future__ import annotations

import re

from .facts import extract_facts
from .filing_tables import Row
from .filing_words import question_years
from .formula_text import LABELLED_CUE, Formula, digits_of, formulas_in, labelled_formula
from .shown_work import ASKS_CHANGE, explained_by, is_working


def _figure(text: str) -> float:
    return float(text.replace(",", ""))


_DIFFERENCE = re.compile(r"\d%?\s*\)?\s*[-−–]\s*[(\[]*\s*[-−–]?\s*\d")  # "a − b", "66% − (− 223)"
_GROWTH = re.compile(r"^\(*\s*\(\s*(?P<a>[\d,.]+)\s*[-−–]\s*(?P<b>[\d,.]+)\s*\)\s*/\s*(?P<c>[\d,.]+)")


def _year_of(value: float, rows: list[Row]) -> str | None:
    """The one year the page's tables print ``value`` in (None: in none, in several, or without a year)."""
    found = {c.year for r in rows for c in r.cells if c.quantity and abs(c.quantity.value - value) < 1e-9}
    return found.pop() if len(found) == 1 and None not in found else None


def wrong_base(f: Formula, rows: list[Row]) -> list[str]:
    """A change rate "(A − B) / C" divides by the earlier year's figure: when C is the later year's cell
    of the two ("(180.75 − 100) / 180.75", 2015 over 2010), the rate is on the wrong base."""
    m = _GROWTH.match(f.text)
    if not m:
        return []
    a, b, c = (_figure(m.group(k)) for k in "abc")
    if c not in (a, b):
        return []
    other = b if c == a else a
    yc, yo = _year_of(c, rows), _year_of(other, rows)
    if yc and yo and yc > yo:
        return [f"figure '{f.text}' divides by the later year's figure ({yc}), not the earlier one ({yo})"]
    return []


# a question asking for a part of a whole: its share cannot exceed 100%
_ASKS_PART = re.compile(
    r"\b(?:portion|proportion|fraction|share of|percent(?:age)? of (?:the )?total|comprised|made up|make up)\b", re.I
)


_PERIOD_LENGTH = re.compile(r"(?i)^[a-z]+[- ](?:years?|months?|quarters?|weeks?|days?)$")  # "five years"


def stated_formula(claim: str) -> tuple[Formula, list] | None:
    """The formula a claim gives its figure by, and the figures it states as the result: after "calculated as"
    ("0.45, calculated as … of 180.75 / … of 100"), or on the other side of an equals sign ("$85 million = 205 −
    120", "The growth rate is (206,588 − 181,001) / 181,001 = 14.1%")."""
    main = labelled_formula(claim)
    if main is not None:
        cue = LABELLED_CUE.search(claim)
        before = extract_facts(claim[: cue.start()] if cue else "").quantities
        # in the order written, without a period's length ("for the five years ended …" is no result)
        stated = sorted(
            (q for q in before if q.unit != "year" and not _PERIOD_LENGTH.match(q.text)), key=lambda q: q.start
        )
    else:
        sides = claim.split("=")
        if len(sides) != 2:
            return None
        shown = [formulas_in(s) for s in sides]
        if sum(bool(f) for f in shown) != 1:
            return None
        k = 0 if shown[0] else 1
        if len(shown[k]) != 1:
            return None
        main = shown[k][0]
        stated = [q for q in extract_facts(sides[1 - k]).quantities if q.unit != "year"]
        stated = stated[-1:] if k == 1 else stated[:1]  # the figure next to the equals sign
    operands = {_figure(o) for o in main.operands}
    if any(digits_of(q) in operands for q in stated):
        stated = []  # "X was $1,402 in 2019, up from $1,271; computed as …": the operands, not the result
    return main, stated


def own_formula_reasons(claim: str, question: str | None, rows: list[Row], rel_tol: float) -> list[str]:
    """For a claim that states its figure with the formula it came from ("0.45, calculated as (s&p 500 index
    in 2015 of 180.75 − … of 100) / 180.75"), the formula must give the figure stated before it, and answer the
    question: a difference when it asks for a change (as a working sentence's must), a part of a whole no larger
    than the whole, and a change rate on the earlier year's figure."""
    found = stated_formula(claim)
    if found is None or is_working(claim):
        return []
    main, stated = found
    reasons = [
        f"figure '{q.text}' does not follow from the answer's own working ({main.text} = {main.value:,.4g})"
        for q in stated[-1:]
        if explained_by(q, [main], rel_tol) is None
    ]
    if question and ASKS_CHANGE.search(question) and not _DIFFERENCE.search(main.text):
        reasons.append(
            f"figure '{main.text}' does not answer the question: the answer's formula takes no difference, "
            "but the question asks for a change"
        )
    if question and _ASKS_PART.search(question) and not ASKS_CHANGE.search(question):
        if re.fullmatch(r"[\d.,]+ / [\d.,]+(?: × 100)?", main.text) and main.value > (100 if "×" in main.text else 1):
            reasons.append(f"figure '{main.text}' is above the whole: the question asks for a part of a total")
    if question and _ASKS_TOGETHER.search(question) and not ASKS_CHANGE.search(question):
        if _DIFFERENCE.search(main.text):
            reasons.append(f"figure '{main.text}' does not answer the question: it takes a difference, but the "
                           "question asks for a sum or an average")  # fmt: skip
    return reasons + wrong_base(main, rows) + mixed_years(claim, question)


# a sum or an average the question asks for in so many words ("the total … in the last three years" too)
_ASKS_TOGETHER = re.compile(r"\b(?:sum|average|mean|combined)\b|\btotal\b[^?]*\b(?:last|past) \w+ years\b", re.I)
# the year an operand's name gives it: "finished goods in 2007 of 1,001.3", "… in december 31 2012 of …", "… in
# 12/31/2013 of 219"
_OPERAND_YEAR = re.compile(r"\bin (?:[a-z]+ \d{1,2},? |\d{1,2}/\d{1,2}/)?((?:19|20)\d\d)\b(?=[^/+×−–-]*\bof\b)", re.I)
# "for the five years ended 12/31/2016": the period starts five years before the year it ends in
_PERIOD_ENDED = re.compile(
    r"\b(two|three|four|five|six|seven|eight|nine|ten|\d)[- ]years?(?: period)? end(?:ed|ing)\b[^?]*?((?:19|20)\d\d)\b",
    re.I,
)
_NUMBER_WORDS = {w: n for n, w in enumerate("zero one two three four five six seven eight nine ten".split())}


def mixed_years(claim: str, question: str | None) -> list[str]:
    """A formula whose operands are named by year, one in a year the question names and another in a year it
    does not (nor the year before a single named one, for a change): "finished goods in 2007 of 1,001.3 / total
    in 2008 of 1,931.5" for "… of total inventories … in 2008?" takes one operand from the wrong column."""
    cue = LABELLED_CUE.search(claim)
    asked = set(question_years(question or ""))
    if cue is None or not asked:
        return []
    named = set(_OPERAND_YEAR.findall(claim[cue.end() :]))
    if len(asked) == 1 and (
        ASKS_CHANGE.search(question or "") or re.search(r"\baverage|\bmean\b", question or "", re.I)
    ):
        asked.add(str(int(next(iter(asked))) - 1))  # "the change in 2019", "the average balance in 2019"
    for n, end in _PERIOD_ENDED.findall(question or ""):
        asked.add(str(int(end) - (int(n) if n.isdigit() else _NUMBER_WORDS[n.lower()])))
    if re.search(r"\b(?:by|through|until|up to)\s+(?:(?:fiscal|fy)\s*)?(?:19|20)\d\d", question or "", re.I):
        asked |= {y for y in named if y < max(asked)}  # "due by 2017": the years up to it
    if not (named & asked) or named <= asked:
        return []
    return [f"the answer's formula takes an operand of {', '.join(sorted(named - asked))}, a year the question does "
            f"not ask about ({', '.join(sorted(asked))})"]  # fmt: skip
