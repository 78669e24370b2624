"""End to end through a real gateway (uvicorn in a thread) and the stub upstream: the route's prompt,
per-request overrides by key, hot reload with audit, shadow challengers, /api/prompts."""

from __future__ import annotations

import threading
import time

import openai
import pytest
from sqlalchemy import select, update

from llmgateway.errors import ConfigError
from llmgateway.prompts import plugin as prompts_plugin
from llmgateway.store.audit import verify_audit
from llmgateway.store.keys import create_key
from llmgateway.store.models import Trace

from ..conftest import stub_config
from .test_prompt_watcher import audit_payloads

V1_MARK = "You help financial advisors"  # in advisor_qa v1's system message
V2_MARK = "You are a research assistant"  # in advisor_qa v2's system message


def advisor_config(stub, **route_extra) -> dict:
    route = {"name": "advisor", "model": "stub", "prompt": "advisor_qa", **route_extra}
    return stub_config(stub, routes=[route], prompts={"reload_interval_s": 0.2})


def start(gateway, config, tmp_path):
    return gateway(config, tmp_path, plugins=[prompts_plugin.plugin])


def system_text(body: dict) -> str:
    return body["messages"][0]["content"]


def wait_until(predicate, timeout=15.0, what="condition"):
    deadline = time.time() + timeout
    while time.time() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"{what} not reached within {timeout}s")


def test_route_prompt_is_rendered_traced_and_on_the_span(gateway, stub_upstream, prompts_dir, tmp_path):
    gw = start(gateway, advisor_config(stub_upstream), tmp_path)
    raw = gw.client.chat.completions.with_raw_response.create(
        model="advisor",
        user="advisor-7",
        max_tokens=40,
        messages=[{"role": "user", "content": "What was ACME's Q2 revenue?"}],
    )
    assert raw.parse().choices[0].message.content == stub_upstream.reply
    sent = stub_upstream.requests[-1]
    assert V1_MARK in system_text(sent)
    assert sent["messages"][-1]["content"].endswith("Question: What was ACME's Q2 revenue?")
    assert "(no sources found)" in sent["messages"][-1]["content"]
    assert sent["temperature"] == 0.2  # from v1's params
    assert sent["max_tokens"] == 40  # the caller's explicit value wins
    record = gw.wait_for_trace(raw.headers["x-trace-id"])
    v1 = gw.components.service(prompts_plugin.HOLDER_SERVICE, lambda: None).current.version("advisor_qa", "v1")
    assert (record["prompt_name"], record["prompt_version"], record["prompt_role"]) == ("advisor_qa", "v1", "champion")
    assert record["prompt_hash"] == v1.hash
    stream = gw.client.chat.completions.create(
        model="advisor", stream=True, messages=[{"role": "user", "content": "Streamed?"}]
    )
    assert "".join(c.choices[0].delta.content or "" for c in stream if c.choices) == stub_upstream.reply
    assert V1_MARK in system_text(stub_upstream.requests[-1])
    assert stub_upstream.requests[-1]["messages"][-1]["content"].endswith("Question: Streamed?")
    spans = [s for s in gw.spans.get_finished_spans() if s.name == "POST /v1/chat/completions"]
    assert spans and spans[-1].attributes["llmgateway.prompt.version"] == "v1"
    assert spans[-1].attributes["llmgateway.prompt.hash"] == v1.hash
    assert spans[-1].attributes["llmgateway.prompt.role"] == "champion"


def test_override_is_allowed_or_refused_by_the_key(gateway, stub_upstream, prompts_dir, tmp_path):
    config = advisor_config(stub_upstream)
    config["auth"] = {"required": True}
    gw = start(gateway, config, tmp_path)
    plain = create_key(gw.components.store, "plain-client")
    trusted = create_key(gw.components.store, "prompt-engineer", allow_prompt_override=True)
    viewer = create_key(gw.components.store, "auditor", role="viewer")
    ask = {
        "model": "advisor",
        "messages": [{"role": "user", "content": "Q?"}],
        "metadata": {"prompt": "advisor_qa@staging"},
    }

    with pytest.raises(openai.PermissionDeniedError) as err:
        gw.client_for(plain).chat.completions.create(**ask)
    assert err.value.status_code == 403
    assert err.value.body["code"] == "prompt_override_not_allowed"
    assert stub_upstream.requests == []  # nothing went upstream

    raw = gw.client_for(trusted).chat.completions.with_raw_response.create(**ask)
    assert V2_MARK in system_text(stub_upstream.requests[-1])
    record = gw.wait_for_trace(raw.headers["x-trace-id"], headers={"authorization": f"Bearer {viewer}"})
    assert record["prompt_version"] == "v2" and record["key_name"] == "prompt-engineer"

    with pytest.raises(openai.BadRequestError, match="no label 'nope'"):
        gw.client_for(trusted).chat.completions.create(**{**ask, "metadata": {"prompt": "advisor_qa@nope"}})


def test_label_edit_hot_reloads_and_is_audited(gateway, stub_upstream, prompts_dir, tmp_path):
    gw = start(gateway, advisor_config(stub_upstream), tmp_path)
    ask = {"model": "advisor", "messages": [{"role": "user", "content": "Q?"}]}
    gw.client.chat.completions.create(**ask)
    assert V1_MARK in system_text(stub_upstream.requests[-1])

    labels = prompts_dir / "advisor_qa" / "labels.yaml"
    labels.write_text(labels.read_text().replace("production: v1", "production: v2"))

    def serves_v2():
        gw.client.chat.completions.create(**ask)
        return V2_MARK in system_text(stub_upstream.requests[-1])

    wait_until(serves_v2, what="production label change")  # no restart

    store = gw.components.store

    # the new labels serve as soon as they are swapped in; their audit entry follows from the watcher
    wait_until(lambda: any(e["reason"] == "reload" for e in audit_payloads(store)), what="audited label change")
    entries = audit_payloads(store)
    reloads = [e for e in entries if e["reason"] == "reload"]
    assert [(e["prompt"], e["label"], e["old"], e["new"]) for e in reloads] == [
        ("advisor_qa", "production", "v1", "v2")
    ]
    assert reloads[0]["file"] == str(labels) and "git_commit" in reloads[0]
    assert {(e["label"], e["new"]) for e in entries if e["reason"] == "startup"} >= {("production", "v1")}
    assert verify_audit(store)[0]


def test_a_broken_label_edit_is_refused_and_the_old_labels_keep_serving(gateway, stub_upstream, prompts_dir, tmp_path):
    gw = start(gateway, advisor_config(stub_upstream), tmp_path)
    holder = gw.components.service(prompts_plugin.HOLDER_SERVICE, lambda: None)
    (prompts_dir / "advisor_qa" / "labels.yaml").write_text("staging: v2\n")  # the route needs 'production'
    wait_until(lambda: holder.last_error, what="refused reload")
    assert "production" in holder.last_error
    gw.client.chat.completions.create(model="advisor", messages=[{"role": "user", "content": "Q?"}])
    assert V1_MARK in system_text(stub_upstream.requests[-1])


def test_gateway_refuses_to_start_when_a_released_file_changed(gateway, stub_upstream, prompts_dir, tmp_path):
    v1 = prompts_dir / "advisor_qa" / "v1.yaml"
    v1.write_text(v1.read_text().replace("temperature: 0.2", "temperature: 0.7"))
    with pytest.raises(ConfigError) as err:
        start(gateway, advisor_config(stub_upstream), tmp_path)
    assert str(v1) in str(err.value) and "new version" in str(err.value)


def test_unknown_route_prompt_refuses_start_naming_gateway_yaml(gateway, stub_upstream, prompts_dir, tmp_path):
    config = advisor_config(stub_upstream)
    config["routes"][0]["prompt"] = "advisor_qa@qa"
    with pytest.raises(ConfigError) as err:
        start(gateway, config, tmp_path)
    assert (
        "gateway.yaml" in str(err.value) and "routes[0].prompt" in str(err.value) and "no label 'qa'" in str(err.value)
    )


def test_shadow_runs_in_the_background_traced_and_linked(gateway, stub_upstream, prompts_dir, tmp_path):
    release = threading.Event()

    def reply(body):
        if V2_MARK in system_text(body):  # the challenger: hold it until the caller has its answer
            release.wait(20)
            return "challenger answer"
        return "champion answer"

    stub_upstream.reply = reply
    gw = start(gateway, advisor_config(stub_upstream, shadow="advisor_qa@staging"), tmp_path)
    try:
        raw = gw.client.chat.completions.with_raw_response.create(
            model="advisor", user="advisor-3", messages=[{"role": "user", "content": "ACME guidance?"}]
        )
        assert raw.parse().choices[0].message.content == "champion answer"
        assert not release.is_set()  # the caller got the answer while the challenger was still held
    finally:
        release.set()
    champion_id = raw.headers["x-trace-id"]
    wait_until(lambda: len(stub_upstream.requests) == 2, what="shadow request")
    systems = sorted(system_text(b) for b in stub_upstream.requests)
    assert any(V1_MARK in s for s in systems) and any(V2_MARK in s for s in systems)
    assert all(b["messages"][-1]["content"].endswith("Question: ACME guidance?") for b in stub_upstream.requests)

    champion = gw.wait_for_trace(champion_id)
    assert champion["prompt_role"] == "champion" and champion["parent_trace_id"] is None

    def shadow_row():
        with gw.components.store.session() as session:
            return session.execute(select(Trace).where(Trace.parent_trace_id == champion_id)).scalar_one_or_none()

    shadow = wait_until(shadow_row, what="shadow trace")
    assert (shadow.prompt_version, shadow.prompt_role, shadow.response_text) == ("v2", "shadow", "challenger answer")
    assert shadow.trace_id != champion_id and shadow.user == "advisor-3"
    assert any(s.name == "shadow advisor" for s in gw.spans.get_finished_spans())


def test_api_prompts_shows_versions_labels_traffic_and_scores(gateway, stub_upstream, prompts_dir, tmp_path):
    gw = start(gateway, advisor_config(stub_upstream, shadow="v2"), tmp_path)
    ids = []
    for i in range(3):
        raw = gw.client.chat.completions.with_raw_response.create(
            model="advisor", user=f"u{i}", messages=[{"role": "user", "content": f"Q{i}?"}]
        )
        ids.append(raw.headers["x-trace-id"])
    for trace_id in ids:
        gw.wait_for_trace(trace_id)
    store = gw.components.store

    def shadow_count():
        with store.session() as session:
            return len(session.execute(select(Trace.id).where(Trace.prompt_role == "shadow")).all()) == 3

    wait_until(shadow_count, what="3 shadow traces")
    with store.session() as session:  # what the scorer would write
        session.execute(update(Trace).where(Trace.prompt_role == "shadow").values(scores={"factuality": 0.5}))
        session.execute(update(Trace).where(Trace.trace_id == ids[0]).values(scores={"factuality": {"score": 0.9}}))
        session.commit()

    with gw.http as http:
        listing = http.get("/api/prompts").json()
        detail = http.get("/api/prompts/advisor_qa").json()
        missing = http.get("/api/prompts/nope")
    assert [p["name"] for p in listing["data"]] == ["advisor_qa"]
    assert detail["labels"] == {"production": "v1", "staging": "v2"}
    versions = {v["version"]: v for v in detail["versions"]}
    assert versions["v1"]["hash"].startswith("sha256:") and versions["v1"]["released"] is True
    assert versions["v1"]["labels"] == ["production"]
    assert versions["v1"]["traffic"]["champion"]["calls"] == 3
    assert versions["v1"]["traffic"]["champion"]["scores"]["factuality"] == {"mean": 0.9, "n": 1}
    assert versions["v2"]["traffic"]["shadow"]["calls"] == 3
    assert versions["v2"]["traffic"]["shadow"]["scores"]["factuality"] == {"mean": 0.5, "n": 3}
    assert versions["v2"]["messages"][1] == {"placeholder": "history"}
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "not_found"
