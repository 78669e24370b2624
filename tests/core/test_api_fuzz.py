"""Schemathesis against the whole documented surface of a running gateway: no input gets a 5xx.

Every operation in /openapi.json (each request body is documented, api/schemas.py) is called
with schema-conforming and schema-violating data (NUL bytes included) by the schemathesis CLI —
its examples, coverage (boundary and invalid values of every parameter) and fuzzing phases —
deterministic, with a fixed seed and number of examples, so the run is the same and bounded on
every machine.
The gateway has a pass-through route, a guarded route with the shipped policies, and a route
with a prompt; auth is off so that every operation is reachable (auth has its own tests).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

from llmgateway.app import create_app
from llmgateway.config import load_settings

from ..conftest import ROOT, GatewayHandle, stub_config
from ..stub_upstream import StubUpstream, free_port

EXAMPLES_PER_OPERATION = 40


@pytest.fixture(scope="module")
def fuzzed_gateway(tmp_path_factory, session_embedder):
    base = tmp_path_factory.mktemp("fuzz")
    shutil.copytree(ROOT / "policies", base / "policies")
    shutil.copytree(ROOT / "prompts", base / "prompts")
    stub = StubUpstream().start()
    config = stub_config(
        stub,
        routes=[
            {"name": "chat", "model": "stub"},
            {
                "name": "advisor",
                "model": "stub",
                "policies": sorted(p.stem for p in (base / "policies").glob("*.yaml")),
            },
            {"name": "prompted", "model": "stub", "prompt": "advisor_qa"},
        ],
        store={"url": f"sqlite:///{base / 'data' / 'gateway.db'}"},
        paths={"policies": str(base / "policies"), "prompts": str(base / "prompts"), "data": str(base / "data")},
    )
    (base / "gateway.yaml").write_text(yaml.safe_dump(config, sort_keys=False))
    app = create_app(load_settings(str(base / "gateway.yaml"), environ={}), embedder=session_embedder)
    handle = GatewayHandle(app, app.state.components.settings, free_port(), InMemorySpanExporter()).start()
    yield handle.wait_warm()
    handle.stop()
    stub.stop()


def test_no_input_gets_a_server_error(fuzzed_gateway, tmp_path):
    command = [
        str(Path(sys.executable).parent / "schemathesis"),
        "run",
        f"{fuzzed_gateway.root}/openapi.json",
        "--checks=not_a_server_error",
        "--phases=examples,coverage,fuzzing",
        f"--max-examples={EXAMPLES_PER_OPERATION}",
        "--generation-deterministic",
        "--workers=1",
        "--request-timeout=30",
        "--suppress-health-check=all",
        "--no-color",
        "--report=ndjson",
        f"--report-dir={tmp_path}",
    ]
    run = subprocess.run(command, capture_output=True, text=True, timeout=600, cwd=tmp_path)
    assert run.returncode == 0, run.stdout[-6000:] + run.stderr[-2000:]
    selected = re.search(r"Operations:\s+(\d+) selected / (\d+) total", run.stdout)
    assert selected and selected[1] == selected[2], run.stdout[:800]  # every documented operation was fuzzed
