"""A stream the upstream cuts off is an error, not a complete answer: the caller gets an error
event in OpenAI's shape (the openai SDK raises it) and the trace says ``error``."""

from __future__ import annotations

import openai
import orjson
import pytest

from ..conftest import stub_config


def test_a_cut_off_upstream_stream_ends_in_an_error_event_and_an_error_trace(gateway, stub_upstream):
    stub_upstream.reply = "Bonds pay interest and return the principal at maturity."
    stub_upstream.cut_stream_after = 3
    gw = gateway(stub_config(stub_upstream))
    received = []
    with pytest.raises(openai.APIError) as caught:
        for chunk in gw.client.chat.completions.create(
            model="chat", stream=True, messages=[{"role": "user", "content": "What is a bond?"}]
        ):
            assert not chunk.choices or chunk.choices[0].finish_reason is None
            received.append(chunk.choices[0].delta.content or "" if chunk.choices else "")
    assert "".join(received) == "Bonds pay interest"
    assert "ended the stream before it was complete" in caught.value.message

    with gw.http as http:
        resp = http.post(
            "/v1/chat/completions",
            json={"model": "chat", "stream": True, "messages": [{"role": "user", "content": "What is a bond?"}]},
        )
    events = [line.removeprefix("data: ") for line in resp.text.split("\n\n") if line.startswith("data: ")]
    assert events[-1] == "[DONE]"
    error = orjson.loads(events[-2])
    assert set(error) == {"error"} and set(error["error"]) == {"message", "type", "param", "code"}
    assert error["error"]["code"] == "upstream_error"
    assert all('"finish_reason":"stop"' not in e for e in events)
    trace = gw.wait_for_trace(resp.headers["x-trace-id"])
    assert trace["status"] == "error" and trace["finish_reason"] is None
    assert "ended the stream before it was complete" in trace["error"]
    assert trace["response_text"] == "Bonds pay interest"


def test_a_complete_stream_still_ends_with_stop(gateway, stub_upstream):
    gw = gateway(stub_config(stub_upstream))
    chunks = list(
        gw.client.chat.completions.create(model="chat", stream=True, messages=[{"role": "user", "content": "Hi"}])
    )
    assert chunks[-1].choices[0].finish_reason == "stop"


def test_a_caller_that_leaves_mid_stream_leaves_an_error_trace(gateway, stub_upstream):
    stub_upstream.reply = " ".join(["word"] * 1000)
    stub_upstream.stream_interval = 0.01  # still streaming when the caller leaves
    gw = gateway(stub_config(stub_upstream))
    with gw.http as http:
        with http.stream(
            "POST",
            "/v1/chat/completions",
            json={"model": "chat", "stream": True, "messages": [{"role": "user", "content": "Talk."}]},
        ) as resp:
            trace_id = resp.headers["x-trace-id"]
            next(resp.iter_lines())
    trace = gw.wait_for_trace(trace_id)
    assert trace["status"] == "error" and trace["finish_reason"] is None
    assert "client closed the stream" in trace["error"]
