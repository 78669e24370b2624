"""General-knowledge answers over knowledge made of two articles' sentences (issue 11, fmulti), through
POST /api/score/factuality and the evaluate CLI.

The knowledge joins sentences of two unrelated articles, the second glued to the first without a space
("… naval officer.Harbour Logistics …"), as naively concatenated passages come. A yes/no question about a
named subject answered "No, <another name of the knowledge> was …" passed on main: round 10 takes the
verdict word off and lets it abstain (its criterion is no threshold, direction or opinion), and every word
of the rest is printed somewhere in the knowledge. The reader now reads the question as the one it asks
("Who was the founder of the Meridian Line?") and compares the two names.
"""

from __future__ import annotations

import json

from typer.testing import CliRunner

from llmgateway.cli import app as llmgateway_cli

from .conftest import score_factuality

KNOWLEDGE = (
    "The Meridian Line is a container shipping company based in Lisbon. It was founded in 1962 by Clara Vidal, "
    "a former naval officer.Harbour Logistics was founded in Rotterdam in 1987 by Ingrid Solberg, who ran it "
    "until 2004."
)
RIGHT_SUBJECT = "Was Clara Vidal the founder of the Meridian Line?"
WRONG_SUBJECT = "Was Ingrid Solberg the founder of the Meridian Line?"


def test_no_with_another_name_of_the_knowledge_is_unsupported(scoring_http):
    caught = score_factuality(
        scoring_http, [KNOWLEDGE], RIGHT_SUBJECT, "No, Ingrid Solberg was the founder of the Meridian Line."
    )
    assert caught["label"] == "unsupported", caught
    assert "the passage answers the question with 'Clara Vidal'" in caught["claims"][0]["reason"], caught


def test_right_yes_and_no_answers_stay_supported(scoring_http):
    for question, answer in [
        (RIGHT_SUBJECT, "Yes, Clara Vidal was the founder of the Meridian Line."),
        (WRONG_SUBJECT, "No, Clara Vidal was the founder of the Meridian Line."),
        (WRONG_SUBJECT, "No, Ingrid Solberg founded Harbour Logistics."),
    ]:
        kept = score_factuality(scoring_http, [KNOWLEDGE], question, answer)
        assert kept["label"] == "supported", (answer, kept)


def test_evaluate_counts_the_multi_article_rows(tmp_path):
    rows = [
        {"question": RIGHT_SUBJECT, "contexts": [KNOWLEDGE], "label": True,
         "answer": "Yes, Clara Vidal was the founder of the Meridian Line."},
        {"question": RIGHT_SUBJECT, "contexts": [KNOWLEDGE], "label": False, "kind": "entity",
         "answer": "No, Ingrid Solberg was the founder of the Meridian Line."},
        {"question": WRONG_SUBJECT, "contexts": [KNOWLEDGE], "label": True,
         "answer": "No, Clara Vidal was the founder of the Meridian Line."},
    ]  # fmt: skip
    path = tmp_path / "multipassage.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    config = tmp_path / "gateway.yaml"  # the scorer's defaults: the check does not depend on this repo's file
    config.write_text("scoring:\n  factuality:\n    reader: true\n")
    result = CliRunner().invoke(llmgateway_cli, ["scorer", "evaluate", str(path), "--config", str(config)])
    assert result.exit_code == 0, result.output
    assert "balanced accuracy 1.000 on 3 items" in result.stdout
    assert "entity       caught   1  missed   0" in result.stdout
