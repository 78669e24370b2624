"""``DirectDeployment``: an OpenAI-compatible server reached with one aiohttp POST (the hot path)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import aiohttp
import orjson

from ..config import Deployment
from ..errors import StreamCutOff, UpstreamError, UpstreamTimeout
from .deployment import BaseDeployment, Completion, StreamDelta, error_message, map_status


class DirectDeployment(BaseDeployment):
    """An OpenAI-compatible server reached with one shared aiohttp session."""

    def __init__(self, spec: Deployment, default_timeout: float, session_getter):
        super().__init__(spec, default_timeout)
        if not self.api_base:
            self.api_base = "https://api.openai.com/v1"
        self._session = session_getter
        self.headers = {"content-type": "application/json"}
        if self.api_key:
            self.headers["authorization"] = f"Bearer {self.api_key}"

    def _not_reached(self, exc: Exception) -> UpstreamError:
        """A request that got no answer: a timeout, or a connection the server refused or dropped."""
        if isinstance(exc, TimeoutError):
            return UpstreamTimeout(f"upstream {self.name} did not answer within {self.timeout:g}s", detail=self.label)
        return UpstreamError(
            f"upstream {self.name} unreachable", detail=f"{self.label}: {exc.__class__.__name__}: {exc}"
        )

    def _body(self, messages, params, stream: bool) -> bytes:
        extra = (
            {
                k: v
                for k, v in self.spec.litellm_params.model_extra.items()
                if k in ("temperature", "max_tokens", "top_p", "seed", "stop")
            }
            if self.spec.litellm_params.model_extra
            else {}
        )
        return orjson.dumps({**extra, **params, "model": self.model_id, "messages": messages, "stream": stream})

    async def complete(self, messages, params) -> Completion:
        try:
            async with self._session().post(
                f"{self.api_base}/chat/completions",
                data=self._body(messages, params, False),
                headers=self.headers,
                timeout=aiohttp.ClientTimeout(total=self.timeout),
            ) as resp:
                raw = await resp.read()
                if resp.status >= 400:
                    raise map_status(resp.status, error_message(raw), self.name, self.label)
        except (TimeoutError, aiohttp.ClientError) as exc:
            raise self._not_reached(exc) from None
        try:
            data = orjson.loads(raw)
            choice = data["choices"][0]
            message = choice.get("message") or {}
        except (orjson.JSONDecodeError, KeyError, IndexError, TypeError):
            raise UpstreamError(
                f"upstream {self.name} sent an unreadable completion", detail=f"{self.label}: {raw[:200]!r}"
            ) from None
        usage = data.get("usage") or {}
        return Completion(
            text=message.get("content") or "",
            finish_reason=choice.get("finish_reason"),
            prompt_tokens=usage.get("prompt_tokens"),
            completion_tokens=usage.get("completion_tokens"),
            response_model=data.get("model"),
            deployment=self.label,
            tool_calls=message.get("tool_calls"),
        )

    async def open_stream(self, messages, params) -> AsyncIterator[StreamDelta]:
        """Connects and checks the status before returning, so failures can still fail over."""
        try:
            resp = await self._session().post(
                f"{self.api_base}/chat/completions",
                data=self._body(messages, params, True),
                headers=self.headers,
                timeout=aiohttp.ClientTimeout(total=None, sock_connect=self.timeout, sock_read=self.stream_timeout),
            )
        except (TimeoutError, aiohttp.ClientError) as exc:
            raise self._not_reached(exc) from None
        if resp.status >= 400:
            raw = await resp.read()
            resp.release()
            raise map_status(resp.status, error_message(raw), self.name, self.label)
        return self._iterate(resp)

    async def _iterate(self, resp) -> AsyncIterator[StreamDelta]:
        finished = False  # a finish_reason or [DONE] seen: without either the answer was cut off
        try:
            async for line in resp.content:
                line = line.strip()
                if not line.startswith(b"data:"):
                    continue
                payload = line[5:].strip()
                if payload == b"[DONE]":
                    finished = True
                    break
                try:
                    data = orjson.loads(payload)
                except orjson.JSONDecodeError:
                    continue
                usage = data.get("usage") or {}
                choices = data.get("choices") or [{}]
                delta = choices[0].get("delta") or {}
                finished = finished or bool(choices[0].get("finish_reason"))
                yield StreamDelta(
                    text=delta.get("content") or "",
                    finish_reason=choices[0].get("finish_reason"),
                    prompt_tokens=usage.get("prompt_tokens"),
                    completion_tokens=usage.get("completion_tokens"),
                    response_model=data.get("model"),
                )
        except TimeoutError:
            raise UpstreamTimeout(f"upstream {self.name} stalled mid-stream", detail=self.label) from None
        except aiohttp.ClientError as exc:
            raise UpstreamError(f"upstream {self.name} broke the stream", detail=f"{self.label}: {exc}") from None
        finally:
            resp.release()
        if not finished:
            raise StreamCutOff(self.name, self.label)

    async def embed(self, inputs: list[str]) -> dict:
        try:
            async with self._session().post(
                f"{self.api_base}/embeddings",
                headers=self.headers,
                data=orjson.dumps({"model": self.model_id, "input": inputs}),
                timeout=aiohttp.ClientTimeout(total=self.timeout),
            ) as resp:
                raw = await resp.read()
                if resp.status >= 400:
                    raise map_status(resp.status, error_message(raw), self.name, self.label)
                return orjson.loads(raw)
        except TimeoutError:
            raise UpstreamTimeout(
                f"upstream {self.name} did not answer within {self.timeout:g}s", detail=self.label
            ) from None
        except aiohttp.ClientError as exc:
            raise UpstreamError(f"upstream {self.name} unreachable", detail=f"{self.label}: {exc}") from None
