"""Correct analyst answers over full statement pages as PDF text extraction leaves them (issue 11 round 12b),
through POST /api/score/factuality: the company's name, the statement's title, the scale note and the years
joined on one header line; a footer and a page number that read like a row; a statement flattened onto one
line; pdfminer's column order. The figure the question asks for is supported, another year's is not."""

from __future__ import annotations

import pytest

from .conftest import score_factuality

CASH_FLOWS = """Table of Contents
TALBOT FREIGHT, INC. AND SUBSIDIARIES CONSOLIDATED STATEMENTS OF CASH FLOWS (In millions) Fiscal years ended December 31, 2019 2018 2017
Operating activities:
Net income $ 1,204 $ 1,118 $ 987
Depreciation and amortization 655 612 570
Net cash provided by operating activities 2,140 1,985 1,760
Investing activities:
Purchases of property and equipment (1,577) (1,373) (1,420)
Proceeds from sale of equipment 48 39 51
Net cash used in investing activities (1,529) (1,334) (1,369)
See accompanying notes to consolidated financial statements.
Talbot Freight 2019 Form 10-K 54"""

POSITION = """Talbot Freight plc | Annual Report
TALBOT FREIGHT PLC AND SUBSIDIARIES CONSOLIDATED STATEMENT OF FINANCIAL POSITION (In millions) 2019 2018 Note £m £m
Fixed assets
Investments 3 1,216.0 1,212.9
Current assets
Debtors 4 415.9 440.7
Cash at bank and in hand 5 88.2 61.4
Net current assets 152.5 4.5
Capital and reserves
Retained earnings 1,227.0 1,372.3
Total equity 1,379.5 1,217.4
The notes on pages 60 to 98 are an integral part of these consolidated financial statements.
65"""

FLATTENED = (
    "TALBOT FREIGHT CONSOLIDATED STATEMENTS OF OPERATIONS (In millions, except per share data)\n"
    "Years Ended December 31, 2019 2018 2017 Revenues $ 9,812 $ 9,105 $ 8,640 Cost of revenues 6,120 5,790 5,512 "
    "Gross profit 3,692 3,315 3,128 Selling, general and administrative 1,410 1,322 1,250 Operating income 2,282 "
    "1,993 1,878 Net income $ 1,204 $ 1,118 $ 987\n"
    "The notes on pages 60 to 98 are an integral part of these consolidated financial statements.\n55"
)

COLUMNS = """TALBOT FREIGHT, INC. AND SUBSIDIARIES
CONSOLIDATED BALANCE SHEETS
(In millions)
December 31,
2019 2018
Cash and cash equivalents
Accounts receivable, net
Inventories
Total current assets
Total current liabilities
$
812
1,140
655
2,607
1,930
$
760
1,095
601
2,456
2,010
F-3"""


@pytest.fixture
def http(scoring_http):
    return scoring_http


def test_header_furniture_a_note_column_and_the_page_number_do_not_hide_the_years(http):
    q = "What were Talbot Freight's debtors at the end of FY2019 (in GBP millions)? Use the statement of financial position."
    right = score_factuality(http, [POSITION], q, "£415.9 million")
    assert right["label"] == "supported", right
    prior_year = score_factuality(http, [POSITION], q, "£440.7 million")
    assert prior_year["label"] == "unsupported", prior_year
    assert "2019" in prior_year["claims"][0]["reason"], prior_year


def test_a_change_between_two_negative_figures_keeps_the_analysts_direction_word(http):
    q = "By how much did Talbot Freight's net cash used in investing activities change from 2018 to 2019?"
    right = score_factuality(
        http,
        [CASH_FLOWS],
        q,
        "Net cash used in investing activities decreased from -$1,334 million in 2018 to -$1,529 million in 2019, "
        "a change of -$195 million (14.6%).",
    )
    assert right["label"] == "supported", right
    changed = score_factuality(
        http,
        [CASH_FLOWS],
        q,
        "Net cash used in investing activities decreased from -$1,334 million in 2018 to -$1,529 million in 2019, "
        "a change of -$253 million (19.0%).",
    )
    assert changed["label"] == "unsupported", changed


def test_a_statement_flattened_onto_one_line_is_read_as_rows(http):
    q = "What was Talbot Freight's operating income in FY2018, according to its income statement?"
    right = score_factuality(http, [FLATTENED], q, "Talbot Freight's FY2018 operating income was $1,993 million.")
    assert right["label"] == "supported", right
    other_year = score_factuality(http, [FLATTENED], q, "Talbot Freight's FY2018 operating income was $2,282 million.")
    assert other_year["label"] == "unsupported", other_year


def test_a_balance_sheet_in_pdfminer_column_order_gives_the_metric(http):
    q = "What is Talbot Freight's current ratio for FY2019? Use the balance sheet."
    right = score_factuality(http, [COLUMNS], q, "1.35")  # 2,607 / 1,930
    assert right["label"] == "supported", right
    prior_year = score_factuality(http, [COLUMNS], q, "1.22")  # 2,456 / 2,010
    assert prior_year["label"] == "unsupported", prior_year
