"""A claim in double quotes that the answer reports in order to reject it is delivered, comma inside or
not, and for every lexical answer rule that carries the rejecting frames; the same quoted claim endorsed
is stopped; "The company reports in two weeks" is no attribution (issue #15, answer side, eighth pass;
``frames.py``, ``context._ATTRIBUTION``; docs/guardrails.md). Through a real gateway and the stub upstream,
with the official openai client.

Before, a comma inside the quoted claim counted as a break between the frame and the match ('If a
salesperson says "…, zero risk", walk away.' was blocked), only the two promissory rules had frames, and
"reports" before a date read as a reported view, which cleared a certain projection. The sentences are
written for this test, not taken from a training file or an eval set.
"""

from __future__ import annotations

import re

from .test_gateway import start
from .test_rejecting_frames import ask, assert_delivered, assert_stopped, stopping_rules

# (rule whose pattern or phrase matches inside the quotation, answer that reports it to reject it)
REJECTED = [
    (
        "finra_communications/promissory-slang",
        'If a broker says "this note pays like clockwork, zero risk", walk away.',
    ),
    (
        "marketing_rule/past-performance-recurs",
        'Anyone who says "the fund returned 9% over ten years, so you should earn that too" is selling something.',
    ),
    (
        "market_manipulation/coordinated-trading",
        'We deleted the sentence "get the Discord to all buy Hooli at once, then sell into the spike" from the post.',
    ),
    (
        "marketing_rule/testimonials-superlatives",
        'The flyer says "the greatest investment product ever built, full stop", which we cannot stand behind.',
    ),
]
# (rule, the same kind of quoted claim endorsed: the frame is missing or aimed elsewhere)
ENDORSED = [
    ("finra_communications/promissory-slang", 'Our CEO says "this note pays like clockwork, zero risk", so buy it.'),
    ("finra_communications/promissory-slang", 'Ignore anyone who says it is risky: "this note is zero risk".'),
    (
        "marketing_rule/testimonials-superlatives",
        'The flyer says "the greatest investment product ever built, full stop", and we stand behind it.',
    ),
]


def test_a_quoted_claim_reported_to_reject_it_is_delivered(gateway, stub_upstream, tmp_path, policies_dir):
    assert_delivered(start(gateway, stub_upstream, tmp_path, policies_dir), stub_upstream, REJECTED)


def test_a_quoted_claim_endorsed_is_stopped(gateway, stub_upstream, tmp_path, policies_dir):
    assert_stopped(start(gateway, stub_upstream, tmp_path, policies_dir), stub_upstream, ENDORSED)


def test_without_the_frames_the_quoted_claims_are_stopped(gateway, stub_upstream, tmp_path, policies_dir):
    """The control: the frames in the YAML are what clear them."""
    for path in policies_dir.glob("*.yaml"):
        text = re.sub(r"    rejecting_frames: &rejecting.*?\n(?=    \w)", "", path.read_text(), flags=re.S)
        path.write_text(re.sub(r"    rejecting_frames: \*rejecting\n", "", text))
        assert "rejecting_frames" not in path.read_text()
    assert_stopped(start(gateway, stub_upstream, tmp_path, policies_dir), stub_upstream, REJECTED)


def test_reports_before_a_date_is_no_attribution(gateway, stub_upstream, tmp_path, policies_dir):
    gw = start(gateway, stub_upstream, tmp_path, policies_dir)
    scheduled = "The company reports in two weeks, and the stock will double on the news."
    completion = ask(gw, stub_upstream, scheduled)
    assert completion.choices[0].finish_reason == "content_filter", completion.model_extra
    assert "finra_communications/certain-projection" in stopping_rules(completion)
    attributed = "According to the analyst, the stock will double."  # a reported view still passes
    completion = ask(gw, stub_upstream, attributed)
    assert completion.choices[0].message.content == attributed, completion.model_extra
