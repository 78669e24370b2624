"""Large inputs cost bounded work: scanning is linear, and a guarded route refuses (rather than
scans for seconds, or scans in part) text beyond ``guardrails.max_scan_chars``."""

from __future__ import annotations

import asyncio

from llmgateway.guardrails.context import MAX_SENTENCE_CHARS, sentence_spans
from llmgateway.guardrails.rules import apply_redactions

from ..conftest import stub_config
from .conftest import make_ctx, make_stage
from .test_gateway import start


def test_a_one_megabyte_message_on_a_guarded_route_is_refused_with_the_limit(
    gateway, stub_upstream, tmp_path, policies_dir
):
    gw = start(gateway, stub_upstream, tmp_path, policies_dir)
    body = {"model": "advisor", "messages": [{"role": "user", "content": "123-45-6789 " * 87_000}]}  # ~1 MB
    with gw.http as http:
        resp = http.post("/v1/chat/completions", json=body)
        assert resp.status_code == 400, resp.text[:300]
        error = resp.json()["error"]
        assert error["code"] == "input_too_long" and error["param"] == "messages"
        assert "1,044,000 characters" in error["message"] and "guardrails.max_scan_chars" in error["message"]
        assert http.get("/healthz").status_code == 200
    assert stub_upstream.requests == []  # nothing unscanned went upstream


def test_a_pass_through_route_takes_a_large_message(gateway, stub_upstream):
    gw = gateway(stub_config(stub_upstream))
    with gw.http as http:
        resp = http.post(
            "/v1/chat/completions", json={"model": "chat", "messages": [{"role": "user", "content": "x " * 400_000}]}
        )
    assert resp.status_code == 200, resp.text[:300]


def test_redacting_many_matches_and_splitting_a_sentence_without_stops_stay_correct(policies_dir):
    stage = make_stage(policies_dir, ["client_pii"])
    text = "SSN 123-45-6789 and " * 5_000
    found = asyncio.run(stage.guard(make_ctx(stage), "input").check(text))
    redacted = apply_redactions(text, found)
    assert "123-45-6789" not in redacted and redacted.count("SSN ") == 5_000
    spans = sentence_spans(text)
    assert all(end - start <= MAX_SENTENCE_CHARS for start, end in spans)
    assert "".join(text[s:e] for s, e in spans) == text
