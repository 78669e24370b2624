"""Name locality over knowledge made of two articles' sentences (issue 11 round 12a), through
POST /api/score/factuality and the evaluate CLI.

The knowledge glues a second article to the first without a space ("… Tomas Reis.Harbour Logistics …"), as
naively concatenated passages come. A hallucinated answer that restates the first article's sentence with a
name the second article prints, or answers with a name printed only in the second article, passed on main:
every name is printed somewhere in the knowledge, and the glued pair was one sentence.
"""

from __future__ import annotations

import json

from typer.testing import CliRunner

from llmgateway.cli import app as llmgateway_cli

from .conftest import score_factuality

KNOWLEDGE = (
    "The Meridian Line is a container shipping company based in Lisbon. Its first ship, the Aurora, was launched "
    "in 1964 from the yard of Tomas Reis.Harbour Logistics was founded in Rotterdam in 1987 by Ingrid Solberg, "
    "who ran it until 2004. Its warehouses stand along the Maas river."
)
BUILDER = "Who built the Meridian Line's first ship?"


def test_a_restated_sentence_with_the_other_articles_name_is_unsupported(scoring_http):
    caught = score_factuality(
        scoring_http,
        [KNOWLEDGE],
        BUILDER,
        "Ingrid Solberg. The first ship of the Meridian Line, the Aurora, was launched in 1964 from the yard of "
        "Ingrid Solberg.",
    )
    assert caught["label"] == "unsupported", caught
    reasons = " ".join(c["reason"] or "" for c in caught["claims"])
    assert "name 'Ingrid' is printed in the source, but not where the claim's statement is" in reasons, caught


def test_a_short_answer_printed_only_in_the_other_article_is_unsupported(scoring_http):
    caught = score_factuality(scoring_http, [KNOWLEDGE], "Along which river do the Meridian Line's ships dock?", "Maas")
    assert caught["label"] == "unsupported", caught
    assert "'Maas' is printed in the source, but not in" in (caught["claims"][0]["reason"] or ""), caught


def test_right_answers_stay_supported(scoring_http):
    for question, answer in [
        (BUILDER, "Tomas Reis. The first ship of the Meridian Line, the Aurora, was launched in 1964 from the yard "
                  "of Tomas Reis."),
        (BUILDER, "The Meridian Line's first ship was built by Tomas Reis."),
        ("Who founded Harbour Logistics?", "Ingrid Solberg"),
        ("Who founded Harbour Logistics?", "Ingrid Solberg founded Harbour Logistics in Rotterdam in 1987."),
        ("Along which river do Harbour Logistics' warehouses stand?", "The Maas"),
    ]:  # fmt: skip
        kept = score_factuality(scoring_http, [KNOWLEDGE], question, answer)
        assert kept["label"] == "supported", (answer, kept)


def test_evaluate_counts_the_misplaced_names(tmp_path):
    rows = [
        {"question": BUILDER, "contexts": [KNOWLEDGE], "label": True,
         "answer": "Tomas Reis. The first ship of the Meridian Line, the Aurora, was launched in 1964 from the yard of "
                   "Tomas Reis."},
        {"question": BUILDER, "contexts": [KNOWLEDGE], "label": False, "kind": "knowledge",
         "answer": "Ingrid Solberg. The first ship of the Meridian Line, the Aurora, was launched in 1964 from the "
                   "yard of Ingrid Solberg."},
    ]  # fmt: skip
    path = tmp_path / "locality.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    config = tmp_path / "gateway.yaml"  # the scorer's defaults: the check does not depend on this repo's file
    config.write_text("scoring:\n  factuality:\n    reader: true\n")
    result = CliRunner().invoke(llmgateway_cli, ["scorer", "evaluate", str(path), "--config", str(config)])
    assert result.exit_code == 0, result.output
    assert "balanced accuracy 1.000 on 2 items" in result.stdout
    assert "knowledge    caught   1  missed   0" in result.stdout
