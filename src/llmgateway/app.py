"""``create_app(settings, ...)``: the FastAPI application with its dependencies injected.

Start-up order: evaluation store (migrated) → key ring → stage plugins (a route whose stages fail
to build refuses the start) → trace writer → plugin services → model warm-up and the local model
(both in the background, so /healthz answers meanwhile; /readyz waits for them).
"""

from __future__ import annotations

import asyncio
import gc
import logging
import socket
import time
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as SQLAlchemyTimeout
from starlette.exceptions import HTTPException as StarletteHTTPException

from .components import Components
from .config import Settings
from .errors import ConfigError, GatewayError, InternalError, InvalidRequest, NotFound, StoreUnavailable
from .executor import Executor
from .fleet.limits import Limiter
from .fleet.propagation import Propagator
from .localmodel import LocalModelServer
from .plugins import DetachedCall, Plugin, load_plugins
from .store.db import EvaluationStore
from .store.keys import KeyRing
from .store.quarantine import describe
from .store.writer import TraceWriter
from .tracing.otel import make_tracer_provider, new_trace_id
from .tracing.refusals import RefusalRecorder
from .warmup import WarmUp

log = logging.getLogger("llmgateway")


def build_stages(
    settings: Settings, components: Components, plugins: list[Plugin], run_detached: DetachedCall | None
) -> dict[str, list]:
    """Build every route's stages now, so a bad route or policy stops the start-up."""
    by_key = {p.route_key: p for p in plugins if p.route_key}
    stages: dict[str, list] = {}
    for route in settings.routes:
        built = []
        for key in ("prompt", "policies", "rag"):
            value = getattr(route, key)
            if not value:
                continue
            plugin = by_key.get(key)
            if plugin is None or plugin.build_stage is None:
                raise ConfigError(
                    f"route '{route.name}' sets '{key}' but no installed capability handles it",
                    file=settings.config_file,
                    key=f"routes.{route.name}.{key}",
                )
            stage = plugin.build_stage(route, components, run_detached)
            if stage is not None:
                built.append((plugin.order, stage))
        stages[route.name] = [s for _, s in sorted(built, key=lambda t: t[0])]
    return stages


def create_app(
    settings: Settings,
    *,
    store: EvaluationStore | None = None,
    plugins: list[Plugin] | None = None,
    span_exporter=None,
    upstream=None,
    embedder=None,
    start_local_model: bool = True,
):
    from .upstream import Upstream

    store = store or EvaluationStore(settings.store_url)
    provider = make_tracer_provider(settings, span_exporter)
    plugins = load_plugins() if plugins is None else plugins
    components = Components(
        settings,
        store=store,
        upstream=upstream or Upstream(settings),
        keyring=KeyRing(
            store,
            refresh_s=settings.fleet.key_refresh_s,
            ttl_s=settings.fleet.key_cache_ttl_s,
            max_keys=settings.fleet.key_cache_size,
        ),
        tracer=provider.get_tracer("llmgateway"),
        embedder=embedder,
        plugins=plugins,
    )
    components.tracer_provider = provider
    components.writer = TraceWriter(
        store,
        settings.spill_path,
        queue_size=settings.store.queue_size,
        batch_size=settings.store.batch_size,
        flush_interval_ms=settings.store.flush_interval_ms,
    )
    components.writer.on_tokens_flushed = components.keyring.flushed
    components.limiter = Limiter(components.keyring, settings.redis, settings.fleet.size)
    components.replica = settings.fleet.replica or f"{socket.gethostname()}:{settings.server.port}"
    components.propagator = Propagator(components, components.replica)
    components.refusals = RefusalRecorder(
        components.writer, rate=settings.store.refused_per_s, burst=settings.store.refused_burst
    )
    executor = Executor(components)
    executor.set_stages(build_stages(settings, components, plugins, executor.execute_detached))
    local_model = (
        LocalModelServer(settings.local_model, settings.data_dir / "logs" / "model-server.log")
        if settings.local_model.enabled and start_local_model
        else None
    )
    components.local_model = local_model
    components.warmup = WarmUp(plugins)

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        if not settings.auth.required:
            log.warning(
                "AUTH IS DISABLED (auth.required: false): any caller can use every route. "
                "Allowed for the local demo only."
            )
        await components.keyring.start()
        await components.limiter.start()
        await components.writer.start()
        for plugin in plugins:
            if plugin.start:
                await plugin.start(components)
        await components.propagator.start()
        model_task = asyncio.create_task(local_model.start()) if local_model else None
        warm_task = asyncio.create_task(components.warmup.run(components), name="warm-up")
        flood_task = asyncio.create_task(_flush_refusal_summaries(components.refusals), name="refusal-summaries")
        # Everything built so far lives as long as the process: keep it out of the cyclic GC's
        # scans, which otherwise grow with every imported library (torch, chromadb, litellm).
        gc.collect()
        gc.freeze()
        try:
            yield
        finally:
            for plugin in reversed(plugins):
                if plugin.stop:
                    await plugin.stop(components)
            await components.propagator.stop()
            await components.drain_background(10)
            flood_task.cancel()
            components.refusals.flush_summary(force=True)
            await components.writer.stop()
            await components.limiter.stop()
            await components.keyring.stop()
            await components.upstream.close()
            warm_task.cancel()
            if model_task:
                model_task.cancel()
            if local_model:
                local_model.stop()
            provider.shutdown()

    # With auth on, the API description is for admins only and the browsable /docs is off (a
    # browser page cannot send the admin key); with auth off (the local demo) both are open.
    open_docs = not settings.auth.required
    app = FastAPI(
        title="llmgateway",
        version="0.1.0",
        lifespan=lifespan,
        docs_url="/docs" if open_docs else None,
        openapi_url="/openapi.json" if open_docs else None,
        redoc_url=None,
    )
    app.state.components = components
    app.state.executor = executor
    install_error_handlers(app, components)

    from .api import health, openai, traces
    from .api.auth import require_role

    if not open_docs:

        @app.get("/openapi.json", include_in_schema=False)
        async def admin_openapi(request: Request):
            await require_role(request, components, "admin")
            return JSONResponse(app.openapi())

    from .api.fastpath import FastPath

    openai_router = openai.router(components, executor)
    app.include_router(openai_router)
    app.include_router(traces.router(components))
    app.include_router(health.router(components))
    for plugin in plugins:
        if plugin.routers:
            for extra in plugin.routers(components):
                app.include_router(extra)
    return FastPath(app, openai_router.hot_handlers)


ACCESS_REFUSALS = frozenset({401, 403, 413})


async def _flush_refusal_summaries(refusals: RefusalRecorder) -> None:
    while True:
        await asyncio.sleep(1.0)
        refusals.flush_summary()


def install_error_handlers(app: FastAPI, components: Components) -> None:
    from .api.http import error_response

    @app.exception_handler(GatewayError)
    async def gateway_error(request: Request, exc: GatewayError):
        if exc.status in ACCESS_REFUSALS:  # attempts on /api/* are audit material too
            trace_id = new_trace_id()
            components.refusals.refused(
                trace_id,
                path=request.url.path,
                error=exc,
                request_time=time.time(),
                started=time.perf_counter(),
            )
            return error_response(exc, trace_id)
        return error_response(exc)

    @app.exception_handler(OperationalError)
    @app.exception_handler(InterfaceError)
    @app.exception_handler(SQLAlchemyTimeout)
    async def store_unavailable(request: Request, exc: Exception):
        log.warning("evaluation store unreachable on %s %s: %s", request.method, request.url.path, describe(exc))
        return error_response(
            StoreUnavailable("the evaluation store is unreachable; retry shortly (/readyz shows the store's state)")
        )

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError):
        first = exc.errors()[0] if exc.errors() else {}
        param = ".".join(str(p) for p in first.get("loc", ())[1:]) or None
        return error_response(InvalidRequest(f"{param or 'request'}: {first.get('msg', 'invalid')}", param=param))

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):
        if exc.status_code == 404:
            return error_response(NotFound(f"no such endpoint: {request.method} {request.url.path}"))
        if exc.status_code == 405:
            return error_response(
                GatewayError(
                    f"method {request.method} not allowed on {request.url.path}",
                    status=405,
                    type="invalid_request_error",
                    code="method_not_allowed",
                )
            )
        return error_response(GatewayError(str(exc.detail), status=exc.status_code, type="invalid_request_error"))

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception):
        trace_id = new_trace_id()
        log.error("unexpected error on %s %s (trace id %s)", request.method, request.url.path, trace_id, exc_info=exc)
        error = InternalError(trace_id)
        components.refusals.refused(
            trace_id, path=request.url.path, error=error, request_time=time.time(), started=time.perf_counter()
        )
        return error_response(error, trace_id)
