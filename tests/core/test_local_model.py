"""End to end through the real llama.cpp server with SmolLM2-135M, managed by the gateway."""

from __future__ import annotations

import time

import pytest

from ..stub_upstream import free_port

pytestmark = pytest.mark.llama


@pytest.fixture(scope="module")
def local_gateway(tmp_path_factory):
    """The gateway on the embedded default upstream: it starts llama.cpp itself and is ready only
    once the model answers."""
    import yaml
    from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

    from llmgateway.app import create_app
    from llmgateway.config import load_settings

    from ..conftest import GatewayHandle  # module scope: build by hand rather than via `gateway`

    base = tmp_path_factory.mktemp("local")
    port = free_port()
    config = {
        "local_model": {"enabled": True, "port": port, "startup_timeout_s": 240},
        "models": [
            {
                "model_name": "smollm2",
                "litellm_params": {
                    "model": "openai/smollm2",
                    "api_base": f"http://127.0.0.1:{port}/v1",
                    "api_key": "none",
                    "timeout": 120,
                },
            }
        ],
        "routes": [{"name": "chat", "model": "smollm2"}],
        "auth": {"required": False},
    }
    (base / "gateway.yaml").write_text(yaml.safe_dump(config))
    settings = load_settings(str(base / "gateway.yaml"), environ={})
    app = create_app(settings, span_exporter=InMemorySpanExporter())
    handle = GatewayHandle(app, settings, free_port(), InMemorySpanExporter()).start()
    yield handle
    handle.stop()


def test_ready_only_once_the_model_answers(local_gateway):
    with local_gateway.http as http:
        first = http.get("/readyz")
        assert http.get("/healthz").status_code == 200
        deadline = time.time() + 240
        resp = first
        while resp.status_code != 200 and time.time() < deadline:
            assert resp.status_code == 503 and resp.json()["status"] == "not_ready"
            time.sleep(0.5)
            resp = http.get("/readyz")
    assert resp.status_code == 200, resp.text
    checks = resp.json()["checks"]
    assert checks["local_model"]["ok"] and checks["upstream"]["ok"] and checks["store"]["ok"]


def test_real_model_non_streaming_and_streaming_with_traces(local_gateway):
    with local_gateway.http as http:
        deadline = time.time() + 240
        while http.get("/readyz").status_code != 200 and time.time() < deadline:
            time.sleep(0.5)
    client = local_gateway.client
    raw = client.chat.completions.with_raw_response.create(
        model="chat",
        messages=[{"role": "user", "content": "What is a bond? Answer in one sentence."}],
        max_tokens=40,
        temperature=0,
    )
    completion = raw.parse()
    text = completion.choices[0].message.content
    assert text and len(text.split()) >= 2
    assert completion.usage.completion_tokens > 0 and completion.choices[0].finish_reason in ("stop", "length")
    record = local_gateway.wait_for_trace(raw.headers["x-trace-id"])
    assert record["response_text"] == text and record["status"] == "ok"
    assert record["response_model"] and record["completion_tokens"] == completion.usage.completion_tokens

    stream = client.chat.completions.with_raw_response.create(
        model="chat",
        messages=[{"role": "user", "content": "Name one stock exchange."}],
        max_tokens=30,
        temperature=0,
        stream=True,
    )
    trace_id = stream.headers["x-trace-id"]
    chunks = list(stream.parse())
    streamed = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
    assert streamed.strip()
    assert [c.choices[0].finish_reason for c in chunks if c.choices and c.choices[0].finish_reason][-1] in (
        "stop",
        "length",
    )
    record = local_gateway.wait_for_trace(trace_id)
    assert record["response_text"] == streamed and record["stream"] is True
