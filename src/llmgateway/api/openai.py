"""The OpenAI-compatible surface: /v1/chat/completions, /v1/models, /v1/embeddings."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable

from fastapi import APIRouter, Request
from fastapi.responses import Response, StreamingResponse
from opentelemetry.trace import SpanKind, Status, StatusCode

from ..components import Components
from ..errors import GatewayError, InternalError, PermissionDenied, RouteNotFound
from ..executor import Executor
from ..pipeline import CallContext
from ..tracing.otel import trace_id_hex
from .auth import caller, may_call
from .http import error_response, json_response, read_json
from .requests import validate_chat, validate_embeddings
from .schemas import CHAT_COMPLETION_REQUEST, EMBEDDINGS_REQUEST, json_body

log = logging.getLogger("llmgateway.api")


def experiment_id(metadata: dict) -> str | None:
    """``metadata.experiment_id``: an eval run (evals/) tags its calls with its experiment."""
    value = metadata.get("experiment_id") if isinstance(metadata, dict) else None
    return value[:32] if isinstance(value, str) and value else None


class OpenAIRouter(APIRouter):
    """The /v1 routes, and the handlers the ``FastPath`` serves without FastAPI's middleware."""

    def __init__(self) -> None:
        super().__init__()
        self.hot_handlers: dict[tuple[str, str], Callable[[Request], Awaitable[Response]]] = {}


def router(components: Components, executor: Executor) -> OpenAIRouter:
    api = OpenAIRouter()
    settings = components.settings
    tracer = components.tracer
    max_body = settings.server.max_body_bytes

    def refused(trace_id, request, error, key, body, request_time, started) -> None:
        components.refusals.refused(
            trace_id,
            path=request.url.path,
            error=error,
            key_name=key.name if key is not None else None,
            body=body,
            request_time=request_time,
            started=started,
        )

    def resolve_route(name: str, key):
        route = settings.route(name)
        if route is None:
            raise RouteNotFound(
                f"unknown model '{name}'; available routes: {', '.join(r.name for r in settings.routes) or '(none)'}",
                param="model",
            )
        if not may_call(key, name):
            raise PermissionDenied(f"key '{key.name}' may not use route '{name}'", param="model")
        return route

    @api.post("/v1/chat/completions", openapi_extra=json_body(CHAT_COMPLETION_REQUEST))
    async def chat_completions(request: Request):
        span = tracer.start_span("POST /v1/chat/completions", kind=SpanKind.SERVER)
        trace_id = trace_id_hex(span)
        streaming = False
        started, request_time = time.perf_counter(), time.time()
        key = body = ctx = None
        try:
            key = await caller(request, components)
            body = await read_json(request, max_body)
            model, messages, params, stream = validate_chat(body)
            route = resolve_route(model, key)
            if components.limiter is not None:
                await components.limiter.check(key, route)
            metadata = body.get("metadata") or {}
            ctx = CallContext(
                trace_id=trace_id,
                route=route,
                key=key,
                messages=messages,
                params=params,
                stream=stream,
                user=body.get("user"),
                metadata=metadata,
                experiment_id=experiment_id(metadata),
                upstream_model=route.model,
                request_time=request_time,
            )
            span.set_attribute("llmgateway.route", route.name)
            if key.name:
                span.set_attribute("llmgateway.key", key.name)
            if stream:
                events = await executor.open_stream(ctx, span)
                streaming = True  # the stream ends the span
                return StreamingResponse(
                    events,
                    media_type="text/event-stream",
                    headers={"x-trace-id": trace_id, "cache-control": "no-cache"},
                )
            result = await executor.complete(ctx, span)
            span.set_attribute("http.response.status_code", 200)
            return json_response(result, 200, trace_id)
        except GatewayError as exc:
            span.set_attribute("http.response.status_code", exc.status)
            span.set_status(Status(StatusCode.ERROR, exc.message))
            if ctx is None:  # refused before it became a call: the executor has recorded nothing
                refused(trace_id, request, exc, key, body, request_time, started)
            return error_response(exc, trace_id)
        except Exception as exc:  # a bug: answered with the trace id, recorded, logged with it
            log.error("unexpected error on POST /v1/chat/completions (trace id %s)", trace_id, exc_info=exc)
            error = InternalError(trace_id)
            span.set_status(Status(StatusCode.ERROR, error.message))
            refused(trace_id, request, error, key, body, request_time, started)
            return error_response(error, trace_id)
        finally:
            if not streaming:
                span.end()

    @api.get("/v1/models")
    async def list_models(request: Request):
        key = await caller(request, components)
        routes = [r for r in settings.routes if may_call(key, r.name)]
        return json_response(
            {
                "object": "list",
                "data": [
                    {
                        "id": r.name,
                        "object": "model",
                        "created": 0,
                        "owned_by": "llmgateway",
                        "description": r.description,
                    }
                    for r in routes
                ],
            }
        )

    @api.post("/v1/embeddings", openapi_extra=json_body(EMBEDDINGS_REQUEST))
    async def embeddings(request: Request):
        span = tracer.start_span("POST /v1/embeddings", kind=SpanKind.SERVER)
        trace_id = trace_id_hex(span)
        started, request_time = time.perf_counter(), time.time()
        key = body = None
        try:
            key = await caller(request, components)
            body = await read_json(request, max_body)
            model, inputs = validate_embeddings(body)
            embedder = components.embedder
            if model in (embedder.name, f"sentence-transformers/{embedder.name}", "local-embeddings"):
                if components.limiter is not None:
                    await components.limiter.check(key)
                # callers' texts stay out of the shared cache the request path relies on
                vectors = await asyncio.to_thread(embedder.embed, inputs, cache=False)
                tokens = sum(len(t.split()) for t in inputs)
                return json_response(
                    {
                        "object": "list",
                        "model": embedder.name,
                        "data": [
                            {"object": "embedding", "index": i, "embedding": v.tolist()} for i, v in enumerate(vectors)
                        ],
                        "usage": {"prompt_tokens": tokens, "total_tokens": tokens},
                    },
                    200,
                    trace_id,
                )
            route = settings.route(model)
            group = route.model if route else model
            if group not in components.upstream.groups:
                raise RouteNotFound(
                    f"unknown embedding model '{model}'; use '{embedder.name}' (local) or a route", param="model"
                )
            if key.routes is not None or not may_call(key, model):  # limited keys embed through their routes
                if route is None:
                    raise PermissionDenied(f"key '{key.name}' may only use its routes", param="model")
                resolve_route(model, key)
            if components.limiter is not None:  # after the permission checks: a refusal spends no token
                await components.limiter.check(key, route)
            return json_response(await components.upstream.embed(group, inputs), 200, trace_id)
        except GatewayError as exc:
            span.set_status(Status(StatusCode.ERROR, exc.message))
            if exc.status < 500:
                refused(trace_id, request, exc, key, body, request_time, started)
            return error_response(exc, trace_id)
        finally:
            span.end()

    api.hot_handlers[("POST", "/v1/chat/completions")] = chat_completions
    return api
