"""What callers must not learn: the text a rule withheld, upstream addresses, server paths, the
API description (unless admin), and routes their role does not grant."""

from __future__ import annotations

import shutil

from llmgateway.store.keys import create_key
from llmgateway.upstream import public_text

from ..conftest import ROOT, stub_config
from ..stub_upstream import free_port

BLOCKED = "this fund guarantees a 9% return"


def bearer(key: str) -> dict:
    return {"authorization": f"Bearer {key}"}


def test_a_withheld_answer_gives_the_caller_rule_ids_and_keeps_spans_for_the_trace(gateway, stub_upstream, tmp_path):
    shutil.copytree(ROOT / "policies", tmp_path / "policies")
    stub_upstream.reply = f"Good news: {BLOCKED}, so you cannot lose."
    config = stub_config(
        stub_upstream,
        routes=[{"name": "advisor", "model": "stub", "policies": ["finra_communications"]}],
        paths={"policies": str(tmp_path / "policies")},
    )
    gw = gateway(config, tmp_path)
    body = {"model": "advisor", "messages": [{"role": "user", "content": "Is the Acme income fund a good fit?"}]}
    with gw.http as http:
        resp = http.post("/v1/chat/completions", json=body)
        streamed = http.post("/v1/chat/completions", json={**body, "stream": True})
    completion = resp.json()
    assert completion["choices"][0]["finish_reason"] == "content_filter"
    verdicts = completion["guardrails"]
    assert "finra_communications" in {v["policy"] for v in verdicts}
    assert "promissory-guarantee" in {v["rule_id"] for v in verdicts}
    assert all("span" not in v and "start" not in v for v in verdicts)
    assert "guarantees" not in resp.text and "guarantees" not in streamed.text
    trace = gw.wait_for_trace(resp.headers["x-trace-id"])
    assert any("guarantees" in (v.get("span") or "") for v in trace["guardrails"])  # reviewers still see it


def test_upstream_errors_name_the_model_group_not_its_address(gateway, stub_upstream):
    port = free_port()  # nothing listens there
    config = stub_config(stub_upstream)
    config["models"][0]["litellm_params"]["api_base"] = f"http://127.0.0.1:{port}/v1"
    gw = gateway(config)
    with gw.http as http:
        resp = http.post(
            "/v1/chat/completions", json={"model": "chat", "messages": [{"role": "user", "content": "Hi"}]}
        )
    assert resp.status_code == 502
    message = resp.json()["error"]["message"]
    assert "'stub'" in message and "127.0.0.1" not in message and str(port) not in message
    trace = gw.wait_for_trace(resp.headers["x-trace-id"])
    assert f"127.0.0.1:{port}" in trace["error"]  # the operator still has it


def test_a_providers_message_passes_without_addresses_or_paths():
    said = "model not found at https://east.internal:8443/v1/models (see /srv/app/config/models.yaml, 10.2.3.4:9000)"
    shown = public_text(said)
    assert "model not found at" in shown
    assert all(s not in shown for s in ("east.internal", "/srv/app", "10.2.3.4", "9000"))


def test_with_auth_the_api_description_is_for_admins_and_roles_grant_no_routes(gateway, stub_upstream):
    gw = gateway(stub_config(stub_upstream, auth={"required": True}))
    store = gw.components.store
    client = create_key(store, "advisor-app")
    viewer = create_key(store, "observability", role="viewer")
    admin = create_key(store, "compliance-lead", role="admin")
    admin_with_route = create_key(store, "ops-smoke-test", role="admin", routes=["chat"])
    ask = {"model": "chat", "messages": [{"role": "user", "content": "Hi"}]}
    with gw.http as http:
        assert http.get("/docs").status_code == 404
        assert http.get("/openapi.json").status_code == 401
        assert http.get("/openapi.json", headers=bearer(viewer)).status_code == 403
        described = http.get("/openapi.json", headers=bearer(admin))
        assert described.status_code == 200 and "/v1/chat/completions" in described.json()["paths"]
        for key in (viewer, admin):
            refused = http.post("/v1/chat/completions", json=ask, headers=bearer(key))
            assert refused.status_code == 403 and refused.json()["error"]["code"] == "route_not_allowed"
            assert http.get("/v1/models", headers=bearer(key)).json()["data"] == []
        for key in (client, admin_with_route):
            assert http.post("/v1/chat/completions", json=ask, headers=bearer(key)).status_code == 200
        assert http.get("/api/traces", headers=bearer(viewer)).status_code == 200  # the role's own endpoints
