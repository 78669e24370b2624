"""The optional LLM judge for borderline text (rule kind ``llm_judge``; off by default).

The judge asks a configured upstream model a yes/no question about the text. It goes through
``components.upstream`` when that offers ``acompletion`` (the gateway's own router, with its
fallbacks), else straight to litellm with the deployment's ``litellm_params`` from gateway.yaml.
A judge that fails or times out does not block: the failure is logged and the rule passes, so an
upstream outage cannot turn into refusing every answer (the deterministic rules still apply).
"""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from ..components import Components
    from .settings import LlmJudgeSettings

log = logging.getLogger("llmgateway.guardrails")

JUDGE_SYSTEM = (
    "You are a compliance reviewer at a broker-dealer. Answer the question about the text "
    "with exactly one word: YES or NO."
)


def make_judge(components: Components, settings: LlmJudgeSettings, route_model: str | None):
    async def judge(question: str, text: str, model: str | None) -> bool:
        model_name = model or settings.model or route_model
        if not model_name:
            log.error("llm_judge: no model configured (guardrails.llm_judge.model); rule skipped")
            return False
        messages = [
            {"role": "system", "content": JUDGE_SYSTEM},
            {"role": "user", "content": f'Question: {question}\n\nText:\n"""\n{text}\n"""\n\nYES or NO?'},
        ]
        try:
            reply = await asyncio.wait_for(_complete(components, model_name, messages), settings.timeout_s)
        except Exception as exc:  # timeout, refused, a provider's 5xx (litellm's own error types)
            # guardrails never fail open: a judge that cannot answer counts as YES (the rule applies)
            log.error("llm_judge call to %s failed; failing closed, the rule applies: %r", model_name, exc)
            return True
        return reply.strip().upper().startswith("YES")

    return judge


async def _complete(components: Components, model_name: str, messages: list[dict]) -> str:
    upstream = components.upstream
    if upstream is not None and hasattr(upstream, "acompletion"):
        response = await upstream.acompletion(model=model_name, messages=messages, max_tokens=3, temperature=0)
    else:
        import litellm

        deployment = next((d for d in components.settings.models if d.model_name == model_name), None)
        if deployment is None:
            raise ValueError(f"llm_judge model '{model_name}' is not a model_name in gateway.yaml")
        params = deployment.litellm_params.model_dump(exclude_none=True, exclude={"weight"})
        response = await litellm.acompletion(messages=messages, max_tokens=3, temperature=0, **params)
    choice = response["choices"][0] if isinstance(response, dict) else response.choices[0]
    message = choice["message"] if isinstance(choice, dict) else choice.message
    content = message["content"] if isinstance(message, dict) else message.content
    return content or ""
