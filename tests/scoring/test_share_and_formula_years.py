"""Right answers over 10-K pages that the located row rejected, and the twins that must stay caught (issue 11
round 18a), through POST /api/score/factuality on a real gateway.

* A share whose second line item the table does not name ("what portion of the maximum exposure to loss … is
  related to guarantees?": the exposure is in the prose) is the located cell over a figure the page prints —
  with the claim's own rounding only, and a part no larger than its whole (main rejected the right share: the
  located row alone cannot give it).
* An analyst's formula whose operands carry a label's aside ("annual maturities ( in millions ) in 2011 of 463")
  is read as a formula, so the reading beside it ("… is more than half of total recourse debt") is judged by it.
* "Did it spend more on A than on B?" sets two line items side by side: a Yes/No is judged by the answer's two
  figures ("No — 296 against 517."), never by the one located row's move over the years (main judged all three
  cases below by R&D's rise: the right answer unsupported, the flipped one supported).
* A formula that takes one operand from a year the question does not ask about ("finished goods in 2007 of … /
  total in 2008 of …" for 2008) and a difference where the question asks for an average are unsupported.
The pages are written for these tests in the layout of FinQA's S&P 500 pages (text, a table a row per line)."""

from __future__ import annotations

import pytest

from .conftest import score_factuality

VIES = (
    "Variable interest entities. The company has a maximum exposure to loss from VIEs of $884 million at December "
    "31, 2018 and $716 million at December 31, 2017, of which the amounts below are the largest components.\n"
    "( in millions ) 2018 2017\n"
    "Equity investments in unconsolidated entities $ 412 $ 305\n"
    "Guarantees 259 210\n"
    "Other 213 201\n"
    "The guarantees relate to dealer financing arrangements and expire over the next five years."
)
PORTION = "What portion of the maximum exposure to loss from VIEs is related to guarantees in 2018?"
DEBT = (
    "Recourse debt. The following table shows the annual maturities of the company's recourse debt at December 31, "
    "2010:\n"
    "December 31, annual maturities ( in millions )\n"
    "2011 $ 463\n"
    "2012 $ 1,046\n"
    "2013 $ 1,317\n"
    "2014 $ 868\n"
    "2015 $ 918\n"
    "Total recourse debt $ 4,612"
)
CURRENT = "What percent of total recourse debt is current?"
INVENTORIES = (
    "Inventories. The components of inventories were as follows at the end of each fiscal year:\n"
    "( in millions ) 2008 2007\n"
    "Raw materials and packaging $ 598.7 $ 452.0\n"
    "Finished goods 1,001.3 1,010.5\n"
    "Supplies and other 331.5 281.0\n"
    "Total $ 1,931.5 $ 1,743.5"
)
MARKETING = (
    "Selling and marketing. Advertising costs are expensed as incurred and were $312 million in 2019, $296 million "
    "in 2018 and $281 million in 2017.\n"
    "( in millions ) 2019 2018 2017\n"
    "Research and development – total $ 544 $ 517 $ 489\n"
    "Selling, general and administrative 2,106 1,987 1,904"
)
MORE = "Did the company spend more on advertising in 2018 than on research and development?"
FINISHED = "What percentage of total inventories is comprised of finished goods in 2008?"
AVERAGE = "What was the average of finished goods inventories in 2008 and 2007, in millions?"


@pytest.fixture
def http(scoring_api_http):
    return scoring_api_http


@pytest.mark.parametrize(
    ("page", "question", "answer", "label"),
    [
        (VIES, PORTION, "29.3%", "supported"),  # 259 / 884: the guarantees row over the prose's exposure
        (VIES, PORTION, "36.6%", "unsupported"),  # 259 / 716 would be 36.2%; this figure is the right one × 1.25
        (VIES, PORTION, "341.3%", "unsupported"),  # 884 / 259: the whole over its part
        (
            DEBT,
            CURRENT,
            "10.0%, calculated as annual maturities ( in millions ) in 2011 of 463 / total recourse "
            "debt of 4,612. Annual maturities ( in millions ) in 2011 is less than half of total recourse debt.",
            "supported",
        ),  # fmt: skip
        (
            DEBT,
            CURRENT,
            "10.0%, calculated as annual maturities ( in millions ) in 2011 of 463 / total recourse "
            "debt of 4,612. Annual maturities ( in millions ) in 2011 is more than half of total recourse debt.",
            "unsupported",
        ),  # fmt: skip
        (
            INVENTORIES,
            FINISHED,
            "About 52%, calculated as finished goods in 2008 of 1,001.3 / total in 2008 of 1,931.5.",
            "supported",
        ),  # fmt: skip
        (
            INVENTORIES,
            FINISHED,
            "About 52%, calculated as finished goods in 2007 of 1,010.5 / total in 2008 of 1,931.5.",
            "unsupported",
        ),  # fmt: skip
        (
            INVENTORIES,
            AVERAGE,
            "$1,005.9 million, calculated as (finished goods in 2008 of 1,001.3 + finished goods "
            "in 2007 of 1,010.5) / 2.",
            "supported",
        ),  # fmt: skip
        (
            INVENTORIES,
            AVERAGE,
            "-$4.6 million, calculated as (finished goods in 2008 of 1,001.3 − finished goods in 2007 of 1,010.5) / 2.",
            "unsupported",
        ),  # fmt: skip
        # "more on A than on B?" compares two line items: the answer's two figures decide, not R&D's rise over years
        (MARKETING, MORE, "No — 296 against 517.", "supported"),
        (MARKETING, MORE, "Yes — 296 against 517.", "unsupported"),
        (MARKETING, MORE, "No.", "not scored"),  # the page's rows do not compute the comparison
    ],
)
def test_share_and_formula_years(http, page, question, answer, label):
    body = score_factuality(http, [page], question, answer)
    assert body["label"] == label, body
    if answer == "29.3%":
        assert any("259 / 884" in d for c in body["claims"] for d in c["derivations"]), body
