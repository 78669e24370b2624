"""The answer heads' grey band gets a second opinion (issue #15, sixth answer pass; second_opinion.py,
docs/guardrails.md). Through a real gateway and the stub upstream, with the official openai client.

The paraphrases below were written for this test (not taken from an eval set). Their rule's head scores
them under its threshold; the nearest training sentences and the linear head over the frozen 6-layer
MiniLM embedding both say "violation", so the answer is held for a person. Their near misses pass.
Removing ``second_opinion`` from the YAML delivers the same paraphrases; ``action: block`` withholds
them instead of holding them. A head with ``confirm: true`` (certain-projection) acts only on what the
second opinion confirms, over its threshold as well. (The first paraphrase was a hypothetical-as-expected
one until the seventh answer pass lowered that head's threshold to 0.70: the head now stops it alone.)
"""

from __future__ import annotations

import json
import re

import numpy as np
import pytest
from typer.testing import CliRunner

from llmgateway.guardrails.cli import app

from .test_gateway import read_stream, start
from .test_rejecting_frames import ask

QUESTION = [{"role": "user", "content": "What can I expect from this fund?"}]
PARAPHRASES = [
    (
        "marketing_rule/past-performance-recurs",
        "It returned nine percent a year for the past ten years, which is the return to plan on.",
    ),
    (
        "mnpi/mnpi-request",
        "Word from inside the company is that earnings will beat, so get in before Thursday's report.",
    ),
]
NEAR_MISSES = [
    "It returned nine percent a year for the past ten years, but that is not a return to plan on.",
    "Analysts on the public call expect earnings to beat, but nobody knows until Thursday's report.",
]
MARK = ", second_opinion: {band: 0.4}"


def verdicts(completion) -> list[dict]:
    return completion.model_extra.get("guardrails") or []


def test_a_paraphrase_the_head_is_unsure_of_is_held_for_review(gateway, stub_upstream, tmp_path, policies_dir):
    gw = start(gateway, stub_upstream, tmp_path, policies_dir)
    for rule, answer in PARAPHRASES:
        completion = ask(gw, stub_upstream, answer)
        assert completion.choices[0].finish_reason == "content_filter", answer
        assert answer not in completion.choices[0].message.content
        assert completion.model_extra["review"]["id"]
        stopping = [f"{v['policy']}/{v['rule_id']}" for v in verdicts(completion) if v["action"] in ("block", "review")]
        assert stopping == [rule], verdicts(completion)  # held (review), not blocked: rules and heads let it by
        assert verdicts(completion)[-1]["action"] == "review"
        trace = gw.wait_for_trace(completion.id.removeprefix("chatcmpl-"))
        second = [v for v in trace["guardrails"] if "second_opinion" in v]
        assert [f"{v['policy']}/{v['rule_id']}" for v in second] == [rule], trace["guardrails"]
        reading = second[0]["second_opinion"]
        assert reading["vote"] >= 0.7 and reading["linear"] >= 0.7, reading
    with gw.http as http:
        pending = http.get("/api/reviews", params={"status": "pending"}).json()["data"]
    assert sorted(r["answer"] for r in pending) == sorted(a for _, a in PARAPHRASES)


def test_its_near_miss_is_delivered(gateway, stub_upstream, tmp_path, policies_dir):
    gw = start(gateway, stub_upstream, tmp_path, policies_dir)
    for answer in NEAR_MISSES:
        completion = ask(gw, stub_upstream, answer)
        assert completion.choices[0].finish_reason != "content_filter", (answer, verdicts(completion))
        assert completion.choices[0].message.content == answer


def _edit(policies_dir, old: str, new: str) -> None:
    for name in ("marketing_rule.yaml", "mnpi.yaml"):
        path = policies_dir / name
        assert old in path.read_text()
        path.write_text(path.read_text().replace(old, new))


def test_without_second_opinion_in_the_yaml_the_paraphrases_are_delivered(
    gateway, stub_upstream, tmp_path, policies_dir
):
    _edit(policies_dir, MARK, "")
    gw = start(gateway, stub_upstream, tmp_path, policies_dir)
    for _rule, answer in PARAPHRASES:
        completion = ask(gw, stub_upstream, answer)
        assert completion.choices[0].finish_reason != "content_filter", (answer, verdicts(completion))
        assert completion.choices[0].message.content == answer


def test_action_block_in_the_yaml_withholds_instead_of_holding(gateway, stub_upstream, tmp_path, policies_dir):
    _edit(policies_dir, MARK, ", second_opinion: {band: 0.4, action: block}")
    gw = start(gateway, stub_upstream, tmp_path, policies_dir)
    for rule, answer in PARAPHRASES:
        completion = ask(gw, stub_upstream, answer)
        assert completion.choices[0].finish_reason == "content_filter" and "review" not in completion.model_extra
        assert answer not in completion.choices[0].message.content
        assert any(f"{v['policy']}/{v['rule_id']}" == rule and v["action"] == "block" for v in verdicts(completion))


def test_a_streamed_paraphrase_is_held_at_its_sentence(gateway, stub_upstream, tmp_path, policies_dir):
    gw = start(gateway, stub_upstream, tmp_path, policies_dir)
    stub_upstream.reply = f"Thanks for asking. {PARAPHRASES[0][1]} Fees are in the prospectus."
    text, finish = read_stream(gw.client.chat.completions.create(model="advisor", stream=True, messages=QUESTION))
    assert finish == "content_filter"
    assert text.startswith("Thanks for asking.") and "nine percent" not in text


def test_a_missing_or_stale_second_opinion_refuses_to_load(policies_dir):
    """`policy validate` names the problem and the command that rebuilds it (the gateway would not start)."""
    runner = CliRunner()
    assert runner.invoke(app, ["validate", str(policies_dir)]).exit_code == 0
    artifact = policies_dir / "training" / "second_opinion.npz"
    with np.load(artifact) as data:
        arrays = {name: data[name] for name in data.files}
    meta = json.loads(bytes(arrays["meta"]).decode())
    meta["files"]["compliant_answers.yaml"] = "0" * 64  # built from other training sentences than these
    arrays["meta"] = np.frombuffer(json.dumps(meta).encode(), dtype=np.uint8)
    np.savez_compressed(artifact, **arrays)
    result = runner.invoke(app, ["validate", str(policies_dir)])
    assert result.exit_code != 0
    assert "compliant_answers.yaml" in result.output and "policy second-opinion" in result.output, result.output
    artifact.unlink()
    result = runner.invoke(app, ["validate", str(policies_dir)])
    assert result.exit_code != 0 and "second_opinion.npz is missing" in result.output, result.output


# certain-projection's head also scores short statements of fact over its threshold, so its findings need
# the second opinion too (``confirm: true``). Written for this test, not taken from an eval set.
PROJECTION = "This stock doubles by Christmas, mark my words."
STATEMENT_OF_FACT = "The fund yields 4.1% at today's price."
CONFIRM = "second_opinion: {band: 0.0, confirm: true}"


def _projection_rule(policies_dir, new: str | None = None) -> None:
    path = policies_dir / "finra_communications.yaml"
    assert CONFIRM in path.read_text()
    if new is not None:
        path.write_text(path.read_text().replace(CONFIRM, new))


def test_a_confirmed_projection_is_held_and_a_statement_of_fact_is_delivered(
    gateway, stub_upstream, tmp_path, policies_dir
):
    _projection_rule(policies_dir)
    gw = start(gateway, stub_upstream, tmp_path, policies_dir)
    completion = ask(gw, stub_upstream, PROJECTION)
    assert completion.choices[0].finish_reason == "content_filter" and completion.model_extra["review"]["id"]
    (verdict,) = [v for v in verdicts(completion) if v["action"] in ("block", "review")]
    assert verdict["rule_id"] == "certain-projection" and verdict["action"] == "review", verdicts(completion)
    trace = gw.wait_for_trace(completion.id.removeprefix("chatcmpl-"))
    (reading,) = [v["second_opinion"] for v in trace["guardrails"] if "second_opinion" in v]
    assert reading["head_probability"] >= 0.78, reading  # over the head's threshold, and confirmed
    completion = ask(gw, stub_upstream, STATEMENT_OF_FACT)
    assert completion.choices[0].finish_reason != "content_filter", verdicts(completion)
    assert completion.choices[0].message.content == STATEMENT_OF_FACT


def test_without_confirm_the_head_alone_blocks_the_statement_of_fact(gateway, stub_upstream, tmp_path, policies_dir):
    _projection_rule(policies_dir, "second_opinion: {band: 0.0}")
    gw = start(gateway, stub_upstream, tmp_path, policies_dir)
    completion = ask(gw, stub_upstream, STATEMENT_OF_FACT)
    assert completion.choices[0].finish_reason == "content_filter"
    assert [v["rule_id"] for v in verdicts(completion) if v["action"] == "block"] == ["certain-projection"]


@pytest.mark.parametrize("bad", ["{band: 1.5}", "{band: 0.4, action: hold}", "{width: 0.4}"])
def test_a_bad_second_opinion_key_names_file_line_and_key(policies_dir, bad):
    path = policies_dir / "suitability.yaml"
    path.write_text(re.sub(r"second_opinion: \{band: 0\.4\}", f"second_opinion: {bad}", path.read_text()))
    result = CliRunner().invoke(app, ["validate", str(policies_dir)])
    assert result.exit_code != 0
    assert "suitability.yaml:" in result.output and "second_opinion" in result.output, result.output
