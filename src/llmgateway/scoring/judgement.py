"""Interpretive sentences in an answer: judged by what they rest on, or left out of the score.

An analyst's answer rarely stops at the figure: "The quick ratio was 0.96. This indicates healthy
short-term liquidity." The second sentence is an *evaluation* of the first, not a fact a filing
states. Checked like a fact it matches no passage ("no source passage matches this claim"), and the
answer's score — its weakest claim's — sinks a correct answer. RAGAS and MiniCheck judge every
sentence the same way and have the same failure; some judges abstain on sentences with no
verifiable content.

What a compliance reviewer wants (the rule here): **an opinion is not a fact, and must not be passed
off as one, nor be allowed to hide a false fact.** So:

* A sentence is a *judgement* when it states no figure, date or name of its own and its predicate is
  a stance — an inference from what the answer said ("this indicates / suggests / implies / points
  to / reflects / signals / shows that …", "which means …") or an evaluation ("… is healthy / solid /
  conservative / capital-intensive", "would be viewed favourably", "in line with expectations").
  The stance markers are the hedges, boosters and attitude markers of Hyland's metadiscourse
  inventory (Hyland 2005, *Metadiscourse*, appendix) and the usual evaluative adjectives of credit and
  equity research — a closed class of words, not topics.
* A judgement is still checked against the sources. When the checks find a *contradiction* — a
  direction the page contradicts ("this shows margins improved" when they fell), a negation, a name,
  a figure, a date — it counts like any claim. When they find only that the page does not say it
  (no passage matches, new wording), the claim *abstains*: it is reported with ``judgement: true``
  and its reason, so a reviewer sees what the answer adds beyond the source, but it does not enter
  the answer's score. An answer whose only claims are judgements is "not scored".
* A sentence with a figure, a date or a name is never a judgement ("This indicates revenue of $4.2
  billion" is checked as a fact), so an opinion cannot carry an unchecked fact past the scorer.
"""

from __future__ import annotations

import re

from .facts import extract_facts
from .located import direction_reason
from .location import locate
from .results import ClaimVerdict

# inference from what was said: the claim's predicate is about the answer's own figures
_INFERENCE = re.compile(
    r"\b(?:indicat(?:es?|ing)|suggest(?:s|ing)?|impl(?:y|ies|ying)|point(?:s|ing)? to|reflect(?:s|ing)?|"
    r"signal(?:s|ling|ing)?|demonstrat(?:es?|ing)|shows? (?:that|a|an|the)|highlight(?:s|ing)?|underscor(?:es?|ing)|"
    r"means? (?:that|the|a)|is a sign|a sign of|speaks? to|is consistent with|in line with|would (?:likely )?be "
    r"(?:viewed|seen|considered|regarded)|(?:is|are) (?:generally |often |usually )?(?:considered|regarded|viewed|"
    r"seen)|would (?:likely )?(?:see|view|regard|consider)|in my (?:view|opinion)|we (?:believe|think|view)|"
    r"i (?:believe|think)|it appears|appears to|seems? to)\b",
    re.I,
)
# evaluative adjectives and adverbs of financial analysis (attitude markers)
_EVALUATIVE = re.compile(
    r"\b(?:health(?:y|ier)|unhealthy|strong(?:er)?|weak(?:er)?|solid|robust|sound|fragile|conservative|"
    r"aggressive|comfortabl[ey]|uncomfortable|prudent(?:ly)?|disciplined|efficient(?:ly)?|inefficient|"
    r"favou?rabl[ey]|unfavou?rable|resilien(?:t|ce)|capital[- ]intensive|asset[- ]light|reasonabl[ey]|"
    r"meaningful|modest|moderate|attractive|concerning|worrying|manageable|adequate|sufficient|ample|"
    r"well[- ]run|well[- ]managed|sustainable|unsustainable|stable|volatile|tight|lean|rich|cheap|expensive|"
    r"impressive|disappointing|encouraging|positive|negative|good|bad|poor|excellent|acceptable|"
    r"reassuring|respectable|decent|high-quality|low-quality|risky|safe)\b",
    re.I,
)
_NAME = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-Z][a-zA-Z&]+")  # a capitalised word past the first
_NOT_NAMES = {"I", "In", "My", "We", "This", "That", "These", "It", "Overall", "Such", "Yes", "No"}


def is_judgement(sentence: str) -> bool:
    """True when ``sentence`` is an interpretation or evaluation with no figure, date or name of its own."""
    text = sentence.strip()
    if not text or re.search(r"\d", text):
        return False
    facts = extract_facts(text)
    if facts.quantities or facts.dates:
        return False
    names = [w for w in _NAME.findall(text) if w not in _NOT_NAMES]
    if names:
        return False
    return bool(_INFERENCE.search(text) or _EVALUATIVE.search(text))


def evaluative(text: str) -> bool:
    """``text`` (a question) asks for an evaluation or an inference: "a healthy liquidity profile"."""
    return bool(_INFERENCE.search(text) or _EVALUATIVE.search(text))


# a clause that opens with one of these is the sentence's reading of its own figures
_CONNECTIVE = re.compile(
    r"^(?:which|this|that|so|thus|hence|meaning|suggesting|indicating|implying|pointing|reflecting|"
    r"signal(?:l)?ing|showing|demonstrating|underscoring|highlighting|making|and (?:this|that|so)|"
    r"an? (?:\w+ ){0,2}(?:sign|trend|level|position|result|outcome|figure|profile)\b)",
    re.I,
)
_STRONG = re.compile(r"\s*;\s+|\s+[—–]\s+|\s+--?\s+")  # clause breaks that separate two statements
_WEAK = re.compile(r",\s+")  # a comma before a relative or participial clause


def anatomy(sentence: str) -> list[str]:
    """``sentence`` split into its checkable part and its judgement parts: "Revenue rose 24% to $1.5
    billion, which signals solid momentum." → ["Revenue rose 24% to $1.5 billion.", "Which signals
    solid momentum."]. A part is split off only when it is a judgement (``is_judgement``) and, after a
    comma, opens like a reading of what came before ("which …", "suggesting …", "a sign of …"); a
    sentence without a figure, date or name is left whole (``is_judgement`` reads it as one)."""
    text = sentence.strip()
    if not re.search(r"\d", text):
        return [sentence]
    parts: list[str] = []
    for strong in _STRONG.split(text):
        pieces = _WEAK.split(strong)
        keep = [pieces[0]]
        for piece in pieces[1:]:
            if _CONNECTIVE.match(piece) and is_judgement(piece):
                parts.append(_as_sentence(piece))
            else:
                keep.append(piece)
        fact = ", ".join(keep)
        if is_judgement(fact) and len(keep) == 1 and fact != text:
            parts.append(_as_sentence(fact))
        else:
            parts.insert(0, fact) if not parts else parts.append(fact)
    facts = [p for p in parts if not is_judgement(p)]
    if not facts:
        return [sentence]
    joined = "; ".join(p.rstrip(".") for p in facts)
    return [_as_sentence(joined, upper=False)] + [p for p in parts if is_judgement(p)]


def _as_sentence(text: str, upper: bool = True) -> str:
    """``text`` as a sentence; the checkable part keeps its case ("capital expenditure …" is no name)."""
    text = text.strip().rstrip(".,;")
    return (text[:1].upper() if upper else text[:1]) + text[1:] + "."


# failure kinds that show the page contradicts the sentence (counted); the rest only say it is not stated
CONTRADICTION_KINDS = frozenset({"figure", "date", "entity", "rating", "direction", "negation"})


def counted(verdicts: list[ClaimVerdict], judgements: frozenset) -> list[ClaimVerdict]:
    """The verdicts that enter the answer's score; each judgement is marked, and leaves the score
    unless the checks found it contradicted by the sources."""
    for v in verdicts:
        v.judgement = v.text in judgements
    return [v for v in verdicts if not (v.judgement and (v.supported or not _contradicted(v)))]


def _contradicted(v: ClaimVerdict) -> bool:
    """The checks found the sources saying otherwise — not merely not saying it ("'healthy' (the answer)
    does not occur in the source", "'…' is not stated in the source")."""
    return v.error_kind in CONTRADICTION_KINDS and not re.search(
        r"^'[^']*'(?: \(the answer\))? (?:does not occur|is not stated)", v.reason or ""
    )


def direction_conflicts(
    verdict: ClaimVerdict, reasons: list[str], rows: list, years: list[str], question: str | None
) -> list[str]:
    """A judgement that states a direction ("this shows that net income fell") against the line item
    its words name in the page's tables is contradicted when the item moved the other way between the
    question's years (or its last two columns): ``verdict`` is made unsupported; its reasons returned."""
    facts = extract_facts(verdict.text)
    if not rows or not any(d.axis == "level" and d.polarity in ("up", "down") for d in facts.directions):
        return reasons
    loc = locate(f"{verdict.text} {' '.join(years)}", rows)
    if loc is None or loc.pair:
        return reasons
    if not loc.years:
        have = sorted(loc.rows[0].years())
        loc.years = have[-2:] if len(have) >= 2 else []
    conflict = direction_reason(facts, loc, loc.rows[0], question or "")
    if not conflict:
        return reasons
    reasons = conflict + [r for r in reasons if r not in conflict]
    verdict.supported, verdict.reason, verdict.error_kind = False, "; ".join(reasons), "direction"
    return reasons


# a figure-free sentence that reads the answer's own computed figure: its direction or its size against another
_READING = re.compile(
    r"\b(?:increased|decreased|rose|fell|grew|declined|dropped|went (?:up|down)|(?:more|less) than half|"
    r"(?:larger|smaller|greater|higher|lower|bigger) than|exceeds?|exceeded)\b",
    re.I,
)
_UP = re.compile(r"\b(?:increased|rose|grew|went up)\b", re.I)
_DOWN = re.compile(r"\b(?:decreased|fell|declined|dropped|went down)\b", re.I)


_YEAR_OF_ITEM = re.compile(r"\b(?:in|for|of|at|during) (?:fiscal |fy ?)?(?:19|20)\d\d\b", re.I)


def reads_figures(sentence: str) -> bool:
    """A sentence with no figure, date or name of its own that states which way a line item moved or how two
    compare ("Total sales decreased over the period.", "Goodwill is less than half of total assets acquired."):
    in an answer that shows its formula, a reading of that formula's result, judged by it (``formula_conflicts``)
    and otherwise like a judgement."""
    text = _YEAR_OF_ITEM.sub(" ", sentence.strip())  # "annual maturities in 2011 …": the line item's year, no figure
    if not text or re.search(r"\d", text) or not _READING.search(text):
        return False
    facts = extract_facts(text)
    return not (facts.quantities or facts.dates) and not [w for w in _NAME.findall(text) if w not in _NOT_NAMES]


def formula_conflicts(verdict: ClaimVerdict, reasons: list[str], formula) -> list[str]:
    """A reading (``reads_figures``) that the answer's own formula (``formula_text.Formula``) contradicts: "…
    decreased" when its difference is positive, "less than half" for a share of 0.6, "larger than" for a ratio
    below 1. ``verdict`` is made unsupported; its reasons returned."""
    text, value = verdict.text, formula.value
    has_difference = bool(re.search(r"\d\s*[-−–]\s*[(\[]*\s*\d", formula.text))
    wrong = None
    if has_difference and (_UP.search(text) or _DOWN.search(text)):
        if (value > 0 and _DOWN.search(text)) or (value < 0 and _UP.search(text)):
            wrong = (
                f"'{text.rstrip('.')}' (the answer) does not follow from its own formula {formula.text} = {value:,.4g}"
            )
    elif "/" in formula.text and not has_difference:
        if m := re.search(r"\b(more|less) than half\b", text, re.I):
            if (m.group(1).lower() == "more") != (value > 0.5):
                wrong = f"'{m.group(0)}' does not follow from the answer's own formula {formula.text} = {value:,.4g}"
        elif m := re.search(r"\b(larger|greater|higher|bigger|exceeds?|exceeded|smaller|lower)\b", text, re.I):
            if (m.group(1).lower() in ("smaller", "lower")) != (value < 1):
                wrong = f"'{m.group(0)}' does not follow from the answer's own formula {formula.text} = {value:,.4g}"
    if wrong is None:
        return reasons
    reasons = [wrong] + reasons
    verdict.supported, verdict.reason, verdict.error_kind = False, "; ".join(reasons), "direction"
    return reasons
