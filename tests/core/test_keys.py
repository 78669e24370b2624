"""API keys through the CLI and HTTP: hashed at rest, roles, routes, revocation, rate limit, budget."""

from __future__ import annotations

import sqlite3
import time

import pytest
from typer.testing import CliRunner

from llmgateway.cli import app as cli

from ..conftest import stub_config
from .test_errors import assert_openai_error

runner = CliRunner()


def create_key(cfg: str, *args: str) -> str:
    result = runner.invoke(cli, ["keys", "create", "--config", cfg, *args])
    assert result.exit_code == 0, result.output
    return result.stdout.strip().splitlines()[0]


@pytest.fixture
def secured(gateway, stub_upstream, tmp_path):
    config = stub_config(stub_upstream, auth={"required": True})
    config["routes"].append({"name": "research", "model": "stub"})
    gw = gateway(config)
    return gw, str(tmp_path / "gateway.yaml")


def chat(http, key, route="chat"):
    headers = {"authorization": f"Bearer {key}"} if key else {}
    return http.post(
        "/v1/chat/completions",
        headers=headers,
        json={"model": route, "messages": [{"role": "user", "content": "hello"}]},
    )


def test_key_is_shown_once_and_only_its_hash_is_stored(secured, tmp_path):
    gw, cfg = secured
    key = create_key(cfg, "--name", "advisor-app")
    assert key.startswith("lgw-") and len(key) > 40
    db = sqlite3.connect(tmp_path / "data" / "gateway.db")
    rows = db.execute("SELECT name, key_hash, key_prefix FROM api_keys").fetchall()
    dump = "\n".join(db.iterdump())
    assert rows and rows[0][0] == "advisor-app"
    assert key not in dump and rows[0][1] != key and len(rows[0][1]) == 64
    listing = runner.invoke(cli, ["keys", "list", "--config", cfg]).stdout
    assert "advisor-app" in listing and key not in listing and "active" in listing
    assert (
        gw.client_for(key)
        .chat.completions.create(model="chat", messages=[{"role": "user", "content": "x"}])
        .choices[0]
        .message.content
    )


def test_missing_bad_revoked_keys_are_401(secured):
    gw, cfg = secured
    key = create_key(cfg, "--name", "temp")
    with gw.http as http:
        assert_openai_error(chat(http, None), 401, "missing_api_key")
        assert_openai_error(chat(http, "lgw-not-a-real-key"), 401, "invalid_api_key")
        assert chat(http, key).status_code == 200
        result = runner.invoke(cli, ["keys", "revoke", "temp", "--config", cfg])
        assert result.exit_code == 0, result.output
        deadline = time.time() + 10
        while time.time() < deadline and chat(http, key).status_code == 200:
            time.sleep(0.2)
        assert_openai_error(chat(http, key), 401, "invalid_api_key")
    assert "revoked" in runner.invoke(cli, ["keys", "list", "--config", cfg]).stdout
    assert runner.invoke(cli, ["keys", "revoke", "temp", "--config", cfg]).exit_code == 2


def test_route_restriction_is_403_and_models_only_lists_allowed(secured):
    gw, cfg = secured
    key = create_key(cfg, "--name", "only-research", "--routes", "research")
    with gw.http as http:
        assert_openai_error(chat(http, key, "chat"), 403, "route_not_allowed")
        assert chat(http, key, "research").status_code == 200
    assert [m.id for m in gw.client_for(key).models.list()] == ["research"]
    bad = runner.invoke(cli, ["keys", "create", "--config", cfg, "--name", "x", "--routes", "nope"])
    assert bad.exit_code == 2 and "unknown route" in bad.output


def test_rate_limit_answers_429(secured):
    gw, cfg = secured
    key = create_key(cfg, "--name", "slow", "--rpm", "3")
    with gw.http as http:
        statuses = [chat(http, key).status_code for _ in range(5)]
        assert statuses[:3] == [200, 200, 200]
        assert statuses[3:] == [429, 429]
        assert_openai_error(chat(http, key), 429, "rate_limit_exceeded")


def test_token_budget_answers_429_once_spent(secured, stub_upstream):
    gw, cfg = secured
    key = create_key(cfg, "--name", "budget", "--token-budget", "30")
    with gw.http as http:
        statuses = [chat(http, key).status_code for _ in range(4)]  # each call costs 10 + 7 tokens
        assert statuses[:2] == [200, 200] and statuses[2:] == [429, 429]
        assert_openai_error(chat(http, key), 429, "insufficient_quota")
    time.sleep(2.5)  # past a key-ring refresh: the committed count replaces the in-process one
    with gw.http as http:
        assert_openai_error(chat(http, key), 429, "insufficient_quota")
    listing = runner.invoke(cli, ["keys", "list", "--config", cfg]).stdout
    assert "34/30" in listing


def test_budget_counts_tokens_exactly_across_refreshes(secured):
    gw, cfg = secured
    key = create_key(cfg, "--name", "exact", "--token-budget", "52")
    statuses = []
    with gw.http as http:
        for _ in range(5):  # each call costs 17 tokens; calls spread over key-ring refreshes and flushes
            statuses.append(chat(http, key).status_code)
            time.sleep(1.1)
    # 51 used after three calls: a fourth is still allowed (a doubled count would refuse it),
    # the fifth is not (a lost count would allow it)
    assert statuses == [200, 200, 200, 200, 429]


def test_traces_need_a_viewer_or_admin_key(secured):
    gw, cfg = secured
    client_key = create_key(cfg, "--name", "app")
    viewer_key = create_key(cfg, "--name", "observer", "--role", "viewer")
    with gw.http as http:
        trace_id = chat(http, client_key).headers["x-trace-id"]
        assert_openai_error(http.get(f"/api/traces/{trace_id}"), 401)
        assert_openai_error(
            http.get(f"/api/traces/{trace_id}", headers={"authorization": f"Bearer {client_key}"}),
            403,
            "insufficient_role",
        )
    record = gw.wait_for_trace(trace_id, headers={"authorization": f"Bearer {viewer_key}"})
    assert record["key_name"] == "app"
    with gw.http as http:
        listing = http.get(
            "/api/traces", params={"route": "chat", "limit": 5}, headers={"authorization": f"Bearer {viewer_key}"}
        ).json()
        assert [t["trace_id"] for t in listing["data"]] == [trace_id]
        assert_openai_error(
            http.get("/api/traces", params={"limit": "many"}, headers={"authorization": f"Bearer {viewer_key}"}),
            400,
            param="limit",
        )


def test_bad_role_is_refused_by_the_cli(secured):
    _gw, cfg = secured
    result = runner.invoke(cli, ["keys", "create", "--config", cfg, "--name", "x", "--role", "root"])
    assert result.exit_code == 2 and "role 'root' is not allowed" in result.output and "admin" in result.output


def test_factuality_scoring_needs_a_viewer_or_admin_key(secured):
    gw, cfg = secured
    client_key = create_key(cfg, "--name", "app-scoring")
    viewer_key = create_key(cfg, "--name", "evaluator", "--role", "viewer")
    with gw.http as http:
        assert_openai_error(
            http.post(
                "/api/score/factuality",
                headers={"authorization": f"Bearer {client_key}"},
                json={"contexts": ["Revenue rose 4%."], "answer": "Revenue rose 4%."},
            ),
            403,
            "insufficient_role",
        )
        # the viewer passes the role check: an empty body is then refused for what it is
        refused = http.post("/api/score/factuality", headers={"authorization": f"Bearer {viewer_key}"}, json={})
        assert refused.status_code == 400, refused.text
