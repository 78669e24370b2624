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
    assert ok.supported is True and ok.score >= ok.threshold and ok.method == "verifier"
    assert all(c.evidence and c.probability > 0.5 for c in ok.claims)

    bad = scorer.score(
        NOTE, "Same-store sales at Orion declined 12.4% in Q2. Kestrel rates Orion Buy. Gross margin widened to 31.2%."
    )
    assert bad.supported is False and bad.score < 0.1 and bad.label == "unsupported"
    reasons = [c.reason for c in bad.claims]
    assert "12.4%" in reasons[0]
    assert "Buy" in reasons[1] and "hold" in reasons[1].lower()
    assert "widened" in reasons[2]


def test_claim_without_matching_passage_is_unsupported(embedder):
    result = FactualityScorer(embedder).score(NOTE, "The central bank of Peru raised interest rates sharply.")
    assert result.supported is False and result.claims[0].error_kind == "unmatched"
    assert "no source passage matches" in result.claims[0].reason


def test_no_sources_or_no_claims_give_no_score(embedder):
    scorer = FactualityScorer(embedder)
    assert scorer.score([], "Revenue rose 8%.").score is None
    assert scorer.score(NOTE, "Is that good?").score is None


FILING = [
    "Harlow Industrial Corp.\nConsolidated Statement of Operations\n(in millions)\n \n2025\n \n2024\n"
    "Net sales\n \n$\n1,345 \n$\n1,197 \nCost of sales\n \n(812) \n \n(745) \nGross profit\n \n533 \n \n452 "
]


def test_derived_figures_and_table_text_are_supported_with_the_formula(embedder):
    scorer = FactualityScorer(embedder)
    grew = scorer.score(FILING, "Harlow's net sales grew 12.4% to $1.35 billion in 2025.")
    assert grew.supported is True, grew.to_dict()
    how = grew.claims[0].derivations
    assert "12.4% = (1,345 − 1,197) / 1,197" in how and any("$1.35 billion = " in h for h in how)
    margin = scorer.score(FILING, "Harlow's gross margin was 39.6% in 2025.")
    assert margin.supported is True and len(margin.claims[0].derivations) == 1
    assert margin.claims[0].derivations[0].startswith("39.6% = 533 / 1,345")  # "(gross margin, 2025)": metrics.py
    cost = scorer.score(FILING, "$812 million", question="What was Harlow's cost of sales in 2025?")
    assert cost.supported is True

    wrong = scorer.score(FILING, "Harlow's net sales grew 14.2% in 2025.")
    assert wrong.supported is False and "14.2%" in wrong.claims[0].reason
    assert wrong.claims[0].error_kind == "figure"


def test_short_answer_is_read_with_its_question(embedder):
    scorer = FactualityScorer(embedder)
    source = ["Kestrel Airlines is headquartered in Dublin. Its chief executive is Maria Olsen."]
    assert scorer.score(source, "Dublin", question="Where is Kestrel headquartered?").supported is True
    wrong = scorer.score(source, "Cork, the second city of Ireland.", question="Where is Kestrel headquartered?")
    assert wrong.supported is False and "Cork" in wrong.claims[0].reason
    not_scored = scorer.score(source, "Sorry, I don't know.", question="Where is Kestrel headquartered?")
    assert not_scored.label == "not scored" and not_scored.score is None


def test_evaluate_reads_jsonl_and_reports_errors_by_kind(tmp_path):
    rows = [
        {"question": "Where is Kestrel headquartered?", "contexts": ["Kestrel is headquartered in Dublin."],
         "answer": "Dublin", "label": "supported"},
        {"question": "Where is Kestrel headquartered?", "contexts": ["Kestrel is headquartered in Dublin."],
         "answer": "Cork", "label": "unsupported", "kind": "entity"},
        {"contexts": ["Revenue rose 8% to $4.2 billion."], "answer": "Revenue rose 18% to $4.2 billion.",
         "label": False, "kind": "figure"},
    ]  # fmt: skip
    path = tmp_path / "items.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    result = CliRunner().invoke(llmgateway_cli, ["scorer", "evaluate", str(path)])
    assert result.exit_code == 0, result.output
    assert "balanced accuracy 1.000 on 3 items" in result.stdout
    assert '"unsupported": precision 1.000, recall 1.000' in result.stdout
    assert "entity       caught   1  missed   0" in result.stdout
    assert "figure       caught   1  missed   0" in result.stdout

    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps({"contexts": ["x"], "answer": "y", "label": "maybe"}) + "\n")
    failed = CliRunner().invoke(llmgateway_cli, ["scorer", "evaluate", str(bad)])
    assert failed.exit_code == 2 and "bad.jsonl:1" in failed.output and "label" in failed.output


def test_cascade_embeds_only_the_claims_the_lexical_verdict_is_unsure_of(embedder):
    """Matching by word overlap first: a claim that restates its passage is decided without MiniLM;
    one the lexical head is unsure of is matched again by embedding; "embedding" embeds every claim."""
    answer = "Same-store sales at Orion fell 2.4% in the second quarter [1]. Heavier promotions hurt Orion's margin."
    cascade = FactualityScorer(embedder, matching="cascade").score(NOTE, answer)
    assert [c.matched_by for c in cascade.claims] == ["lexical", "embedding"], cascade.to_dict()
    assert cascade.claims[0].supported and cascade.claims[0].probability > 0.9
    everything = FactualityScorer(embedder, matching="embedding").score(NOTE, answer)
    assert {c.matched_by for c in everything.claims} == {"embedding"}
    assert FactualityScorer(embedder, matching="lexical").score(NOTE, answer).claims[1].matched_by == "lexical"
