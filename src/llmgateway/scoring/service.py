"""One object holding scoring's parts, built the same way in the gateway and in `llmgateway scorer`."""

from __future__ import annotations

from .alerts import AlertManager
from .drift import DriftMonitor
from .entailment import EntailmentStage
from .factuality import FactualityScorer
from .joint_reader import JOINT_WEIGHTS_FILE, load_reader_stage
from .ragas_judge import RagasJudge, default_base_url
from .reader import WEIGHTS_FILE
from .settings import FactualitySettings, ScoringSettings
from .slot import SlotStage
from .worker import ScoringWorker


class ScoringService:
    def __init__(self, settings, scoring: ScoringSettings, store, embedder, tracer=None):
        self.settings, self.scoring, self.store = settings, scoring, store
        self.factuality = factuality_scorer(embedder, scoring.factuality)
        self.drift = DriftMonitor(store, embedder, scoring.drift)
        link_base = f"http://{settings.server.host}:{settings.server.port}"
        self.alerts = AlertManager(store, scoring.alerts, link_base)
        self.ragas = RagasJudge(scoring.ragas, default_base_url(settings)) if scoring.ragas.enabled else None
        self.worker = ScoringWorker(
            store, self.factuality, scoring, tracer=tracer, alerts=self.alerts, drift=self.drift, ragas=self.ragas
        )
        self.worker_running = False

    def status(self) -> dict:
        return {"lag": self.worker.lag(), "worker_running_here": self.worker_running, "alerts": self.alerts.states()}


def factuality_scorer(embedder, f: FactualitySettings) -> FactualityScorer:
    """The scorer as gateway.yaml's ``scoring.factuality`` configures it (CLI, worker and API alike)."""
    stage = (
        EntailmentStage.load_default(
            f.entailment_band,
            f.entailment_weight,
            f.entailment_claims == "relational",
            combine=f.entailment_combine,
        )
        if f.entailment
        else None
    )
    reader = (
        load_reader_stage(
            f.reader_confidence,
            f.reader_answer_ceiling,
            f.reader_windows,
            polar=(f.reader_polar_confidence, f.reader_polar_ratio),
            printed_figures_only=f.reader_printed_figures_only,
            one_sentence=f.reader_one_sentence,
            weights=JOINT_WEIGHTS_FILE if f.reader_model == "joint" else WEIGHTS_FILE,
        )
        if f.reader
        else None
    )
    return FactualityScorer(
        embedder,
        threshold=f.threshold,
        match_threshold=f.match_threshold,
        top_k=f.top_k,
        rounding_tolerance=f.rounding_tolerance,
        verifier=None if f.verifier else False,
        matching=f.matching,
        lexical_match_threshold=f.lexical_match_threshold,
        entailment=stage,
        reader=reader,
        slot=SlotStage.load_default(reader.model, f.slot_threshold) if reader is not None and f.slot else None,
    )


def scoring_service(components) -> ScoringService:
    return components.service(
        "scoring",
        lambda: ScoringService(
            components.settings, components.settings.scoring, components.store, components.embedder, components.tracer
        ),
    )
