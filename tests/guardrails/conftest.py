"""Fixtures for the guardrails tests: a copy of the shipped policy pack, a runtime and a stage."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from llmgateway.components import Components
from llmgateway.config import load_settings
from llmgateway.guardrails.runtime import GuardrailsRuntime
from llmgateway.guardrails.settings import GuardrailsSettings
from llmgateway.guardrails.stage import GuardrailsStage
from llmgateway.pipeline import CallContext, CallerKey

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = ROOT / "policies"
ALL_POLICIES = sorted(p.stem for p in SHIPPED.glob("*.yaml"))


@pytest.fixture
def policies_dir(tmp_path) -> Path:
    target = tmp_path / "policies"
    shutil.copytree(SHIPPED, target)
    return target


def make_stage(policies_dir: Path, policies: list[str] | None = None, store=None):
    """A GuardrailsStage on a settings object with one route enforcing ``policies``."""
    policies = ALL_POLICIES if policies is None else policies
    text = (
        f"models: [{{model_name: stub, litellm_params: {{model: openai/stub}}}}]\n"
        f"routes: [{{name: advisor, model: stub, policies: {policies}}}]\n"
        f"paths: {{policies: {policies_dir}}}\n"
    )
    settings = load_settings(text=text, environ={})
    components = Components(settings, store=store)
    runtime = GuardrailsRuntime(components, GuardrailsSettings())
    return GuardrailsStage(settings.routes[0], runtime)


def make_ctx(stage: GuardrailsStage, content: str = "What is a bond ladder?", stream: bool = False) -> CallContext:
    return CallContext(
        trace_id="t" * 32,
        route=stage.route,
        key=CallerKey(name="tester"),
        messages=[{"role": "user", "content": content}],
        params={},
        stream=stream,
    )


async def words(text: str):
    """Deltas as the stub upstream streams them: one word at a time."""
    for i, word in enumerate(text.split(" ")):
        yield word if i == 0 else " " + word


async def collect(iterator) -> str:
    return "".join([piece async for piece in iterator])
