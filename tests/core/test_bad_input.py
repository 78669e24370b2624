"""Bad input gets a 4xx naming the parameter, never a 500; an outage of the store is a 503 (or,
for a key the cache does not know, a 401); a real 500 names its trace id and leaves the
keep-alive connection usable."""

from __future__ import annotations

import http.client
import shutil

from fastapi import APIRouter

from llmgateway.plugins import Plugin, load_plugins
from llmgateway.store.keys import create_key

from ..conftest import ROOT, stub_config
from ..tcp_proxy import TcpProxy
from .test_store import _proxied, fresh_pg_db  # noqa: F401  (fixture)


def post(http, path, body):
    return http.post(path, json=body)


def assert_400(resp, param):
    assert resp.status_code == 400, resp.text
    error = resp.json()["error"]
    assert error["param"] == param and error["type"] == "invalid_request_error", error


def test_the_inputs_that_answered_500_now_answer_400(gateway, stub_upstream, tmp_path):
    shutil.copytree(ROOT / "policies", tmp_path / "policies")
    config = stub_config(
        stub_upstream,
        routes=[{"name": "chat", "model": "stub"}, {"name": "advisor", "model": "stub", "policies": ["client_pii"]}],
        paths={"policies": str(tmp_path / "policies")},
    )
    gw = gateway(config, tmp_path)
    with gw.http as http:
        resp = post(http, "/v1/chat/completions", {"model": "chat", "messages": [{"role": {}, "content": "hi"}]})
        assert_400(resp, "messages[0].role")
        for text in (5, None):
            part = {"type": "text", "text": text}
            resp = post(
                http, "/v1/chat/completions", {"model": "advisor", "messages": [{"role": "user", "content": [part]}]}
            )
            assert_400(resp, "messages[0].content[0].text")
        resp = post(http, "/v1/chat/completions", {"model": "advisor", "messages": [{"role": "user", "content": [7]}]})
        assert_400(resp, "messages[0].content[0]")
        assert_400(http.get("/api/traces", params={"since": "100000000000000000000"}), "since")
        assert_400(http.get("/api/traces", params={"limit": "①"}), "limit")
        assert_400(http.get("/api/traces", params={"limit": "²"}), "limit")
        assert_400(http.get("/api/reviews/56547339490722709504"), "review_id")
        assert_400(http.post("/api/reviews/0", json={"decision": {}}), "decision")
        resp = http.post("/api/reviews/0", content=b"\xff\xfe", headers={"content-type": "application/json"})
        assert resp.status_code == 400 and resp.json()["error"]["code"] == "invalid_json"
        resp = http.post(
            "/api/reviews/0", content=b"{" + b" " * (2 << 20), headers={"content-type": "application/json"}
        )
        assert resp.status_code == 413 and resp.json()["error"]["code"] == "request_too_large"


def test_a_store_outage_is_503_for_readers_and_401_for_an_unknown_key(gateway, stub_upstream, fresh_pg_db):  # noqa: F811
    proxy = TcpProxy("127.0.0.1", 5432).start()
    gw = gateway(stub_config(stub_upstream, store={"url": _proxied(fresh_pg_db, proxy)}, auth={"required": True}))
    viewer = create_key(gw.components.store, "observability", role="viewer")
    headers = {"authorization": f"Bearer {viewer}"}
    with gw.http as http:
        assert http.get("/api/traces", headers=headers).status_code == 200  # the key is now cached
        proxy.cut()
        try:
            resp = http.get("/api/traces", headers=headers)
            assert resp.status_code == 503 and resp.json()["error"]["code"] == "store_unavailable", resp.text
            unknown = http.get("/api/traces", headers={"authorization": "Bearer lgw-not-a-key"})
            assert unknown.status_code == 401 and unknown.json()["error"]["code"] == "invalid_api_key"
        finally:
            proxy.restore()
    gw.stop()
    proxy.cut()


def failing_plugin() -> Plugin:
    """A capability with a bug: its endpoint raises. Registered like every plugin."""
    api = APIRouter()

    @api.get("/api/broken")
    async def broken():
        raise RuntimeError("a bug in a plugin")

    return Plugin(name="broken", routers=lambda components: [api])


def test_a_500_names_its_trace_id_and_the_connection_keeps_working(gateway, stub_upstream):
    gw = gateway(stub_config(stub_upstream), plugins=[*load_plugins(), failing_plugin()])
    conn = http.client.HTTPConnection("127.0.0.1", gw.port, timeout=10)
    try:
        conn.request("GET", "/api/broken")
        resp = conn.getresponse()
        body = resp.read().decode()
        assert resp.status == 500
        trace_id = resp.getheader("x-trace-id")
        assert trace_id and len(trace_id) == 32 and f"trace id {trace_id}" in body
        assert "a bug in a plugin" not in body  # the details stay in the log
        if (resp.getheader("connection") or "").lower() != "close":
            conn.request("GET", "/healthz")  # the same connection
            again = conn.getresponse()
            assert again.status == 200 and again.read() == b'{"status":"ok"}'
    finally:
        conn.close()
