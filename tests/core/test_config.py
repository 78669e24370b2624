"""Configuration: precedence, LiteLLM paste-in, and errors that name file, line, key and choices."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

from llmgateway.config import load_settings
from llmgateway.errors import ConfigError

LITELLM_PROXY_CONFIG = """
model_list:
  - model_name: gpt-4o
    litellm_params:
      model: azure/gpt-4o
      api_base: https://example.invalid/
      api_key: os.environ/AZURE_API_KEY
      api_version: "2024-06-01"
  - model_name: local
    litellm_params:
      model: openai/smollm2
      api_base: http://127.0.0.1:8081/v1
router_settings:
  num_retries: 2
  fallbacks: [{"gpt-4o": ["local"]}]
general_settings:
  master_key: sk-1234
routes:
  - name: advisor
    model: gpt-4o
"""


def write(tmp_path, text: str):
    path = tmp_path / "gateway.yaml"
    path.write_text(textwrap.dedent(text))
    return str(path)


def test_litellm_proxy_config_pastes_in(tmp_path):
    settings = load_settings(write(tmp_path, LITELLM_PROXY_CONFIG), environ={})
    assert [d.model_name for d in settings.models] == ["gpt-4o", "local"]
    assert settings.models[0].litellm_params.model_extra["api_version"] == "2024-06-01"
    assert settings.num_retries == 2 and settings.fallbacks == [{"gpt-4o": ["local"]}]
    from llmgateway.upstream import DirectDeployment, LiteLLMDeployment, Upstream

    upstream = Upstream(settings)
    assert isinstance(upstream.groups["gpt-4o"][0], LiteLLMDeployment)  # translated by litellm
    assert isinstance(upstream.groups["local"][0], DirectDeployment)  # the fast path


def test_precedence_flag_over_env_over_file_over_default(tmp_path):
    path = write(
        tmp_path,
        """
        models: [{model_name: m, litellm_params: {model: openai/x, api_base: "http://h/v1"}}]
        server: {port: 9000, host: 0.0.0.0}
        auth: {required: true}
    """,
    )
    settings = load_settings(path, environ={})
    assert settings.server.port == 9000 and settings.auth.required is True
    assert settings.server.max_body_bytes == 1_048_576  # default
    env = {"LLMGATEWAY_SERVER__PORT": "9100", "LLMGATEWAY_AUTH__REQUIRED": "false"}
    settings = load_settings(path, environ=env)
    assert settings.server.port == 9100 and settings.auth.required is False and settings.server.host == "0.0.0.0"
    settings = load_settings(path, environ=env, overrides={"server": {"port": 9200}})
    assert settings.server.port == 9200
    # the config path itself can come from the environment
    assert load_settings(None, environ={"LLMGATEWAY_CONFIG": path}).server.port == 9000
    # relative paths are relative to the config file; store defaults to data/ next to it
    assert settings.store_url == f"sqlite:///{tmp_path / 'data' / 'llmgateway.db'}"
    assert settings.policies_dir == tmp_path / "policies"


@pytest.mark.parametrize(
    "text, line, needles",
    [
        ("routes:\n  - name: a\n    model: ghost\n", 3, ["routes[0].model", "unknown model 'ghost'", "model_name"]),
        ("auth:\n  required: maybe\n", 2, ["auth.required", "boolean", "'maybe'"]),
        ("server:\n  port: 70000\n", 2, ["server.port", "70000", "65535"]),
        ("routs:\n  - name: a\n", 1, ["routs", "Extra inputs are not permitted"]),
        ("routes:\n  - name: a\n    model: m\n    colour: red\n", 4, ["routes[0].colour"]),
        ("models: [\n  {model_name: m\n", None, ["invalid YAML"]),
    ],
)
def test_invalid_config_names_file_line_key_and_what_is_allowed(tmp_path, text, line, needles):
    base = "models: [{model_name: m, litellm_params: {model: openai/x, api_base: 'http://h/v1'}}]\n"
    path = write(tmp_path, text if text.startswith("models") else base + text)
    with pytest.raises(ConfigError) as err:
        load_settings(path, environ={})
    message = str(err.value)
    assert path in message
    if line is not None:
        assert f"{path}:{line + (0 if text.startswith('models') else 1)}" in message, message
    for needle in needles:
        assert needle in message, message


def test_serve_refuses_to_start_on_an_invalid_config(tmp_path):
    path = write(tmp_path, "models: []\nroutes:\n  - name: a\n    model: nothing\n")
    result = subprocess.run(
        [sys.executable, "-m", "llmgateway.cli", "serve", "--config", path], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 2
    assert (
        f"{path}:4" in result.stderr
        and "routes[0].model" in result.stderr
        and "unknown model 'nothing'" in result.stderr
    )
