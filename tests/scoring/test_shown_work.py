"""Answers phrased as an analyst writes them — a rounded headline figure, the working written out,
sentences that only say where the figures come from — through POST /api/score/factuality: a correct
one is supported with the answer's own formula as its derivation; a changed result, a changed operand,
or a headline that disagrees with the answer's own working is not."""

from __future__ import annotations

import pytest

from .conftest import score_factuality
from .test_filings import PAGE

SHARE = "What share of 2019 net revenue did research and development and capital expenditures take together?"
NOTE = "All amounts are as reported in the company's financial statements."


def _score(http, question: str, answer: str) -> dict:
    return score_factuality(http, [PAGE], question, answer)


@pytest.fixture
def http(scoring_http):
    return scoring_http


def test_multi_step_figure_with_its_working_shown_is_supported_and_says_how(http):
    answer = (
        "Based on the table, research and development and capital expenditures together took about 17.7% of "
        "net revenue in 2019. This is computed as (161.3 + 88.4) / 1,412.6 from the table. " + NOTE
    )
    ok = _score(http, SHARE, answer)
    assert ok["label"] == "supported", ok
    assert len(ok["claims"]) == 2  # the provenance sentence is not a claim
    assert any("(161.3 + 88.4) / 1,412.6" in d for c in ok["claims"] for d in c["derivations"]), ok


def test_changed_result_or_changed_operand_in_the_working_is_unsupported(http):
    result = (
        "Research and development and capital expenditures together took about 21.2% of net revenue in 2019. "
        "This is computed as (161.3 + 88.4) / 1,412.6 from the table."
    )
    assert _score(http, SHARE, result)["label"] == "unsupported"
    operand = (  # 98.4 is not on the page; the result is what the changed formula gives
        "Research and development and capital expenditures together took about 18.4% of net revenue in 2019. "
        "This is computed as (161.3 + 98.4) / 1,412.6 from the table."
    )
    bad = _score(http, SHARE, operand)
    assert bad["label"] == "unsupported", bad
    assert any("98.4" in (c["reason"] or "") for c in bad["claims"]), bad


def test_headline_figure_must_agree_with_the_answers_own_working(http):
    growth = "What was the percentage change in operating income from 2018 to 2019?"
    working = " This is computed as (212.8 − 171.0) / 171.0 from the table."
    ok = _score(http, growth, "Based on the table, 24.4%." + working)
    assert ok["label"] == "supported", ok
    wrong = _score(http, growth, "Based on the table, 19.6%." + working)  # the wrong base, 2019's
    assert wrong["label"] == "unsupported", wrong
    assert "own working" in (wrong["claims"][0]["reason"] or ""), wrong


def test_figures_the_answer_lists_as_used_must_be_on_the_page_together(http):
    question = "What was the percentage change in free cash flow from 2018 to 2019?"
    ok = _score(http, question, "Roughly 40%. It uses $213.3 in 2019 and $152.8 in 2018 from the table.")
    assert ok["label"] == "supported", ok
    bad = _score(http, question, "Roughly 40%. It uses $213.3 in 2019 and $152.3 in 2018 from the table.")
    assert bad["label"] == "unsupported", bad


def test_an_answer_that_only_names_its_source_is_not_scored(http):
    out = _score(http, SHARE, "This figure is taken from the table in the annual report. " + NOTE)
    assert out["label"] == "not scored" and out["score"] is None, out


def test_an_answer_echoing_its_question_is_judged_on_what_it_adds(http):
    source = (
        "Complexity theory studies how hard problems are. It quantifies the amount of resources needed to "
        "solve them, such as time and storage, on a model of computation."
    )

    def score(answer: str) -> dict:
        body = {"contexts": [source], "question": "What are two basic resources used to measure complexity?"}
        resp = http.post("/api/score/factuality", json=body | {"answer": answer})
        assert resp.status_code == 200, resp.text
        return resp.json()

    ok = score("Two basic resources used to measure complexity are time and storage.")
    assert ok["label"] == "supported", ok
    added = "Two basic resources used to measure complexity are time and storage, as Alan Turing defined in 1936."
    assert score(added)["label"] == "unsupported"
