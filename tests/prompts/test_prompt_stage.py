"""PromptStage on its own: which version a call gets, parameters, model override, and who may override."""

from __future__ import annotations

import asyncio

import pytest

from llmgateway.components import Components
from llmgateway.config import RouteConfig, load_settings
from llmgateway.errors import PermissionDenied
from llmgateway.pipeline import CallContext, CallerKey
from llmgateway.prompts.plugin import build_stage, registry_holder
from llmgateway.prompts.stage import bucket_key

from .conftest import write_version

MODELS = [
    {"model_name": "stub", "litellm_params": {"model": "openai/stub"}},
    {"model_name": "big", "litellm_params": {"model": "openai/big"}},
]


def components_for(prompts_dir, **prompts_section):
    settings = load_settings(
        text="{}",
        environ={},
        overrides={
            "models": MODELS,
            "paths": {"prompts": str(prompts_dir)},
            "prompts": prompts_section,
            "routes": [{"name": "advisor", "model": "stub", "prompt": "advisor_qa"}],
        },
    )
    return Components(settings)


def context(route, *, user=None, metadata=None, params=None, override=False, trace_id="t" * 32):
    return CallContext(
        trace_id=trace_id,
        route=route,
        key=CallerKey(name="k", allow_prompt_override=override),
        messages=[{"role": "user", "content": "Q?"}],
        params=params or {},
        user=user,
        metadata=metadata or {},
        upstream_model=route.model,
    )


def prepared(stage, ctx):
    asyncio.run(stage.prepare(ctx))
    asyncio.run(stage.compose(ctx))
    return ctx


def test_bucket_key_prefers_user_then_conversation_then_request():
    route = RouteConfig(name="r", model="stub")
    assert bucket_key(context(route, user="adv-1", metadata={"conversation_id": "c9"})) == "adv-1"
    assert bucket_key(context(route, metadata={"conversation_id": "c9"})) == "c9"
    assert bucket_key(context(route, trace_id="abc")) == "abc"


def test_conversation_id_keeps_a_conversation_on_one_version(prompts_dir):
    (prompts_dir / "advisor_qa" / "labels.yaml").write_text("production: {v1: 50, v2: 50}\n")
    components = components_for(prompts_dir)
    route = components.settings.routes[0]
    stage = build_stage(route, components)
    seen = {}
    for conversation in range(40):
        versions = {
            prepared(
                stage, context(route, metadata={"conversation_id": f"c{conversation}"}, trace_id=f"{turn:032d}")
            ).prompt.version
            for turn in range(3)
        }
        assert len(versions) == 1
        seen[conversation] = versions.pop()
    assert set(seen.values()) == {"v1", "v2"}


def test_override_needs_the_key_permission(prompts_dir):
    components = components_for(prompts_dir)
    route = components.settings.routes[0]
    stage = build_stage(route, components)
    with pytest.raises(PermissionDenied) as err:
        asyncio.run(stage.prepare(context(route, metadata={"prompt": "@staging"})))
    assert err.value.status == 403 and err.value.param == "metadata.prompt"
    ctx = prepared(stage, context(route, metadata={"prompt": "@v2"}, override=True))
    assert ctx.prompt.version == "v2" and ctx.prompt.source == "override"


def test_params_precedence_and_model_override(prompts_dir):
    write_version(
        prompts_dir,
        "advisor_qa",
        "v3",
        "model: big\nparams: {temperature: 0.9, top_p: 0.5}\n"
        'messages:\n  - role: user\n    content: "{{ question }}"\n',
    )
    (prompts_dir / "advisor_qa" / "labels.yaml").write_text("production: v3\n")
    components = components_for(prompts_dir, serve_unreleased=True)
    route = components.settings.routes[0]
    ctx = prepared(build_stage(route, components), context(route, params={"temperature": 0.1}))
    assert ctx.params == {"temperature": 0.1, "top_p": 0.5} and ctx.prompt.params_applied == ["top_p"]
    assert ctx.upstream_model == "big" and ctx.upstream_messages == [{"role": "user", "content": "Q?"}]

    components = components_for(prompts_dir, serve_unreleased=True, params_precedence="prompt")
    ctx = prepared(build_stage(route, components), context(route, params={"temperature": 0.1}))
    assert ctx.params["temperature"] == 0.9


def test_unreleased_version_is_not_served_unless_allowed(prompts_dir):
    write_version(prompts_dir, "advisor_qa", "v3", 'messages:\n  - role: user\n    content: "{{ question }}"\n')
    (prompts_dir / "advisor_qa" / "labels.yaml").write_text("production: v3\n")
    from llmgateway.errors import ConfigError

    with pytest.raises(ConfigError, match="not released"):
        registry_holder(components_for(prompts_dir))


def test_unknown_model_override_names_the_version_file(prompts_dir):
    path = write_version(
        prompts_dir,
        "advisor_qa",
        "v3",
        'description: d\nmodel: gpt-9\nmessages:\n  - role: user\n    content: "{{ question }}"\n',
    )
    (prompts_dir / "advisor_qa" / "labels.yaml").write_text("production: v3\n")
    from llmgateway.errors import ConfigError

    with pytest.raises(ConfigError) as err:
        registry_holder(components_for(prompts_dir, serve_unreleased=True))
    assert f"{path}:2" in str(err.value) and "gpt-9" in str(err.value)


def test_caller_variables_from_metadata(prompts_dir):
    components = components_for(prompts_dir)
    route = components.settings.routes[0]
    stage = build_stage(route, components)
    ctx = prepared(
        stage, context(route, metadata={"prompt": "@v2", "prompt_variables": '{"firm": "Example Bank"}'}, override=True)
    )
    assert "Example Bank" in ctx.upstream_messages[0]["content"]
