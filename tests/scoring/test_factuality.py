"""Factuality scorer: measured on the labelled set through the CLI, and its verdicts' shape."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from llmgateway.cli import app as llmgateway_cli
from llmgateway.scoring.factuality import FactualityScorer

ROOT = Path(__file__).resolve().parents[2]
LABELLED = ROOT / "eval_sets" / "factuality_labelled.yaml"
NOTE = [
    "Orion Retail's same-store sales fell 2.4% in the second quarter. Gross margin narrowed by 60 basis "
    "points to 31.2% due to heavier promotions.",
    "Analysts at Kestrel Securities rate Orion Hold with a target of $41.",
]


def _evaluate(split: str) -> dict:
    result = CliRunner().invoke(llmgateway_cli, ["scorer", "evaluate", str(LABELLED), "--split", split, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_labelled_set_balanced_accuracy_dev_split():
    report = _evaluate("dev")
    assert report["n"] >= 80
    assert report["balanced_accuracy"] >= 0.85, report["misjudged"]


def test_labelled_set_balanced_accuracy_holdout_split():
    """Items written after the checks were tuned: the honest figure, asserted at a modest floor."""
    report = _evaluate("holdout")
    assert report["n"] >= 30
    assert report["balanced_accuracy"] >= 0.8, report["misjudged"]


def test_changed_figure_rating_and_direction_are_unsupported_with_reasons(embedder):
    scorer = FactualityScorer(embedder)
    ok = scorer.score(NOTE, "Same-store sales at Orion declined 2.4% in Q2 [1]. Kestrel rates Orion Hold [2].")
    assert ok.supported is True and ok.score == 1.0
    assert all(c.evidence for c in ok.claims)

    bad = scorer.score(
        NOTE, "Same-store sales at Orion declined 12.4% in Q2. Kestrel rates Orion Buy. Gross margin widened to 31.2%."
    )
    assert bad.supported is False and bad.score == 0.0
    reasons = [c.reason for c in bad.claims]
    assert "12.4%" in reasons[0]
    assert "Buy" in reasons[1] and "hold" in reasons[1].lower()
    assert "widened" in reasons[2]


def test_claim_without_matching_passage_is_unsupported(embedder):
    result = FactualityScorer(embedder).score(NOTE, "The central bank of Peru raised interest rates sharply.")
    assert result.score == 0.0
    assert "no source passage matches" in result.claims[0].reason


def test_no_sources_or_no_claims_give_no_score(embedder):
    scorer = FactualityScorer(embedder)
    assert scorer.score([], "Revenue rose 8%.").score is None
    assert scorer.score(NOTE, "Is that good?").score is None
