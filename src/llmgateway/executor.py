"""Runs one call through its route's stages and the upstream, and records the trace.

The API layer authenticates, validates and opens the server span; the ``Executor`` does the rest:
stage passes (see pipeline.py), the upstream call as a GenAI span, output checks (non-streamed) or
stream filters (streamed), the response body, and one trace record handed to the writer's queue.
"""

from __future__ import annotations

import logging
import time
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import orjson
from opentelemetry import trace
from opentelemetry.trace import SpanKind, Status, StatusCode

from .call_record import response_fields, trace_row
from .components import Components
from .errors import ClientClosed, GatewayError, UpstreamError
from .pipeline import BaseStage, CallContext, Stage
from .tracing.otel import set_attributes
from .upstream import Completion, StreamDelta

log = logging.getLogger("llmgateway.executor")


def _ms(since: float) -> float:
    return round((time.perf_counter() - since) * 1000, 3)


def _estimate_tokens(text: str) -> int:
    return max(1, len(text) // 4) if text else 0


@dataclass
class RoutePlan:
    """A route's stages grouped by the passes they implement, in stage order (built once)."""

    prepare: list[Stage] = field(default_factory=list)
    compose: list[Stage] = field(default_factory=list)
    check_output: list[Stage] = field(default_factory=list)
    filter_stream: list[Stage] = field(default_factory=list)
    after_response: list[Stage] = field(default_factory=list)

    @classmethod
    def of(cls, stages: list[Stage]) -> RoutePlan:
        plan = cls()
        for stage in stages:
            for pass_name in ("prepare", "compose", "check_output", "filter_stream", "after_response"):
                if _overrides(stage, pass_name):
                    getattr(plan, pass_name).append(stage)
        return plan


def _overrides(stage: Stage, pass_name: str) -> bool:
    """A ``BaseStage`` runs only the passes it overrides; any other ``Stage`` runs all five."""
    return not isinstance(stage, BaseStage) or getattr(type(stage), pass_name) is not getattr(BaseStage, pass_name)


_NO_STAGES = RoutePlan()


class Executor:
    def __init__(self, components: Components, stages_by_route: dict[str, list[Stage]] | None = None):
        self.c = components
        self.tracer = components.tracer
        self.plans: dict[str, RoutePlan] = {}
        self.set_stages(stages_by_route or {})

    def set_stages(self, stages_by_route: dict[str, list[Stage]]) -> None:
        """The routes' stages, built after the executor so a stage can be handed ``execute_detached``."""
        self.plans = {route: RoutePlan.of(stages) for route, stages in stages_by_route.items()}

    def plan(self, ctx: CallContext) -> RoutePlan:
        return self.plans.get(ctx.route.name, _NO_STAGES)

    # -- stage passes --------------------------------------------------------------------
    @contextmanager
    def _stage_pass(self, ctx: CallContext, parent_context, stage: Stage, pass_name: str) -> Iterator[None]:
        """A child span and one timing (``stage_ms["<stage>.<pass>"]``) around one stage pass."""
        name = f"{stage.name}.{pass_name}"
        t0 = time.perf_counter()
        try:
            with self.tracer.start_as_current_span(name, context=parent_context) as span:
                span.set_attribute("llmgateway.stage", stage.name)
                yield
        finally:
            ctx.stage_ms[name] = _ms(t0)

    async def _prepare(self, ctx: CallContext, parent) -> None:
        plan = self.plan(ctx)
        pctx = trace.set_span_in_context(parent)
        try:
            for stage in plan.prepare:
                with self._stage_pass(ctx, pctx, stage, "prepare"):
                    await stage.prepare(ctx)
            for stage in plan.compose:
                with self._stage_pass(ctx, pctx, stage, "compose"):
                    await stage.compose(ctx)
        finally:
            if ctx.prompt is not None:  # the prompt that produced the answer, on the request's span
                set_attributes(parent, ctx.prompt.span_attributes())

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
            ctx.completion = completion
            self._end_upstream_span(
                span,
                response_model=completion.response_model,
                finish_reason=completion.finish_reason,
                prompt_tokens=completion.prompt_tokens,
                completion_tokens=completion.completion_tokens,
            )
            text = completion.text
            pctx = trace.set_span_in_context(server_span)
            for stage in self.plan(ctx).check_output:
                with self._stage_pass(ctx, pctx, stage, "check_output"):
                    text = await stage.check_output(ctx, text)
        except GatewayError as exc:
            self.record(ctx, status_code=exc.status, text=None, finish_reason=None, error=exc)
            raise
        finish = ctx.finish_reason or completion.finish_reason or "stop"
        if ctx.parent_trace_id is None:  # a shadow call is the firm's cost, not the caller's
            self.c.spend(ctx.key.name, (completion.prompt_tokens or 0) + (completion.completion_tokens or 0))
        self.record(ctx, status_code=200, text=text, finish_reason=finish)
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
            **response_fields(ctx),
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
        for stage in self.plan(ctx).after_response:
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
            self.record(ctx, status_code=exc.status, text=None, finish_reason=None, error=exc)
            raise
        return self._sse(ctx, server_span, span, deltas, t0)

    async def _sse(self, ctx: CallContext, server_span, up_span, deltas: AsyncIterator[StreamDelta], t0: float):
        state = ctx.completion = Completion(text="", finish_reason=None)
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
        for stage in self.plan(ctx).filter_stream:
            texts = _timed_filter(ctx, stage, texts)
        pieces: list[str] = []
        error: GatewayError | None = None
        completed = False  # the final chunk was sent: anything less is not a complete answer
        recorded = False

        def close_call() -> None:
            """Spend, trace and close the call once. Called before ``[DONE]`` too: a client that hangs
            up on ``[DONE]`` may leave this generator to be finalised late — during a replica's
            shutdown, after the trace writer has stopped."""
            nonlocal recorded, error
            if recorded:
                return
            recorded = True
            text = "".join(pieces)
            if error is None and not completed:
                error = ClientClosed("the client closed the stream before the answer was complete")
            self.c.spend(ctx.key.name, (state.prompt_tokens or 0) + (state.completion_tokens or 0))
            self.record(
                ctx,
                status_code=error.status if error else 200,
                text=text,
                finish_reason=None if error else (ctx.finish_reason or state.finish_reason or "stop"),
                error=error,
            )
            server_span.set_attribute("http.response.status_code", 200)
            server_span.end()
            if error is None:
                self._after(ctx, text)

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
                    **response_fields(ctx),
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
            close_call()
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
            close_call()
            yield _sse_line(exc.to_body())
            yield b"data: [DONE]\n\n"
        finally:
            close_call()

    # -- the trace record -------------------------------------------------------------------
    def record(
        self,
        ctx: CallContext,
        *,
        status_code: int,
        text: str | None,
        finish_reason: str | None,
        error: GatewayError | None = None,
    ) -> None:
        """Hand the call's ``Trace`` row (call_record.trace_row: the one mapping from the outcome
        slots to the columns) to the writer's queue. The writer refuses a key that is no column."""
        self.c.writer.submit(
            trace_row(ctx, status_code=status_code, text=text, finish_reason=finish_reason, error=error)
        )


class _Clock:
    seconds = 0.0


async def _clocked(pieces: AsyncIterator[str], clock: _Clock) -> AsyncIterator[str]:
    """``pieces`` as they come, adding the time spent waiting for each one to ``clock``."""
    iterator = pieces.__aiter__()
    while True:
        t0 = time.perf_counter()
        try:
            piece = await iterator.__anext__()
        except StopAsyncIteration:
            return
        finally:
            clock.seconds += time.perf_counter() - t0
        yield piece


async def _timed_filter(ctx: CallContext, stage: Stage, texts: AsyncIterator[str]) -> AsyncIterator[str]:
    """``stage.filter_stream`` with its own time recorded as ``stage_ms["<stage>.filter_stream"]``:
    the time spent inside the filter minus the time it spent waiting for the pieces it filters."""
    waited, spent = _Clock(), _Clock()
    try:
        async for piece in _clocked(stage.filter_stream(ctx, _clocked(texts, waited)), spent):
            yield piece
    finally:
        ctx.stage_ms[f"{stage.name}.filter_stream"] = round((spent.seconds - waited.seconds) * 1000, 3)


def _usage(prompt_tokens, completion_tokens) -> dict:
    p, c = prompt_tokens or 0, completion_tokens or 0
    return {"prompt_tokens": p, "completion_tokens": c, "total_tokens": p + c}


def _sse_line(obj: dict) -> bytes:
    return b"data: " + orjson.dumps(obj) + b"\n\n"
