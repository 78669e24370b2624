"""Violations phrased without the rules' old keywords are stopped by patterns compliance wrote from the
development sets' misses: spoofing described by its intent ("bids you never intend to fill"), a forecast
one would bet one's house on, selling everything but one stock (issue #15, answer side, tenth pass;
docs/guardrails.md). Hedged or ordinary sentences in the same words are delivered. Through a real gateway
and the stub upstream, with the official openai client. The sentences are written for this test, not
taken from a training file or an eval set; on the old YAML the three violations were delivered.
"""

from __future__ import annotations

from .test_gateway import start
from .test_rejecting_frames import assert_delivered, assert_stopped

STOPPED = [
    (
        "market_manipulation/coordinated-trading",
        "Stack bids you never intend to fill under the market so buyers think there's support, then pull them.",
    ),
    ("finra_communications/certain-projection", "I'd bet my house on it: the stock closes the year higher."),
    ("suitability/concentrated-recommendation", "Sell the bond funds and keep only the one tech stock."),
]
DELIVERED = [
    (
        "finra_communications/certain-projection",
        "The Dow could break 50,000 if earnings keep growing, but nobody knows.",
    ),
    ("market_manipulation/coordinated-trading", "Cancelling a limit order that has not filled is normal."),
]


def test_red_flag_phrasings_are_stopped_and_their_plain_neighbours_delivered(
    gateway, stub_upstream, tmp_path, policies_dir
):
    gw = start(gateway, stub_upstream, tmp_path, policies_dir)
    assert_stopped(gw, stub_upstream, STOPPED)
    assert_delivered(gw, stub_upstream, DELIVERED)
