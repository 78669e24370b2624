"""Answers written as analysts write them over a 10-K page, through POST /api/score/factuality on a real gateway
(issue 11 round 15a): the figure, ", calculated as" the formula with each operand named by its line item ("november
of 3,655,945 / total of 7,673,266", "net income ($103,102) divided by …"), and one sentence that reads the figure
("Net cash from operating activities increased over the period."). The result is printed nowhere on the page;
its formula over printed figures gives it. A formula that answers another question (a sum for a change, a part
above its whole, a change on the later year's base) and a reading the formula contradicts are unsupported. The
page is written for this test in the layout of FinQA's S&P 500 pages (text, a table a row per line, text)."""

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
    "Issuer purchases of equity securities in the fourth quarter: October 1,198,410 shares; November 3,655,945 "
    "shares; December 2,818,911 shares; total 7,673,266 shares."
)
CHANGE = "What was the percentage change in net cash from operating activities from 2008 to 2009?"
PART = "What portion of the shares purchased in the fourth quarter were purchased in november?"


@pytest.fixture
def http(scoring_api_http):
    return scoring_api_http


def _score(http, answer: str, question: str) -> dict:
    return score_factuality(http, [PAGE], question, answer)


@pytest.mark.parametrize(
    ("question", "right", "changed"),
    [
        (
            CHANGE,
            "The percentage change was 14.1%, calculated as (net cash from operating activities in 2009 of $206,588 − "
            "net cash from operating activities in 2008 of $181,001) / net cash from operating activities in 2008 of "
            "$181,001.",
            "The percentage change was 17.1%, calculated as (net cash from operating activities in 2009 of $206,588 − "
            "net cash from operating activities in 2008 of $181,001) / net cash from operating activities in 2008 of "
            "$181,001.",
        ),
        (
            PART,
            "0.48, calculated as november of 3,655,945 / total of 7,673,266.",
            "0.58, calculated as november of 3,655,945 / total of 7,673,266.",
        ),  # fmt: skip
        (
            "What was the net margin in 2009?",
            "About 50%, computed as net income ($103,102) divided by net cash from operating activities ($206,588).",
            "About 60%, computed as net income ($103,102) divided by net cash from operating activities ($206,588).",
        ),
    ],
)
def test_a_figure_calculated_from_named_operands(http, question, right, changed):
    """The result is printed nowhere; the named operands are, and their formula gives it (or not)."""
    kept, caught = _score(http, right, question), _score(http, changed, question)
    assert kept["label"] == "supported", kept
    assert caught["label"] == "unsupported", caught


@pytest.mark.parametrize(
    ("question", "answer"),
    [
        (
            CHANGE,
            "The percentage change was 214.1%, calculated as (net cash from operating activities in 2009 of "
            "$206,588 + net cash from operating activities in 2008 of $181,001) / $181,001.",
        ),  # fmt: skip
        (PART, "About 210%, calculated as total of 7,673,266 / november of 3,655,945."),
        (
            CHANGE,
            "The percentage change was 12.4%, calculated as (net cash from operating activities in 2009 of "
            "$206,588 − net cash from operating activities in 2008 of $181,001) / $206,588.",
        ),  # fmt: skip
    ],
)
def test_a_consistent_formula_that_answers_another_question(http, question, answer):
    """A sum for a change, a part above its whole, a change rate on the later year: the formula's figures are on
    the page and it gives the stated result, but it does not compute what was asked."""
    assert _score(http, answer, question)["label"] == "unsupported"


def test_a_reading_of_the_formula_follows_from_it(http):
    """ "… increased over the period." after a positive change is no extra claim to find on the page; "decreased"
    contradicts the answer's own formula."""
    figure = (
        "The percentage change was 14.1%, calculated as (net cash from operating activities in 2009 of $206,588 − "
        "net cash from operating activities in 2008 of $181,001) / net cash from operating activities in 2008 of "
        "$181,001. "
    )
    kept = _score(http, figure + "Net cash from operating activities increased over the period.", CHANGE)
    caught = _score(http, figure + "Net cash from operating activities decreased over the period.", CHANGE)
    assert kept["label"] == "supported", kept
    assert caught["label"] == "unsupported", caught
    margin = "About 50%, computed as net income ($103,102) divided by net cash from operating activities ($206,588). "
    question = "What was net income as a percentage of net cash from operating activities in 2009?"
    kept = _score(http, margin + "Net income is less than half of net cash from operating activities.", question)
    caught = _score(http, margin + "Net income is more than half of net cash from operating activities.", question)
    assert kept["label"] == "supported", kept
    assert caught["label"] == "unsupported", caught
