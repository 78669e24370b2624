"""Factuality: is each claim of an answer supported by the sources it was given?

For every claim (claims.py) the scorer finds the best-matching source passages (a passage is a
sentence or two adjacent sentences of one source; table text is first put one row per line,
tables.py), then runs the strict agreement checks of checks.py against the best candidates.
Passages are found by IDF-weighted word and figure overlap (lexical.py); only the claims whose
lexical verdict the verifier is unsure of are matched again by MiniLM cosine (``matching``:
"cascade", the default; "embedding" embeds every claim, "lexical" none). A figure the source does not print is accepted when it follows from the source's
figures, and the verdict says how (derived.py). Similarity alone cannot do this job (a changed
figure barely moves an embedding): it only finds *where* to look; the checks decide.

With a ``question``, a short answer ("Dublin", "$1,345 million") is read as the claim it makes about
the question: the question+answer text finds the passage, the answer's own words are checked.

The trained verifier (verifier.py) turns each claim's check results and similarities into a
probability that the passage supports it; the answer's ``score`` is the calibrated probability that
every claim is supported, and ``supported`` is ``score >= threshold``. Without the verifier's
weights the score is the supported fraction of the claims. An answer with no checkable claim (a
refusal, a greeting) is "not scored": ``score`` and ``supported`` are None.
"""

from __future__ import annotations

import numpy as np

from .checks import Evidence, check_claim, check_question, error_kind
from .comparison import compared_claim, order_conflicts
from .entailment import EntailmentStage
from .facts import extract_facts
from .given import drop_given
from .hops import multihop_reasons
from .judgement import counted, direction_conflicts, formula_conflicts
from .lexical import inverse_document_frequency, printing_passages, similarities, terms
from .locality import away_from_question, misplaced_names
from .located import check_located, cue_ops, release_printed
from .location import locate
from .metrics import all_metric, resolve_metrics
from .one_operand import release_share
from .own_formula import own_formula_reasons
from .polar import polar_answer, polar_as_asked
from .prepared import Passage, Prepared, prepare
from .printed_share import release_printed_share
from .reader import ReaderStage, answer_words
from .results import ClaimVerdict, FactualityResult
from .shown_work import all_explained, disagreements, is_working, judge_working, resolve
from .slot import SlotStage
from .verdict import direction_figure_conflicts, drop_restated, factual
from .verifier import Verifier, claim_features
from .worded_formula import resolve_worded, worded_support

MATCHING = ("cascade", "embedding", "lexical")


class FactualityScorer:
    def __init__(
        self,
        embedder,
        *,
        threshold: float | None = None,
        match_threshold: float = 0.45,
        lexical_match_threshold: float = 0.2,
        top_k: int = 3,
        rounding_tolerance: float = 0.005,
        verifier: Verifier | bool | None = None,
        matching: str = "cascade",
        rerank: int = 4,
        entailment: EntailmentStage | None = None,
        reader: ReaderStage | None = None,
        slot: SlotStage | None = None,
    ):
        """``verifier``: None loads the committed weights; False scores by the strict checks alone.
        ``matching``: how a claim's passages are found — "embedding" (MiniLM cosine for every
        claim), "lexical" (IDF-weighted term overlap, no embedding), or "cascade" (lexical first;
        MiniLM only for the claims whose lexical verdict the verifier is unsure of; needs the
        verifier, else it is "embedding"); the cascade compares a claim's embedding with its
        ``rerank`` best passages by lexical similarity only, not with every passage (4: the fewest
        with no loss on the dev split — 8, 6, 5 and 4 all gave 0.978, 3 gave 0.967; the passages are
        most of what the cascade embeds). ``entailment``: the cross-encoder stage for the claims the
        verifier is still unsure of (entailment.py); None: none. ``reader``: the extractive reader that
        rejects a short answer the passage answers otherwise (reader.py); None: none. ``slot``: the head that
        rejects a short answer the passage ties less to the question than a rival span (slot.py; reads the
        reader's items, so it needs ``reader``)."""
        if matching not in MATCHING:
            raise ValueError(f"matching must be one of {MATCHING}, got {matching!r}")
        self.embedder = embedder
        self.match_threshold = match_threshold
        self.lexical_match_threshold = lexical_match_threshold
        self.top_k = top_k
        self.rerank = rerank
        self.rounding_tolerance = rounding_tolerance
        if verifier is None or verifier is True:
            verifier = Verifier.load_default()
        self.verifier: Verifier | None = verifier or None
        if matching == "cascade" and (self.verifier is None or not self.verifier.has_cascade):
            matching = "embedding"
        self.matching = matching
        self.entailment = entailment if self.verifier is not None else None
        self.reader = reader
        self.slot = slot if reader is not None else None
        if threshold is None:
            threshold = self.verifier.threshold if self.verifier is not None else 1.0
        self.threshold = threshold

    # -- embeddings ---------------------------------------------------------------------------
    def _embed(self, texts: list[str]) -> dict[str, np.ndarray]:
        """Text → vector; the embedder caches by text, so passages seen before cost nothing."""
        unique = list(dict.fromkeys(texts))
        return dict(zip(unique, self.embedder.embed(unique)))

    # -- scoring ------------------------------------------------------------------------------
    def score(self, contexts: list[str], answer: str, question: str | None = None) -> FactualityResult:
        return self.score_many([(contexts, answer, question)])[0]

    def score_many(self, items: list[tuple]) -> list[FactualityResult]:
        """Score (contexts, answer[, question]) items; the claims that need MiniLM (all of them with
        ``matching="embedding"``) are embedded in one call for the whole batch."""
        prepared = [prepare(*item) for item in items]
        verdicts: list[list[ClaimVerdict]] = [[] for _ in prepared]
        # (item, claim) still to match with MiniLM → the passages to compare it with (None: all)
        todo: dict[tuple[int, int], np.ndarray | None] = {}
        for k, p in enumerate(prepared):
            if not p.scorable:
                continue
            if self.matching == "embedding":
                todo |= {(k, j): None for j in range(len(p.claims))}
                continue
            bags = [terms(x.text) for x in p.passages]
            idf = inverse_document_frequency(bags)
            lexical = [similarities(query, bags, idf) for query in p.queries]
            for claim, sims in zip(p.claims, lexical):
                verdicts[k].append(self._judge_claim(p, claim, sims, self.lexical_match_threshold, "lexical"))
            if self.matching == "cascade" and self.verifier is not None:
                for j in self.verifier.to_embed([v.probability for v in verdicts[k]]):
                    todo[(k, j)] = np.argsort(-lexical[j], kind="stable")[: self.rerank]
        if todo:
            texts = [prepared[k].queries[j] for k, j in todo]
            for (k, _), among in todo.items():
                passages = prepared[k].passages
                texts += [passages[i].text for i in (range(len(passages)) if among is None else among)]
            vectors = self._embed(texts)
            for (k, j), among in todo.items():
                p = prepared[k]
                sims = np.full(len(p.passages), -1.0, dtype=np.float32)
                index = np.arange(len(p.passages)) if among is None else among
                sims[index] = np.stack([vectors[p.passages[i].text] for i in index]) @ vectors[p.queries[j]]
                v = self._judge_claim(p, p.claims[j], sims, self.match_threshold, "embedding")
                if j < len(verdicts[k]):
                    verdicts[k][j] = v
                else:
                    verdicts[k].append(v)
        if self.entailment is not None:
            self._entail(prepared, verdicts)
        if self.reader is not None:
            self._read(prepared, verdicts)
        return [self._result(p, v) for p, v in zip(prepared, verdicts)]

    def _entail(self, prepared: list[Prepared], verdicts: list[list[ClaimVerdict]]) -> None:
        """The cross-encoder reads each unsure claim (a short answer with its question) against its
        evidence window, all pairs of the batch in one call; its probability is folded into the
        claim's."""
        assert self.entailment is not None
        todo = [
            (verdicts[k][j], (verdicts[k][j].window or "", p.queries[j]))
            for k, p in enumerate(prepared)
            for j in self.entailment.select(
                [v.probability for v in verdicts[k]], p.claims, p.short, [v.reason for v in verdicts[k]]
            )
            if verdicts[k][j].window
        ]
        if not todo:
            return
        for (v, _), q in zip(todo, self.entailment.model.probabilities([pair for _, pair in todo])):
            assert v.probability is not None
            v.entailment = q
            v.probability = self.entailment.combine(v.probability, q, v.features)

    def _read(self, prepared: list[Prepared], verdicts: list[list[ClaimVerdict]]) -> None:
        """The reader reads each short answer's question against the claim's window and the ``windows``
        passages sharing most of the question's words (reader.py decides whether it disagrees)."""
        assert self.reader is not None
        todo = []
        for k, p in enumerate(prepared):
            if not (p.scorable and p.question and p.location is None) or p.compared is not None:
                continue  # a comparison question's answer is judged by the comparison (comparison.py)
            bags = [terms(x.text) for x in p.passages]
            around = np.argsort(-similarities(p.question, bags, inverse_document_frequency(bags)), kind="stable")
            polar = polar_as_asked(p.question) if p.verdict is not None and factual(p.question) else None
            for j, claim in enumerate(p.claims):
                v = verdicts[k][j]
                question, answer, rival = p.question, None, None
                if p.short or claim in p.bare:
                    answer = answer_words(claim, p.question)
                elif polar and j == 0 and not v.judgement:  # "No, Ingrid Solberg was …" to "Was Clara Vidal …?"
                    yes = p.verdict is not None and p.verdict.text == "Yes"
                    (question, rival), answer = polar, polar_answer(claim, p.question, polar[1], yes)
                if v.window and answer:
                    windows = [v.window] + [self._window(p, p.passages[i]) for i in around[: self.reader.windows]]
                    todo.append((v, question, answer, list(dict.fromkeys(windows)), " ".join(p.contexts), rival))
        self.reader.apply(todo)
        if self.slot is not None:
            self.slot.apply(todo)

    def _result(self, p: Prepared, verdicts: list[ClaimVerdict]) -> FactualityResult:
        if not p.contexts:
            return FactualityResult(
                None, None, self.threshold, reason="no sources to check against", question=p.question
            )
        if not p.claims and p.verdict is not None:  # a bare "Yes."/"No." the page decides (verdict.py)
            score = p.verdict.probability or 0.0
            return FactualityResult(score, score >= self.threshold, self.threshold, [p.verdict], None, p.question)
        if not p.claims:
            return FactualityResult(
                None, None, self.threshold, reason="not scored: no checkable claims in the answer", question=p.question
            )
        verdicts_all, verdicts = verdicts, counted(verdicts, p.judgements)
        if p.verdict is not None:  # the Yes/No word: counted only when contradicted (verdict.py)
            verdicts_all = verdicts_all + [p.verdict]
            verdicts = verdicts + ([] if p.verdict.supported else [p.verdict])
        if not verdicts:
            reason = "not scored: the answer only states judgements"
            return FactualityResult(None, None, self.threshold, verdicts_all, reason, p.question)
        if self.verifier is not None:
            score = self.verifier.answer_probability([v.probability for v in verdicts])
            method = "verifier"
        else:
            score = sum(v.supported for v in verdicts) / len(verdicts)
            method = "checks"
        return FactualityResult(
            score, score >= self.threshold - 1e-9, self.threshold, verdicts_all, None, p.question, method
        )

    def _evidence(self, p: Prepared, passage: Passage) -> Evidence:
        key = (passage.context, passage.first, passage.last)
        if key not in p.evidence:
            p.evidence[key] = Evidence(
                window=self._window(p, passage),
                document=p.contexts[passage.context],
                others=tuple(c for k, c in enumerate(p.contexts) if k != passage.context),
                rel_tol=self.rounding_tolerance,
            )
        return p.evidence[key]

    @staticmethod
    def _window(p: Prepared, passage: Passage) -> str:
        """The passage with a sentence either side: what a claim is checked and entailed against."""
        sent = p.sentences[passage.context]
        return " ".join(sent[max(0, passage.first - 1) : passage.last + 2])

    def _judge_claim(self, p: Prepared, claim: str, sims, match_threshold: float, matched_by: str) -> ClaimVerdict:
        """Check ``claim`` against its ``top_k`` passages by ``sims`` (cosine or lexical); the first
        that passes every check is its evidence, else the best-matching one. With the table cells its
        question names (``p.location``), the claim's figures are judged against those cells. A sentence
        that only lists the figures the answer used is judged by whether they are on the page."""
        if is_working(claim):
            return self._judge_working(p, claim, matched_by)
        short = p.short or claim in p.bare
        if p.location is not None:
            verdict = self._judge_located(p, claim, sims, matched_by)
            if verdict is not None:
                return verdict
        order = np.argsort(-sims, kind="stable")[: self.top_k]
        best = float(sims[order[0]])
        top = p.passages[order[0]]
        chosen = None  # (passage index, reasons, derivations)
        first = None
        printing = printing_passages(claim, p.passages, sims, set(order.tolist()))
        # the best passages that match (``order`` runs from most similar down), then those printing the figures
        for i in [*(i for i in order if sims[i] >= match_threshold or p.compared), *printing]:
            how: list[str] = []
            evidence = self._evidence(p, p.passages[i])
            reasons = check_claim(claim, evidence, how, p.question if short else None)
            if short and p.question:
                reasons += check_question(p.question, evidence) or away_from_question(p.question, claim, evidence)
            elif p.question:
                reasons += misplaced_names(claim, evidence, p.question)
            reasons = drop_given(reasons, p.question)
            if first is None:
                first = (i, reasons, how)
            if not reasons:
                chosen = (i, reasons, how)
                break
        if chosen is None:
            chosen = first
        quantities = extract_facts(claim).quantities
        if chosen is None and (
            explained := all_explained(quantities, p.work, self.rounding_tolerance)
            or all_metric(quantities, p.metrics, self.rounding_tolerance)
            or worded_support(claim, quantities, p.rows, p.years, self.rounding_tolerance)
        ):
            # no passage is like the claim, but the answer's own working gives each of its figures
            i, how = int(order[0]), list(explained)
            found = check_claim(claim, self._evidence(p, p.passages[i]), None, p.question if short else None)
            chosen = (i, [r for r in found if error_kind(r) != "figure"], how)
        own: list[str] = []
        if chosen is None:
            reason = f"no source passage matches this claim (best similarity {best:.2f})"
            verdict = ClaimVerdict(claim, False, top.text, reason, best, top.context, error_kind="unmatched")
            verdict.window = self._window(p, top)  # no Evidence: its fact extraction is not needed here
            reasons, how, sim, ev = [reason], [], best, None
        else:
            i, reasons, how = chosen
            reasons = resolve(quantities, claim, reasons, how, p.work, self.rounding_tolerance)
            reasons += direction_figure_conflicts(claim) + order_conflicts(claim)
            reasons = resolve_metrics(quantities, reasons, how, p.metrics, self.rounding_tolerance, claim, p.years)
            reasons = resolve_worded(quantities, claim, reasons, how, p.rows, p.years, self.rounding_tolerance)
            reasons = release_printed_share(quantities, reasons, how, p.question, p.contexts, p.rows, p.years)
            reasons = drop_restated(reasons, p.question)  # "… above the 10% mark" restates the question's
            # "0.45, calculated as …": the answer's own formula must give the figure and answer the question
            own = own_formula_reasons(claim, p.question, p.rows, self.rounding_tolerance)
            reasons += [r for r in own if r not in reasons]
            reasons, how = multihop_reasons(claim, short, p.question, p.compared, p.sentences, reasons, how)
            if claim in p.bare and not reasons:
                reasons = disagreements(claim, quantities, p.work, self.rounding_tolerance)
            passage = p.passages[i]
            sim = float(sims[i])
            ev = self._evidence(p, passage)
            verdict = ClaimVerdict(
                claim, not reasons, passage.text, "; ".join(reasons) or None, sim, passage.context, how, None,
                error_kind(reasons[0]) if reasons else None,
            )  # fmt: skip
            verdict.window = ev.window
        if claim in p.judgements:  # an opinion may not hide a direction the page contradicts
            reasons = direction_conflicts(verdict, reasons, p.rows, p.years, p.question)
            if p.formula is not None and verdict.supported:
                reasons = formula_conflicts(verdict, reasons, p.formula)
        verdict.matched_by = matched_by
        verdict = self._with_probability(verdict, claim_features(claim, reasons, how, best, sim, ev, short), matched_by)
        if verdict.probability is not None and own:  # the answer's own formula decides
            verdict.probability = 0.0
        if verdict.probability is not None and compared_claim(reasons, how):  # the knowledge's years decide
            verdict.probability = max(verdict.probability, 0.95) if verdict.supported else 0.0
        return verdict

    def _judge_located(self, p: Prepared, claim: str, sims, matched_by: str) -> ClaimVerdict | None:
        assert p.location is not None
        facts = extract_facts(claim)
        short = p.short or claim in p.bare
        own: list[str] = []
        mine = None if short else locate(f"{claim} {' '.join(p.location.years)}", p.rows)  # the claim's line item
        locations = [p.location] + ([mine] if mine is not None else [])
        located = check_located(
            claim, facts, locations, self.rounding_tolerance, cue_ops(claim, facts), p.question or "", p.rows
        )
        if located is not None:
            located.reasons = resolve(facts.quantities, claim, located.reasons, located.how, p.work,
                                      self.rounding_tolerance)  # fmt: skip
            located.reasons = resolve_metrics(facts.quantities, located.reasons, located.how, p.metrics,
                                              self.rounding_tolerance, claim, p.years)  # fmt: skip
            located.reasons = resolve_worded(facts.quantities, claim, located.reasons, located.how, p.rows, p.years,
                                             self.rounding_tolerance)  # fmt: skip
            located.reasons = drop_restated(located.reasons, p.question)
            own = own_formula_reasons(claim, p.question, p.rows, self.rounding_tolerance)
            located.reasons += own
            if claim in p.bare and not located.reasons:
                located.reasons = disagreements(claim, facts.quantities, p.work, self.rounding_tolerance)
        if located is not None and p.location.elsewhere:
            located = release_printed(located, p.location, p.work.page.numbers)
        if located is not None and not p.location.pair and "ratio" in p.location.ops:
            located = release_share(located, p.location, p.work.page.numbers, p.question or "")
        if located is not None:
            located.reasons = release_printed_share(
                facts.quantities, located.reasons, located.how, p.question, p.contexts, p.rows, p.years
            )
        if located is None or located.row is None or (located.reasons and len(p.claims) - len(p.judgements) > 1):
            return None  # in a longer answer, a claim may be about another line: only support is taken
        row = located.row
        i = next(
            (k for k, x in enumerate(p.passages) if x.context == row.context and row.label[:40] in x.text),
            int(np.argmax(sims)),
        )
        passage = p.passages[i]
        evidence = self._evidence(p, passage)
        reasons = located.reasons + [
            r
            for r in check_claim(claim, evidence, None, p.question if short else None)
            if error_kind(r) not in ("figure", "direction", "negation")  # "NO. OF RIGHTS" is no negation
            and not (error_kind(r) == "absent" and located.how and not located.reasons)  # "a solid year"
            and not (error_kind(r) == "date" and any(f"'{y}'" in r for y in p.location.years))
        ]
        reasons = drop_given(reasons, p.question) + direction_figure_conflicts(claim)
        best, sim = float(np.max(sims)), float(sims[i])
        verdict = ClaimVerdict(
            claim, not reasons, passage.text, "; ".join(reasons) or None, sim, passage.context, located.how, None,
            error_kind(reasons[0]) if reasons else None, matched_by,
        )  # fmt: skip
        verdict.window = evidence.window
        verdict = self._with_probability(
            verdict, claim_features(claim, reasons, located.how, best, sim, evidence, short), matched_by
        )
        if verdict.probability is not None and own:  # the answer's own formula answers another question
            verdict.probability = 0.0
        return verdict

    def _judge_working(self, p: Prepared, claim: str, matched_by: str) -> ClaimVerdict:
        """ "This is computed as (425 + 33) / 38,771 from the table.": every figure must be printed in
        a source (but a result its formula gives, "8.4% = 67,489 / 806,357"); the evidence is the passage
        printing most of them."""
        quantities = extract_facts(claim).quantities
        reasons, how = judge_working(claim, quantities, p.work, p.question, self.rounding_tolerance, p.rows, p.years)
        digits = [q.text.lstrip("$€£").rstrip("%") for q in quantities]
        i = max(range(len(p.passages)), key=lambda k: sum(d in p.passages[k].text for d in digits))
        passage, evidence = p.passages[i], self._evidence(p, p.passages[i])
        verdict = ClaimVerdict(
            claim, not reasons, passage.text, "; ".join(reasons) or None, 1.0, passage.context, how, None,
            error_kind(reasons[0]) if reasons else None, matched_by,
        )  # fmt: skip
        verdict.window = evidence.window
        return self._with_probability(
            verdict, claim_features(claim, reasons, how, 1.0, 1.0, evidence, p.short), matched_by
        )

    def _with_probability(self, verdict: ClaimVerdict, features: list[float], matched_by: str) -> ClaimVerdict:
        """``verdict`` with the verifier's input and, when there is a verifier, its P(supported)."""
        verdict.features = features
        if self.verifier is not None:
            verdict.probability = self.verifier.claim_probability(features, matched_by)
        return verdict


_DEFAULT: FactualityScorer | None = None


def score_factuality(
    answer: str, contexts: list[str], question: str | None = None, *, scorer: FactualityScorer | None = None
) -> FactualityResult:
    """Public entry point (evals, notebooks): is ``answer`` supported by ``contexts``?

    Returns a FactualityResult: ``score`` (calibrated probability, None when not scored),
    ``supported``, ``label`` ("supported" | "unsupported" | "not scored"), and per-claim verdicts
    with the evidence, the reason when unsupported and the derivation of computed figures.
    Without ``scorer`` a default one is built once on the shared MiniLM embedder.
    """
    global _DEFAULT
    if scorer is None:
        if _DEFAULT is None:
            from ..embeddings import Embedder

            _DEFAULT = FactualityScorer(Embedder())
        scorer = _DEFAULT
    return scorer.score(contexts, answer, question)
