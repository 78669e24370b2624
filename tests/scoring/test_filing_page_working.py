"""Answers over a 10-K page as PDF extraction prints it, through POST /api/score/factuality on a real gateway
(issue 11 round 14a): a result written beside its computation ("8.4% = 67,489 / 806,357."), a formula with an
analyst's constant ("/ 2"), a formula that takes no difference for a question asking for a change, a
"percentage reduction" stated with its sign, and a claim more precise than the source's rounded figure. The page
is written for this test in the layout FinQA's S&P 500 pages have (text, a table a row per line, text)."""

from __future__ import annotations

import pytest

from .conftest import score_factuality

PAGE = (
    "26 | 2009 annual report. Liquidity and capital resources. We have historically generated positive cash flow "
    "from operations. The following table summarizes net cash from operating activities in the statement of cash "
    "flows ( in thousands ):\n"
    "Year ended June 30, 2009 2008 2007\n"
    "Net income $ 103,102 $ 104,222 $ 104,681\n"
    "Non-cash expenses 74,397 70,420 56,348\n"
    "Change in receivables 21,214 (2,913) (28,853)\n"
    "Net cash from operating activities $ 206,588 $ 181,001 $ 174,247\n"
    "Gas customers by state: Minnesota residential 738,868 commercial 67,489 total 806,357.\n"
    "We paid fees of approximately $1 million to our independent auditors in fiscal 2009. The performance graph "
    "compares a $100 investment in our common stock with the s&p 500 index.\n"
    "December 31, 2013 2014\n"
    "Index value of common stock $ 126.23 $ 110.59\n"
    "S&P 500 index $ 132.39 $ 150.51"
)
CHANGE = "What was the percentage change in net cash from operating activities from 2008 to 2009?"
SHARE = "In Minnesota, what percentage of total gas customers are commercial customers?"


@pytest.fixture
def http(scoring_api_http):
    return scoring_api_http


def _score(http, answer: str, question: str = "") -> dict:
    return score_factuality(http, [PAGE], question, answer)


@pytest.mark.parametrize(
    ("question", "right", "changed"),
    [
        (SHARE, "8.4% = 67,489 / 806,357.", "9.4% = 67,489 / 806,357."),
        (CHANGE, "(206,588 − 181,001) / 181,001 = 14.1%.", "(206,588 − 181,001) / 181,001 = 17.1%."),
        (
            "What was the average net cash from operating activities in 2008 and 2009?",
            "(206,588 + 181,001) / 2 = 193,794.5.",
            "(206,588 + 181,001) / 2 = 203,794.5.",
        ),
    ],
)
def test_a_result_written_beside_its_computation(http, question, right, changed):
    """The result is not printed on the page; the formula over printed figures gives it (or not)."""
    kept, caught = _score(http, right, question), _score(http, changed, question)
    assert kept["label"] == "supported", kept
    assert any("answer's own working" in d for d in kept["claims"][0]["derivations"]), kept
    assert caught["label"] == "unsupported", caught


def test_a_formula_without_a_difference_does_not_answer_a_change(http):
    """(a + b) / b is computed right from printed figures, but the question asks for a change."""
    wrong = _score(http, "(206,588 + 181,001) / 181,001 = 214.1%.", CHANGE)
    assert wrong["label"] == "unsupported", wrong
    assert "asks for a change" in wrong["claims"][0]["reason"]


def test_a_percentage_reduction_with_its_sign(http):
    question = "What is the percentage reduction in the index value of the common stock from 2013 to 2014?"
    assert _score(http, "-12.4%", question)["label"] == "supported"
    assert _score(http, "-15.4%", question)["label"] == "unsupported"


def test_a_claim_more_precise_than_the_source(http):
    """The page's rounded "$1 million" does not confirm "$1.108 million"; a claim rounding the source would."""
    precise = _score(http, "We paid fees of $1.108 million to our independent auditors in fiscal 2009.")
    assert precise["label"] == "unsupported", precise
    assert (
        _score(http, "We paid fees of $1 million to our independent auditors in fiscal 2009.")["label"] == "supported"
    )


def test_a_computation_over_another_years_cells(http):
    """Consistent arithmetic over printed figures, but 174,247 is the page's 2007 figure: it answers another
    question than the change from 2008 to 2009."""
    wrong = _score(http, "(181,001 − 174,247) / 174,247 = 3.9%.", CHANGE)
    assert wrong["label"] == "unsupported", wrong
    assert "2007 figure" in wrong["claims"][0]["reason"]
