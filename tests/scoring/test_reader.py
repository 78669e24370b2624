"""Wrong short answers whose words the strict checks cannot fault, through POST /api/score/factuality on
a real gateway (issue 11 round 7):

* another entity of the same passage ("2019" for the year a fund was launched, the passage printing
  both years): only the extractive reader (scoring/reader.py) knows it does not answer the question;
* a worded short answer whose word the source never uses ("mortgage servicing"): a one-word answer
  never made the three-word "not stated" run.

The right answers, and an answer found in another sentence than the question's words, stay supported.
"""

from __future__ import annotations

from llmgateway.plugins import DEFAULT_PLUGINS, load_plugins

from ..conftest import stub_config
from .conftest import score_factuality

FUND = (
    "The Kestrel Fund was launched in 2011 with $40 million of seed capital. Its assets reached $1.2 billion "
    "in 2019, when the fund closed to new investors."
)
LAUNCHED = "When was the Kestrel Fund launched?"
BANK = (
    "Atlas Bank's largest business line is commercial lending, which brought 46% of its revenue in 2023. "
    "Wealth management brought 21%, and card payments most of the rest."
)
CHAIR = (
    "Harbour Logistics named a new chair in May. The role went to Ingrid Solberg, a former shipping minister "
    "who had advised the board since 2019."
)


def test_another_year_of_the_same_passage_is_unsupported(scoring_http):
    for right, wrong in [("2011", "2019"), ("It was launched in 2011.", "It was launched in 2019.")]:
        kept = score_factuality(scoring_http, [FUND], LAUNCHED, right)
        caught = score_factuality(scoring_http, [FUND], LAUNCHED, wrong)
        assert kept["label"] == "supported", kept
        assert caught["label"] == "unsupported", caught
        assert "the passage answers the question with '2011'" in caught["claims"][0]["reason"], caught


def test_a_worded_answer_the_source_never_uses_is_unsupported(scoring_http):
    question = "What is Atlas Bank's largest business line?"
    assert score_factuality(scoring_http, [BANK], question, "commercial lending")["label"] == "supported"
    for wrong in ["mortgage servicing", "The answer is mortgage servicing."]:
        caught = score_factuality(scoring_http, [BANK], question, wrong)
        assert caught["label"] == "unsupported", caught
        assert "'mortgage' (the answer) does not occur in the source" in caught["claims"][0]["reason"], caught


def test_an_answer_in_the_next_sentence_stays_supported(scoring_http):
    """The question's words are in the first sentence, the answer in the second (a bridging answer)."""
    question = "Who did Harbour Logistics name as its new chair?"
    for answer in ["Ingrid Solberg", "The new chair is Ingrid Solberg."]:
        result = score_factuality(scoring_http, [CHAIR], question, answer)
        assert result["label"] == "supported", result


def test_without_the_reader_the_other_year_passes(gateway, stub_upstream, embedder):
    """scoring.factuality.reader: false is the scorer before round 7's reader: every word of "2019" is in
    the passage, so the strict checks pass it — the reader is what catches it."""
    config = stub_config(stub_upstream, scoring={"factuality": {"reader": False}})
    with gateway(config, plugins=load_plugins(list(DEFAULT_PLUGINS)), embedder=embedder).http as http:
        result = score_factuality(http, [FUND], LAUNCHED, "2019")
    assert result["label"] == "supported", result
