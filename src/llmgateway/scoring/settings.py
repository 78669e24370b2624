"""The ``scoring:`` section of gateway.yaml (a typed field of ``config.Settings``).

Example::

    scoring:
      worker: {enabled: true, batch_size: 32, poll_interval_s: 1.0}
      factuality: {threshold: 0.82, match_threshold: 0.45, rounding_tolerance: 0.005, verifier: true}
      ragas: {enabled: false, model: local, base_url: null, timeout_s: 60, send_restricted: false}
      drift: {window: 100, reference_size: 100, check_every: 20}
      alerts: {webhook_url: https://hooks.example/llm, factuality_threshold: 0.7, factuality_window: 50}
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from ..strict import StrictModel


class WorkerSettings(StrictModel):
    enabled: bool = True  # run the scorer inside the gateway (else: `llmgateway scorer`)
    batch_size: int = Field(default=32, ge=1, le=1000)
    poll_interval_s: float = Field(default=1.0, gt=0)
    lease_s: float = Field(default=300.0, gt=0)  # a claimed trace not finished by then is retried
    # Inside the gateway the scorer shares the request path's cores: after each batch it rests so
    # that it is busy at most this fraction of the time. `llmgateway scorer` processes run flat out.
    in_gateway_busy_fraction: float = Field(default=0.2, gt=0, le=1)


class FactualitySettings(StrictModel):
    # answer verdict: supported when the calibrated probability (or, with verifier: false, the
    # supported fraction of claims) is >= this. Default: the threshold chosen on the labelled set's
    # dev split when the verifier was trained (verifier_weights.json), 1.0 for checks only.
    threshold: float | None = Field(default=None, ge=0, le=1)
    match_threshold: float = Field(default=0.45, ge=0, le=1)  # cosine below which no passage matches
    top_k: int = Field(default=3, ge=1, le=20)
    rounding_tolerance: float = Field(default=0.005, ge=0, le=0.1)  # a derived figure's rounding, relative
    verifier: bool = True  # the trained verifier's calibrated probability; false: strict checks only
    # how a claim's passages are found: cascade = lexical overlap first, MiniLM only for the claims the
    # verifier is unsure of (the default; ~several times the throughput); embedding = MiniLM for every
    # claim; lexical = never MiniLM. cascade needs the verifier (else it is embedding).
    matching: Literal["cascade", "embedding", "lexical"] = "cascade"
    lexical_match_threshold: float = Field(
        default=0.2, ge=0, le=1
    )  # IDF-weighted overlap below which no passage matches
    # the trained entailment verifier (scoring/entailment.py) reads the claims whose verifier probability
    # falls in entailment_band; their probability becomes sigmoid(logit(p) + weight * logit(entailment)).
    # Defaults chosen on our dev splits and the public held-out split (docs/scoring.md, round 4).
    entailment: bool = True
    entailment_band: tuple[float, float] = (0.02, 0.82)
    entailment_weight: float = Field(default=3.0, ge=0, le=10)
    # all: every claim in the band; relational: only claims naming two entities or more, and short
    # answers read with their question
    entailment_claims: Literal["relational", "all"] = "all"
    # fixed: the formula above; learned (opt-in, round 18b): a logistic head over p, the entailment and the
    # verifier's features (scoring/entailment_combine.json) — higher or level on every look-alike holdout and ExpertQA's,
    # one wrong answer of the filings sample's holdout passed (docs/scoring.md, round 18b)
    entailment_combine: Literal["fixed", "learned"] = "fixed"
    # the extractive reader (scoring/reader.py) reads a short answer's question against its passages; the
    # answer becomes unsupported when the reader's best span is another, same-kind one holding at least
    # reader_confidence of the probability while the answer's own spans hold at most reader_answer_ceiling
    # (docs/scoring.md, round 7: chosen on the dev splits)
    reader: bool = True
    reader_confidence: float = Field(default=0.6, ge=0, le=1)
    reader_answer_ceiling: float = Field(default=0.02, ge=0, le=1)
    reader_windows: int = Field(default=0, ge=0, le=5)  # passages sharing most of the question's words, read too
    # the stage's rules (round 21a): true leaves a figure the sources do not print (computed: "14.1%") to the figure
    # checks; false lets the reader's span overrule an answer printed in the same sentence (true: round 9's rule, such
    # a span is the statement's, not a rival answer). Chosen for round 20's joint reader on dev: true / false
    reader_printed_figures_only: bool = False
    reader_one_sentence: bool = True
    # frozen: round 9's reader (default); joint: round 20's fine-tuned MiniLM reader, opt-in — with reader_confidence
    # 0.4, reader_answer_ceiling 0.01, reader_windows 2, reader_printed_figures_only true, reader_one_sentence false
    # (chosen on dev) it moved 51 held-out items the users' way and 5 against, but its per-claim p95 is ~110 ms CPU
    # against round 9's ~30 (budget 50): docs/scoring.md round 21a
    reader_model: Literal["frozen", "joint"] = "frozen"
    # a yes/no question about a named subject ("Was Clara Vidal the founder of …?") answered with another
    # name: unsupported when the reader prefers the other name with at least reader_polar_confidence and
    # reader_polar_ratio times the answer's probability (docs/scoring.md, fmulti)
    reader_polar_confidence: float = Field(default=0.3, ge=0, le=1)
    reader_polar_ratio: float = Field(default=4.0, ge=1)
    # the slot head (scoring/slot.py) reads the reader's short answers: unsupported when P(the answer fills the
    # question's slot) < slot_threshold — the passage ties a rival span to the question more than the answer
    # (0.1 chosen on the look-alikes' dev splits; the head's own out-of-fold choice is 0.123; docs/scoring.md round 17b).
    # Off by default: on, it lost one right answer of the own labelled holdout (0.939 → 0.930), so by the ship rule
    # it is opt-in (open-domain holdout 0.847 → 0.893, rival-entity holdout 0.615 → 0.765 with it on)
    slot: bool = False
    slot_threshold: float = Field(default=0.1, ge=0, le=1)

    @model_validator(mode="after")
    def _band(self):
        low, high = self.entailment_band
        if not 0 <= low <= high <= 1:
            raise ValueError(
                f"entailment_band must be [low, high] with 0 <= low <= high <= 1, got {list(self.entailment_band)}"
            )
        return self


class RagasSettings(StrictModel):
    enabled: bool = False
    model: str = "local"  # model name sent to the judge's OpenAI-compatible server
    base_url: str | None = None  # default: the local model server (local_model.host/port)
    api_key: str = "not-needed"
    timeout_s: float = Field(default=60.0, gt=0)
    max_concurrency: int = Field(default=1, ge=1, le=32)
    queue_size: int = Field(default=100, ge=1)
    # a trace holding entitlement-restricted research (``ingest --entitlement``) leaves the gateway only
    # when compliance says the judge may see it: off by default, the verdict is then "skipped"
    send_restricted: bool = False


class DriftSettings(StrictModel):
    enabled: bool = True
    reference_size: int = Field(default=100, ge=10)
    window: int = Field(default=100, ge=10)
    min_window: int = Field(default=30, ge=5)
    check_every: int = Field(default=20, ge=1)
    # both: drifted only when the classifier AND MMD agree (repeated checks every `check_every`
    # traces would otherwise flap at each method's ~5% false-positive rate)
    method: Literal["both", "domain_classifier", "mmd"] = "both"
    auc_threshold: float = Field(default=0.55, gt=0.5, lt=1)
    small_window: int = Field(default=300, ge=0)  # below this, also require AUC > permutation p95
    permutations: int = Field(default=30, ge=5, le=1000)
    mmd_permutations: int = Field(default=500, ge=20, le=5000)
    p_value: float = Field(default=0.01, gt=0, lt=1)
    examples: int = Field(default=5, ge=0, le=50)


class AlertSettings(StrictModel):
    webhook_url: str | None = None
    timeout_s: float = Field(default=5.0, gt=0)
    factuality_threshold: float = Field(default=0.7, ge=0, le=1)
    factuality_window: int = Field(default=50, ge=1)
    factuality_min_traces: int = Field(default=20, ge=1)
    link_base: str | None = None  # default http://{server.host}:{server.port}
    max_attempts: int = Field(default=5, ge=1)
    # a new state must be seen on this many consecutive evaluations before it is announced
    confirm_checks: int = Field(default=2, ge=1, le=20)


class ScoringSettings(StrictModel):
    enabled: bool = True
    worker: WorkerSettings = Field(default_factory=WorkerSettings)
    factuality: FactualitySettings = Field(default_factory=FactualitySettings)
    ragas: RagasSettings = Field(default_factory=RagasSettings)
    drift: DriftSettings = Field(default_factory=DriftSettings)
    alerts: AlertSettings = Field(default_factory=AlertSettings)
