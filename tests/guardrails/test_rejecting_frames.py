"""A rule's phrase or pattern quoted in order to reject it is delivered; endorsed behind a negation word it
is stopped (issue #15, answer side, fourth pass: ``rejecting_frames`` and the MNPI rules' refusal
``exempt_if``, written by compliance in the policy YAML; docs/guardrails.md). Through a real gateway and
the stub upstream, with the official openai client.

Before, the phrase rule blocked "Anyone who tells you this fund is a sure thing is lying." (the ``negated``
exemption only looks a few words back in the match's clause). The control test removes the frames from a
copy of the YAML and sees the same answers stopped by the same rules: the YAML is what clears them.
"""

from __future__ import annotations

import re

from .test_gateway import start

QUESTION = [{"role": "user", "content": "Is this fund a safe bet?"}]
# (rule whose match the sentence quotes, answer that rejects it) — written for this test, not in an eval set
REJECTED = [
    ("finra_communications/promissory-slang", "Anyone who tells you this fund is a sure thing is lying."),
    ("finra_communications/promissory-slang", "If someone calls a stock free money, walk away."),
    ("finra_communications/promissory-slang", "Calling any stock a sure thing is a red flag."),
    ("finra_communications/promissory-guarantee", "Ignore any adviser who says your principal is 100% safe."),
    ("mnpi/mnpi-request", "If a colleague suggests buying before the merger is announced, report it to compliance."),
]
# (rule, answer that endorses the match behind a negation word or beside a frame aimed elsewhere)
ENDORSED = [
    ("finra_communications/promissory-slang", "Don't hesitate — this fund is a sure thing."),
    ("finra_communications/promissory-slang", "Ignore anyone who says otherwise, this fund is a sure thing."),
    ("finra_communications/promissory-slang", "Ignore anyone who says it's risky: this fund is a sure thing."),
    (
        "mnpi/mnpi-request",
        "When a friend tells you about the deal, don't tell compliance, just buy before it's announced.",
    ),
]


def stopping_rules(completion) -> set[str]:
    verdicts = completion.model_extra.get("guardrails") or []
    return {f"{v['policy']}/{v['rule_id']}" for v in verdicts if v["action"] in ("block", "review")}


def ask(gw, stub, answer: str):
    stub.reply = answer
    return gw.client.chat.completions.create(model="advisor", messages=QUESTION)


def assert_delivered(gw, stub, pairs: list[tuple[str, str]]) -> None:
    """Each (rule, answer): the answer reaches the client unchanged and no rule stops it."""
    for _rule, answer in pairs:
        completion = ask(gw, stub, answer)
        assert completion.choices[0].finish_reason != "content_filter", (answer, completion.model_extra)
        assert completion.choices[0].message.content == answer
        assert not stopping_rules(completion), answer


def assert_stopped(gw, stub, pairs: list[tuple[str, str]]) -> None:
    """Each (rule, answer): the answer is withheld or held, and that rule is among those that stopped it."""
    for rule, answer in pairs:
        completion = ask(gw, stub, answer)
        assert completion.choices[0].finish_reason == "content_filter", answer
        assert answer not in completion.choices[0].message.content
        assert rule in stopping_rules(completion), (answer, completion.model_extra)


def test_a_match_quoted_to_reject_it_is_delivered(gateway, stub_upstream, tmp_path, policies_dir):
    assert_delivered(start(gateway, stub_upstream, tmp_path, policies_dir), stub_upstream, REJECTED)


def test_a_match_endorsed_behind_a_negation_word_is_stopped(gateway, stub_upstream, tmp_path, policies_dir):
    assert_stopped(start(gateway, stub_upstream, tmp_path, policies_dir), stub_upstream, ENDORSED)


def test_without_the_frames_in_the_yaml_the_same_answers_are_stopped(gateway, stub_upstream, tmp_path, policies_dir):
    finra = policies_dir / "finra_communications.yaml"
    text = re.sub(r"    rejecting_frames: &rejecting.*?\n(?=    patterns:)", "", finra.read_text(), flags=re.S)
    finra.write_text(re.sub(r"    rejecting_frames: \*rejecting\n", "", text))
    mnpi = policies_dir / "mnpi.yaml"
    mnpi.write_text(re.sub(r"      - (?:&refused |\*refused).*\n", "", mnpi.read_text()))
    assert "rejecting_frames" not in finra.read_text() and "refused" not in mnpi.read_text()
    assert_stopped(start(gateway, stub_upstream, tmp_path, policies_dir), stub_upstream, REJECTED)
