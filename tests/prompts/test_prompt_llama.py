"""The sample prompt against the real demo model (SmolLM2-135M, 2048-token context, llama.cpp)."""

from __future__ import annotations

import pytest

from llmgateway.prompts import plugin as prompts_plugin

pytestmark = pytest.mark.llama


@pytest.mark.parametrize("ref", ["advisor_qa@v1", "advisor_qa@v2"])
def test_sample_prompt_fits_the_demo_model_and_is_answered(ref, gateway, llama_server, prompts_dir, tmp_path):
    config = {
        "models": [
            {
                "model_name": "smollm2",
                "litellm_params": {
                    "model": "openai/smollm2",
                    "api_base": llama_server.base_url,
                    "api_key": "none",
                    "timeout": 120,
                },
            }
        ],
        "routes": [{"name": "advisor", "model": "smollm2", "prompt": ref}],
        "auth": {"required": False},
    }
    gw = gateway(config, tmp_path, plugins=[prompts_plugin.plugin])
    history = [
        {"role": "user", "content": "Which company do you cover?"},
        {"role": "assistant", "content": "ACME Corp."},
    ]
    raw = gw.client.chat.completions.with_raw_response.create(
        model="advisor",
        user="advisor-1",
        max_tokens=48,
        messages=[*history, {"role": "user", "content": "What was ACME's revenue last quarter?"}],
    )
    completion = raw.parse()
    assert completion.choices[0].message.content.strip()
    # the rendered prompt, history included, leaves room for the answer in the 2048-token context
    assert completion.usage.prompt_tokens < 2048 - 300
    record = gw.wait_for_trace(raw.headers["x-trace-id"])
    assert record["prompt_version"] == ref.split("@")[1] and record["status"] == "ok"
    assert record["upstream_messages"][-1]["content"].endswith("Question: What was ACME's revenue last quarter?")
