"""An answer's own working, and sentences that only say where the answer comes from.

Reading the arithmetic out of the answer's text is ``formula_text.py``'s; this module judges it against the page.

Analysts' and models' answers over filing pages show their work: "The proportion was about 1.2%.
This is computed as (425 + 33) / 38,771 from the table." Three things follow, all judged here:

* **Source-only sentences** ("This figure is taken from the table in the annual report.", "All
  amounts are as reported in the company's financial statements.") state nothing a source can
  confirm or contradict: every content word is about the answer's provenance. They are not claims
  (``is_source_note``); before, each was a claim that matched no passage well and, the answer's
  score being its weakest claim's, sank a correct answer.
* **Working sentences** ("It uses $2,010 and $442,262 from the table.", "computed as (425+33)/38,771")
  claim only that their figures are on the page: each figure must be printed in a source
  (``is_working`` and ``unprinted``), wherever on the page — a ratio's two line items rarely share a
  sentence, and the figures of a multi-step formula may sit in different tables.
* **A figure the answer computed by a formula it writes out** is supported when every operand of
  that formula is printed in the sources and the formula gives the figure, within the figure's own
  rounding, in any scale (``explained_by``; "$22.8 million" = 154,159 − 176,931 on a page in
  thousands; "1.2%" = (425 + 33) / 38,771 × 100). A changed operand is not on the page and a
  changed result does not follow, so both stay unsupported.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from .derived import close_to, derive
from .facts import Quantity, extract_facts
from .filing_tables import Row
from .formula_text import (
    CONSTANTS,
    LABELLED_CUE,
    NUMBER,
    YEAR,
    Formula,
    digits_of,
    figure_value,
    formulas_in,
    labelled_formula,
    operand_spans,
    printed_operands,
)
from .text import STOPWORDS, tokens

# Words about where a figure comes from or how it was obtained (not about the company).
SOURCE_WORDS = frozenset(
    """
figure figures number numbers amount amounts value values data table tables page pages report reports
reported reporting annual filing filings filed statement statements financial financials consolidated
note notes source sources document documents information provided shown shows show stated states state
disclosed taken take come comes came based basis directly above below following calculated calculate
calculation calculations computed compute computation derived derive using uses use used formula
obtained obtain arrived worked answer result results gives give given equals equal respective
respectively each every period periods fiscal reflects reflect presented present according line item
items dividing divided divide subtracting subtracted subtract adding added add multiplying multiplied
sum difference average ratio terms expressed
""".split()
)
_WORKING_CUE = re.compile(
    r"\b(?:computed|calculated|derived|worked out|obtained|arrived at|(?:it|this|which) uses?|using|divid|subtract)",
    re.I,
)


def _content_words(text: str) -> list[str]:
    return [
        t.lower
        for t in tokens(text)
        if t.lower not in STOPWORDS and not t.lower[0].isdigit() and len(t.lower) > 1 and t.lower not in SOURCE_WORDS
    ]


def is_source_note(sentence: str) -> bool:
    """True for a sentence about the answer's provenance only: no figure, no content word but
    SOURCE_WORDS ("This figure is taken from the table in the annual report.")."""
    return not NUMBER.search(sentence) and bool(tokens(sentence)) and not _content_words(sentence)


def is_working(sentence: str) -> bool:
    """True for a sentence that only lists the figures an answer used ("This is computed as (425+33)/
    38,771 from the table.", "It uses $2,010 and $442,262 from the table."): a formula or a working
    cue, a figure, and no content word beyond SOURCE_WORDS and years."""
    if not NUMBER.search(sentence) or not (_WORKING_CUE.search(sentence) or formulas_in(sentence)):
        return False
    return not _content_words(YEAR.sub(" ", sentence))


TOGETHER = 2500  # characters: a table and the paragraph about it


class Page:
    """Where each figure is printed in the sources: value → character offsets, per source."""

    def __init__(self, contexts: list[str]):
        self.positions: list[dict[float, list[int]]] = []
        for c in contexts:
            at: dict[float, list[int]] = {}
            for m in NUMBER.finditer(c):
                at.setdefault(figure_value(m.group(0)), []).append(m.start())
            self.positions.append(at)
        self.numbers = frozenset(v for at in self.positions for v in at)

    def together(self, values: list[float], span: int = TOGETHER) -> bool:
        """Every value is printed, and where one source prints them all, some ``span`` characters of
        it do (figures one calculation uses come from one part of a filing; a changed figure that a
        long page happens to print elsewhere does not pass). Spread over several sources (pages), each
        printed somewhere is enough."""
        values = list(dict.fromkeys(values))
        if not all(v in self.numbers for v in values):
            return False
        full = [at for at in self.positions if all(v in at for v in values)]
        return not full or any(_narrowest(at, values) <= span for at in full)


def _narrowest(at: dict[float, list[int]], values: list[float]) -> int:
    """The narrowest stretch of one source printing every value (sliding window over offsets)."""
    events = sorted((pos, v) for v in values for pos in at[v])
    have: dict[float, int] = {}
    need, best, left = len(values), 1 << 30, 0
    for pos, v in events:
        have[v] = have.get(v, 0) + 1
        while len(have) == need:
            best = min(best, pos - events[left][0])
            lv = events[left][1]
            have[lv] -= 1
            if not have[lv]:
                del have[lv]
            left += 1
    return best


def shown_formulas(answer: str, page: Page) -> list[Formula]:
    """The answer's formulas whose operands (but their constants) are printed together in the sources."""
    return [f for f in formulas_in(answer) if page.together(printed_operands(f))]


def explained_by(q: Quantity, formulas: list[Formula], rel_tol: float) -> str | None:
    """The shown formula that gives ``q`` (in any scale; a percentage also as a share × 100)."""
    for f in formulas:
        v = abs(f.value)
        if q.unit == "pct":
            candidates = [v, v * 100]
        elif q.unit in ("money", "plain"):
            candidates = [v * s for s in (1.0, 1e3, 1e6, 1e9)]
        elif q.unit == "multiple":
            candidates = [v]
        else:
            continue
        if any(close_to(c, q, rel_tol) for c in candidates):
            return f"{q.text} = {f.text} (the answer's own working; its figures are on the page)"
    return None


def stated_by_formula(claim: str, claim_quantities: list[Quantity], work: Working, rel_tol: float) -> list[str]:
    """The figures (as written) of a working sentence that its formulas account for: the result it states
    ("8.4% = 67,489 / 806,357", "(206,588 − 181,001) / 181,001 = 14.1%"), which the page need not print,
    and a formula's constants ("/ 2")."""
    constants = {n for f in formulas_in(claim) for n in f.operands if figure_value(n) in CONSTANTS}
    out = []
    for q in claim_quantities:
        digits = NUMBER.search(q.text)
        if digits and digits.group(0) in constants and q.unit == "plain":
            out.append(q.text)
        elif digits_of(q) not in work.page.numbers and work.explains(q, rel_tol):
            out.append(q.text)
    return out


ASKS_CHANGE = re.compile(
    r"\b(?:change[sd]?|growth|grow|grew|increase[sd]?|decrease[sd]?|decline[sd]?|differences?|drop(?:ped)?|"
    r"rise|rose|fell|fall|reduction)\b",
    re.I,
)


def operation_mismatch(question: str | None, claim: str) -> list[str]:
    """A formula that answers a question asking for a change ("percentage change", "growth rate", "how much
    did … decrease") with no difference in it ("(2.9 + 5.6) / 5.6", "55,687 / 3,087") computes something else."""
    if not question or not ASKS_CHANGE.search(question):
        return []
    return [
        f"figure '{f.text}' does not answer the question: the answer's formula takes no difference, "
        "but the question asks for a change"
        for f in formulas_in(claim)
        if not re.search(r"\d\s*[-−–]\s*[(\[]*\s*[$€£]?\d", f.text)
    ]


def working_reasons(claim_quantities: list[Quantity], page: Page) -> list[str]:
    """Why a working sentence's figures are not the page's: one is not printed, or they are printed
    only far apart."""
    values = [digits_of(q) for q in claim_quantities]
    missing = [q for q, v in zip(claim_quantities, values) if v not in page.numbers]
    if missing:
        return [f"figure '{q.text}' not in the source" for q in missing]
    if not page.together([v for v in values if v is not None]):
        listed = ", ".join(q.text for q in claim_quantities)
        return [f"figure '{listed}': not printed together in one part of the source"]
    return []


_FIGURE_REASON = re.compile(r"^figure '(.+?)' (?:not in the source|does not follow)")


_ANY_OPERATION = "growth change difference total average share of"  # derived.py's cue words, all of them


@dataclass
class Working:
    """An answer's shown working over one set of sources."""

    page: Page
    formulas: list[Formula]  # written out, operands printed together
    listed: list[Quantity]  # figures its working sentences say it used, printed together

    @classmethod
    def of(cls, answer: str, sentences: list[str], contexts: list[str]) -> Working:
        page = Page(contexts)
        listed: list[Quantity] = []
        for s in sentences:
            if is_working(s) and not formulas_in(s):
                qs = extract_facts(s).quantities
                if not working_reasons(qs, page):
                    listed += qs
        return cls(page, shown_formulas(answer, page), listed)

    def explains(self, q: Quantity, rel_tol: float) -> str | None:
        """How the working gives ``q``: a shown formula, or one operation over the listed figures
        (few operands, so every operation is tried)."""
        why = explained_by(q, self.formulas, rel_tol)
        if why is None and 2 <= len(self.listed) <= 6:
            if q.unit in ("plain", "multiple"):  # a ratio written as a bare number: "0.78"
                for a, b in itertools.permutations(self.listed, 2):
                    if b.value and close_to(a.value / b.value, q, rel_tol):
                        return f"{q.text} = {a.text} / {b.text} (the figures the answer says it used)"
            for scale in (1.0, 1e3, 1e6, 1e9):
                found = derive(q, _ANY_OPERATION, self.listed, scale=scale, rel_tol=rel_tol)
                if found:
                    return f"{found} (the figures the answer says it used)"
        return why


def resolve(
    claim_quantities: list[Quantity], claim: str, reasons: list[str], how: list[str], work: Working, rel_tol: float
) -> list[str]:
    """``reasons`` without the figure failures the answer's own working explains: a figure a shown
    formula (or an operation over the figures the answer lists) gives, or an operand of a formula in
    this claim that is printed on the page. The explanations go to ``how``."""
    own = [f for f in formulas_in(claim) if work.page.together(printed_operands(f))]
    own_operands = {n for f in own for n in f.operands}
    named = labelled_formula(claim)
    cue = LABELLED_CUE.search(claim)
    in_names = (  # "balance as of december 31, 2007 of 404,436": the 31 names the operand, it is no claimed figure
        {n.group(0) for n in NUMBER.finditer(claim[cue.end() :])} - set(named.operands) if named and cue else set()
    )
    out = []
    for r in reasons:
        m = _FIGURE_REASON.match(r)
        q = next((x for x in claim_quantities if m and x.text == m.group(1)), None)
        why = None
        if q is not None:
            why = work.explains(q, rel_tol)
            digits = NUMBER.search(q.text)
            if why is None and digits and digits.group(0) in own_operands:
                why = f"{q.text}: an operand of the answer's own formula, printed on the page"
            elif why is None and digits and digits.group(0) in in_names:
                why = f"{q.text}: part of an operand's name in the answer's formula"
        if why:
            how.append(why)
        else:
            out.append(r)
    return out


def disagreements(claim: str, claim_quantities: list[Quantity], work: Working, rel_tol: float) -> list[str]:
    """For an answer's headline figure ("Based on the table, 0.61%."): when the answer shows its
    working, the figure must be what the working gives — an answer whose result disagrees with its
    own computation is not supported, whatever figure on the page it happens to equal. The operands of
    a formula the claim itself writes out ("$85 million = 205 − 120") are the working, not results."""
    if not work.formulas and len(work.listed) < 2:
        return []
    spans = operand_spans(claim)
    claim_quantities = [q for q in claim_quantities if not any(a <= q.start < b for a, b in spans)]
    shown = ", ".join(f"{f.text} = {f.value:,.4g}" for f in work.formulas) or ", ".join(q.text for q in work.listed)
    return [
        f"figure '{q.text}' does not follow from the answer's own working ({shown})"
        for q in claim_quantities
        if work.explains(q, rel_tol) is None
    ]


def all_explained(claim_quantities: list[Quantity], work: Working, rel_tol: float) -> list[str] | None:
    """The explanations of every figure of a claim by the working, or None when one is not explained."""
    out = []
    for q in claim_quantities:
        why = work.explains(q, rel_tol)
        if why is None:
            return None
        out.append(why)
    return out or None


def other_years(claim: str, question: str, rows: list[Row], years: list[str]) -> list[str]:
    """Operands of the claim's formulas that the page's tables print only in years the question does not
    name ("(181,001 − 174,247) / 174,247" for a question about 2008 to 2009): a consistent computation over
    another year's cells answers another question. A single named year also admits the year before it (a growth
    "in 2009" on 2008), and so does "the beginning of 2010" (2009's year-end balance); an operand printed without
    a year, or in one of those years, is not judged; nor is a formula with an operand no table prints (its
    figures are the prose's: "(2.2 − 2.7) / 2.7" million shares, where 2.2% is also 2012's dividend yield)."""
    if not years or not rows:
        return []
    opening = {
        m.group(1) for m in re.finditer(r"\b(?:beginning|start) of (?:fiscal |the year )?((?:19|20)\d\d)", question)
    }
    wanted = set(years) | {str(int(y) - 1) for y in years if len(years) == 1 or y in opening}
    out = []
    for f in formulas_in(claim):
        cells = {n: [c.year for r in rows for c in r.cells if c.quantity and abs(c.quantity.value - v) < 1e-9]
                 for n in f.operands if (v := figure_value(n)) not in CONSTANTS}  # fmt: skip
        if not all(cells.values()):
            continue  # an operand no table prints: a formula over the prose's figures, whatever a cell equals
        for n, found in cells.items():
            if found and all(found) and not set(found) & wanted:
                printed = ", ".join(sorted({y for y in found if y}))
                out.append(
                    f"figure '{n}' is the page's {printed} figure, but the question asks about {', '.join(years)}"
                )
    return out


def judge_working(
    claim: str,
    quantities: list[Quantity],
    work: Working,
    question: str | None,
    rel_tol: float,
    rows: list[Row] | None = None,
    years: list[str] | None = None,
) -> tuple[list[str], list[str]]:
    """(reasons, how) for a working sentence: its figures printed together on the page, except a result its
    own formula gives; that result must answer the question: with a difference when it asks for a change,
    over the cells of the years it names."""
    stated = stated_by_formula(claim, quantities, work, rel_tol)
    printed = [q for q in quantities if q.text not in stated]
    reasons = working_reasons(printed, work.page)
    if stated and not reasons:
        reasons = operation_mismatch(question, claim) or other_years(claim, question or "", rows or [], years or [])
    if reasons:
        return reasons, []
    how = [f"{', '.join(q.text for q in printed)}: printed together on the page"]
    return reasons, how + [why for q in quantities if q.text in stated and (why := work.explains(q, rel_tol))]
