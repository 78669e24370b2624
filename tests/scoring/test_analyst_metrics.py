"""Answers an analyst gives over filing statements — a named metric with no working shown, often
followed by an interpretation — through POST /api/score/factuality: a metric the page's line items
give (over average balances, sums of line items, a CAGR) is supported with its formula; the same
metric for another year or a changed figure is not; an interpretive sentence neither sinks a correct
answer nor rescues a wrong one, and may not contradict the page or carry a fact of its own."""

from __future__ import annotations

import pytest

from .conftest import score_factuality

PAGE = """Northwind Components Inc.
CONSOLIDATED BALANCE SHEETS
(in millions)
                                        December 31,
                                        2019          2018          2017
Cash and cash equivalents            $ 1,250       $ 1,100       $ 1,020
Accounts receivable, net                 980           920           870
Inventories                            1,502         1,410         1,280
Total current assets                   4,237         3,905         3,640
Total assets                          12,400        11,800        11,150
Accounts payable                       1,120         1,050           990
Total current liabilities              2,849         2,700         2,610
Total stockholders' equity             6,210         5,940         5,700

CONSOLIDATED STATEMENTS OF OPERATIONS
(in millions)
                                        Year Ended December 31,
                                        2019          2018          2017
Net sales                             $ 9,820       $ 9,310       $ 8,760
Cost of sales                           6,480         6,200         5,900
Gross profit                            3,340         3,110         2,860
Operating income                        1,410         1,290         1,150
Depreciation and amortization             520           495           470
Income before income taxes              1,300         1,180         1,050
Provision for income taxes                286           272           250
Net income                            $ 1,014       $   908       $   800

Freight costs rose in 2019."""
QUICK = "What is Northwind's FY2019 quick ratio?"
LIQUID = " This indicates healthy short-term liquidity."


@pytest.fixture
def http(scoring_http):
    return scoring_http


def _score(http, question: str, answer: str) -> dict:
    return score_factuality(http, [PAGE], question, answer)


def _derivations(result: dict) -> str:
    return " | ".join(d for c in result["claims"] for d in c["derivations"])


def test_named_metric_with_no_working_shown_is_supported_with_its_formula(http):
    ok = _score(http, QUICK, "0.96")  # (current assets − inventories) / current liabilities
    assert ok["label"] == "supported", ok
    assert "(4,237 − 1,502) / 2,849" in _derivations(ok), ok
    turnover = _score(
        http, "What was Northwind's inventory turnover in FY2019, based on average inventory?", "About 4.45x."
    )
    assert turnover["label"] == "supported", turnover
    assert "avg(1,502, 1,410)" in _derivations(turnover), turnover  # cost of sales over the average of two year-ends
    ebitda = _score(http, "What was Northwind's FY2019 EBITDA?", "EBITDA was $1,930 million in FY2019.")
    assert ebitda["label"] == "supported", ebitda
    assert "1,410 + 520" in _derivations(ebitda), ebitda  # operating income + D&A
    cagr = _score(http, "What was the 2017-2019 revenue CAGR?", "Roughly 5.9%.")
    assert cagr["label"] == "supported", cagr
    assert "^(1/2)" in _derivations(cagr), cagr


def test_named_metric_for_another_year_or_changed_is_unsupported(http):
    assert _score(http, QUICK, "0.92")["label"] == "unsupported"  # FY2018's quick ratio
    assert _score(http, QUICK, "1.15")["label"] == "unsupported"
    # a CAGR of 7.9% is also one year's growth of another line on the page: the named metric decides
    wrong = _score(http, "What was the 2017-2019 revenue CAGR?", "Roughly 7.9%.")
    assert wrong["label"] == "unsupported", wrong
    assert "5.88%" in (wrong["claims"][0]["reason"] or ""), wrong


def test_interpretive_sentence_neither_sinks_a_correct_answer_nor_rescues_a_wrong_one(http):
    ok = _score(http, QUICK, "The quick ratio for FY2019 was 0.96." + LIQUID)
    assert ok["label"] == "supported", ok
    judged = [c for c in ok["claims"] if c["judgement"]]
    assert [c["text"] for c in judged] == [LIQUID.strip()], ok  # shown to the reviewer, outside the score
    assert _score(http, QUICK, "The quick ratio for FY2019 was 1.15." + LIQUID)["label"] == "unsupported"


def test_judgement_may_not_contradict_the_page_or_carry_a_fact(http):
    question = "How did Northwind do in 2019?"
    fell = _score(http, question, "Net income was $1,014 million in 2019. This shows that net income fell.")
    assert fell["label"] == "unsupported", fell
    assert "contradicts" in (fell["claims"][1]["reason"] or ""), fell
    rose = _score(http, question, "Net income was $1,014 million in 2019. This shows that net income rose.")
    assert rose["label"] == "supported", rose
    fact = _score(
        http, "How liquid is Northwind?", "The current ratio was 1.49 in 2019. This indicates revenue of $12.5 billion."
    )
    assert fact["label"] == "unsupported", fact  # a sentence with a figure is a fact, however it is phrased
    assert not any(c["judgement"] for c in fact["claims"]), fact


def test_an_answer_of_judgements_only_is_not_scored(http):
    result = _score(http, QUICK, LIQUID.strip())
    assert result["label"] == "not scored", result
    assert result["score"] is None
