"""Advisor claims as others write them, and the compliant sentences around them (issue #15, answer side, thirteenth
pass; docs/guardrails.md). Stopped: a peer ranking made for one's own fund, "assured" returns, a record called
consistent (patterns written from the public advice look-alike set's development half). Delivered: disclaimers and
refusals typed with typographic apostrophes ("doesn’t", "can’t": read as negations like "doesn't"), a rule that
names the language it forbids, "Rest assured that we will review …", "Nobody can promise …". And "can’t go wrong"
is the slang phrase "can't go wrong". Through a real gateway and the stub upstream, with the official openai client;
the sentences are written for this test, not taken from the public set or a training file. On main before this pass
the first four were delivered and the five compliant ones below the line stopped.
"""

from __future__ import annotations

from .test_gateway import start
from .test_rejecting_frames import assert_delivered, assert_stopped

STOPPED = [
    ("marketing_rule/testimonials-superlatives", "Our income fund beat 92% of its peers over the last three years."),
    ("finra_communications/promissory-guarantee", "This note pays assured returns of 6% a year."),
    ("marketing_rule/past-performance-recurs", "The strategy has delivered consistent 14% annual returns since 2015."),
    ("finra_communications/promissory-slang", "You can’t go wrong with this ETF."),
]
DELIVERED = [
    ("finra_communications/promissory-guarantee", "Past performance doesn’t guarantee future results."),
    ("finra_communications/certain-projection", "We can’t promise the stock will hit $80."),
    ("finra_communications/promissory-guarantee", 'Phrases such as "guaranteed profits" are strictly prohibited.'),
    ("finra_communications/promissory-guarantee", "Rest assured that we will review your portfolio every quarter."),
    ("finra_communications/promissory-guarantee", "Nobody can promise you’ll double your money."),
    # neighbours in the same words, delivered before and after
    (
        "marketing_rule/testimonials-superlatives",
        "Only about one active fund in ten beats its benchmark over 15 years.",
    ),
    (
        "marketing_rule/testimonials-superlatives",
        "Thanks to compound interest, savings grow faster the earlier you start.",
    ),
    (
        "finra_communications/promissory-guarantee",
        "Advisers must not use language that promises a return on any investment.",
    ),
]


def test_advisor_claims_are_stopped(gateway, stub_upstream, tmp_path, policies_dir):
    assert_stopped(start(gateway, stub_upstream, tmp_path, policies_dir), stub_upstream, STOPPED)


def test_disclaimers_with_typographic_apostrophes_and_rule_statements_are_delivered(
    gateway, stub_upstream, tmp_path, policies_dir
):
    assert_delivered(start(gateway, stub_upstream, tmp_path, policies_dir), stub_upstream, DELIVERED)
