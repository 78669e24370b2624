"""A negation word inside a set phrase does not clear the claim after it: "We would never say no to a fund
with zero risk like this one." was delivered, because the "no" of "say no to" sat within the negation
window before "zero risk". A real negation still clears the claim (issue #15, answer side, eighth pass;
``context._NOT_A_NEGATION``; docs/guardrails.md). Through a real gateway and the stub upstream, with the
official openai client. The sentences are written for this test, not taken from a training file or an
eval set.
"""

from __future__ import annotations

from .test_gateway import start
from .test_rejecting_frames import assert_delivered, assert_stopped

RULE = "finra_communications/promissory-slang"  # its phrase list has "zero risk"
ENDORSED = [
    (RULE, "We would never say no to a fund with zero risk like this one."),
    (RULE, "There is no doubt this fund carries zero risk."),
    (RULE, "Don't miss out on this fund with zero risk."),
]
DENIED = [
    (RULE, "There is no such thing as zero risk."),
    (RULE, "No fund we sell has zero risk, this one included."),
    (RULE, "We would never describe a fund as having zero risk."),
]


def test_a_negation_inside_a_set_phrase_does_not_clear_the_claim(gateway, stub_upstream, tmp_path, policies_dir):
    assert_stopped(start(gateway, stub_upstream, tmp_path, policies_dir), stub_upstream, ENDORSED)


def test_a_real_negation_still_clears_the_claim(gateway, stub_upstream, tmp_path, policies_dir):
    assert_delivered(start(gateway, stub_upstream, tmp_path, policies_dir), stub_upstream, DENIED)
