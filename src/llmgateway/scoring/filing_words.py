"""Words the question-aware table reading (located.py) knows: question words that name no line item,
the operations a question asks for, abbreviations of line items, and ratios named without their
line items."""

from __future__ import annotations

import re

from .text import stem

_YEAR = re.compile(r"(?<![\d$.])((?:19|20)\d\d)(?![\d%])")
_RANGE = re.compile(
    r"((?:19|20)\d\d)\s*(?:-|–|to|through)\s*((?:19|20)\d\d)|between ((?:19|20)\d\d) and ((?:19|20)\d\d)"
)


def question_years(question: str) -> list[str]:
    out: list[str] = []
    for m in _RANGE.finditer(question):
        a, b = sorted(int(y) for y in m.groups() if y)
        if b - a <= 5 and re.search(r"average|mean|total|sum", question, re.I):
            out += [str(y) for y in range(a, b + 1)]
    out += _YEAR.findall(question)
    return list(dict.fromkeys(out))


NOT_ITEM = {
    stem(w)
    for w in "what which how much many did does do was were is are the change changes changed percentage percent "
    "increase increased decrease decreased average averaged ratio difference between from to in of for and "
    "fiscal year years respectively value amount total sum combined growth rate proportion share as a "
    "compared compare year-over-year yoy period ended ending end december june september march january "
    "there during based its their company".split()
}
OPERATIONS = {
    "growth": re.compile(r"percent(?:age)?\s+(?:change|increase|decrease|growth|decline|reduction|drop)|%\s*change|growth rate|"
                         r"\bgrow|\bgrew|rate of (?:change|increase)|\bcagr\b", re.I),
    "change": re.compile(r"\bchange|\bdifference|\bincrease|\bdecrease|\bdeclin|\breduc|\brose|\bfell|"
                         r"\bhow much (?:more|less|higher|lower)|\bvariance", re.I),
    "average": re.compile(r"\baverage|\bmean\b", re.I),
    "sum": re.compile(r"\bsum\b|\bcombined\b|\baggregate|\btogether|\bin all\b|\bin total\b|\btotal of\b|"
                      r"\btotal\b.*\b(?:19|20)\d\d,? (?:and|&) (?:fiscal )?(?:19|20)\d\d", re.I),
    "ratio": re.compile(r"\bratio|\bproportion|\bpercent(?:age)? of|%\s+of|\bshare of|\bmargin|\bas a percent|"
                        r"\bportion|\bfraction|\bper\b|\bconstitut|\baccount(?:s|ed)? for|\brepresent|\bdivided by", re.I),
}  # fmt: skip
# line items a question may name by an abbreviation: (what it says, the words of the usual labels)
ALIASES = [
    (r"\bcap(?:ital )?ex(?:penditures?)?\b|\bcapital expenditures?", "purchases additions property plant equipment"),
    (r"\bCOGS\b|\bcost of goods sold", "cost sales revenue goods sold"),
    (r"\bSG&A\b|\bselling,? general", "selling general administrative"),
    (r"\bD&A\b|\bdepreciation and amortization", "depreciation amortization"),
    (r"\bPP&E\b", "property plant equipment"),
    (r"\bEPS\b", "earnings per share"),
    (r"\boperating cash flows?\b|\bcash (?:flows? )?from operations\b", "net cash provided by operating activities"),
]
# ratios a question names without naming their line items: (pattern, numerator, denominator)
NAMED_RATIOS = [
    (r"\bcurrent ratio", "total current assets", "total current liabilities"),
    (r"\bdebt[- ]to[- ]equity", "total debt", "total equity"),
    (r"\breturn on (?:total )?assets|\bROA\b", "net income", "total assets"),
    (r"\breturn on (?:shareholders'? |stockholders'? )?equity|\bROE\b", "net income", "total equity"),
    (r"\basset turnover", "total revenue", "total assets"),
    (r"\binterest coverage", "operating income", "interest expense"),
    (r"\beffective tax rate", "provision for income taxes", "income before income taxes"),
    (r"\bpayout ratio", "dividends", "net income"),
    (r"\bfree cash flow", "net cash provided by operating activities", "purchases of property plant equipment"),
]
