"""Yes/No answers to evaluative questions over a filing page, through POST /api/score/factuality: the
verdict word is checked only where the question's criterion can be computed (a threshold, a direction)
and otherwise abstains; an interpretive clause inside a sentence with figures neither sinks a correct
answer nor hides a wrong figure; a direction word the answer's own figures contradict is caught."""

from __future__ import annotations

import pytest

from .conftest import score_factuality

PAGE = """Halden Marine Systems plc
CONSOLIDATED BALANCE SHEET
(in millions)
                                        December 31,
                                        2019          2018
Cash and cash equivalents            $   640       $   590
Trade receivables                        410           395
Inventories                              720           655
Total current assets                   1,890         1,760
Property, plant and equipment, net     2,310         2,250
Total current liabilities              1,350         1,420

CONSOLIDATED INCOME STATEMENT
(in millions)
                                        Year Ended December 31,
                                        2019          2018
Revenue                               $ 6,240       $ 5,980
Cost of sales                           4,370         4,240
Operating profit                          690           610
Net income                            $   455       $   482

CONSOLIDATED CASH FLOW STATEMENT (extract)
                                        2019          2018
Purchases of property, plant and equipment   (310)       (295)"""


@pytest.fixture
def http(scoring_http):
    return scoring_http


def _score(http, question: str, answer: str) -> dict:
    return score_factuality(http, [PAGE], question, answer)


def _claim(result: dict, text: str) -> dict:
    return next(c for c in result["claims"] if c["text"] == text)


def test_a_verdict_the_answers_own_figures_contradict_is_unsupported(http):
    grow = "Did revenue grow from 2018 to 2019?"
    right = _score(http, grow, "Yes — revenue rose 4.3% from $5,980 million in 2018 to $6,240 million in 2019.")
    assert right["label"] == "supported", right
    wrong = _score(http, grow, "No — revenue rose 4.3% from $5,980 million in 2018 to $6,240 million in 2019.")
    assert wrong["label"] == "unsupported", wrong
    assert _claim(wrong, "No")["error_kind"] == "verdict", wrong
    above = "Is the company's FY2019 current ratio above 1.5?"
    ok = _score(http, above, "No. The FY2019 current ratio is 1.40, calculated as $1,890 million / $1,350 million.")
    assert ok["label"] == "supported", ok
    flipped = _score(
        http, above, "Yes. The FY2019 current ratio is 1.40, calculated as $1,890 million / $1,350 million."
    )
    assert flipped["label"] == "unsupported", flipped


def test_an_opinion_verdict_abstains_and_the_figures_decide(http):
    question = "Is Halden a capital-intensive business based on FY2019 data?"
    answer = (
        "No, the company is not capital-intensive; capital expenditure was about 5.0% of revenue in FY2019 "
        "($310 million of $6,240 million)."
    )
    ok = _score(http, question, answer)
    assert ok["label"] == "supported", ok
    assert _claim(ok, "No")["judgement"] is True, ok  # shown to a reviewer, not scored
    wrong = _score(http, question, answer.replace("$310 million", "$410 million"))
    assert wrong["label"] == "unsupported", wrong


def test_an_interpretive_clause_is_split_from_the_figures_it_reads(http):
    question = "Was operating profit higher in 2019 than in 2018?"
    answer = (
        "Yes, operating profit increased by $80 million, or 13.1%, from $610 million in 2018 to $690 million "
        "in 2019, which points to disciplined cost control."
    )
    ok = _score(http, question, answer)
    assert ok["label"] == "supported", ok
    assert any(c["judgement"] and c["text"].startswith("Which points to") for c in ok["claims"]), ok
    wrong = _score(http, question, answer.replace("13.1%", "18.1%"))
    assert wrong["label"] == "unsupported", wrong


def test_a_direction_word_against_the_answers_own_figures_is_unsupported(http):
    # prose, not a table: no line item to compare the direction with, only the answer's own figures
    note = "Halden reported net income of $455 million for 2019, compared with $482 million for 2018."
    question = "What happened to Halden's net income in 2019?"
    right = score_factuality(
        http, [note], question, "Net income fell 5.6% from $482 million in 2018 to $455 million in 2019."
    )
    assert right["label"] == "supported", right
    wrong = score_factuality(
        http, [note], question, "Net income rose 5.6% from $482 million in 2018 to $455 million in 2019."
    )
    assert wrong["label"] == "unsupported", wrong
    assert "the answer's own figures" in wrong["claims"][0]["reason"], wrong


def test_a_bare_verdict_is_checked_where_the_page_computes_the_criterion(http):
    assert _score(http, "Did revenue grow from 2018 to 2019?", "Yes.")["label"] == "supported"
    no = _score(http, "Did revenue grow from 2018 to 2019?", "No.")
    assert no["label"] == "unsupported", no
    assert _score(http, "Is the company's FY2019 current ratio above 1.5?", "No.")["label"] == "supported"
    assert _score(http, "Is the company's FY2019 current ratio above 1.5?", "Yes.")["label"] == "unsupported"
    assert _score(http, "Is Halden a capital-intensive business?", "No.")["label"] == "not scored"  # an opinion
