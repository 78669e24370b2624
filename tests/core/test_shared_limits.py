"""Rate limits and token budgets shared by two gateway replicas through a real Redis, and what
happens while that Redis is down (per-replica limits, /readyz degraded, automatic recovery)."""

from __future__ import annotations

import logging
import time

from typer.testing import CliRunner

from llmgateway.cli import app as cli

from ..conftest import stub_config
from .test_errors import assert_openai_error

runner = CliRunner()


def two_replicas(gateway, stub, tmp_path, redis_url: str, *, size: int = 2, **extra):
    """Two gateways on one store and one Redis; returns them and the first one's config file."""
    config = stub_config(stub, auth={"required": True}, redis={"url": redis_url}, fleet={"size": size}, **extra)
    config["store"] = {"url": f"sqlite:///{tmp_path / 'shared.db'}"}
    a = gateway(config, path=tmp_path / "a")
    b = gateway(config, path=tmp_path / "b")
    return a, b, str(tmp_path / "a" / "gateway.yaml")


def create_key(cfg: str, *args: str) -> str:
    result = runner.invoke(cli, ["keys", "create", "--config", cfg, *args])
    assert result.exit_code == 0, result.output
    return result.stdout.strip().splitlines()[0]


def chat(http, key, route="chat"):
    return http.post(
        "/v1/chat/completions",
        headers={"authorization": f"Bearer {key}"},
        json={"model": route, "messages": [{"role": "user", "content": "hello"}]},
    )


def alternate(a, b, key, n, route="chat") -> list[int]:
    with a.http as ha, b.http as hb:
        return [chat(ha if i % 2 == 0 else hb, key, route).status_code for i in range(n)]


def test_key_rpm_is_one_limit_across_replicas(gateway, stub_upstream, tmp_path, redis_server):
    a, b, cfg = two_replicas(gateway, stub_upstream, tmp_path, redis_server.url)
    key = create_key(cfg, "--name", "shared", "--rpm", "6")
    statuses = alternate(a, b, key, 10)
    # per process, each replica would have allowed 6 (12 in all); shared, the fleet allows 6
    assert statuses.count(200) == 6 and statuses[:6] == [200] * 6, statuses
    with a.http as http:
        refused = chat(http, key)
        error = assert_openai_error(refused, 429, "rate_limit_exceeded")
    assert "6 requests per minute" in error["message"] and "'shared'" in error["message"]
    assert 1 <= int(refused.headers["retry-after"]) <= 10  # one token per 10 s at 6 rpm


def test_route_limits_apply_to_all_callers_and_per_key(gateway, stub_upstream, tmp_path, redis_server):
    a, b, cfg = two_replicas(gateway, stub_upstream, tmp_path, redis_server.url)
    a.settings.routes[0].rpm = b.settings.routes[0].rpm = 5
    a.settings.routes[0].rpm_per_key = b.settings.routes[0].rpm_per_key = 3
    k1, k2 = create_key(cfg, "--name", "one"), create_key(cfg, "--name", "two")
    assert alternate(a, b, k1, 4) == [200, 200, 200, 429]  # 3 per key on this route
    statuses = alternate(a, b, k2, 4)
    assert statuses == [200, 200, 429, 429], statuses  # the route's 5 are spent
    with a.http as http:
        error = assert_openai_error(chat(http, k2), 429, "rate_limit_exceeded")
    assert "route 'chat'" in error["message"]


def test_token_budget_is_spent_fleet_wide(gateway, stub_upstream, tmp_path, redis_server):
    a, b, cfg = two_replicas(gateway, stub_upstream, tmp_path, redis_server.url)
    key = create_key(cfg, "--name", "budget", "--token-budget", "30")
    with a.http as ha, b.http as hb:
        assert chat(ha, key).status_code == 200  # 17 tokens
        assert chat(hb, key).status_code == 200  # 34: spent
        deadline = time.time() + 5  # spends reach Redis in batches, a few ms apart
        while time.time() < deadline and chat(ha, key).status_code == 200:
            time.sleep(0.05)
        assert_openai_error(chat(ha, key), 429, "insufficient_quota")
        assert_openai_error(chat(hb, key), 429, "insufficient_quota")


def test_a_redis_that_restarts_empty_takes_the_stored_budget_back(gateway, stub_upstream, tmp_path, redis_server):
    a, _b, cfg = two_replicas(gateway, stub_upstream, tmp_path, redis_server.url)
    key = create_key(cfg, "--name", "durable", "--token-budget", "30")
    with a.http as http:
        assert [chat(http, key).status_code for _ in range(2)] == [200, 200]
    deadline = time.time() + 10  # until the trace writer has committed the count to the store
    while time.time() < deadline and a.components.keyring.stored_tokens("durable") < 34:
        time.sleep(0.05)
    redis_server.stop()
    redis_server.start()  # empty: no counter, no buckets
    with a.http as http:
        deadline = time.time() + 10
        while time.time() < deadline and a.components.limiter.degraded:
            http.get("/readyz")
            time.sleep(0.1)
        assert_openai_error(chat(http, key), 429, "insufficient_quota")


def test_redis_down_degrades_to_per_replica_limits_and_recovers(gateway, stub_upstream, tmp_path, redis_server, caplog):
    caplog.set_level(logging.INFO, logger="llmgateway.fleet")
    a, b, cfg = two_replicas(gateway, stub_upstream, tmp_path, redis_server.url)
    key = create_key(cfg, "--name", "steady", "--rpm", "6")
    with a.http as http:
        assert http.get("/readyz").json()["checks"]["redis"]["degraded"] is False
    redis_server.stop()
    # each replica now allows 6 / fleet.size = 3 on its own: still near the fleet's 6
    with a.http as ha:
        assert [chat(ha, key).status_code for _ in range(4)] == [200, 200, 200, 429]
        ready = ha.get("/readyz")
        assert ready.status_code == 200 and ready.json()["status"] == "degraded"
        assert ready.json()["checks"]["redis"]["degraded"] is True
    with b.http as hb:
        assert [chat(hb, key).status_code for _ in range(4)] == [200, 200, 200, 429]
    assert caplog.text.count("RATE LIMITS DEGRADED") == 2  # once per replica, not per request
    redis_server.start()
    with a.http as http:
        deadline = time.time() + 10
        while time.time() < deadline and http.get("/readyz").json()["status"] != "ready":
            time.sleep(0.1)
        assert http.get("/readyz").json()["status"] == "ready"
    assert "rate limits restored" in caplog.text
