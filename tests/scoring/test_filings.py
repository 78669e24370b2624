"""Filing pages: a short answer is located on a long page by its question, a figure computed over a
ragged table is supported with its formula, and a figure from the wrong line, year or operation is
not — through POST /api/score/factuality and the evaluate CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from llmgateway.cli import app as llmgateway_cli

from .conftest import score_factuality

FILINGS = Path(__file__).resolve().parents[2] / "eval_sets" / "factuality_filings.yaml"
SCORING = "llmgateway.scoring.plugin"

PROSE = (
    "Our results of operations depend on customer demand, the mix of products we sell and the timing of "
    "large orders, which vary from quarter to quarter and are difficult to forecast with any accuracy. "
)
# A page as a PDF extractor gives it: prose, then a table with one cell per line, a currency sign alone
# on its line and negatives in parentheses, then more prose and another table with the same years.
PAGE = (
    "Harbourview Instruments Inc. Annual Report 2019    42\n"
    + PROSE * 3
    + "\nThe following table sets forth our results of operations (in millions):\n"
    "Year Ended December 31,\n2019\n2018\n2017\n"
    "Net revenue\n$\n1,412.6\n$\n1,230.4\n$\n1,118.9\n"
    "Cost of revenue\n(842.1)\n(751.0)\n(690.3)\n"
    "Gross profit\n570.5\n479.4\n428.6\n"
    "Research and development\n(161.3)\n(148.9)\n(139.5)\n"
    "Operating income\n$\n212.8\n$\n171.0\n$\n150.2\n\n" + PROSE * 4 + "\nCash flow summary (in millions)\n"
    "                                   2019        2018        2017\n"
    "Net cash from operating activities  $ 301.7     $ 244.9     $ 201.3\n"
    "Capital expenditures                 (88.4)      (92.1)      (75.6)\n"
    "Free cash flow                       $ 213.3     $ 152.8     $ 125.7\n"
)


def _score(http, question: str, answer: str) -> dict:
    return score_factuality(http, [PAGE], question, answer)


@pytest.fixture
def http(scoring_http):
    return scoring_http


def test_derived_answers_over_a_ragged_table_say_how_and_wrong_ones_fail(http):
    average = "What was the average net revenue for 2018 and 2019?"
    ok = _score(http, average, "$1,321.5 million")
    assert ok["label"] == "supported", ok
    assert ok["claims"][0]["derivations"] == ["$1,321.5 million = (1,412.6 + 1,230.4) / 2"]
    summed = _score(http, average, "$2,643.0 million")  # the sum, not the average
    assert summed["label"] == "unsupported" and "does not follow" in summed["claims"][0]["reason"], summed

    margin = "What was the gross margin in 2019?"
    ok = _score(http, margin, "The gross margin was 40.4% in 2019.")
    assert ok["label"] == "supported", ok
    assert ok["claims"][0]["derivations"] == ["40.4% = 570.5 / 1,412.6 (2019)"]
    assert _score(http, margin, "The gross margin was 39.0% in 2019.")["label"] == "unsupported"  # 2018's

    growth = "By how much did operating income grow from 2018 to 2019?"
    ok = _score(http, growth, "Operating income grew 24.4%, to $212.8 million.")
    assert ok["label"] == "supported", ok
    assert "24.4% = (212.8 − 171.0) / 171.0" in ok["claims"][0]["derivations"]
    wrong_base = _score(http, growth, "Operating income grew 19.6%, to $212.8 million.")  # over 2019, not 2018
    assert wrong_base["label"] == "unsupported", wrong_base


def test_short_answer_is_located_by_its_question_on_a_long_page(http):
    question = "What were capital expenditures in 2018?"
    ok = _score(http, question, "$92.1 million")
    assert ok["label"] == "supported", ok
    assert ok["claims"][0]["derivations"] == ["$92.1 million = Capital expenditures, 2018: (92.1) (× million)"]
    # figures the page prints, but for another year or another line item
    for wrong in ("$88.4 million", "$148.9 million"):
        verdict = _score(http, question, wrong)
        assert verdict["label"] == "unsupported", (wrong, verdict)
        assert "Capital expenditures" in verdict["claims"][0]["reason"]

    yes = _score(http, "Did free cash flow increase in 2019?", "Yes, it rose 39.6% to $213.3 million in 2019.")
    assert yes["label"] == "supported", yes
    no = _score(http, "Did free cash flow increase in 2019?", "No, it fell 39.6% to $213.3 million in 2019.")
    assert no["label"] == "unsupported" and "direction" in no["claims"][0]["reason"], no


def test_filings_eval_set_holdout_through_the_cli():
    result = CliRunner().invoke(llmgateway_cli, ["scorer", "evaluate", str(FILINGS), "--split", "holdout", "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["n"] >= 60
    assert report["balanced_accuracy"] >= 0.75, report["misjudged"]


CASH_FLOW = (
    "CONSOLIDATED STATEMENTS OF CASH FLOWS\n(In millions)\nYears Ended December 31, 2022 2021 2020\n"
    "Net income $ 2,410 $ 2,215 $ 1,980\n"
    "Net cash provided by operating activities 3,300 3,265 2,880\n"
    "Purchases of property, plant and equipment (PP&E) (1,204 ) (1,180 ) (1,050 )\n"
    "Dividends paid to shareholders (725 ) (690 ) (655 )\n"
)


def test_named_metrics_over_a_statement_as_pdftotext_leaves_it(http):
    question = (
        "What is the FY2022 capital expenditure amount (in USD millions)? Answer as an investment analyst "
        "who can only use the details shown within the cash flow statement."
    )
    body = {"contexts": [CASH_FLOW], "question": question}
    ok = http.post("/api/score/factuality", json=body | {"answer": "$1,204.00"}).json()
    assert ok["label"] == "supported", ok
    assert "Purchases of property, plant and equipment" in ok["claims"][0]["derivations"][0]
    assert http.post("/api/score/factuality", json=body | {"answer": "$1,180.00"}).json()["label"] == "unsupported"

    fcf = {"contexts": [CASH_FLOW], "question": "What was free cash flow in FY2022?"}
    ok = http.post("/api/score/factuality", json=fcf | {"answer": "Free cash flow was $2,096 million."}).json()
    assert ok["label"] == "supported" and ok["claims"][0]["derivations"] == ["$2,096 million = 3,300 − 1,204"], ok
    payout = {"contexts": [CASH_FLOW], "question": "What was the dividend payout ratio in FY2021?"}
    assert http.post("/api/score/factuality", json=payout | {"answer": "31.2%"}).json()["label"] == "supported"
    assert http.post("/api/score/factuality", json=payout | {"answer": "30.1%"}).json()["label"] == "unsupported"
