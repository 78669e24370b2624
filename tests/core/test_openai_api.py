"""The OpenAI-compatible surface through the official SDKs (openai sync/async/streaming, LangChain)."""

from __future__ import annotations

import asyncio

import openai
import pytest

from ..conftest import stub_config


def test_sync_completion_is_traced_with_the_request_and_answer(gateway, stub_upstream):
    stub_upstream.reply = "Northwind's revenue rose 8% in Q3 [1]."
    gw = gateway(stub_config(stub_upstream))
    raw = gw.client.chat.completions.with_raw_response.create(
        model="chat",
        messages=[{"role": "system", "content": "Be brief."}, {"role": "user", "content": "Q3 revenue?"}],
        temperature=0.2,
        max_tokens=50,
        user="advisor-7",
    )
    completion = raw.parse()
    assert completion.choices[0].message.content == "Northwind's revenue rose 8% in Q3 [1]."
    assert completion.choices[0].finish_reason == "stop"
    assert completion.model == "chat"
    assert completion.usage.total_tokens == completion.usage.prompt_tokens + completion.usage.completion_tokens
    trace_id = raw.headers["x-trace-id"]
    assert len(trace_id) == 32 and int(trace_id, 16)
    # the upstream got the caller's messages and params, with the deployment's model id
    sent = stub_upstream.requests[-1]
    assert sent["model"] == "stub" and sent["temperature"] == 0.2 and sent["max_tokens"] == 50
    assert sent["messages"][-1]["content"] == "Q3 revenue?"
    record = gw.wait_for_trace(trace_id)
    assert record["route"] == "chat" and record["status"] == "ok" and record["status_code"] == 200
    assert record["response_text"] == completion.choices[0].message.content
    assert record["request_messages"][-1]["content"] == "Q3 revenue?"
    assert record["user"] == "advisor-7" and record["model"] == "stub"
    assert record["completion_tokens"] == completion.usage.completion_tokens
    assert "upstream" in record["stage_ms"] and record["latency_ms"] >= record["stage_ms"]["upstream"]


def test_streaming_sends_deltas_a_finish_reason_and_done(gateway, stub_upstream):
    stub_upstream.reply = "One two three four."
    gw = gateway(stub_config(stub_upstream))
    with gw.http as http:
        with http.stream(
            "POST",
            "/v1/chat/completions",
            json={"model": "chat", "stream": True, "messages": [{"role": "user", "content": "count"}]},
        ) as resp:
            assert resp.status_code == 200
            assert resp.headers["content-type"].startswith("text/event-stream")
            trace_id = resp.headers["x-trace-id"]
            lines = [line for line in resp.iter_lines() if line.startswith("data: ")]
    assert lines[-1] == "data: [DONE]"
    stream = gw.client.chat.completions.create(
        model="chat",
        messages=[{"role": "user", "content": "count"}],
        stream=True,
        stream_options={"include_usage": True},
    )
    chunks = list(stream)
    text = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
    assert text == "One two three four."
    assert [c.choices[0].finish_reason for c in chunks if c.choices and c.choices[0].finish_reason] == ["stop"]
    assert chunks[-1].usage is not None and chunks[-1].usage.completion_tokens > 0
    record = gw.wait_for_trace(trace_id)
    assert record["stream"] is True and record["response_text"] == "One two three four."


def test_async_client_concurrent_calls(gateway, stub_upstream):
    stub_upstream.reply = lambda body: "echo: " + body["messages"][-1]["content"]
    gw = gateway(stub_config(stub_upstream))

    async def run():
        client = openai.AsyncOpenAI(base_url=gw.base_url, api_key="x", max_retries=0)
        results = await asyncio.gather(
            *[
                client.chat.completions.create(model="chat", messages=[{"role": "user", "content": f"q{i}"}])
                for i in range(10)
            ]
        )
        stream = await client.chat.completions.create(
            model="chat", messages=[{"role": "user", "content": "s"}], stream=True
        )
        pieces = [c.choices[0].delta.content async for c in stream if c.choices and c.choices[0].delta.content]
        await client.close()
        return results, "".join(pieces)

    results, streamed = asyncio.run(run())
    assert sorted(r.choices[0].message.content for r in results) == sorted(f"echo: q{i}" for i in range(10))
    assert streamed == "echo: s"


def test_langchain_chat_openai_invoke_and_stream(gateway, stub_upstream):
    from langchain_openai import ChatOpenAI

    stub_upstream.reply = "Hold rating, target $58."
    gw = gateway(stub_config(stub_upstream))
    llm = ChatOpenAI(model="chat", base_url=gw.base_url, api_key="x", max_retries=0, temperature=0)
    assert llm.invoke("What is the rating?").content == "Hold rating, target $58."
    assert "".join(chunk.content for chunk in llm.stream("again?")) == "Hold rating, target $58."


def test_models_lists_routes_and_local_embeddings_work(gateway, stub_upstream):
    config = stub_config(stub_upstream)
    config["routes"].append({"name": "research", "model": "stub", "description": "second route"})
    gw = gateway(config)
    assert sorted(m.id for m in gw.client.models.list()) == ["chat", "research"]
    result = gw.client.embeddings.create(
        model="all-MiniLM-L6-v2", input=["bond yields rose", "yields on bonds went up", "the cat sat"]
    )
    vectors = [d.embedding for d in result.data]
    assert len(vectors) == 3 and len(vectors[0]) == 384
    dot = lambda a, b: sum(x * y for x, y in zip(a, b))  # noqa: E731
    assert dot(vectors[0], vectors[1]) > dot(vectors[0], vectors[2])
    # a route's upstream embeddings are forwarded
    forwarded = gw.client.embeddings.create(model="chat", input="abc")
    assert forwarded.data[0].embedding[0] == 3.0


def test_upstream_span_follows_genai_conventions_and_matches_the_header(gateway, stub_upstream):
    gw = gateway(stub_config(stub_upstream))
    raw = gw.client.chat.completions.with_raw_response.create(model="chat", messages=[{"role": "user", "content": "x"}])
    trace_id = raw.headers["x-trace-id"]
    spans = {s.name: s for s in gw.spans.get_finished_spans() if format(s.context.trace_id, "032x") == trace_id}
    assert "POST /v1/chat/completions" in spans and "chat stub" in spans
    chat = spans["chat stub"]
    assert chat.parent.span_id == spans["POST /v1/chat/completions"].context.span_id
    attrs = chat.attributes
    assert attrs["gen_ai.operation.name"] == "chat" and attrs["gen_ai.provider.name"] == "openai"
    assert attrs["gen_ai.request.model"] == "stub" and attrs["gen_ai.response.model"] == "stub"
    assert attrs["gen_ai.usage.input_tokens"] == 10 and attrs["gen_ai.usage.output_tokens"] > 0
    assert tuple(attrs["gen_ai.response.finish_reasons"]) == ("stop",)


@pytest.mark.parametrize("stream", [False, True])
def test_streamed_and_plain_calls_both_carry_trace_header(gateway, stub_upstream, stream):
    gw = gateway(stub_config(stub_upstream))
    with gw.http as http:
        resp = http.post(
            "/v1/chat/completions",
            json={"model": "chat", "stream": stream, "messages": [{"role": "user", "content": "x"}]},
        )
    assert resp.status_code == 200 and len(resp.headers["x-trace-id"]) == 32
