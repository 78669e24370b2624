"""Returns read from a 10-K's total-return table (issue 11 round 18c), through POST /api/score/factuality.

A performance graph's table starts every line at the 100 invested; analysts give the return over that base, in
percent (104.0 %) or as a fraction (0.81). Main rejected both: the located cells gave neither. A year twin (another
column's return), the company's own return where the question asks for its difference to the index, and the
cumulative return where the question asks for the annualized one stay unsupported. The page is written for these
tests in the layout of FinQA's S&P 500 pages (text, a table a row per line)."""

from __future__ import annotations

import pytest

from .conftest import score_factuality

GRAPH = (
    "Stock performance graph. The following graph compares the cumulative total shareholder return on our common "
    "stock with the cumulative total return of the S&P 500 Index and the Dow Jones US Industrial Machinery Index for "
    "the five years ended December 31, 2018. The graph assumes that $100 was invested on December 31, 2013 and "
    "that all dividends were reinvested.\n"
    "12/31/2013 12/31/2014 12/31/2015 12/31/2016 12/31/2017 12/31/2018\n"
    "Harlow Industries, Inc. $ 100.00 $ 112.40 $ 98.75 $ 131.20 $ 176.35 $ 204.10\n"
    "S&P 500 Index $ 100.00 $ 113.69 $ 115.26 $ 129.05 $ 157.22 $ 150.33\n"
    "Dow Jones US Industrial Machinery Index $ 100.00 $ 96.12 $ 88.47 $ 119.83 $ 158.09 $ 133.70\n"
    "This stock performance information is furnished and shall not be deemed filed for purposes of section 18 of "
    "the Securities Exchange Act of 1934."
)
CUMULATIVE = "What was the percentage cumulative return for Harlow Industries for the five years ended 12/31/2018?"
GROWTH = "What was the overall growth of the S&P 500 Index from 2013 to 2018?"
DIFFERENCE = (
    "What was the difference in percentage cumulative total shareholder return for Harlow Industries compared to "
    "the S&P 500 Index for the five years ended 12/31/2018?"
)
ANNUALIZED = "What was the annualized return of the S&P 500 Index for the five years ended 12/31/2018?"


@pytest.fixture
def http(scoring_api_http):
    return scoring_api_http


@pytest.mark.parametrize(
    ("question", "answer", "label"),
    [
        (CUMULATIVE, "The cumulative return for Harlow Industries for the five years was 104.1%.", "supported"),
        (CUMULATIVE, "The cumulative return for Harlow Industries for the five years was 76.4%.", "unsupported"),
        (GROWTH, "0.50", "supported"),  # 150.33 over the 100 invested, as a fraction
        (GROWTH, "0.57", "unsupported"),  # 2017's 157.22: a year twin
        (DIFFERENCE, "The difference was 0.54.", "supported"),  # (204.10 − 150.33) / 100
        (DIFFERENCE, "The difference was 1.04.", "unsupported"),  # Harlow's own return, not the difference
        (ANNUALIZED, "The annualized return of the S&P 500 Index was 50.3%.", "unsupported"),  # cumulative, not yearly
    ],
)
def test_total_return(http, question, answer, label):
    body = score_factuality(http, [GRAPH], question, answer)
    assert body["label"] == label, body
    if label == "supported":
        assert any("100 invested" in d for c in body["claims"] for d in c["derivations"]), body
