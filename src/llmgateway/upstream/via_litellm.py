"""``LiteLLMDeployment``: every provider litellm knows, imported lazily so the direct path never pays for it."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

from ..errors import GatewayError, StreamCutOff, UpstreamError, UpstreamTimeout
from .deployment import BaseDeployment, Completion, StreamDelta, map_status


class LiteLLMDeployment(BaseDeployment):
    """Any provider litellm knows; imported lazily so the direct path never pays for it."""

    def _kwargs(self, messages, params, stream):
        extra = dict(self.spec.litellm_params.model_extra or {})
        return {
            **extra,
            **params,
            "model": self.litellm_model,
            "messages": messages,
            "stream": stream,
            "api_base": self.api_base,
            "api_key": self.api_key,
            "timeout": self.timeout,
            "num_retries": 0,
        }

    async def complete(self, messages, params) -> Completion:
        import litellm

        try:
            resp = await litellm.acompletion(**self._kwargs(messages, params, False))
        except Exception as exc:  # litellm maps every provider error; we translate them once, here
            raise map_litellm(exc, self.name, self.label) from None
        choice = resp.choices[0]
        usage = getattr(resp, "usage", None)
        return Completion(
            text=choice.message.content or "",
            finish_reason=choice.finish_reason,
            prompt_tokens=getattr(usage, "prompt_tokens", None),
            completion_tokens=getattr(usage, "completion_tokens", None),
            response_model=resp.model,
            deployment=self.label,
        )

    async def open_stream(self, messages, params) -> AsyncIterator[StreamDelta]:
        import litellm

        try:
            resp = await litellm.acompletion(**self._kwargs(messages, params, True))
        except Exception as exc:
            raise map_litellm(exc, self.name, self.label) from None

        async def iterate():
            finished = False
            try:
                async for chunk in resp:
                    choice = chunk.choices[0] if chunk.choices else None
                    usage = getattr(chunk, "usage", None)
                    finished = finished or bool(choice and choice.finish_reason)
                    yield StreamDelta(
                        text=(choice.delta.content or "") if choice else "",
                        finish_reason=choice.finish_reason if choice else None,
                        prompt_tokens=getattr(usage, "prompt_tokens", None),
                        completion_tokens=getattr(usage, "completion_tokens", None),
                        response_model=getattr(chunk, "model", None),
                    )
            except Exception as exc:
                raise map_litellm(exc, self.name, self.label) from None
            if not finished:
                raise StreamCutOff(self.name, self.label)

        return iterate()

    async def embed(self, inputs: list[str]) -> dict:
        import litellm

        try:
            resp = await litellm.aembedding(
                model=self.litellm_model,
                input=inputs,
                api_base=self.api_base,
                api_key=self.api_key,
                timeout=self.timeout,
            )
        except Exception as exc:
            raise map_litellm(exc, self.name, self.label) from None
        return resp.model_dump()


def map_litellm(exc: Exception, name: str, label: str) -> GatewayError:
    status = getattr(exc, "status_code", None)
    kind = type(exc).__name__
    if "Timeout" in kind or isinstance(exc, asyncio.TimeoutError):
        return UpstreamTimeout(f"upstream {name} timed out", detail=f"{label}: {exc}")
    if isinstance(status, int) and status < 500 and "Connection" not in kind:
        return map_status(status, str(exc), name, label)
    return UpstreamError(f"upstream {name} failed ({kind})", detail=f"{label}: {exc}")
