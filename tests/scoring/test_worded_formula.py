"""A metric stated with its formula in line-item words and no operands, as annotators answer ("calculated as
(cash and cash equivalents + trade receivables) / total current liabilities"), through POST /api/score/factuality:
the formula is evaluated on the page's rows, so the analyst's own variant of a metric is supported and a figure
the formula does not give is not."""

from __future__ import annotations

import pytest

from .conftest import score_factuality

PAGE = """HALDEN MARINE SYSTEMS PLC AND SUBSIDIARIES
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
Net cash from operating activities          905           870
Purchases of property, plant and equipment   (310)       (295)"""


@pytest.fixture
def http(scoring_http):
    return scoring_http


def _score(http, question: str, answer: str) -> dict:
    return score_factuality(http, [PAGE], question, answer)


def test_an_analysts_own_variant_of_a_metric_is_judged_by_its_formula_in_words(http):
    q = "Does Halden Marine have a healthy liquidity position? Compute its FY2019 cash ratio."
    # (640 + 410) / 1,350 = 0.78: not the quick ratio metrics.py knows ((1,890 − 720) / 1,350 = 0.87)
    right = _score(
        http,
        q,
        "The FY2019 cash ratio was 0.78, calculated as (cash and cash equivalents + trade receivables) / "
        "total current liabilities.",
    )
    assert right["label"] == "supported", right
    assert any("formula in words" in d for c in right["claims"] for d in c["derivations"]), right
    changed = _score(
        http,
        q,
        "The FY2019 cash ratio was 0.98, calculated as (cash and cash equivalents + trade receivables) / "
        "total current liabilities.",
    )
    assert changed["label"] == "unsupported", changed
    other_year = _score(
        http,
        q,
        "The FY2019 cash ratio was 0.69, calculated as (cash and cash equivalents + trade receivables) / "
        "total current liabilities.",
    )  # (590 + 395) / 1,420: the 2018 figures
    assert other_year["label"] == "unsupported", other_year


def test_a_ratio_and_a_share_in_words_are_evaluated_on_the_named_rows(http):
    q = "What is Halden Marine's FY2019 operating cash conversion?"
    right = _score(
        http, q, "Operating cash conversion was 131.2% in FY2019, computed as net cash from operating activities "
        "divided by operating profit.",
    )  # fmt: skip  # 905 / 690
    assert right["label"] == "supported", right
    wrong = _score(
        http, q, "Operating cash conversion was 121.2% in FY2019, computed as net cash from operating activities "
        "divided by operating profit.",
    )  # fmt: skip
    assert wrong["label"] == "unsupported", wrong
    share = "How heavy was Halden Marine's cost base in 2019?"
    assert _score(http, share, "Cost of sales represented 70.0% of revenue in 2019.")["label"] == "supported"
    assert _score(http, share, "Cost of sales represented 76.0% of revenue in 2019.")["label"] == "unsupported"
