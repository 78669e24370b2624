"""Wrong short answers whose words the strict checks cannot fault, through POST /api/score/factuality on
a real gateway (issue 11 round 7):

* another entity of the same passage ("Hamburg" for the city a company was founded in, the passage
  printing three cities): only the extractive reader (scoring/reader.py) knows it does not answer the
  question (round 9; round 7's reader answered "Hamburg" itself);
* a worded short answer whose word the source never uses ("mortgage servicing"): a one-word answer
  never made the three-word "not stated" run;
* (round 21a) the stage's rules, opt-in: a computed figure printed nowhere left to the figure checks; a rival in
  the answer's own sentence allowed to overrule it.

The right answers, and an answer found in another sentence than the question's words, stay supported.
"""

from __future__ import annotations

from llmgateway.plugins import DEFAULT_PLUGINS, load_plugins
from llmgateway.scoring.reader import ReaderStage, Reading

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


def test_the_right_year_stays_supported_and_another_year_is_left_to_the_ceiling(scoring_http):
    """Round 7 caught "2019" here (its reader: 2011 at 0.36). Round 9's reader still answers 2011 (0.74)
    but gives 2019 a tenth of its probability, above the answer ceiling chosen on dev (0.02): a reader
    that half-believes the answer never overrules it, so "2019" is left as the other stages judge it."""
    for right in ["2011", "It was launched in 2011."]:
        kept = score_factuality(scoring_http, [FUND], LAUNCHED, right)
        assert kept["label"] == "supported", kept
    other = score_factuality(scoring_http, [FUND], LAUNCHED, "2019")
    assert "the passage answers the question with" not in (other["claims"][0]["reason"] or ""), other


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


# Round 9: another *name* of the same passage. The round 7 reader answered "Hamburg" (0.23) here, so a
# wrong city passed every check: each of its words is printed in the passage.
PORTS = (
    "Harbour Logistics was founded in Rotterdam in 1987 by two former dock engineers. It opened offices in "
    "Hamburg in 1995 and in Singapore in 2004, and moved its headquarters to Singapore in 2016."
)
FOUNDED = "In which city was Harbour Logistics founded?"


def test_another_city_of_the_same_passage_is_unsupported(scoring_http):
    for right, wrong in [("Rotterdam", "Hamburg"), ("It was founded in Rotterdam.", "It was founded in Hamburg.")]:
        kept = score_factuality(scoring_http, [PORTS], FOUNDED, right)
        caught = score_factuality(scoring_http, [PORTS], FOUNDED, wrong)
        assert kept["label"] == "supported", kept
        assert caught["label"] == "unsupported", caught
        assert "the passage answers the question with 'Rotterdam'" in caught["claims"][0]["reason"], caught


def test_without_the_reader_the_other_city_passes(gateway, stub_upstream, embedder):
    """scoring.factuality.reader: false is the scorer without a reader: every word of "Hamburg" is in the
    passage, so the strict checks pass it — the reader is what catches it."""
    config = stub_config(stub_upstream, scoring={"factuality": {"reader": False}})
    with gateway(config, plugins=load_plugins(list(DEFAULT_PLUGINS)), embedder=embedder).http as http:
        result = score_factuality(http, [PORTS], FOUNDED, "Hamburg")
    assert result["label"] == "supported", result


# Round 21a: the stage's rules that round 20's fine-tuned reader was re-tuned with (opt-in settings; docs/scoring.md).
# Its readings are given here, so these pin the rules, not the model.
def _stage(**rules) -> ReaderStage:
    return ReaderStage(None, 0.4, 0.01, 2, printed_only=False, **rules)  # type: ignore[arg-type]


def test_a_computed_figure_printed_nowhere_is_left_to_the_figure_checks():
    """A "14.1%" computed from two printed amounts: the reader can only name a printed number in its place."""
    page = "Net revenue was $206,588 in 2015 and $181,001 in 2014."
    reading = Reading("$206,588", 0.8, 0.1, 0.0)
    assert _stage(printed_figures_only=False).disagreement("14.1%", [reading], False, [page]) is reading
    assert _stage(printed_figures_only=True).disagreement("14.1%", [reading], False, [page]) is None
    name = Reading("Rotterdam", 0.8, 0.1, 0.0)  # a name printed nowhere is still the reader's to judge
    assert _stage(printed_figures_only=True).disagreement("Utrecht", [name], False, [PORTS]) is name


def test_a_rival_in_the_answers_own_sentence_overrules_it_without_the_one_sentence_rule():
    """A wrong answer printed in the same sentence as the one the passage gives (the rival look-alike's shape): round
    9's one-sentence rule let it pass whatever the reader said; round 21a drops the rule for the fine-tuned reader."""
    window = "It opened offices in Hamburg in 1995 and in Singapore in 2004."
    reading = Reading("Singapore", 0.7, 0.2, 0.001)
    assert _stage(one_sentence=True).disagreement("Hamburg", [reading], True, [window]) is None
    assert _stage(one_sentence=False).disagreement("Hamburg", [reading], True, [window]) is reading
