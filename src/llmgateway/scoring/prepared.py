"""What the factuality scorer reads of one item, built once before any claim is judged: the sources
split into passages (a sentence or two adjacent sentences of one source), the answer's claims, and
what the question, the page's tables and the answer's own working add (factuality.py fills it)."""

from __future__ import annotations

from dataclasses import dataclass, field

from .located import Location
from .metrics import Candidate
from .results import ClaimVerdict
from .shown_work import Page, Working


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
