"""Changes reach every replica through PostgreSQL LISTEN/NOTIFY: two gateways on one PostgreSQL,
with their periodic key refresh and prompt polling switched off, so only a notification can tell them."""

from __future__ import annotations

import shutil
import time

from typer.testing import CliRunner

from llmgateway.cli import app as cli

from ..conftest import ROOT, stub_config
from .test_store import fresh_pg_db  # noqa: F401  (fixture)

runner = CliRunner()


def wait_until(check, timeout: float = 10.0) -> bool:
    deadline = time.time() + timeout
    while time.time() < deadline:
        if check():
            return True
        time.sleep(0.05)
    return check()


def test_revocation_and_label_moves_reach_both_replicas(gateway, stub_upstream, tmp_path, fresh_pg_db):  # noqa: F811
    prompts = tmp_path / "prompts"
    shutil.copytree(ROOT / "prompts", prompts)  # one folder both replicas read (a shared volume)
    config = stub_config(
        stub_upstream,
        auth={"required": True},
        store={"url": fresh_pg_db},
        routes=[{"name": "chat", "model": "stub"}, {"name": "advisor", "model": "stub", "prompt": "advisor_qa"}],
        paths={"prompts": str(prompts)},
        prompts={"reload_interval_s": 0},  # no polling
        fleet={"key_refresh_s": 3600},  # no periodic key refresh
    )
    a = gateway(config, path=tmp_path / "a")
    b = gateway(config, path=tmp_path / "b")
    cfg = str(tmp_path / "a" / "gateway.yaml")
    created = runner.invoke(cli, ["keys", "create", "--config", cfg, "--name", "leaver"])
    assert created.exit_code == 0, created.output
    key = created.stdout.strip().splitlines()[0]

    def status(gw) -> int:
        with gw.http as http:
            return http.post(
                "/v1/chat/completions",
                headers={"authorization": f"Bearer {key}"},
                json={"model": "chat", "messages": [{"role": "user", "content": "hi"}]},
            ).status_code

    assert status(a) == 200 and status(b) == 200
    assert runner.invoke(cli, ["keys", "revoke", "leaver", "--config", cfg]).exit_code == 0
    assert wait_until(lambda: status(a) == 401 and status(b) == 401)

    def production(gw) -> str:
        return gw.components.find_service("prompts.registry").current.labels_snapshot()["advisor_qa"]["production"]

    assert production(a) == production(b) == "v1"
    moved = runner.invoke(cli, ["prompts", "label", "advisor_qa", "production", "v2", "--config", cfg])
    assert moved.exit_code == 0, moved.output
    assert wait_until(lambda: production(a) == "v2" and production(b) == "v2")
    with a.http as http:
        ready = http.get("/readyz").json()
    assert "LISTEN llmgateway_changes: listening" in ready["checks"]["propagation"]["detail"]


def test_replicas_starting_together_migrate_an_empty_postgresql_once(fresh_pg_db):  # noqa: F811
    import os
    import subprocess
    import sys

    code = "import sys; from llmgateway.store.db import EvaluationStore; EvaluationStore(sys.argv[1]).close()"
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    procs = [
        subprocess.Popen([sys.executable, "-c", code, fresh_pg_db], env=env, stderr=subprocess.PIPE, text=True)
        for _ in range(3)
    ]
    for proc in procs:
        _out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err[-2000:]


POLICY = """description: words the desk may not send
rules:
  - id: banned
    description: a banned word
    kind: phrases
    stage: input
    severity: high
    action: block
    phrases: [{word}]
"""


def test_a_policy_edit_seen_by_one_replica_is_pushed_to_the_other(gateway, stub_upstream, tmp_path, fresh_pg_db):  # noqa: F811
    policies = tmp_path / "policies"
    policies.mkdir()
    (policies / "desk.yaml").write_text(POLICY.format(word="moonshot"))

    def config(poll_s: float) -> dict:
        return stub_config(
            stub_upstream,
            store={"url": fresh_pg_db},
            routes=[{"name": "chat", "model": "stub", "policies": ["desk"]}],
            paths={"policies": str(policies)},
            guardrails={"poll_interval_s": poll_s},
        )

    a = gateway(config(0.2), path=tmp_path / "a")
    b = gateway(config(60), path=tmp_path / "b")  # polls once a minute: only a notification can tell it sooner

    def blocked(gw, text: str) -> bool:
        with gw.http as http:
            return (
                http.post(
                    "/v1/chat/completions", json={"model": "chat", "messages": [{"role": "user", "content": text}]}
                ).status_code
                == 400
            )

    assert blocked(b, "a moonshot idea") and not blocked(b, "a rocketship idea")
    (policies / "desk.yaml").write_text(POLICY.format(word="rocketship"))
    assert wait_until(lambda: blocked(a, "a rocketship idea"))
    assert wait_until(lambda: blocked(b, "a rocketship idea"))
    assert not blocked(b, "a moonshot idea")
