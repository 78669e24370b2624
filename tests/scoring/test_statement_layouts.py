"""Right answers over statement pages as PDF extraction leaves them (issue 11 round 20a), via POST /api/score/factuality.

The pages are written for these tests in the layouts that rejected right answers on the statement-pages look-alike's
dev split: a short statement flattened onto one line (three rows: main read it as one row whose label carried the
figures), pdfminer's column order with each column under its own year line, a column whose total is printed without
its label and a "(2)" that is a negative figure, not a footnote; a header whose years stand beside "$’000" unit marks; a
table under another table's "($ in millions)" while the question states its unit; an analyst's formula after "for the
five years ended" (main read "five years" as the result the formula must give). Each right answer but the year-headed
columns' fails on main (main's plain ratio search finds that one, and also passes the prior year's ratio); each changed
or other-year figure is unsupported here."""

from __future__ import annotations

import pytest

from .conftest import score_factuality

SHORT_FLAT = (
    "Corvane Tools | Annual Report\n"
    "CORVANE TOOLS, INC. AND SUBSIDIARIES SUPPLEMENTARY FINANCIAL INFORMATION (In millions, except per share data) "
    "Years Ended December 31, 2019 2018 Increase / (Decrease)\n"
    "Selling, general and administrative $ 31.7 $ 28.2 $ 3.5 Depreciation and amortization 0.4 0.3 0.1 "
    "Loss from operations $ (32.1) $ (28.5) $ (3.6)\n"
    "See accompanying notes to consolidated financial statements.\n"
    "F-6"
)
SHORT_FLAT_Q = "What is Corvane Tools's fiscal 2019 selling, general and administrative (in USD millions)?"

YEAR_COLUMNS = """CORVANE TOOLS, INC. AND SUBSIDIARIES
CONSOLIDATED STATEMENTS OF OPERATIONS
(In thousands)
Year Ended December 31,
Revenues
Freight expenses
Fleet operating expenses
Charter hire expense
Income from operations
2019
412,880
(18,204)
(96,331)
(14,467)
283,878
2018
377,015
(21,930)
(101,276)
(9,822)
243,987
F-5"""
YEAR_COLUMNS_Q = "Express charter hire expense as a percentage of revenues for FY2019."

UNLABELLED_TOTAL = """CORVANE TOOLS CONSOLIDATED BALANCE SHEETS (In thousands) December 31, 2019 2018
Long-term receivables, net
Equity method investments
Lease and other deposits
Other
$
18,420
7,315
4,982
(2)
$
30,715
$
16,904
7,760
4,411
388
$
29,463
See accompanying notes to consolidated financial statements.
F-4"""
UNLABELLED_TOTAL_Q = (
    "Report Corvane Tools's lease and other deposits for 2019 (in USD thousands), from its balance sheet."
)

OTHER_SCALE = """Interest Expense
| ($ in millions) |  |  |
|---|---|---|
| For the year ended December 31: | 2019 | 2018 |
| Interest expense | $1,102 | $864 |
| Operating (non-GAAP) interest expense | $1,010 | $864 |

Interest expense increased $238 million compared to 2018, driven by a higher average debt balance.

Non-GAAP Measures
|  | 2019 | 2018 |
|---|---|---|
| Net income | $41,206 | $18,377 |
| Interest expense, net | 6,918 | 7,204 |
| Provision for income taxes | 4,410 | 2,996 |
| Amortization and depreciation expense | 19,553 | 18,140 |
| Adjusted EBITDA | $72,087 | $46,717 |"""
OTHER_SCALE_Q = "What is Corvane Tools's 2019 adjusted EBITDA (in $ thousands)? Answer from the table."

UNIT_MARKS = (
    "Corvane Tools | Annual Report\n"
    "CORVANE TOOLS CONSOLIDATED STATEMENTS OF CASH FLOWS (Dollars in thousands) CONSOLIDATED 2019 $’000 2018 $’000\n"
    "Cash and cash equivalents 14,208 19,633 Trade receivables and contract assets 17,450 21,902 Trail commission "
    "asset 88,316 79,540\n"
    "See accompanying notes to consolidated financial statements.\n"
    "F-3"
)
UNIT_MARKS_Q = "Report Corvane Tools's trade receivables and contract assets for FY2019, from its cash flow statement."

RETURNS = """Performance graph. The graph compares the cumulative total shareholder return on our common stock with the S&P
500 Index, assuming $100 invested on 12/31/2013 and the reinvestment of dividends.
Company / Index | 12/31/2013 | 12/31/2014 | 12/31/2015 | 12/31/2016 | 12/31/2017 | 12/31/2018
Corvane Tools | 100 | 108 | 131 | 149 | 172 | 187
S&P 500 Index | 100 | 114 | 115 | 129 | 157 | 150"""
RETURNS_Q = "What was the percentage cumulative return for Corvane Tools for the five years ended 12/31/2018?"


@pytest.fixture
def http(scoring_api_http):
    return scoring_api_http


@pytest.mark.parametrize(
    "pages, question, answer, label",
    [
        ([SHORT_FLAT], SHORT_FLAT_Q, "Approximately $31.70.", "supported"),
        ([SHORT_FLAT], SHORT_FLAT_Q, "Approximately $28.20.", "unsupported"),  # 2018's
        ([YEAR_COLUMNS], YEAR_COLUMNS_Q, "Charter hire expense was -3.5% of revenues in FY2019.", "supported"),
        ([YEAR_COLUMNS], YEAR_COLUMNS_Q, "Charter hire expense was -2.6% of revenues in FY2019.", "unsupported"),
        ([UNLABELLED_TOTAL], UNLABELLED_TOTAL_Q, "Lease and other deposits amounted to $4,982 in 2019.", "supported"),
        ([UNLABELLED_TOTAL], UNLABELLED_TOTAL_Q, "Lease and other deposits amounted to $4,411 in 2019.", "unsupported"),
        ([UNIT_MARKS], UNIT_MARKS_Q, "$17,450", "supported"),
        ([UNIT_MARKS], UNIT_MARKS_Q, "$21,902", "unsupported"),  # 2018's: the header's "$’000" hid its years
        ([OTHER_SCALE], OTHER_SCALE_Q, "$72.1 million", "supported"),
        ([OTHER_SCALE], OTHER_SCALE_Q, "$46.7 million", "unsupported"),  # 2018's
    ],
)
def test_statement_page_layouts(http, pages, question, answer, label):
    body = score_factuality(http, pages, question, answer)
    assert body["label"] == label, body


@pytest.mark.parametrize(
    "page, question, answer, label",
    [
        (
            RETURNS,
            RETURNS_Q,
            "The percentage cumulative return for Corvane Tools for the five years ended 12/31/2018 was 87.0%, "
            "calculated as (Corvane Tools in 12/31/2018 of 187 − Corvane Tools in 12/31/2013 of 100) / 100.",
            "supported",
        ),
        (
            RETURNS,
            RETURNS_Q,
            "The percentage cumulative return for Corvane Tools for the five years ended 12/31/2018 was 104.4%, "
            "calculated as (Corvane Tools in 12/31/2018 of 187 − Corvane Tools in 12/31/2013 of 100) / 100.",
            "unsupported",
        ),
    ],
)
def test_an_analysts_formula_is_read_as_written(http, page, question, answer, label):
    body = score_factuality(http, [page], question, answer)
    assert body["label"] == label, body
