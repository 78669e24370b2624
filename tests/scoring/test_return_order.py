"""A percent change read from a total-return table runs oldest first (issue 11 round 18d), via POST /api/score/factuality.

A performance graph's table prints its dates oldest first ("12/31/13 … 12/31/18", no four-digit year a header
parser reads), and every line starts at the 100 invested. Main took the first column as the latest (as a statement's
"2019 | 2018" is), so the change between two of its years was computed backwards ((113.69 − 150.33) / 150.33) and the
right answer (150.33 − 113.69) / 113.69 = 32.2 % was rejected. The page is written for these tests in the layout of
FinQA's performance-graph pages."""

from __future__ import annotations

import pytest

from .conftest import score_factuality

GRAPH = (
    "Stock performance graph. The following graph compares the cumulative total shareholder return on our common "
    "stock with the cumulative total return of the S&P 500 Index for the five years ended December 31, 2018. The "
    "graph assumes that $100 was invested on December 31, 2013 and that all dividends were reinvested.\n"
    "12/31/13 12/31/14 12/31/15 12/31/16 12/31/17 12/31/18\n"
    "Harlow Industries, Inc. $ 100.00 $ 112.40 $ 98.75 $ 131.20 $ 176.35 $ 204.10\n"
    "S&P 500 Index $ 100.00 $ 113.69 $ 115.26 $ 129.05 $ 157.22 $ 150.33\n"
    "This stock performance information is furnished and shall not be deemed filed."
)
CHANGE = "What was the percentage change in the value of the S&P 500 Index from 2014 to 2018?"


@pytest.fixture
def http(scoring_api_http):
    return scoring_api_http


@pytest.mark.parametrize(
    ("answer", "label"),
    [
        ("The value of the S&P 500 Index rose 32.2% from 2014 to 2018.", "supported"),  # (150.33 − 113.69) / 113.69
        ("The value of the S&P 500 Index rose 24.4% from 2014 to 2018.", "unsupported"),  # the backwards change
        ("The value of the S&P 500 Index rose 45.3% from 2014 to 2018.", "unsupported"),  # changed figure
    ],
)
def test_change_runs_oldest_first(http, answer, label):
    body = score_factuality(http, [GRAPH], CHANGE, answer)
    assert body["label"] == label, body
