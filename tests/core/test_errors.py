"""Bad requests get the right 4xx in OpenAI's shape; upstream failures 502/504 or a fallback."""

from __future__ import annotations

import openai
import pytest

from ..conftest import stub_config
from ..stub_upstream import StubUpstream, free_port


def assert_openai_error(resp, status: int, code: str | None = None, param: str | None = None):
    assert resp.status_code == status, resp.text
    body = resp.json()
    assert set(body) == {"error"} and set(body["error"]) == {"message", "type", "param", "code"}
    assert body["error"]["message"]
    if code:
        assert body["error"]["code"] == code, body
    if param:
        assert body["error"]["param"] == param, body
    return body["error"]


@pytest.mark.parametrize(
    "payload, status, code, param",
    [
        (b'{"model": "chat", "messages": [', 400, "invalid_json", None),
        (b"[1, 2]", 400, "invalid_request", None),
        (b'{"model": "chat"}', 400, "missing_required_parameter", "messages"),
        (b'{"messages": [{"role": "user", "content": "x"}]}', 400, "missing_required_parameter", "model"),
        (b'{"model": "chat", "messages": "hello"}', 400, "invalid_type", "messages"),
        (b'{"model": "chat", "messages": []}', 400, "invalid_request", "messages"),
        (
            b'{"model": "chat", "messages": [{"role": "wizard", "content": "x"}]}',
            400,
            "invalid_value",
            "messages[0].role",
        ),
        (
            b'{"model": "chat", "messages": [{"role": "user", "content": 5}]}',
            400,
            "invalid_type",
            "messages[0].content",
        ),
        (
            b'{"model": "chat", "messages": [{"role": "user", "content": "x"}], "temperature": "hot"}',
            400,
            "invalid_type",
            "temperature",
        ),
        (
            b'{"model": "chat", "messages": [{"role": "user", "content": "x"}], "temperature": 7}',
            400,
            "invalid_value",
            "temperature",
        ),
        (
            b'{"model": "chat", "messages": [{"role": "user", "content": "x"}], "stream": "yes"}',
            400,
            "invalid_type",
            "stream",
        ),
        (b'{"model": "nope", "messages": [{"role": "user", "content": "x"}]}', 404, "model_not_found", "model"),
    ],
)
def test_bad_requests_get_the_right_4xx_and_the_gateway_stays_up(gateway, stub_upstream, payload, status, code, param):
    gw = gateway(stub_config(stub_upstream))
    with gw.http as http:
        resp = http.post("/v1/chat/completions", content=payload, headers={"content-type": "application/json"})
        assert_openai_error(resp, status, code, param)
        assert http.get("/healthz").status_code == 200
    assert stub_upstream.requests == []  # nothing bad went upstream


def test_oversized_body_is_413(gateway, stub_upstream):
    gw = gateway(stub_config(stub_upstream, server={"max_body_bytes": 4096}))
    big = "x" * 10_000
    with gw.http as http:
        resp = http.post("/v1/chat/completions", json={"model": "chat", "messages": [{"role": "user", "content": big}]})
        assert_openai_error(resp, 413, "request_too_large")
        # chunked upload without content-length is cut off too
        resp = http.post(
            "/v1/chat/completions",
            content=iter([b'{"model":"chat","messages":[{"role":"user","content":"', b"y" * 9000, b'"}]}']),
        )
        assert_openai_error(resp, 413, "request_too_large")


@pytest.mark.parametrize(
    "path", ["/api/reviews/1", "/api/score/factuality", "/api/drift/chat/baseline", "/v1/embeddings"]
)
def test_every_route_that_reads_a_body_refuses_an_oversized_one(gateway, stub_upstream, path):
    gw = gateway(stub_config(stub_upstream, server={"max_body_bytes": 4096}))
    with gw.http as http:
        resp = http.post(path, json={"note": "x" * 10_000})
        assert_openai_error(resp, 413, "request_too_large")
        resp = http.post(path, content=iter([b'{"note": "', b"y" * 9000, b'"}']))
        assert_openai_error(resp, 413, "request_too_large")
        resp = http.post(path, content=b"{not json")
        assert_openai_error(resp, 400, "invalid_json")


def test_unknown_endpoint_and_method_use_openai_shape(gateway, stub_upstream):
    gw = gateway(stub_config(stub_upstream))
    with gw.http as http:
        assert_openai_error(http.get("/v1/nothing"), 404)
        assert_openai_error(http.get("/v1/chat/completions"), 405)


def test_the_openai_sdk_raises_its_own_exceptions(gateway, stub_upstream):
    gw = gateway(stub_config(stub_upstream))
    with pytest.raises(openai.NotFoundError) as err:
        gw.client.chat.completions.create(model="missing", messages=[{"role": "user", "content": "x"}])
    assert "unknown model 'missing'" in str(err.value) and "chat" in str(err.value)


@pytest.mark.parametrize(
    "failure, status, code",
    [
        ("http500", 502, "upstream_error"),
        ("timeout", 504, "upstream_timeout"),
        ("refused", 502, "upstream_error"),
    ],
)
@pytest.mark.parametrize("stream", [False, True])
def test_upstream_failures_map_to_502_504_and_are_traced(gateway, stub_upstream, failure, status, code, stream):
    config = stub_config(stub_upstream)
    params = config["models"][0]["litellm_params"]
    params["timeout"] = 0.5
    if failure == "http500":
        stub_upstream.status = 500
    elif failure == "timeout":
        stub_upstream.delay = 2
    else:
        params["api_base"] = f"http://127.0.0.1:{free_port()}/v1"
    gw = gateway(config)
    with gw.http as http:
        resp = http.post(
            "/v1/chat/completions",
            json={"model": "chat", "stream": stream, "messages": [{"role": "user", "content": "x"}]},
        )
        error = assert_openai_error(resp, status, code)
        assert http.get("/healthz").status_code == 200
    record = gw.wait_for_trace(resp.headers["x-trace-id"])
    assert record["status"] == "error" and record["status_code"] == status
    # the trace has the caller's message and, for the operator, the upstream's address and reply
    assert record["error"].startswith(error["message"]) and "127.0.0.1" not in error["message"]
    assert "127.0.0.1" in record["error"]


@pytest.mark.parametrize("stream", [False, True])
def test_fallback_to_another_model_group(gateway, stub_upstream, stream):
    backup = StubUpstream(reply="answer from the backup").start()
    try:
        stub_upstream.status = 503
        config = stub_config(stub_upstream)
        config["models"].append(
            {
                "model_name": "backup",
                "litellm_params": {"model": "openai/backup-model", "api_base": backup.url, "api_key": "x"},
            }
        )
        config["router_settings"] = {"fallbacks": [{"stub": ["backup"]}], "num_retries": 1}
        gw = gateway(config)
        if stream:
            chunks = gw.client.chat.completions.create(
                model="chat", messages=[{"role": "user", "content": "x"}], stream=True
            )
            text = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
        else:
            text = (
                gw.client.chat.completions.create(model="chat", messages=[{"role": "user", "content": "x"}])
                .choices[0]
                .message.content
            )
        assert text == "answer from the backup"
        assert len(stub_upstream.requests) == 2  # the first try and one retry, then the fallback
        assert backup.requests[-1]["model"] == "backup-model"
    finally:
        backup.stop()


def test_load_balancing_spreads_over_deployments_of_one_model_name(gateway, stub_upstream):
    second = StubUpstream(reply="from second").start()
    try:
        config = stub_config(stub_upstream)
        config["models"].append(
            {"model_name": "stub", "litellm_params": {"model": "openai/stub", "api_base": second.url, "api_key": "x"}}
        )
        gw = gateway(config)
        for _ in range(30):
            gw.client.chat.completions.create(model="chat", messages=[{"role": "user", "content": "x"}])
        assert len(stub_upstream.requests) >= 5 and len(second.requests) >= 5
        assert len(stub_upstream.requests) + len(second.requests) == 30
    finally:
        second.stop()


def test_upstream_400_is_passed_back_as_400_without_fallback(gateway, stub_upstream):
    stub_upstream.status = 400
    gw = gateway(stub_config(stub_upstream))
    with gw.http as http:
        resp = http.post("/v1/chat/completions", json={"model": "chat", "messages": [{"role": "user", "content": "x"}]})
    error = assert_openai_error(resp, 400, "upstream_bad_request")
    assert "stub failure 400" in error["message"]
    assert len(stub_upstream.requests) == 1
