"""Refused requests are traced (status ``refused``), without the body for 401 and 413, and a
flood of them is accounted for in a bounded number of trace rows."""

from __future__ import annotations

import time

from llmgateway.store.keys import create_key

from ..conftest import stub_config

CHAT = "/v1/chat/completions"


def ask(http, key=None, model="chat", content="What is a bond?", **extra):
    headers = {"authorization": f"Bearer {key}"} if key else {}
    body = {"model": model, "messages": [{"role": "user", "content": content}], **extra}
    return http.post(CHAT, json=body, headers=headers)


def test_every_kind_of_refusal_leaves_a_trace(gateway, stub_upstream):
    config = stub_config(
        stub_upstream,
        routes=[{"name": "chat", "model": "stub"}, {"name": "research", "model": "stub"}],
        auth={"required": True},
        server={"max_body_bytes": 4096},
    )
    gw = gateway(config)
    store = gw.components.store
    app_key = create_key(store, "advisor-app", routes=["chat"], rpm=3)
    admin = {"authorization": f"Bearer {create_key(store, 'compliance-lead', role='admin')}"}
    with gw.http as http:
        refused = {
            401: ask(http, content="my password is hunter2"),
            413: ask(http, app_key, content="x" * 5000),
            400: http.post(
                CHAT, json={"model": "chat", "messages": []}, headers={"authorization": f"Bearer {app_key}"}
            ),
            404: ask(http, app_key, model="no-such-route"),
            403: ask(http, app_key, model="research"),
        }
        assert ask(http, app_key).status_code == 200
        refused[429] = ask(http, app_key)  # rpm 3: the fourth request of the minute (413 never reached the limit)
        while refused[429].status_code != 429:
            refused[429] = ask(http, app_key)
        api_403 = http.get("/api/traces", headers={"authorization": f"Bearer {app_key}"})
        assert api_403.status_code == 403
    for status, resp in refused.items():
        assert resp.status_code == status, (status, resp.text)
        trace = gw.wait_for_trace(resp.headers["x-trace-id"], headers=admin)
        assert trace["status"] == "refused" and trace["status_code"] == status, trace
        assert trace["error"] == resp.json()["error"]["message"]
        if status in (401, 413):
            assert trace["request_messages"] is None and trace["extra"]["body_kept"] is False
            assert "hunter2" not in str(trace)
        else:
            assert trace["request_messages"] is not None and trace["key_name"] == "advisor-app"
    assert gw.wait_for_trace(refused[404].headers["x-trace-id"], headers=admin)["route"] == "no-such-route"
    on_api = gw.wait_for_trace(api_403.headers["x-trace-id"], headers=admin)
    assert on_api["status_code"] == 403 and on_api["extra"]["path"] == "/api/traces"


def test_a_flood_of_refusals_is_counted_in_full_and_written_in_bounded_rows(gateway, stub_upstream):
    store = {"refused_per_s": 0.5, "refused_burst": 20}  # far below the rate the test sends at
    gw = gateway(stub_config(stub_upstream, auth={"required": True}, store=store))
    recorder = gw.components.refusals
    admin = {"authorization": f"Bearer {create_key(gw.components.store, 'compliance-lead', role='admin')}"}
    sent = 600
    with gw.http as http:
        for _ in range(sent):
            assert ask(http, "lgw-made-up").status_code == 401
        deadline = time.time() + 15
        while recorder.recorded + recorder.suppressed_total < sent and time.time() < deadline:
            time.sleep(0.05)
        assert recorder.recorded + recorder.suppressed_total == sent
        assert recorder.suppressed_total > 0  # the bucket ran dry: not one row per request

        def accounted() -> int:
            rows = http.get("/api/traces", params={"status": "refused", "limit": 1000}, headers=admin).json()["data"]
            one_by_one = [r for r in rows if r["route"] != "(flood)"]
            summaries = [
                gw.wait_for_trace(r["trace_id"], headers=admin)["extra"]["suppressed"]
                for r in rows
                if r["route"] == "(flood)"
            ]
            return len(one_by_one) + sum(n for s in summaries for n in s.values())

        deadline = time.time() + 15
        while accounted() < sent and time.time() < deadline:
            time.sleep(0.2)
        assert accounted() == sent
