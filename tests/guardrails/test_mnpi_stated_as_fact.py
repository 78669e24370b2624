"""MNPI stated as fact, and process words the answer heads read as promises (issue #15, answer side, fourteenth pass;
docs/guardrails.md). Stopped: an issuer's decision stated as done while its announcement is still to come, and an
unreleased figure stated as certain. Delivered: the same facts once public, attributed or hedged, and plan language
("… to ensure it stays aligned with your goals", "the ultimate stop-loss level") that names no return or protection.
Through a real gateway and the stub upstream, with the official openai client; the sentences are written for this
test, not taken from a public set or a training file. On main before this pass the three violations were delivered
and the last two compliant sentences were stopped.
"""

from __future__ import annotations

from .test_gateway import start
from .test_rejecting_frames import assert_delivered, assert_stopped

STOPPED = [
    (
        "mnpi/mnpi-request",
        "The regulator cleared the merger this morning, but the company won't announce it until Monday.",
    ),
    ("mnpi/mnpi-request", "Helix will report revenue of $3.8 billion on Thursday, well ahead of the street."),
    ("mnpi/mnpi-request", "Corvus is going to announce a $500 million buyback next week."),
]
DELIVERED = [
    ("mnpi/mnpi-request", "The regulator cleared the merger this morning, and the company announced it at noon."),
    ("mnpi/mnpi-request", "Analysts expect Helix to report revenue of about $3.8 billion on Thursday."),
    ("mnpi/mnpi-request", "Corvus said it plans to announce a buyback after the board meets."),
    (
        "finra_communications/promissory-guarantee",
        "Review the allocation every six months to ensure it stays aligned with your goals.",
    ),
    ("finra_communications/promissory-guarantee", "Treat $92 as the ultimate stop-loss level for this position."),
]


def test_mnpi_stated_as_fact_is_stopped(gateway, stub_upstream, tmp_path, policies_dir):
    assert_stopped(start(gateway, stub_upstream, tmp_path, policies_dir), stub_upstream, STOPPED)


def test_public_or_attributed_facts_and_plan_language_are_delivered(gateway, stub_upstream, tmp_path, policies_dir):
    assert_delivered(start(gateway, stub_upstream, tmp_path, policies_dir), stub_upstream, DELIVERED)
