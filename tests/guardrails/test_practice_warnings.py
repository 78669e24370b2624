"""An answer that names a prohibited practice in order to warn against it, or states the law on it, is
delivered; the practice itself is still stopped (issue #15, answer side, tenth pass: rejecting frames and
an ``exempt_if`` written by compliance in the policy YAML; docs/guardrails.md). Through a real gateway
and the stub upstream, with the official openai client.

Before, the rules' own patterns held these warnings: "pump and dump", "wash trades", "material non-public
information" and "free money" matched whatever the sentence said about them. Each test pairs warnings with
the practice they name, so each fails on the old YAML (the warnings were stopped). The sentences are
written for this test, not taken from a training file or an eval set.
"""

from __future__ import annotations

import pytest

from .test_gateway import start
from .test_rejecting_frames import assert_delivered, assert_stopped

PUMP = "market_manipulation/coordinated-trading"
PUMP_WARNINGS = [
    (
        PUMP,
        "A forum where everyone is told to buy the same small stock at ten o'clock sounds like a pump and dump, stay away.",
    ),
    (PUMP, "Dozens of brand-new accounts hyping the same tiny miner looks like a pump-and-dump; steer clear."),
]
PUMP_PRACTICE = [
    (PUMP, "Let's run a pump and dump on this penny stock, then sell to the latecomers."),
    (PUMP, "It looks like a pump and dump, let's get in early."),  # "looks like" alone is no warning
    (PUMP, "We pump and dump it at noon, don't buy until then."),  # an instruction, not a warning
]
WASH = [
    (
        PUMP,
        "Buying and selling the same fund between your IRA and your taxable account on one day can look like wash trades.",
    ),
]
WASH_PRACTICE = [(PUMP, "Do wash trades between your two accounts so the volume looks bigger.")]
MNPI = "mnpi/mnpi-request"
MNPI_LAW = [(MNPI, "Securities laws apply to anyone who trades on material non-public information, friends included.")]
MNPI_PRACTICE = [
    (MNPI, "Send me the material non-public information before the merger is announced."),
    (MNPI, "Insider trading rules don't apply to you, so pass on the material non-public information."),
]
SLANG = "finra_communications/promissory-slang"
MATCH = [(SLANG, "Your employer's match is free money once it vests, so contribute enough to collect all of it.")]
MATCH_PRACTICE = [(SLANG, "This fund is free money at today's yields.")]


CASES = {  # what the answer names: (warnings or the law on it, delivered; the practice itself, stopped)
    "pump-and-dump": (PUMP_WARNINGS, PUMP_PRACTICE),
    "wash-trades": (WASH, WASH_PRACTICE),
    "mnpi-law": (MNPI_LAW, MNPI_PRACTICE),
    "employer-match": (MATCH, MATCH_PRACTICE),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_a_warning_against_a_practice_is_delivered_and_the_practice_stopped(
    case, gateway, stub_upstream, tmp_path, policies_dir
):
    delivered, stopped = CASES[case]
    gw = start(gateway, stub_upstream, tmp_path, policies_dir)
    assert_delivered(gw, stub_upstream, delivered)
    assert_stopped(gw, stub_upstream, stopped)
