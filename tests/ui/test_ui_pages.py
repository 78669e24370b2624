"""The UI's pages over HTTP (httpx): access rules, CSRF, filters, escaping, reviews, /metrics."""

from __future__ import annotations

import re

import httpx
import pytest
from sqlalchemy import select

from llmgateway.store.models import AuditEntry

from .conftest import UiWorld


def signed_in(world: UiWorld, role: str) -> httpx.Client:
    http = httpx.Client(base_url=world.root, timeout=30)
    page = http.get("/ui/login")
    csrf = re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)
    resp = http.post("/ui/login", data={"api_key": world.keys[role], "csrf": csrf, "next": "/ui/traces"})
    assert resp.status_code == 303, resp.text
    return http


def csrf_of(html: str) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', html).group(1)


def test_pages_need_a_session_and_client_keys_cannot_sign_in(ui_world):
    http = httpx.Client(base_url=ui_world.root, timeout=30)
    resp = http.get("/ui/traces")
    assert resp.status_code == 303 and resp.headers["location"].startswith("/ui/login")
    page = http.get("/ui/login")
    resp = http.post("/ui/login", data={"api_key": ui_world.keys["client"], "csrf": csrf_of(page.text)})
    assert resp.status_code == 403 and "viewer or admin key" in resp.text
    assert "lgw_session" not in resp.cookies
    resp = http.post("/ui/login", data={"api_key": "lgw-not-a-key", "csrf": csrf_of(http.get("/ui/login").text)})
    assert resp.status_code == 401


def test_sign_in_needs_the_forms_csrf_token_and_sets_a_strict_httponly_cookie(ui_world):
    http = httpx.Client(base_url=ui_world.root, timeout=30)
    http.get("/ui/login")
    resp = http.post("/ui/login", data={"api_key": ui_world.keys["viewer"], "csrf": "forged"})
    assert resp.status_code == 400
    page = http.get("/ui/login")
    resp = http.post("/ui/login", data={"api_key": ui_world.keys["viewer"], "csrf": csrf_of(page.text)})
    cookie = resp.headers["set-cookie"].lower()
    assert resp.status_code == 303
    assert "httponly" in cookie and "samesite=strict" in cookie and "max-age=" in cookie and "path=/ui" in cookie


def test_a_tampered_session_cookie_is_refused(ui_world):
    http = signed_in(ui_world, "viewer")
    value = http.cookies["lgw_session"]
    body, _, mac = value.partition(".")
    forged = httpx.Client(base_url=ui_world.root, cookies={"lgw_session": body[:-2] + "xx." + mac})
    assert forged.get("/ui/traces").status_code == 303


def test_filters_narrow_the_list(ui_world):
    http = signed_in(ui_world, "viewer")
    everything = http.get("/ui/traces").text
    assert everything.count('class="trace-row') >= 9
    chat = http.get("/ui/traces", params={"route": "chat"}).text
    assert chat.count('class="trace-row') == 4 and "advisor-1" not in chat
    assert http.get("/ui/traces", params={"user": "advisor-2"}).text.count('class="trace-row') == 2  # + shadow
    flagged = http.get("/ui/traces", params={"status": "flagged"}).text
    assert ui_world.ids["blocked"][:12] in flagged and ui_world.ids["review"][:12] in flagged
    low = http.get("/ui/traces", params={"fact_below": "0.5"}).text
    assert low.count('class="trace-row') == 1 and ui_world.ids["script"][:12] in low
    assert http.get("/ui/traces", params={"q": "bond ladder"}).text.count('class="trace-row') >= 1
    assert http.get("/ui/traces", params={"prompt": "advisor_qa@v2"}).text.count("shadow</span>") >= 1
    assert http.get("/ui/traces", params={"since": "2999-01-01T00:00"}).text.count('class="trace-row') == 0
    bad = http.get("/ui/traces", params={"fact_below": "low"})
    assert bad.status_code == 400 and "fact_below" in bad.text


def test_keyset_pages_do_not_repeat_or_skip(ui_world):
    from llmgateway.ui.queries import TraceFilter, list_traces

    store = ui_world.gw.components.store
    seen, cursor = [], None
    while True:
        rows, cursor = list_traces(store, TraceFilter(), after=cursor, limit=2)
        seen += [r["trace_id"] for r in rows]
        if cursor is None:
            break
    everything, _ = list_traces(store, TraceFilter(), after=None, limit=1000)
    assert seen == [r["trace_id"] for r in everything]


def test_trace_detail_escapes_caller_text(ui_world):
    http = signed_in(ui_world, "viewer")
    page = http.get(f"/ui/traces/{ui_world.ids['script']}")
    assert page.status_code == 200
    assert "<script>window.__pwned" not in page.text and "&lt;script&gt;window.__pwned" in page.text
    assert "<img src=x" not in page.text
    assert "script-src 'self'" in page.headers["content-security-policy"]


def test_trace_detail_shows_stages_prompt_shadow_and_highlighted_span(ui_world):
    http = signed_in(ui_world, "viewer")
    page = http.get(f"/ui/traces/{ui_world.ids['review']}").text
    assert "upstream" in page and "guardrails.check_output" in page
    assert "advisor_qa</a>@v1" in page
    assert ui_world.ids["review"] and 'class="child-link"' in page
    assert re.search(r'<mark class="hl" title="testimonials-superlatives \(review\)">the best fund on the market', page)
    blocked = http.get(f"/ui/traces/{ui_world.ids['blocked']}").text
    assert re.search(r'<mark class="hl" title="[^"]*\(block\)">Ignore all previous instructions', blocked)
    shadow = http.get(f"/ui/traces/{ui_world.ids['shadow']}").text
    assert 'id="parent-link"' in shadow


def test_viewer_cannot_decide_a_review_and_forged_csrf_is_refused(ui_world):
    review = ui_world.ids["review_id"]
    viewer = signed_in(ui_world, "viewer")
    for status in ("pending", "approved"):  # the browser test may have approved it already
        page = viewer.get("/ui/reviews", params={"status": status}).text
        assert 'value="approve"' not in page
    page = viewer.get(f"/ui/traces/{ui_world.ids['review']}").text
    resp = viewer.post(f"/ui/reviews/{review}", data={"decision": "approve", "csrf": csrf_of(page)})
    assert resp.status_code == 403
    admin = signed_in(ui_world, "admin")
    resp = admin.post(f"/ui/reviews/{review}", data={"decision": "approve", "csrf": "forged"})
    assert resp.status_code == 403
    with ui_world.gw.components.store.session() as session:
        actors = (
            session.execute(select(AuditEntry.actor).where(AuditEntry.kind.in_(["review.approved", "review.rejected"])))
            .scalars()
            .all()
        )
    assert "observer" not in actors and (not actors or actors == ["compliance-lead"])


def test_metrics_need_the_scrape_token_or_a_viewer_key(ui_world):
    def scrape(credential: str | None) -> httpx.Response:
        headers = {"authorization": f"Bearer {credential}"} if credential else {}
        return httpx.get(f"{ui_world.root}/metrics", headers=headers, timeout=30)

    for credential in (None, "not-the-token", ui_world.metrics_token[:-1]):
        refused = scrape(credential)
        assert refused.status_code == 401 and refused.json()["error"]["type"] == "authentication_error"
    client = scrape(ui_world.keys["client"])
    assert client.status_code == 403 and "role 'client'" in client.json()["error"]["message"]
    for credential in (ui_world.metrics_token, ui_world.keys["viewer"], ui_world.keys["admin"]):
        resp = scrape(credential)
        assert resp.status_code == 200 and "llmgateway_requests_total" in resp.text


def test_a_short_or_missing_scrape_token_file_refuses_start(tmp_path):
    from llmgateway.app import create_app
    from llmgateway.config import load_settings
    from llmgateway.errors import ConfigError
    from llmgateway.metrics import plugin as metrics_plugin

    (tmp_path / "short.token").write_text("abc\n")
    for name, expected in (("short.token", "at least 24"), ("missing.token", "cannot read")):
        config = tmp_path / "gateway.yaml"
        config.write_text(
            "models: [{model_name: m, litellm_params: {model: openai/m, api_base: 'http://127.0.0.1:9/v1'}}]\n"
            "routes: [{name: chat, model: m}]\n"
            f"auth: {{required: true}}\nmetrics:\n  bearer_token_file: {name}\n"
        )
        with pytest.raises(ConfigError) as info:
            create_app(load_settings(str(config), environ={}), plugins=[metrics_plugin.plugin], start_local_model=False)
        assert expected in str(info.value) and "metrics.bearer_token_file" in str(info.value), str(info.value)


def test_metrics_count_calls_rules_and_queue(ui_world):
    headers = {"authorization": f"Bearer {ui_world.metrics_token}"}
    text = httpx.get(f"{ui_world.root}/metrics", headers=headers, timeout=30).text
    assert re.search(r'llmgateway_requests_total\{code="200",route="chat",status="ok"\} [4-9]', text)
    assert 'llmgateway_requests_total{code="400",route="advisor",status="blocked"}' in text
    assert 'llmgateway_stage_duration_seconds_bucket{le="+Inf",route="advisor",stage="upstream"}' in text
    assert 'rule="testimonials-superlatives"' in text and "llmgateway_trace_queue_depth" in text
    assert "llmgateway_scorer_lag_seconds" in text and "llmgateway_upstream_errors" in text
    assert re.search(r'llmgateway_tokens_total\{key="advisor-app",kind="prompt",route="chat"\} \d+', text)


@pytest.mark.parametrize("path", ["/ui/dashboards", "/ui/prompts", "/ui/policies", "/ui/reviews?status=approved"])
def test_every_page_renders(ui_world, path):
    http = signed_in(ui_world, "viewer")
    resp = http.get(path)
    assert resp.status_code == 200, resp.text[:500]


def test_sign_in_is_audited(ui_world):
    signed_in(ui_world, "admin")
    with ui_world.gw.components.store.session() as session:
        kinds = session.execute(select(AuditEntry.actor).where(AuditEntry.kind == "ui.sign_in")).scalars().all()
    assert "compliance-lead" in kinds


def test_experiments_list_detail_and_comparison(ui_world):
    from llmgateway.evals.experiments import create_experiment, finish_experiment

    store = ui_world.gw.components.store
    for exp_id, version, correct in (("exp-base", "v1", 1.0), ("exp-cand", "v2", 0.0)):
        create_experiment(
            store, id=exp_id, set_name="advisor_smoke", set_hash="h", route="advisor", prompt_version=version
        )
        finish_experiment(
            store,
            exp_id,
            [
                {
                    "case_id": "c1",
                    "position": 0,
                    "question": "Q <i>1</i>",
                    "answer": f"answer {version}",
                    "status": "ok",
                    "metrics": {"answer_correct": correct},
                },
            ],
            status="done",
            case_count=1,
            summary={"answer_correct": {"value": correct}},
        )
    http = signed_in(ui_world, "viewer")
    page = http.get("/ui/experiments", params={"a": "exp-base", "b": "exp-cand"})
    assert page.status_code == 200 and 'id="comparison"' in page.text and "answer_correct" in page.text
    detail = http.get("/ui/experiments/exp-cand")
    assert detail.status_code == 200 and "Q &lt;i&gt;1&lt;/i&gt;" in detail.text
    assert http.get("/ui/experiments/nope").status_code == 404
