"""Filing answers lost by error kind (issue 11 round 16a), through POST /api/score/factuality on a real gateway.

* An answer that writes its result beside its formula ("$85 million = 205 − 120.") is judged by that formula: the
  operands are the working, not figures the result must equal (main called the right answer unsupported because
  205 and 120 "do not follow from the answer's own working"), and a result the formula does not give is
  contradicted by the answer itself (main passed "$95 million = 205 − 120." at 0.89).
* When the question sets two things side by side and the table names only one ("advertising versus research and
  development": advertising is in the prose), the located row is a guess: a figure the page prints elsewhere is
  released from its rejection, a cell of the located row for a year the question does not name stays unsupported.
The pages are written for these tests in the layout of FinQA's S&P 500 pages (text, a table a row per line)."""

from __future__ import annotations

import pytest

from .conftest import score_factuality

LEASES = (
    "Contractual obligations. The following table summarizes our lease obligations at December 31 ( in millions ):\n"
    "2011 2010 2009 2008 2007 2006 2005 2004\n"
    "Operating lease obligations $ 120 $ 131 $ 140 $ 152 $ 166 $ 178 $ 190 $ 205\n"
    "Purchase obligations 45 52 61 66 70 75 81 88\n"
    "The decline reflects the expiry of several store leases over the period."
)
DROP = "How much did the lease obligations drop from 2004 to 2011?"
SPENDING = (
    "Selling and marketing. Advertising costs are expensed as incurred and were $288 million in 2012, $345 million "
    "in 2013 and $301 million in 2011. Research and development costs are expensed as incurred.\n"
    "(in millions)\n"
    "2013 2012 2011\n"
    "Research and development – total $ 505 $ 468 $ 443\n"
    "Selling, general and administrative 1,912 1,804 1,711"
)
VERSUS = "What did the company spend on advertising versus research and development in 2012?"


@pytest.fixture
def http(scoring_api_http):
    return scoring_api_http


@pytest.mark.parametrize(
    ("page", "question", "answer", "label"),
    [
        (LEASES, DROP, "$85 million = 205 − 120.", "supported"),
        (LEASES, DROP, "$95 million = 205 − 120.", "unsupported"),  # the answer's own formula gives 85
        (SPENDING, VERSUS, "$288 million against $468 million.", "supported"),  # 288: the prose's advertising
        (SPENDING, VERSUS, "$288 million against $505 million.", "unsupported"),  # 505: R&D in 2013
        (SPENDING, VERSUS, "$318 million against $468 million.", "unsupported"),  # 318: printed nowhere
    ],
)
def test_filing_answer_by_error_kind(http, page, question, answer, label):
    body = score_factuality(http, [page], question, answer)
    assert body["label"] == label, body
    if label == "unsupported" and "95" in answer:
        assert any("own working (205 − 120 = 85)" in (c["reason"] or "") for c in body["claims"]), body
    if answer.startswith("$288 million against $468"):
        assert any("second line item is not a row" in d for c in body["claims"] for d in c["derivations"]), body
