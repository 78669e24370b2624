"""What the factuality scorer reads of one item, built once before any claim is judged: the sources
split into passages (a sentence or two adjacent sentences of one source), the answer's claims, and
what the question, the page's tables and the answer's own working add (``prepare``). factuality.py
then judges the claims against it."""

from __future__ import annotations

from dataclasses import dataclass, field

from .attributes import compare_attributes
from .claims import is_bare_figure, short_answer_claim, split_claims
from .comparison import Compared, compare, comparison_verdict
from .extracted_pages import parse_rows
from .filing_words import question_years
from .formula_text import Formula, labelled_formula
from .judgement import anatomy, is_judgement, reads_figures
from .location import Location, locate
from .metrics import Candidate, candidates, mentions
from .results import ClaimVerdict
from .shown_work import Page, Working
from .tables import normalize_table_text
from .text import spell_out_wire, split_sentences, strip_citations, tokens
from .verdict import judge_verdict, split_verdict
from .worded_formula import states_formula


@dataclass(frozen=True)
class Passage:
    text: str
    context: int
    first: int  # sentence range [first, last]
    last: int


@dataclass
class Prepared:
    contexts: list[str]
    sentences: list[list[str]]
    passages: list[Passage]
    claims: list[str]
    queries: list[str]  # what finds each claim's passage (question + short answer)
    short: bool
    question: str | None
    location: Location | None = None  # the table cells the question names (answers of 1-3 claims)
    rows: list = field(default_factory=list)  # the sources' table rows (filing_tables.Row), when located
    evidence: dict = field(default_factory=dict)  # (context, first, last) → Evidence, built once
    work: Working = field(default_factory=lambda: Working(Page([]), [], []))  # the answer's shown working
    bare: frozenset = frozenset()  # claims that are a figure alone ("Roughly $1.6 billion."), read with the question
    metrics: list[Candidate] = field(default_factory=list)  # the named metrics' values on the page (metrics.py)
    years: list = field(default_factory=list)  # the years the question names
    judgements: frozenset = frozenset()  # interpretive claims ("This indicates healthy liquidity."), judgement.py
    verdict: ClaimVerdict | None = None  # the answer's Yes/No word, judged on the question's criterion (verdict.py)
    compared: Compared | None = None  # the two options a comparison question names, as the knowledge dates them
    formula: Formula | None = None  # the formula the answer says its figure was calculated as ("calculated as …")

    @property
    def scorable(self) -> bool:
        return bool(self.contexts and self.claims)


def passages_of(sentences: list[list[str]]) -> list[Passage]:
    """Every sentence of every source, and every two adjacent sentences of one source."""
    out = []
    for ci, sent in enumerate(sentences):
        for j, s in enumerate(sent):
            out.append(Passage(s, ci, j, j))
            if j + 1 < len(sent):
                out.append(Passage(s + " " + sent[j + 1], ci, j, j + 1))
    return out


def prepare(contexts: list[str], answer: str, question: str | None = None) -> Prepared:
    """Read one item before any claim is judged: the sources as passages and table rows, the answer's
    claims (a Yes/No verdict taken off, judgements and bare figures marked), the question's located line
    item and named metrics, and the answer's own working."""
    raw = [strip_citations(c) for c in (contexts or []) if c and c.strip()]
    contexts = [normalize_table_text(c) for c in raw]
    question = (question or "").strip() or None
    verdict, answer = split_verdict(spell_out_wire(answer or ""), question)  # "Yes. …": a verdict on the question
    claims = [part for c in split_claims(answer, keep_figures=bool(question)) for part in anatomy(c)]
    short = False
    if question and (not claims or len(claims) == 1 and len(tokens(claims[0])) <= 6):
        one = short_answer_claim(answer)
        if one is not None:
            claims, short = [one], True
    formula = next((f for c in claims if (f := labelled_formula(c)) is not None), None)  # "…, calculated as …"
    judgements = frozenset(c for c in claims if is_judgement(c) or (formula is not None and reads_figures(c)))
    factual = [c for c in claims if c not in judgements]  # what the answer's structure is judged by
    bare = frozenset(
        c for c in claims if question and (is_bare_figure(c) or judgements and factual == [c] and len(tokens(c)) <= 6)
    )  # "0.96. This indicates healthy liquidity.": the figure answers the question
    queries = [f"{question} {c}" if short or c in bare else c for c in claims]
    sentences = [split_sentences(c) for c in contexts]
    location, rows = None, []
    named = mentions(question or "", claims)
    if question and len(factual) <= 3 or named or judgements or any(states_formula(c) for c in factual):
        rows = [r for i, c in enumerate(raw) for r in parse_rows(c, i)]
    if question and len(factual) <= 3:
        location = locate(question, rows)
    prepared = Prepared(contexts, sentences, passages_of(sentences), claims, queries, short, question, location)
    prepared.rows = rows
    prepared.metrics = candidates(question or "", claims, rows) if named else []
    prepared.judgements, prepared.formula = judgements, formula
    prepared.years = question_years(question or "")
    prepared.work, prepared.bare = Working.of(strip_citations(answer), claims, raw), bare
    prepared.verdict = judge_verdict(verdict, question, answer, bool(claims), rows, raw)  # "Yes."/"No."
    prepared.compared = compare(question, contexts)  # "Which was founded first, A or B?" (comparison.py)
    prepared.compared = prepared.compared or compare_attributes(question, contexts)  # "Are A and B both …?"
    if prepared.compared is not None and prepared.compared.polar and verdict is not None:
        if prepared.verdict is None or prepared.verdict.judgement:  # "Was A founded before B?": the years decide
            prepared.verdict = comparison_verdict(verdict, prepared.compared)
    return prepared
