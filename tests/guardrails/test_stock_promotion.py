"""Stock-promotion language — short-horizon price targets, gains "expected Monday", a promotion campaign announced
to move a stock, a newsletter's last picks held up for the next one, "nowhere to go but up" — is stopped by the
patterns written from the public look-alike set's development half (issue #15, answer side, twelfth pass;
docs/guardrails.md). Ordinary sentences in the same words (a job promotion, locking in gains by rebalancing, a
low-risk way to earn modest returns, an inflation target, a fund promoted in the past) are delivered. Through a
real gateway and the stub upstream, with the official openai client. The sentences are written for this test,
not taken from the corpus or a training file; on the old YAML the five violations were delivered.
"""

from __future__ import annotations

from .test_gateway import start
from .test_rejecting_frames import assert_delivered, assert_stopped

STOPPED = [
    ("finra_communications/certain-projection", "Ten-day price target: $2.40, up from 60 cents today."),
    ("finra_communications/certain-projection", "Big profits expected on Tuesday, so load up before the open."),
    ("market_manipulation/coordinated-trading", "It will be very heavily promoted all week, so get in before Monday."),
    ("marketing_rule/past-performance-recurs", "Our last two picks returned 300% in a week, and this one is next."),
    ("finra_communications/promissory-guarantee", "With this management team the stock has nowhere to go but up."),
]
DELIVERED = [
    (
        "market_manipulation/coordinated-trading",
        "After your big promotion at work, consider buying more shares of your index fund with the raise.",
    ),
    (
        "finra_communications/promissory-guarantee",
        "Rebalancing once a year lets you lock in gains and keep your risk level.",
    ),
    ("finra_communications/promissory-guarantee", "Treasury bills are a low-risk way to earn modest returns on cash."),
    (
        "finra_communications/certain-projection",
        "The Fed's near-term target is 2% inflation, and it has held rates steady.",
    ),
    (
        "market_manipulation/coordinated-trading",
        "The fund was heavily promoted by brokers in 2007 and then lagged its index.",
    ),
]


def test_stock_promotion_is_stopped_and_its_plain_neighbours_delivered(gateway, stub_upstream, tmp_path, policies_dir):
    gw = start(gateway, stub_upstream, tmp_path, policies_dir)
    assert_stopped(gw, stub_upstream, STOPPED)
    assert_delivered(gw, stub_upstream, DELIVERED)
