"""Hot reload (valid edit served, invalid edit keeps the last good set), refusing to start, and the CLI."""

from __future__ import annotations

import time

import pytest
from typer.testing import CliRunner

from llmgateway.errors import ConfigError
from llmgateway.guardrails import plugin as guardrails_plugin
from llmgateway.guardrails.cli import app, audit_app

from ..conftest import stub_config
from .conftest import ALL_POLICIES, SHIPPED, make_stage

runner = CliRunner()


def wait_until(predicate, timeout=15.0):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    raise AssertionError("condition not reached")


def test_valid_edit_takes_effect_and_invalid_edit_keeps_last_good_set(gateway, stub_upstream, tmp_path, policies_dir):
    config = stub_config(
        stub_upstream,
        routes=[{"name": "advisor", "model": "stub", "policies": ALL_POLICIES}],
        paths={"policies": str(policies_dir)},
        guardrails={"poll_interval_s": 0.2},
    )
    gw = gateway(config, tmp_path, plugins=[guardrails_plugin.plugin])
    stub_upstream.reply = "Our fund is a rocketship."

    def ask():
        return gw.client.chat.completions.create(model="advisor", messages=[{"role": "user", "content": "Hi"}])

    assert ask().choices[0].finish_reason == "stop"
    with gw.http as http:
        first_hash = http.get("/api/policies").json()["hash"]
    slang = policies_dir / "finra_communications.yaml"
    slang.write_text(slang.read_text().replace("      - sure thing\n", "      - sure thing\n      - rocketship\n"))
    wait_until(lambda: ask().choices[0].finish_reason == "content_filter")

    broken = policies_dir / "suitability.yaml"
    broken.write_text(broken.read_text().replace("action: review", "action: hold", 1))
    with gw.http as http:
        wait_until(lambda: http.get("/api/policies").json()["last_error"])
        status = http.get("/api/policies").json()
    assert status["hash"] != first_hash
    assert (
        "suitability.yaml" in status["last_error"]
        and "'block', 'redact', 'disclose', 'review' or 'log'" in status["last_error"]
    )
    assert {f["policy"] for f in status["files"]} == set(ALL_POLICIES)
    assert ask().choices[0].finish_reason == "content_filter"  # the last good set still serves


def test_gateway_refuses_to_start_on_a_broken_policy(policies_dir):
    (policies_dir / "mnpi.yaml").write_text("description: x\nrules:\n  - id: a\n    kind: regex\n")
    with pytest.raises(ConfigError) as info:
        make_stage(policies_dir)
    assert "mnpi.yaml:3" in str(info.value)


def test_route_naming_a_missing_policy_refuses_to_start(gateway, stub_upstream, tmp_path, policies_dir):
    config = stub_config(
        stub_upstream,
        routes=[{"name": "advisor", "model": "stub", "policies": ["nope"]}],
        paths={"policies": str(policies_dir)},
    )
    with pytest.raises(ConfigError) as info:
        gateway(config, tmp_path, plugins=[guardrails_plugin.plugin])
    assert "nope" in str(info.value) and "routes[0].policies" in str(info.value)


def test_policy_test_passes_on_the_shipped_pack():
    result = runner.invoke(app, ["test", str(SHIPPED)])
    assert result.exit_code == 0, result.output
    assert " 0 failed" in result.output and "FAIL" not in result.output


def test_policy_test_fails_when_an_example_is_not_caught(policies_dir):
    path = policies_dir / "finra_communications.yaml"
    path.write_text(
        path.read_text().replace(
            '        - "Honestly, this stock is a sure thing."\n',
            '        - "Honestly, this stock is a sure thing."\n        - "This stock is a fine long-term holding."\n',
        )
    )
    result = runner.invoke(app, ["test", str(policies_dir)])
    assert result.exit_code == 1
    assert "promissory-slang" in result.output and "a fine long-term holding" in result.output


def test_policy_validate_names_file_line_key_and_allowed_values(policies_dir):
    assert runner.invoke(app, ["validate", str(policies_dir)]).exit_code == 0
    path = policies_dir / "tax_legal.yaml"
    path.write_text(path.read_text().replace("    stage: output\n", "    stage: outptu\n    colour: red\n", 1))
    result = runner.invoke(app, ["validate", str(policies_dir)])
    assert result.exit_code == 1
    lines = path.read_text().splitlines()
    stage_line = next(i for i, line in enumerate(lines, 1) if "stage: outptu" in line)
    assert f"tax_legal.yaml:{stage_line}: key 'rules[0].stage'" in result.output
    assert "'input', 'output' or 'both'" in result.output
    assert "unknown key 'colour'" in result.output and "allowed keys here:" in result.output


def test_audit_verify_reports_an_edited_entry(tmp_path):
    from sqlalchemy import update

    from llmgateway.store.audit import append_audit
    from llmgateway.store.db import EvaluationStore
    from llmgateway.store.models import AuditEntry

    url = f"sqlite:///{tmp_path / 'audit.db'}"
    store = EvaluationStore(url)
    for i in range(3):
        append_audit(store, "guardrail.decision", "tester", {"n": i})
    ok = runner.invoke(audit_app, ["verify", "--store-url", url])
    assert ok.exit_code == 0 and "3 entries" in ok.output
    with store.session() as session:
        session.execute(update(AuditEntry).where(AuditEntry.seq == 2).values(payload={"n": 99}))
        session.commit()
    bad = runner.invoke(audit_app, ["verify", "--store-url", url])
    assert bad.exit_code == 1 and "entry 2" in bad.output
