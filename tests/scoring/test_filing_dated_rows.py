"""A net revenue bridge whose rows carry the year in their label ("2016 net revenue $ 1,230.0" …
"2017 net revenue $ 1,255.0"), through POST /api/score/factuality on a real gateway (issue 11 round 14a,
continued): the two rows are one line item in two years, so an average, a change or a growth rate over
them is read from the table, and a changed figure is caught. On main before this, the question's location
stopped at the first row (one cell): in the row-per-line layout the right answers were unsupported; in the
cell-per-line one "2016 net revenue" was read as a header, the right answers passed by a derivation over the
whole page (the growth on the wrong base, (1,230.0 − 1,255.0) / 1,255.0) and the reasons named no table cell.
The page is written for
this test in the layout of a 10-K's "analysis of the change in net revenue": a row per line (pypdf), and a
label line then its figure (pdfminer)."""

from __future__ import annotations

import pytest

from .conftest import score_factuality

PAGE = (
    "Management's financial discussion and analysis. Net revenue. Following is an analysis of the change in net "
    "revenue comparing 2017 to 2016. Amount (in millions)\n"
    "2016 net revenue $ 1,230.0\n"
    "Retail electric price 41.6\n"
    "Volume/weather (22.4)\n"
    "Fuel recovery 8.1\n"
    "Other (2.3)\n"
    "2017 net revenue $ 1,255.0\n"
    "The retail electric price variance is primarily due to formula rate plan increases effective January 2017."
)
# the same table as pdfminer prints it, a label line then its figure ("2016 net revenue" is a row, not a header)
PAGE_CELL_PER_LINE = PAGE.replace(" $ ", "\n$ ").replace(" 41.6", "\n41.6").replace(" (22.4)", "\n(22.4)")
PAGE_CELL_PER_LINE = PAGE_CELL_PER_LINE.replace(" 8.1", "\n8.1").replace(" (2.3)", "\n(2.3)")


@pytest.fixture
def http(scoring_api_http):
    return scoring_api_http


@pytest.mark.parametrize("page", [PAGE, PAGE_CELL_PER_LINE], ids=["row-per-line", "cell-per-line"])
@pytest.mark.parametrize(
    ("question", "right", "changed", "formula"),
    [
        ("What was the average net revenue between 2016 and 2017, in millions?", "$1,242.5", "$1,262.5", "/ 2"),
        ("What is the net change in net revenue during 2017?", "$25.0 million", "$35.0 million", "−"),
        ("What was the percentage change in net revenue from 2016 to 2017?", "2.0%", "2.9%", "/ $1,230.0"),
    ],
)
def test_rows_whose_labels_carry_the_year_are_one_line_item(http, page, question, right, changed, formula):
    kept = score_factuality(http, [page], question, right)
    caught = score_factuality(http, [page], question, changed)
    assert kept["label"] == "supported", kept
    assert any(formula in d for d in kept["claims"][0]["derivations"]), kept
    assert caught["label"] == "unsupported", caught
    assert "(source has: $1,255.0 (2017)" in caught["claims"][0]["reason"], caught
