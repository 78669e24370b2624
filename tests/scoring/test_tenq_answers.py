"""Long reviewed answers over 10-Q pages as pypdf leaves them (issue 11 round 21b), via POST /api/score/factuality.

The page is written for these tests in the layout of the sec-10-q look-alike's dev split (scripts/make_tenq_eval.py):
a 10-Q segment table whose column header prints "September 30," once and the years on a line of their own, cells in
millions. The right answer is written as GPT-4 wrote those answers: a numbered list whose items carry a title
("1. Net Revenue Trend: …"), figures rounded to billions ("$15.3 billion" for 15,338), "for the three months ended
September 30, 2023", and a caveat about what the report does not state. On main it is unsupported (the rounded figure's
row was never tried, the header's dates and "three months" were not found, the list numbers were figures, the title's
capitals names, the caveat a claim); each changed figure, year or direction is unsupported here."""

from __future__ import annotations

import pytest

from .conftest import score_factuality

PAGE = """Table of Contents
Net revenue and operating income (loss) for each period were as follows:
Three Months Ended
September 30,
Nine Months Ended
September 30,
(In Millions) 2023 2022 2023 2022
Net revenue:
Client Computing $ 7,867 $ 8,128 $ 20,414 $ 25,128
Data Center and AI 3,814 4,255 11,536 15,024
Network and Edge 1,450 2,133 4,303 6,483
All other 3,027 822 2,569 2,377
Total net revenue $ 14,158 $ 15,338 $ 38,822 $ 49,012
Operating income (loss):
Client Computing $ 2,073 $ 1,447 $ 3,632 $ 5,045
Total operating income (loss) $ (8) $ (175) $ (2,492) $ 3,466
Inventories June 30, 2023 September 30, 2023
Finished goods $ 1,768 $ 2,465
Notes to Consolidated Condensed Financial Statements 12"""
QUESTION = "How has Corvane's total net revenue changed, and which segments drove it?"

RIGHT = (
    "Corvane's total net revenue changed as follows:\n\n"
    "1. Net Revenue Trend: For the three months ended September 30, 2023, total net revenue was $14.2 billion, "
    "compared to $15.3 billion for the three months ended September 30, 2022.\n\n"
    "2. Segment Drivers: Data Center and AI revenue decreased from $4,255 million to $3,814 million, and Network and "
    "Edge revenue decreased from $2,133 million to $1,450 million.\n\n"
    "3. Inventory: Finished goods increased from $1,768 million as of June 30, 2023, to $2,465 million as of "
    "September 30, 2023.\n\n"
    "The report does not explicitly state the impact of pricing on these results."
)


@pytest.fixture
def http(scoring_api_http):
    return scoring_api_http


@pytest.mark.parametrize(
    "answer, label",
    [
        (RIGHT, "supported"),
        (RIGHT.replace("$14.2 billion", "$17.8 billion"), "unsupported"),  # a changed figure
        (RIGHT.replace("September 30, 2022", "September 30, 2021"), "unsupported"),  # a year the page never prints
        (RIGHT.replace("Finished goods increased", "Finished goods decreased"), "unsupported"),  # against its figures
    ],
)
def test_a_long_reviewed_answer_over_a_10q_page(http, answer, label):
    body = score_factuality(http, [PAGE], QUESTION, answer)
    assert body["label"] == label, body
