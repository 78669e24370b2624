"""Yes/No answers to evaluative questions: the verdict word, and when it can be checked.

Analysts (and LLMs) answer "Is the FY2019 current ratio above 1.0?", "Did revenue grow from 2018 to
2019?" or "Is the company capital-intensive based on FY2022 data?" with a verdict word first and
the figures after it: "Yes. The current ratio is 1.57 ($4,237 / $2,697), which indicates healthy
liquidity." Read as one claim, the verdict word is neither a figure nor a passage of the page; read
as a negation ("No, the company is not capital-intensive") it is flagged against a page that never
says so. Here the verdict word is taken off the answer and judged on its own:

* it is a verdict **on the question's criterion**, so it is checked only where the question states
  one that can be computed: a threshold ("above 1.0", "exceed 5% of revenue", "less than 20%"),
  compared with the answer's own figure for it (whose agreement with the page the figure checks
  judge), or a direction ("grow", "increase", "higher in 2019 than in 2018"), compared with the
  direction the answer states and, when the question's line item can be found in the page's tables,
  with the page;
* where the criterion is an opinion ("healthy", "capital-intensive", "a good investment"), the
  verdict abstains — like a judgement (judgement.py), it is shown but not scored;
* a verdict the answer's own figures or the page contradict counts as an unsupported claim, kind
  ``verdict``: "No — revenue rose 24.4% from $1,203 to $1,496" answers "Did revenue grow?" wrongly.

One more check lives here because it reads the same words: a direction word the answer's own
figures contradict ("fell 12.5% from $8 in 2018 to $9 in 2019").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .extracted_pages import parse_rows
from .facts import Direction, Facts, Quantity, extract_facts
from .given import drop_given
from .judgement import evaluative
from .located import direction_reason
from .location import locate
from .metrics import candidates, named
from .results import ClaimVerdict

_VERDICT = re.compile(r"^\s*(yes|no)\b(?:\s*[.,:;!]+\s*|\s+[—–-]+\s*|\s*[—–]+\s*)", re.I)
_POLAR = re.compile(r"^\s*(?:is|was|are|were|did|does|do|has|have|had|can|could|will|would|should)\b", re.I)
_ABOVE = r"above|greater than|more than|higher than|exceed(?:s|ed|ing)?|over|at least|in excess of"
_BELOW = r"below|less than|lower than|under|at most|short of"
_THRESHOLD = re.compile(
    rf"\b(?P<op>{_ABOVE}|{_BELOW})\s+(?:the\s+)?(?:\$|€|£)?(?P<num>\d+(?:\.\d+)?)\s*(?P<unit>%|x\b|times\b)?",
    re.I,
)
_UP = r"grow|grew|grown|increas\w*|ris(?:e|en|ing)|rose|improv\w*|expand\w*|higher|larger|greater|more"
_DOWN = r"declin\w*|decreas\w*|fall(?:en|ing)?|fell|drop\w*|shr[iu]nk\w*|contract\w*|deteriorat\w*|lower|smaller|less"
_MOVE = re.compile(rf"\b(?:(?P<up>{_UP})|(?P<down>{_DOWN}))\b", re.I)
_PART = r"(?:[^,;]|,(?=\d))"  # a clause's words: "1,258" is one figure, not a clause break
_FROM_TO = re.compile(
    rf"\bfrom\s+(?P<a>{_PART}{{1,40}}?)\s+to\s+(?P<b>{_PART}{{1,40}}?)(?=[,;.]\s|[,;.]?$|\s+(?:in|for|as)\b)"
)
_WAS_FROM = re.compile(
    rf"\b(?:was|were|of|at)\s+(?P<b>{_PART}{{1,30}}?),?\s+(?P<dir>up|down)\b{_PART}*?\bfrom\s+(?P<a>{_PART}{{1,30}})"
)


def split_verdict(answer: str, question: str | None) -> tuple[bool | None, str]:
    """(True for "Yes", False for "No", None for neither; the answer without the verdict word). Only
    an answer to a polar question ("Is …?", "Did …?") has a verdict word."""
    if not question or not _POLAR.match(question):
        return None, answer
    m = _VERDICT.match(answer or "")
    if not m:
        return None, answer
    rest = answer[m.end() :].strip()
    return m.group(1).lower() == "yes", rest[:1].upper() + rest[1:]


def factual(question: str) -> bool:
    """A yes/no question on no criterion: no threshold or direction (``criterion``), no evaluation
    (judgement.py's words), no named financial metric — "Was Clara Vidal the founder of the Meridian
    Line?". Its verdict abstains here; the reader compares the names (polar.py)."""
    return criterion(question) is None and not evaluative(question) and not named(question)


@dataclass(frozen=True)
class Criterion:
    """What a polar question asks to compare: a figure with a threshold, or a line item over time."""

    kind: str  # threshold | direction
    polarity: str  # threshold: "above" | "below"; direction: "up" | "down"
    threshold: float | None = None
    unit: str = ""  # "pct" | "plain" (a ratio, a multiple)


def criterion(question: str) -> Criterion | None:
    """The question's computable criterion, or None when its verdict is an opinion."""
    m = _THRESHOLD.search(question)
    if m and not (re.fullmatch(r"(?:19|20)\d\d", m.group("num")) and not m.group("unit")):
        above = re.fullmatch(_ABOVE, m.group("op"), re.I) is not None
        unit = (
            "pct"
            if m.group("unit") == "%"
            else "money"
            if re.search(r"[$€£]\s*$", question[: m.start("num")])
            else "plain"
        )
        return Criterion("threshold", "above" if above else "below", float(m.group("num")), unit)
    if m := _MOVE.search(question):
        return Criterion("direction", "up" if m.group("up") else "down")
    return None


def drop_restated(reasons: list[str], question: str | None) -> list[str]:
    """``reasons`` without the failures about what the question states (given.py) and, for a polar
    question with a threshold, about the threshold restated ("… 34.3%, above the 10% mark"): whether the
    answer's figure is above it is the verdict's check."""
    reasons = drop_given(reasons, question)
    crit = criterion(question) if question and reasons and _POLAR.match(question) else None
    if crit is None or crit.threshold is None:
        return reasons
    restated = re.compile(rf"^figure '[$€£]?{crit.threshold:g}(?:\.0+)?\s*(?:%|x|times)?'")
    return [r for r in reasons if not restated.match(r)]


def stated_value(text: str, crit: Criterion) -> Quantity | None:
    """The answer's figure the threshold is compared with: its first figure of the threshold's unit
    that is not the threshold restated ("… 1.57, above the 1.0x mark")."""
    units = {"pct": ("pct",), "plain": ("plain", "multiple"), "money": ("money",)}[crit.unit]
    for q in extract_facts(text).quantities:
        if q.unit in units and not (crit.threshold is not None and abs(q.value - crit.threshold) < 1e-9):
            if q.unit == "plain" and re.fullmatch(r"(?:19|20)\d\d", q.text):
                continue
            return q
    return None


_NEGATIVE = re.compile(r"(?:^|[\s(])[-−–]\s*[$€£]?\d|\(\s*[$€£]?\s*\d|[$€£]\s*\(")


def _amount(text: str) -> float | None:
    """The one figure of a "from A" / "to B" side; None for a negative one ("from -$9,825 to $5,566", "(1,054)"):
    whether a loss or an outflow that grows "rose" or "fell" is the reader's convention, not a checkable fact."""
    qs = [q for q in extract_facts(text).quantities if q.unit in ("money", "plain")]
    if len(qs) != 1 or qs[0].negative or _NEGATIVE.search(text):
        return None
    return qs[0].signed


def figures_direction(text: str) -> str | None:
    """The way the answer's own "from A to B" (or "was B, up … from A") figures moved: up, down, or None."""
    return next((moved for moved, _ in _moves(text)), None)


def _moves(text: str) -> list[tuple[str, int]]:
    """(up | down, where its figures start) for each "from A to B" / "was B, up … from A" of ``text``."""
    out = []
    for pattern in (_FROM_TO, _WAS_FROM):
        for m in pattern.finditer(text):
            a, b = _amount(m.group("a")), _amount(m.group("b"))
            if a is not None and b is not None and a != b:
                out.append(("up" if b > a else "down", m.start("dir") if "dir" in m.groupdict() else m.start()))
    return out


def stated_direction(facts: Facts) -> Direction | None:
    return next((d for d in facts.directions if d.axis == "level" and d.polarity in ("up", "down")), None)


def direction_figure_conflicts(claim: str) -> list[str]:
    """A direction word the claim's own figures contradict: "fell 12.5% from $8 in 2018 to $9 in 2019".
    The word is the one that governs the figures — the last before them, within a few words, or the
    "up/down" of "was B, down … from A" — not a line item's label ("Net increase (decrease) in cash")."""
    directions = [d for d in extract_facts(claim).directions if d.axis == "level" and d.polarity in ("up", "down")]
    for moved, start in _moves(claim):
        near = [d for d in directions if start - 60 <= d.start <= start + 12]
        if near and near[-1].polarity != moved:
            return [f"direction '{near[-1].word}' contradicts the answer's own figures (they went {moved})"]
    return []


def check_verdict(yes: bool, question: str, answer: str, rows: list) -> ClaimVerdict:
    """The verdict word as a claim: contradicted (unsupported, kind ``verdict``), agreeing with the
    computable criterion (supported, shown how), or an opinion (abstains: ``judgement`` True)."""
    word = "Yes" if yes else "No"
    crit = criterion(question)
    reasons: list[str] = []
    how: list[str] = []
    if crit is not None and crit.kind == "threshold":
        q = stated_value(answer, crit)
        if q is not None and abs(q.signed - (crit.threshold or 0.0)) > q.tolerance:
            holds = (
                q.signed > (crit.threshold or 0.0) if crit.polarity == "above" else q.signed < (crit.threshold or 0.0)
            )
            line = f"{q.text} is {'' if holds else 'not '}{crit.polarity} {crit.threshold:g}"
            (how if holds == yes else reasons).append(
                line if holds == yes else f"verdict '{word}' contradicts the answer's own figure: {line}"
            )
    elif crit is not None:
        claimed = crit.polarity if yes else ("down" if crit.polarity == "up" else "up")
        facts = extract_facts(answer)
        moved = figures_direction(answer)
        said = stated_direction(facts)
        if moved is not None and moved != claimed:
            reasons.append(f"verdict '{word}' contradicts the answer's own figures (they went {moved})")
        elif moved is None and said is not None and said.polarity != claimed:
            reasons.append(f"verdict '{word}' contradicts the answer ('{said.word}')")
        elif moved is None and said is None and rows and (loc := locate(question, rows)) is not None and loc.compares:
            reasons += _compared_figures(claimed, word, answer, how)  # "more on A than on B?": two things, not a year
        elif moved is None and said is None and rows and loc is not None and not loc.pair:
            if not loc.years:
                have = sorted(loc.rows[0].years())
                loc.years = have[-2:] if len(have) >= 2 else []
            found = direction_reason(Facts(directions=[Direction(claimed, "level", word, 0)]), loc, loc.rows[0])
            reasons += [f"verdict {r.removeprefix('direction ')}" for r in found]
        if not reasons and (moved or said):
            how.append(f"{word}: the answer's figures went {moved or said.polarity}")  # type: ignore[union-attr]
    verdict = ClaimVerdict(word, not reasons, None, "; ".join(reasons) or None, derivations=how,
                           error_kind="verdict" if reasons else None)  # fmt: skip
    verdict.judgement = crit is None or (not reasons and not how)
    if reasons:
        verdict.probability = 0.0
    return verdict


def _compared_figures(claimed: str, word: str, answer: str, how: list[str]) -> list[str]:
    """ "Does it spend more on A than on B? No — 288 against 468.": the answer's two figures, in the question's
    order, are the comparison; the verdict must agree with them (nothing is judged without exactly two)."""
    amounts = [q for q in extract_facts(answer).quantities if q.unit in ("money", "plain", "pct", "multiple")]
    if len(amounts) != 2 or amounts[0].signed == amounts[1].signed:
        return []
    first, second = amounts[0], amounts[1]
    went = "up" if first.signed > second.signed else "down"
    line = f"{first.text} {'>' if went == 'up' else '<'} {second.text}"
    if went == claimed:
        how.append(f"{word}: {line}")
        return []
    return [f"verdict '{word}' contradicts the answer's own figures ({line})"]


def bare_verdict(yes: bool, question: str, rows: list, found: list) -> ClaimVerdict | None:
    """A bare "Yes." / "No.": judged when the page computes the question's criterion — the direction
    of the line item it names (located.py), or the named metric it compares with a threshold
    (metrics.py ``found``, the question's year) — else None (the answer is not scored)."""
    crit = criterion(question)
    word, reasons, how = ("Yes" if yes else "No"), [], []
    if crit is None:
        return None
    if crit.kind == "direction":
        loc = locate(question, rows) if rows else None
        if loc is None or loc.pair or loc.compares:
            return None  # "more on A than on B?": two things, not one line item's years
        if not loc.years:
            have = sorted(loc.rows[0].years())
            loc.years = have[-2:] if len(have) >= 2 else []
        claimed = crit.polarity if yes else ("down" if crit.polarity == "up" else "up")
        other = "down" if claimed == "up" else "up"
        mine, theirs = (
            direction_reason(Facts(directions=[Direction(d, "level", word, 0)]), loc, loc.rows[0])
            for d in (claimed, other)
        )
        if bool(mine) == bool(theirs):
            return None  # the page does not tell
        reasons = [f"verdict {r.removeprefix('direction ')}" for r in mine]
        how = [] if mine else [f"{word}: {theirs[0].split('(', 1)[-1].rstrip(')')}"]
    else:
        kind = "pct" if crit.unit == "pct" else "ratio"
        values = {round(c.value, 6): c.formula for c in found if c.asked and c.kind == kind and not c.amount}
        t = crit.threshold or 0.0
        holds = {v > t if crit.polarity == "above" else v < t for v in values if v != t}
        if len(holds) != 1:
            return None
        held = holds.pop()
        line = f"{next(iter(values.values()))} is {'' if held else 'not '}{crit.polarity} {t:g}"
        (how if held == yes else reasons).append(
            line if held == yes else f"verdict '{word}' contradicts the page: {line}"
        )
    verdict = ClaimVerdict(word, not reasons, None, "; ".join(reasons) or None, derivations=how,
                           error_kind="verdict" if reasons else None)  # fmt: skip
    verdict.probability = 0.0 if reasons else 1.0
    return verdict


def judge_verdict(
    yes: bool | None, question: str | None, answer: str, has_claims: bool, rows: list, sources: list[str]
) -> ClaimVerdict | None:
    """The answer's verdict word judged on the question's criterion (a bare one by ``bare_verdict``), or
    None; ``rows``: the sources' table rows when already parsed, else they are parsed from ``sources``."""
    if yes is None or not question:
        return None
    rows = rows or [r for i, c in enumerate(sources) for r in parse_rows(c, i)]
    if has_claims:
        return check_verdict(yes, question, answer, rows)
    return bare_verdict(yes, question, rows, candidates(question, [], rows) if named(question) else [])
