"""Runs one call through its route's stages and the upstream, and records the trace.

The API layer authenticates, validates and opens the server span; the ``Executor`` does the rest:
stage passes (see pipeline.py), the upstream call as a GenAI span, output checks (non-streamed) or
stream filters (streamed), the response body, and one trace record handed to the writer's queue.
"""

from __future__ import annotations

import logging
import time
from collections.abc import AsyncIterator
from datetime import UTC, datetime

import orjson
from opentelemetry import trace
from opentelemetry.trace import SpanKind, Status, StatusCode

from .components import Components
from .errors import ClientClosed, GatewayError, UpstreamError
from .pipeline import CallContext, Stage
from .tracing.otel import set_attributes
from .upstream import Completion, StreamDelta

log = logging.getLogger("llmgateway.executor")


def _ms(since: float) -> float:
    return round((time.perf_counter() - since) * 1000, 3)


def _estimate_tokens(text: str) -> int:
    return max(1, len(text) // 4) if text else 0


class Executor:
    def __init__(self, components: Components, stages_by_route: dict[str, list[Stage]]):
        self.c = components
        self.tracer = components.tracer
        self.stages_by_route = stages_by_route
        components.execute = self.execute_detached

    def stages(self, ctx: CallContext) -> list[Stage]:
        return self.stages_by_route.get(ctx.route.name, [])

    # -- stage passes --------------------------------------------------------------------
    async def _prepare(self, ctx: CallContext, parent) -> None:
        try:
            await self._run_passes(ctx, parent)
        finally:
            if ctx.prompt:  # the prompt that produced the answer, on the request's own span too
                set_attributes(
                    parent, {f"llmgateway.prompt.{k}": ctx.prompt.get(k) for k in ("name", "version", "hash", "role")}
                )

    async def _run_passes(self, ctx: CallContext, parent) -> None:
        pctx = trace.set_span_in_context(parent)
        for pass_name in ("prepare", "compose"):
            for stage in self.stages(ctx):
                if not stage.overrides(pass_name):
                    continue
                t0 = time.perf_counter()
                with self.tracer.start_as_current_span(f"{stage.name}.{pass_name}", context=pctx) as span:
                    span.set_attribute("llmgateway.stage", stage.name)
                    await getattr(stage, pass_name)(ctx)
                key = stage.name if pass_name == "prepare" else f"{stage.name}.{pass_name}"
                ctx.stage_ms[key] = ctx.stage_ms.get(key, 0) + _ms(t0)

    def _upstream_span(self, ctx: CallContext, parent):
        group = self.c.upstream.groups.get(ctx.upstream_model) or []
        dep = group[0] if group else None
        request_model = dep.model_id if dep else ctx.upstream_model
        span = self.tracer.start_span(
            f"chat {request_model}", context=trace.set_span_in_context(parent), kind=SpanKind.CLIENT
        )
        set_attributes(
            span,
            {
                "gen_ai.operation.name": "chat",
                "gen_ai.provider.name": dep.provider if dep else None,
                "gen_ai.request.model": request_model,
                "llmgateway.model_group": ctx.upstream_model,
                "gen_ai.request.temperature": ctx.params.get("temperature"),
                "gen_ai.request.max_tokens": ctx.params.get("max_tokens"),
                "gen_ai.request.stream": ctx.stream,
            },
        )
        return span

    @staticmethod
    def _end_upstream_span(span, *, response_model, finish_reason, prompt_tokens, completion_tokens, error=None):
        set_attributes(
            span,
            {
                "gen_ai.response.model": response_model,
                "gen_ai.usage.input_tokens": prompt_tokens,
                "gen_ai.usage.output_tokens": completion_tokens,
                "gen_ai.response.finish_reasons": [finish_reason] if finish_reason else None,
            },
        )
        if error is not None:
            span.set_status(Status(StatusCode.ERROR, error.message))
            span.set_attribute("error.type", type(error).__name__)
        span.end()

    # -- non-streamed ----------------------------------------------------------------------
    async def complete(self, ctx: CallContext, server_span) -> dict:
        completion: Completion | None = None
        try:
            await self._prepare(ctx, server_span)
            span = self._upstream_span(ctx, server_span)
            t0 = time.perf_counter()
            try:
                completion = await self.c.upstream.complete(ctx.upstream_model, ctx.outgoing_messages(), ctx.params)
            except GatewayError as exc:
                self._end_upstream_span(
                    span, response_model=None, finish_reason=None, prompt_tokens=None, completion_tokens=None, error=exc
                )
                raise
            ctx.stage_ms["upstream"] = _ms(t0)
            self._end_upstream_span(
                span,
                response_model=completion.response_model,
                finish_reason=completion.finish_reason,
                prompt_tokens=completion.prompt_tokens,
                completion_tokens=completion.completion_tokens,
            )
            text = completion.text
            pctx = trace.set_span_in_context(server_span)
            for stage in self.stages(ctx):
                if stage.overrides("check_output"):
                    t0 = time.perf_counter()
                    with self.tracer.start_as_current_span(f"{stage.name}.check_output", context=pctx):
                        text = await stage.check_output(ctx, text)
                    ctx.stage_ms[f"{stage.name}.output"] = _ms(t0)
        except GatewayError as exc:
            self.record(ctx, status_code=exc.status, text=None, finish_reason=None, completion=completion, error=exc)
            raise
        finish = ctx.finish_reason or completion.finish_reason or "stop"
        if self.c.keyring and ctx.parent_trace_id is None:  # a shadow call is the firm's cost, not the caller's
            self.c.keyring.spend(ctx.key.name, (completion.prompt_tokens or 0) + (completion.completion_tokens or 0))
        self.record(ctx, status_code=200, text=text, finish_reason=finish, completion=completion)
        self._after(ctx, text)
        message = {"role": "assistant", "content": text}
        if completion.tool_calls and finish != "content_filter":
            message["tool_calls"] = completion.tool_calls
        return {
            "id": f"chatcmpl-{ctx.trace_id}",
            "object": "chat.completion",
            "created": int(ctx.request_time),
            "model": ctx.route.name,
            "system_fingerprint": None,
            "choices": [{"index": 0, "message": message, "finish_reason": finish, "logprobs": None}],
            "usage": _usage(completion.prompt_tokens, completion.completion_tokens),
            **ctx.response_fields,
        }

    async def execute_detached(self, ctx: CallContext) -> dict | None:
        """A whole call with no HTTP caller (shadow challengers): its own root span and trace."""
        with self.tracer.start_as_current_span(f"shadow {ctx.route.name}", kind=SpanKind.INTERNAL) as span:
            ctx.trace_id = format(span.get_span_context().trace_id, "032x")
            try:
                return await self.complete(ctx, span)
            except GatewayError as exc:
                log.info("detached call on route %s ended with %s", ctx.route.name, exc.message)
                return None

    def _after(self, ctx: CallContext, text: str) -> None:
        for stage in self.stages(ctx):
            if stage.overrides("after_response"):
                self.c.spawn(stage.after_response(ctx, text))

    # -- streamed -------------------------------------------------------------------------
    async def open_stream(self, ctx: CallContext, server_span) -> AsyncIterator[bytes]:
        """Run the stages and open the upstream stream; errors here are still plain HTTP errors."""
        try:
            await self._prepare(ctx, server_span)
            span = self._upstream_span(ctx, server_span)
            t0 = time.perf_counter()
            params = dict(ctx.params)
            try:
                deltas = await self.c.upstream.stream(ctx.upstream_model, ctx.outgoing_messages(), params)
            except GatewayError as exc:
                self._end_upstream_span(
                    span, response_model=None, finish_reason=None, prompt_tokens=None, completion_tokens=None, error=exc
                )
                raise
        except GatewayError as exc:
            self.record(ctx, status_code=exc.status, text=None, finish_reason=None, completion=None, error=exc)
            raise
        return self._sse(ctx, server_span, span, deltas, t0)

    async def _sse(self, ctx: CallContext, server_span, up_span, deltas: AsyncIterator[StreamDelta], t0: float):
        state = Completion(text="", finish_reason=None)
        include_usage = bool((ctx.params.get("stream_options") or {}).get("include_usage"))
        head = {
            "id": f"chatcmpl-{ctx.trace_id}",
            "object": "chat.completion.chunk",
            "created": int(ctx.request_time),
            "model": ctx.route.name,
            "system_fingerprint": None,
        }

        async def upstream_text() -> AsyncIterator[str]:
            received = False
            async for delta in deltas:
                received = True
                if delta.response_model:
                    state.response_model = delta.response_model
                if delta.finish_reason:
                    state.finish_reason = delta.finish_reason
                if delta.prompt_tokens is not None:
                    state.prompt_tokens = delta.prompt_tokens
                if delta.completion_tokens is not None:
                    state.completion_tokens = delta.completion_tokens
                if delta.text:
                    yield delta.text
            if not received:
                raise UpstreamError("the upstream ended the stream without sending any event")
            ctx.stage_ms["upstream"] = _ms(t0)
            self._end_upstream_span(
                up_span,
                response_model=state.response_model,
                finish_reason=state.finish_reason,
                prompt_tokens=state.prompt_tokens,
                completion_tokens=state.completion_tokens,
            )

        texts: AsyncIterator[str] = upstream_text()
        for stage in self.stages(ctx):
            if stage.overrides("filter_stream"):
                texts = stage.filter_stream(ctx, texts)
        pieces: list[str] = []
        error: GatewayError | None = None
        completed = False  # the final chunk was sent: anything less is not a complete answer
        try:
            yield _sse_line(
                {
                    **head,
                    "choices": [
                        {
                            "index": 0,
                            "delta": {"role": "assistant", "content": ""},
                            "finish_reason": None,
                            "logprobs": None,
                        }
                    ],
                }
            )
            async for piece in texts:
                pieces.append(piece)
                yield _sse_line(
                    {
                        **head,
                        "choices": [{"index": 0, "delta": {"content": piece}, "finish_reason": None, "logprobs": None}],
                    }
                )
            finish = ctx.finish_reason or state.finish_reason or "stop"
            yield _sse_line(
                {
                    **head,
                    "choices": [{"index": 0, "delta": {}, "finish_reason": finish, "logprobs": None}],
                    **ctx.response_fields,
                }
            )
            text = "".join(pieces)
            if state.prompt_tokens is None:
                state.prompt_tokens = _estimate_tokens("".join(str(m.get("content")) for m in ctx.outgoing_messages()))
            if state.completion_tokens is None:
                state.completion_tokens = _estimate_tokens(text)
            if include_usage:
                yield _sse_line({**head, "choices": [], "usage": _usage(state.prompt_tokens, state.completion_tokens)})
            completed = True
            yield b"data: [DONE]\n\n"
        except GatewayError as exc:
            error = exc
            if up_span.is_recording():
                self._end_upstream_span(
                    up_span,
                    response_model=None,
                    finish_reason=None,
                    prompt_tokens=None,
                    completion_tokens=None,
                    error=exc,
                )
            yield _sse_line(exc.to_body())
            yield b"data: [DONE]\n\n"
        finally:
            text = "".join(pieces)
            if error is None and not completed:
                error = ClientClosed("the client closed the stream before the answer was complete")
            if self.c.keyring:
                self.c.keyring.spend(ctx.key.name, (state.prompt_tokens or 0) + (state.completion_tokens or 0))
            self.record(
                ctx,
                status_code=error.status if error else 200,
                text=text,
                finish_reason=None if error else (ctx.finish_reason or state.finish_reason or "stop"),
                completion=state,
                error=error,
            )
            server_span.set_attribute("http.response.status_code", 200)
            server_span.end()
            if error is None:
                self._after(ctx, text)

    # -- the trace record -------------------------------------------------------------------
    def record(
        self,
        ctx: CallContext,
        *,
        status_code: int,
        text: str | None,
        finish_reason: str | None,
        completion: Completion | None,
        error: GatewayError | None = None,
    ) -> None:
        if error is not None:
            status = "blocked" if error.code == "content_filter" else "error"
        elif finish_reason == "content_filter":
            status = "review" if any(v.get("action") == "review" for v in ctx.guardrails) else "filtered"
        else:
            status = "ok"
        prompt = ctx.prompt or {}
        record = {
            "trace_id": ctx.trace_id,
            "created_at": datetime.fromtimestamp(ctx.request_time, UTC),
            "route": ctx.route.name,
            "key_name": ctx.key.name,
            "user": ctx.user,
            "model": ctx.upstream_model,
            "response_model": completion.response_model if completion else None,
            "stream": ctx.stream,
            "request_messages": ctx.messages,
            "upstream_messages": ctx.upstream_messages,
            "request_params": ctx.params,
            "response_text": text,
            "finish_reason": finish_reason,
            "status": status,
            "status_code": status_code,
            "error": error.message if error else None,
            "prompt_tokens": completion.prompt_tokens if completion else None,
            "completion_tokens": completion.completion_tokens if completion else None,
            "latency_ms": _ms(ctx.started),
            "stage_ms": ctx.stage_ms,
            "prompt_name": prompt.get("name"),
            "prompt_version": prompt.get("version"),
            "prompt_hash": prompt.get("hash"),
            "prompt_role": prompt.get("role"),
            "parent_trace_id": ctx.parent_trace_id,
            "guardrails": ctx.guardrails or None,
            "retrieval": [dict(s.citation(), text=s.text, entitlement=s.entitlement) for s in ctx.sources] or None,
            "restricted_groups": sorted({s.entitlement for s in ctx.sources if s.entitlement}) or None,
            "score_state": "pending" if status == "ok" and text else None,
            "extra": {"metadata": ctx.metadata} if ctx.metadata else None,
        }
        for key, value in ctx.record.items():  # stage-provided columns (policy_hash, retrieval, …)
            record[key] = value
        self.c.writer.submit(record)


def _usage(prompt_tokens, completion_tokens) -> dict:
    p, c = prompt_tokens or 0, completion_tokens or 0
    return {"prompt_tokens": p, "completion_tokens": c, "total_tokens": p + c}


def _sse_line(obj: dict) -> bytes:
    return b"data: " + orjson.dumps(obj) + b"\n\n"
